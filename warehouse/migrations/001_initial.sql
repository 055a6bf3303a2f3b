-- 001: the first schema. Every table the DESIGN names, keyed so that loads are idempotent.

CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,   -- the Prefect flow run id (or a uuid outside Prefect)
    flow_run_name   VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR,               -- ok | partial | failed
    sources_total   INTEGER,
    sources_failed  INTEGER,
    articles_new    INTEGER,
    deals_new       INTEGER,
    fetches         INTEGER,
    fetch_failures  INTEGER
);

CREATE TABLE articles (
    article_id        VARCHAR PRIMARY KEY,   -- first 16 hex digits of sha1(canonical_url)
    url               VARCHAR NOT NULL,
    canonical_url     VARCHAR NOT NULL UNIQUE,
    source            VARCHAR NOT NULL,
    title             VARCHAR,
    author            VARCHAR,
    sitename          VARCHAR,
    published_at      TIMESTAMP,
    published_date    DATE,
    text              VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL UNIQUE, -- the same text at two URLs is stored once
    chars             INTEGER,
    pages             INTEGER,
    companies         VARCHAR[],
    fetched_at        TIMESTAMP,
    loaded_at         TIMESTAMP DEFAULT current_timestamp,
    run_id            VARCHAR,
    extractor_version VARCHAR,
    tagger_version    VARCHAR
);

CREATE TABLE deals (
    deal_id             VARCHAR PRIMARY KEY,  -- sha1 of article_id + ordinal + the deal's content
    article_id          VARCHAR NOT NULL,
    ordinal             INTEGER NOT NULL,     -- position of the deal in its article
    type                VARCHAR NOT NULL CHECK (type IN ('partnership', 'investment', 'acquisition', 'contract')),
    status              VARCHAR NOT NULL DEFAULT 'announced', -- announced | rumor | denied
    amount_value        DOUBLE,               -- in units of amount_currency; low end of a range
    amount_high         DOUBLE,               -- high end, for qualifier = 'range'
    amount_currency     VARCHAR CHECK (amount_currency IN ('USD', 'JPY', 'EUR', 'CNY', 'GBP')),
    amount_qualifier    VARCHAR CHECK (amount_qualifier IN ('exact', 'approx', 'at_least', 'up_to', 'range')),
    amount_jpy          DOUBLE,               -- a yen conversion the article gave in parentheses
    deal_date           VARCHAR,              -- YYYY-MM-DD, YYYY-MM or YYYY, as precise as the text
    deal_date_start     DATE,                 -- first day of deal_date's period
    deal_date_precision VARCHAR,              -- day | month | year
    evidence            VARCHAR,
    run_id              VARCHAR,
    tagger_version      VARCHAR
);

CREATE TABLE deal_parties (
    deal_id  VARCHAR NOT NULL,
    company  VARCHAR NOT NULL,   -- canonical name (English for known companies, surface otherwise)
    role     VARCHAR,            -- investor | investee | acquirer | target | buyer | seller | partner | NULL
    known    BOOLEAN,            -- in the gazetteer
    position INTEGER,
    PRIMARY KEY (deal_id, company)
);

CREATE TABLE article_companies (
    article_id VARCHAR NOT NULL,
    company    VARCHAR NOT NULL,
    known      BOOLEAN,
    mentions   INTEGER,
    PRIMARY KEY (article_id, company)
);

CREATE SEQUENCE fetch_id_seq;

CREATE TABLE fetches (
    fetch_id   BIGINT PRIMARY KEY DEFAULT nextval('fetch_id_seq'),
    run_id     VARCHAR,
    source     VARCHAR,
    purpose    VARCHAR,       -- robots | feed | sitemap | listing | page
    url        VARCHAR NOT NULL,
    final_url  VARCHAR,
    status     INTEGER,       -- HTTP status, NULL when no response
    outcome    VARCHAR NOT NULL,
    error_kind VARCHAR GENERATED ALWAYS AS (CASE WHEN outcome IN ('ok', 'not_modified') THEN NULL ELSE outcome END),
    message    VARCHAR,
    bytes      BIGINT,
    elapsed_ms DOUBLE,
    fetched_at TIMESTAMP
);
