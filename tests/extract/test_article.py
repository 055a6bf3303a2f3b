"""Article extraction on small pages shaped like Japanese news sites.

The fixture pages under pages/ were written for these tests: site names glued
to <title>, JSON-LD headlines, logo <h1>s, captions, related/ranking/share
widgets, 画像N and pager lines, member prompts, ruby and keyword links.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.article import ExtractedPage, choose_title, clean_text, clean_title, extract_page
from extract.errors import EmptyContent

PAGES = Path(__file__).with_name("pages")


def _extract(name: str, url: str = "https://news.example.jp/articles/x.html") -> ExtractedPage:
    return extract_page((PAGES / name).read_text(encoding="utf-8"), url)


@pytest.fixture(scope="module")
def suffix_page() -> ExtractedPage:
    return _extract("site_suffix_title.html")


@pytest.fixture(scope="module")
def jsonld_page() -> ExtractedPage:
    return _extract("jsonld_headline.html")


# ---------------------------------------------------------------- titles


def test_site_name_after_a_fullwidth_colon_is_dropped(suffix_page: ExtractedPage) -> None:
    assert suffix_page.title == "みらいロボティクス、物流AIで30億円調達　倉庫の自動化を加速"


def test_jsonld_headline_confirmed_by_h1_beats_the_longer_seo_title(jsonld_page: ExtractedPage) -> None:
    assert jsonld_page.title == "北斗データセンター、AI新拠点を着工　最大500億円"


def test_site_name_before_the_headline_and_logo_h1_are_ignored() -> None:
    page = _extract("prefix_title.html", "https://tech.example.com/2025/09/llm.html")
    assert page.title == "中央言語研究所、国産LLMを自治体に提供へ"


@pytest.mark.parametrize(
    ("raw", "sitename", "host", "expected"),
    [
        ("見出しの本文 - 北海経済新聞", "北海経済新聞", None, "見出しの本文"),
        ("見出しの本文｜テック速報DIGITAL", "テック速報", None, "見出しの本文"),
        ("テック速報 | 見出しの本文", None, "www.tech-sokuho.jp", "テック速報 | 見出しの本文"),
        ("テック速報 | 見出しの本文", "テック速報", None, "見出しの本文"),
        ("Chip Makers Sign Deal - The Example News", None, "examplenews.co.jp", "Chip Makers Sign Deal"),
        ("見出し：副題 - 産経風ニュース", "産経風新聞：産経風ニュース", None, "見出し：副題"),
        # a segment that merely shares a word with the site name stays
        ("日本 - 米国の関税交渉が決着", "日本経済新聞", None, "日本 - 米国の関税交渉が決着"),
        ("見出しだけ", "サイト", None, "見出しだけ"),
        (None, "サイト", None, None),
    ],
)
def test_clean_title(raw: str | None, sitename: str | None, host: str | None, expected: str | None) -> None:
    assert clean_title(raw, sitename, host) == expected


def test_choose_title_needs_metadata_to_confirm_a_short_h1() -> None:
    # "ニュース特集" is in the title but is a section label, not the headline
    raw = "A社がB社を買収へ　AI業界再編の行方 ニュース特集 - 例示新聞"
    assert choose_title([raw], ["ニュース特集"], "例示新聞", None) == "A社がB社を買収へ　AI業界再編の行方 ニュース特集"
    assert choose_title([raw], ["例示新聞", "A社がB社を買収へ AI業界再編の行方"], "例示新聞", None) == (
        "A社がB社を買収へ AI業界再編の行方"
    )
    assert choose_title([], ["見出しのみのページ"], None, None) == "見出しのみのページ"
    assert choose_title([], [], None, None) is None


# ---------------------------------------------------------------- dates and metadata


def test_published_time_meta_gives_the_date(suffix_page: ExtractedPage) -> None:
    assert suffix_page.date == "2025-11-12"
    assert suffix_page.author == "山川一郎"
    assert suffix_page.sitename == "あさかぜ新聞デジタル"
    assert suffix_page.canonical_url == "https://news.example.jp/articles/ASZ1234.html"


def test_utc_jsonld_date_is_read_in_japan_time(jsonld_page: ExtractedPage) -> None:
    # 2025-10-31T16:10Z is 2025-11-01 01:10 in Tokyo
    assert jsonld_page.date == "2025-11-01"
    assert jsonld_page.author == "川村花子"


def test_date_from_a_time_element_when_no_metadata() -> None:
    assert _extract("prefix_title.html").date == "2025-09-05"


# ---------------------------------------------------------------- text


def test_body_paragraphs_kept_in_order(suffix_page: ExtractedPage) -> None:
    lines = suffix_page.text.splitlines()
    assert lines[0].startswith("物流向けのAIロボットを開発する")
    assert lines[1].startswith("引受先には")
    assert "導入先の拠点は次のとおり。" in lines


def test_source_line_breaks_do_not_split_sentences(suffix_page: ExtractedPage) -> None:
    assert "物流向けのAIロボットを開発するみらいロボティクス（東京都港区）は12日、第三者割当増資で総額30億円を調達したと発表した。" in suffix_page.text.splitlines()


def test_ruby_reading_is_kept_in_brackets(suffix_page: ExtractedPage) -> None:
    assert "同社の早瀬（はやせ）智美社長は" in suffix_page.text


def test_paragraphs_of_keyword_links_survive(suffix_page: ExtractedPage) -> None:
    lines = suffix_page.text.splitlines()
    assert "千葉県：市川市、船橋市" in lines
    assert "埼玉県：川口市" in lines


@pytest.mark.parametrize(
    "furniture",
    ["あさかぜ新聞デジタル", "2025年11月12日", "倉庫で荷物を運ぶ", "画像1", "次のページへ", "関連記事",
     "倉庫ロボットの市場規模", "アクセスランキング", "大手通信会社がAI新会社", "シェア", "Copyright", "トップ"],
)
def test_page_furniture_is_dropped(suffix_page: ExtractedPage, furniture: str) -> None:
    assert furniture not in suffix_page.text


def test_headline_is_not_repeated_in_the_text(suffix_page: ExtractedPage, jsonld_page: ExtractedPage) -> None:
    assert "倉庫の自動化を加速" not in suffix_page.text
    assert "AI新拠点を着工" not in jsonld_page.text


def test_section_headings_stay_and_widgets_go(jsonld_page: ExtractedPage) -> None:
    lines = jsonld_page.text.splitlines()
    assert lines == [
        lines[0],
        "新拠点の概要",
        lines[2],
        "電力の確保",
        lines[4],
    ]
    assert lines[0].startswith("データセンター運営の北斗データセンター")
    for gone in ("目次", "くわ入れ", "[川村花子", "1 | 2", "会員登録", "フォロー", "01時10分"):
        assert gone not in jsonld_page.text


def test_a_first_heading_under_the_headline_is_kept() -> None:
    # a deck and a first section heading look alike; text is not thrown away
    page = _extract("prefix_title.html")
    assert page.text.splitlines()[0] == "窓口業務の要約から始める"
    assert "行政の文章に強いモデルを育てたい" in page.text


def test_page_without_article_text_is_empty_content() -> None:
    with pytest.raises(EmptyContent):
        _extract("empty.html")


# ---------------------------------------------------------------- clean_text rules


@pytest.mark.parametrize(
    "line",
    [
        "関連記事", "関連キーワード", "おすすめ情報", "次のページへ", "画像3", "写真 2", "2/3ページ", "1 | 2 | 3",
        "目次", "続きを読む", "アクセスランキング", "完了しました", "カテゴリーをフォローする",
        "2025年1月14日 01時28分 (1月14日 01時40分更新)", "公開日時：2025/11/03 10:00", "11月3日",
        "Copyright © Example Shimbun", "[記者名,サイト名]", "【関連記事】",
        "式典であいさつする社長＝3日、東京都内（山田撮影）", "新工場の完成予想図（同社提供）", "写真・図版",
        "『フォロー』すると、マイページで記事をまとめてお読みいただけます。",
        "この記事は会員の方のみご覧になれます", "詳しくはこちら",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert clean_text(f"本文の一文目です。\n{line}\n本文の二文目です。") == "本文の一文目です。\n本文の二文目です。"


@pytest.mark.parametrize(
    "line",
    [
        "同社は会員数が100万人を突破したと発表した。",
        "A社はB社と資本業務提携を結んだ＝共同通信の取材に答えた。",
        "【ソウル＝特派員】韓国の半導体大手は3日、新工場の建設を発表した。",
        "両社の協議は11月3日に始まった。",
        "新サービスはログインなしで使える。",
    ],
)
def test_body_lines_are_kept(line: str) -> None:
    assert clean_text(line) == line


def test_clean_text_drops_a_leading_title_repeat_and_joins_cjk_spaces() -> None:
    text = "見出しの文 副題\n  本文の 一文目です。\n見出しの文 副題"
    assert clean_text(text, "見出しの文　副題") == "本文の一文目です。\n見出しの文副題"


# ---------------------------------------------------------------- parsing


_PARSE_CASES = [
    pytest.param((PAGES / "jsonld_headline.html").read_text(encoding="utf-8"), id="fixture-page"),
    pytest.param('<?xml version="1.0" encoding="shift_jis"?><html><body><p>本文です。</p></body></html>',
                 id="string-declaring-an-encoding"),
    pytest.param("<html/>\n<body><p>自己終了した html タグ</p></body>", id="self-closing-html"),
    pytest.param("<!DOCTYPE html><html><body>\x01<p>制御文字</p></body></html>", id="control-character"),
    pytest.param("<p>断片だけ</p>", id="fragment-refused"),
    pytest.param("ただの文字列", id="plain-text-refused"),
    pytest.param("<div><p>一</p><p>二</p></div>", id="no-html-word-two-blocks"),
    pytest.param("<html><body><form><input value='1'><select><option>x</option></select>"
                 "<label>名前</label></form><p>本文。</p></body></html>", id="form-elements"),
]


@pytest.mark.parametrize("html", _PARSE_CASES)
def test_load_tree_parses_as_trafilatura_does(html: str) -> None:
    """Same tree (or the same refusal) as trafilatura's own load_html, whose repairs it keeps."""
    from lxml import etree
    from trafilatura.utils import load_html

    from extract.article import load_tree

    ours, theirs = load_tree(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_load_tree_gives_every_element_the_plain_html_class() -> None:
    """The C class lookup: no form/input/select subclasses, which lxml.html picks in Python
    for every element object it makes (about 900 calls a page in trafilatura's walks)."""
    from lxml.html import FormElement, HtmlElement

    from extract.article import load_tree

    tree = load_tree("<html><body><form><input value='1'></form><p>本文。</p></body></html>")
    kinds = {type(el) for el in tree.iter()}
    assert kinds == {HtmlElement}
    assert not any(isinstance(el, FormElement) for el in tree.iter())
