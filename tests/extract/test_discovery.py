from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.config import FetchSettings, Source
from extract.discover import discover
from extract.errors import ParseFailed
from extract.feeds import parse_feed
from extract.fetch import Fetcher
from extract.pages import find_next_page, join_texts, maybe_next
from extract.sitemaps import parse_sitemap
from tests.support.httpserver import base_url, send, serve

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>一</title><link>https://example.jp/2025/11/post_1.html?utm_source=rss</link>
<pubDate>Tue, 04 Nov 2025 09:00:00 +0900</pubDate></item>
<item><title>二</title><link>https://example.jp/2025/11/post_2.html</link></item>
<item><title>広告</title><link>https://example.jp/pr/ad.html</link></item>
</channel></rss>""".encode()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><title>&lol2;</title><link>https://x/1</link></item></channel></rss>"""


def test_rss_links_with_dates():
    links = parse_feed(RSS, "https://example.jp/index.xml", "bj")
    assert [link.url for link in links][:2] == ["https://example.jp/2025/11/post_1.html?utm_source=rss",
                                               "https://example.jp/2025/11/post_2.html"]
    assert links[0].published == "2025-11-04T00:00:00Z"


def test_entity_bomb_feed_is_refused_without_expansion():
    with pytest.raises(ParseFailed, match="entities"):
        parse_feed(BOMB, "https://x/feed", "s")


def test_garbage_feed_is_parse_error():
    with pytest.raises(ParseFailed):
        parse_feed(b"<html><body>not a feed</body></html>", "https://x/feed", "s")


def test_sitemap_index_and_urlset():
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x/a.xml</loc></sitemap></sitemapindex>"""
    urlset = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://x/1.html</loc><lastmod>2025-11-04</lastmod></url></urlset>"""
    assert parse_sitemap(index, "https://x/", "s").children == ("https://x/a.xml",)
    sm = parse_sitemap(urlset, "https://x/", "s")
    assert [(link.url, link.published) for link in sm.links] == [("https://x/1.html", "2025-11-04")]


def test_discover_feed_canonicalises_filters_and_dedupes():
    feed = RSS.replace(b"https://example.jp", b"BASE")

    with serve({}) as srv:
        base = base_url(srv)
        body = feed.replace(b"BASE", base.encode())
        srv.routes["/index.xml"] = lambda h: send(h, 200, body, "application/rss+xml")
        source = Source(name="bj", kind="feed", url=base + "/index.xml", include=r"/\d{4}/\d{2}/post_")
        with Fetcher(FetchSettings(min_interval_s=0, allow_private=("127.0.0.1",))) as f:
            found = discover(source, f)
            log = f.drain_log()
    assert not found.failed
    assert [link.url for link in found.links] == [f"{base}/2025/11/post_1.html", f"{base}/2025/11/post_2.html"]
    assert ("feed", "ok") in [(x.purpose, x.outcome) for x in log]


def test_broken_feed_marks_source_failed_and_logs_parse_error():
    with serve({"/index.xml": lambda h: send(h, 200, b"<rss><channel>", "application/rss+xml")}) as srv:
        source = Source(name="bj", kind="feed", url=base_url(srv) + "/index.xml")
        with Fetcher(FetchSettings(min_interval_s=0, allow_private=("127.0.0.1",))) as f:
            found = discover(source, f)
            log = f.drain_log()
    assert found.failed and found.error.startswith("parse_error")
    assert [(x.purpose, x.outcome) for x in log if x.purpose == "feed"] == [("feed", "parse_error")]


def test_next_page_by_rel_next_text_and_pattern():
    url = "https://x/bj/2025/11/post_12.html"
    assert find_next_page('<html><head><link rel="next" href="post_12_2.html"></head></html>', url) \
        == "https://x/bj/2025/11/post_12_2.html"
    assert find_next_page('<a href="/bj/2025/11/post_12_2.html">次のページへ</a>', url) \
        == "https://x/bj/2025/11/post_12_2.html"
    # "次へ" pointing at another article is not a next page.
    assert find_next_page('<a href="/bj/2025/11/post_99.html">次の記事へ</a>', url) is None
    assert find_next_page('<a href="/bj/2025/11/post_12.html" rel="next">次へ</a>', url) is None


def test_join_drops_repeated_lines():
    assert join_texts(["リード\n本文1", "リード\n本文2"]) == "リード\n本文1\n本文2"


def _conditional_feed(body: bytes, etag: str = '"f1"'):
    def route(h):
        if h.headers.get("If-None-Match") == etag:
            send(h, 304, b"", None, {"ETag": etag})
        else:
            send(h, 200, body, "application/rss+xml", {"ETag": etag})
    return route


