"""The CPU half of a batch: fetched pages in, extracted and tagged articles out.

Plain data in and out (no fetcher, no connection, no Prefect), so the same
function runs in a thread, a worker process, or a Dask worker on another
machine: the flow ships the raw pages to it and loads what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

from extract.assemble import build_article
from extract.errors import FetchError
from extract.records import Link, RawPage
from transform.tagger import tag_document
from warehouse.load import LoadItem


class Box(Generic[T]):
    """A batch handed to a task unopened.

    Prefect walks every parameter's lists, tuples and dataclasses looking for
    futures: for a batch of articles that cost as much as tagging them. It does
    not look inside a plain object. (prefect's `quote` does the same, but it is
    a tuple, and Dask rewrites tuples in task arguments.)
    """

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Box({type(self.value).__name__} of {len(self.value) if hasattr(self.value, '__len__') else '?'})"


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    """An article's link and the pages fetched for it, page 1 first."""

    link: Link
    pages: tuple[RawPage, ...]


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """Page 1 came back but held no article: its fetch row is re-labelled with this."""

    url: str
    fetched_at: str
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Processed:
    items: tuple[LoadItem, ...]
    failures: tuple[ExtractFailure, ...]


def warm_up_worker() -> None:
    """A worker process's initializer: load the tagger (and build or map the company
    dictionary) while the flow is still fetching the first batch.

    It never raises: an initializer that fails breaks the whole process pool with
    a message that names no cause, whereas the first batch's own call to the
    tagger fails again with the real error, which the extract-tag task reports.
    """
    from transform.tokens import tokenize

    try:
        tokenize("ウォームアップ")
    except Exception:  # noqa: BLE001 - reported by the first real batch instead
        pass


def extract_and_tag(fetched: list[FetchedArticle]) -> Processed:
    items: list[LoadItem] = []
    failures: list[ExtractFailure] = []
    for f in fetched:
        try:
            article = build_article(list(f.pages), f.link)
        except FetchError as e:
            first = f.pages[0]
            failures.append(ExtractFailure(first.url, first.fetched_at, e.kind, e.message or e.kind))
            continue
        items.append(LoadItem(article, tag_document(article.text, title=article.title, published=article.published)))
    return Processed(tuple(items), tuple(failures))
