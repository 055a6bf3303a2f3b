from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.money import (
    CURRENCIES,
    QUALIFIERS,
    Amount,
    find_amounts,
    non_deal_reason,
    parse_amount,
)
from transform.normalize import normalize_text

EXACT = [
    ("380億ドル", 38_000_000_000, "USD"),
    ("5兆8600億円", 5_860_000_000_000, "JPY"),
    ("1,500億円", 150_000_000_000, "JPY"),
    ("1.5兆円", 1_500_000_000_000, "JPY"),
    ("２０億ドル", 2_000_000_000, "USD"),
    ("二千億円", 200_000_000_000, "JPY"),
    ("十億ドル", 1_000_000_000, "USD"),
    ("一兆五千億円", 1_500_000_000_000, "JPY"),
    ("3億5000万円", 350_000_000, "JPY"),
    ("100万ドル", 1_000_000, "USD"),
    ("500万ユーロ", 5_000_000, "EUR"),
    ("10億元", 1_000_000_000, "CNY"),
    ("50億人民元", 5_000_000_000, "CNY"),
    ("2億ポンド", 200_000_000, "GBP"),
    ("3億英ポンド", 300_000_000, "GBP"),
    ("10億米ドル", 1_000_000_000, "USD"),
    ("US$10 billion", 10_000_000_000, "USD"),
    ("$38B", 38_000_000_000, "USD"),
    ("$1.5 billion", 1_500_000_000, "USD"),
    ("USD 1 billion", 1_000_000_000, "USD"),
    ("US$380億", 38_000_000_000, "USD"),
    ("€500M", 500_000_000, "EUR"),
    ("100億円", 10_000_000_000, "JPY"),
    ("5千億円", 500_000_000_000, "JPY"),
    ("1万5000円", 15_000, "JPY"),
    ("2.5億ドル", 250_000_000, "USD"),
    ("0.5兆円", 500_000_000_000, "JPY"),
]


@pytest.mark.parametrize(("text", "value", "currency"), EXACT)
def test_exact_amounts(text, value, currency):
    a = parse_amount(text)
    assert a is not None
    assert (a.value, a.currency, a.qualifier) == (value, currency, "exact")
    assert type(a.value) is int


QUALIFIED = [
    ("約100億円", "approx"),
    ("およそ50億ドル", "approx"),
    ("100億円規模", "approx"),
    ("100億円程度", "approx"),
    ("1兆円前後", "approx"),
    ("50億円ほど", "approx"),
    ("100億ドル超", "at_least"),
    ("1兆円以上", "at_least"),
    ("1兆円を超える", "at_least"),
    ("100億円超え", "at_least"),
    ("100億ドル強", "at_least"),
    ("最大100億ドル", "up_to"),
    ("最大で約1兆円", "up_to"),
    ("上限100億円", "up_to"),
    ("50億円まで", "up_to"),
    ("約100億ドル超", "at_least"),
]


@pytest.mark.parametrize(("text", "qualifier"), QUALIFIED)
def test_qualifiers(text, qualifier):
    a = parse_amount(text)
    assert a is not None
    assert a.qualifier == qualifier
    assert a.surface == normalize_text(text)  # the span covers the qualifier


RANGES = [
    ("174億〜194億ドル", 17_400_000_000, 19_400_000_000, "USD"),
    ("174億ドル～194億ドル", 17_400_000_000, 19_400_000_000, "USD"),
    ("174~194億ドル", 17_400_000_000, 19_400_000_000, "USD"),
    ("数千億ドル", 200_000_000_000, 900_000_000_000, "USD"),
    ("数百億円", 20_000_000_000, 90_000_000_000, "JPY"),
    ("数十億ドル", 2_000_000_000, 9_000_000_000, "USD"),
    ("十数億円", 1_200_000_000, 1_900_000_000, "JPY"),
    ("$10-12 billion", 10_000_000_000, 12_000_000_000, "USD"),
    ("約数兆円", 2_000_000_000_000, 9_000_000_000_000, "JPY"),
]


