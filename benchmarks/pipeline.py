"""Pipeline benchmark: `nightly-news` end to end against the libraries' own speed, in one run.

    python benchmarks/pipeline.py [--pages 2000] [--rounds 3] [--concurrency 4] [--task-runner processes]

Generates N article pages from the sample site's templates (each a distinct
article: the sample articles with new ids, titles and a numbered paragraph),
serves them on 127.0.0.1 and measures, side by side:

  (a) the floor: the same libraries called directly in a tight loop on the same
      pages: trafilatura extraction, fugashi tokenisation, one bulk DuckDB insert,
      once before the pipeline and once after it (the ratio takes their mean);
  (b) the pipeline: the real flow (discover, fetch over HTTP, assemble, extract,
      tag, load, deal events, report), with the CLI's settings for a run against
      Prefect's temporary API; start-up timed separately (Prefect's, with the
      workers' fork server importing the libraries alongside, as the CLI does);
  (c) a second run with nothing new.

With --rounds N (3 by default) the pipeline runs N times, each night into a new
warehouse between two floors, and the target is judged on the median ratio: this
machine's speed drifts by a fifth within a minute, and one ratio moved with it.

It prints pages/s for (a) and (b), their ratio, the start-up cost, the run's
timeline (head, the pace between the first and the last load, tail), the fetch
concurrency reached, the second run's time and requests relative to the first,
and peak RSS (this process, and the whole process tree: task-runner workers and
Prefect's temporary server included), each against the targets of issue #7.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402
import fugashi  # noqa: E402
import trafilatura  # noqa: E402

from extract.encoding import decode_html  # noqa: E402
from flows import site  # noqa: E402
from flows.prefect_env import apply_offline_defaults, local_run_settings  # noqa: E402
from flows.site_server import SiteServer  # noqa: E402

apply_offline_defaults()  # before Prefect is imported (in main)


def synthetic_pages(base: str, n: int) -> tuple[dict[str, site.SitePage], list[str]]:
    """N single-page articles rendered with the real templates, plus an RSS feed listing them."""
    samples = [a for a in site.load_articles()]
    variants = []
    for i in range(n):
        a = samples[i % len(samples)]
        body = a.body.replace(site.PAGE_BREAK, "") + f"\n\n本稿は連載の第{i}回である。"
        stem = f"/bench/{a.site}/{i:06d}.html"
        variants.append(dataclasses.replace(a, id=f"bench-{i}", path=stem, title=f"{a.title}（{i}）", body=body))
    pages: dict[str, site.SitePage] = {}
    for v in variants:
        pages.update(site._render_article(v, base, "", ""))
    pages["/bench/feed.xml"] = site.SitePage(site._rss2(variants, base), site.RSS_CONTENT_TYPE)
    pages["/robots.txt"] = site.SitePage(b"User-agent: *\nAllow: /\n", "text/plain")
    return pages, [v.path for v in variants]


def bulk_insert(texts: list[tuple[str, str]]) -> None:
    """The floor's one bulk insert of (url, text) rows into an in-memory DuckDB table."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (url VARCHAR, text VARCHAR)")
    con.execute("INSERT INTO t SELECT * FROM (SELECT unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS text)",
                [[u for u, _ in texts], [t for _, t in texts]])
    con.close()


def floor(pages: dict[str, site.SitePage], paths: list[str]) -> float:
    """Seconds for trafilatura + fugashi + one bulk insert over every page."""
    tagger = fugashi.Tagger()
    started = time.perf_counter()
    texts = []
    for p in paths:
        page = pages[p]
        text = trafilatura.extract(decode_html(page.body, page.content_type), include_comments=False) or ""
        tagger(text)
        texts.append((p, text))
    bulk_insert(texts)
    return time.perf_counter() - started


def own_work(pages: dict[str, site.SitePage], paths: list[str]) -> float:
    """Seconds for the pipeline's own per-page work, in the same kind of tight loop: ainews's
    extraction (trafilatura plus its Japanese fixes) and tagger (fugashi plus the company,
    money, date and deal rules), and one bulk insert. Not a target: the gap between it and
    the floor is what the rules cost, the gap between it and the pipeline what
    orchestration, fetching and loading cost (and what two cores give back)."""
    from extract.article import extract_page
    from transform.tagger import tag_document

    tag_document("ウォームアップ")  # the dictionary's load is start-up, as the floor's Tagger() is
    started = time.perf_counter()
    texts = []
    for p in paths:
        page = pages[p]
        got = extract_page(decode_html(page.body, page.content_type), p)
        tag_document(got.text, title=got.title, published=got.date)
        texts.append((p, got.text))
    bulk_insert(texts)
    return time.perf_counter() - started


