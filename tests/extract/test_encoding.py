from __future__ import annotations

import pytest

from extract.encoding import decode_html, mojibake_score
from extract.errors import DecodeFailed

TEXT = "ソフトバンクグループはOpenAIに追加出資した。～①"


def page(charset_meta: str | None) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{TEXT}</p></body></html>"


def test_shift_jis_page_without_http_charset_decodes_by_meta():
    body = page("Shift_JIS").encode("cp932")
    assert TEXT in decode_html(body, "text/html")


def test_header_and_meta_disagree_the_one_that_decodes_wins():
    body = page("Shift_JIS").encode("cp932")
    assert TEXT in decode_html(body, "text/html; charset=utf-8")


def test_euc_jp_page_with_no_declaration_is_detected():
    body = ("<html><body><p>" + "日本の人工知能スタートアップが資金調達を発表した。" * 20 + "</p></body></html>").encode("euc_jp")
    assert "資金調達を発表した" in decode_html(body, None)


def test_utf8_with_bom():
    body = b"\xef\xbb\xbf" + page(None).encode("utf-8")
    assert TEXT in decode_html(body, "text/html; charset=shift_jis")


# -- every charset x every way of declaring it (or not) ------------------------------------
NEWS = "国内の生成AIスタートアップが総額五十億円の資金調達を実施し、データセンター事業者と業務提携を結んだ。"
CODECS = {"utf-8": "UTF-8", "cp932": "Shift_JIS", "euc_jp": "EUC-JP"}
WRONG = {"utf-8": "Shift_JIS", "cp932": "EUC-JP", "euc_jp": "Shift_JIS"}


def news_page(codec: str, meta: str | None) -> bytes:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return f"<html><head>{head}<title>ニュース</title></head><body><p>{NEWS}</p></body></html>".encode(codec)


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("where", ["header", "meta", "both", "header-wrong", "meta-wrong", "nowhere",
                                   "header-latin1"])
def test_japanese_charsets_decode_however_declared(codec, where):
    right, wrong = CODECS[codec], WRONG[codec]
    header, meta = {
        "header": (right, None), "meta": (None, right), "both": (right, right),
        "header-wrong": (wrong, right), "meta-wrong": (right, wrong), "nowhere": (None, None),
        "header-latin1": ("ISO-8859-1", None),
    }[where]
    content_type = f"text/html; charset={header}" if header else "text/html"
    assert NEWS in decode_html(news_page(codec, meta), content_type)


def test_iso_2022_jp_is_detected_by_its_escapes():
    assert NEWS in decode_html(news_page("iso2022_jp", None), "text/html")


@pytest.mark.parametrize("junk", [bytes(range(32)) * 50, b"\x00" * 1000, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8])
def test_bytes_that_decode_in_nothing_are_decode_error(junk):
    with pytest.raises(DecodeFailed):
        decode_html(junk, "text/html; charset=utf-8")


def test_mojibake_score_tells_right_from_wrong():
    euc = news_page("euc_jp", None)
    assert mojibake_score(euc.decode("euc_jp")) == 0
    assert mojibake_score(euc.decode("cp932", errors="replace")) > 0.5


def test_xml_declaration_counts_as_a_declaration():
    body = f'<?xml version="1.0" encoding="Shift_JIS"?><html><body><p>{NEWS}</p></body></html>'.encode("cp932")
    assert NEWS in decode_html(body, None)
