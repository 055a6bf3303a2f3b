"""A warehouse's content as plain rows, for comparing two warehouses built different ways."""

from __future__ import annotations

from pathlib import Path

import duckdb

SNAPSHOT = {
    "articles": "SELECT url, title, published_date, text, pages FROM articles ORDER BY url",
    "deals": """SELECT a.url, d.ordinal, d.type, d.amount_value, d.amount_currency, d.deal_date, d.evidence
                FROM deals d JOIN articles a USING (article_id) ORDER BY ALL""",
    "parties": """SELECT a.url, d.ordinal, p.company, p.role FROM deal_parties p JOIN deals d USING (deal_id)
                  JOIN articles a USING (article_id) ORDER BY ALL""",
    "raw_pages": "SELECT a.url, r.page_no, r.bytes FROM raw_pages r JOIN articles a USING (article_id) ORDER BY ALL",
    "events": "SELECT type, parties, event_date, articles FROM deal_events ORDER BY ALL",
}

# Everything derived, for "the same warehouse" comparisons (ids and timestamps left out).
FULL_SNAPSHOT = {
    **SNAPSHOT,
    "companies": """SELECT a.url, c.company, c.known, c.mentions FROM article_companies c
                    JOIN articles a USING (article_id) ORDER BY ALL""",
    "terms": "SELECT a.url, t.term, t.n FROM article_terms t JOIN articles a USING (article_id) ORDER BY ALL",
    "fetches": "SELECT url, purpose, outcome, status FROM fetches ORDER BY ALL",
    "versions": "SELECT DISTINCT extractor_version, tagger_version FROM articles ORDER BY ALL",
}


def snapshot(path: Path, queries: dict[str, str] = SNAPSHOT) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        con.close()
