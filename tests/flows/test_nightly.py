"""The real `nightly-news` flow against the sample site on a real socket, into a real DuckDB file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import duckdb
import pytest

from flows.demo import demo_sources_text
from flows.site import load_articles

GOLD = json.loads((Path(__file__).parents[1] / "data" / "sample_site_gold.json").read_text(encoding="utf-8"))
DATA_TABLES = ("articles", "deals", "deal_parties", "article_companies")


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in (*DATA_TABLES, "fetches", "runs")}
    finally:
        con.close()


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def nightly_twice(prefect_harness, sample_site, tmp_path_factory):
    """Run the flow twice on the sample site; keep what each run did."""
    from flows.nightly import nightly_news

    tmp = tmp_path_factory.mktemp("nightly")
    sources = tmp / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    warehouse = tmp / "warehouse.duckdb"
    first = nightly_news(sources_file=str(sources), warehouse=str(warehouse))
    after_first = counts(warehouse)
    derived = "SELECT stale, changed_at FROM derived_state WHERE name = 'deal_events'"
    derived_first = query(warehouse, derived)
    requests_first = list(sample_site.requests)
    second = nightly_news(sources_file=str(sources), warehouse=str(warehouse))
    requests_second = sample_site.requests[len(requests_first):]
    return {"warehouse": warehouse, "first": first, "second": second, "after_first": after_first,
            "derived_first": derived_first, "derived_second": query(warehouse, derived),
            "after_second": counts(warehouse), "requests_first": requests_first,
            "requests_second": requests_second, "base": str(sample_site)}


def test_every_sample_article_is_loaded_once(nightly_twice):
    articles = load_articles()
    assert nightly_twice["after_first"]["articles"] == len(articles) >= 30
    assert nightly_twice["first"].articles_new == len(articles)
    urls = {r[0] for r in query(nightly_twice["warehouse"], "SELECT url FROM articles")}
    assert urls == {nightly_twice["base"] + a.path for a in articles}


def test_second_run_adds_nothing_and_fetches_no_article_again(nightly_twice):
    before, after = nightly_twice["after_first"], nightly_twice["after_second"]
    assert {t: after[t] for t in DATA_TABLES} == {t: before[t] for t in DATA_TABLES}
    assert nightly_twice["second"].articles_new == 0 and nightly_twice["second"].deals_new == 0
    article_paths = {p for a in load_articles() for p in a.page_paths}
    assert not article_paths & set(nightly_twice["requests_second"])
    assert after["runs"] == 2
    outcomes = query(nightly_twice["warehouse"], """SELECT purpose, outcome FROM fetches
        WHERE run_id = ? AND purpose IN ('feed', 'sitemap') ORDER BY ALL""", [nightly_twice["second"].run_id])
    assert outcomes and all(o == "not_modified" for _, o in outcomes)  # unchanged indexes cost a 304


def test_a_night_with_nothing_new_skips_the_derived_rebuild(nightly_twice):
    (stale, rebuilt_at), = nightly_twice["derived_first"]
    assert stale is False
    assert nightly_twice["derived_second"] == nightly_twice["derived_first"]  # not rebuilt again
    assert (nightly_twice["warehouse"].parent / "report" / "index.html").exists()


def test_robots_txt_is_fetched_and_private_pages_never_are(nightly_twice):
    requested = nightly_twice["requests_first"]
    assert "/robots.txt" in requested
    assert not [p for p in requested if p.startswith("/private/")]


def test_multi_page_article_is_joined_in_order(nightly_twice):
    multi = [a for a in load_articles() if len(a.pages) > 1]
    assert multi
    for a in multi:
        text, pages = query(nightly_twice["warehouse"], "SELECT text, pages FROM articles WHERE url = ?",
                            [nightly_twice["base"] + a.path])[0]
        assert pages == len(a.pages)
        first_line = a.pages[0].split("\n")[0].strip()[:20]
        last_line = a.pages[-1].strip().split("\n")[-1].strip()[:20]
        assert first_line in text and last_line in text
        assert text.index(first_line) < text.index(last_line)


def test_shift_jis_site_titles_and_dates_survive(nightly_twice):
    for a in load_articles():
        if a.site != "itm":
            continue
        title, published = query(nightly_twice["warehouse"],
                                 "SELECT title, published_date FROM articles WHERE url = ?",
                                 [nightly_twice["base"] + a.path])[0]
        assert title.split() == a.title.split()  # trafilatura turns the ideographic space into a plain one
        assert str(published) == a.published.date().isoformat()


def deals_of(warehouse: Path, path: str, base: str) -> list[dict]:
    rows = query(warehouse, """
        SELECT d.type, list(p.company ORDER BY p.company), d.amount_value, d.amount_currency, d.amount_qualifier,
               d.deal_date
        FROM deals d JOIN articles a USING (article_id) JOIN deal_parties p USING (deal_id)
        WHERE a.url = ? GROUP BY ALL""", [base + path])
    return [{"type": r[0], "parties": r[1], "value": r[2], "currency": r[3], "qualifier": r[4], "date": r[5]}
            for r in rows]


def test_openai_aws_contract_is_in_the_warehouse(nightly_twice):
    deals = deals_of(nightly_twice["warehouse"], "/bj/2025/11/post_4101.html", nightly_twice["base"])
    assert {"type": "contract", "parties": ["Amazon", "OpenAI"], "value": 38e9, "currency": "USD",
            "qualifier": "exact", "date": "2025-11-03"} in deals


def test_tagged_deals_agree_with_the_gold_labels(nightly_twice):
    """Deal-level agreement with the hand labels of the whole sample site (not tuned line by line)."""
    from transform.evaluation import Score, score_item

    score = Score()
    for path, gold in GOLD.items():
        found = deals_of(nightly_twice["warehouse"], path, nightly_twice["base"])
        predicted = [{"type": d["type"], "parties": d["parties"], "date": d["date"],
                      "amount": None if d["value"] is None else {"value": d["value"], "currency": d["currency"]}}
                     for d in found]
        score.items.append(score_item(path, predicted, gold["deals"]))
    assert score.f1 >= 0.6, score.report()
    assert score.accuracy("type_ok") >= 0.8, score.report()


def test_summary_artifact_is_published(nightly_twice):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    run_id = nightly_twice["first"].run_id
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["nightly-summary", "nightly-new-deals"]),
            flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    by_key = {a.key: a for a in artifacts}
    assert set(by_key) == {"nightly-summary", "nightly-new-deals"}
    text = by_key["nightly-summary"].data
    assert "sample-bizjournal" in text and "36 new articles" in text
    assert "OpenAI" in by_key["nightly-new-deals"].data


def test_failed_page_is_a_fetches_row_and_the_run_goes_on(prefect_harness, sample_site, tmp_path):
    from flows.nightly import nightly_news

    sources = tmp_path / "sources.toml"
    text = demo_sources_text(sample_site) + f"""
