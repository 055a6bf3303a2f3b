-- 010: whether the derived tables (deal events and the trend tables rebuilt with them)
-- are behind the articles and deals. Loads and reprocessing mark them stale in the same
-- transaction; a rebuild marks them fresh. A night that loads nothing skips the rebuild.

CREATE TABLE derived_state (
    name       VARCHAR PRIMARY KEY,
    stale      BOOLEAN NOT NULL,
    changed_at TIMESTAMP DEFAULT current_timestamp
);
INSERT INTO derived_state (name, stale) VALUES ('deal_events', true);