def _floor_child(base: str, n: int, seconds, own: bool) -> None:
    pages, paths = synthetic_pages(base, n)
    seconds.value = (own_work if own else floor)(pages, paths)


def floor_apart(base: str, n: int, own: bool = False) -> float:
    """floor() on the same N generated pages, in a child process of its own.

    Apart, because MeCab keeps its 118 MiB dictionary mapped after the tagger is
    freed, and in this process it would count as the flow's memory. Spawned, not
    forked, so that it can also run after the pipeline: forking a process whose
    Prefect threads may hold a lock can leave the child waiting on it for ever.
    """
    ctx = multiprocessing.get_context("spawn")
    seconds = ctx.Value("d", 0.0)
    child = ctx.Process(target=_floor_child, args=(base, n, seconds, own))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"the floor's process failed (exit code {child.exitcode})")
    return seconds.value


class CountingSiteServer(SiteServer):
    """The sample-site server, counting requests in shared memory (it runs in a child process)."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(host, port)
        self.count = multiprocessing.Value("l", 0)

    def record(self, target: str) -> None:
        with self.count.get_lock():
            self.count.value += 1


class TreeRSS:
    """Peak resident memory of the run's processes, sampled every 0.1 s from /proc (Linux).

    `peak` is the flow's process plus its task-runner workers, their RSS summed
    (so pages they share count once per process), `peak_pss` the same with
    shared pages split between the processes that map them; the temporary
    Prefect API (`peak_api`) is counted apart, since a deployment talks to a
    separate server; the benchmark's own site server is left out.

    The sampler runs in its own process, forked before Prefect is imported: as a
    thread of the flow's process it held the GIL while reading /proc and showed
    up in py-spy as a sixth of the flow's samples, slowing what it measured.
    Sampling starts on `__enter__` and the peaks are read on `__exit__`.
    """

    def __init__(self, root: int, exclude: set[int]) -> None:
        ctx = multiprocessing.get_context("fork")
        self._root = root
        self._exclude = exclude
        self._on, self._stop = ctx.Event(), ctx.Event()
        self._peak, self._peak_pss, self._peak_api = ctx.Value("q", 0), ctx.Value("q", 0), ctx.Value("q", 0)
        self._process = ctx.Process(target=self._run, daemon=True)
        self._process.start()
        self.peak = self.peak_pss = self.peak_api = 0

    def __enter__(self) -> TreeRSS:
        self._on.set()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._process.join()
        self.peak, self.peak_pss, self.peak_api = self._peak.value, self._peak_pss.value, self._peak_api.value

    @staticmethod
    def _children() -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat", "rb") as f:
                        ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                kids.setdefault(ppid, []).append(int(d))
        return kids

    @staticmethod
    def _rss(pid: int) -> int:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * resource.getpagesize()

    @staticmethod
    def _pss(pid: int) -> int:
        """Proportional share: a page mapped by k processes (the 118 MiB MeCab dictionary
        every worker maps, shared libraries) counts 1/k in each, so the sum over the
        processes counts it once. The kernel walks the page tables for it: costly."""
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
        return 0

    def _tree(self) -> list[tuple[int, bool]]:
        """(pid, is the Prefect API) for the root and its descendants."""
        kids, out, todo = self._children(), [], [self._root]
        while todo:
            pid = todo.pop()
            if pid in self._exclude or pid == os.getpid():
                continue
            todo.extend(kids.get(pid, []))
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    out.append((pid, b"prefect.server" in f.read()))
            except OSError:
                continue
        return out

    def _run(self) -> None:
        self._on.wait()
        tree, rescan, pss_due = [], 0.0, 0.0
        while not self._stop.wait(0.1):
            now = time.monotonic()
            if now >= rescan:  # new workers appear rarely: look for them twice a second
                tree, rescan = self._tree(), now + 0.5
            pipeline = api = 0
            for pid, is_api in tree:
                try:
                    rss = self._rss(pid)
                except OSError:
                    continue
                if is_api:
                    api += rss
                else:
                    pipeline += rss
            # PSS costs a page-table walk per process: read it once a second, and
            # whenever the RSS sum comes near its peak (where the PSS peak is).
            if now >= pss_due or (pipeline >= 0.97 * self._peak.value and now >= pss_due - 0.5):
                pss = 0
                for pid, is_api in tree:
                    if not is_api:
                        try:
                            pss += self._pss(pid)
                        except OSError:
                            pass
                self._peak_pss.value, pss_due = max(self._peak_pss.value, pss), now + 1.0
            self._peak.value = max(self._peak.value, pipeline)
            self._peak_api.value = max(self._peak_api.value, api)


def _release_memory() -> None:
    """Give freed memory back to the OS (glibc keeps it otherwise), so RSS samples show the flow's own."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of the runner's finished workers: this
    process's waited-for children, plus the fork server's (its workers are its children)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime + _forkserver_cpu()


