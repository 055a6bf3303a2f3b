"""The `nightly-news` Prefect flow: discover -> fetch & extract -> tag -> load, per source, in batches.

Work moves in batches of articles, never one task run per article: a Prefect
task run costs about as much as extracting and tagging one article. The
warehouse is opened only to check which URLs are known and to load a batch,
so readers are locked out for as short a time as possible.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.context import FlowRunContext
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.runtime import flow_run

from extract.assemble import fetch_pages
from extract.config import Source, SourcesConfig, load_sources
from extract.discover import Discovery, discover, discover_archive
from extract.fetch import Fetcher
from extract.records import FetchResult, Link
from extract.validators import DiscoveryCache
from flows.report import charts_imported
from flows.summary import NewDeal, RunSummary, SourceReport, format_amount
from flows.runners import LocalProcessesTaskRunner, RunnerSpecError, make_task_runner, parallelism
from flows.work import (WORKER_DIED, Box, FetchedArticle, Processed, extract_and_tag, extract_and_tag_on,
                        import_report, warm_up_worker)
from warehouse.db import WarehouseError, WarehouseLocked, connect, default_warehouse_path, run_lock
from warehouse.events import events_stale, rebuild_events
from warehouse.http_cache import load_http_cache, save_http_cache
from warehouse.load import (LoadItem, LoadReport, finish_run, load_package, spool_dir, spooled_packages, stage_package,
                            start_run)
from warehouse.query import crashed_urls, known_urls

# Articles per fetch, extract-tag and load batch (the night's first and last are half as big:
# plan_batches). Each batch costs about 0.3 s of CPU whatever its size: three task runs (the
# flow's share and Prefect's API server's, about 36 ms each) and a load transaction (opening
# the warehouse, the load's fixed statements, the checkpoint on close). At 50 that was a third
# of a night's time (benchmarks/pipeline.py: 24 pages/s at 50, 38 at 200, 45 at 500, session 4);
# session 14 measured 200 against 400 side by side (README).
BATCH_SIZE = 400
# DuckDB threads for a batch's load: the cores are extracting and tagging the next batches
# meanwhile, and one thread loads a batch with a tenth less CPU than two (warehouse.db.connect).
LOAD_THREADS = 1
LISTED_DEALS = 200  # new deals listed in the run's summary and artifacts
# A page that killed a worker is not fetched again for this many days: isolating it again
# costs a night a few seconds and a fresh pool of workers (fetched_at is UTC).
CRASH_QUARANTINE_DAYS = 7
TOKYO = ZoneInfo("Asia/Tokyo")


class AllSourcesFailed(RuntimeError):
    """No source could be read: the run did not do its job."""


def night_name() -> str:
    return f"nightly-{datetime.now(TOKYO):%Y-%m-%d}"


@task(name="discover", cache_policy=NONE, retries=1, retry_delay_seconds=2)
def discover_source(source: Source, fetcher: Fetcher, cache: DiscoveryCache | None = None,
                    archive: tuple[date | None, date | None] | None = None) -> Discovery:
    logger = get_run_logger()
    found = discover(source, fetcher, cache) if archive is None else discover_archive(source, fetcher, *archive)
    if found.failed:
        logger.warning("Source %s: could not read its %s %s (%s)", source.name, source.kind, source.url, found.error)
    else:
        logger.info("Source %s: the %s lists %d article links", source.name, source.kind, len(found.links))
    return found


@task(name="fetch", cache_policy=NONE)
def fetch_batch(source: str, links: Box[list[Link]], fetcher: Fetcher) -> Box[tuple[list[FetchedArticle], list[FetchResult]]]:
    """The batch's pages, fetched politely in threads, and every attempt's row (this source's log, drained),
    boxed: the flow empties the box once it has taken them (see `finish` in `_night`).

    One fetch batch runs at a time, so the rows drained here are exactly this
    batch's (plus the source's discovery rows, the first time).
    """
    workers = max(1, fetcher.settings.per_host_concurrency)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"fetch-{source}") as pool:
        pages = list(pool.map(lambda link: fetch_pages(fetcher, link), links.value))
    fetched = [FetchedArticle(link, tuple(p)) for link, p in zip(links.value, pages) if p]
    get_run_logger().info("Source %s: fetched %d of %d articles", source, len(fetched), len(links.value))
    return Box((fetched, fetcher.drain_log(source)))


@task(name="extract-tag", cache_policy=NONE)
def extract_tag(source: str, fetched: Box[list[FetchedArticle]],
                pool: Box[ProcessPoolExecutor | None] = Box(None), parts: int = 1, last: bool = False) -> Box[Processed]:
    """Extraction and tagging: the CPU work, run wherever the flow's task runner puts it,
    or spread over the `parts` local worker processes of `processes[:N]` (flows.runners).

    The night's `last` batch queues the report's imports on those workers right behind
    its own parts: each worker imports matplotlib once its share is done, while the flow
    loads the batch, and the charts are then drawn there. Queued from the flow, right
    after submitting this task, they could go ahead of the parts (the task starts a
    moment later) and hold up the last batch instead.
    """
    done = extract_and_tag(fetched.value) if pool.value is None else \
        extract_and_tag_on(pool.value, fetched.value, parts, then=import_report if last else None)
    logger = get_run_logger()
    logger.info("Source %s: extracted and tagged %d of %d articles, found %d deals", source,
                len(done.items), len(fetched.value), sum(len(i.tagged.deals) for i in done.items))
    for f in done.failures:
        if f.message == WORKER_DIED:
            logger.warning("Source %s: a worker process died on %s; the page is skipped (parse_error), "
                           "the rest of the batch was processed on new workers", source, f.url)
    return Box(done)


@task(name="start-workers", task_run_name="start-workers", cache_policy=NONE)
def start_workers() -> int:
    """Nothing but imports: submitted first, so worker processes load the libraries while discovery runs."""
    warm_up_worker()  # builds or loads the company dictionary
    return os.getpid()


@task(name="load", cache_policy=NONE)
def load_items(warehouse: str, source: str, items: Box[list[LoadItem]], fetches: Box[list[FetchResult]],
               run_id: str, seq: int) -> LoadReport | None:
    """Stage the batch as a load package in the spool, then load it in one transaction.

    If the warehouse stays locked (an analyst's session holds it) past the
    bounded wait, the package stays in the spool and the next run loads it
    first: nothing fetched is lost, and nothing is loaded twice.
    """
    logger = get_run_logger()
    items, fetches = items.value, fetches.value
    package = stage_package(items, fetches, run_id, spool_dir(warehouse) / f"{run_id}-{seq:05d}")
    try:
        con = connect(warehouse, threads=LOAD_THREADS)
    except WarehouseLocked as e:
        logger.warning("Source %s: %s The batch of %d articles waits in %s for the next run.",
                       source, e, len(items), package.parent)
        return None
    try:
        report = load_package(con, package)
    finally:
        con.close()
    logger.info(
        "Source %s: loaded %d new articles and %d deals (%d already stored), %d fetch attempts recorded",
        source, report.articles_new, report.deals_new, report.duplicates, report.fetches)
    return report


@task(name="load-spool", task_run_name="load-spool", cache_policy=NONE)
def load_spool(warehouse: str) -> int:
    """Load the packages an earlier run could not (warehouse busy, or killed after staging)."""
    packages = spooled_packages(spool_dir(warehouse))
    if not packages:
        return 0
    con = connect(warehouse)
    try:
        articles = 0
        for package in packages:
            articles += load_package(con, package).articles_new
    finally:
        con.close()
    get_run_logger().info("Loaded %d waiting batches from the spool (%d new articles)", len(packages), articles)
    return len(packages)


@task(name="build-events", task_run_name="build-events", cache_policy=NONE)
def build_events(warehouse: str) -> bool:
    """Rebuild deal events and trend tables when articles changed; True when rebuilt."""
    try:
        con = connect(warehouse)
    except WarehouseLocked as e:
        get_run_logger().warning("Deal events not rebuilt: %s The next run rebuilds them.", e)
        return False
    try:
        if not events_stale(con):
            get_run_logger().info("Deal events up to date: no article changed since the last rebuild")
            return False
        events = rebuild_events(con)
    finally:
        con.close()
    get_run_logger().info("Deal events rebuilt: %d distinct deals across all articles", events)
    return True


@task(name="report", task_run_name="report", cache_policy=NONE)
def publish_report(warehouse: str, refresh: bool = True, pool: Box[ProcessPoolExecutor | None] = Box(None)) -> str | None:
    """Refresh the HTML report beside the warehouse (when the data changed, or it is missing) and link it;
    the charts are drawn on the local worker processes when there are some."""
    from flows.report import write_report

    folder = Path(warehouse).resolve().parent / "report"
    path = folder / "index.html"
    if refresh or not path.exists():
        try:
            path = write_report(warehouse, folder, pool=pool.value)
        except WarehouseError as e:  # a busy or old warehouse: the report waits for the next run
            get_run_logger().warning("Report not refreshed: %s", e)
            return None
        get_run_logger().info("Report refreshed: %s", path)
    else:
        get_run_logger().info("Report unchanged (no new data): %s", path)
    create_link_artifact(key="nightly-report", link=path.as_uri(), link_text="ainews report (charts)",
                         description="Deals per month, most active companies, partner network")
    return str(path)


def _record_run(wh: str, summary: RunSummary, cache: DiscoveryCache) -> None:
    """The run's row and the crawl state; skipped with a warning when the warehouse stays busy."""
    try:
        con = connect(wh)
    except WarehouseLocked as e:
        get_run_logger().warning("Run record and crawl state not saved: %s", e)
        return
    failures = summary.failures
    try:
        save_http_cache(con, cache.changed_rows())
        finish_run(con, summary.run_id, status=summary.status, sources_total=len(summary.sources),
                   sources_failed=summary.sources_failed, articles_new=summary.articles_new,
                   deals_new=summary.deals_new, fetches=sum(sum(s.outcomes.values()) for s in summary.sources),
                   fetch_failures=sum(failures.values()))
    finally:
        con.close()


class _WarmUp:
    """Starts the local worker processes once (each warms up in its initializer);
    safe to call from discovery's threads, and never raises there: if a worker cannot
    be started, the flow's own call after discovery tries again and reports it."""

    def __init__(self, pool: ProcessPoolExecutor | None, workers: int) -> None:
        self._pool, self._workers = pool, workers
        self._lock = threading.Lock()
        self._done = pool is None

    def __call__(self, early: bool = True) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        if early:
            # On a thread of its own: starting a worker waits for the fork server to be up,
            # about a second of imports the first time, and discovery must not wait for it.
            threading.Thread(target=self._start, args=(False,), name="start-workers", daemon=True).start()
        else:
            self._start(True)

    def _start(self, report: bool) -> None:
        try:
            for _ in range(self._workers):
                self._pool.submit(os.getpid)  # starts a worker; its initializer warms it up
        except Exception:
            with self._lock:
                self._done = False
            if report:
                raise


def plan_batches(fresh: Sequence[tuple[str, list[Link]]], size: int) -> list[tuple[str, list[Link]]]:
    """Each source's new links, in order, cut into batches of `size`; the night's first and last
    batches have at most half as many.

    Both ends of a night run with cores idle: before the first batch is fetched the
    workers have nothing to do, and while the last one loads (then deal events, the
    report) they have nothing left. A half batch at each end halves those waits, and
    the batches in between are big, so the night pays each batch's fixed cost fewer
    times.
    """
    half = (size + 1) // 2
    plan: list[tuple[str, list[Link]]] = []
    for name, links in fresh:
        i = 0
        while i < len(links):
            n = half if not plan else size
            plan.append((name, links[i:i + n]))
            i += n
    if plan and len(plan[-1][1]) > half:
        name, links = plan.pop()
        cut = (len(links) + 1) // 2
        plan += [(name, links[:cut]), (name, links[cut:])]
    return plan


def _in_window(published: str | None, window: tuple[date | None, date | None]) -> bool:
    try:
        day = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        day = None
    since, until = window
    if day is None:
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


#: Set by the CLI to draw a progress bar: called with (articles done, articles to do) as batches load.
progress_hook: Callable[[int, int], None] | None = None


def _progress(done: int, total: int) -> None:
    if progress_hook is not None:
        progress_hook(done, total)


def _stage(stage_task, stage: str, source: str):
    """The task named by stage and source (`fetch-bizjournal`), so the UI's task-run list reads by site.

    Not tagged with the source: Prefect checks every tag of a task run for a
    concurrency limit, one API request before the task starts. With a tag on
    each batch's three task runs that was 0.2-0.4 s a task on a busy machine,
    most of it on the flow's own thread (benchmarks/pipeline.py: ratio 0.63
    with the tags, 0.73 without). The sources are tags of the flow run instead
    (`_tag_run_with_sources`).
    """
    return stage_task.with_options(task_run_name=f"{stage}-{source}")


def _tag_run_with_sources(cfg: SourcesConfig) -> None:
    """Add `source:<name>` for each configured source to the flow run's tags: the UI's flow-run
    filter then finds the nights that read a site. Two API requests a run; never fails the run."""
    run_id = flow_run.get_id()
    if not run_id:
        return
    wanted = [f"source:{s.name}" for s in cfg.sources]
    try:
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            current = list(client.read_flow_run(run_id).tags or [])
            client.update_flow_run(run_id, tags=current + [t for t in wanted if t not in current])
    except Exception as e:  # noqa: BLE001 - a tag is a convenience, not the run's work
        get_run_logger().warning("Could not tag the flow run with its sources: %s", e)


def _new_deals(items: Sequence[LoadItem], report: LoadReport) -> list[NewDeal]:
    if not report.articles_new:
        return []
    deals = []
    for item in items:
        for d in item.tagged.deals:
            a = d.amount
            deals.append(NewDeal(
                type=d.type, parties=tuple(p.name for p in d.parties),
                amount=format_amount(a.value, a.currency, a.qualifier, a.high) if a else "",
                date=d.date, title=item.article.title, url=item.article.url))
    return deals


def _publish(summary: RunSummary) -> None:
    create_markdown_artifact(key="nightly-summary", markdown=summary.markdown(),
                             description=summary.headline())
    rows = [{"type": d.type, "parties": " × ".join(d.parties), "amount": d.amount, "date": d.date or "",
             "article": d.title or "", "url": d.url} for d in summary.new_deals]
    create_table_artifact(key="nightly-new-deals", table=rows or [{"type": "", "parties": "no new deals"}],
                          description=f"New deals of {summary.name}")


def _runner_from_env():
    """The task runner $AINEWS_TASK_RUNNER names (processes by default), so deployments started from this
    entrypoint by a work-pool worker honour it too. A bad name is logged and threads are used; the CLI
    refuses it before running."""
    try:
        return make_task_runner()
    except (RunnerSpecError, ImportError) as e:
        logging.getLogger(__name__).warning("%s; extracting and tagging on threads", e)
        return ThreadPoolTaskRunner()


# One runner for both flows (each run works on its own copy): a bad name is reported once.
DEFAULT_TASK_RUNNER = _runner_from_env()


@flow(name="nightly-news", flow_run_name=night_name, log_prints=True, task_runner=DEFAULT_TASK_RUNNER)
def nightly_news(sources_file: str | None = None, warehouse: str | None = None,
                 limit: int | None = None, batch_size: int = BATCH_SIZE) -> RunSummary:
    """One night: every source's new articles, fetched politely, tagged and loaded."""
    cfg = load_sources(sources_file)
    wh = str(Path(warehouse) if warehouse else default_warehouse_path())
    with run_lock(wh):
        return _night(cfg, wh, limit, max(1, batch_size))


def _night(cfg: SourcesConfig, wh: str, limit: int | None, batch_size: int,
           archive: tuple[date | None, date | None] | None = None) -> RunSummary:
    """The run itself; with `archive` (a date range) it walks sitemaps for older articles instead of feeds."""
    logger = get_run_logger()
    run_id = str(flow_run.get_id() or uuid.uuid4())
    name = flow_run.get_name() or night_name()
    load_spool(wh)
    runner = FlowRunContext.get().task_runner
    # Worker processes import and load the tagger while discovery and fetching go on.
    local = runner.pool if isinstance(runner, LocalProcessesTaskRunner) else None
    warm_local = _WarmUp(local, parallelism(runner))
    con = connect(wh)
    try:
        start_run(con, run_id, name)
        # A feed, sitemap or listing with a new body (not a 304, not the same bytes) likely
        # brings new articles: the local workers start then, while it is parsed, instead
        # of after discovery.
        cache = DiscoveryCache(load_http_cache(con), on_new_body=warm_local)
    finally:
        con.close()
    logger.info("Run %s: %d sources, warehouse %s", name, len(cfg.sources), wh)

    reports = {s.name: SourceReport(s.name) for s in cfg.sources}
    new_deals: list[NewDeal] = []
    # Conditional GET for the indexes only: stored article URLs are skipped before any request.
    # Network I/O (discovery, fetching) runs on threads here, with one fetcher and its per-host
    # politeness; extraction and tagging go to the flow's task runner (threads, processes or Dask).
    with (Fetcher(cfg.fetch, validators=cache, conditional_purposes=("feed", "sitemap", "listing")) as fetcher,
          ThreadPoolTaskRunner(max_workers=max(2, len(cfg.sources) + 1)) as io):
        discoveries = {s.name: io.submit(_stage(discover_source, "discover", s.name),
                                         {"source": s, "fetcher": fetcher, "cache": cache, "archive": archive})
                       for s in cfg.sources}
        _tag_run_with_sources(cfg)  # while the indexes download
        wanted: list[tuple[str, list[Link]]] = []
        warm_up = local is not None or not isinstance(runner, ThreadPoolTaskRunner)
        for source in cfg.sources:
            found: Discovery = discoveries[source.name].result()
            report = reports[source.name]
            report.discovered = len(found.links)
            report.error = found.error
            con = connect(wh)
            try:
                known = known_urls(con, [link.url for link in found.links])
                since = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=CRASH_QUARANTINE_DAYS)
                crashed = crashed_urls(con, [link.url for link in found.links if link.url not in known],
                                       WORKER_DIED, since)
            finally:
                con.close()
            if crashed:
                logger.warning("Source %s: %d links skipped: each killed a worker process within the last %d days "
                               "(see fetches: %s); they are tried again after that", source.name, len(crashed),
                               CRASH_QUARANTINE_DAYS, ", ".join(sorted(crashed)[:3]))
            fresh = [link for link in found.links if link.url not in known and link.url not in crashed]
            report.already_known = len(found.links) - len(fresh)
            cap = min(x for x in (limit, source.max_articles, len(fresh)) if x is not None)
            fresh = fresh[:cap]
            report.attempted = len(fresh)
            if found.links:
                logger.info("Source %s: %d new links, %d already in the warehouse", source.name, len(fresh),
                            report.already_known)
            wanted.append((source.name, fresh))
            if fresh and warm_up:
                if local is not None:
                    warm_local(early=False)  # if no changed index has started them yet
                else:
                    for _ in range(parallelism(runner)):
                        start_workers.submit()
                warm_up = False

        plan = plan_batches(wanted, batch_size)
        total, done, seq = sum(r.attempted for r in reports.values()), 0, 0
        _progress(0, total)

        def fetch(i: int):
            name, links = plan[i]
            return io.submit(_stage(fetch_batch, "fetch", name),
                             {"source": name, "links": Box(links), "fetcher": fetcher})

        def finish(name: str, links: list[Link], rows: list[FetchResult], pages: Box, future) -> None:
            nonlocal done, seq
            result = future.result()
            processed: Processed = result.value
            # Prefect's task runs and futures may sit in reference cycles, freed only by a full
            # garbage collection: emptied, the boxes they hold no longer keep the batch alive.
            pages.value = result.value = None
            for f in processed.failures:
                rows = fetcher.relabel(rows, f.url, f.fetched_at, f.kind, f.message)
            items = list(processed.items)
            if archive is not None:  # listing pages give no dates: keep what was published in the window
                items = [i for i in items if _in_window(i.article.published, archive)]
            report = reports[name]
            report.outcomes.update(r.outcome for r in rows if r.purpose == "page")
            report.articles += len(items)
            seq += 1
            boxes = Box(items), Box(rows)
            loaded = _stage(load_items, "load", name)(wh, name, *boxes, run_id, seq)
            for box in boxes:
                box.value = None
            done += len(links)
            _progress(done, total)
            if loaded is None:
                report.spooled += len(items)
                return
            report.articles_new += loaded.articles_new
            report.deals_new += loaded.deals_new
            if len(new_deals) < LISTED_DEALS:  # a big night lists the first ones; all are in the warehouse
                new_deals.extend(_new_deals(items, loaded)[:LISTED_DEALS - len(new_deals)])

        # A pipeline with bounded memory: the next batch downloads while the runner extracts and
        # tags up to `slots` batches, and finished batches load in order, one writer.
        slots = parallelism(runner) + 1
        working: deque = deque()
        next_fetch = fetch(0) if plan else None
        for i, (source_name, links) in enumerate(plan):  # not `name`: that is the run's
            got = next_fetch.result()
            (fetched, rows), got.value = got.value, None
            next_fetch = fetch(i + 1) if i + 1 < len(plan) else None
            # The night's last batch has the workers import the report's charting behind it,
            # unless this process has (flows.report.import_charts_ahead) and draws them itself.
            pages = Box(fetched)
            future = _stage(extract_tag, "extract-tag", source_name).submit(
                source_name, pages, Box(local), parallelism(runner),
                last=next_fetch is None and not charts_imported())
            del fetched
            working.append((source_name, links, rows, pages, future))
            while len(working) >= slots:
                finish(*working.popleft())
        while working:
            finish(*working.popleft())
        peak_fetches = fetcher.peak_concurrency
        leftover = fetcher.drain_log()
        if leftover:
            for f in leftover:
                if f.purpose == "page":
                    reports[f.source].outcomes[f.outcome] += 1
            load_items.with_options(task_run_name="load-fetch-log")(wh, "all", Box([]), Box(leftover), run_id,
                                                                    seq + 1)

    rebuilt = build_events(wh)
    summary = RunSummary(run_id=run_id, name=name, sources=list(reports.values()), new_deals=new_deals,
                         warehouse=wh, fetch_concurrency=peak_fetches)
    failures = summary.failures
    _record_run(wh, summary, cache)
    publish_report(wh, refresh=rebuilt, pool=Box(None if charts_imported() else local))
    _publish(summary)
    logger.info(summary.headline())
    if failures:
        logger.warning("Failures by kind: %s", ", ".join(f"{k}={n}" for k, n in sorted(failures.items())))
    if summary.status == "failed":
        raise AllSourcesFailed("every source failed: " + "; ".join(
            f"{s.source}: {s.error}" for s in summary.sources))
    return summary


__all__ = ["AllSourcesFailed", "nightly_news", "night_name"]


@flow(name="backfill-news", flow_run_name=lambda: f"backfill-{datetime.now(TOKYO):%Y-%m-%d-%H%M}", log_prints=True,
      task_runner=DEFAULT_TASK_RUNNER)
def backfill_news(sources_file: str | None = None, warehouse: str | None = None, since: str | None = None,
                  until: str | None = None, batch_size: int = BATCH_SIZE, limit: int | None = None) -> RunSummary:
    """Older articles from the sources' sitemaps, within [since, until], loaded like a night.

    Resumable by construction: stored URLs are skipped and unfinished batches wait
    in the spool, so running it again after an interruption continues the work.
    """
    cfg = load_sources(sources_file)
    wh = str(Path(warehouse) if warehouse else default_warehouse_path())
    window = (date.fromisoformat(since) if since else None, date.fromisoformat(until) if until else None)
    with run_lock(wh):
        return _night(cfg, wh, limit, max(1, batch_size), archive=window)
