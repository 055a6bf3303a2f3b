"""`ainews report`: a self-contained offline HTML report with charts drawn by matplotlib.

Charts are PNG files beside the HTML and embedded in it (base64), so the page
opens anywhere without a network. They are drawn in flows.charts, which alone
imports matplotlib.
"""

from __future__ import annotations

import base64
import html
import logging
import sys
import threading
from concurrent.futures import BrokenExecutor, Executor
from datetime import datetime
from pathlib import Path

from flows.summary import format_amount
from warehouse.db import connect
from warehouse.query import ReportData, report_data


def _table(rows: list[tuple], headers: tuple[str, ...]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# The charts' file names, in the page's order (flows.charts.CHARTS draws them).
CHART_FILES = ("deals_per_month.png", "top_companies.png", "partner_network.png")


_ahead: threading.Thread | None = None


def import_charts_ahead() -> None:
    """Import the charting (matplotlib: about half a second of CPU) on a thread, now.

    Called by the CLI and the pipeline benchmark as Prefect starts up, which is
    mostly a wait for its temporary API server, beside the workers' fork server
    and its imports. The night's report is then drawn in this process
    (`charts_imported`), and the worker processes need not import matplotlib at
    the night's end, each of them, while the flow loads the last batch: the workers
    used about 1.5 s less CPU a night, the flow 0.4 s more, and matplotlib sits in
    one process instead of two (README, session 15). A process that did not call
    this (a deployment's run) draws on its workers as before.
    """
    global _ahead
    if _ahead is None:
        _ahead = threading.Thread(target=_import_charts, name="import-charts", daemon=True)
        _ahead.start()


def _import_charts() -> None:
    from flows.process_gc import settle_after_startup

    try:
        import flows.charts  # noqa: F401
    except Exception as e:  # noqa: BLE001 - the night draws the charts on its workers instead
        logging.getLogger(__name__).warning("Could not import the report's charting ahead: %s", e)
    # After the import: what it built is start-up's, frozen out of the night's collections.
    settle_after_startup()


def charts_imported() -> bool:
    """Whether this process imported the charting ahead (import_charts_ahead), and so draws
    the night's charts itself; waits for that import if it is still going on."""
    if _ahead is None:
        return False
    _ahead.join()
    return "flows.charts" in sys.modules


def draw_chart(name: str, data: ReportData) -> bytes:
    """One chart's PNG. Submitted to worker processes by name, so that this process
    never imports matplotlib when they draw."""
    from flows.charts import CHARTS

    return CHARTS[name](data)


def _draw(data: ReportData, pool: Executor | None) -> dict[str, bytes]:
    """Every chart's PNG, drawn on `pool` when there is one, else (or if a worker died) here."""
    if pool is not None:
        try:
            drawing = {name: pool.submit(draw_chart, name, data) for name in CHART_FILES}
            return {name: future.result() for name, future in drawing.items()}
        except BrokenExecutor:
            pass
    return {name: draw_chart(name, data) for name in CHART_FILES}


def write_report(warehouse: str | Path, out: str | Path, pool: Executor | None = None) -> Path:
    """Write OUT/index.html (+ the charts as PNG files); returns the HTML path.

    With `pool` (the nightly run's idle worker processes, which have imported
    flows.charts while the flow loaded the last batch) the charts are drawn there,
    side by side: drawing them here, after importing matplotlib, was most of a
    night's tail.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse, read_only=True)
    try:
        data = report_data(con)
    finally:
        con.close()
    charts = _draw(data, pool)
    for name, png in charts.items():
        (folder / name).write_bytes(png)
    images = "".join(f'<figure><img alt="{name}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
                     f"</figure>" for name, png in charts.items())
    recent = [(d, t, p, format_amount(v, c, q), n) for d, t, p, v, c, q, n in data.recent.rows]
    totals = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in data.totals.items())
    page = f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>ainews report</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}}
img{{max-width:100%}}table{{border-collapse:collapse;font-size:13px}}td,th{{border:1px solid #ccc;padding:3px 6px}}
th{{background:#f3f3f3}}</style></head><body>
<h1>ainews — AI業界の案件レポート</h1>
<p>Generated {datetime.now():%Y-%m-%d %H:%M} from <code>{html.escape(str(warehouse))}</code>: {totals}.</p>
{images}
<h2>最近の案件 (latest deals)</h2>
{_table(recent, ("date", "type", "parties", "amount", "articles"))}
<h2>企業別 (companies)</h2>
{_table(data.companies.rows, data.companies.columns)}
</body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
