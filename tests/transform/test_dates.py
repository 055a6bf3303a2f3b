from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.dates import DateMention, find_dates, parse_published
from transform.normalize import normalize_text

PUB = dt.date(2025, 11, 4)


def values(text: str, published: dt.date | None = PUB) -> list[str]:
    return [d.value for d in find_dates(normalize_text(text), published)]


RESOLVED = [
    ("2025年11月3日に契約を結んだ", "2025-11-03"),
    ("２０２５年１１月３日", "2025-11-03"),
    ("11月3日に発表した", "2025-11-03"),
    ("11月3日(月)に発表した", "2025-11-03"),
    ("11月3日（月・祝）", "2025-11-03"),
    ("十一月三日", "2025-11-03"),
    ("3日、両社は合意した", "2025-11-03"),
    ("本日発表した", "2025-11-04"),
    ("今日の発表", "2025-11-04"),
    ("同日、出資を決めた", "2025-11-04"),
    ("昨日明らかにした", "2025-11-03"),
    ("先週合意した", "2025-10"),
    ("11月に提携した", "2025-11"),
    ("今月中に", "2025-11"),
    ("先月発表した", "2025-10"),
    ("来月から", "2025-12"),
    ("先月28日に", "2025-10-28"),
    ("昨年12月に出資した", "2024-12"),
    ("昨年末に合意した", "2024-12"),
    ("2023年末に出資した", "2023-12"),
    ("今年末までに", "2025"),  # a December still to come would be dropped as a future date
    ("今年度末までに", "2025"),
    ("去年の提携", "2024"),
    ("今年3月に買収した", "2025-03"),
    ("来年春に稼働する", "2026"),
    ("2025年秋に", "2025"),
    ("2019年以降", "2019"),
    ("2025年度に", "2025"),
    ("令和7年に", "2025"),
    ("令和元年5月1日", "2019-05-01"),
    ("平成31年4月", "2019-04"),
    ("11月上旬に", "2025-11"),
    ("10月下旬", "2025-10"),
    ("2025年12月中旬", "2025-12"),
    ("2025/11/04付", "2025-11-04"),
    ("2025-10-01に", "2025-10-01"),
    ("28日に発表", "2025-10-28"),
    ("2030年までに完成させる", "2030"),
    ("25年3月期", "2025-03"),
]


@pytest.mark.parametrize(("text", "value"), RESOLVED)
def test_resolved_against_published(text, value):
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("12月15日に合意", dt.date(2026, 1, 10), "2025-12-15"),
        ("12月に合意", dt.date(2026, 1, 10), "2025-12"),
        ("1月20日に稼働", dt.date(2025, 12, 20), "2026-01-20"),
        ("28日に", dt.date(2025, 12, 2), "2025-11-28"),
        ("5日に", dt.date(2026, 1, 10), "2026-01-05"),
        ("12日に", dt.date(2026, 1, 10), "2026-01-12"),
        ("昨年12月", dt.date(2026, 1, 10), "2025-12"),
        ("昨日", dt.date(2026, 1, 1), "2025-12-31"),
        # not months ahead: a December article's March is this March
        ("3月19日に発表", dt.date(2025, 12, 15), "2025-03-19"),
        ("1月21日に発表", dt.date(2025, 12, 15), "2025-01-21"),
        ("4月には", dt.date(2025, 12, 2), "2025-04"),
        ("1月に", dt.date(2025, 12, 2), "2026-01"),
    ],
)
def test_year_and_month_chosen_nearest_to_published(text, published, value):
    assert values(text, published) == [value]