def _forkserver_cpu() -> float:
    """CPU seconds of multiprocessing's fork server and its finished children (0 when none runs)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if not pid:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
    except (OSError, IndexError, ValueError):
        return 0.0


def _proc_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) used so far by running processes (from /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _api_servers() -> list[int]:
    """Pids of Prefect API servers started from this process (the temporary one)."""
    kids, todo, out = TreeRSS._children(), [os.getpid()], []
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, []))
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"prefect.server" in f.read():
                    out.append(pid)
        except OSError:
            continue
    return out


def _wait_idle(pids: list[int], limit: float = 60.0, quiet: int = 3) -> float:
    """Wait until the processes use under 5% of a core in each of `quiet` seconds in a row (at most
    `limit` s); the seconds waited. One quiet second was not enough: Prefect's API server records
    a run's events in bursts, and a no-change night started in a pause measured 1.2 to 3.3 s."""
    started = time.perf_counter()
    before, calm = _proc_cpu(pids), 0
    while time.perf_counter() - started < limit and calm < quiet:
        time.sleep(1.0)
        now = _proc_cpu(pids)
        calm = calm + 1 if now - before < 0.05 else 0
        before = now
    return time.perf_counter() - started


@dataclasses.dataclass(frozen=True)
class Night:
    """One timed night into a new warehouse, and where it ran (for the no-change night after it)."""

    seconds: float
    cpu: list[float]  # the flow's process, the task-runner workers
    beside: tuple[float, float]  # the site's server, Prefect's API server
    loads: list[tuple[float, int]]  # (seconds into the run, articles loaded so far), batch by batch
    summary: object  # the flow's RunSummary
    sources: str
    warehouse: str
    api: list[int]  # pids of Prefect's API server


def _timeline(loads: list[tuple[float, int]], total: float, rate_floor: float) -> str:
    """Where the run's time went: its head (up to the first batch loaded), its middle (from the
    first load to the last, at the pace of the batches in between) and its tail (the last load
    to the flow's end: deal events and the report). The head is long because the flow fetches
    batches ahead while the first is extracted, so the middle's pace, over pages partly fetched
    in the head, flatters it; the head and tail are what a night costs whatever its size."""
    loads = [(s, n) for s, n in loads if n > 0]
    if len(loads) < 2:
        return "timeline: fewer than two batches, no middle to time"
    (first_s, first_n), (last_s, last_n) = loads[0], loads[-1]
    pace = (last_n - first_n) / (last_s - first_s)
    return (f"timeline: first batch loaded after {first_s:.1f} s ({first_n} articles); then "
            f"{pace:.1f} pages/s to the last load ({pace / rate_floor:.2f} of the floor); "
            f"{total - last_s:.1f} s from the last load to the flow's end")


def _floor_rate(pages: int, before_s: float, after_s: float) -> float:
    """Pages/s of the floor around a night: the mean of the floors measured right before and after it."""
    return (pages / before_s + pages / after_s) / 2


def _sources(folder: str, base_url: str, concurrency: int) -> str:
    """A sources file for the generated site, as a user would write it; its path."""
    path = Path(folder) / "sources.toml"
    path.write_text(f"""[fetch]
min_interval_s = 0
per_host_concurrency = {concurrency}
timeout_s = 20
max_bytes = 50_000_000  # the feed of 10,000 items is 7 MB
allow_private = ["127.0.0.1"]
[[sources]]
name = "bench"
feed = "{base_url}/bench/feed.xml"
""", encoding="utf-8")
    return str(path)


