"""Turn page bytes into text before trafilatura sees them.

trafilatura guesses the encoding statistically and ignores `<meta charset>`,
which breaks Shift_JIS and EUC-JP pages. Declarations are not enough either:
Japanese sites send a Shift_JIS header on EUC-JP pages (and the reverse), and
EUC-JP bytes often decode *without error* as CP932, into half-width katakana
mojibake. So every plausible charset is tried strictly (BOM; HTTP header;
`<meta>` / XML declaration; UTF-8; CP932; EUC-JP; ISO-2022-JP when escapes are
present) and the results are compared:

1. a body that is valid UTF-8 and not plain ASCII is UTF-8 (other Japanese
   encodings practically never form valid UTF-8);
2. otherwise the strict decoding with the fewest tell-tale mojibake characters
   (half-width katakana, private-use, control characters) wins, a fairly clean
   multi-byte one always beating a single-byte one (cp1252 "decodes" EUC-JP
   without a single error); ties go to declaration order (header first);
3. when nothing decodes strictly, charset-normalizer guesses; as a last
   resort the first declared charset is used with replacement characters.

Text that is still mostly replacement or control characters (binary served as
HTML) raises DecodeFailed: outcome "decode_error".
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from extract.errors import DecodeFailed

# Japanese sites say "Shift_JIS" but write Windows' superset (①, ～, NEC specials).
_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "iso-8859-1": "cp1252",  # what browsers do
    "latin1": "cp1252",
    "us-ascii": "cp1252",
}
_JAPANESE = ("utf-8", "cp932", "euc_jis_2004")
_MULTIBYTE = {"utf-8", "cp932", "euc_jis_2004", "euc_jp", "shift_jis", "iso2022_jp", "iso2022_jp_2004",
              "iso2022_jp_ext", "gb18030", "gbk", "gb2312", "big5", "euc_kr", "cp949", "utf-16", "utf-32"}
_META_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""",
    re.IGNORECASE,
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
# Characters a right decoding of a Japanese page (almost) never produces in bulk.
_SUSPICIOUS = re.compile("[\uff61-\uff9f\ue000-\uf8ff\x80-\x9f\x00-\x08\x0b\x0e-\x1f\ufffd]")
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    m = _HEADER_RE.search(content_type or "")
    return m.group(1) if m else None


def meta_charset(body: bytes) -> str | None:
    m = _META_RE.search(body[:4096]) or _XML_DECL_RE.search(body[:512])
    return m.group(1).decode("ascii", "ignore") if m else None


def mojibake_score(text: str) -> float:
    """Share of non-ASCII characters that are typical of a wrong decoding (0 = clean)."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return len(_SUSPICIOUS.findall(text)) / max(1, non_ascii)


def _candidates(body: bytes, content_type: str | None) -> list[str]:
    names: list[str | None] = [header_charset(content_type), meta_charset(body), *_JAPANESE]
    if b"\x1b$" in body or b"\x1b(" in body:
        names.append("iso2022_jp_ext")
    out: list[str] = []
    for name in names:
        codec = _codec(name)
        if codec and codec not in out and not codec.startswith("utf_16") and not codec.startswith("utf_32"):
            out.append(codec)
    return out


def _plausible(text: str) -> str:
    if text and len(_JUNK.findall(text)) > len(text) // 10:
        raise DecodeFailed("page bytes do not decode in any declared or detected charset")
    return text


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, then the strict decoding (declared or Japanese) that looks least like mojibake."""
    if not body:
        return ""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return _plausible(body.decode(name, errors="replace").lstrip("\ufeff"))
    candidates = _candidates(body, content_type)
    decoded: list[tuple[float, int, int, str]] = []
    for order, codec in enumerate(candidates):
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if codec == "utf-8" and not body.isascii():
            return _plausible(text)
        single_byte = 0 if codec in _MULTIBYTE else 1
        decoded.append((round(mojibake_score(text), 3), single_byte, order, text))
    # A clean multi-byte decoding beats any single-byte one: cp1252 decodes EUC-JP bytes without
    # a single error or control character, so its score alone would say nothing.
    clean = [d for d in decoded if d[1] == 0 and d[0] < 0.5]
    if clean or decoded:
        return _plausible(min(clean or decoded, key=lambda d: d[:3])[3])
    best = from_bytes(body).best()
    if best is not None:
        return _plausible(str(best))
    # Last resort: the first declared charset, lossy. Better a page with a few
    # replacement characters than none; wholly undecodable bytes are an error.
    text = body.decode(candidates[0], errors="replace")
    if text.count("\ufffd") > len(text) // 10:
        raise DecodeFailed("page bytes do not decode in any declared or detected charset")
    return _plausible(text)