[[sources]]
name = "broken-feed"
feed = "{sample_site}/no/such/feed.xml"
"""
    sources.write_text(text, encoding="utf-8")
    summary = nightly_news(sources_file=str(sources), warehouse=str(tmp_path / "w.duckdb"), limit=2)
    assert summary.status == "partial"
    assert summary.articles_new == 4  # two per working source
    rows = query(tmp_path / "w.duckdb", "SELECT outcome, status FROM fetches WHERE source = 'broken-feed'")
    assert ("http_error", 404) in rows


def test_every_page_is_archived_and_reprocess_rebuilds_derived_rows(nightly_twice, tmp_path):
    import shutil

    from flows.reprocess import reprocess

    path = tmp_path / "copy.duckdb"
    shutil.copy(nightly_twice["warehouse"], path)
    pages = query(path, "SELECT sum(pages) FROM articles")[0][0]
    assert query(path, "SELECT count(*), sum(bytes) > 0 FROM raw_pages") == [(pages, True)]
    headers = query(path, "SELECT headers, fetched_at FROM raw_pages LIMIT 1")[0]
    assert '"content-type"' in headers[0].lower() and headers[1] is not None  # headers and fetch time kept
    before = query(path, """SELECT a.url, a.text, d.type, d.amount_value, d.deal_date
                            FROM articles a LEFT JOIN deals d USING (article_id) ORDER BY ALL""")
    terms_before = query(path, "SELECT article_id, term, n FROM article_terms ORDER BY ALL")
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM deal_parties")
    con.execute("DELETE FROM deals")
    con.execute("UPDATE articles SET text = 'stale', tagger_version = 'old'")
    con.close()

    report = reprocess(str(path))

    assert report.articles == len(load_articles()) and report.failed == 0
    after = query(path, """SELECT a.url, a.text, d.type, d.amount_value, d.deal_date
                           FROM articles a LEFT JOIN deals d USING (article_id) ORDER BY ALL""")
    assert after == before
    # article_terms has no key since migration 013: the loaders keep (article_id, term) unique
    assert query(path, "SELECT article_id, term, n FROM article_terms ORDER BY ALL") == terms_before
    assert query(path, "SELECT count(*) - count(DISTINCT (article_id, term)) FROM article_terms") == [(0,)]
    assert query(path, "SELECT DISTINCT tagger_version FROM articles")[0][0] != "old"
    assert query(path, "SELECT count(*) FROM articles WHERE reprocessed_at IS NULL")[0][0] == 0


def test_reprocess_does_not_tag_unchanged_articles_again(nightly_twice, tmp_path, monkeypatch):
    import shutil

    from flows import reprocess as reprocess_module

    path = tmp_path / "copy.duckdb"
    shutil.copy(nightly_twice["warehouse"], path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE articles SET tagger_version = 'ainews-tagger-0.0' WHERE url LIKE '%itm%'")
    retagged_expected = con.execute("SELECT count(*) FROM articles WHERE url LIKE '%itm%'").fetchone()[0]
    con.close()
    calls = []
    real = reprocess_module.tag_document
    monkeypatch.setattr(reprocess_module, "tag_document", lambda *a, **k: calls.append(1) or real(*a, **k))

    report = reprocess_module.reprocess(str(path))
    assert 0 < retagged_expected < len(load_articles())
    assert len(calls) == report.articles == retagged_expected  # only the older tagger's articles
    assert report.unchanged == len(load_articles()) - retagged_expected

    calls.clear()
    again = reprocess_module.reprocess(str(path))
    assert calls == [] and again.articles == 0 and again.unchanged == len(load_articles())
    forced = reprocess_module.reprocess(str(path), force=True)
    assert len(calls) == forced.articles == len(load_articles())


def test_term_index_finds_japanese_keywords(nightly_twice):
    path = nightly_twice["warehouse"]
    indexed = {r[0] for r in query(path, """
        SELECT article_id FROM article_terms WHERE term = '生成AI'
        INTERSECT SELECT article_id FROM article_terms WHERE term = '提携'""")}
    by_text = {r[0] for r in query(path, "SELECT article_id FROM articles WHERE text LIKE '%生成AI%' "
                                         "AND text LIKE '%提携%'")}
    assert by_text and indexed <= by_text
    assert len(indexed) >= 0.8 * len(by_text)
    weekly = query(path, "SELECT sum(articles) FROM v_term_weekly WHERE term = '生成AI'")[0][0]
    assert weekly >= len(by_text)


def test_report_charts_drawn_on_worker_processes_are_the_ones_drawn_in_process(nightly_twice, tmp_path):
    """A night draws the report's charts on its idle worker processes (spawned, like the runner's)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from flows.report import CHART_FILES, write_report
    from flows.work import import_report

    class Counting(ProcessPoolExecutor):
        submitted = 0

        def submit(self, fn, *args, **kwargs):
            Counting.submitted += 1
            return super().submit(fn, *args, **kwargs)

    write_report(nightly_twice["warehouse"], tmp_path / "here")
    with Counting(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in range(2):
            pool.submit(import_report).result()
        write_report(nightly_twice["warehouse"], tmp_path / "there", pool=pool)
    assert Counting.submitted == 2 + len(CHART_FILES)
    for name in CHART_FILES:
        assert (tmp_path / "there" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_the_report_lists_every_chart_that_flows_charts_draws():
    from flows.charts import CHARTS
    from flows.report import CHART_FILES

    assert tuple(CHARTS) == CHART_FILES


def test_a_report_drawn_on_workers_never_imports_matplotlib_in_the_writing_process(nightly_twice, tmp_path):
    """The flow hands the charts to its workers: importing matplotlib there too cost the night's tail a second."""
    import subprocess
    import sys

    script = f"""
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from flows.report import write_report
if __name__ == "__main__":
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        page = write_report({str(nightly_twice["warehouse"])!r}, {str(tmp_path / "report")!r}, pool=pool)
    print(page.stat().st_size > 0, "matplotlib" in sys.modules)
"""
    (tmp_path / "write.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "write.py")], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]
    assert len(list((tmp_path / "report").glob("*.png"))) == 3


def test_report_is_self_contained_html_with_japanese_charts(nightly_twice, tmp_path):
    import base64
    import re

    import matplotlib

    from flows.report import write_report

    page = write_report(nightly_twice["warehouse"], tmp_path / "report")
    html = page.read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 3
    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "http://" not in html.split("<body>", 1)[1].split("<table>", 1)[0]  # nothing fetched when opened
    assert "IPAexGothic" in matplotlib.rcParams["font.family"] + matplotlib.rcParams.get("font.sans-serif", [])
    assert "OpenAI" in html and "×" in html
    assert (nightly_twice["warehouse"].parent / "report" / "index.html").exists()  # refreshed by the nightly run


def test_progress_is_reported_batch_by_batch(prefect_harness, sample_site, tmp_path, monkeypatch):
    from flows import nightly

    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(nightly, "progress_hook", lambda done, total: calls.append((done, total)))
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    nightly.nightly_news(sources_file=str(sources), warehouse=str(tmp_path / "w.duckdb"), limit=3, batch_size=2)
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls) and len(calls) == 5  # 0, then 4 batches


def test_the_feed_links_are_kept_with_its_body_for_the_next_304(nightly_twice):
    """The second run answered its feed's 304 from these links, not by parsing the body again."""
    rows = query(nightly_twice["warehouse"], "SELECT url, links_json FROM http_cache WHERE links_json IS NOT NULL")
    assert rows, "no feed kept its parsed links"
    for url, links in rows:
        urls = [u for u, _title, _published in json.loads(links)]
        assert urls and all(u.startswith(nightly_twice["base"]) for u in urls), url


def test_a_page_that_killed_a_worker_is_not_fetched_again_for_a_week(prefect_harness, sample_site, tmp_path):
    """The crash night labels the page's fetch row WORKER_DIED (tests/flows/test_work.py); the
    nights after skip it for CRASH_QUARANTINE_DAYS, with a warning, and fetch the rest."""
    from datetime import datetime, timedelta, timezone

    from flows import site
    from flows.nightly import CRASH_QUARANTINE_DAYS, nightly_news
    from flows.work import WORKER_DIED
    from warehouse.db import connect

    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    bj = sorted(a.path for a in site.load_articles() if a.site == "bj")
    crashed, old_crash = f"{sample_site}{bj[0]}", f"{sample_site}{bj[1]}"
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con = connect(wh)
    con.executemany("INSERT INTO fetches (run_id, source, purpose, url, outcome, message, fetched_at) "
                    "VALUES ('earlier', 'sample-bizjournal', 'page', ?, 'parse_error', ?, ?)",
                    [(crashed, WORKER_DIED, now - timedelta(days=1)),
                     (old_crash, WORKER_DIED, now - timedelta(days=CRASH_QUARANTINE_DAYS + 1))])
    con.close()
    class Lines(logging.Handler):  # the flow run's own logger: its console output goes to a stream set at import
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.lines: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.lines.append(record.getMessage())

    grab, flow_logger = Lines(), logging.getLogger("prefect.flow_runs")
    flow_logger.addHandler(grab)
    try:
        summary = nightly_news(sources_file=str(sources), warehouse=str(wh))
    finally:
        flow_logger.removeHandler(grab)
    assert summary.articles_new == 35  # all 36 but the page that crashed yesterday
    fetched = {r[0] for r in query(wh, "SELECT url FROM fetches WHERE run_id <> 'earlier' AND purpose = 'page'")}
    assert crashed not in fetched and old_crash in fetched  # a week later it is tried again
    assert any("1 links skipped: each killed a worker process" in line and crashed in line for line in grab.lines)


def _links(source: str, n: int) -> list:
    from extract.records import Link

    return [Link(f"https://{source}.example.jp/{i}", source) for i in range(n)]


@pytest.mark.parametrize("n, size, expected", [
    (2000, 400, [200, 400, 400, 400, 400, 200]),
    (2100, 400, [200, 400, 400, 400, 400, 150, 150]),  # a last batch over half a batch is cut in two
    (3, 400, [3]),
    (0, 400, []),
    (5, 1, [1, 1, 1, 1, 1]),
    (7, 2, [1, 2, 2, 1, 1]),
])
def test_a_nights_first_and_last_batches_are_half_size(n, size, expected):
    from flows.nightly import plan_batches

    links = _links("a", n)
    plan = plan_batches([("a", links)], size)
    assert [len(batch) for _, batch in plan] == expected
    assert [link for _, batch in plan for link in batch] == links  # every link once, in order


def test_batches_never_mix_sources_and_only_the_nights_ends_are_halved():
    from flows.nightly import plan_batches

    a, b, c = _links("a", 250), _links("b", 0), _links("c", 500)
    plan = plan_batches([("a", a), ("b", b), ("c", c)], 200)
    assert [(name, len(batch)) for name, batch in plan] == [("a", 100), ("a", 150), ("c", 200), ("c", 200), ("c", 100)]
    assert [link for _, batch in plan for link in batch] == a + c


def test_the_runs_summary_is_named_after_the_run_not_its_last_source(nightly_twice):
    from flows.nightly import night_name

    first = nightly_twice["first"]
    assert first.name == night_name()
    assert first.headline().startswith(f"{night_name()}: ") and first.markdown().startswith(f"# {night_name()}\n")
    assert query(nightly_twice["warehouse"], "SELECT count(*) FROM runs WHERE flow_run_name = ?", [night_name()]) == [(2,)]


def test_a_finished_night_keeps_no_batch_alive_even_without_garbage_collection(prefect_harness, sample_site,
                                                                                 tmp_path):
    """The flow empties the boxes its batches travel in once it has taken them. Prefect's
    futures and task runs can sit in reference cycles that only a collection frees; a box
    still full there kept its batch (pages, tagged articles) alive too, and with the
    flow's process collecting less often (flows.process_gc) a 10,000-page night peaked
    110 MiB higher."""
    import gc

    from flows.nightly import nightly_news
    from flows.work import FetchedArticle, Processed
    from warehouse.load import LoadItem

    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    gc.collect()
    gc.disable()
    try:
        summary = nightly_news(sources_file=str(sources), warehouse=str(tmp_path / "w.duckdb"), batch_size=8)
        alive = [o for o in gc.get_objects() if isinstance(o, (FetchedArticle, LoadItem, Processed))]
    finally:
        gc.enable()
    assert summary.articles_new == 36
    assert alive == []
