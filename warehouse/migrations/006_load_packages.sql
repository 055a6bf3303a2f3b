-- 006: load packages already loaded, so a package reloaded after a crash (between its commit
-- and its removal from the spool) adds nothing, not even fetch-log rows.

CREATE TABLE loaded_packages (
    package_id VARCHAR PRIMARY KEY,
    loaded_at  TIMESTAMP DEFAULT current_timestamp,
    items      INTEGER,
    fetches    INTEGER
);
