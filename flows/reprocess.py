"""`ainews reprocess`: rebuild every article from the raw archive with the current code, offline."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from extract.assemble import build_article
from extract.errors import FetchError
from extract.records import Link
from transform.tagger import TAGGER_VERSION, tag_document
from warehouse.db import connect
from warehouse.events import events_stale, rebuild_events
from warehouse.load import LoadItem
from warehouse.reprocess import Archived, count_archived, iter_archived, replace_derived


@dataclass(frozen=True, slots=True)
class ReprocessReport:
    articles: int  # rebuilt: re-tagged and their rows replaced
    deals: int
    failed: int
    unchanged: int = 0  # same text, title and date as stored, tagged by this tagger version: left alone


def _unchanged(article, archived: Archived) -> bool:
    """Tagging it again would give what is stored: same input, same tagger."""
    return (archived.tagger_version == TAGGER_VERSION and article.text == archived.text
            and article.title == archived.title and (article.published or "")[:10] == (archived.published or ""))


def reprocess(warehouse: str, since: date | None = None, batch: int = 200,
              progress: Callable[[int, int], None] | None = None, force: bool = False) -> ReprocessReport:
    """Re-extract archived articles in batches and re-tag those whose text or tagger changed.

    Extraction always runs (it decides whether the text changed); tagging and
    tokenising run only for articles whose extracted text, title or date differ
    from what is stored, or that an older tagger version tagged (or all, with
    `force`). Each batch replaces its rows atomically. The warehouse is held for
    the whole command; an article whose archived page no longer yields text
    keeps its old rows and is counted as failed.
    """
    run_id = f"reprocess-{uuid.uuid4()}"
    con = connect(warehouse)
    done = deals = failed = unchanged = 0
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
                if not force and _unchanged(article, a):
                    unchanged += 1
                    continue
                tagged = tag_document(article.text, title=article.title, published=article.published)
                items.append(LoadItem(article, tagged))
            if items:
                deals += replace_derived(con, items, run_id)
            done += len(archived)
            if progress:
                progress(done, total)
        if events_stale(con):
            rebuild_events(con)
    finally:
        con.close()
    return ReprocessReport(articles=done - failed - unchanged, deals=deals, failed=failed, unchanged=unchanged)


def _with_canonical(article, canonical_url: str):
    from dataclasses import replace

    return replace(article, canonical_url=canonical_url)
