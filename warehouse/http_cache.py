"""Loading and saving the crawl's incremental state (`http_cache`)."""

from __future__ import annotations

import zlib

import duckdb

Row = tuple[str, str | None, str | None, bytes, str | None]  # url, etag, last_modified, body, content_type


def load_http_cache(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return [(url, etag, lm, zlib.decompress(body), ctype) for url, etag, lm, body, ctype in con.execute(
        "SELECT url, etag, last_modified, body_zlib, content_type FROM http_cache").fetchall()]


def save_http_cache(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> None:
    """Upsert the changed entries in one transaction (a handful of rows: one per feed or sitemap)."""
    if not rows:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            """INSERT OR REPLACE INTO http_cache (url, etag, last_modified, content_type, body_zlib, saved_at)
               VALUES (?, ?, ?, ?, ?, current_timestamp)""",
            [(url, etag, lm, ctype, zlib.compress(body, 6)) for url, etag, lm, body, ctype in rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
