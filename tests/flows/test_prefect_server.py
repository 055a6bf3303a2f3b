"""Against a real Prefect server on a free port: run history read back through the API, and
`ainews serve` registering the nightly deployment with its schedule and concurrency limit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from flows.demo import demo_sources_text
from tests.support.httpserver import free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2", PREFECT_UI_ENABLED="false")
    log = open(home / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        try:
            if httpx.get(api + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            pytest.fail("prefect server exited: " + (home / "server.log").read_text()[-2000:])
        time.sleep(1)
    else:
        proc.kill()
        pytest.fail("prefect server did not start in 240 s")
    yield api
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def cli_env(api: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_API_URL=api, PREFECT_LOGGING_LEVEL="INFO")
    return env


def post(api: str, path: str, body: dict) -> list[dict]:
    r = httpx.post(api + path, json=body, timeout=30)
    r.raise_for_status()
    return r.json()


def test_run_history_is_readable_through_the_api(server, sample_site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--sources", str(sources), "--warehouse",
                           str(tmp_path / "w.duckdb")], env=cli_env(server), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]

    runs = post(server, "/flow_runs/filter", {"flow_runs": {"name": {"like_": "nightly-"}}})
    assert len(runs) == 1
    run = runs[0]
    assert run["name"].startswith("nightly-20") and run["state_type"] == "COMPLETED"

    tasks = post(server, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    names = {t["name"] for t in tasks}
    for stage in ("discover", "fetch", "extract-tag", "load"):
        assert f"{stage}-sample-bizjournal" in names and f"{stage}-sample-itmedia" in names
    assert {"build-events", "load-spool"} <= names
    # The sources tag the flow run (the UI's flow-run filter finds the nights that read a site), not
    # each task run: Prefect makes one concurrency-limit request per tag before a tagged task starts.
    assert {"source:sample-itmedia", "source:sample-bizjournal"} <= set(run["tags"])
    assert not any(t["tags"] for t in tasks)
    assert all(t["state_type"] == "COMPLETED" for t in tasks)

    logs = post(server, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}, "limit": 200})
    text = "\n".join(entry["message"] for entry in logs)
    assert "36 new articles" in text and "extracted and tagged" in text

    artifacts = post(server, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
    by_key = {a["key"]: a for a in artifacts}
    assert {"nightly-summary", "nightly-new-deals"} <= set(by_key)
    assert "## New deals" in by_key["nightly-summary"]["data"]


def test_serve_registers_the_nightly_deployment_with_its_schedule(server, sample_site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--sources", str(sources),
                             "--warehouse", str(tmp_path / "w.duckdb")], env=cli_env(server),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deployment = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and deployment is None:
            found = post(server, "/deployments/filter", {"deployments": {"name": {"any_": ["nightly-news"]}}})
            deployment = found[0] if found else None
            time.sleep(1)
        assert deployment is not None, "serve did not register the deployment"
        schedules = [s["schedule"] for s in deployment["schedules"]]
        assert schedules == [{"cron": "0 2 * * *", "timezone": "Asia/Tokyo", "day_or": True}] or (
            schedules[0]["cron"] == "0 2 * * *" and schedules[0]["timezone"] == "Asia/Tokyo")
        limit = deployment.get("global_concurrency_limit") or {}
        assert deployment.get("concurrency_limit") == 1 or limit.get("limit") == 1
        assert (deployment.get("concurrency_options") or {}).get("collision_strategy") == "CANCEL_NEW"
        assert deployment["parameters"]["warehouse"].endswith("w.duckdb")
        # The scheduler fills in the next nights, each at 02:00 in Tokyo (17:00 UTC).
        scheduled = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not scheduled:
            scheduled = post(server, "/flow_runs/filter", {
                "deployments": {"id": {"any_": [deployment["id"]]}},
                "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}})
            time.sleep(2)
        assert scheduled
        assert all(r["expected_start_time"][11:16] == "17:00" for r in scheduled)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
