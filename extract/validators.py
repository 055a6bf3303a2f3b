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
