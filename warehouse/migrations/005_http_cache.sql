-- 005: incremental crawl state. The validators (ETag / Last-Modified) and last body of each
-- feed, sitemap and listing page, so an unchanged index costs a 304 and still yields its links.

CREATE TABLE http_cache (
    url           VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_type  VARCHAR,
    body_zlib     BLOB NOT NULL,
    saved_at      TIMESTAMP DEFAULT current_timestamp
);
