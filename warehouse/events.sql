-- Rebuild deal_events: deals of the same type between the same set of companies whose
-- event dates lie within 30 days of the previous report are one event.
DELETE FROM deal_events;

INSERT INTO deal_events
WITH d AS (
    SELECT
        d.deal_id, d.article_id, d.type, d.status, d.amount_value, d.amount_high, d.amount_currency,
        d.amount_qualifier, d.deal_date, d.deal_date_precision,
        coalesce(d.deal_date_start, a.published_date) AS event_date,
        a.published_date,
        (SELECT list(p.company ORDER BY p.company) FROM deal_parties p WHERE p.deal_id = d.deal_id) AS parties
    FROM deals d JOIN articles a USING (article_id)
    WHERE d.status <> 'denied'
),
keyed AS (
    SELECT *, array_to_string(parties, '|') AS party_key FROM d WHERE len(parties) > 0
),
marked AS (
    SELECT *,
        CASE WHEN event_date - lag(event_date) OVER w > 30 THEN 1 ELSE 0 END AS starts_event
    FROM keyed
    WINDOW w AS (PARTITION BY type, party_key ORDER BY event_date NULLS FIRST, deal_id)
),
numbered AS (
    SELECT *,
        sum(starts_event) OVER (PARTITION BY type, party_key ORDER BY event_date NULLS FIRST, deal_id
                                ROWS UNBOUNDED PRECEDING) AS n
    FROM marked
),
events AS (
    SELECT
        type, party_key, n,
        any_value(parties) AS parties,
        CASE WHEN bool_or(status = 'announced') THEN 'announced' ELSE 'rumor' END AS status,
        -- the most precise date any article gave, the earliest among equals
        arg_min(deal_date, (CASE deal_date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 WHEN 'year' THEN 2
                                 ELSE 3 END, event_date)) AS deal_date,
        min(event_date) AS event_date,
        -- the most exact amount any article gave (exact, then approx, ...), the earliest among equals
        arg_min(struct_pack(v := amount_value, h := amount_high, c := amount_currency, q := amount_qualifier),
                (CASE amount_qualifier WHEN 'exact' THEN 0 WHEN 'approx' THEN 1 WHEN 'at_least' THEN 2
                                       WHEN 'up_to' THEN 3 ELSE 4 END, published_date, deal_id))
            FILTER (WHERE amount_value IS NOT NULL) AS amount,
        min(published_date) AS first_reported,
        max(published_date) AS last_reported,
        count(DISTINCT article_id) AS articles,
        list(DISTINCT article_id ORDER BY article_id) AS article_ids,
        list(deal_id ORDER BY deal_id) AS deal_ids
    FROM numbered
    GROUP BY type, party_key, n
)
-- The rate of the event's month; months outside the table use its first or last month.
, bounds AS (SELECT min(month) AS lo, max(month) AS hi FROM fx_rates)
SELECT
    md5(e.type || '|' || e.party_key || '|' || coalesce(CAST(e.event_date AS VARCHAR), '')) AS event_id,
    e.type, e.parties, e.status, e.event_date, e.deal_date,
    e.amount.v, e.amount.h, e.amount.c, e.amount.q,
    e.amount.v * r.usd_per_unit,
    e.first_reported, e.last_reported, e.articles, e.article_ids, e.deal_ids
FROM events e
CROSS JOIN bounds b
LEFT JOIN fx_rates r
    ON r.currency = e.amount.c
   AND r.month = least(greatest(CAST(date_trunc('month', coalesce(e.event_date, b.hi)) AS DATE), b.lo), b.hi);

DELETE FROM deal_event_parties;

INSERT INTO deal_event_parties
SELECT DISTINCT event_id, unnest(parties) AS company FROM deal_events;

-- Trend aggregates, kept as tables so the views over them answer at once on large warehouses.
DELETE FROM trend_company_deals;

INSERT INTO trend_company_deals
WITH counterparty AS (
    SELECT p1.company, count(DISTINCT p2.company) AS counterparties
    FROM deal_event_parties p1
    JOIN deal_event_parties p2 ON p1.event_id = p2.event_id AND p1.company <> p2.company
    GROUP BY p1.company
)
SELECT
    p.company,
    count(*),
    coalesce(any_value(c.counterparties), 0),
    count(*) FILTER (WHERE e.type = 'partnership'),
    count(*) FILTER (WHERE e.type = 'investment'),
    count(*) FILTER (WHERE e.type = 'acquisition'),
    count(*) FILTER (WHERE e.type = 'contract'),
    count(e.amount_value),
    sum(e.amount_usd),
    sum(e.amount_value) FILTER (WHERE e.amount_currency = 'JPY'),
    min(e.event_date),
    max(e.event_date)
FROM deal_event_parties p
JOIN deal_events e USING (event_id)
LEFT JOIN counterparty c USING (company)
GROUP BY p.company;

DELETE FROM trend_partner_pairs;

INSERT INTO trend_partner_pairs
SELECT
    a.company, b.company, count(*),
    list(DISTINCT e.type ORDER BY e.type),
    sum(e.amount_usd), min(e.event_date), max(e.event_date)
FROM deal_event_parties a
JOIN deal_event_parties b ON a.event_id = b.event_id AND a.company < b.company
JOIN deal_events e ON e.event_id = a.event_id
GROUP BY a.company, b.company;

DELETE FROM trend_term_weekly;

INSERT INTO trend_term_weekly
SELECT CAST(date_trunc('week', a.published_date) AS DATE), t.term, count(*), sum(t.n)
FROM article_terms t
JOIN articles a USING (article_id)
WHERE a.published_date IS NOT NULL
GROUP BY ALL;
