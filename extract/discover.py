"""Find a source's article URLs from its feed, sitemap or listing page."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from extract.config import Source
from extract.encoding import decode_html
from extract.errors import FetchError
from extract.feeds import parse_feed, refuse_entities
from extract.fetch import Fetcher
from extract.listing import parse_listing
from extract.pages import find_next_page
from extract.records import Link
from extract.sitemaps import parse_sitemap
from extract.urls import canonical_url
from extract.validators import DiscoveryCache

MAX_CHILD_SITEMAPS = 50


@dataclass(frozen=True, slots=True)
class Discovery:
    source: str
    links: tuple[Link, ...]
    error: str | None = None  # set when the source's index could not be read at all

    @property
    def failed(self) -> bool:
        return self.error is not None


def discover(source: Source, fetcher: Fetcher, cache: DiscoveryCache | None = None) -> Discovery:
    """Links to articles of `source`, canonical and de-duplicated, filtered by `include`.

    With a `cache`, an unchanged feed/sitemap/listing (304) is read from the body kept last time.
    """
    try:
        if source.kind == "feed":
            raw = _from_feed(source, fetcher, cache)
        elif source.kind == "sitemap":
            raw = _from_sitemap(source, fetcher, cache)
        else:
            raw = _from_listing(source, fetcher, cache)
    except FetchError as e:
        return Discovery(source.name, (), f"{e.kind}: {e.message}")
    seen: set[str] = set()
    links: list[Link] = []
    for link in raw:
        key = canonical_url(link.url)
        if key in seen or not source.accepts(link.url):
            continue
        seen.add(key)
        links.append(Link(url=key, source=link.source, title=link.title, published=link.published))
    return Discovery(source.name, tuple(links))


def _fetch_ok(fetcher: Fetcher, url: str, source: str, purpose: str, cache: DiscoveryCache | None = None):
    result = fetcher.fetch(url, source=source, purpose=purpose)
    if result.outcome == "not_modified" and cache is not None:
        kept = cache.body(url)
        if kept is not None:
            return dataclasses.replace(result, body=kept[0], content_type=kept[1])
    if result.ok and cache is not None:
        cache.keep(url, result.body, result.content_type)
    if not result.ok:
        error = FetchError(result.message or result.outcome, url=url, status=result.status)
        error.kind = result.outcome
        raise error
    return result


def _from_feed(source: Source, fetcher: Fetcher, cache: DiscoveryCache | None) -> list[Link]:
    result = _fetch_ok(fetcher, source.url, source.name, "feed", cache)
    if result.outcome == "not_modified" and cache is not None:
        kept = cache.links(source.url)
        if kept is not None:  # the same body as last time: its links, without parsing it again
            try:
                return [Link(url, source.name, title, published) for url, title, published in json.loads(kept)]
            except (ValueError, TypeError):
                pass  # not what keep_links wrote (edited by hand?): parse the body instead
    try:
        links = parse_feed(result.body, result.final_url or source.url, source.name)
    except FetchError as e:
        fetcher.amend(result, e)
        raise
    if cache is not None:
        cache.keep_links(source.url, json.dumps([[x.url, x.title, x.published] for x in links], ensure_ascii=False))
    return links


def _from_sitemap(source: Source, fetcher: Fetcher, cache: DiscoveryCache | None) -> list[Link]:
    pending, done, links = [source.url], set(), []
    first = True
    while pending and len(done) <= MAX_CHILD_SITEMAPS:
        url = pending.pop(0)
        if url in done:
            continue
        done.add(url)
        try:
            result = _fetch_ok(fetcher, url, source.name, "sitemap", cache)
        except FetchError:
            if first:
                raise
            continue  # a broken child sitemap is logged; the others still count
        try:
            refuse_entities(result.body, "sitemap")
            sitemap = parse_sitemap(result.body, result.final_url or url, source.name)
        except FetchError as e:
            fetcher.amend(result, e)
            if first:
                raise
            continue
        first = False
        links.extend(sitemap.links)
        pending.extend(sitemap.children)
    return links


def _from_listing(source: Source, fetcher: Fetcher, cache: DiscoveryCache | None) -> list[Link]:
    result = _fetch_ok(fetcher, source.url, source.name, "listing", cache)
    try:
        html = decode_html(result.body, result.content_type)
        return parse_listing(html, result.final_url or source.url, source.name)
    except FetchError as e:
        fetcher.amend(result, e)
        raise


def archive_sitemaps(source: Source, fetcher: Fetcher) -> list[str]:
    """Where a site lists its older articles: its own sitemap, else those named in robots.txt, else /sitemap.xml."""
    if source.kind == "sitemap":
        return [source.url]
    parts = urlsplit(source.url)
    root = f"{parts.scheme}://{parts.netloc}"
    result = fetcher.fetch(root + "/robots.txt", source=source.name, purpose="robots")
    named = []
    if result.ok:
        for line in result.body.decode("utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                named.append(value.strip())
    return named or [root + "/sitemap.xml"]


ARCHIVE_PAGES = 50


def _listing_archive(source: Source, fetcher: Fetcher) -> list[Link]:
    """A listing page and the pages after it (次へ / rel=next / page/2/), up to ARCHIVE_PAGES."""
    links: list[Link] = []
    url, seen = source.url, {source.url}
    for _ in range(ARCHIVE_PAGES):
        result = fetcher.fetch(url, source=source.name, purpose="listing")
        if not result.ok:
            break
        try:
            html = decode_html(result.body, result.content_type)
            links.extend(parse_listing(html, result.final_url or url, source.name))
        except FetchError as e:
            fetcher.amend(result, e)
            break
        nxt = find_next_page(html, result.final_url or url)
        if nxt is None or nxt in seen:
            break
        seen.add(nxt)
        url = nxt
    return [link for link in links if link.url not in seen and source.accepts(link.url)]


def discover_archive(source: Source, fetcher: Fetcher, since: date | None, until: date | None) -> Discovery:
    """Links to a source's older articles, within [since, until].

    Sitemaps give dates (lastmod), so links outside the range are never
    fetched; links without a date are kept only when no range is given. A
    listing source is walked page by page instead; its links carry no date, so
    they are all kept and the flow drops the articles published outside the range.
    """
    if source.kind == "listing":
        walked = list(dict.fromkeys(_listing_archive(source, fetcher)))
        return Discovery(source.name, tuple(Link(canonical_url(x.url), x.source, x.title) for x in walked))
    links: list[Link] = []
    errors = []
    for url in archive_sitemaps(source, fetcher):
        found = discover(Source(name=source.name, kind="sitemap", url=url, include=source.include), fetcher)
        if found.failed:
            errors.append(found.error)
        links.extend(found.links)
    kept = []
    for link in links:
        day = _day(link.published)
        if since or until:
            if day is None or (since and day < since) or (until and day > until):
                continue
        kept.append(link)
    kept.sort(key=lambda link: link.published or "", reverse=True)
    if not links and errors:
        return Discovery(source.name, (), "; ".join(e for e in errors if e))
    return Discovery(source.name, tuple(dict.fromkeys(kept)))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
