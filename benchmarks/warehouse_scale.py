"""Scale benchmark: a synthetic warehouse of 1,000,000 articles and 3,000,000 deals, every view timed,
and a night's batch loaded into it.

    python benchmarks/warehouse_scale.py [--articles 1000000] [--deals-per-article 3] [--path FILE]

The warehouse is built with the real migrations, then filled by SQL generators
(no Python loop), so the figures measure the views, not the set-up. Each view
is computed in full (materialised into a temporary table), three times; the
best and median are printed. Then three batches of 200 articles (50 of them
already stored) are loaded with the real loader, and the dedupe the loader used
until session 8 (`NOT IN` over the key columns) is timed on the same keys.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.records import Article  # noqa: E402
from transform.records import TaggedDocument  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.events import rebuild_events  # noqa: E402
from warehouse.load import LoadItem, article_id, content_hash, load_batch  # noqa: E402

COMPANIES = 2000
TERMS = 5000


def build(path: Path, articles: int, per_article: int) -> dict[str, float]:
    con = connect(path)
    timings = {}
    t = time.perf_counter()
    con.execute(f"""
        INSERT INTO articles (article_id, url, canonical_url, source, title, published_at, published_date, text,
                              content_hash, chars, pages, companies, run_id, extractor_version, tagger_version)
        SELECT printf('a%012d', i), 'https://news.example.jp/' || i, 'https://news.example.jp/' || i,
               'source' || (i % 8), 'title ' || i,
               TIMESTAMP '2023-01-01' + INTERVAL (i % 1000) DAY, DATE '2023-01-01' + INTERVAL (i % 1000) DAY,
               'text of article ' || i, md5(i::VARCHAR), 1000, 1,
               ['C' || (i % {COMPANIES}), 'C' || ((i * 7) % {COMPANIES})], 'bench', 'x', 'y'
        FROM range({articles}) r(i)""")
    n = articles * per_article
    con.execute(f"""
        INSERT INTO deals (deal_id, article_id, ordinal, type, status, amount_value, amount_currency,
                           amount_qualifier, deal_date, deal_date_start, deal_date_precision, evidence, run_id,
                           tagger_version)
        SELECT printf('d%012d', j), printf('a%012d', j // {per_article}), j % {per_article},
               ['partnership', 'investment', 'acquisition', 'contract'][1 + j % 4],
               CASE WHEN j % 50 = 0 THEN 'rumor' ELSE 'announced' END,
               CASE WHEN j % 3 = 0 THEN NULL ELSE (j % 997) * 1e8 END,
               CASE WHEN j % 3 = 0 THEN NULL WHEN j % 2 = 0 THEN 'USD' ELSE 'JPY' END,
               CASE WHEN j % 3 = 0 THEN NULL ELSE 'exact' END,
               strftime(DATE '2023-01-01' + INTERVAL ((j // {per_article}) % 1000) DAY, '%Y-%m-%d'),
               DATE '2023-01-01' + INTERVAL ((j // {per_article}) % 1000) DAY, 'day', 'evidence', 'bench', 'y'
        FROM range({n}) r(j)""")
    con.execute(f"""
        INSERT INTO deal_parties (deal_id, company, role, known, position)
        SELECT printf('d%012d', j), 'C' || ((j % {COMPANIES} + k * (1 + (j * 13) % ({COMPANIES} - 1))) % {COMPANIES}),
               NULL, true, k
        FROM range({n}) r(j), range(2) s(k)""")
    con.execute(f"""
        INSERT INTO article_companies (article_id, company, known, mentions)
        SELECT DISTINCT ON (1, 2) printf('a%012d', i), 'C' || ((i * (k + 1) * 13) % {COMPANIES}), true, 1 + k
        FROM range({articles}) r(i), range(3) s(k)""")
    con.execute(f"""
        INSERT INTO article_terms (article_id, term, n)
        SELECT DISTINCT ON (1, 2) printf('a%012d', i), 'term' || ((i * (k + 3) * 17) % {TERMS}), 1 + k % 3
        FROM range({articles}) r(i), range(20) s(k)""")
    con.execute(f"""
        INSERT INTO fetches (run_id, source, purpose, url, status, outcome, bytes, elapsed_ms, fetched_at)
        SELECT 'run' || (i % 300), 'source' || (i % 8), 'page', 'https://news.example.jp/' || i,
               CASE WHEN i % 40 = 0 THEN 404 ELSE 200 END,
               CASE WHEN i % 40 = 0 THEN 'http_error' ELSE 'ok' END, 50000, 120.0, TIMESTAMP '2025-01-01'
        FROM range({articles}) r(i)""")
    con.execute("CHECKPOINT")
    timings["load synthetic rows"] = time.perf_counter() - t
    t = time.perf_counter()
    rebuild_events(con)
    timings["rebuild deal_events"] = time.perf_counter() - t
    con.close()
    return timings


VIEWS = ("v_deals", "v_deal_events", "v_deals_per_month_by_type", "v_company_deals", "v_partner_pairs",
         "v_company_mentions_weekly", "v_term_weekly", "v_fetch_outcomes")
EXAMPLES = {
    "OpenAI-style counterparties of one company": """
        SELECT event_date, type, list_filter(parties, lambda p: p <> 'C42') AS counterparties, amount_usd
        FROM v_deal_events WHERE list_contains(parties, 'C42') ORDER BY event_date""",
    "keyword trend of one term": "SELECT week, articles FROM v_term_weekly WHERE term = 'term42' ORDER BY week",
    "articles with two terms": """
        SELECT count(*) FROM (SELECT article_id FROM article_terms WHERE term = 'term1'
                              INTERSECT SELECT article_id FROM article_terms WHERE term = 'term2')""",
}


def time_query(con, sql: str, repeat: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


STORED_PER_BATCH = 50


def night_batch(round_no: int, stored: int = STORED_PER_BATCH, size: int = 200) -> list[LoadItem]:
    """A batch as a night brings it: mostly new articles, and some whose canonical URL is stored."""
    items = []
    for k in range(size):
        url = f"https://news.example.jp/{k * 7919}" if k < stored else f"https://news.example.jp/new/{round_no}/{k}"
        items.append(LoadItem(Article(url=url, canonical_url=url, source="source0", title=f"title {k}", author=None,
                                      published="2025-11-04", text=f"text of a new article {round_no} {k}",
                                      fetched_at="2025-11-05T01:00:00.000Z"),
                              TaggedDocument(companies=(), deals=(), tagger_version="y")))
    return items


def time_loads(path: Path, rounds: int = 3) -> tuple[list[float], list[float]]:
    """Seconds per batch for load_batch, and for the old dedupe query on the same batch's keys."""
    loads, old = [], []
    for r in range(rounds):
        items = night_batch(r)
        con = connect(path)
        try:
            keys = [(article_id(i.article.canonical_url), i.article.canonical_url, content_hash(i.article.text))
                    for i in items]
            t = time.perf_counter()
            con.execute("""
                SELECT count(*) FROM (SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::VARCHAR[]) AS canonical_url,
                                             unnest(?::VARCHAR[]) AS content_hash)
                WHERE article_id NOT IN (SELECT article_id FROM articles)
                  AND canonical_url NOT IN (SELECT canonical_url FROM articles)
                  AND content_hash NOT IN (SELECT content_hash FROM articles)""",
                        [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]]).fetchone()
            old.append(time.perf_counter() - t)
            t = time.perf_counter()
            report = load_batch(con, items, [], f"scale-{r}")
            loads.append(time.perf_counter() - t)
            assert report.articles_new == len(items) - STORED_PER_BATCH, report
        finally:
            con.close()
    return loads, old


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--deals-per-article", type=int, default=3)
    ap.add_argument("--path", type=Path, default=None)
    args = ap.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="ainews-scale-")
    path = args.path or Path(folder.name) / "scale.duckdb"
    print(f"building {args.articles:,} articles, {args.articles * args.deals_per_article:,} deals in {path}")
    for step, seconds in build(path, args.articles, args.deals_per_article).items():
        print(f"  {step:<28} {seconds:8.2f} s")
    con = connect(path, read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "deals", "deal_parties", "deal_events", "article_terms")}
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"{'view (computed in full)':<42} {'best':>8} {'median':>8}")
    for view in VIEWS:
        best, median = time_query(con, f"SELECT count(*) FROM (SELECT * FROM {view}) AS x")
        print(f"  {view:<40} {best:7.3f}s {median:7.3f}s")
    for name, sql in EXAMPLES.items():
        best, median = time_query(con, sql)
        print(f"  {name:<40} {best:7.3f}s {median:7.3f}s")
    con.close()
    loads, old = time_loads(path)
    print(f"  {'load a batch of 200 (50 stored)':<40} {min(loads):7.3f}s {statistics.median(loads):7.3f}s")
    print(f"  {'  old dedupe alone (NOT IN, 3 keys)':<40} {min(old):7.3f}s {statistics.median(old):7.3f}s")


if __name__ == "__main__":
    main()
