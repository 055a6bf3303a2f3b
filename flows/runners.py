"""Where a run's extraction and tagging execute: a task runner chosen by name.

The flow keeps fetching (one polite crawler) and loading (one DuckDB writer)
in its own process; only the CPU work, extracting and tagging a batch, is
submitted to the task runner. So the runner decides how many cores or machines
that work spreads over:

  threads            in the flow's process (cheapest start, one core: the GIL)
  processes[:N]      N worker processes of the standard library's ProcessPoolExecutor
                     (default: all cores); the extract-tag task runs on a thread of the
                     flow and hands its batch to them (see LocalProcessesTaskRunner)
  dask[:N]           prefect-dask's DaskTaskRunner on a dask.distributed LocalCluster of N workers
  tcp://HOST:PORT    DaskTaskRunner on an existing Dask scheduler (workers on other machines)
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.work import start_local_worker

DEFAULT_RUNNER = "processes"
RUNNER_ENV = "AINEWS_TASK_RUNNER"


class RunnerSpecError(ValueError):
    """A task-runner name that is not one of the forms above."""


class LocalProcessesTaskRunner(ThreadPoolTaskRunner):
    """Task runs on threads of the flow's process; their CPU work on N worker processes.

    Prefect's ProcessPoolTaskRunner runs the whole task engine in each worker:
    every worker imports Prefect, hydrates the flow's settings and context for
    each task and reports its task run to the API itself. Measured with py-spy,
    that was a fifth of the workers' CPU at 2,000 pages (start-up imports and
    per-task engine work) and about 100 MiB of each worker's memory. Here the
    extract-tag task run stays in the flow's process (its state, logs and
    timing show in the UI as before) and only `extract_and_tag`, a plain
    function on plain data, crosses to the workers. The pool lives as long as
    the flow run; workers start on the first submission, not before.
    """

    def __init__(self, processes: int) -> None:
        super().__init__(max_workers=processes + 2)  # the waiting task runs, plus warm-up
        self.processes = processes
        self.pool: ProcessPoolExecutor | None = None

    def duplicate(self) -> LocalProcessesTaskRunner:
        return type(self)(self.processes)

    def __enter__(self) -> LocalProcessesTaskRunner:
        super().__enter__()
        self.pool = worker_pool(self.processes)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            super().__exit__(*exc)
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalProcessesTaskRunner) and other.processes == self.processes

    __hash__ = None  # type: ignore[assignment]


# Imported once, in the fork server, before it forks the workers.
WORKER_PRELOAD = ["flows.work"]


def worker_context() -> multiprocessing.context.BaseContext:
    """How local worker processes start: from a fork server that has imported the work.

    Not a fork of the flow's process: it runs threads (Prefect's, the
    fetcher's), and forking a process that runs threads is unsafe. A spawned
    worker is safe but starts cold: importing trafilatura, lxml, fugashi and
    the tagger cost each worker 0.8-1.0 s of CPU at the start of every night,
    while the cores were needed for the first batch. The fork server is a
    fresh, single-threaded interpreter that imports them once and forks each
    worker from there (0.17 s a worker); it lives as long as the flow's
    process, so later runs in the same process start their workers at once.
    Where there is no fork server (Windows), workers are spawned.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(WORKER_PRELOAD)
    return ctx


def start_worker_imports(runner: TaskRunner | None) -> bool:
    """Start the local workers' fork server now, so that its imports (about a second of CPU)
    run while Prefect starts up, not in the first seconds of the flow run; whether it started.

    Returns at once: the fork server imports in its own process, and the pool's
    first worker waits for it only if it is not done by then. Called by the CLI
    and the pipeline benchmark before the first flow call; a flow run that finds
    no fork server running (a deployment's) starts one itself, as before.
    """
    if not isinstance(runner, LocalProcessesTaskRunner):
        return False
    ctx = worker_context()
    if ctx.get_start_method() != "forkserver":
        return False
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return True


def worker_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of local worker processes, started as `worker_context` says and warmed up by
    `start_local_worker`: the runner's, and the fresh ones `flows.work.isolate_crashes` makes."""
    return ProcessPoolExecutor(processes, mp_context=worker_context(), initializer=start_local_worker)


def _count(spec: str, name: str) -> int | None:
    _, sep, n = spec.partition(":")
    if not sep:
        return None
    if not n.isdigit() or int(n) < 1:
        raise RunnerSpecError(f"{name}:N needs a positive number of workers, got {spec!r}")
    return int(n)


def default_runner_spec() -> str:
    return os.environ.get(RUNNER_ENV) or DEFAULT_RUNNER


def make_task_runner(spec: str | None = None) -> TaskRunner:
    """The task runner named by `spec` (see the module docstring); raises RunnerSpecError."""
    spec = (spec or default_runner_spec()).strip()
    if spec == "threads":
        return ThreadPoolTaskRunner(max_workers=4)
    if spec == "processes" or spec.startswith("processes:"):
        return LocalProcessesTaskRunner(_count(spec, "processes") or os.cpu_count() or 1)
    if spec == "dask" or spec.startswith("dask:") and not spec.startswith("dask://"):
        from prefect_dask import DaskTaskRunner

        n = _count(spec, "dask") or os.cpu_count() or 1
        return DaskTaskRunner(cluster_class="distributed.LocalCluster",
                              cluster_kwargs={"n_workers": n, "threads_per_worker": 1, "processes": True,
                                              "dashboard_address": None})
    if spec.startswith(("tcp://", "tls://", "dask://")):
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=spec.replace("dask://", "tcp://", 1))
    raise RunnerSpecError(f"unknown task runner {spec!r}: use threads, processes[:N], dask[:N] or tcp://HOST:PORT")


def parallelism(runner: TaskRunner | None) -> int:
    """How many batches the runner works on at once (a guess for a remote cluster)."""
    if isinstance(runner, LocalProcessesTaskRunner):
        return runner.processes
    if isinstance(runner, ThreadPoolTaskRunner) or runner is None:
        return 1
    kwargs = getattr(runner, "cluster_kwargs", None) or {}
    return max(1, int(kwargs.get("n_workers") or os.cpu_count() or 1))


@contextmanager
def api_for_workers(runner: TaskRunner | None) -> Iterator[None]:
    """Point the flow and its worker processes at one Prefect API.

    With no PREFECT_API_URL, Prefect starts a temporary API lazily in each
    process that needs one: every worker process would start its own (seconds
    and ~200 MB each) and record its task runs in a database nobody reads. So
    the temporary API is started here, once, and every process is told its URL.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # Threads and local worker processes never talk to the API themselves.
    if runner is None or isinstance(runner, ThreadPoolTaskRunner) or PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()  # stopped at exit, as Prefect does for its own temporary API
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield
