"""The `ainews` command line. Prefect is imported only by the commands that run flows,
so `ainews tag` and `ainews sql` start fast."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extract.errors import ConfigError
from flows.prefect_env import apply_offline_defaults, local_run_settings
from warehouse.db import WarehouseError

apply_offline_defaults()

DEFAULT_API_URL = "http://127.0.0.1:4200/api"

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="ainews: Japanese AI-industry news -> deal facts -> DuckDB, run nightly by Prefect.")
console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[Optional[Path], typer.Option(
    "--warehouse", "-w", help="DuckDB file (default data/warehouse.duckdb or $AINEWS_WAREHOUSE).")]
SourcesOpt = Annotated[Optional[Path], typer.Option(
    "--sources", "-s", help="Sources file (TOML). Default: ./sources.toml if present, else the bundled live sources.")]
BatchOpt = Annotated[int, typer.Option(min=1, help="Articles per batch: one fetch, one extract-tag task, one load "
                                      "transaction (the night's first and last batches are half as big).")]
RunnerOpt = Annotated[Optional[str], typer.Option(
    "--task-runner", help="Where extraction and tagging run: threads, processes[:N], dask[:N] or tcp://HOST:PORT "
    "(a Dask scheduler). Default: $AINEWS_TASK_RUNNER, else processes (one per core).")]


def _with_runner(flow_fn, spec: str | None):
    """The flow with the task runner `spec` names; a bad name is a one-line error (exit 2)."""
    from flows.runners import RunnerSpecError, make_task_runner

    try:
        return flow_fn.with_options(task_runner=make_task_runner(spec))
    except RunnerSpecError as e:
        raise _fail(str(e), code=2) from None
    except ImportError as e:  # prefect-dask missing from a trimmed install
        raise _fail(f"the Dask task runner needs prefect-dask: {e}", "pip install prefect-dask", code=2) from None


def _fail(message: str, hint: str | None = None, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    if hint:
        err.print(f"[dim]{escape(hint)}[/]", soft_wrap=True)
    return typer.Exit(code)


def _sources_path(sources: Path | None) -> str | None:
    if sources is not None:
        return str(sources)
    return "sources.toml" if Path("sources.toml").exists() else None


def _warehouse(path: Path | None) -> str:
    from warehouse.db import default_warehouse_path
    return str(path or default_warehouse_path())


def _print_result(columns: tuple[str, ...], rows: list[tuple], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else f"{v:,.0f}" if isinstance(v, float) and v.is_integer() else str(v)
                        for v in row))
    console.print(table)


def _run_flow(flow_fn, sources_file: str | None, warehouse: str, **params):
    """Run a flow with the CLI's error handling: expected errors become one line and an exit code.

    The sources file and the warehouse are checked before the flow starts, so a
    user sees "unknown key [fetch].timeout", not a flow traceback.
    """
    from extract.config import load_sources
    from flows.nightly import AllSourcesFailed
    from flows.report import import_charts_ahead
    from flows.runners import api_for_workers, start_worker_imports
    from warehouse.db import connect, run_lock

    if os.environ.get("PREFECT_API_URL") and _prefect_server_url() is None:
        raise _fail(f"no Prefect server answers at {os.environ['PREFECT_API_URL']}",
                    "Start it (`ainews ui`), or unset PREFECT_API_URL to run with a temporary one.", code=1)
    try:
        load_sources(sources_file)
        runner = getattr(flow_fn, "task_runner", None)
        # The workers' imports run in their fork server while Prefect starts up, and the
        # report's charting (matplotlib) here, on a thread: every night flow ends with the report.
        start_worker_imports(runner)
        import_charts_ahead()
        with run_lock(warehouse):
            connect(warehouse).close()
        with _progress_bar(), local_run_settings(), api_for_workers(runner):
            return flow_fn(sources_file=sources_file, warehouse=warehouse, **params)
    except ConfigError as e:
        raise _fail(str(e), "Fix the sources file; its format is in the README.", code=2) from None
    except WarehouseError as e:
        raise _fail(str(e), code=3) from None
    except AllSourcesFailed as e:
        raise _fail(str(e), "Check the network and the feed URLs; failed fetches are in the `fetches` table.",
                    code=1) from None


@contextmanager
def _progress_bar() -> Iterator[None]:
    """A progress bar of articles fetched, extracted, tagged and loaded, when stderr is a terminal."""
    from flows import nightly

    if not err.is_terminal:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("articles"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("articles", total=None)
        nightly.progress_hook = lambda done, total: bar.update(task, completed=done, total=total or None)
        try:
            yield
        finally:
            nightly.progress_hook = None


def _print_summary(summary, warehouse: str) -> None:
    from warehouse.db import connect
    from warehouse.query import deals_per_month_by_type, table_counts, top_companies

    console.print(f"[bold]{summary.headline()}[/]")
    table = Table(title="Sources")
    for c in ("source", "discovered", "already stored", "fetched", "new articles", "new deals", "failed pages",
              "error"):
        table.add_column(c)
    for s in summary.sources:
        table.add_row(s.source, str(s.discovered), str(s.already_known), str(s.attempted), str(s.articles_new),
                      str(s.deals_new), str(s.failed_pages), s.error or "")
    console.print(table)
    con = connect(warehouse, read_only=True)
    try:
        r = deals_per_month_by_type(con)
        _print_result(r.columns, r.rows, "Deals per month by type (v_deals_per_month_by_type)")
        r = top_companies(con)
        _print_result(r.columns, r.rows, "Most active companies (v_company_deals)")
        counts = table_counts(con)
    finally:
        con.close()
    console.print("Warehouse " + warehouse + ": " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@app.command()
def demo(warehouse: WarehouseOpt = None,
         port: Annotated[int, typer.Option(help="Port for the sample site (a free one if taken).")] = 8765,
         task_runner: Annotated[str, typer.Option(
             "--task-runner", help="As for `run`; threads by default here: 36 articles do not pay for "
                                   "starting worker processes.")] = "threads") -> None:
    """Serve the bundled sample news site on 127.0.0.1, run the nightly flow on it once, print trends."""
    use_project_prefect_home()
    from flows.demo import sample_site_sources
    from flows.nightly import nightly_news

    wh = _warehouse(warehouse)
    with sample_site_sources(port) as (base_url, sources_path):
        console.print(f"Sample news site at {base_url}; warehouse {wh}")
        summary = _run_flow(_with_runner(nightly_news, task_runner), str(sources_path), wh)
    _print_summary(summary, wh)


@app.command()
def run(sources: SourcesOpt = None, warehouse: WarehouseOpt = None,
        limit: Annotated[Optional[int], typer.Option(min=1, help="At most N new articles per source.")] = None,
        batch_size: BatchOpt = 400,
        task_runner: RunnerOpt = None) -> None:
    """Run the nightly flow once, now."""
    use_project_prefect_home()
    from flows.nightly import nightly_news

    wh = _warehouse(warehouse)
    summary = _run_flow(_with_runner(nightly_news, task_runner), _sources_path(sources), wh, limit=limit,
                        batch_size=batch_size)
    _print_summary(summary, wh)


def _prefect_server_url() -> str | None:
    """The Prefect API to talk to: $PREFECT_API_URL, else a local `ainews ui` server if one answers."""
    import httpx

    url = os.environ.get("PREFECT_API_URL") or DEFAULT_API_URL
    try:
        ok = httpx.get(url.rstrip("/") + "/health", timeout=3).status_code == 200
    except httpx.HTTPError:
        ok = False
    return url if ok else None


@app.command()
def backfill(from_: Annotated[str, typer.Option("--from", help="First publication date YYYY-MM-DD.")],
             to: Annotated[str, typer.Option("--to", help="Last publication date YYYY-MM-DD.")],
             sources: SourcesOpt = None, warehouse: WarehouseOpt = None,
             batch_size: BatchOpt = 400,
             limit: Annotated[Optional[int], typer.Option(min=1, help="At most N articles per source.")] = None,
             task_runner: RunnerOpt = None) -> None:
    """Load older articles from the sources' sitemaps (lastmod within the dates); resumable, polite."""
    from datetime import date

    use_project_prefect_home()
    try:
        if date.fromisoformat(from_) > date.fromisoformat(to):
            raise ValueError("--from is after --to")
    except ValueError as e:
        raise _fail(f"bad dates: {e}", "Use YYYY-MM-DD for --from and --to.", code=2) from None
    from flows.nightly import backfill_news

    wh = _warehouse(warehouse)
    summary = _run_flow(_with_runner(backfill_news, task_runner), _sources_path(sources), wh, since=from_, until=to,
                        batch_size=batch_size, limit=limit)
    _print_summary(summary, wh)


