"""Records that leave the extract stage. Defined once, frozen."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    """An article URL found by discovery, with what the feed/sitemap said of it."""

    url: str
    source: str
    title: str | None = None
    published: str | None = None  # ISO date or datetime as the feed gave it


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetch attempt: what was asked, what came back, and how it ended.

    `outcome` is "ok" or a `FetchError.kind`; every attempt becomes a row in
    `fetches`, failures included.
    """

    url: str
    source: str
    purpose: str  # robots | feed | sitemap | listing | page
    outcome: str
    final_url: str | None = None
    status: int | None = None
    message: str = ""
    content_type: str | None = None
    body: bytes = field(default=b"", repr=False)
    nbytes: int = 0
    elapsed_ms: float = 0.0
    fetched_at: str = ""  # ISO timestamp, UTC
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


@dataclass(frozen=True, slots=True)
class RawPage:
    """The bytes of one fetched page as they came, kept so that articles can be re-extracted offline."""

    url: str
    final_url: str
    status: int | None
    content_type: str | None
    fetched_at: str
    body: bytes = field(repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @classmethod
    def from_result(cls, r: FetchResult) -> RawPage:
        return cls(url=r.url, final_url=r.final_url or r.url, status=r.status, content_type=r.content_type,
                   fetched_at=r.fetched_at, body=r.body, headers=r.headers)


@dataclass(frozen=True, slots=True)
class Article:
    """A news article assembled from one or more pages and stripped of boilerplate."""

    url: str
    canonical_url: str
    source: str
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD (or full ISO timestamp when known)
    text: str
    pages: int = 1
    fetched_at: str = ""
    sitename: str | None = None
    extractor_version: str = ""
    raw_pages: tuple[RawPage, ...] = field(default=(), repr=False, compare=False)
