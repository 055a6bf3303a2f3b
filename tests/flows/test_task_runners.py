"""Scale-out: the same night on Prefect's process pool and on a Dask LocalCluster of two
worker processes builds exactly the warehouse the in-process default builds."""

from __future__ import annotations

import shutil

import pytest

from flows.demo import demo_sources_text
from flows.nightly import nightly_news
from flows.runners import RunnerSpecError, make_task_runner, parallelism
from tests.support.snapshots import FULL_SNAPSHOT, snapshot


@pytest.fixture(scope="module")
def reference(prefect_harness, sample_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("runners")
    sources = tmp / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    warehouse = tmp / "threads.duckdb"
    summary = nightly_news.with_options(task_runner=make_task_runner("threads"))(
        sources_file=str(sources), warehouse=str(warehouse), batch_size=4)
    assert summary.articles_new == 36
    return {"tmp": tmp, "sources": sources, "snapshot": snapshot(warehouse, FULL_SNAPSHOT)}


@pytest.mark.parametrize("spec", ["dask:2", "processes:2"])
def test_other_runners_build_the_same_warehouse(reference, spec):
    warehouse = reference["tmp"] / f"{spec.replace(':', '-')}.duckdb"
    runner = make_task_runner(spec)
    assert parallelism(runner) == 2
    summary = nightly_news.with_options(task_runner=runner)(
        sources_file=str(reference["sources"]), warehouse=str(warehouse), batch_size=4)
    assert summary.articles_new == 36 and summary.deals_new > 30
    got = snapshot(warehouse, FULL_SNAPSHOT)
    for table, rows in reference["snapshot"].items():
        assert got[table] == rows, table


def test_a_running_dask_scheduler_named_by_address_builds_the_same_warehouse(reference):
    """The several-machines path: the flow connects to a scheduler it did not start (tcp://HOST:PORT)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        warehouse = reference["tmp"] / "scheduler.duckdb"
        summary = nightly_news.with_options(task_runner=make_task_runner(cluster.scheduler_address))(
            sources_file=str(reference["sources"]), warehouse=str(warehouse), batch_size=4)
    assert summary.articles_new == 36
    assert snapshot(warehouse, FULL_SNAPSHOT) == reference["snapshot"]


def test_the_dask_runner_is_a_real_local_cluster_of_two_processes():
    from prefect_dask import DaskTaskRunner

    runner = make_task_runner("dask:2")
    assert isinstance(runner, DaskTaskRunner)
    assert runner.cluster_class == "distributed.LocalCluster" or getattr(runner.cluster_class, "__name__", "") == "LocalCluster"
    assert runner.cluster_kwargs["n_workers"] == 2 and runner.cluster_kwargs["processes"] is True


def test_an_existing_dask_scheduler_is_named_by_address():
    runner = make_task_runner("tcp://10.0.0.5:8786")
    assert runner.address == "tcp://10.0.0.5:8786"


@pytest.mark.parametrize("spec", ["", "fork", "processes:0", "dask:two", "threads:3"])
def test_unknown_runner_names_are_refused_with_the_forms_allowed(spec):
    with pytest.raises(RunnerSpecError, match="threads|positive"):
        make_task_runner(spec or "fork")


def test_processes_workers_run_the_tagger_without_prefect():
    """The point of the processes runner: its workers import the extractor and the
    tagger (the initializer warms them up), never Prefect or Dask, nor the fetcher's
    httpx: every import is start-up time that competes with the flow for the cores."""
    from tests.support.probe import imported

    with make_task_runner("processes:1") as runner:
        got = runner.pool.submit(imported, "prefect", "distributed", "httpx", "transform.tokens").result()
    assert got == {"prefect": False, "distributed": False, "httpx": False, "transform.tokens": True}


def test_local_workers_run_below_the_flows_priority():
    """Local workers yield the cores to the flow, which coordinates them (feeds, fetching, loading)."""
    import os

    from flows.work import WORKER_NICENESS

    with make_task_runner("processes:2") as runner:
        niceness = {runner.pool.submit(os.nice, 0).result() for _ in range(4)}
    assert niceness == {min(19, os.nice(0) + WORKER_NICENESS)}
    assert runner.pool is None  # shut down with the runner


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_local_workers_exit_without_tearing_down_their_interpreter(tmp_path, monkeypatch, start):
    """Once the pool stops them, workers skip the teardown of their modules (a second
    a night, with the charts' imports). A spawned worker still runs the exit hooks the work
    registered; a forked one (from the fork server) ends as multiprocessing ends every
    forked process, with os._exit: its own finalizers run, atexit hooks do not."""
    import multiprocessing
    import os

    import flows.runners
    from tests.support.probe import leave_at_exit

    if start == "spawn":
        monkeypatch.setattr(flows.runners, "worker_context", lambda: multiprocessing.get_context("spawn"))
    with make_task_runner("processes:1") as runner:
        assert runner.pool._mp_context.get_start_method() == start
        pid = runner.pool.submit(leave_at_exit, str(tmp_path / "teardown"), str(tmp_path / "hook")).result()
    assert pid != os.getpid()
    assert (tmp_path / "hook").exists() == (start == "spawn")
    assert (tmp_path / "teardown").read_text(encoding="utf-8") == ""  # created by the work, never finalised


def test_the_fork_server_can_start_its_imports_before_the_flow_run():
    """`start_worker_imports` (called by the CLI while Prefect starts) leaves a running fork
    server that has imported the work; the runner's pool then forks its workers from it."""
    import os
    from multiprocessing import forkserver

    from flows.runners import start_worker_imports
    from tests.support.probe import imported

    assert start_worker_imports(make_task_runner("threads")) is False
    runner = make_task_runner("processes:1")
    assert start_worker_imports(runner) is True
    pid = forkserver._forkserver._forkserver_pid
    os.kill(pid, 0)  # alive
    with runner:
        assert runner.pool.submit(imported, "transform.tokens").result() == {"transform.tokens": True}
    assert forkserver._forkserver._forkserver_pid == pid  # the same server, not a second one


def _night_watching_the_charts(reference, monkeypatch, name: str):
    """A real night on two local worker processes, recording what each batch queued behind its
    parts (extract_and_tag_on's `then`) and the pool the report drew on (None: the flow itself)."""
    from flows import nightly, report

    queued, pools = [], []
    real_on, real_draw = nightly.extract_and_tag_on, report._draw

    def extract_and_tag_on(pool, fetched, parts, work=None, then=None):
        queued.append(then)
        return real_on(pool, fetched, parts, then=then)

    def draw(data, pool):
        pools.append(pool)
        return real_draw(data, pool)

    monkeypatch.setattr(nightly, "extract_and_tag_on", extract_and_tag_on)
    monkeypatch.setattr(report, "_draw", draw)
    warehouse = reference["tmp"] / f"{name}.duckdb"
    shutil.rmtree(warehouse.parent / "report", ignore_errors=True)  # the report folder is shared
    summary = nightly_news.with_options(task_runner=make_task_runner("processes:2"))(
        sources_file=str(reference["sources"]), warehouse=str(warehouse), batch_size=4)
    return summary, warehouse, queued, pools


def test_a_process_that_imported_the_charting_ahead_draws_the_report_itself(reference, monkeypatch, request):
    """`ainews run` imports matplotlib while Prefect starts (flows.report.import_charts_ahead): the
    night then neither has its workers import it behind the last batch nor draws on them, and it
    builds the same warehouse and all three charts."""
    import gc

    from flows import process_gc, report

    monkeypatch.setattr(report, "_ahead", None)
    threshold = gc.get_threshold()
    request.addfinalizer(gc.unfreeze)  # the rest of the tests collect as before
    request.addfinalizer(lambda: gc.set_threshold(*threshold))
    report.import_charts_ahead()
    assert report.charts_imported()
    assert gc.get_freeze_count() > 50_000  # start-up's objects, out of the night's collections
    assert gc.get_threshold() == (process_gc.YOUNG_THRESHOLD, *threshold[1:])
    summary, warehouse, queued, pools = _night_watching_the_charts(reference, monkeypatch, "charts-here")
    assert summary.articles_new == 36
    assert len(queued) > 2 and queued == [None] * len(queued)  # one call per batch
    assert pools == [None]
    assert len(list((warehouse.parent / "report").glob("*.png"))) == 3
    got = snapshot(warehouse, FULL_SNAPSHOT)
    for table, rows in reference["snapshot"].items():
        assert got[table] == rows, table


def test_without_the_charting_imported_ahead_the_last_batch_has_the_workers_import_it(reference, monkeypatch):
    from flows import report
    from flows.work import import_report

    monkeypatch.setattr(report, "_ahead", None)
    assert not report.charts_imported()
    _, _, queued, pools = _night_watching_the_charts(reference, monkeypatch, "charts-there")
    assert queued[:-1] == [None] * (len(queued) - 1) and queued[-1] is import_report
    assert len(pools) == 1 and pools[0] is not None
