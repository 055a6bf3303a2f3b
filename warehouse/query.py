"""Read-only questions to the warehouse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseError, connect


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple]


def known_urls(con: duckdb.DuckDBPyConnection, urls: Iterable[str]) -> set[str]:
    """Those of `urls` already stored as an article's URL or canonical URL."""
    wanted = sorted(set(urls))
    if not wanted:
        return set()
    rows = con.execute(
        """SELECT u FROM (SELECT unnest(?::VARCHAR[]) AS u)
           WHERE u IN (SELECT url FROM articles) OR u IN (SELECT canonical_url FROM articles)""",
        [wanted],
    ).fetchall()
    return {r[0] for r in rows}


def crashed_urls(con: duckdb.DuckDBPyConnection, urls: Iterable[str], message: str, since: datetime) -> set[str]:
    """Those of `urls` whose latest page fetch, at or after `since`, was labelled with `message`:
    pages that killed a worker process, not to be fetched again each night."""
    wanted = sorted(set(urls))
    if not wanted:
        return set()
    rows = con.execute(
        """SELECT url FROM (
               SELECT url, message, fetched_at,
                      row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, fetch_id DESC) AS k
               FROM fetches
               WHERE purpose = 'page' AND url IN (SELECT unnest(?::VARCHAR[])))
           WHERE k = 1 AND message = ? AND fetched_at >= ?""",
        [wanted, message, since],
    ).fetchall()
    return {r[0] for r in rows}


_WRITE_WORDS = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|ATTACH|DETACH|COPY|INSTALL|LOAD|PRAGMA|SET|CHECKPOINT|"
    r"VACUUM|IMPORT|EXPORT|CALL|BEGIN|COMMIT|ROLLBACK|TRUNCATE|MERGE)\b",
    re.IGNORECASE,
)


def run_sql(path: str | Path | None, sql: str) -> QueryResult:
    """Run one query on a read-only connection; DuckDB itself refuses writes there."""
    con = connect(path, read_only=True)
    try:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as e:
            if _WRITE_WORDS.match(sql):
                raise WarehouseError(f"`ainews sql` is read-only: {e}") from None
            raise WarehouseError(f"query failed: {e}") from None
        columns = tuple(d[0] for d in cursor.description or ())
        rows = cursor.fetchall() if columns else []
        return QueryResult(columns, rows)
    finally:
        con.close()


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = ("articles", "deals", "deal_parties", "article_companies", "fetches", "runs")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _result(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> QueryResult:
    cur = con.execute(sql, params or [])
    return QueryResult(tuple(d[0] for d in cur.description), cur.fetchall())


def deals_per_month_by_type(con: duckdb.DuckDBPyConnection, limit: int = 24) -> QueryResult:
    return _result(con, """SELECT strftime(month, '%Y-%m') AS month, type, deals, deals_with_amount
                           FROM v_deals_per_month_by_type ORDER BY month DESC, type LIMIT ?""", [limit])


def top_companies(con: duckdb.DuckDBPyConnection, limit: int = 10) -> QueryResult:
    return _result(con, """SELECT company, deals, counterparties, usd_disclosed, jpy_disclosed
                           FROM v_company_deals ORDER BY deals DESC, company LIMIT ?""", [limit])


@dataclass(frozen=True, slots=True)
class ReportData:
    monthly: QueryResult        # month, type, deals
    companies: QueryResult      # company, deals, counterparties, usd_disclosed
    pairs: QueryResult          # company_a, company_b, deals
    recent: QueryResult         # event_date, type, parties, amount, articles
    totals: dict[str, int]


def report_data(con: duckdb.DuckDBPyConnection, top: int = 15, pairs: int = 40) -> ReportData:
    return ReportData(
        monthly=_result(con, """SELECT strftime(month, '%Y-%m') AS month, type, deals
                                FROM v_deals_per_month_by_type ORDER BY month, type"""),
        companies=_result(con, """SELECT company, deals, counterparties, usd_disclosed
                                  FROM v_company_deals ORDER BY deals DESC, company LIMIT ?""", [top]),
        pairs=_result(con, """SELECT company_a, company_b, deals
                              FROM v_partner_pairs ORDER BY deals DESC, company_a, company_b LIMIT ?""", [pairs]),
        recent=_result(con, """SELECT CAST(event_date AS VARCHAR), type, array_to_string(parties, ' × '),
                                      amount_value, amount_currency, amount_qualifier, articles
                               FROM deal_events ORDER BY event_date DESC NULLS LAST, event_id LIMIT 30"""),
        totals={"articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
                "deal_events": con.execute("SELECT count(*) FROM deal_events").fetchone()[0],
                "companies": con.execute("SELECT count(DISTINCT company) FROM deal_event_parties").fetchone()[0]},
    )
