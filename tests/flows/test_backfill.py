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


def test_backfill_walks_paginated_listing_pages_and_keeps_the_window(prefect_harness, tmp_path):
    from flows.nightly import backfill_news
    from tests.support.httpserver import base_url, send, serve

    def article(day: str, title: str) -> bytes:
        return (f'<html><head><meta charset="utf-8"><title>{title}</title>'
                f'<meta property="article:published_time" content="{day}T09:00:00+09:00"></head>'
                f"<body><article><h1>{title}</h1><p>{title}について、関係者は今後も交渉を続けると話した。</p>"
                f"<p>市場では今後の動向に注目が集まっている。</p></article></body></html>").encode()

    days = {"/a/1.html": "2025-06-02", "/a/2.html": "2025-06-20", "/a/3.html": "2025-05-28", "/a/4.html": "2025-06-30"}
    routes = {p: (lambda b: (lambda h: send(h, 200, b)))(article(d, f"記事{p[-6]}")) for p, d in days.items()}
    routes["/archive/"] = lambda h: send(h, 200, '<a href="/a/1.html">1</a><a href="/a/2.html">2</a>'
                                                 '<a href="/archive/page/2/">次へ</a>'.encode())
    routes["/archive/page/2/"] = lambda h: send(h, 200, '<a href="/a/3.html">3</a><a href="/a/4.html">4</a>'
                                                        .encode())
    with serve(routes) as srv:
        base = base_url(srv)
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""[fetch]
min_interval_s = 0
allow_private = ["127.0.0.1"]
[[sources]]
name = "archive"
listing = "{base}/archive/"
include = "/a/"
""", encoding="utf-8")
        warehouse = tmp_path / "w.duckdb"
        summary = backfill_news(sources_file=str(sources), warehouse=str(warehouse), since="2025-06-01",
                                until="2025-06-30")
        requested = set(srv.requests)
    con = duckdb.connect(str(warehouse), read_only=True)
    urls = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
    con.close()
    assert urls == {base + p for p, d in days.items() if d.startswith("2025-06")}
    assert "/archive/page/2/" in requested and summary.articles_new == 3
