-- Views. Recreated on every read-write open, so they always match the code.
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
    (SELECT list(p.company ORDER BY p.position) FROM deal_parties p WHERE p.deal_id = d.deal_id) AS parties,
    d.evidence,
    a.article_id,
    a.source,
    a.title AS article_title,
    a.url AS article_url,
    a.published_date
FROM deals d
JOIN articles a USING (article_id);

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

CREATE OR REPLACE VIEW v_company_deals AS
WITH counterparty AS (
    SELECT p1.company, count(DISTINCT p2.company) AS counterparties
    FROM deal_event_parties p1
    JOIN deal_event_parties p2 ON p1.event_id = p2.event_id AND p1.company <> p2.company
    GROUP BY p1.company
)
SELECT
    p.company,
    count(*) AS deals,
    coalesce(any_value(c.counterparties), 0) AS counterparties,
    count(*) FILTER (WHERE e.type = 'partnership') AS partnerships,
    count(*) FILTER (WHERE e.type = 'investment') AS investments,
    count(*) FILTER (WHERE e.type = 'acquisition') AS acquisitions,
    count(*) FILTER (WHERE e.type = 'contract') AS contracts,
    count(e.amount_value) AS deals_with_amount,
    sum(e.amount_usd) AS usd_disclosed,
    sum(e.amount_value) FILTER (WHERE e.amount_currency = 'JPY') AS jpy_disclosed,
    min(e.event_date) AS first_deal,
    max(e.event_date) AS last_deal
FROM deal_event_parties p
JOIN deal_events e USING (event_id)
LEFT JOIN counterparty c USING (company)
GROUP BY p.company
ORDER BY deals DESC, p.company;

CREATE OR REPLACE VIEW v_partner_pairs AS
SELECT
    a.company AS company_a,
    b.company AS company_b,
    count(*) AS deals,
    list(DISTINCT e.type ORDER BY e.type) AS types,
    sum(e.amount_usd) AS usd_disclosed,
    min(e.event_date) AS first_deal,
    max(e.event_date) AS last_deal
FROM deal_event_parties a
JOIN deal_event_parties b ON a.event_id = b.event_id AND a.company < b.company
JOIN deal_events e ON e.event_id = a.event_id
GROUP BY a.company, b.company
ORDER BY deals DESC, company_a, company_b;

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
SELECT
    CAST(date_trunc('week', a.published_date) AS DATE) AS week,
    t.term,
    count(*) AS articles,
    sum(t.n) AS mentions
FROM article_terms t
JOIN articles a USING (article_id)
WHERE a.published_date IS NOT NULL
GROUP BY ALL
ORDER BY week DESC, articles DESC, t.term;
