"""Reading the raw archive back, and replacing derived rows atomically.

`ainews reprocess` rebuilds articles from `raw_pages` with the current
extraction and tagging code. Each batch replaces its articles' derived rows
(text and metadata in `articles`; all of `deals`, `deal_parties`,
`article_companies`) in one transaction, so a reader never sees an article
half old, half new, and a crash leaves the batch as it was.
"""

from __future__ import annotations

import json
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb

from extract.records import RawPage
from warehouse.db import transaction
from warehouse.load import _COLUMNS, LoadItem, _reader, _rows, _terms_select, _write_jsonl, mark_derived_stale


@dataclass(frozen=True, slots=True)
class Archived:
    article_id: str
    url: str
    canonical_url: str
    source: str
    title: str | None
    published: str | None
    pages: tuple[RawPage, ...]
    text: str = ""  # as stored, with the tagger version that tagged it
    tagger_version: str | None = None


def count_archived(con: duckdb.DuckDBPyConnection, since: date | None = None) -> int:
    return con.execute(
        """SELECT count(DISTINCT a.article_id) FROM articles a JOIN raw_pages r USING (article_id)
           WHERE ?::DATE IS NULL OR a.fetched_at >= ?::DATE""", [since, since]).fetchone()[0]


def iter_archived(con: duckdb.DuckDBPyConnection, since: date | None = None,
                  batch: int = 200) -> Iterator[list[Archived]]:
    """Archived articles in batches (ordered by id), so memory stays bounded on large warehouses."""
    last = ""
    while True:
        ids = [r[0] for r in con.execute(
            """SELECT DISTINCT a.article_id FROM articles a JOIN raw_pages r USING (article_id)
               WHERE a.article_id > ? AND (?::DATE IS NULL OR a.fetched_at >= ?::DATE)
               ORDER BY a.article_id LIMIT ?""", [last, since, since, batch]).fetchall()]
        if not ids:
            return
        last = ids[-1]
        meta = {r[0]: r[1:] for r in con.execute(
            """SELECT article_id, url, canonical_url, source, title, CAST(published_date AS VARCHAR), text,
                      tagger_version
               FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))""", [ids]).fetchall()}
        pages: dict[str, list[RawPage]] = {i: [] for i in ids}
        for aid, url, final_url, status, ctype, headers, fetched_at, body in con.execute(
                """SELECT article_id, url, final_url, status, content_type, headers,
                          strftime(fetched_at, '%Y-%m-%dT%H:%M:%S.%fZ'), body_zlib
                   FROM raw_pages WHERE article_id IN (SELECT unnest(?::VARCHAR[]))
                   ORDER BY article_id, page_no""", [ids]).fetchall():
            pages[aid].append(RawPage(url=url, final_url=final_url or url, status=status, content_type=ctype,
                                      fetched_at=fetched_at or "", body=zlib.decompress(body),
                                      headers=tuple(json.loads(headers or "{}").items())))
        yield [Archived(i, *meta[i][:5], tuple(pages[i]), meta[i][5], meta[i][6]) for i in ids]


def replace_derived(con: duckdb.DuckDBPyConnection, items: Sequence[LoadItem], run_id: str) -> int:
    """Replace the derived rows of already stored articles in one transaction; returns deals written."""
    rows = _rows(items, run_id)
    with tempfile.TemporaryDirectory(prefix="ainews-reprocess-") as folder:
        paths = {name: _write_jsonl(folder, name, rows[name])
                 for name in ("articles", "deals", "deal_parties", "article_companies", "article_terms_packed")}
        with transaction(con):
            con.execute(f"CREATE OR REPLACE TEMP TABLE _re AS SELECT * FROM {_reader(paths['articles'], 'articles')}")
            con.execute("""
                UPDATE articles SET title = _re.title, author = _re.author, sitename = _re.sitename,
                    published_at = coalesce(_re.published_at, articles.published_at),
                    published_date = coalesce(_re.published_date, articles.published_date),
                    text = _re.text, chars = _re.chars, pages = _re.pages, companies = _re.companies,
                    extractor_version = _re.extractor_version, tagger_version = _re.tagger_version,
                    reprocessed_at = current_timestamp
                FROM _re WHERE articles.article_id = _re.article_id""")
            con.execute("""DELETE FROM deal_parties WHERE deal_id IN
                           (SELECT deal_id FROM deals WHERE article_id IN (SELECT article_id FROM _re))""")
            con.execute("DELETE FROM deals WHERE article_id IN (SELECT article_id FROM _re)")
            con.execute("DELETE FROM article_companies WHERE article_id IN (SELECT article_id FROM _re)")
            con.execute("DELETE FROM article_terms WHERE article_id IN (SELECT article_id FROM _re)")
            for table in ("deals", "deal_parties", "article_companies"):
                cols = ", ".join(_COLUMNS[table])
                con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {_reader(paths[table], table)}")
            con.execute(f"INSERT INTO article_terms (article_id, term, n) {_terms_select(paths)}")
            con.execute("DROP TABLE _re")
            mark_derived_stale(con)
    return len(rows["deals"])
