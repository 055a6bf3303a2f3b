-- Trend views. Recreated on every read-write open, so they always match the code.
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

CREATE OR REPLACE VIEW v_deals_per_month_by_type AS
SELECT
    month,
    type,
    count(*) AS deals,
    count(amount_value) AS deals_with_amount,
    sum(amount_value) FILTER (WHERE amount_currency = 'USD') AS usd_disclosed,
    sum(coalesce(amount_jpy, amount_value)) FILTER (WHERE amount_currency = 'JPY') AS jpy_disclosed
FROM v_deals
WHERE status <> 'denied'
GROUP BY month, type
ORDER BY month, type;

CREATE OR REPLACE VIEW v_company_deals AS
WITH party AS (
    SELECT p.company, d.*
    FROM deal_parties p JOIN v_deals d USING (deal_id)
    WHERE d.status <> 'denied'
),
counterparty AS (
    SELECT p1.company, count(DISTINCT p2.company) AS counterparties
    FROM deal_parties p1 JOIN deal_parties p2 ON p1.deal_id = p2.deal_id AND p1.company <> p2.company
    GROUP BY p1.company
)
SELECT
    party.company,
    count(*) AS deals,
    coalesce(any_value(c.counterparties), 0) AS counterparties,
    count(*) FILTER (WHERE type = 'partnership') AS partnerships,
    count(*) FILTER (WHERE type = 'investment') AS investments,
    count(*) FILTER (WHERE type = 'acquisition') AS acquisitions,
    count(*) FILTER (WHERE type = 'contract') AS contracts,
    count(amount_value) AS deals_with_amount,
    sum(amount_value) FILTER (WHERE amount_currency = 'USD') AS usd_disclosed,
    sum(amount_value) FILTER (WHERE amount_currency = 'JPY') AS jpy_disclosed,
    min(event_date) AS first_deal,
    max(event_date) AS last_deal
FROM party
LEFT JOIN counterparty c USING (company)
GROUP BY party.company
ORDER BY deals DESC, party.company;

CREATE OR REPLACE VIEW v_partner_pairs AS
SELECT
    least(p1.company, p2.company) AS company_a,
    greatest(p1.company, p2.company) AS company_b,
    count(DISTINCT p1.deal_id) AS deals,
    list(DISTINCT d.type ORDER BY d.type) AS types,
    min(d.event_date) AS first_deal,
    max(d.event_date) AS last_deal
FROM deal_parties p1
JOIN deal_parties p2 ON p1.deal_id = p2.deal_id AND p1.company < p2.company
JOIN v_deals d ON d.deal_id = p1.deal_id
GROUP BY ALL
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
