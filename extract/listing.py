"""Listing pages (a section's front page): follow the links that look like articles."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html

from extract.errors import ParseFailed
from extract.records import Link
from extract.urls import same_site


def parse_listing(html: str, base_url: str, source: str) -> list[Link]:
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError) as e:
        raise ParseFailed(f"listing page does not parse: {e}") from None
    seen: set[str] = set()
    links: list[Link] = []
    for anchor in doc.iterfind(".//a[@href]"):
        url = urljoin(base_url, anchor.get("href", "").strip()).split("#", 1)[0]
        if not url.startswith(("http://", "https://")) or not same_site(url, base_url) or url in seen:
            continue
        seen.add(url)
        title = " ".join(anchor.text_content().split()) or None
        links.append(Link(url=url, source=source, title=title))
    return links
