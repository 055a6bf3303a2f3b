"""The bundled sample news site: content, encodings, feeds, sitemaps, server, gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import httpx
import pytest
from defusedxml import ElementTree

from flows.site import SampleArticle, build_site, load_articles
from flows.site_server import serve_site

BASE = "http://127.0.0.1:8765"
GOLD = Path(__file__).resolve().parents[1] / "data" / "sample_site_gold.json"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def articles() -> list[SampleArticle]:
    return load_articles()


@pytest.fixture(scope="module")
def site():
    return build_site(BASE)


def test_article_counts(articles):
    assert len(articles) >= 36
    assert len({a.title for a in articles}) >= 30
    assert len({a.path for a in articles}) == len(articles)
    sites = {s: [a for a in articles if a.site == s] for s in ("bj", "itm")}
    assert len(sites["bj"]) >= 18 and len(sites["itm"]) >= 14
    for items in sites.values():
        assert any(len(a.pages) > 1 for a in items), "each site needs a multi-page article"


def test_article_shape(articles):
    for a in articles:
        assert a.published.utcoffset() is not None
        n = len(re.sub(r"\s", "", a.text))
        assert 600 <= n <= 2500, (a.id, n)
        if a.site == "bj":
            assert re.fullmatch(r"/bj/\d{4}/\d{2}/post_\d+\.html", a.path)
        else:
            assert re.fullmatch(r"/itm/aiplus/articles/\d{4}/\d{2}/news\d{3}\.html", a.path)


def test_pages_decode_in_declared_charset(site, articles):
    for a in articles:
        for n, path in enumerate(a.page_paths, 1):
            page = site[path]
            if a.site == "itm":
                assert page.content_type == "text/html; charset=Shift_JIS"
                text = page.body.decode("shift_jis")  # strict: no cp932-only characters
                assert '<meta charset="Shift_JIS">' in text
            else:
                assert page.content_type == "text/html; charset=utf-8"
                text = page.body.decode("utf-8")
            assert f'<link rel="canonical" href="{BASE}{path}">' in text
            assert 'property="article:published_time"' in text
            if n < len(a.page_paths):
                nxt = f"{BASE}{a.page_paths[n]}"
                assert f'<link rel="next" href="{nxt}">' in text
                assert f'rel="next" href="{nxt}">次のページへ</a>' in text


def test_titles_carry_site_name(site, articles):
    a = next(a for a in articles if a.site == "bj" and len(a.pages) == 1)
    assert f"<title>{a.title} | ビジネスジャーナル風</title>" in site[a.path].body.decode()


def _feed_links(site) -> dict[str, list[str]]:
    bj = [e.link for e in feedparser.parse(site["/bj/index.xml"].body).entries]
    itm = [e.link for e in feedparser.parse(site["/itm/rss.xml"].body).entries]
    return {"bj": bj, "itm": itm}


def _sitemap_links(site) -> dict[str, list[str]]:
    index = ElementTree.fromstring(site["/sitemap.xml"].body)
    out = {}
    for loc in index.iter(f"{SM}loc"):
        path = loc.text.removeprefix(BASE)
        urlset = ElementTree.fromstring(site[path].body)
        assert all(u.find(f"{SM}lastmod") is not None for u in urlset.iter(f"{SM}url"))
        out[path.split("/")[1]] = [u.text for u in urlset.iter(f"{SM}loc")]
    return out


@pytest.mark.parametrize("collect", [_feed_links, _sitemap_links])
def test_feeds_and_sitemaps_list_each_first_page_once(site, articles, collect):
    links = collect(site)
    for s in ("bj", "itm"):
        expected = sorted(BASE + a.path for a in articles if a.site == s)
        assert sorted(links[s]) == expected


def test_feed_entries_have_dates_and_descriptions(site):
    for path in ("/bj/index.xml", "/itm/rss.xml"):
        feed = feedparser.parse(site[path].body)
        assert not feed.bozo
        for e in feed.entries:
            assert e.title and e.summary and (e.get("published_parsed") or e.get("updated_parsed"))


def test_robots_and_private(site):
    robots = site["/robots.txt"].body.decode()
    assert "User-agent: *" in robots and "Disallow: /private/" in robots
    assert "/private/draft.html" in site["/bj/"].body.decode()  # bait for the crawler
    for path in ("/bj/index.xml", "/itm/rss.xml", "/bj/sitemap.xml", "/itm/sitemap.xml"):
        assert b"/private/" not in site[path].body


def test_serve_site_over_a_socket(articles):
    itm = next(a for a in articles if a.site == "itm")
    with serve_site() as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        with httpx.Client(timeout=5) as client:
            r = client.get(f"{url}{itm.path}")
            assert r.status_code == 200
            assert r.headers["content-type"] == "text/html; charset=Shift_JIS"
            assert int(r.headers["content-length"]) == len(r.content)
            assert itm.title in r.content.decode("shift_jis")
            assert f"{url}/" in r.content.decode("shift_jis")  # absolute URLs use the real port

            head = client.head(f"{url}/bj/index.xml")
            assert head.status_code == 200 and head.content == b""
            assert int(head.headers["content-length"]) > 0

            etag = r.headers["etag"]
            assert client.get(f"{url}{itm.path}", headers={"If-None-Match": etag}).status_code == 304

            assert client.get(f"{url}/no/such/page.html").status_code == 404
            feed = feedparser.parse(client.get(f"{url}/bj/index.xml").content)
            assert all(e.link.startswith(url) for e in feed.entries)
        assert url.server.requests[:2] == [itm.path, "/bj/index.xml"]
        assert "/no/such/page.html" in url.requests


GOLD_TYPES = {"partnership", "investment", "acquisition", "contract"}
GOLD_QUALIFIERS = {"exact", "approx", "at_least", "up_to", "range"}


def test_gold_covers_every_article(articles):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert set(gold) == {a.path for a in articles}
    negatives = 0
    for a in articles:
        g = gold[a.path]
        assert g["title"] == a.title
        assert g["published"] == a.published.date().isoformat()
        negatives += not g["deals"]
        for d in g["deals"]:
            assert d["type"] in GOLD_TYPES
            assert len(d["parties"]) >= 2 and d["parties"] == sorted(d["parties"])
            assert d["status"] in {"announced", "rumor", "denied"}
            assert d["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d["date"])
            amount = d["amount"]
            if amount is not None:
                assert amount["currency"] in {"USD", "JPY", "EUR", "CNY", "GBP"}
                assert amount["qualifier"] in GOLD_QUALIFIERS
                assert amount["value"] > 0
                assert ("high" in amount) == (amount["qualifier"] == "range")
    assert negatives >= 6
