"""Loading and saving the crawl's incremental state (`http_cache`)."""

from __future__ import annotations

import zlib

import duckdb

from warehouse.db import transaction

# url, etag, last_modified, body, content_type, links parsed from the body (JSON, feeds only)
Row = tuple[str, str | None, str | None, bytes, str | None, str | None]


def load_http_cache(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return [(url, etag, lm, zlib.decompress(body), ctype, links) for url, etag, lm, body, ctype, links in con.execute(
        "SELECT url, etag, last_modified, body_zlib, content_type, links_json FROM http_cache").fetchall()]


def save_http_cache(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    """Upsert the changed entries in one transaction (a handful of rows: one per feed or sitemap)."""
    if not rows:
        return
    with transaction(con):
        con.executemany(
            """INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_type, body_zlib, links_json,
                                                  saved_at)
               VALUES (?, ?, ?, ?, ?, ?, current_timestamp)""",
            [(url, etag, lm, ctype, zlib.compress(body, 6), links) for url, etag, lm, body, ctype, links in rows])
