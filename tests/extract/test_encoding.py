from __future__ import annotations

from extract.encoding import decode_html

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
