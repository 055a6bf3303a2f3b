"""One article from its first URL: fetch every page, decode, extract, join."""

from __future__ import annotations

from extract.article import EXTRACTOR_VERSION, extract_page
from extract.encoding import decode_html
from extract.errors import FetchError
from extract.fetch import Fetcher
from extract.pages import find_next_page, join_texts
from extract.records import Article, FetchResult, Link
from extract.urls import canonical_url


def fetch_article(fetcher: Fetcher, link: Link) -> Article | None:
    """Fetch and extract the article at `link`; None when it failed (the failure is in the fetch log)."""
    first = fetcher.fetch(link.url, source=link.source, purpose="page")
    if not first.ok:
        return None
    try:
        html = decode_html(first.body, first.content_type)
        page = extract_page(html, first.final_url or link.url)
    except FetchError as e:
        fetcher.amend(first, e)
        return None
    texts = [page.text]
    seen = {canonical_url(first.final_url or link.url), canonical_url(link.url)}
    current = first.final_url or link.url
    for _ in range(fetcher.settings.max_pages - 1):
        nxt = find_next_page(html, current)
        if nxt is None or canonical_url(nxt) in seen:
            break
        seen.add(canonical_url(nxt))
        result: FetchResult = fetcher.fetch(nxt, source=link.source, purpose="page")
        if not result.ok:
            break  # keep the pages we have; the failed page has its own row
        try:
            html = decode_html(result.body, result.content_type)
            texts.append(extract_page(html, result.final_url or nxt).text)
        except FetchError as e:
            fetcher.amend(result, e)
            break
        current = result.final_url or nxt
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
    )
