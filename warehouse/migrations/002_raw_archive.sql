-- 002: the raw archive. Every page of every stored article, as fetched, zlib-compressed,
-- so that `ainews reprocess` can re-extract and re-tag offline with newer code.

CREATE TABLE raw_pages (
    article_id   VARCHAR NOT NULL,
    page_no      INTEGER NOT NULL,      -- 1 for the first page of the article
    url          VARCHAR NOT NULL,
    final_url    VARCHAR,
    status       INTEGER,
    content_type VARCHAR,
    headers      VARCHAR,               -- JSON object of the response headers
    fetched_at   TIMESTAMP,
    bytes        BIGINT,                -- uncompressed size
    body_zlib    BLOB NOT NULL,         -- zlib.compress(page bytes)
    PRIMARY KEY (article_id, page_no)
);

ALTER TABLE articles ADD COLUMN reprocessed_at TIMESTAMP;
