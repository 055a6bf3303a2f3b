"""Deal tagging rules, on sentences written for these tests."""

from __future__ import annotations

from transform.tagger import tag_document


def deals(text: str, title: str | None = None, published: str = "2025-11-05") -> list[dict]:
    return [d.to_json() for d in tag_document(text, title=title, published=published).deals]


def only(text: str, **kw) -> dict:
    found = deals(text, **kw)
    assert len(found) == 1, found
    return found[0]


def test_contract_with_amount_conversion_and_relative_date():
    d = only("米アマゾン・ウェブ・サービス(AWS)は3日、米OpenAIと7年間で380億ドル(約5兆8600億円)の"
             "計算資源の利用契約を結んだと発表した。")
    assert d["type"] == "contract"
    assert sorted(d["parties"]) == ["Amazon", "OpenAI"]
    assert d["amount"] == {"value": 38_000_000_000, "currency": "USD", "qualifier": "exact",
                           "amount_jpy": 5_860_000_000_000}
    assert d["date"] == "2025-11-03"


def test_acquisition_roles_and_target_from_grammar():
    d = only("日立製作所は12日、米国のソフトウエア会社グローブテック社を約2000億円で買収すると発表した。")
    assert d["type"] == "acquisition"
    assert d["roles"] == {"Hitachi": "acquirer", "グローブテック": "target"}
    assert d["amount"]["value"] == 200_000_000_000 and d["amount"]["qualifier"] == "approx"


def test_capital_business_alliance_is_an_investment():
    d = only("KDDIは20日、画像認識AIを手がける株式会社ミナモト解析と資本業務提携を結んだと発表した。")
    assert d["type"] == "investment"
    assert sorted(d["parties"]) == ["KDDI", "ミナモト解析"]


def test_one_deal_per_counterparty():
    found = deals("さくらインターネットは4日、株式会社アオバ製薬、株式会社ユキシロ銀行、"
                  "株式会社カスミ電機の3社とGPUクラウドの利用契約を結んだと発表した。")
    assert sorted(tuple(sorted(d["parties"])) for d in found) == [
        ("Sakura Internet", "アオバ製薬"), ("Sakura Internet", "カスミ電機"), ("Sakura Internet", "ユキシロ銀行")]
    assert all(d["type"] == "contract" for d in found)


def test_total_across_counterparties_belongs_to_none():
    found = deals("富士通は10日、株式会社ミドリ物流、株式会社ハヤセ商事と総額30億円の契約を結んだ。")
    assert len(found) == 2
    assert all(d["amount"] is None for d in found)


def test_funding_round_is_one_deal_with_named_investors():
    d = only("生成AI新興の株式会社ツバメ知能は7日、シリーズBで50億円を調達したと発表した。"
             "米セコイア・キャピタルとグローバル・ブレインが主導した。")
    assert d["type"] == "investment"
    assert "ツバメ知能" in d["parties"] and len(d["parties"]) >= 2
    assert d["amount"]["value"] == 5_000_000_000


def test_headline_and_body_are_one_deal():
    found = deals("ソフトバンクグループは11日、米OpenAIに225億ドルを追加出資すると発表した。",
                  title="ソフトバンクG、OpenAIに225億ドル追加出資")
    assert len(found) == 1
    assert found[0]["date"] == "2025-11-11"


def test_financial_metrics_are_not_deals():
    text = ("エヌビディアの8~10月期の売上高は570億ドルと前年同期から62%増えた。"
            "時価総額は5兆ドルを超え、生成AI市場の規模は2030年に1兆ドルに達するとの予測もある。")
    assert deals(text) == []


def test_analyst_quote_is_not_a_deal():
    assert deals("アナリストは「マイクロソフトがOpenAIに追加出資する可能性もある」と話す。") == []


def test_reported_deal_is_a_rumor_and_the_reporter_is_not_a_party():
    d = only("米紙ウォール・ストリート・ジャーナルは10日、米メタが米グーグルとクラウド契約を結ぶ方向で調整していると報じた。")
    assert sorted(d["parties"]) == ["Google", "Meta"]
    assert d["status"] == "rumor"
    assert d["date"] is None


def test_reference_to_an_old_deal_without_an_act_is_not_a_new_deal():
    assert deals("SBGは米OpenAIへの大型出資や米国でのデータセンター計画も抱えており、資金負担は重い。") == []


def test_investment_and_partnership_in_one_sentence_are_two_deals():
    found = deals("米エヌビディアは18日、米インテルに50億ドルを出資し、データセンター向け半導体を共同開発すると発表した。")
    kinds = sorted(d["type"] for d in found)
    assert kinds == ["investment", "partnership"]
    investment = next(d for d in found if d["type"] == "investment")
    assert investment["amount"]["value"] == 5_000_000_000
    assert investment["roles"] == {"NVIDIA": "investor", "Intel": "investee"}


def test_empty_and_garbage_input_gives_nothing():
    assert deals("") == []
    assert deals("。。。、、、1億円ドル契約出資") == []
