"""XML sitemaps and sitemap indexes -> article links.

Parsed with defusedxml with every DTD forbidden, so a hostile sitemap can
neither expand entities nor make the parser fetch anything (discovery also
refuses entity declarations before parsing). Gzip-compressed sitemaps
(`sitemap.xml.gz`) arrive here already inflated: the Fetcher inflates them
under the same max_bytes bound as Content-Encoding, so a .gz bomb ends as
"too_large" there.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from extract.errors import ParseFailed
from extract.records import Link


@dataclass(frozen=True, slots=True)
class Sitemap:
    links: tuple[Link, ...]
    children: tuple[str, ...]  # nested sitemaps of a sitemap index


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_sitemap(body: bytes, base_url: str, source: str) -> Sitemap:
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except (DefusedXmlException, SafeET.ParseError, ValueError) as e:
        raise ParseFailed(f"not a valid sitemap: {type(e).__name__}: {e}") from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ParseFailed(f"not a sitemap: root element <{kind}>")
    links: list[Link] = []
    children: list[str] = []
    for item in root:
        loc = lastmod = None
        for child in item:
            name = _local(child.tag)
            if name == "loc" and child.text:
                loc = urljoin(base_url, child.text.strip())
            elif name == "lastmod" and child.text:
                lastmod = child.text.strip()
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append(loc)
        else:
            links.append(Link(url=loc, source=source, published=lastmod))
    return Sitemap(tuple(links), tuple(children))
