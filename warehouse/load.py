"""Bulk, idempotent, atomic loading of one batch of articles and fetch attempts.

A batch is staged as newline-delimited JSON and inserted with `INSERT ...
SELECT FROM read_json(...)` inside one transaction: either the whole batch is
in the warehouse or none of it is. Keys are derived from content (the article
id from the canonical URL, the deal id from the article and the deal), and
rows whose key or text is already stored are skipped, so loading the same
night again adds nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from extract.records import Article, FetchResult
from transform.records import Deal, TaggedDocument
from warehouse.db import transaction


@dataclass(frozen=True, slots=True)
class LoadItem:
    article: Article
    tagged: TaggedDocument


@dataclass(frozen=True, slots=True)
class LoadReport:
    articles_new: int
    deals_new: int
    duplicates: int  # articles skipped because their URL or text was already stored
    fetches: int


def article_id(canonical_url: str) -> str:
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of the text without whitespace, so re-wrapped copies of one article collide."""
    return hashlib.sha1(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def deal_id(art_id: str, ordinal: int, deal: Deal) -> str:
    key = json.dumps([art_id, ordinal, deal.type, sorted(p.name for p in deal.parties)], ensure_ascii=False)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _date_period(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value + "-01", "month"
    if re.fullmatch(r"\d{4}", value):
        return value + "-01-01", "year"
    return None, None


def _published(value: str | None) -> tuple[str | None, str | None]:
    """(timestamp, date) from an ISO date or datetime; timestamps kept in their own local time."""
    if not value:
        return None, None
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?", value)
    if not m:
        return None, None
    return f"{m.group(1)} {m.group(2) or '00:00'}", m.group(1)


def _timestamp(iso: str) -> str | None:
    if not iso:
        return None
    return iso.replace("T", " ").rstrip("Z")[:26]


def _write_jsonl(folder: str, name: str, rows: Iterable[dict]) -> str:
    path = os.path.join(folder, f"{name}.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")
    return path


_COLUMNS = {
    "articles": {
        "article_id": "VARCHAR", "url": "VARCHAR", "canonical_url": "VARCHAR", "source": "VARCHAR",
        "title": "VARCHAR", "author": "VARCHAR", "sitename": "VARCHAR", "published_at": "TIMESTAMP",
        "published_date": "DATE", "text": "VARCHAR", "content_hash": "VARCHAR", "chars": "INTEGER",
        "pages": "INTEGER", "companies": "VARCHAR[]", "fetched_at": "TIMESTAMP", "run_id": "VARCHAR",
        "extractor_version": "VARCHAR", "tagger_version": "VARCHAR",
    },
    "deals": {
        "deal_id": "VARCHAR", "article_id": "VARCHAR", "ordinal": "INTEGER", "type": "VARCHAR",
        "status": "VARCHAR", "amount_value": "DOUBLE", "amount_high": "DOUBLE", "amount_currency": "VARCHAR",
        "amount_qualifier": "VARCHAR", "amount_jpy": "DOUBLE", "deal_date": "VARCHAR",
        "deal_date_start": "DATE", "deal_date_precision": "VARCHAR", "evidence": "VARCHAR",
        "run_id": "VARCHAR", "tagger_version": "VARCHAR",
    },
    "deal_parties": {"deal_id": "VARCHAR", "company": "VARCHAR", "role": "VARCHAR", "known": "BOOLEAN",
                     "position": "INTEGER"},
    "article_companies": {"article_id": "VARCHAR", "company": "VARCHAR", "known": "BOOLEAN",
                          "mentions": "INTEGER"},
    # Old packages have one row per term; packages are now written with one row per
    # article and the terms as two lists (see _terms_select).
    "article_terms": {"article_id": "VARCHAR", "term": "VARCHAR", "n": "INTEGER"},
    "article_terms_packed": {"article_id": "VARCHAR", "terms": "VARCHAR[]", "counts": "INTEGER[]"},
    "raw_pages": {
        "article_id": "VARCHAR", "page_no": "INTEGER", "url": "VARCHAR", "final_url": "VARCHAR",
        "status": "INTEGER", "content_type": "VARCHAR", "headers": "VARCHAR", "fetched_at": "TIMESTAMP",
        "bytes": "BIGINT", "body_b64": "VARCHAR",
    },
    "fetches": {
        "run_id": "VARCHAR", "source": "VARCHAR", "purpose": "VARCHAR", "url": "VARCHAR",
        "final_url": "VARCHAR", "status": "INTEGER", "outcome": "VARCHAR", "message": "VARCHAR",
        "bytes": "BIGINT", "elapsed_ms": "DOUBLE", "fetched_at": "TIMESTAMP",
    },
}


def _reader(path: str, table: str) -> str:
    cols = ", ".join(f"'{name}': '{kind}'" for name, kind in _COLUMNS[table].items())
    escaped = path.replace("'", "''")
    return f"read_json('{escaped}', format = 'newline_delimited', columns = {{{cols}}})"


def _terms_select(paths: dict[str, str]) -> str:
    """(article_id, term, n) rows of a package's term index.

    An article has a hundred or more terms: written as a row each, they were
    half the cost of staging a batch (a json.dumps call per term), so they are
    written as two lists per article and unnested here. A package staged by an
    older version, still waiting in the spool, has the row-per-term file.
    """
    if "article_terms" in paths and os.path.exists(paths["article_terms"]):
        return f"SELECT article_id, term, n FROM {_reader(paths['article_terms'], 'article_terms')}"
    return (f"SELECT article_id, unnest(terms) AS term, unnest(counts) AS n "
            f"FROM {_reader(paths['article_terms_packed'], 'article_terms_packed')}")


def _rows(items: Sequence[LoadItem], run_id: str) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"articles": [], "deals": [], "deal_parties": [], "article_companies": [],
                                   "raw_pages": [], "article_terms_packed": []}
    for item in items:
        a, t = item.article, item.tagged
        aid = article_id(a.canonical_url)
        published_at, published_date = _published(a.published)
        rows["articles"].append({
            "article_id": aid, "url": a.url, "canonical_url": a.canonical_url, "source": a.source,
            "title": a.title, "author": a.author, "sitename": a.sitename, "published_at": published_at,
            "published_date": published_date, "text": a.text, "content_hash": content_hash(a.text),
            "chars": len(a.text), "pages": a.pages, "companies": [c.name for c in t.companies],
            "fetched_at": _timestamp(a.fetched_at), "run_id": run_id,
            "extractor_version": a.extractor_version, "tagger_version": t.tagger_version,
        })
        for page_no, raw in enumerate(a.raw_pages, 1):
            rows["raw_pages"].append({
                "article_id": aid, "page_no": page_no, "url": raw.url, "final_url": raw.final_url,
                "status": raw.status, "content_type": raw.content_type,
                "headers": json.dumps(dict(raw.headers), ensure_ascii=False),
                "fetched_at": _timestamp(raw.fetched_at), "bytes": len(raw.body),
                "body_b64": base64.b64encode(zlib.compress(raw.body, 6)).decode("ascii"),
            })
        if t.terms:
            rows["article_terms_packed"].append(
                {"article_id": aid, "terms": [term for term, _ in t.terms], "counts": [n for _, n in t.terms]})
        for c in t.companies:
            rows["article_companies"].append(
                {"article_id": aid, "company": c.name, "known": c.known, "mentions": c.mentions})
        for ordinal, deal in enumerate(t.deals):
            did = deal_id(aid, ordinal, deal)
            start, precision = _date_period(deal.date)
            amount = deal.amount
            rows["deals"].append({
                "deal_id": did, "article_id": aid, "ordinal": ordinal, "type": deal.type,
                "status": deal.status,
                "amount_value": amount.value if amount else None,
                "amount_high": amount.high if amount else None,
                "amount_currency": amount.currency if amount else None,
                "amount_qualifier": amount.qualifier if amount else None,
                "amount_jpy": amount.amount_jpy if amount else None,
                "deal_date": deal.date, "deal_date_start": start, "deal_date_precision": precision,
                "evidence": deal.evidence, "run_id": run_id, "tagger_version": t.tagger_version,
            })
            seen_parties: set[str] = set()
            for position, party in enumerate(deal.parties):
                if party.name in seen_parties:
                    continue
                seen_parties.add(party.name)
                rows["deal_parties"].append({"deal_id": did, "company": party.name, "role": party.role,
                                             "known": party.known, "position": position})
    return rows


def _fetch_rows(fetches: Sequence[FetchResult], run_id: str) -> list[dict]:
    return [{
        "run_id": run_id, "source": f.source, "purpose": f.purpose, "url": f.url, "final_url": f.final_url,
        "status": f.status, "outcome": f.outcome, "message": f.message or None, "bytes": f.nbytes,
        "elapsed_ms": round(f.elapsed_ms, 3), "fetched_at": _timestamp(f.fetched_at),
    } for f in fetches]


def load_batch(con: duckdb.DuckDBPyConnection, items: Sequence[LoadItem],
               fetches: Sequence[FetchResult], run_id: str) -> LoadReport:
    """Load a batch in one transaction; returns what was new."""
    with tempfile.TemporaryDirectory(prefix="ainews-load-") as folder:
        package = stage_package(items, fetches, run_id, Path(folder) / "batch")
        return load_package(con, package)


# A load package is a folder of JSONL files, one per table, written before the warehouse is
# opened. It is complete once its marker file exists; loading it is one transaction. When the
# warehouse is busy, the package waits in the spool folder and the next run loads it first.
_COMPLETE = "_complete"


def stage_package(items: Sequence[LoadItem], fetches: Sequence[FetchResult], run_id: str, folder: Path) -> Path:
    """Write a batch as a load package; nothing in the warehouse changes."""
    rows = _rows(items, run_id)
    rows["fetches"] = _fetch_rows(fetches, run_id)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in rows.items():
        _write_jsonl(str(folder), name, data)
    meta = {"id": f"{run_id}/{folder.name}", "items": len(items), "fetches": len(rows["fetches"])}
    (folder / _COMPLETE).write_text(json.dumps(meta))
    return folder


def load_package(con: duckdb.DuckDBPyConnection, folder: Path) -> LoadReport:
    """Load a complete package in one transaction, then remove it.

    Loading it twice (a crash between the commit and the removal) adds nothing
    the second time: `loaded_packages` remembers it.
    """
    meta = json.loads((folder / _COMPLETE).read_text())
    paths = {name: str(folder / f"{name}.jsonl") for name in _COLUMNS}
    package_id = meta.get("id") or folder.name
    with transaction(con):
        if con.execute("SELECT count(*) FROM loaded_packages WHERE package_id = ?", [package_id]).fetchone()[0]:
            report = LoadReport(articles_new=0, deals_new=0, duplicates=meta["items"], fetches=0)
        else:
            report = _insert(con, paths, meta["items"], meta["fetches"])
            con.execute("INSERT INTO loaded_packages (package_id, items, fetches) VALUES (?, ?, ?)",
                        [package_id, meta["items"], meta["fetches"]])
    shutil.rmtree(folder, ignore_errors=True)
    return report


def spooled_packages(spool: Path) -> list[Path]:
    """Complete packages waiting in the spool, oldest first; incomplete ones (a crash while staging) are removed."""
    if not spool.is_dir():
        return []
    packages = []
    for p in sorted(spool.iterdir()):
        if not p.is_dir():
            continue
        if (p / _COMPLETE).exists():
            packages.append(p)
        else:
            shutil.rmtree(p, ignore_errors=True)
    return packages


def spool_dir(warehouse: str | Path) -> Path:
    w = Path(warehouse)
    return w.with_name(w.name + ".spool")


# Keys looked up per query: DuckDB answers `IN (?, ...)` through the column's index
# up to its index_scan_max_count (2,048), and by reading the column beyond it.
_LOOKUP_CHUNK = 1000


def _stored(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Sequence[str]) -> list[str]:
    """Those of `values` already in `table`.`column`, a key column (primary or unique).

    The batch's keys are looked up through the key's index, instead of `NOT IN
    (SELECT column FROM table)`, which reads the whole column for every batch:
    with 1,000,000 articles stored, the three article keys took 260-390 ms a batch
    that way and take 20-30 ms this way (benchmarks/warehouse_scale.py).
    """
    wanted = sorted({v for v in values if v is not None})
    found: list[str] = []
    for i in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[i:i + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        found += [r[0] for r in con.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})",
                                            chunk).fetchall()]
    return found