NOT_DATES = [
    "3年間にわたり",
    "10日間の試験",
    "6か月で",
    "6カ月後",
    "2020年代後半",
    "30歳の創業者",
    "創業100年",
    "5年で黒字化",
    "3日目に",
    "30日以内に",
    "1日あたり100万件",
    "24時間365日",
    "昨年比20%増",
    "前年同期比",
    "第1月曜日",
    "2月30日",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_durations_counts_and_comparisons_are_not_dates(text):
    assert values(text) == []


def test_relative_forms_are_skipped_without_published():
    text = "2025年11月3日に合意し、11月4日と本日、3日、昨年12月、先月に触れた。"
    assert values(text, None) == ["2025-11-03"]


def test_same_day_refers_to_the_last_mentioned_date():
    assert values("2025年10月1日に合意し、同日発表した。", None) == ["2025-10-01", "2025-10-01"]
    assert values("10月28日に合意し、翌日発表した。") == ["2025-10-28", "2025-10-29"]
    assert values("同年12月に合意し、同月15日に署名した。") == ["2025-12", "2025-12-15"]


def test_mentions_carry_spans_surface_and_relative_flag():
    text = normalize_text("OpenAIは2025年11月3日(月)、AWSと契約した。11月下旬にも発表する。")
    first, second = find_dates(text, PUB)
    assert first == DateMention("2025-11-03", 7, 20, "2025年11月3日(月)", False)
    assert text[second.start : second.end] == second.surface == "11月下旬"
    assert second.relative is True


def test_several_mentions_in_text_order():
    text = "2024年に出資し、昨年12月に追加出資、11月3日に契約した。"
    assert values(text) == ["2024", "2024-12", "2025-11-03"]


def test_day_range_gives_both_days():
    assert values("3日から5日まで") == ["2025-11-03", "2025-11-05"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-11-04", dt.date(2025, 11, 4)),
        ("2025-11-04T10:00:00+09:00", dt.date(2025, 11, 4)),
        ("2025-11-03T22:00:00Z", dt.date(2025, 11, 4)),
        ("2025-11-04 08:15", dt.date(2025, 11, 4)),
        ("2025年11月4日", dt.date(2025, 11, 4)),
        ("2025年11月4日 10:30", dt.date(2025, 11, 4)),
        ("2025/11/4", dt.date(2025, 11, 4)),
        ("Tue, 04 Nov 2025 10:00:00 +0900", dt.date(2025, 11, 4)),
        ("Mon, 03 Nov 2025 22:00:00 GMT", dt.date(2025, 11, 4)),
        ("", None),
        (None, None),
        ("not a date", None),
        ("2025年2月30日", None),
    ],
)
def test_parse_published(raw, expected):
    assert parse_published(raw) == expected


@given(st.text(), st.none() | st.dates())
def test_find_dates_never_raises(s, published):
    last_end = 0
    for d in find_dates(s, published):
        assert s[d.start : d.end] == d.surface
        assert last_end <= d.start
        last_end = d.end
        assert len(d.value) in (4, 7, 10)


date_alphabet = st.sampled_from(list("0123456789年月日度同本今昨先来翌前週元令和平成上中下旬末春秋()~ 間か十一二三"))


@given(st.text(date_alphabet, max_size=30), st.none() | st.dates())
def test_find_dates_never_raises_on_date_like_text(s, published):
    for d in find_dates(s, published):
        assert s[d.start : d.end] == d.surface


@given(st.text())
def test_parse_published_never_raises(s):
    parse_published(s)


def test_same_day_does_not_refer_to_a_labelled_payment_date():
    found = values("本日、資金調達を実施した。払込日:2025年2月28日。同日付で契約を締結した。", dt.date(2025, 3, 3))
    assert found == ["2025-03-03", "2025-02-28", "2025-03-03"]


def test_years_ago_give_the_year():
    assert values("2年前に提携した", dt.date(2024, 10, 1)) == ["2022"]
    assert values("3年間で", dt.date(2024, 10, 1)) == []


def test_kanji_day_of_a_report():
    assert values("東雲通信は八日、出資すると発表した。", dt.date(2023, 11, 9)) == ["2023-11-08"]
    assert values("処理件数は一日に1万件", dt.date(2023, 11, 9)) == []


def test_same_day_after_a_month_without_a_day_is_that_month():
    # "先月…を設立し、同日付で…": no day was named, so 同日 is as precise as the month
    assert values("先月に新会社を設立し、同日付で供給契約も結んだ。") == ["2025-10", "2025-10"]
    # a day named before still anchors it
    assert values("先月20日に新会社を設立し、同日付で供給契約も結んだ。") == ["2025-10-20", "2025-10-20"]


