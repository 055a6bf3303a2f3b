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
SELECT
    md5(type || '|' || party_key || '|' || coalesce(CAST(event_date AS VARCHAR), '')) AS event_id,
    type, parties, status, event_date, deal_date,
    amount.v, amount.h, amount.c, amount.q,
    amount.v * (SELECT r.usd_per_unit FROM fx_rates r
                WHERE r.currency = amount.c
                ORDER BY abs(date_diff('day', r.month, coalesce(e.event_date, DATE '2025-01-01'))) LIMIT 1),
    first_reported, last_reported, articles, article_ids, deal_ids
FROM events e;

DELETE FROM deal_event_parties;

INSERT INTO deal_event_parties
SELECT DISTINCT event_id, unnest(parties) AS company FROM deal_events;
