"""One article from its first URL: fetch every page, decode, extract, join.

Fetching (network) and building (offline) are separate steps, so that the
flow can build and tag on other cores or machines, and so that
`ainews reprocess` can rebuild an article from its archived pages with the
current extraction code and no network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.article import EXTRACTOR_VERSION, extract_page
from extract.encoding import decode_html
from extract.errors import FetchError
from extract.pages import find_next_page, join_texts
from extract.records import Article, Link, RawPage
from extract.urls import canonical_url

if TYPE_CHECKING:  # workers only build articles: they need neither httpx nor the fetcher
    from extract.fetch import Fetcher


def fetch_pages(fetcher: Fetcher, link: Link) -> list[RawPage]:
    """The article's pages in order (page 1 first); empty when page 1 failed (the failure is logged)."""
    pages: list[RawPage] = []
    seen = {canonical_url(link.url)}
    url, purpose = link.url, "page"
    for _ in range(fetcher.settings.max_pages):
        result = fetcher.fetch(url, source=link.source, purpose=purpose)
        if not result.ok:
            break  # keep the pages we have; the failed page has its own row
        try:
            html = decode_html(result.body, result.content_type)
        except FetchError as e:
            fetcher.amend(result, e)
            break
        pages.append(RawPage.from_result(result))
        current = result.final_url or url
        seen.add(canonical_url(current))
        nxt = find_next_page(html, current)
        if nxt is None or canonical_url(nxt) in seen:
            break
        url = nxt
    return pages


def build_article(pages: list[RawPage], link: Link) -> Article:
    """Decode, extract and join archived pages; raises FetchError when page 1 has no article."""
    first = pages[0]
    page = extract_page(decode_html(first.body, first.content_type), first.final_url)
    texts = [page.text]
    for raw in pages[1:]:
        try:
            texts.append(extract_page(decode_html(raw.body, raw.content_type), raw.final_url).text)
        except FetchError:
            break  # a later page without text (an ad page, say) ends the article
    canonical = page.canonical_url or first.final_url or link.url
    return Article(
        url=link.url,
        canonical_url=canonical_url(canonical),
        source=link.source,
        title=page.title or link.title,
        author=page.author,
        published=page.date or (link.published[:10] if link.published else None),
        text=join_texts(texts),
        pages=len(texts),
        fetched_at=first.fetched_at,
        sitename=page.sitename,
        extractor_version=EXTRACTOR_VERSION,
        raw_pages=tuple(pages[:len(texts)]),
    )
