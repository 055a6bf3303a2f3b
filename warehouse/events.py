"""Deal events: the same deal reported by several articles counted once.

Rule (also in the README): two deals are one event when they have the same
type, the same set of parties (canonical names), and event dates (the deal's
own date, else the article's) within 30 days of the previous report of that
event. Amounts do not decide matching, since one article gives 380億ドル and
another 約5兆8600億円 for the same deal; the event keeps the most exact amount
reported. Denied deals are left out; an event is a rumour until an article
reports it as announced.
"""

from __future__ import annotations

from importlib import resources

import duckdb

from warehouse.db import transaction


def events_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when articles or deals changed since the last rebuild (or it never ran)."""
    row = con.execute("SELECT stale FROM derived_state WHERE name = 'deal_events'").fetchone()
    return row is None or bool(row[0])


def rebuild_events(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute deal_events in one transaction; returns the number of events."""
    sql = resources.files("warehouse").joinpath("events.sql").read_text(encoding="utf-8")
    with transaction(con):
        con.execute(sql)
        con.execute("UPDATE derived_state SET stale = false, changed_at = current_timestamp "
                    "WHERE name = 'deal_events'")
    return con.execute("SELECT count(*) FROM deal_events").fetchone()[0]