def _insert(con: duckdb.DuckDBPyConnection, paths: dict[str, str], n_items: int, n_fetches: int) -> LoadReport:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _staged_articles AS SELECT * FROM {_reader(paths['articles'], 'articles')}")
    keys = con.execute("SELECT article_id, canonical_url, content_hash FROM _staged_articles").fetchall()
    stored = [_stored(con, "articles", column, [k[i] for k in keys])
              for i, column in enumerate(("article_id", "canonical_url", "content_hash"))]
    # New articles: key and text not yet stored, first copy within the batch wins.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _new_articles AS
        SELECT * EXCLUDE (rn) FROM (
            SELECT s.*, row_number() OVER (PARTITION BY s.content_hash ORDER BY s.canonical_url) AS rn,
                   row_number() OVER (PARTITION BY s.article_id ORDER BY s.canonical_url) AS rn_id
            FROM _staged_articles s
        ) WHERE rn = 1 AND rn_id = 1
          AND NOT list_contains(?::VARCHAR[], article_id)
          AND NOT list_contains(?::VARCHAR[], canonical_url)
          AND NOT list_contains(?::VARCHAR[], content_hash)
    """, stored)
    con.execute("DROP TABLE _staged_articles")
    con.execute("ALTER TABLE _new_articles DROP COLUMN rn_id")
    columns = ", ".join(_COLUMNS["articles"])
    con.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM _new_articles")
    articles_new = con.execute("SELECT count(*) FROM _new_articles").fetchone()[0]

    deal_cols = ", ".join(_COLUMNS["deals"])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _new_deals AS
        SELECT DISTINCT ON (deal_id) * FROM {_reader(paths['deals'], 'deals')}
        WHERE article_id IN (SELECT article_id FROM _new_articles)
    """)
    staged_deals = [r[0] for r in con.execute("SELECT deal_id FROM _new_deals").fetchall()]
    stored_deals = _stored(con, "deals", "deal_id", staged_deals)
    if stored_deals:
        con.execute("DELETE FROM _new_deals WHERE list_contains(?::VARCHAR[], deal_id)", [stored_deals])
    con.execute(f"INSERT INTO deals ({deal_cols}) SELECT {deal_cols} FROM _new_deals")
    deals_new = con.execute("SELECT count(*) FROM _new_deals").fetchone()[0]

    party_cols = ", ".join(_COLUMNS["deal_parties"])
    con.execute(f"""
        INSERT INTO deal_parties ({party_cols})
        SELECT DISTINCT ON (deal_id, company) {party_cols} FROM {_reader(paths['deal_parties'], 'deal_parties')}
        WHERE deal_id IN (SELECT deal_id FROM _new_deals)
    """)
    company_cols = ", ".join(_COLUMNS["article_companies"])
    con.execute(f"""
        INSERT INTO article_companies ({company_cols})
        SELECT DISTINCT ON (article_id, company) {company_cols}
        FROM {_reader(paths['article_companies'], 'article_companies')}
        WHERE article_id IN (SELECT article_id FROM _new_articles)
    """)
    con.execute(f"""
        INSERT INTO article_terms (article_id, term, n)
        SELECT DISTINCT ON (article_id, term) article_id, term, n
        FROM ({_terms_select(paths)})
        WHERE article_id IN (SELECT article_id FROM _new_articles)
    """)
    raw_cols = [c for c in _COLUMNS["raw_pages"] if c != "body_b64"]
    con.execute(f"""
        INSERT INTO raw_pages ({", ".join(raw_cols)}, body_zlib)
        SELECT DISTINCT ON (article_id, page_no) {", ".join(raw_cols)}, from_base64(body_b64)
        FROM {_reader(paths['raw_pages'], 'raw_pages')}
        WHERE article_id IN (SELECT article_id FROM _new_articles)
    """)
    fetch_cols = ", ".join(_COLUMNS["fetches"])
    con.execute(f"INSERT INTO fetches ({fetch_cols}) SELECT {fetch_cols} FROM {_reader(paths['fetches'], 'fetches')}")
    con.execute("DROP TABLE _new_articles")
    con.execute("DROP TABLE _new_deals")
    if articles_new:
        mark_derived_stale(con)
    return LoadReport(articles_new=articles_new, deals_new=deals_new,
                      duplicates=n_items - articles_new, fetches=n_fetches)


def mark_derived_stale(con: duckdb.DuckDBPyConnection) -> None:
    """Deal events and trend tables no longer match the articles (call inside the writing transaction)."""
    con.execute("UPDATE derived_state SET stale = true, changed_at = current_timestamp WHERE name = 'deal_events'")


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, name: str | None) -> None:
    con.execute(
        "INSERT OR REPLACE INTO runs (run_id, flow_run_name, started_at, status) VALUES (?, ?, ?, 'running')",
        [run_id, name, datetime.now(UTC).replace(tzinfo=None)],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, *, status: str, sources_total: int,
               sources_failed: int, articles_new: int, deals_new: int, fetches: int, fetch_failures: int) -> None:
    con.execute(
        """UPDATE runs SET finished_at = ?, status = ?, sources_total = ?, sources_failed = ?,
           articles_new = ?, deals_new = ?, fetches = ?, fetch_failures = ? WHERE run_id = ?""",
        [datetime.now(UTC).replace(tzinfo=None), status, sources_total, sources_failed, articles_new,
         deals_new, fetches, fetch_failures, run_id],
    )
