-- Views. Re-created by a read-write open whenever this file changed, so they always match the code.
-- Months and weeks use the deal's own date when the text gave one, else the article's date.

CREATE OR REPLACE VIEW v_deals AS
SELECT
    d.deal_id,
    d.type,
    d.status,
    d.amount_value,
    d.amount_high,
    d.amount_currency,
    d.amount_qualifier,
    d.amount_jpy,
    d.deal_date,
    coalesce(d.deal_date_start, a.published_date) AS event_date,
    date_trunc('month', coalesce(d.deal_date_start, a.published_date))::DATE AS month,
    p.parties,
    d.evidence,
    a.article_id,
    a.source,
    a.title AS article_title,
    a.url AS article_url,
    a.published_date
FROM deals d
JOIN articles a USING (article_id)
LEFT JOIN (SELECT deal_id, list(company ORDER BY position) AS parties FROM deal_parties GROUP BY deal_id) p
    USING (deal_id);

-- Trend views count deal events (one real-world deal, however many articles reported it).
CREATE OR REPLACE VIEW v_deal_events AS
SELECT
    e.*,
    CAST(date_trunc('month', e.event_date) AS DATE) AS month
FROM deal_events e;

CREATE OR REPLACE VIEW v_deals_per_month_by_type AS
SELECT
    month,
    type,
    count(*) AS deals,
    count(amount_value) AS deals_with_amount,
    sum(amount_usd) AS usd_disclosed,
    sum(amount_value) FILTER (WHERE amount_currency = 'JPY') AS jpy_disclosed,
    sum(articles) AS articles
FROM v_deal_events
WHERE month IS NOT NULL
GROUP BY month, type
ORDER BY month, type;

-- Per company: deals (events), distinct counterparties, deals by type, disclosed amounts.
CREATE OR REPLACE VIEW v_company_deals AS
SELECT * FROM trend_company_deals ORDER BY deals DESC, company;

-- Network edges: pairs of companies with the number and types of their deals.
CREATE OR REPLACE VIEW v_partner_pairs AS
SELECT * FROM trend_partner_pairs ORDER BY deals DESC, company_a, company_b;

CREATE OR REPLACE VIEW v_company_mentions_weekly AS
SELECT
    date_trunc('week', a.published_date)::DATE AS week,
    c.company,
    count(*) AS articles,
    sum(c.mentions) AS mentions
FROM article_companies c
JOIN articles a USING (article_id)
WHERE a.published_date IS NOT NULL
GROUP BY ALL
ORDER BY week DESC, articles DESC, c.company;

CREATE OR REPLACE VIEW v_fetch_outcomes AS
SELECT run_id, source, purpose, outcome, count(*) AS fetches, sum(bytes) AS bytes
FROM fetches
GROUP BY ALL
ORDER BY run_id, source, purpose, outcome;

CREATE OR REPLACE VIEW v_term_weekly AS
SELECT * FROM trend_term_weekly ORDER BY week DESC, articles DESC, term;
