"""Turn page bytes into text before trafilatura sees them.

trafilatura guesses the encoding statistically and ignores `<meta charset>`,
which breaks Shift_JIS and EUC-JP pages. Here the declared charsets are tried
in order (BOM, HTTP header, `<meta>`), each strictly, so a page whose header
and meta disagree decodes with whichever is right; charset-normalizer guesses
only when nothing declared works.
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
}
_META_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""",
    re.IGNORECASE,
)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)


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
    m = _META_RE.search(body[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page, trying BOM, HTTP charset and meta charset strictly, then detection."""
    if not body:
        return ""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff")
    candidates: list[str] = []
    for declared in (header_charset(content_type), meta_charset(body), "utf-8"):
        codec = _codec(declared)
        if codec and codec not in candidates:
            candidates.append(codec)
    for codec in candidates:
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    # Last resort: the first declared charset, lossy. Better a page with a few
    # replacement characters than none; wholly undecodable bytes are an error.
    text = body.decode(candidates[0], errors="replace")
    if text.count("\ufffd") > len(text) // 10:
        raise DecodeFailed("page bytes do not decode in any declared or detected charset")
    return text
