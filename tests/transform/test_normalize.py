from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transform.normalize import Sentence, normalize_text, split_sentences


def test_full_width_digits_and_latin_become_ascii():
    assert normalize_text("ＯｐｅｎＡＩは２０２５年に３８０億ドル") == "OpenAIは2025年に380億ドル"


def test_full_width_brackets_and_punctuation_become_ascii():
    assert normalize_text("（約５兆円）！？") == "(約5兆円)!?"


def test_kanji_numerals_are_kept():
    assert normalize_text("一兆五千億円") == "一兆五千億円"


def test_wave_dash_variants_become_tilde():
    assert normalize_text("174億〜194億ドル") == "174億~194億ドル"
    assert normalize_text("174億～194億ドル") == "174億~194億ドル"
    assert normalize_text("174億∼194億ドル") == "174億~194億ドル"


def test_range_dashes_become_hyphen_but_katakana_long_mark_stays():
    assert normalize_text("10–12億円") == "10-12億円"
    assert normalize_text("10−12億円") == "10-12億円"
    assert normalize_text("データセンター") == "データセンター"


def test_zero_width_characters_are_dropped():
    assert normalize_text("Open\u200bAI\ufeffと\u200dAWS") == "OpenAIとAWS"


def test_spaces_and_tabs_collapse_full_width_space_included():
    assert normalize_text("OpenAI  \t と\u3000\u3000AWS") == "OpenAI と AWS"


def test_paragraph_breaks_are_kept_and_blank_runs_shrink():
    assert normalize_text("一段落目。  \r\n\r\n\r\n\n  二段落目。") == "一段落目。\n\n二段落目。"
    assert normalize_text("一行目\n二行目") == "一行目\n二行目"


def test_result_is_stripped():
    assert normalize_text("  \n 本文 \n ") == "本文"


def test_split_on_japanese_and_ascii_terminators():
    parts = split_sentences("提携を発表した。狙いは何か?規模は大きい!")
    assert [p.text for p in parts] == ["提携を発表した。", "狙いは何か?", "規模は大きい!"]


def test_split_keeps_quoted_sentences_together():
    text = "社長は「計算資源が足りない。だから組む」と述べた。次の文。"
    assert [p.text for p in split_sentences(text)] == [
        "社長は「計算資源が足りない。だから組む」と述べた。",
        "次の文。",
    ]


def test_split_keeps_parenthesised_sentences_together():
    text = "同社(本社:東京。設立2020年)は出資を受けた。以上。"
    assert [p.text for p in split_sentences(text)] == ["同社(本社:東京。設立2020年)は出資を受けた。", "以上。"]


def test_unbalanced_bracket_does_not_swallow_the_paragraph():
    assert [p.text for p in split_sentences("括弧「閉じない。次の文。")] == ["括弧「閉じない。", "次の文。"]


def test_newlines_split_even_without_terminator():
    assert [p.text for p in split_sentences("見出し\n本文です。")] == ["見出し", "本文です。"]


def test_terminator_runs_stay_with_their_sentence():
    assert [p.text for p in split_sentences("本当に!?はい。")] == ["本当に!?", "はい。"]


def test_offsets_point_into_the_given_text():
    text = " 一文目。 二文目。\n\n三文目"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    assert split_sentences(text)[0] == Sentence("一文目。", 1, 5)


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


@given(st.text())
def test_normalize_never_raises_and_is_idempotent(s):
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(st.text())
def test_split_sentences_never_raises_and_offsets_hold(s):
    for sentence in split_sentences(s):
        assert s[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text != ""


@given(st.lists(st.sampled_from(["a", "あ", " ", "\n", "\t", "\u3000", "\r\n", "\u2028", "。"]), max_size=30).map("".join))
def test_newline_rules_skipped_only_when_they_change_nothing(text: str) -> None:
    """normalize_text runs the newline regexes only when a str search finds work for them."""
    import unicodedata

    from transform import normalize as N

    s = N._SPACES.sub(" ", N._CONTROL.sub("", N._TO_TRANSLATE.sub(
        lambda m: N._REPLACEMENT[m.group()], unicodedata.normalize("NFKC", text.replace("\r\n", "\n")))))
    assert normalize_text(text) == N._BLANK_LINES.sub("\n\n", N._SPACE_AROUND_NL.sub("\n", s)).strip()


@given(st.lists(st.sampled_from(["a", "あ", "か", "\u3099", "\u0301", "e", "１", "～", "ｶ", "ﾞ", "\n", "①", "\u1100", "\u1161",
                                 "\u11a8", "ﬁ", "。"]), max_size=30).map("".join))
def test_nfkc_by_lines_is_nfkc(text: str) -> None:
    """normalize_text normalises only the lines that need it: the same as NFKC of the whole."""
    import unicodedata

    from transform.normalize import _nfkc

    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


def test_only_tab_and_ogham_space_survive_as_other_whitespace() -> None:
    """normalize_text runs _SPACES only for "  ", a tab or U+1680: NFKC, the table and
    _CONTROL leave no other whitespace but " " and "\\n", for any character."""
    import sys
    import unicodedata

    from transform import normalize as N

    left = set()
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        s = N._CONTROL.sub("", N._TO_TRANSLATE.sub(lambda m: N._REPLACEMENT[m.group()], unicodedata.normalize("NFKC", c)))
        left |= {ch for ch in s if ch.isspace() and ch not in " \n"}
    assert left == {"\t", "\u1680"}
