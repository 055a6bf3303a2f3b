"""A reader holding the warehouse at load time: the run waits a bounded time, keeps the fetched
batches in the spool, and the next run loads them first: nothing lost, nothing doubled."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from flows.demo import demo_sources_text
from flows.site import load_articles
from warehouse.load import spool_dir, spooled_packages


def test_batches_wait_in_the_spool_when_the_load_finds_the_file_busy(prefect_harness, sample_site, tmp_path,
                                                                     monkeypatch):
    from flows import nightly

    monkeypatch.setenv("AINEWS_LOCK_WAIT_S", "1")
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"

    # Take the file the moment the first batch is staged, and keep it until the run ends.
    held: list[subprocess.Popen] = []
    real_stage = nightly.stage_package

    def stage_then_lock(*args, **kwargs):
        package = real_stage(*args, **kwargs)
        if not held:
            p = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                                  "print('ready', flush=True); sys.stdin.readline()", str(warehouse)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            assert p.stdout.readline().strip() == "ready"
            held.append(p)
        return package

    monkeypatch.setattr(nightly, "stage_package", stage_then_lock)
    try:
        first = nightly.nightly_news(sources_file=str(sources), warehouse=str(warehouse))
    finally:
        for p in held:
            p.stdin.write("\n")
            p.stdin.flush()
            p.wait(timeout=30)
    monkeypatch.undo()
    assert first.status == "partial"
    assert sum(s.spooled for s in first.sources) == len(load_articles())
    assert len(spooled_packages(spool_dir(warehouse))) >= 2
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    con.close()

    second = nightly.nightly_news(sources_file=str(sources), warehouse=str(warehouse))
    assert second.articles_new == 0  # nothing fetched again: the spooled batches were loaded first
    assert spooled_packages(spool_dir(warehouse)) == []
    con = duckdb.connect(str(warehouse), read_only=True)
    n = len(load_articles())
    assert con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (n, n)
    assert con.execute("SELECT count(*) FROM deal_events").fetchone()[0] > 0
    con.close()
