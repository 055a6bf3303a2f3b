-- 008: per-company and partner-pair aggregates over deal_events, rebuilt with the events,
-- so v_company_deals and v_partner_pairs stay instant on warehouses of millions of deals.

CREATE TABLE trend_company_deals (
    company           VARCHAR PRIMARY KEY,
    deals             BIGINT,
    counterparties    BIGINT,
    partnerships      BIGINT,
    investments       BIGINT,
    acquisitions      BIGINT,
    contracts         BIGINT,
    deals_with_amount BIGINT,
    usd_disclosed     DOUBLE,
    jpy_disclosed     DOUBLE,
    first_deal        DATE,
    last_deal         DATE
);

CREATE TABLE trend_partner_pairs (
    company_a     VARCHAR NOT NULL,
    company_b     VARCHAR NOT NULL,
    deals         BIGINT,
    types         VARCHAR[],
    usd_disclosed DOUBLE,
    first_deal    DATE,
    last_deal     DATE,
    PRIMARY KEY (company_a, company_b)
);
