-- 007: one row per (deal event, company), rebuilt with deal_events, so per-company and
-- partner-pair views are plain joins instead of unnesting lists at query time.

CREATE TABLE deal_event_parties (
    event_id VARCHAR NOT NULL,
    company  VARCHAR NOT NULL,
    PRIMARY KEY (event_id, company)
);