@pytest.mark.parametrize(("text", "low", "high", "currency"), RANGES)
def test_ranges(text, low, high, currency):
    a = parse_amount(text)
    assert a is not None
    assert (a.value, a.high, a.currency, a.qualifier) == (low, high, currency, "range")
    assert a.to_json() == {"value": low, "currency": currency, "qualifier": "range", "high": high}


NOT_MONEY = [
    "前年比10%増",
    "従業員100人",
    "20社が参加",
    "件数は300件",
    "2025年に",
    "5倍に拡大",
    "サーバー1000台",
    "100億の計算",
    "元社長が語った",
    "地元企業と連携",
    "元々は研究所",
    "一元化を進める",
    "二元論",
    "関東一円に展開",
    "1ドル=150円で換算",
    "150円台で推移",
    "10億豪ドル",
    "",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    assert find_amounts(normalize_text(text)) == []


def test_conversion_in_parentheses_is_one_amount():
    text = "OpenAIはAWSと380億ドル(約5兆8600億円)の契約を結んだ。"
    found = find_amounts(normalize_text(text))
    assert len(found) == 1
    a = found[0]
    assert (a.value, a.currency, a.amount_jpy) == (38_000_000_000, "USD", 5_860_000_000_000)
    assert a.surface == "380億ドル(約5兆8600億円)"
    assert a.to_json() == {
        "value": 38_000_000_000,
        "currency": "USD",
        "qualifier": "exact",
        "amount_jpy": 5_860_000_000_000,
    }


def test_full_width_parenthesised_conversion_with_qualifier_after():
    a = parse_amount("約10億ドル（約1500億円）規模")
    assert a is not None
    assert (a.value, a.qualifier, a.amount_jpy) == (1_000_000_000, "approx", 150_000_000_000)


def test_yen_amount_with_dollar_conversion_absorbs_it():
    found = find_amounts(normalize_text("1兆円(約67億ドル)を投じる"))
    assert len(found) == 1
    assert (found[0].currency, found[0].amount_jpy) == ("JPY", None)


def test_parenthesis_that_is_not_a_conversion_is_left_out():
    text = "100億ドル(前年は50億ドル)"
    found = find_amounts(text)
    assert [a.value for a in found] == [10_000_000_000, 5_000_000_000]
    assert found[0].surface == "100億ドル"


def test_amounts_come_in_text_order_with_spans():
    text = normalize_text("ソフトバンクは約3兆円、NVIDIAは最大1000億ドルを投じる。")
    found = find_amounts(text)
    assert [(a.currency, a.qualifier) for a in found] == [("JPY", "approx"), ("USD", "up_to")]
    for a in found:
        assert text[a.start : a.end] == a.surface
    assert found[0].end <= found[1].start


def test_cny_needs_a_number_right_before():
    text = normalize_text("元社長によると、地元の新興企業が5000万元を調達した。")
    found = find_amounts(text)
    assert [(a.value, a.currency) for a in found] == [(50_000_000, "CNY")]


def test_decimal_precision_is_exact():
    assert parse_amount("1.1兆円").value == 1_100_000_000_000
    assert parse_amount("0.3億ドル").value == 30_000_000
    assert parse_amount("$0.1 billion").value == 100_000_000


def test_fractional_values_stay_float():
    a = parse_amount("1.5ドル")
    assert a.value == 1.5 and isinstance(a.value, float)


def test_to_json_of_exact_amount_has_three_keys():
    assert Amount(100, "JPY", "exact").to_json() == {"value": 100, "currency": "JPY", "qualifier": "exact"}


def test_parse_amount_without_money_is_none():
    assert parse_amount("提携を発表した") is None


def test_constants():
    assert CURRENCIES == ("USD", "JPY", "EUR", "CNY", "GBP")
    assert QUALIFIERS == ("exact", "approx", "at_least", "up_to", "range")


# --- non_deal_reason -------------------------------------------------------

REASONS = [
    ("同社の売上高は1兆円に達した。", "revenue"),
    ("売上収益は5000億円だった。", "revenue"),
    ("年間で100億ドルの売上を見込む。", "revenue"),
    ("営業利益は3000億円と過去最高。", "profit"),
    ("最終赤字は50億ドルに拡大した。", "profit"),
    ("NVIDIAの時価総額は5兆ドルを超えた。", "market_cap"),
    ("AI半導体の市場規模は4000億ドルに達する見通し。", "market_size"),
    ("国内の生成AI市場は2030年に1兆円を超える。", "market_size"),
    ("株価は1株200ドルを付けた。", "share_price"),
    ("同社は設備投資に1兆円を充てる。", "capex"),
    ("自社のデータセンター投資は年800億ドル規模。", "capex"),
    ("評価額は3000億ドルに上った。", "valuation"),
    ("政府は予算100億円を計上した。", "budget"),
    ("1000億円の基金を設ける。", "funds"),
]


@pytest.mark.parametrize(("sentence", "label"), REASONS)
def test_non_deal_reason_labels_metrics(sentence, label):
    text = normalize_text(sentence)
    (a,) = find_amounts(text)
    assert non_deal_reason(text, a) == label


DEALS = [
    "OpenAIはAWSと380億ドルの契約を結んだ。",
    "ソフトバンクはOpenAIに最大300億ドルを出資する。",
    "同社は新興企業を約2000億円で買収した。",
    "売上高が伸びる中、AWSと100億ドルの契約を締結した。",
    "同社はOpenAIへの投資計画で100億ドルを拠出する。",
]


@pytest.mark.parametrize("sentence", DEALS)
def test_non_deal_reason_is_none_for_deal_values(sentence):
    text = normalize_text(sentence)
    (a,) = find_amounts(text)
    assert non_deal_reason(text, a) is None


def test_metric_word_belongs_to_the_earlier_amount():
    text = normalize_text("時価総額5兆ドルのNVIDIAは、OpenAIに1000億ドルを投じる。")
    cap, deal = find_amounts(text)
    assert non_deal_reason(text, cap) == "market_cap"
    assert non_deal_reason(text, deal) is None


def test_metric_word_in_previous_sentence_does_not_count():
    text = normalize_text("売上高が伸びた。AWSと100億ドルで合意した。")
    (a,) = find_amounts(text)
    assert non_deal_reason(text, a) is None


# --- never raise -------------------------------------------------------------

money_alphabet = st.sampled_from(list("0123456789,.~-$()約最大超数十百千万億兆円ドル元米ユーロポンドの売上高時価総額 ="))


@given(st.text())
def test_find_amounts_never_raises(s):
    for a in find_amounts(s):
        assert a.currency in CURRENCIES and a.qualifier in QUALIFIERS
        assert s[a.start : a.end] == a.surface


@given(st.text(money_alphabet, max_size=40))
def test_find_amounts_never_raises_on_money_like_text(s):
    last_end = 0
    for a in find_amounts(s):
        assert a.currency in CURRENCIES and a.qualifier in QUALIFIERS
        assert last_end <= a.start < a.end
        last_end = a.end
        if a.qualifier == "range":
            assert a.high is not None and a.high >= a.value


@given(st.text())
def test_parse_amount_never_raises(s):
    parse_amount(s)


@given(st.text(), st.integers(-5, 50), st.integers(-5, 50))
def test_non_deal_reason_never_raises(s, start, end):
    non_deal_reason(s, Amount(1, "JPY", "exact", start=start, end=end))
    for a in find_amounts(s):
        non_deal_reason(s, a)


@given(st.text(money_alphabet, max_size=40))
def test_non_deal_reason_never_raises_on_money_like_text(s):
    for a in find_amounts(s):
        non_deal_reason(s, a)
