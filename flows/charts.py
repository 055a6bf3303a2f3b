"""The report's charts, drawn by matplotlib (Japanese names in IPAexGothic, which
matplotlib-fontja ships).

Apart from flows.report so that writing the report does not import matplotlib
(a second or more) in a process that only hands the drawing to workers: the
nightly flow draws on its idle worker processes, which import this module.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
import matplotlib_fontja  # noqa: E402,F401  (sets the Japanese font)

from warehouse.query import ReportData  # noqa: E402

TYPE_COLORS = {"partnership": "#4C72B0", "investment": "#55A868", "acquisition": "#C44E52", "contract": "#8172B2"}


def _png(fig) -> bytes:
    """The figure as PNG. Its margins come from the constrained layout each chart is made
    with: bbox_inches="tight" drew every figure twice to measure it (1.25 against 0.76 s
    for the three charts, the partner network 0.64 against 0.38 s)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def chart_monthly(data: ReportData) -> bytes:
    months = sorted({r[0] for r in data.monthly.rows})
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for month, kind, n in data.monthly.rows:
        counts[kind][month] = n
    fig, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
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
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.35 * len(rows) + 1)), layout="constrained")
    ax.barh([r[0] for r in rows], [r[1] for r in rows], color="#4C72B0")
    ax.set_title("案件数の多い企業 (most active companies)")
    ax.set_xlabel("deals")
    return _png(fig)


def chart_network(data: ReportData) -> bytes:
    """Partner network: companies on a circle, one line per pair, thicker for more deals."""
    nodes = sorted({c for r in data.pairs.rows for c in r[:2]})
    fig, ax = plt.subplots(figsize=(8, 8), layout="constrained")
    ax.set_axis_off()
    ax.set_title("提携・取引ネットワーク (partner network)")
    if not nodes:
        return _png(fig)
    pos = {n: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes)))
           for i, n in enumerate(nodes)}
    top = max(r[2] for r in data.pairs.rows)
    # One collection of lines and one scatter, not an artist per pair and per company: the
    # chart is drawn at the very end of a night, and each artist costs its own draw.
    ax.add_collection(LineCollection([(pos[a], pos[b]) for a, b, _ in data.pairs.rows], colors="#888888",
                                     linewidths=[0.8 + 3 * n / top for _, _, n in data.pairs.rows], alpha=0.6))
    degree: dict[str, int] = defaultdict(int)
    for a, b, n in data.pairs.rows:
        degree[a] += n
        degree[b] += n
    ax.scatter([x for x, _ in pos.values()], [y for _, y in pos.values()], s=[40 + 40 * degree[n] for n in pos],
               color="#C44E52", zorder=3)
    for name, (x, y) in pos.items():
        ax.text(x * 1.12, y * 1.12, name, ha="center", va="center", fontsize=8)
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.3, 1.3)
    return _png(fig)


CHARTS = {"deals_per_month.png": chart_monthly, "top_companies.png": chart_companies,
          "partner_network.png": chart_network}
