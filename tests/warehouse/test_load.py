"""Loading into a real DuckDB file: idempotent, atomic, deduplicated."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extract.records import Article, FetchResult
from transform.money import Amount
from transform.records import Deal, MentionedCompany, Party, TaggedDocument
from warehouse.db import WarehouseError, WarehouseLocked, connect
from warehouse.events import rebuild_events
from warehouse import load as load_module
from warehouse.load import LoadItem, load_batch
from warehouse.query import known_urls, run_sql, table_counts


def article(n: int, text: str | None = None) -> Article:
    return Article(url=f"https://news.example.jp/2025/11/post_{n}.html",
                   canonical_url=f"https://news.example.jp/2025/11/post_{n}.html", source="bj",
                   title=f"記事{n}", author=None, published="2025-11-04T09:00:00+09:00",
                   text=text or f"記事{n}の本文。" * 10, fetched_at="2025-11-05T01:00:00.000Z")


def tagged(deals: tuple[Deal, ...] = ()) -> TaggedDocument:
    companies = tuple(MentionedCompany(p.name, p.known, 1) for d in deals for p in d.parties)
    return TaggedDocument(companies=tuple({c.name: c for c in companies}.values()), deals=deals,
                          tagger_version="test")


OPENAI_AWS = Deal(type="contract", parties=(Party("OpenAI"), Party("Amazon")),
                  amount=Amount(38_000_000_000, "USD", "exact", amount_jpy=5_860_000_000_000),
                  date="2025-11-03", evidence="OpenAIはAWSと380億ドルの契約を結んだ。")
SBG_OPENAI = Deal(type="investment", parties=(Party("SoftBank Group", "investor"), Party("OpenAI", "investee")),
                  amount=Amount(22_500_000_000, "USD", "approx"), date="2025-10",
                  evidence="ソフトバンクグループはOpenAIに約225億ドルを追加出資した。")


def fetch_row(url: str, outcome: str = "ok") -> FetchResult:
    return FetchResult(url=url, source="bj", purpose="page", outcome=outcome, status=200 if outcome == "ok" else None,
                       nbytes=100, fetched_at="2025-11-05T01:00:00.000Z")


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "wh.duckdb")
    yield c
    c.close()


def test_batch_loads_articles_deals_parties_and_fetches(con):
    items = [LoadItem(article(1), tagged((OPENAI_AWS,))), LoadItem(article(2), tagged((SBG_OPENAI,)))]
    report = load_batch(con, items, [fetch_row(items[0].article.url), fetch_row("https://x/bad", "timeout")], "run1")
    assert (report.articles_new, report.deals_new) == (2, 2)
    counts = table_counts(con)
    assert counts["articles"] == 2 and counts["deals"] == 2 and counts["deal_parties"] == 4
    assert counts["fetches"] == 2
    row = con.execute("""SELECT amount_value, amount_currency, amount_jpy, deal_date, deal_date_start
                         FROM deals WHERE type = 'contract'""").fetchone()
    assert row[0] == 38e9 and row[1] == "USD" and row[2] == 5.86e12 and row[3] == "2025-11-03"
    assert str(row[4]) == "2025-11-03"
    assert con.execute("SELECT error_kind FROM fetches WHERE outcome = 'timeout'").fetchone()[0] == "timeout"
    roles = dict(con.execute("SELECT company, role FROM deal_parties WHERE role IS NOT NULL").fetchall())
    assert roles == {"SoftBank Group": "investor", "OpenAI": "investee"}


def test_loading_the_same_batch_again_adds_nothing(con):
    items = [LoadItem(article(1), tagged((OPENAI_AWS, SBG_OPENAI)))]
    load_batch(con, items, [], "run1")
    before = table_counts(con)
    report = load_batch(con, items, [], "run2")
    assert (report.articles_new, report.deals_new, report.duplicates) == (0, 0, 1)
    after = table_counts(con)
    assert {k: v for k, v in after.items()} == before


def test_same_text_at_two_urls_is_stored_once(con):
    text = "同じ本文。" * 20
    items = [LoadItem(article(1, text), tagged()), LoadItem(article(2, text + "\n"), tagged())]
    report = load_batch(con, items, [], "run1")
    assert report.articles_new == 1
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


@pytest.mark.parametrize("chunk", [1000, 2])
def test_stored_keys_are_skipped_each_on_its_own(con, monkeypatch, chunk):
    """The load looks the batch's keys up in chunks (through the key columns' indexes):
    an article stored under its URL, or with its text under another URL, is skipped,
    whichever chunk its key falls in, and everything else in the batch is new."""
    monkeypatch.setattr(load_module, "_LOOKUP_CHUNK", chunk)
    load_batch(con, [LoadItem(article(n), tagged()) for n in (1, 2, 3)], [], "run1")
    second = [LoadItem(article(1, "書き直された本文。" * 10), tagged((OPENAI_AWS,))),  # the same URL
              LoadItem(article(12, article(2).text), tagged()),  # another URL, the same text
              *(LoadItem(article(n), tagged((SBG_OPENAI,))) for n in (20, 21, 22, 23, 24))]
    report = load_batch(con, second, [], "run2")
    assert (report.articles_new, report.deals_new, report.duplicates) == (5, 5, 2)
    stored = {r[0] for r in con.execute("SELECT canonical_url FROM articles").fetchall()}
    assert stored == {article(n).canonical_url for n in (1, 2, 3, 20, 21, 22, 23, 24)}
    assert con.execute("SELECT count(*) FROM deals WHERE type = 'contract'").fetchone()[0] == 0
    assert load_batch(con, second, [], "run3").articles_new == 0


def test_failing_batch_leaves_warehouse_as_before(con):
    load_batch(con, [LoadItem(article(1), tagged((OPENAI_AWS,)))], [], "run1")
    before = table_counts(con)
    bad = Deal(type="merger-of-equals", parties=(Party("A"), Party("B")), amount=None, date=None, evidence="")
    with pytest.raises(Exception):
        load_batch(con, [LoadItem(article(2), tagged()), LoadItem(article(3), tagged((bad,)))],
                   [fetch_row("https://x/2")], "run2")
    assert table_counts(con) == before


def test_known_urls_match_url_or_canonical(con):
    load_batch(con, [LoadItem(article(1), tagged())], [], "run1")
    assert known_urls(con, [article(1).url, "https://news.example.jp/other"]) == {article(1).url}


def test_views_answer_trend_questions(con):
    load_batch(con, [LoadItem(article(1), tagged((OPENAI_AWS,))), LoadItem(article(2), tagged((SBG_OPENAI,)))],
               [], "run1")
    rebuild_events(con)
    monthly = con.execute("SELECT strftime(month, '%Y-%m'), type, deals FROM v_deals_per_month_by_type "
                          "ORDER BY 1, 2").fetchall()
    assert monthly == [("2025-10", "investment", 1), ("2025-11", "contract", 1)]
    openai = con.execute("SELECT deals, counterparties, usd_disclosed FROM v_company_deals "
                         "WHERE company = 'OpenAI'").fetchone()
    assert openai == (2, 2, 60.5e9)
    pairs = con.execute("SELECT company_a, company_b, deals FROM v_partner_pairs ORDER BY 1").fetchall()
    assert pairs == [("Amazon", "OpenAI", 1), ("OpenAI", "SoftBank Group", 1)]


def test_sql_is_read_only(tmp_path):
    path = tmp_path / "wh.duckdb"
    connect(path).close()
    assert run_sql(path, "SELECT count(*) AS n FROM articles").rows == [(0,)]
    with pytest.raises(WarehouseError, match="read-only"):
        run_sql(path, "DELETE FROM articles")


def test_reading_a_missing_warehouse_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseError, match="ainews demo"):
        run_sql(tmp_path / "none.duckdb", "SELECT 1")


def test_locked_warehouse_is_a_clear_error(tmp_path):
    path = tmp_path / "wh.duckdb"
    connect(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseLocked, match="locked by another process"):
            connect(path, lock_wait_s=0.5)
    finally:
        holder.kill()
        holder.wait()


def _with_terms(n: int, terms: tuple[tuple[str, int], ...]) -> LoadItem:
    doc = tagged((OPENAI_AWS,))
    return LoadItem(article(n), TaggedDocument(doc.companies, doc.deals, doc.tagger_version, terms=terms))


def test_term_index_is_loaded_from_packed_lists(con):
    items = [_with_terms(1, (("生成AI", 3), ("提携", 1))), _with_terms(2, ()), _with_terms(3, (("半導体", 2),))]
    load_batch(con, items, [], "run1")
    rows = con.execute("SELECT a.title, t.term, t.n FROM article_terms t JOIN articles a USING (article_id) "
                       "ORDER BY a.title, t.term").fetchall()
    assert rows == [("記事1", "提携", 1), ("記事1", "生成AI", 3), ("記事3", "半導体", 2)]


def test_term_pairs_stay_unique_across_reloads_and_repeated_articles(con):
    """article_terms has no key (migration 013): the loader itself must keep each pair once."""
    terms = (("生成AI", 3), ("提携", 1))
    load_batch(con, [_with_terms(1, terms), _with_terms(1, terms), _with_terms(2, terms)], [], "run1")
    load_batch(con, [_with_terms(1, terms), _with_terms(3, terms)], [], "run2")
    assert con.execute("SELECT count(*), count(DISTINCT (article_id, term)) FROM article_terms").fetchone() == (6, 6)


def test_a_package_staged_by_an_older_version_still_loads(con, tmp_path):
    """Packages wait in the spool across upgrades: the row-per-term layout is still read."""
    import json

    from warehouse.load import load_package, stage_package

    package = stage_package([_with_terms(1, (("生成AI", 3), ("提携", 1)))], [], "run1", tmp_path / "old")
    packed = [json.loads(line) for line in (package / "article_terms_packed.jsonl").read_text().splitlines()]
    (package / "article_terms_packed.jsonl").unlink()
    (package / "article_terms.jsonl").write_text("".join(
        json.dumps({"article_id": r["article_id"], "term": t, "n": n}, ensure_ascii=False) + "\n"
        for r in packed for t, n in zip(r["terms"], r["counts"])), encoding="utf-8")
    report = load_package(con, package)
    assert report.articles_new == 1
    assert sorted(con.execute("SELECT term, n FROM article_terms").fetchall()) == [("提携", 1), ("生成AI", 3)]


def test_crashed_urls_are_those_whose_latest_page_fetch_killed_a_worker_since_a_time(con):
    from datetime import datetime

    from warehouse.query import crashed_urls

    rows = [  # url, outcome, message, fetched_at
        ("https://a.example/1", "parse_error", "DIED", datetime(2026, 11, 27, 1)),  # crashed last night
        ("https://a.example/2", "parse_error", "DIED", datetime(2026, 11, 10, 1)),  # crashed too long ago
        ("https://a.example/3", "parse_error", "DIED", datetime(2026, 11, 26, 1)),  # crashed, then fetched fine
        ("https://a.example/3", "ok", None, datetime(2026, 11, 27, 1)),
        ("https://a.example/4", "parse_error", "no article text", datetime(2026, 11, 27, 1)),  # another failure
    ]
    con.executemany("INSERT INTO fetches (run_id, source, purpose, url, outcome, message, fetched_at) "
                    "VALUES ('r', 's', 'page', ?, ?, ?, ?)", rows)
    urls = [f"https://a.example/{i}" for i in range(1, 6)]
    assert crashed_urls(con, urls, "DIED", datetime(2026, 11, 21)) == {"https://a.example/1"}
    assert crashed_urls(con, [], "DIED", datetime(2026, 11, 21)) == set()
