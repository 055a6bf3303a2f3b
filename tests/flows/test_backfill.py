"""Backfill: older articles from the sitemaps, only within the dates, resumable."""

from __future__ import annotations

import duckdb

from flows.demo import demo_sources_text
from flows.site import load_articles


def test_backfill_loads_only_the_articles_of_the_window_and_resumes(prefect_harness, sample_site, tmp_path):
    from flows.nightly import backfill_news

    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")  # a feed source and a sitemap source
    warehouse = tmp_path / "w.duckdb"
    window = ("2025-10-01", "2025-10-31")
    expected = {sample_site + a.path for a in load_articles()
                if window[0] <= a.published.date().isoformat() <= window[1]}
    assert expected
    already = len(sample_site.requests)  # the server is shared with other tests

    # Interrupted after one article per source...
    first = backfill_news(sources_file=str(sources), warehouse=str(warehouse), since=window[0], until=window[1],
                          limit=1)
    assert first.articles_new == 2
    # ...and resumed: the rest, nothing twice, nothing outside the window.
    second = backfill_news(sources_file=str(sources), warehouse=str(warehouse), since=window[0], until=window[1],
                           batch_size=2)
    con = duckdb.connect(str(warehouse), read_only=True)
    urls = [r[0] for r in con.execute("SELECT url FROM articles").fetchall()]
    con.close()
    assert sorted(urls) == sorted(expected)
    assert second.articles_new == len(expected) - 2
    requested = [p for p in sample_site.requests[already:] if p.startswith(("/bj/20", "/itm/aiplus/articles/"))]
    assert len(requested) == len(set(requested))  # no page fetched twice
