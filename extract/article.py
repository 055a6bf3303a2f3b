"""Main text and metadata of one article page, via trafilatura.

trafilatura finds the text; the rules here fix what it leaves for Japanese
news: a site name glued to the title ("見出し - 日本経済新聞", "見出し｜ITmedia"),
and lines of page furniture (関連記事, 画像1, 次のページへ) inside the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import trafilatura

from extract.errors import EmptyContent, ParseFailed

EXTRACTOR_VERSION = f"ainews-extract-1/trafilatura-{trafilatura.__version__}"

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:：]\s+|\s*[｜|]\s*|\s+-\s*|\s*／\s*(?=[^／]*$)")
_FURNITURE_LINE = re.compile(
    r"^(関連記事|関連リンク|関連ニュース|あわせて読みたい|こちらもおすすめ|次のページへ|前のページへ|次へ|前へ|"
    r"画像\s*\d+|写真\s*\d+|図\s*\d+|\[?\d+\]?\s*/\s*\d+\s*ページ|\d+ページ目|目次|PR|広告|シェア|ツイート|"
    r"この記事をシェア|続きを読む|ランキング|人気記事|.{0,12}ランキング)$"
)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    title: str | None
    author: str | None
    date: str | None
    text: str
    sitename: str | None
    canonical_url: str | None


def _comparable(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    return re.sub(r"[\s・.\-_]|株式会社|新聞社|新聞|社$|\.(com|jp|co\.jp|net)$", "", s)


def clean_title(title: str | None, sitename: str | None, hostname: str | None = None) -> str | None:
    """Drop a leading or trailing segment that is the site's name.

    A segment counts as the site name when it matches the sitename or host
    (loosely: ignoring 株式会社/新聞 and punctuation), or when the title has a
    short final segment after a spaced separator, which is how sites brand titles.
    """
    if not title:
        return title
    title = re.sub(r"[ \t\r\n]+", " ", title).strip()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title
    names = {_comparable(n) for n in (sitename, hostname) if n}
    names |= {_comparable(hostname.split(".")[-3 if hostname.endswith(".co.jp") else -2])} if hostname else set()
    names.discard("")

    def is_site(segment: str) -> bool:
        c = _comparable(segment)
        return bool(c) and any(c == n or (len(n) >= 3 and (n in c or c in n)) for n in names)

    # Strip from the end first (most common), then from the start.
    while len(parts) > 1 and is_site(parts[-1]):
        title = title[: title.rfind(parts[-1])].rstrip(" |-–—:：｜/／")
        parts = parts[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        title = title[len(parts[0]):].lstrip(" |-–—:：｜/／")
        parts = parts[1:]
    return title.strip() or None


def clean_text(text: str) -> str:
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _FURNITURE_LINE.match(stripped):
            continue
        lines.append(stripped)
    return "\n".join(lines)


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """Extract one page; raises EmptyContent when no article text is found."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            favor_precision=True,
        )
    except (ValueError, TypeError, RecursionError) as e:
        raise ParseFailed(f"trafilatura failed: {type(e).__name__}: {e}") from None
    if doc is None or not (doc.text or "").strip():
        raise EmptyContent("no article text found on the page")
    hostname = getattr(doc, "hostname", None)
    return ExtractedPage(
        title=clean_title(doc.title, doc.sitename, hostname),
        author=doc.author or None,
        date=doc.date or None,
        text=clean_text(doc.text),
        sitename=doc.sitename or None,
        canonical_url=doc.url or None,
    )
