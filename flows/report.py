"""`ainews report`: a self-contained offline HTML report with charts drawn by matplotlib.

Charts are PNG files beside the HTML and embedded in it (base64), so the page
opens anywhere without a network. Japanese names render with IPAexGothic,
which matplotlib-fontja ships.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections import defaultdict
from concurrent.futures import BrokenExecutor, Executor
from datetime import datetime
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib_fontja  # noqa: E402,F401  (sets the Japanese font)

from flows.summary import format_amount  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.query import ReportData, report_data  # noqa: E402

TYPE_COLORS = {"partnership": "#4C72B0", "investment": "#55A868", "acquisition": "#C44E52", "contract": "#8172B2"}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def chart_monthly(data: ReportData) -> bytes:
    months = sorted({r[0] for r in data.monthly.rows})
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for month, kind, n in data.monthly.rows:
        counts[kind][month] = n
    fig, ax = plt.subplots(figsize=(9, 3.6))
    bottom = [0] * len(months)
    for kind, color in TYPE_COLORS.items():
        values = [counts[kind].get(m, 0) for m in months]
        ax.bar(months, values, bottom=bottom, color=color, label=kind)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title("月別・種類別の案件数 (deals per month by type)")
    ax.set_ylabel("deals")
    ax.legend(ncols=4, fontsize=8, loc="upper left")
    ax.tick_params(axis="x", rotation=60, labelsize=8)
    return _png(fig)


def chart_companies(data: ReportData) -> bytes:
    rows = list(reversed(data.companies.rows))
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.35 * len(rows) + 1)))
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color="#4C72B0")
    ax.set_title("案件数の多い企業 (most active companies)")
    ax.set_xlabel("deals")
    return _png(fig)


def chart_network(data: ReportData) -> bytes:
    """Partner network: companies on a circle, one line per pair, thicker for more deals."""
    nodes = sorted({c for r in data.pairs.rows for c in r[:2]})
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_axis_off()
    ax.set_title("提携・取引ネットワーク (partner network)")
    if not nodes:
        return _png(fig)
    pos = {n: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
           for i, n in enumerate(nodes)}
    top = max(r[2] for r in data.pairs.rows)
    for a, b, n in data.pairs.rows:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color="#888888", linewidth=0.8 + 3 * n / top, alpha=0.6)
    degree: dict[str, int] = defaultdict(int)
    for a, b, n in data.pairs.rows:
        degree[a] += n
        degree[b] += n
    for name, (x, y) in pos.items():
        ax.scatter([x], [y], s=40 + 40 * degree[name], color="#C44E52", zorder=3)
        ax.text(x * 1.12, y * 1.12, name, ha="center", va="center", fontsize=8)
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.3, 1.3)
    return _png(fig)


def _table(rows: list[tuple], headers: tuple[str, ...]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


CHARTS = {"deals_per_month.png": chart_monthly, "top_companies.png": chart_companies,
          "partner_network.png": chart_network}


def _draw(data: ReportData, pool: Executor | None) -> dict[str, bytes]:
    """Every chart's PNG, drawn on `pool` when there is one, else (or if a worker died) here."""
    if pool is not None:
        try:
            drawing = {name: pool.submit(draw, data) for name, draw in CHARTS.items()}
            return {name: future.result() for name, future in drawing.items()}
        except BrokenExecutor:
            pass
    return {name: draw(data) for name, draw in CHARTS.items()}


def write_report(warehouse: str | Path, out: str | Path, pool: Executor | None = None) -> Path:
    """Write OUT/index.html (+ the charts as PNG files); returns the HTML path.

    With `pool` (the nightly run's idle worker processes, which have imported
    this module while the flow loaded the last batch) the charts are drawn there,
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
