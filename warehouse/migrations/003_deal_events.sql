-- 003: deal events across articles, and the exchange rates that put amounts in USD.

-- USD per unit of each currency, per month. Seeded with APPROXIMATE annual averages for
-- 2023-2026 (one value per year, repeated for its months). Replace or extend them with your
-- own monthly rates (DELETE / INSERT rows); views and deal_events pick them up.
CREATE TABLE fx_rates (
    month        DATE NOT NULL,
    currency     VARCHAR NOT NULL,
    usd_per_unit DOUBLE NOT NULL,
    PRIMARY KEY (month, currency)
);

INSERT INTO fx_rates
SELECT CAST(m AS DATE), r.currency, r.usd_per_unit
FROM range(DATE '2023-01-01', DATE '2027-01-01', INTERVAL 1 MONTH) AS t(m)
JOIN (VALUES
    (2023, 'USD', 1.0), (2023, 'JPY', 0.00712), (2023, 'EUR', 1.082), (2023, 'GBP', 1.244), (2023, 'CNY', 0.1412),
    (2024, 'USD', 1.0), (2024, 'JPY', 0.00661), (2024, 'EUR', 1.082), (2024, 'GBP', 1.278), (2024, 'CNY', 0.1389),
    (2025, 'USD', 1.0), (2025, 'JPY', 0.00667), (2025, 'EUR', 1.130), (2025, 'GBP', 1.320), (2025, 'CNY', 0.1390),
    (2026, 'USD', 1.0), (2026, 'JPY', 0.00667), (2026, 'EUR', 1.150), (2026, 'GBP', 1.330), (2026, 'CNY', 0.1400)
) AS r(year, currency, usd_per_unit) ON year(m) = r.year;

-- One row per real-world deal, however many articles reported it. Rebuilt after every load
-- and reprocess (warehouse/events.sql); the matching rule is in the README.
CREATE TABLE deal_events (
    event_id         VARCHAR PRIMARY KEY,
    type             VARCHAR NOT NULL,
    parties          VARCHAR[] NOT NULL,
    status           VARCHAR,
    event_date       DATE,
    deal_date        VARCHAR,
    amount_value     DOUBLE,
    amount_high      DOUBLE,
    amount_currency  VARCHAR,
    amount_qualifier VARCHAR,
    amount_usd       DOUBLE,
    first_reported   DATE,
    last_reported    DATE,
    articles         INTEGER,
    article_ids      VARCHAR[],
    deal_ids         VARCHAR[]
);
