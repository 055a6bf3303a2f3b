"""The run summary (artifact markdown): a big night lists a bounded number of deals and says so."""

from __future__ import annotations

from flows.summary import NewDeal, RunSummary, SourceReport


def summary(listed: int, total: int) -> RunSummary:
    deals = [NewDeal("contract", ("A", f"B{i}"), "", None, f"記事{i}", f"https://x/{i}") for i in range(listed)]
    return RunSummary(run_id="r", name="nightly-2026-11-28", sources=[SourceReport("s", deals_new=total)],
                      new_deals=deals, warehouse="/tmp/w.duckdb")


def test_a_night_with_more_deals_than_listed_says_where_the_rest_are():
    text = summary(200, 12_345).markdown()
    assert text.count("| contract |") == 200
    assert "The first 200 of 12345 new deals" in text and "v_deals" in text


def test_a_small_night_lists_every_deal_without_the_note():
    text = summary(3, 3).markdown()
    assert text.count("| contract |") == 3 and "The first" not in text
