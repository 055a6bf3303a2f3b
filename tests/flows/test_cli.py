"""The `ainews` CLI: exit codes and messages a user relies on."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app
from tests.support.httpserver import free_port

runner = CliRunner()


def test_run_with_bad_sources_file_exits_2_without_traceback(prefect_harness, tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text("[fetch]\ntimeout = 3\n[[sources]]\nname='a'\nfeed='https://x/'\n", encoding="utf-8")
    result = runner.invoke(app, ["run", "--sources", str(bad), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "unknown key [fetch].timeout" in result.output
    assert "Traceback" not in result.output


def test_run_where_every_source_fails_exits_1(prefect_harness, tmp_path):
    port = free_port()
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""[fetch]
retries = 0
allow_private = ["127.0.0.1"]
[[sources]]
name = "down"
feed = "http://127.0.0.1:{port}/feed.xml"
""", encoding="utf-8")
    result = runner.invoke(app, ["run", "--sources", str(sources), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "every source failed" in result.output


def test_a_bad_task_runner_name_exits_2_in_one_line(tmp_path):
    result = runner.invoke(app, ["run", "--task-runner", "spark", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "unknown task runner 'spark'" in result.output and "Traceback" not in result.output


def test_run_on_worker_processes_loads_the_sample_site(prefect_harness, sample_site, tmp_path):
    from flows.demo import demo_sources_text

    sources = tmp_path / "sources.toml"
    sources.write_text(demo_sources_text(sample_site), encoding="utf-8")
    result = runner.invoke(app, ["run", "--sources", str(sources), "--warehouse", str(tmp_path / "w.duckdb"),
                                 "--task-runner", "processes:2"])
    assert result.exit_code == 0, result.output
    assert "36 new articles" in result.output


def test_tag_jsonl_follows_the_output_contract(tmp_path):
    doc = {"id": "x1", "published": "2025-11-04",
           "text": "米アマゾン・ドット・コム傘下のAWSは3日、米OpenAIと380億ドル(約5兆8600億円)の計算資源契約を結んだと発表した。"}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["tag", "--jsonl", str(src)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert set(out) >= {"id", "url", "title", "published", "companies", "deals"}
    deal = out["deals"][0]
    assert deal["type"] == "contract"
    assert sorted(deal["parties"]) == ["Amazon", "OpenAI"]
    assert deal["amount"]["value"] == 38_000_000_000 and deal["amount"]["currency"] == "USD"
    assert deal["date"] == "2025-11-03"


def test_sql_refuses_writes(tmp_path):
    from warehouse.db import connect

    connect(tmp_path / "w.duckdb").close()
    result = runner.invoke(app, ["sql", "DROP TABLE articles", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "read-only" in result.output


def test_run_with_an_unreachable_prefect_server_says_so_in_one_line(tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    result = runner.invoke(app, ["run", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "no Prefect server answers" in result.output and "Traceback" not in result.output


def test_the_commands_default_batch_size_is_the_flows():
    """The CLI spells the default out (importing the flow would import Prefect for `--help`)."""
    import inspect

    from flows import cli
    from flows.nightly import BATCH_SIZE, backfill_news, nightly_news

    for command in (cli.run, cli.backfill):
        assert inspect.signature(command).parameters["batch_size"].default == BATCH_SIZE, command.__name__
    for flow in (nightly_news, backfill_news):
        assert inspect.signature(flow.fn).parameters["batch_size"].default == BATCH_SIZE
