"""Deal events: one real-world deal, however many articles and wordings reported it."""

from __future__ import annotations

from extract.records import Article
from transform.tagger import tag_document
from warehouse.db import connect
from warehouse.events import rebuild_events
from warehouse.load import LoadItem, load_batch

REPORTS = [
    ("https://a.example.jp/1", "2025-11-04",
     "米アマゾン・ウェブ・サービス(AWS)は3日、米OpenAIと7年間で380億ドル(約5兆8600億円)の計算資源の利用契約を結んだと発表した。"),
    ("https://b.example.jp/2", "2025-11-05",
     "OpenAIは4日、アマゾンのクラウドを使う契約を約5兆8600億円で締結したと明らかにした。"),
    ("https://c.example.jp/3", "2025-11-07",
     "アマゾンは、OpenAIと総額380億ドル規模の契約を結んだ。生成AIの学習に使う計算資源を提供する。"),
    ("https://d.example.jp/4", "2026-03-03",
     "AWSは2日、OpenAIと新たに100億ドルの追加契約を結んだと発表した。"),
]


def item(url: str, published: str, text: str) -> LoadItem:
    article = Article(url=url, canonical_url=url, source="t", title=None, author=None, published=published,
                      text=text, fetched_at="2025-11-07T00:00:00.000Z")
    return LoadItem(article, tag_document(text, published=published))


def test_same_deal_in_three_wordings_is_one_event_and_a_later_deal_another(tmp_path):
    items = [item(*r) for r in REPORTS]
    assert all(len(i.tagged.deals) == 1 for i in items), [i.tagged.deals for i in items]
    con = connect(tmp_path / "w.duckdb")
    load_batch(con, items, [], "run1")
    assert rebuild_events(con) == 2
    rows = con.execute("""SELECT parties, type, articles, deal_date, amount_value, amount_currency, amount_qualifier,
                                 amount_usd, first_reported
                          FROM deal_events ORDER BY event_date""").fetchall()
    first, second = rows
    assert first[:4] == (["Amazon", "OpenAI"], "contract", 3, "2025-11-03")
    assert first[4:7] == (38e9, "USD", "exact")  # the exact USD figure beats the approximate yen one
    assert first[7] == 38e9 and str(first[8]) == "2025-11-04"
    assert second[:4] == (["Amazon", "OpenAI"], "contract", 1, "2026-03-02")
    monthly = con.execute("SELECT strftime(month, '%Y-%m'), deals, articles FROM v_deals_per_month_by_type "
                          "ORDER BY 1").fetchall()
    assert monthly == [("2025-11", 1, 3), ("2026-03", 1, 1)]
    con.close()


def test_amounts_are_converted_with_the_rates_table(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_batch(con, [item("https://x/1", "2025-06-02",
                          "富士通は1日、株式会社ミナミ物流とAI基盤の構築で150億円の契約を結んだと発表した。")], [], "r")
    rebuild_events(con)
    usd = con.execute("SELECT amount_usd FROM deal_events").fetchone()[0]
    rate = con.execute("SELECT usd_per_unit FROM fx_rates WHERE month = DATE '2025-06-01' AND currency = 'JPY'"
                       ).fetchone()[0]
    assert usd == 15e9 * rate
    con.close()
