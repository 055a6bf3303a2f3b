"""`ainews run` against a site full of faults: exactly the good articles load, every bad page
leaves its row with the right outcome, nothing forbidden is contacted, and the run exits 0."""

from __future__ import annotations

import gzip

import duckdb
from typer.testing import CliRunner

from flows.cli import app
from tests.support.httpserver import base_url, reset, send, serve


def page(title: str, body: str, charset: str = "utf-8", meta: bool = True) -> bytes:
    head = f'<meta charset="{charset}">' if meta else ""
    text = (f"<html><head>{head}<title>{title} | テスト新聞</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body}</p><p>関係者は今後の展開に注目している。</p></article></body></html>")
    return text.encode("cp932" if charset.lower() == "shift_jis" else charset)


GOOD = {
    "/news/good1.html": page("富士通、株式会社ミナト物流とAI配送で提携", "富士通は3日、株式会社ミナト物流とAIを使った配送計画で提携したと発表した。"),
    "/news/good2.html": page("KDDI、生成AI新興に出資", "KDDIは4日、生成AIを開発する株式会社ソラマメ知能に10億円を出資したと発表した。"),
    # Shift_JIS with the charset only in <meta>, and a wrong one in the header.
    "/news/sjis.html": page("NEC、地方銀行と契約", "NECは5日、株式会社ハマナス銀行と勘定系システムの契約を結んだと発表した。", "Shift_JIS"),
}


def test_run_loads_exactly_the_good_articles_and_accounts_for_every_bad_page(prefect_harness, tmp_path):
    bad_outcomes = {
        "/news/missing.html": "http_error",
        "/news/down.html": "http_error",
        "/news/reset.html": "network_error",
        "/news/report.pdf.html": "not_html",
        "/news/bomb.html": "too_large",
        "/news/loop.html": "too_many_redirects",
        "/news/metadata.html": "blocked_address",
        "/private/secret.html": "robots",
        "/news/empty.html": "empty",
    }
    routes = {
        "/robots.txt": lambda h: send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/news/down.html": lambda h: send(h, 503, b"busy"),
        "/news/reset.html": reset,
        "/news/report.pdf.html": lambda h: send(h, 200, b"%PDF-1.7 not a page", "application/pdf"),
        "/news/bomb.html": lambda h: send(h, 200, gzip.compress(b"<p>" + b"a" * 20_000_000, 9),
                                          headers={"Content-Encoding": "gzip"}),
        "/news/loop.html": lambda h: send(h, 302, headers={"Location": "/news/loop2.html"}),
        "/news/loop2.html": lambda h: send(h, 302, headers={"Location": "/news/loop.html"}),
        "/news/metadata.html": lambda h: send(h, 302, headers={"Location": "http://169.254.169.254/latest/"}),
        "/private/secret.html": lambda h: send(h, 200, page("秘密", "公開されない。")),
        "/news/empty.html": lambda h: send(h, 200, b"<html><body></body></html>"),
    }
    for path, body in GOOD.items():
        ctype = "text/html; charset=utf-8" if "sjis" in path else "text/html"
        routes[path] = (lambda b, c: (lambda h: send(h, 200, b, c)))(body, ctype)
    with serve(routes) as srv:
        base = base_url(srv)
        items = "".join(f"<item><title>x</title><link>{base}{p}</link></item>" for p in [*GOOD, *bad_outcomes])
        feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
        srv.routes["/feed.xml"] = lambda h: send(h, 200, feed.encode(), "application/rss+xml")
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""[fetch]
timeout_s = 3
retries = 1
min_interval_s = 0
max_bytes = 1000000
max_redirects = 3
allow_private = ["127.0.0.1"]

[[sources]]
name = "hostile"
feed = "{base}/feed.xml"

[[sources]]
name = "gone"
feed = "{base}/no-such-feed.xml"
""", encoding="utf-8")
        warehouse = tmp_path / "w.duckdb"
        result = CliRunner().invoke(app, ["run", "--sources", str(sources), "--warehouse", str(warehouse)])
        requested = list(srv.requests)
    assert result.exit_code == 0, result.output

    con = duckdb.connect(str(warehouse), read_only=True)
    urls = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
    assert urls == {base + p for p in GOOD}
    titles = {r[0] for r in con.execute("SELECT title FROM articles").fetchall()}
    assert "NEC、地方銀行と契約" in titles  # the Shift_JIS page decoded despite the wrong header
    rows = dict(con.execute("SELECT url, outcome FROM fetches WHERE purpose = 'page' AND outcome <> 'ok'").fetchall())
    for path, outcome in bad_outcomes.items():
        assert rows.get(base + path) == outcome, (path, rows.get(base + path))
    assert con.execute("SELECT outcome, status FROM fetches WHERE source = 'gone' AND purpose = 'feed'").fetchall() == [
        ("http_error", 404)]
    assert con.execute("SELECT count(*) FROM fetches WHERE message IS NULL AND outcome <> 'ok'").fetchone()[0] == 0
    con.close()
    assert not [p for p in requested if p.startswith("/private/")]