def _check(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=None,
                    help="articles per fetch / extract-tag / load batch (default: the flow's, BATCH_SIZE)")
    ap.add_argument("--task-runner", default="processes", help="threads, processes[:N], dask[:N] (see flows/runners.py)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="pipeline runs, each between two floors; the target is judged on their median ratio")
    args = ap.parse_args()

    # The site runs in its own (forked) process, as a remote site would: it costs this
    # machine's CPU, but not the flow process's GIL.
    server = CountingSiteServer("127.0.0.1", 0)
    pages, paths = synthetic_pages(server.base_url, args.pages)
    server.pages = pages
    site_process = multiprocessing.get_context("fork").Process(target=server.serve_forever, daemon=True)
    site_process.start()
    tree = TreeRSS(root=os.getpid(), exclude={site_process.pid})

    t_floor = floor_apart(server.base_url, args.pages)
    print(f"floor    (trafilatura + fugashi + bulk insert): {args.pages / t_floor:8.1f} pages/s  ({t_floor:.1f} s)")
    # The generated site lives on in the server's process; here it would count as the flow's memory.
    server.pages = pages = paths = None
    _release_memory()

    from prefect import flow

    from flows import nightly
    from flows.nightly import BATCH_SIZE, nightly_news
    from flows.report import import_charts_ahead
    from flows.runners import api_for_workers, make_task_runner, start_worker_imports

    @flow(name="startup-probe")
    def probe() -> None:
        return None

    runner = make_task_runner(args.task_runner)
    args.batch_size = args.batch_size or BATCH_SIZE
    t = time.perf_counter()
    # As the CLI does: the worker processes' fork server imports the libraries while Prefect
    # starts, and this process the report's charting, on a thread. All are start-up, as the
    # floor's imports and Tagger() are outside its timing.
    workers_early = start_worker_imports(runner)
    cpu_before = _cpu_seconds()[0]
    import_charts_ahead()
    probe()
    startup = time.perf_counter() - t
    print(f"prefect start-up (first flow run in the process): {startup:.1f} s"
          + (f"; the workers' fork server imported alongside ({_forkserver_cpu():.1f} s of CPU)"
             if workers_early else "")
          + f"; this process, the report's charting included: {_cpu_seconds()[0] - cpu_before:.1f} s of CPU")
    night = nightly_news.with_options(task_runner=runner)

    def run_night(tmp: str) -> Night:
        """One night into a new warehouse in `tmp`, timed, with the CPU it and its neighbours used."""
        sources, warehouse = _sources(tmp, server.base_url, args.concurrency), str(Path(tmp) / "bench.duckdb")
        # Outside the pipeline but on the same two cores: the site (serving pages) and
        # Prefect's API server (recording task runs, logs and events).
        api = _api_servers()
        t = time.perf_counter()
        cpu = _cpu_seconds()
        beside = _proc_cpu([site_process.pid]), _proc_cpu(api)
        loads: list[tuple[float, int]] = []
        nightly.progress_hook = lambda done, _total: loads.append((time.perf_counter() - t, done))
        try:
            summary = night(sources_file=sources, warehouse=warehouse, batch_size=args.batch_size)
        finally:
            nightly.progress_hook = None
        seconds = time.perf_counter() - t
        cpu = [b - a for a, b in zip(cpu, _cpu_seconds())]
        beside = _proc_cpu([site_process.pid]) - beside[0], _proc_cpu(api) - beside[1]
        return Night(seconds, cpu, beside, loads, summary, sources, warehouse, api)

    with (tempfile.TemporaryDirectory(prefix="ainews-bench-") as tmp, tree, local_run_settings(),
          api_for_workers(runner)):
        first = run_night(tmp)
        t_pipe, cpu, others, summary = first.seconds, first.cpu, first.beside, first.summary
        requests_first = server.count.value
        # A real second night comes a day later. Right after the first, Prefect's API server
        # is still recording the first run's task-run events, and a run started then waits
        # on it (1.2 to 4.3 s measured for the same no-change night): let it settle first.
        settled = _wait_idle(first.api)
        t = time.perf_counter()
        night(sources_file=first.sources, warehouse=first.warehouse, batch_size=args.batch_size)
        t_again = time.perf_counter() - t
        requests_second = server.count.value - requests_first
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # This machine's speed drifts by a tenth or more within minutes: the floor is measured
    # again after the pipeline, and the ratio is taken against the mean of the two.
    t_floor_after = floor_apart(server.base_url, args.pages)
    rate_floor = _floor_rate(args.pages, t_floor, t_floor_after)
    rate_pipe = summary.articles_new / t_pipe
    ratio = rate_pipe / rate_floor
    print(f"pipeline (nightly-news, {args.task_runner}, batches of {args.batch_size}): {rate_pipe:8.1f} pages/s  "
          f"({t_pipe:.1f} s, {summary.articles_new} articles, {requests_first} requests)")
    print(f"CPU during the run: flow process {cpu[0]:.1f} s, task-runner workers {cpu[1]:.1f} s, "
          f"= {(cpu[0] + cpu[1]) / t_pipe:.2f} of {os.cpu_count()} cores")
    print(f"  and beside it: the site's server {others[0]:.1f} s, Prefect's API server {others[1]:.1f} s; "
          f"all together {(cpu[0] + cpu[1] + sum(others)) / t_pipe:.2f} of {os.cpu_count()} cores")
    print(_timeline(first.loads, t_pipe, rate_floor))
    print(f"floor again, after the pipeline:                 {args.pages / t_floor_after:8.1f} pages/s  "
          f"({t_floor_after:.1f} s); mean of the two {rate_floor:.1f} pages/s")
    print(f"fetch concurrency reached:                       {summary.fetch_concurrency:8d}  "
          f"(per-host limit {args.concurrency})")
    verdict = f"target >= 0.80: {_check(ratio >= 0.8)}" if args.rounds == 1 else "(the target: on the median below)"
    print(f"ratio pipeline / floor (the mean):               {ratio:8.2f}  {verdict}  "
          f"(against each floor: {rate_pipe / (args.pages / t_floor):.2f}, {rate_pipe / (args.pages / t_floor_after):.2f})")
    if args.rounds > 1:
        # The machine's speed drifts by a fifth within a minute: more nights, each between two
        # floors measured right before and after it, and the target judged on their median.
        ratios, floors = [ratio], [t_floor_after]
        for k in range(2, args.rounds + 1):
            with (tempfile.TemporaryDirectory(prefix="ainews-bench-") as tmp, local_run_settings(),
                  api_for_workers(runner)):
                again = run_night(tmp)
            floors.append(floor_apart(server.base_url, args.pages))
            t_k, rate_k = again.seconds, again.summary.articles_new / again.seconds
            ratios.append(rate_k / _floor_rate(args.pages, floors[-2], floors[-1]))
            print(f"round {k}: floor {args.pages / floors[-2]:.1f} / {args.pages / floors[-1]:.1f} pages/s, pipeline "
                  f"{rate_k:.1f} pages/s ({t_k:.1f} s), ratio {ratios[-1]:.2f}")
        median = statistics.median(ratios)
        print(f"ratio, median of {args.rounds} rounds ({', '.join(f'{r:.2f}' for r in ratios)}): "
              f"{median:8.2f}  target >= 0.80: {_check(median >= 0.8)}")
    t_own = floor_apart(server.base_url, args.pages, own=True)
    print(f"for comparison, not a target: ainews's own extraction and tagging in the same kind of loop "
          f"(one process): {args.pages / t_own:.1f} pages/s; the pipeline on {os.cpu_count()} cores makes "
          f"{rate_pipe / (args.pages / t_own):.2f} of it")
    print(f"second run, nothing new:                         {t_again:8.1f} s = {t_again / t_pipe:.0%} of the "
          f"first's time, {requests_second} requests = {requests_second / requests_first:.1%} of its requests "
          f"(after {settled:.1f} s for the API server to settle)  "
          f"target <= 10%: {_check(t_again / t_pipe <= 0.10 and requests_second / requests_first <= 0.10)}")
    print(f"peak RSS, this process (the generated pages included): {rss_self:8.0f} MiB")
    at_scale = args.pages >= 10000
    print(f"peak RSS, flow + task-runner workers (summed):   {tree.peak / 2**20:8.0f} MiB  "
          f"target < 1024 MiB at 10,000 pages: {_check(tree.peak < 2**30) if at_scale else 'run --pages 10000'}")
    print(f"  the same, shared pages counted once (PSS):     {tree.peak_pss / 2**20:8.0f} MiB  "
          f"{_check(tree.peak_pss < 2**30) if at_scale else ''}")
    print(f"peak RSS, Prefect's temporary API (apart):       {tree.peak_api / 2**20:8.0f} MiB")
    site_process.terminate()


if __name__ == "__main__":
    main()
