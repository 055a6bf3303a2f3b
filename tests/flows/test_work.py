"""The CPU half of a batch, spread over worker processes."""

from __future__ import annotations

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from extract.records import Link, RawPage
from flows import site
from flows.work import FetchedArticle, extract_and_tag, extract_and_tag_on, split


@pytest.mark.parametrize("n, parts", [(0, 2), (1, 2), (5, 2), (6, 3), (7, 3), (200, 2), (3, 8)])
def test_split_keeps_order_and_spreads_evenly(n, parts):
    batch = list(range(n))
    runs = split(batch, parts)
    assert [x for run in runs for x in run] == batch
    assert all(runs) and len(runs) == min(parts, n)
    if runs:
        assert max(map(len, runs)) - min(map(len, runs)) <= 1


def _fetched(n: int) -> list[FetchedArticle]:
    """n single-page sample articles as the fetcher hands them over; one is not an article."""
    base = "http://127.0.0.1:1"
    out = []
    for a in site.load_articles()[:n]:
        a = dataclasses.replace(a, body=a.body.replace(site.PAGE_BREAK, ""))
        pages = site._render_article(a, base, "", "")
        url = base + a.path
        out.append(FetchedArticle(Link(url, a.site, a.title, None),
                                  (RawPage(url, url, 200, pages[a.path].content_type,
                                           "2026-11-28T00:00:00+00:00", pages[a.path].body),)))
    empty = base + "/empty.html"
    out.insert(2, FetchedArticle(Link(empty, "x", None, None),
                                 (RawPage(empty, empty, 200, "text/html", "2026-11-28T00:00:00+00:00",
                                          b"<html><body></body></html>"),)))
    return out


def test_extract_and_tag_gives_each_article_what_extracting_and_tagging_it_alone_gives():
    """It extracts the whole list before tagging any of it: the records and the failures
    must still be each article's own, in the list's order."""
    from extract.assemble import build_article
    from transform.tagger import tag_document

    fetched = _fetched(5)
    done = extract_and_tag(fetched)
    expected = []
    for f in fetched[:2] + fetched[3:]:  # the third is the page without an article
        a = build_article(list(f.pages), f.link)
        expected.append((a, tag_document(a.text, title=a.title, published=a.published)))
    assert [(i.article, i.tagged) for i in done.items] == expected
    assert [(x.url, x.kind) for x in done.failures] == [(fetched[2].pages[0].url, "empty")]


def test_a_batch_spread_over_worker_processes_gives_what_one_process_gives():
    fetched = _fetched(7)
    alone = extract_and_tag(fetched)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        spread = extract_and_tag_on(pool, fetched, 3)
    assert len(alone.items) == 7 and len(alone.failures) == 1
    assert spread == alone  # the same items and failures, in the batch's order


def test_the_last_batch_queues_the_report_imports_behind_its_own_parts():
    """A night's last batch must not wait behind the report's imports (matplotlib, half a second
    a worker): they go into the pool's queue after every part of the batch, one per part."""
    from concurrent.futures import ThreadPoolExecutor

    order: list[str] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            order.append(fn.__name__)
            return super().submit(fn, *args, **kwargs)

    def report_imports() -> None:
        pass

    fetched = _fetched(4)
    with Recording(1) as pool:
        done = extract_and_tag_on(pool, fetched, 2, then=report_imports)
    assert order == ["extract_and_tag", "extract_and_tag", "report_imports", "report_imports"]
    assert done == extract_and_tag(fetched)


def test_a_page_that_kills_its_worker_is_isolated_and_the_rest_of_the_batch_is_processed():
    """A worker that dies breaks the pool: the batch goes to fresh workers, halved until the one
    article that kills them is found; it becomes a failure and everything else is processed.
    Later batches on the broken pool take the same way."""
    from flows.runners import make_task_runner
    from flows.work import WORKER_DIED
    from tests.support.probe import die_on_poison

    fetched = _fetched(7)
    alone = extract_and_tag(fetched)
    poison = dataclasses.replace(fetched[4], link=dataclasses.replace(fetched[4].link, url=fetched[4].link.url + "?poison"))
    batch = fetched[:4] + [poison] + fetched[5:]
    with make_task_runner("processes:2") as runner:
        done = extract_and_tag_on(runner.pool, batch, 2, work=die_on_poison)
        later = extract_and_tag_on(runner.pool, fetched, 2, work=die_on_poison)  # the pool is broken now
    died = [f for f in done.failures if f.message == WORKER_DIED]
    assert [f.url for f in died] == [poison.pages[0].url]
    assert [i.article.url for i in done.items] == [i.article.url for i in alone.items if i.article.url != poison.pages[0].url]
    assert later == alone
