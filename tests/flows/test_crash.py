"""Crash safety: a real `ainews run` killed with SIGKILL at random moments leaves a consistent
warehouse, and the next run completes the work to exactly what an uninterrupted run makes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.demo import demo_sources_text
from tests.support.snapshots import snapshot

def run_cli(sources: Path, warehouse: Path, api_url: str) -> subprocess.Popen:
    # Batches of 3 articles: a dozen commit points for the kill to land between or inside.
    env = dict(os.environ, PREFECT_API_URL=api_url, PREFECT_LOGGING_LEVEL="WARNING")
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--sources", str(sources),
                             "--warehouse", str(warehouse), "--batch-size", "3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def setup(prefect_harness, sample_site, tmp_path_factory):
    from prefect.settings import PREFECT_API_URL

    tmp = tmp_path_factory.mktemp("crash")
    sources = tmp / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    api_url = PREFECT_API_URL.value()
    reference = tmp / "reference.duckdb"
    started = time.monotonic()
    proc = run_cli(sources, reference, api_url)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    return {"sources": sources, "api": api_url, "reference": snapshot(reference),
            "duration": time.monotonic() - started, "tmp": tmp}


def consistent(snap: dict[str, list[tuple]], reference: dict[str, list[tuple]]) -> None:
    """Whatever is there is whole: each stored article has exactly its deals, parties and pages."""
    urls = {row[0] for row in snap["articles"]}
    assert set(snap["articles"]) <= set(reference["articles"])
    for table in ("deals", "parties", "raw_pages"):
        assert snap[table] == [row for row in reference[table] if row[0] in urls], table


@pytest.mark.parametrize("attempt", range(4))
def test_sigkill_at_a_random_moment_then_rerun_matches_uninterrupted_run(setup, attempt):
    rng = random.Random(1000 + attempt)
    warehouse = setup["tmp"] / f"killed-{attempt}.duckdb"
    proc = run_cli(setup["sources"], warehouse, setup["api"])
    # Between the end of start-up (imports, flow creation) and the end of the run.
    time.sleep(rng.uniform(0.35, 0.95) * setup["duration"])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if warehouse.exists():
        killed = snapshot(warehouse)
        consistent(killed, setup["reference"])
        print(f"killed with {len(killed['articles'])} of {len(setup['reference']['articles'])} articles stored")
    rerun = run_cli(setup["sources"], warehouse, setup["api"])
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    assert snapshot(warehouse) == setup["reference"]


def test_second_run_on_the_same_warehouse_is_refused_clearly(setup):
    from typer.testing import CliRunner

    from flows.cli import app
    from warehouse.db import run_lock

    warehouse = setup["tmp"] / "busy.duckdb"
    with run_lock(warehouse):
        result = CliRunner().invoke(app, ["run", "--sources", str(setup["sources"]), "--warehouse", str(warehouse)])
    assert result.exit_code == 3
    assert "another ainews run is using" in result.output
