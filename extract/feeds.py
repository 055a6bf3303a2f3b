"""RSS / Atom / RDF feeds -> article links.

feedparser copes with the many broken feeds in the wild. Documents that
declare entities are refused before parsing: an entity-expansion ("billion
laughs") feed must cost nothing, and an external entity (`SYSTEM "file:..."`)
must never be read. The whole body is searched, not just its head: a long
comment before the DOCTYPE must not hide a declaration. feedparser itself
does not load external DTDs or entities (it turns the SAX feature off and
strips DOCTYPEs); the tests check that against a live server.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin

import feedparser

from extract.errors import ParseFailed
from extract.records import Link

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


def refuse_entities(body: bytes, what: str) -> None:
    if b"\x00" in body[:4]:  # UTF-16/32: the declaration would not match as bytes
        for codec in ("utf-16", "utf-32"):
            try:
                body = body.decode(codec).encode("utf-8")
                break
            except UnicodeDecodeError:
                continue
    if _ENTITY_DECL.search(body):
        raise ParseFailed(f"{what} declares XML entities; refused (entity-expansion protection)")


def _published(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return None


def parse_feed(body: bytes, base_url: str, source: str) -> list[Link]:
    refuse_entities(body, "feed")
    parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "no entries"
        raise ParseFailed(f"not a usable RSS/Atom feed: {reason}")
    links: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or entry.get("id")
        if not href:
            continue
        links.append(Link(url=urljoin(base_url, href.strip()), source=source,
                          title=(entry.get("title") or None), published=_published(entry)))
    if not links:
        raise ParseFailed("feed entries carry no links")
    return links
