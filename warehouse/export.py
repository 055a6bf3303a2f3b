"""Parquet export for analysts who use other tools (pandas, polars, Spark, BI)."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import connect

TABLES = ("articles", "deals", "deal_parties", "article_companies", "article_terms", "deal_events", "fetches",
          "runs", "fx_rates")
VIEWS = ("v_deals", "v_deals_per_month_by_type", "v_company_deals", "v_partner_pairs",
         "v_company_mentions_weekly", "v_term_weekly", "v_fetch_outcomes")


def export_parquet(warehouse: str | Path, folder: str | Path) -> dict[str, int]:
    """Write every table and view to FOLDER/<name>.parquet from a read-only connection; returns row counts."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse, read_only=True)
    counts = {}
    try:
        for name in (*TABLES, *VIEWS):
            target = str(out / f"{name}.parquet").replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {name}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    finally:
        con.close()
    return counts
