"""Validators for conditional GET: what the server said a page's version was.

The Fetcher sends the stored ETag / Last-Modified back as If-None-Match /
If-Modified-Since, and a 304 answer becomes the outcome "not_modified": the
page is not downloaded again. The store is a Protocol so that the flow can
back it with a warehouse table; `MemoryValidatorStore` lasts one process.

`put(url, None, None)` forgets a URL: the Fetcher does that when a body it
fetched turned out unusable (`Fetcher.amend`), so that a page which failed to
decode or parse is downloaded in full next time instead of answering 304.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol, runtime_checkable

Validators = tuple[str | None, str | None]  # (etag, last_modified), as the server sent them


@runtime_checkable
class ValidatorStore(Protocol):
    def get(self, url: str) -> Validators | None:
        """The validators last stored for `url`, or None."""
        ...

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember `url`'s validators; both None forgets the URL."""
        ...


class MemoryValidatorStore:
    """A thread-safe dict: enough for one run, and for tests."""

    def __init__(self) -> None:
        self._data: dict[str, Validators] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> Validators | None:
        with self._lock:
            return self._data.get(url)

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._lock:
            if etag is None and last_modified is None:
                self._data.pop(url, None)
            else:
                self._data[url] = (etag, last_modified)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class DiscoveryCache(MemoryValidatorStore):
    """Validators plus the last body of each feed, sitemap and listing page.

    A 304 for a feed means "same as last time", not "no links": the links are
    taken from the last parse of the body kept here (or the body is parsed again
    when no parse was kept), and URLs already stored are skipped as usual.
    Validators are handed out only for URLs whose body is kept, so a 304 can
    always be answered. The flow loads and saves the cache with the
    warehouse (`http_cache`), making the incremental state explicit.
    """

    def __init__(self, rows: list[tuple] = (), on_new_body: Callable[[], None] | None = None) -> None:
        """rows: (url, etag, last_modified, body, content_type[, links_json]).

        `on_new_body` is called whenever an index comes back with a body other than
        the one kept (not a 304, and not the same bytes from a server that sends no
        validators), before it is parsed: new articles are likely, and the flow
        starts its worker processes then rather than after discovery."""
        super().__init__()
        self._on_new_body = on_new_body
        self._bodies: dict[str, tuple[bytes, str | None]] = {}
        self._links: dict[str, str] = {}
        self._changed: set[str] = set()
        for url, etag, last_modified, body, content_type, *links in rows:
            super().put(url, etag, last_modified)
            self._bodies[url] = (body, content_type)
            if links and links[0] is not None:
                self._links[url] = links[0]

    def get(self, url: str) -> Validators | None:
        return super().get(url) if url in self._bodies else None

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        super().put(url, etag, last_modified)
        self._changed.add(url)

    def keep(self, url: str, body: bytes, content_type: str | None) -> None:
        with self._lock:
            new = url not in self._bodies or self._bodies[url][0] != body
            self._bodies[url] = (body, content_type)
            self._links.pop(url, None)  # parsed from the old body
            self._changed.add(url)
        if new and self._on_new_body is not None:
            self._on_new_body()

    def keep_links(self, url: str, links_json: str) -> None:
        """The links parsed from the body kept for `url` (JSON), for the next 304."""
        with self._lock:
            if url in self._bodies:
                self._links[url] = links_json
                self._changed.add(url)

    def links(self, url: str) -> str | None:
        with self._lock:
            return self._links.get(url)

    def body(self, url: str) -> tuple[bytes, str | None] | None:
        with self._lock:
            return self._bodies.get(url)

    def changed_rows(self) -> list[tuple[str, str | None, str | None, bytes, str | None, str | None]]:
        """Rows to save: URLs whose validators, body or links changed this run and that have validators and a body."""
        rows = []
        with self._lock:
            for url in sorted(self._changed):
                validators, kept = self._data.get(url), self._bodies.get(url)
                if validators and kept:
                    rows.append((url, validators[0], validators[1], kept[0], kept[1], self._links.get(url)))
        return rows
