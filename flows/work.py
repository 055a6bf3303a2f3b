"""The CPU half of a batch: fetched pages in, extracted and tagged articles out.

Plain data in and out (no fetcher, no connection, no Prefect), so the same
function runs in a thread, a worker process, or a Dask worker on another
machine: the flow ships the raw pages to it and loads what comes back.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor
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


# Scheduling priority of local worker processes, below the flow's (0 is the default; 19 the lowest).
WORKER_NICENESS = 5


def start_local_worker() -> None:
    """The initializer of a worker process on the flow's own machine: lower its priority, then warm up.

    The flow is the pipeline's one coordinator (it parses the feeds, fetches the next
    batch and loads the last one), and every moment it waits for a core, the workers
    soon wait for it. Niced, they take the cores whenever the flow (and Prefect's API
    server) do not need them: the same work, done in a better order.
    """
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() here (Windows), or not allowed
        pass
    atexit.register(_exit_without_teardown)
    warm_up_worker()


def _exit_without_teardown() -> None:
    """A local worker's exit, once the pool has told it to stop: skip the interpreter's teardown.

    By then every result has gone back to the flow, and nothing in the worker
    holds unwritten data. Tearing down its modules (matplotlib, the tagger and
    its caches) took 0.4 s without the charts' imports and 1 s with them, and
    the flow run waits for its pool to close: that wait was the last second of
    every night. Exit hooks registered after it (by the work) still run: the
    last registered runs first. The ones registered before it, which it skips,
    are the standard library's: logging's flush (nothing to flush here) and
    multiprocessing's, which has run already.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def warm_up_worker() -> None:
    """Load the tagger (and build or map the company dictionary) in a worker while the
    flow is still fetching the first batch: run by a local worker's initializer
    (start_local_worker) and by the start-workers task on other runners.

    It never raises: an initializer that fails breaks the whole process pool with
    a message that names no cause, whereas the first batch's own call to the
    tagger fails again with the real error, which the extract-tag task reports.
    """
    from transform.tokens import tokenize

    try:
        tokenize("ウォームアップ")
    except Exception:  # noqa: BLE001 - reported by the first real batch instead
        pass


def import_report() -> None:
    """A worker's last job of a night: import the report's charting (matplotlib, about a second)
    while the flow loads the last batch, so that the charts can be drawn here right after."""
    import flows.charts  # noqa: F401


def extract_and_tag(fetched: list[FetchedArticle]) -> Processed:
    """Every article extracted first, then every one tagged: the same records, in order.

    One library at a time keeps its code and data in the CPU's caches. Extracting
    and tagging each article in turn alternated lxml/trafilatura with MeCab and the
    tagger's rules, and cost 5-9 % more per page (400 benchmark pages, both orders
    alternated, session 16). A worker's share of a batch is a few hundred articles,
    so holding them between the two passes costs little memory.
    """
    articles = []
    failures: list[ExtractFailure] = []
    for f in fetched:
        try:
            articles.append(build_article(list(f.pages), f.link))
        except FetchError as e:
            first = f.pages[0]
            failures.append(ExtractFailure(first.url, first.fetched_at, e.kind, e.message or e.kind))
    items = tuple(LoadItem(a, tag_document(a.text, title=a.title, published=a.published)) for a in articles)
    return Processed(items, tuple(failures))


def split(batch: list[T], parts: int) -> list[list[T]]:
    """`batch` in at most `parts` contiguous runs of near-equal length, none empty."""
    parts = max(1, min(parts, len(batch)))
    size, extra = divmod(len(batch), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(batch[start:end])
        start = end
    return [run for run in out if run]


def extract_and_tag_on(pool: Executor, fetched: list[FetchedArticle], parts: int,
                       work: Callable[[list[FetchedArticle]], Processed] = extract_and_tag,
                       then: Callable[[], None] | None = None) -> Processed:
    """`extract_and_tag` with the batch spread over `parts` workers of `pool`, results in order;
    `then`, if given, is queued once per part right behind them (a night's last batch queues
    `import_report`, whose result nobody waits for).

    A batch on one worker left the others idle at both ends of a night: the first
    results waited for a whole batch, and the last batch ran alone. Spread over
    all of them, a batch is done in 1/parts of the time.

    If a worker process dies (a crash in a C library on some page), the pool is
    broken for good: this batch, and every later one, goes to `isolate_crashes`.
    """
    try:
        return _spread(pool, fetched, parts, work, then)
    except BrokenExecutor:
        return isolate_crashes(fetched, parts, work)


def _spread(pool: Executor, fetched: list[FetchedArticle], parts: int,
            work: Callable[[list[FetchedArticle]], Processed], then: Callable[[], None] | None = None) -> Processed:
    """`work` on `parts` contiguous runs of the batch, side by side; the results joined in order."""
    runs = [pool.submit(work, run) for run in split(fetched, parts)]
    if then is not None:
        for _ in runs:
            pool.submit(then)
    done = [r.result() for r in runs]
    return Processed(tuple(i for d in done for i in d.items), tuple(f for d in done for f in d.failures))


# The message of a page whose worker died: the fetch row's outcome is parse_error.
WORKER_DIED = "the worker process died while extracting or tagging this page (a crash in a library); skipped"


def isolate_crashes(fetched: list[FetchedArticle], parts: int,
                    work: Callable[[list[FetchedArticle]], Processed] = extract_and_tag) -> Processed:
    """The batch on fresh worker processes; a part whose worker dies is halved until the one
    article that kills it is found, which becomes a failure, and the rest is processed.

    Without this, one page that crashes lxml or MeCab would fail the night at its batch,
    and, never stored, be fetched and crash again every night after.
    """
    from flows.runners import worker_pool as fresh  # flows.runners imports this module

    pool = fresh(max(1, parts))
    try:
        return _spread(pool, fetched, parts, work)
    except BrokenExecutor:
        pass
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    items: list[LoadItem] = []
    failures: list[ExtractFailure] = []
    pool = fresh(1)

    def solve(chunk: list[FetchedArticle]) -> None:
        nonlocal pool
        try:
            d = pool.submit(work, chunk).result()
        except BrokenExecutor:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = fresh(1)
            if len(chunk) == 1:
                first = chunk[0].pages[0]
                failures.append(ExtractFailure(first.url, first.fetched_at, "parse_error", WORKER_DIED))
                return
            solve(chunk[:len(chunk) // 2])
            solve(chunk[len(chunk) // 2:])
            return
        items.extend(d.items)
        failures.extend(d.failures)

    try:
        solve(list(fetched))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return Processed(tuple(items), tuple(failures))