@app.command()
def serve(sources: SourcesOpt = None, warehouse: WarehouseOpt = None,
          cron: Annotated[str, typer.Option(help="Cron expression of the nightly run.")] = "0 2 * * *",
          timezone: Annotated[str, typer.Option(help="Time zone of the cron expression.")] = "Asia/Tokyo",
          task_runner: RunnerOpt = None) -> None:
    """Serve the `nightly-news` deployment on a cron schedule; runs happen while this command runs.

    Needs a Prefect server (`ainews ui`, or $PREFECT_API_URL): the temporary API that
    one-off runs use has no scheduler.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    use_project_prefect_home()
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(f"unknown time zone {timezone!r}", "Use an IANA name such as Asia/Tokyo.", code=2) from None
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError:
        raise _fail(f"bad cron expression {cron!r}", 'Five fields, e.g. "0 2 * * *".', code=2) from None
    api = _prefect_server_url()
    if api is None:
        raise _fail(f"no Prefect server answers at {os.environ.get('PREFECT_API_URL') or DEFAULT_API_URL}",
                    "Start one with `ainews ui` (or `prefect server start`) and try again; "
                    "set PREFECT_API_URL if it runs elsewhere.", code=1)
    os.environ["PREFECT_API_URL"] = api
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    from flows.nightly import nightly_news

    flow = _with_runner(nightly_news, task_runner)
    console.print(f"Serving nightly-news ({cron}, {timezone}) against {api}; Ctrl-C stops it.")
    flow.serve(
        name="nightly-news", schedules=[Cron(cron, timezone=timezone)],
        # One run at a time: a run due while the previous one still works is cancelled, not queued.
        global_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
        parameters={"sources_file": str(Path(_sources_path(sources)).resolve()) if _sources_path(sources) else None,
                    "warehouse": str(Path(_warehouse(warehouse)).resolve())},
        description="Nightly crawl of Japanese AI-industry news into the ainews DuckDB warehouse.",
        tags=["ainews", "nightly"],
    )


@app.command()
def ui(port: Annotated[int, typer.Option(help="Port of the Prefect UI and API.")] = 4200,
       host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1") -> None:
    """Start the Prefect server (UI + API + scheduler) on the project's PREFECT_HOME.

    Runs made by `ainews demo` and `ainews run` are stored in the same PREFECT_HOME,
    so they appear in this UI; `ainews serve` finds this server by itself.
    """
    import subprocess

    use_project_prefect_home()
    console.print(f"Prefect UI at http://{host}:{port} (PREFECT_HOME={os.environ.get('PREFECT_HOME', '~/.prefect')});"
                  " Ctrl-C stops it.")
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)  # the server serves the API; it must not point at another one
    # The UI in the browser must call this server's API, on whatever port it listens.
    env.setdefault("PREFECT_UI_API_URL", f"http://{host}:{port}/api")
    try:
        code = subprocess.call([sys.executable, "-m", "prefect", "server", "start", "--host", host,
                                "--port", str(port)], env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)


@app.command()
def tag(files: Annotated[Optional[list[Path]], typer.Argument(help="HTML or text files.")] = None,
        jsonl: Annotated[Optional[str], typer.Option(help="JSONL input file, or - for stdin.")] = None,
        url: Annotated[Optional[str], typer.Option(help="URL of the FILE documents.")] = None,
        published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD of the FILE documents.")] = None,
        with_text: Annotated[bool, typer.Option("--with-text", help="Include the extracted text.")] = False) -> None:
    """Offline: extract (if HTML) and tag documents; one JSON line out per document."""
    from flows.tagging import Document, tag_one

    docs: list[Document] = []
    for f in files or []:
        try:
            data = f.read_bytes()
        except OSError as e:
            raise _fail(f"cannot read {f}: {e.strerror or e}", code=2) from None
        docs.append(Document.from_file(str(f), data, url=url, published=published))
    if jsonl is not None:
        stream = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")  # noqa: SIM115
        with stream:
            for lineno, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    docs.append(Document.from_json(json.loads(line), lineno))
                except (ValueError, TypeError) as e:
                    err.print(f"[yellow]line {lineno}: skipped: {e}[/]")
                    print(json.dumps({"id": None, "line": lineno, "error": str(e)}, ensure_ascii=False))
                    continue
                _emit(docs.pop(), with_text, tag_one)
    if not files and jsonl is None:
        raise _fail("give FILE arguments or --jsonl FILE|-", code=2)
    for doc in docs:
        _emit(doc, with_text, tag_one)


def _emit(doc, with_text: bool, tag_one) -> None:
    out = tag_one(doc, with_text=with_text)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command()
def reprocess(warehouse: WarehouseOpt = None,
              since: Annotated[Optional[str], typer.Option(help="Only articles fetched on or after YYYY-MM-DD.")] = None,
              force: Annotated[bool, typer.Option("--force", help="Re-tag every article, changed or not.")] = False
              ) -> None:
    """Re-extract every archived article offline with the current code; re-tag those whose text or tagger changed."""
    from datetime import date

    from rich.progress import Progress

    from flows.reprocess import reprocess as run_reprocess

    try:
        since_date = date.fromisoformat(since) if since else None
    except ValueError:
        raise _fail(f"--since must be YYYY-MM-DD, got {since!r}", code=2) from None
    wh = _warehouse(warehouse)
    try:
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("reprocessing", total=None)
            report = run_reprocess(wh, since_date, force=force,
                                   progress=lambda done, total: bar.update(task, completed=done, total=total))
    except WarehouseError as e:
        raise _fail(str(e), code=3) from None
    console.print(f"Reprocessed {report.articles} articles into {report.deals} deals; {report.unchanged} unchanged "
                  f"(same text, same tagger) left as they were"
                  + (f"; {report.failed} failed and kept their old rows" if report.failed else ""))


@app.command()
def report(out: Annotated[Path, typer.Option(help="Folder for index.html and the chart images.")] = Path("report"),
           warehouse: WarehouseOpt = None) -> None:
    """Write a self-contained offline HTML report with charts (deals per month, companies, partner network)."""
    from flows.report import write_report

    try:
        path = write_report(_warehouse(warehouse), out)
    except WarehouseError as e:
        raise _fail(str(e), code=3) from None
    console.print(f"Report written to {path}")


@app.command()
def export(parquet: Annotated[Path, typer.Option("--parquet", help="Folder for one .parquet file per table/view.")],
           warehouse: WarehouseOpt = None) -> None:
    """Export every table and view to Parquet (read-only; safe while nothing is loading)."""
    from warehouse.export import export_parquet

    try:
        counts = export_parquet(_warehouse(warehouse), parquet)
    except WarehouseError as e:
        raise _fail(str(e), code=3) from None
    console.print(f"Wrote {len(counts)} files to {parquet}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@app.command()
def evaluate(data: Annotated[list[Path], typer.Argument(help="Labelled JSONL files (tests/data/deals/dev.jsonl).")],
             verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print each item's errors.")] = False) -> None:
    """Score the deal tagger on labelled articles: deal P/R/F1 and type/amount/date accuracy."""
    from transform.evaluation import Score, score_item
    from transform.tagger import tag_document

    score = Score()
    for path in data:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            tagged = tag_document(item["text"], title=item.get("title"), published=item.get("published"))
            result = score_item(item["id"], [d.to_json() for d in tagged.deals], item["deals"])
            score.items.append(result)
            if verbose and result.misses:
                console.print(f"[bold]{item['id']}[/] " + "; ".join(result.misses), highlight=False)
    print(json.dumps(score.report(), ensure_ascii=False))


@app.command()
def sql(query: Annotated[str, typer.Argument(help="A SELECT (read-only).")],
        warehouse: WarehouseOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table") -> None:
    """Query the warehouse read-only."""
    from warehouse.query import run_sql

    try:
        result = run_sql(_warehouse(warehouse), query)
    except WarehouseError as e:
        raise _fail(str(e), code=1) from None
    if fmt == "json":
        for row in result.rows:
            print(json.dumps(dict(zip(result.columns, row)), ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        _print_result(result.columns, result.rows)


def use_project_prefect_home() -> None:
    """Keep Prefect's database with the project (data/prefect) unless the user chose otherwise.

    One-off runs (`ainews run`, `ainews demo`) then record their history where
    `ainews ui` looks for it. A PREFECT_API_URL or PREFECT_HOME the user set wins.
    """
    if "prefect" in sys.modules:
        return  # settings are read at import: too late to change (and tests run their own harness)
    if not os.environ.get("PREFECT_API_URL") and not os.environ.get("PREFECT_HOME"):
        home = (Path(os.environ.get("AINEWS_HOME") or "data") / "prefect").resolve()
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # an unwritable folder: Prefect's own default is better than a warning on every command
        os.environ["PREFECT_HOME"] = str(home)


def main() -> None:
    try:
        app()
    except ConfigError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", soft_wrap=True)
        sys.exit(2)
    except WarehouseError as e:
        err.print(f"[bold red]error:[/] {escape(str(e))}", soft_wrap=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
