"""The fast path for plain RSS feeds must read every feed exactly as feedparser does,
or hand it to feedparser: generated feeds, parsed both ways, give the same links."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.errors import ParseFailed
from extract.feeds import _plain_items, parse_feed, parse_with_feedparser
from flows import site

BASE = "https://example.jp/feed.xml"
NAMESPACES = ('xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
              'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"')

_plain_text = st.text(st.sampled_from(list("AIエヌビディア提携 \n\t'\"一二（）、")), max_size=20)
_markup_text = st.lists(st.sampled_from(list("AI提携 \n&<>é") + ["&amp;", "<b>"]), max_size=8).map("".join)
_plain_href = st.sampled_from([
    "https://example.jp/2025/11/post_1.html", "/2025/11/post_2.html", "post_3.html", "https://example.jp/a?x=1&y=2",
    "  https://example.jp/pad.html \n", "#frag", "https://例え.jp/記事/1", "HTTPS://EXAMPLE.JP/Up.html",
    "//cdn.example.jp/x", "https://example.jp/a%20b?q=日本"])
_odd_href = st.text(st.sampled_from(list("abc/:.?=&%# 日")), max_size=12)
_date = st.sampled_from([
    "Tue, 04 Nov 2025 09:00:00 +0900", "Tue, 04 Nov 2025 09:00:00 GMT", "04 Nov 2025 09:00 JST",
    "Mon, 31 Feb 2025 09:00:00 +0000", "2025-11-04T09:00:00+09:00", "2025-11-04", "2025-11",
    "2025年11月4日", "yesterday", "", "  2025-11-04T00:00:00Z  ", "Tue, 4 Nov 25 9:00:00 EST"])
_DATE_TAGS = ["pubDate", "dc:date", "dcterms:issued", "dcterms:modified"]


ODDITIES = ["none", "markup title", "no link", "two links", "odd link", "atom:link", "xml:base", "two dates"]


@st.composite
def _item(draw, rdf: bool, plain: bool) -> str:
    """An item: a plain one is what the fast path must read itself; any other has one oddity
    (or none), each of which the fast path must either read as feedparser does or refuse."""
    odd = "none" if plain else draw(st.sampled_from(ODDITIES))
    parts = []
    if draw(st.booleans()) or odd == "markup title":
        text = draw(_markup_text if odd == "markup title" else _plain_text)
        parts.append(f"<title><![CDATA[{text.replace(']]>', '')}]]></title>" if draw(st.booleans())
                     else f"<title>{escape(text)}</title>")
    links = {"no link": 0, "two links": 2}.get(odd, 1)
    for _ in range(links):
        parts.append(f"<link>{escape(draw(_odd_href if odd == 'odd link' else _plain_href))}</link>")
    if not rdf and draw(st.booleans()):
        permalink = draw(st.sampled_from(["", ' isPermaLink="true"', ' isPermaLink="false"']))
        parts.append(f"<guid{permalink}>{escape(draw(st.one_of(_plain_href, _odd_href)))}</guid>")
    tags = [t for t in _DATE_TAGS if not (rdf and t == "pubDate")]
    for tag in draw(st.lists(st.sampled_from(tags), min_size=2 if odd == "two dates" else 0,
                             max_size=2 if odd == "two dates" else 1)):
        parts.append(f"<{tag}>{escape(draw(_date))}</{tag}>")
    if draw(st.booleans()):
        parts.append("<description>&lt;p&gt;本文&lt;/p&gt;</description><dc:creator>記者</dc:creator>")
    if odd == "atom:link":
        parts.append(f'<atom:link rel="alternate" href={quoteattr(draw(_plain_href))}/>')
    draw(st.randoms()).shuffle(parts)
    attrs = ""
    if rdf and draw(st.booleans()):
        attrs += f" rdf:about={quoteattr(draw(st.one_of(_plain_href, _odd_href)))}"
    if odd == "xml:base":
        attrs += ' xml:base="https://other.example.jp/dir/"'
    return f"<item{attrs}>{''.join(parts)}</item>"


@st.composite
def _feed(draw, plain: bool) -> bytes:
    rdf = draw(st.booleans())
    items = "\n".join(draw(st.lists(_item(rdf, plain), min_size=1 if plain else 0, max_size=4)))
    encoding = draw(st.sampled_from(["utf-8", "shift_jis"]))
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n'
    if rdf:
        body = (f'<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'{NAMESPACES}><channel rdf:about="{BASE}"><title>t</title></channel>{items}</rdf:RDF>')
    else:
        body = f'<rss version="2.0" {NAMESPACES}><channel><title>t</title>{items}</channel></rss>'
    return (head + body).encode(encoding, errors="xmlcharrefreplace")


def _links(parse, body: bytes):
    try:
        return parse(body, BASE, "s")
    except ParseFailed as e:
        return f"ParseFailed: {str(e).split(':')[0]}"


@settings(max_examples=300, deadline=None)
@given(_feed(plain=True))
def test_the_fast_path_reads_plain_feeds_itself_and_as_feedparser_does(body):
    assert _plain_items(body) is not None
    assert _links(parse_feed, body) == _links(parse_with_feedparser, body)


@settings(max_examples=400, deadline=None)
@given(_feed(plain=False))
@example(  # found by this test: an item's only link in rdf:about, padded, was not stripped
    b'<rdf:RDF xmlns="http://purl.org/rss/1.0/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<item rdf:about="  https://example.jp/pad.html &#10;"><title>A</title></item></rdf:RDF>')
def test_any_generated_feed_gives_the_same_links_either_way(body):
    assert _links(parse_feed, body) == _links(parse_with_feedparser, body)


def test_the_sample_sites_feeds_take_the_fast_path_and_agree_with_feedparser():
    pages = site.build_site("http://127.0.0.1:9")
    feeds = {path: page.body for path, page in pages.items()
             if path.endswith((".xml", ".rdf")) and (b"<rss" in page.body[:400] or b"<rdf:RDF" in page.body[:600])}
    assert len(feeds) >= 2, sorted(pages)
    for path, body in feeds.items():
        assert _plain_items(body) is not None, path
        assert parse_feed(body, BASE, "s") == parse_with_feedparser(body, BASE, "s"), path


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
    b'<entry><title>A</title><link href="/a.html"/><id>x</id><updated>2025-11-04T09:00:00Z</updated></entry></feed>',
    b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.jp/rss.dtd"><rss version="2.0"><channel>'
    b'<item><title>A</title><link>/a.html</link></item></channel></rss>',
    b'<rss version="2.0"><channel><item><title>A &amp; B</title><link>/a.html</link></item></channel></rss>',
    b'<rss version="2.0"><channel><item><title>A</title><link>/a.html</link></item>',  # cut short
], ids=["atom", "doctype", "markup-title", "malformed"])
def test_feeds_off_the_fast_path_are_read_by_feedparser(body):
    assert _plain_items(body) is None
    links = parse_feed(body, BASE, "s")
    assert [link.url for link in links] == ["https://example.jp/a.html"]
    assert links == parse_with_feedparser(body, BASE, "s")
