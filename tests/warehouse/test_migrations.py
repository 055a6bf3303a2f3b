"""Versioned migrations: an old warehouse is upgraded on open, its data kept."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.db import LATEST_VERSION, connect, migrate, schema_version
from warehouse.export import export_parquet


def test_warehouse_of_schema_1_is_upgraded_on_open_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=1) == [1]
    con.execute("""INSERT INTO articles (article_id, url, canonical_url, source, text, content_hash)
                   VALUES ('a1', 'https://x/1', 'https://x/1', 's', '本文', 'h1')""")
    con.execute("INSERT INTO deals (deal_id, article_id, ordinal, type) VALUES ('d1', 'a1', 0, 'contract')")
    con.close()

    con = connect(path)
    assert schema_version(con) == LATEST_VERSION >= 5
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT type FROM deals").fetchone()[0] == "contract"
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"raw_pages", "deal_events", "fx_rates", "article_terms", "http_cache"} <= tables
    assert con.execute("SELECT reprocessed_at FROM articles").fetchone()[0] is None
    con.close()
    assert connect(path).execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == LATEST_VERSION


def test_migration_13_keeps_the_terms_and_drops_their_key(tmp_path):
    path = tmp_path / "v12.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=12)[-1] == 12
    con.execute("INSERT INTO article_terms VALUES ('a1', '生成AI', 3), ('a1', '提携', 1), ('a2', '生成AI', 1)")
    con.close()

    con = connect(path)
    assert sorted(con.execute("SELECT * FROM article_terms").fetchall()) == [
        ("a1", "提携", 1), ("a1", "生成AI", 3), ("a2", "生成AI", 1)]
    kinds = {r[0] for r in con.execute(
        "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'article_terms'").fetchall()}
    assert kinds == {"NOT NULL"}
    assert con.execute("SELECT count(*) FROM v_term_weekly").fetchone()[0] >= 0  # the views still bind
    con.close()


def test_export_writes_every_table_and_view_as_parquet(tmp_path):
    path = tmp_path / "w.duckdb"
    connect(path).close()
    counts = export_parquet(path, tmp_path / "out")
    assert counts["fx_rates"] > 0
    files = {p.stem for p in (tmp_path / "out").glob("*.parquet")}
    assert {"articles", "deals", "deal_parties", "deal_events", "v_deals_per_month_by_type"} <= files
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{tmp_path / 'out' / 'fx_rates.parquet'}'").fetchone()[0] == counts["fx_rates"]


def test_loading_marks_derived_tables_stale_and_a_rebuild_marks_them_fresh(tmp_path):
    from warehouse.events import events_stale, rebuild_events
    from warehouse.load import mark_derived_stale

    con = connect(tmp_path / "w.duckdb")
    assert events_stale(con)  # never built
    rebuild_events(con)
    assert not events_stale(con)
    con.execute("BEGIN TRANSACTION")
    mark_derived_stale(con)
    con.execute("ROLLBACK")
    assert not events_stale(con)  # marked only with the load's commit
    mark_derived_stale(con)
    assert events_stale(con)


def test_views_are_recreated_when_views_sql_changes_or_one_is_missing_and_left_alone_otherwise(tmp_path, monkeypatch):
    """Re-creating the views on every open wrote the catalog, so every open, even a
    reader's, rewrote the file when it closed."""
    import hashlib

    from warehouse import db

    path = tmp_path / "w.duckdb"
    connect(path).close()
    before = hashlib.sha256(path.read_bytes()).digest()
    connect(path).close()
    assert hashlib.sha256(path.read_bytes()).digest() == before  # nothing re-created, nothing written

    con = connect(path)
    con.execute("DROP VIEW v_partner_pairs")
    con.close()
    con = connect(path)
    assert con.execute("SELECT count(*) FROM v_partner_pairs").fetchone()[0] == 0  # back
    con.close()

    changed = db._views_sql() + "\nCREATE OR REPLACE VIEW v_added_by_an_upgrade AS SELECT 1 AS one;\n"
    monkeypatch.setattr(db, "_views_sql", lambda: changed)
    con = connect(path)
    assert con.execute("SELECT one FROM v_added_by_an_upgrade").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM schema_views").fetchone()[0] == 1
    con.close()


def test_connect_caps_duckdbs_threads_only_when_asked(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path, threads=1)
    try:
        assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
        assert schema_version(con) == LATEST_VERSION  # migrated as any read-write open
    finally:
        con.close()
    con = connect(path)
    try:
        assert con.execute("SELECT current_setting('threads')").fetchone()[0] == duckdb.connect().execute(
            "SELECT current_setting('threads')").fetchone()[0]
    finally:
        con.close()


def test_migration_14_keeps_the_raw_archive_and_stores_its_bodies_uncompressed(tmp_path):
    """The bodies are zlib already: DuckDB's own compression of them (DICT_FSST) only made
    every checkpoint re-encode them."""
    import zlib

    path = tmp_path / "v13.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, target=13)[-1] == 13
    body = zlib.compress("<html><body><p>本文</p></body></html>".encode())
    con.execute("""INSERT INTO raw_pages (article_id, page_no, url, final_url, status, content_type, headers,
                                          fetched_at, bytes, body_zlib)
                   VALUES ('a1', 1, 'https://x/1', 'https://x/1', 200, 'text/html', '{}',
                           '2026-11-29 04:00:00', 42, ?), ('a1', 2, 'https://x/1_2', NULL, 200, NULL, NULL,
                           NULL, 7, ?)""", [body, body])
    con.execute("CHECKPOINT")
    con.close()

    con = connect(path)
    rows = con.execute("SELECT article_id, page_no, url, final_url, bytes, body_zlib FROM raw_pages ORDER BY page_no").fetchall()
    assert rows == [("a1", 1, "https://x/1", "https://x/1", 42, body), ("a1", 2, "https://x/1_2", None, 7, body)]
    with pytest.raises(duckdb.ConstraintException):  # the key came along
        con.execute("INSERT INTO raw_pages (article_id, page_no, url, body_zlib) VALUES ('a1', 1, 'u', ''::BLOB)")
    con.execute("CHECKPOINT")
    kinds = {r[0] for r in con.execute("""SELECT compression FROM pragma_storage_info('raw_pages')
                                          WHERE column_name = 'body_zlib' AND segment_type = 'BLOB'""").fetchall()}
    assert kinds == {"Uncompressed"}
    con.close()