def test_an_unchanged_feed_gives_the_links_parsed_last_time_without_parsing_again():
    from extract.validators import DiscoveryCache

    with serve({}) as srv:
        base = base_url(srv)
        srv.routes["/index.xml"] = _conditional_feed(RSS.replace(b"https://example.jp", base.encode()))
        source = Source(name="bj", kind="feed", url=base + "/index.xml")
        settings = FetchSettings(min_interval_s=0, allow_private=("127.0.0.1",))
        cache = DiscoveryCache()
        with Fetcher(settings, validators=cache) as f:
            first = discover(source, f, cache)
        saved = cache.changed_rows()
        assert len(saved) == 1 and saved[0][5] is not None  # validators, body and the parsed links

        # The next run starts from the saved rows. Were the kept body parsed again on the 304,
        # this one would fail: it is not a feed. The links come from the last parse instead.
        url, etag, modified, _, ctype, links = saved[0]
        cache = DiscoveryCache([(url, etag, modified, b"<html>not a feed</html>", ctype, links)])
        with Fetcher(settings, validators=cache) as f:
            second = discover(source, f, cache)
            log = f.drain_log()
    assert [(x.purpose, x.outcome) for x in log if x.purpose == "feed"] == [("feed", "not_modified")]
    assert not second.failed and second.links == first.links and len(first.links) == 3
    assert cache.changed_rows() == []  # nothing to save: the same validators, body and links


def test_a_cache_row_saved_before_links_were_kept_is_parsed_once_and_completed():
    from extract.validators import DiscoveryCache

    with serve({}) as srv:
        base = base_url(srv)
        body = RSS.replace(b"https://example.jp", base.encode())
        srv.routes["/index.xml"] = _conditional_feed(body)
        source = Source(name="bj", kind="feed", url=base + "/index.xml")
        cache = DiscoveryCache([(source.url, '"f1"', None, body, "application/rss+xml")])  # five columns: older rows
        with Fetcher(FetchSettings(min_interval_s=0, allow_private=("127.0.0.1",)), validators=cache) as f:
            found = discover(source, f, cache)
    assert len(found.links) == 3
    (row,) = cache.changed_rows()
    assert [x[0] for x in json.loads(row[5])] == [link.url for link in parse_feed(body, source.url, "bj")]


def test_a_changed_feed_calls_on_new_body_and_an_unchanged_one_does_not():
    """The flow starts its worker processes on this call: a new body means new articles
    are likely; a 304 means the night has nothing new to extract from this source."""
    from extract.validators import DiscoveryCache

    calls: list[int] = []
    with serve({}) as srv:
        base = base_url(srv)
        srv.routes["/index.xml"] = _conditional_feed(RSS.replace(b"https://example.jp", base.encode()))
        source = Source(name="bj", kind="feed", url=base + "/index.xml")
        settings = FetchSettings(min_interval_s=0, allow_private=("127.0.0.1",))
        cache = DiscoveryCache(on_new_body=lambda: calls.append(1))
        with Fetcher(settings, validators=cache) as f:
            discover(source, f, cache)
        assert calls == [1]
        cache = DiscoveryCache(cache.changed_rows(), on_new_body=lambda: calls.append(2))
        with Fetcher(settings, validators=cache) as f:
            again = discover(source, f, cache)
    assert calls == [1] and len(again.links) == 3


def test_the_same_body_again_from_a_server_without_validators_calls_nothing():
    """A server that sends no ETag or Last-Modified answers 200 every night: the same
    bytes again are no sign of new articles, so the flow's workers are not started."""
    from extract.validators import DiscoveryCache

    calls: list[str] = []
    cache = DiscoveryCache(on_new_body=lambda: calls.append("new"))
    cache.keep("https://example.jp/feed.xml", b"<rss>1</rss>", "application/rss+xml")
    cache.keep("https://example.jp/feed.xml", b"<rss>1</rss>", "application/rss+xml")
    assert calls == ["new"]
    cache.keep("https://example.jp/feed.xml", b"<rss>2</rss>", "application/rss+xml")
    assert calls == ["new", "new"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["next", "NEXT", "NeXt", "nExT", "ｎｅｘｔ", "nex", "ext", "ıext", "次のページ", "次ページ",
                                  "次へ", "次の", "ページ", "次", "へ", "&#", "&", "#", " ", "<a>", "本文"]),
                max_size=8).map("".join))
def test_the_next_page_prefilter_answers_as_a_case_insensitive_search_would(markup):
    """maybe_next must never miss a page that the plain case-insensitive search would parse."""
    expected = re.search(r"next|次のページ|次ページ|次へ|&#", markup, re.IGNORECASE) is not None
    assert maybe_next(markup) == expected
