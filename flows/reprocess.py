"""`ainews reprocess`: rebuild every article from the raw archive with the current code, offline."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from extract.assemble import build_article
from extract.errors import FetchError
from extract.records import Link
from transform.tagger import tag_document
from warehouse.db import connect
from warehouse.events import rebuild_events
from warehouse.load import LoadItem
from warehouse.reprocess import count_archived, iter_archived, replace_derived


@dataclass(frozen=True, slots=True)
class ReprocessReport:
    articles: int
    deals: int
    failed: int


def reprocess(warehouse: str, since: date | None = None, batch: int = 200,
              progress: Callable[[int, int], None] | None = None) -> ReprocessReport:
    """Re-extract and re-tag archived articles in batches; each batch replaces its rows atomically.

    The warehouse is held for the whole command (reading and writing alternate
    batch by batch); an article whose archived page no longer yields text keeps
    its old rows and is counted as failed.
    """
    run_id = f"reprocess-{uuid.uuid4()}"
    con = connect(warehouse)
    done = deals = failed = 0
    try:
        total = count_archived(con, since)
        for archived in iter_archived(con, since, batch):
            items = []
            for a in archived:
                link = Link(url=a.url, source=a.source, title=a.title, published=a.published)
                try:
                    article = build_article(list(a.pages), link)
                except FetchError:
                    failed += 1
                    continue
                # Keep the stored identity: the id derives from the canonical URL at first load.
                article = _with_canonical(article, a.canonical_url)
                tagged = tag_document(article.text, title=article.title, published=article.published)
                items.append(LoadItem(article, tagged))
            deals += replace_derived(con, items, run_id)
            done += len(archived)
            if progress:
                progress(done, total)
        rebuild_events(con)
    finally:
        con.close()
    return ReprocessReport(articles=done - failed, deals=deals, failed=failed)


def _with_canonical(article, canonical_url: str):
    from dataclasses import replace

    return replace(article, canonical_url=canonical_url)
