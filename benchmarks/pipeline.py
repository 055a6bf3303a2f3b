"""Pipeline benchmark: `nightly-news` end to end against the libraries' own speed, in one run.

    python benchmarks/pipeline.py [--pages 2000] [--concurrency 4]

Generates N article pages from the sample site's templates (each a distinct
article: the sample articles with new ids, titles and a numbered paragraph),
serves them on 127.0.0.1 and measures, side by side:

  (a) the floor: the same libraries called directly in a tight loop on the same
      pages: trafilatura extraction, fugashi tokenisation, one bulk DuckDB insert;
  (b) the pipeline: the real flow (discover, fetch over HTTP, assemble, extract,
      tag, load, deal events, report), Prefect start-up timed separately;
  (c) a second run with nothing new.

It prints pages/s for (a) and (b), their ratio, the start-up cost, the second
run's time relative to the first, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402
import fugashi  # noqa: E402
import trafilatura  # noqa: E402

from extract.encoding import decode_html  # noqa: E402
from flows import site  # noqa: E402
from flows.site_server import SiteServer  # noqa: E402


def synthetic_pages(base: str, n: int) -> tuple[dict[str, site.SitePage], list[str]]:
    """N single-page articles rendered with the real templates, plus an RSS feed listing them."""
    samples = [a for a in site.load_articles()]
    variants = []
    for i in range(n):
        a = samples[i % len(samples)]
        body = a.body.replace(site.PAGE_BREAK, "") + f"\n\n本稿は連載の第{i}回である。"
        stem = f"/bench/{a.site}/{i:06d}.html"
        variants.append(dataclasses.replace(a, id=f"bench-{i}", path=stem, title=f"{a.title}（{i}）", body=body))
    pages: dict[str, site.SitePage] = {}
    for v in variants:
        pages.update(site._render_article(v, base, "", ""))
    pages["/bench/feed.xml"] = site.SitePage(site._rss2(variants, base), site.RSS_CONTENT_TYPE)
    pages["/robots.txt"] = site.SitePage(b"User-agent: *\nAllow: /\n", "text/plain")
    return pages, [v.path for v in variants]


def floor(pages: dict[str, site.SitePage], paths: list[str]) -> float:
    """Seconds for trafilatura + fugashi + one bulk insert over every page."""
    tagger = fugashi.Tagger()
    started = time.perf_counter()
    texts = []
    for p in paths:
        page = pages[p]
        text = trafilatura.extract(decode_html(page.body, page.content_type), include_comments=False) or ""
        tagger(text)
        texts.append((p, text))
    con = duckdb.connect()
    con.execute("CREATE TABLE t (url VARCHAR, text VARCHAR)")
    con.execute("INSERT INTO t SELECT * FROM (SELECT unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS text)",
                [[u for u, _ in texts], [t for _, t in texts]])
    con.close()
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()

    server = SiteServer("127.0.0.1", 0)
    pages, paths = synthetic_pages(server.base_url, args.pages)
    server.pages = pages
    import threading
    threading.Thread(target=server.serve_forever, daemon=True).start()

    t_floor = floor(pages, paths)
    print(f"floor    (trafilatura + fugashi + bulk insert): {args.pages / t_floor:8.1f} pages/s  ({t_floor:.1f} s)")

    from prefect import flow

    @flow(name="startup-probe")
    def probe() -> None:
        return None

    t = time.perf_counter()
    probe()
    startup = time.perf_counter() - t
    print(f"prefect start-up (first flow run in the process): {startup:.1f} s")

    from flows.nightly import nightly_news

    with tempfile.TemporaryDirectory(prefix="ainews-bench-") as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(f"""[fetch]
min_interval_s = 0
per_host_concurrency = {args.concurrency}
timeout_s = 20
allow_private = ["127.0.0.1"]
[[sources]]
name = "bench"
feed = "{server.base_url}/bench/feed.xml"
""", encoding="utf-8")
        warehouse = str(Path(tmp) / "bench.duckdb")
        t = time.perf_counter()
        summary = nightly_news(sources_file=str(sources), warehouse=warehouse)
        t_pipe = time.perf_counter() - t
        requests_first = len(server.requests)
        t = time.perf_counter()
        nightly_news(sources_file=str(sources), warehouse=warehouse)
        t_again = time.perf_counter() - t
        requests_second = len(server.requests) - requests_first
    print(f"pipeline (nightly-news end to end):             {summary.articles_new / t_pipe:8.1f} pages/s  "
          f"({t_pipe:.1f} s, {summary.articles_new} articles, {requests_first} requests, "
          f"per-host concurrency {args.concurrency})")
    print(f"ratio pipeline / floor:                          {(summary.articles_new / t_pipe) / (args.pages / t_floor):8.2f}")
    print(f"second run, nothing new:                         {t_again:8.1f} s = {t_again / t_pipe:.0%} of the first "
          f"({requests_second} requests)")
    print(f"peak RSS of this process:                        {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.0f} MiB")
    server.shutdown()


if __name__ == "__main__":
    main()