@given(st.lists(st.sampled_from(["2025", "20", "3", "12", "一", "十", "二", "年", "月", "日", "週", "前", "今", "先", "来", "昨",
                                 "本", "同", "翌", "令和", "元", "度", "上旬", "(火)", "は", "が", "、", "付", "間", " ", "."]),
                max_size=14).map("".join))
def test_every_date_pattern_match_contains_the_word_its_windows_are_checked_for(text: str) -> None:
    """find_dates runs a pattern only in windows holding its _NEEDS word: every match
    of the pattern holds it."""
    from transform import dates as D

    assert set(D._NEEDS) == {kind for kind, _ in D._PATTERNS}
    for kind, p in D._PATTERNS:
        for m in p.finditer(text):
            assert D._NEEDS[kind] in m.group(), (kind, m.group())


@pytest.mark.parametrize("text, published, expected", [
    ("今春、合弁会社を設立した", dt.date(2025, 8, 20), ["2025"]),
    ("昨秋には日本IBMと提携した", dt.date(2026, 4, 14), ["2025"]),
    ("昨夏に出資した", dt.date(2026, 1, 5), ["2025"]),
    ("来春に稼働させる", dt.date(2025, 11, 4), ["2026"]),
    ("両社は年明けに契約を結び", dt.date(2025, 2, 18), ["2025"]),  # this January
    ("年明けにも発表する", dt.date(2025, 11, 18), ["2026"]),  # next January
    ("今春闘で賃上げを求める", dt.date(2025, 2, 18), []),  # wage talks, not a season
    ("今秋モデルに搭載する", dt.date(2025, 2, 18), []),
    ("2025年秋に", dt.date(2025, 2, 18), ["2025"]),  # one mention, not a year and a season
    # this year's season still to come is a plan, like 来春: it dates nothing
    ("今秋にも買収する", dt.date(2025, 5, 20), []),
    ("今冬に発売する", dt.date(2025, 11, 20), []),
    ("今冬の新製品", dt.date(2026, 2, 10), ["2026"]),  # this winter, already under way
    ("今秋冬モデル", dt.date(2025, 10, 1), []),
    ("今秋田市で", dt.date(2025, 10, 1), []),
    # 年初: this year's start; not 年初来 (year to date)
    ("年初にヒヨリと利用契約を結び", dt.date(2026, 6, 9), ["2026"]),
    ("株価は年初来高値を更新した", dt.date(2026, 6, 9), []),
])
def test_seasons_without_a_year_give_the_year_they_fall_in(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, published, expected", [
    # 前年: the year before the one just named, else last year; not 前年比, 前年同期, 前年度
    ("2022年に資本業務提携を結んだ。前年には共同研究契約を結んだ。", dt.date(2023, 8, 30), ["2022", "2021"]),
    ("前年には契約を結んだ。", dt.date(2023, 8, 30), ["2022"]),
    ("前年10月に提携した。", dt.date(2023, 8, 30), ["2022-10"]),
    ("売上高は前年同期比で2割増え、前年比でも増えた。前年度の利益は", dt.date(2023, 8, 30), []),
])
def test_the_year_before_is_counted_from_the_year_just_named(text, published, expected):
    assert values(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    # a month or a day without a year, in a clause that plans it: the next one, not last year's
    ("空調事業を10月に買収すると発表した", ["2025-10"]),
    ("12月1日に払い込む予定だ", ["2025-12-01"]),
    ("3月から販売する計画だ", ["2026-03"]),
    # the same in a past clause: the last one, as before
    ("空調事業を10月に買収した", ["2024-10"]),
    ("3月に提携契約を結んでいた", ["2025-03"]),
    ("11月3日に締結した", ["2024-11-03"]),
])
def test_a_planned_month_without_a_year_is_the_next_one(text, expected):
    assert values(text, dt.date(2025, 5, 20)) == expected
