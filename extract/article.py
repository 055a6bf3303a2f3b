"""Main text and metadata of one article page, via trafilatura.

trafilatura finds the text; the rules here fix what it gets wrong on Japanese
news pages, in three places:

- before it runs, on the parsed tree: ruby readings kept as 漢字（よみ）, source
  line breaks inside a paragraph joined, short keyword links inside a paragraph
  unwrapped (so a paragraph of place-name links is not taken for navigation),
  and page furniture removed by class/id (captions, related/ranking/share
  widgets, modals, buttons, ads);
- metadata is read here from JSON-LD, <meta> and <h1> (cheaper than
  trafilatura's and it lets the title be the visible headline, without a
  site name glued on);
- after it runs: the headline and its deck repeated at the top of the text,
  timestamp lines, and furniture lines (関連記事, 画像1, 次のページへ, follow and
  log-in prompts, photo captions) are dropped.

Every rule is about page structure or wording common to Japanese news sites,
never about one site.
"""

from __future__ import annotations

import functools
import html as htmllib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction, HTMLParser, fromstring
from trafilatura.utils import is_dubious_html, repair_faulty_html
from trafilatura.xml import xmltotxt

from extract.errors import EmptyContent, ParseFailed

EXTRACTOR_VERSION = f"ainews-extract-2/trafilatura-{trafilatura.__version__}"

JST = timezone(timedelta(hours=9))

# ---------------------------------------------------------------- titles

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:：]\s+|\s*[｜|：]\s*|\s+-\s*|\s*／\s*(?=[^／]*$)")
_SEP_CHARS = " \u3000|-–—:：｜/／"


def _comparable(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower()
    s = re.sub(r"\.(com|jp|co\.jp|ne\.jp|or\.jp|net|org)$", "", s)
    return re.sub(r"[\s・.\-_'\"]|株式会社|新聞社|新聞|社$|web$|digital$|online$|オンライン$|デジタル$", "", s)


def _norm(s: str) -> str:
    """NFKC without any whitespace: how two headline strings are compared.

    split() drops exactly the characters isspace() is true of; it runs in C, where
    a generator over the characters cost a third of a millisecond a page (the
    first block under the headline can be the whole body)."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def _site_names(sitename: str | None, hostname: str | None) -> set[str]:
    names: set[str] = set()
    for n in (sitename, hostname):
        if n:
            names.add(_comparable(n))
            names |= {_comparable(part) for part in _TITLE_SEPARATORS.split(n)}
    if hostname:
        labels = [x for x in hostname.lower().split(".") if x not in {"www", "com", "co", "jp", "ne", "or", "net", "org"}]
        names |= {label for label in labels if len(label) >= 3}
    names.discard("")
    return names


def clean_title(title: str | None, sitename: str | None, hostname: str | None = None) -> str | None:
    """Drop a leading or trailing segment that is the site's name.

    A segment counts as the site name when it matches the sitename or host
    loosely (ignoring 株式会社/新聞/デジタル and punctuation, either containing
    the other), so "見出し：朝日新聞デジタル" and "The Japan News" on
    japannews.* both go.
    """
    if not title:
        return title
    title = re.sub(r"[ \t\r\n]+", " ", title).strip()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title
    names = _site_names(sitename, hostname)

    def is_site(segment: str) -> bool:
        c = _comparable(segment)
        return bool(c) and any(
            c == n
            or (len(n) >= 3 and n in c and len(c) <= 2 * len(n) + 4)  # "産経新聞：産経ニュース" vs "産経ニュース"
            or (len(c) >= 3 and c in n and 2 * len(c) >= len(n))  # "日刊ゲンダイ" vs "日刊ゲンダイDIGITAL"
            for n in names
        )

    while len(parts) > 1 and is_site(parts[-1]):
        title = title[: title.rfind(parts[-1])].rstrip(_SEP_CHARS)
        parts = parts[:-1]
    while len(parts) > 1 and is_site(parts[0]):
        title = title[title.find(parts[0]) + len(parts[0]):].lstrip(_SEP_CHARS)
        parts = parts[1:]
    return title.strip() or None


def choose_title(
    candidates: list[str], headings: list[str], sitename: str | None, hostname: str | None
) -> str | None:
    """The article's headline from metadata candidates (best first) and the page's <h1>s.

    The visible <h1> wins when the metadata confirms it (equal once site names
    are gone, or contained in a raw candidate): metadata titles are often a
    longer SEO variant, and an unconfirmed <h1> is often the site logo. The
    confirming candidate's own spelling is returned (it keeps 全角 spaces).
    Without a confirmed <h1>, the first cleaned candidate.
    """
    cleaned = [c for c in (clean_title(x, sitename, hostname) for x in candidates) if c]
    names = _site_names(sitename, hostname)
    best: tuple[int, str] | None = None
    for h in headings:
        nh = _norm(h)
        if len(nh) < 4 or _comparable(h) in names:
            continue
        for raw, clean in zip(candidates, (clean_title(x, sitename, hostname) for x in candidates)):
            if clean and _norm(clean) == nh:
                pick = clean
            elif nh in _norm(raw) and 2 * len(nh) >= len(_norm(clean or raw)):
                pick = re.sub(r"\s+", " ", h).strip()
            else:
                continue
            if best is None or len(nh) > best[0]:
                best = (len(nh), pick)
            break
    if best:
        return best[1]
    if cleaned:
        return cleaned[0]
    return re.sub(r"\s+", " ", headings[0]).strip() if headings else None


# ---------------------------------------------------------------- metadata

_ARTICLE_TYPES = re.compile(r"Article$|^BlogPosting$|^Report$")


@dataclass(frozen=True, slots=True)
class _Meta:
    title_candidates: list[str]
    headings: list[str]
    sitename: str | None
    author: str | None
    date: str | None
    canonical_url: str | None


def _jsonld_articles(tree: HtmlElement) -> list[dict]:
    found: list[dict] = []

    def walk(obj: object) -> None:
        if isinstance(obj, list):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in types):
                found.append(obj)
            if "@graph" in obj:
                walk(obj["@graph"])

    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            walk(json.loads(script.text or "", strict=False))
        except (ValueError, RecursionError):
            continue
    return found


def _meta_content(tree: HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for el in tree.iterfind(f".//meta[@{attr}='{key}']"):
                value = (el.get("content") or "").strip()
                if value:
                    return htmllib.unescape(value)
    return None


def _ld_text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return (htmllib.unescape(value).strip() or None) if isinstance(value, str) else None


def _ld_authors(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    names = [n for n in (_ld_text(x) for x in items) if n]
    return "; ".join(dict.fromkeys(names)) or None


def _date_of(value: str | None) -> str | None:
    """YYYY-MM-DD of an ISO-ish timestamp; a zoned one is read in Japan time."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
        if not m:
            return None
        try:
            dt = datetime(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(JST)
    if not 1995 <= dt.year <= datetime.now(JST).year + 1:
        return None
    return dt.strftime("%Y-%m-%d")


def _read_meta(tree: HtmlElement, url: str | None) -> _Meta:
    articles = _jsonld_articles(tree)
    ld = articles[0] if articles else {}
    title_el = tree.find(".//title")
    candidates = [
        c
        for c in (
            _ld_text(ld.get("headline")) or _ld_text(ld.get("name")),
            _meta_content(tree, "og:title"),
            _meta_content(tree, "twitter:title"),
            title_el.text_content().strip() if title_el is not None else None,
        )
        if c
    ]
    headings = [t for t in (h.text_content().strip() for h in tree.iter("h1")) if t]
    sitename = _meta_content(tree, "og:site_name") or _ld_text(ld.get("publisher"))
    author = _ld_authors(ld.get("author")) or _meta_content(tree, "author", "article:author")
    if author and author.startswith("http"):
        author = None
    date = _date_of(_ld_text(ld.get("datePublished"))) or _date_of(
        _meta_content(tree, "article:published_time", "datePublished", "pubdate", "publishdate")
    )
    link = tree.find(".//link[@rel='canonical']")
    canonical = (link.get("href") if link is not None else None) or _meta_content(tree, "og:url")
    if canonical and url:
        canonical = urljoin(url, canonical.strip())
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    return _Meta(candidates, headings, sitename, author, date, canonical or url)


# ---------------------------------------------------------------- tree preparation

# Class/id words of page furniture. Short words must be a whole part of a
# hyphen/underscore-separated name ("ad", "pr"); long ones may sit inside one.
_FURNITURE_PART = (
    r"ad|ads|pr|sns|btn|button|toc|tags?|rank|pickup|promo|banner|print|bookmark|pager|"
    r"login|logout|signin|signup|subscribe"
)
_FURNITURE_WORD = (
    r"related|relation|ranking|share|social|follow|recommend|osusume|modal|popup|caption|"
    r"sponsor|advert|newsletter|breadcrumb|pagination|readmore|read-more"
)
_FURNITURE_NAME = re.compile(
    rf"(?:^|[\s_-])(?:{_FURNITURE_PART})(?:$|[\s_-])|{_FURNITURE_WORD}", re.IGNORECASE
)
_FURNITURE_TAGS = {"figcaption", "aside", "nav", "button", "dialog", "form", "select"}
_NEWLINE_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")
_KEYWORD_LINK_MAX = 15


def _ruby_to_text(ruby: HtmlElement) -> None:
    """<ruby>漢字<rt>かんじ</rt></ruby> becomes 漢字（かんじ）, as print does."""
    base, reading = [ruby.text or ""], []
    for child in ruby:
        if child.tag == "rt":
            reading.append(child.text_content())
        elif child.tag != "rp":
            base.append(child.text_content())
        base.append(child.tail or "")
    text = "".join(base).strip()
    rd = "".join(reading).strip()
    tail = ruby.tail
    ruby.clear()
    ruby.text = f"{text}（{rd}）" if rd else text
    ruby.tail = tail
    ruby.drop_tag()


def _has_prose(parent: HtmlElement) -> bool:
    """Does this element hold a paragraph of running text (not link text)?"""
    for p in parent.iterchildren("p"):
        own = len(p.text_content().strip()) - sum(len(a.text_content()) for a in p.iter("a"))
        if own >= 40:
            return True
    return False


def _unwrap_keyword_links(p: HtmlElement) -> None:
    """Unwrap short term links inside a paragraph.

    Japanese news sites link place and company names to topic pages; a line
    such as "県名：<a>町</a>、<a>市</a>" is then all link text and trafilatura
    drops it as navigation. Long link texts (article titles) stay links.
    """
    for a in [a for a in p.iter("a") if a is not p]:
        t = a.text_content().strip()
        if t and len(t) <= _KEYWORD_LINK_MAX and "。" not in t and len(a) == 0:
            a.drop_tag()


def _collapse_source_newlines(body: HtmlElement) -> None:
    """A line break in the HTML source is only a space (outside <pre> and <textarea>);
    <br> stays a break.

    Every text and tail under `body` is visited in one walk: an XPath selecting
    the text nodes with a line break cost as much as the whole walk, and
    assigning its results back more than that.
    """
    verbatim: set[HtmlElement] = set()
    for block in body.iter("pre", "textarea"):
        verbatim.update(block.iter())
    for el in body.iter():
        if isinstance(el.tag, str) and el not in verbatim:  # a comment's .text is not page text
            text = el.text
            if text and "\n" in text:
                el.text = _NEWLINE_RUN.sub(" ", text)
        if el is not body:  # body's own tail lies outside it
            tail = el.tail
            if tail and "\n" in tail and el.getparent() not in verbatim:
                el.tail = _NEWLINE_RUN.sub(" ", tail)


def _furniture(body: HtmlElement) -> list[HtmlElement]:
    """Elements under `body` that look like page furniture, in document order: a
    furniture tag, or a class or id with a furniture word.

    A walk in Python: the XPath it replaces ran the same regex through EXSLT's
    re:test, one call back into Python per element with a class or id, at twice
    the cost.
    """
    found = []
    for el in body.iterdescendants():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in _FURNITURE_TAGS:
            found.append(el)
            continue
        cls, ident = el.get("class"), el.get("id")
        if (cls or ident) and _is_furniture_name(f" {cls or ''} {ident or ''} "):
            found.append(el)
    return found


@functools.lru_cache(maxsize=4096)
def _is_furniture_name(names: str) -> bool:
    """Whether a " class id " string names furniture. Cached: a page repeats a few dozen
    class names over thousands of elements, and the unanchored search of every furniture
    word was two thirds of the walk on real pages (7.5 against 2.5 ms a page)."""
    return _FURNITURE_NAME.search(names) is not None


def _prepare(tree: HtmlElement) -> None:
    body = tree.find(".//body")
    if body is None:
        body = tree
    for ruby in list(body.iter("ruby")):
        _ruby_to_text(ruby)
    _collapse_source_newlines(body)
    # Only among paragraphs of running text, so menus written as <p> stay links.
    prose: dict[HtmlElement, bool] = {}
    for p in list(body.iter("p")):
        parent = p.getparent()
        if parent is None:
            continue
        if parent not in prose:
            prose[parent] = _has_prose(parent)
        if prose[parent]:
            _unwrap_keyword_links(p)
    # Furniture, unless it holds most of the page's paragraph text (a wrapper
    # with an unlucky class name).
    paragraph_chars = sum(len(p.text_content()) for p in body.iter("p"))
    for el in _furniture(body):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag not in _FURNITURE_TAGS and next(el.iterdescendants("h1"), None) is not None:
            continue
        inner = sum(len(p.text_content()) for p in el.iter("p"))
        if inner and inner * 2 > paragraph_chars:
            continue
        tail = el.tail
        parent.remove(el)
        if tail and tail.strip():
            prev = parent[-1] if len(parent) else None
            # keep text that followed the removed element
            if prev is None:
                parent.text = (parent.text or "") + tail
            else:
                prev.tail = (prev.tail or "") + tail


# ---------------------------------------------------------------- text cleanup

_FURNITURE_LINE = re.compile(
    r"^(関連記事|関連リンク|関連ニュース|関連情報|関連キーワード|関連タグ|あわせて読みたい|合わせて読みたい|こちらもおすすめ|おすすめ(情報|記事)?|"
    r"次のページへ|前のページへ|次のページ|前のページ|次へ|前へ|続きを読む|もっと見る|一覧へ|一覧を見る|"
    r"画像\s*\d+|写真\s*\d+|図\s*\d+|\[?\d+\]?\s*/\s*\d+\s*ページ|\d+ページ目|\d+\s*/\s*\d+|"
    r"[\d\s|｜/／]*\d\s*[|｜]\s*\d[\d\s|｜/／]*|"
    r"目次|PR|広告|スポンサーリンク|シェア(する)?|ツイート|ポスト|ブックマーク|印刷|保存|この記事をシェア|"
    r"ランキング|人気記事|.{0,12}ランキング|完了しました|.{0,20}をフォロー(する)?)$"
)
# Photo captions: no sentence end, and a photo credit or a 写真/図 marker.
_CAPTION_LINE = re.compile(
    r"^(?!.*。).{0,120}(撮影[)）]|提供[)）]|[=＝](共同|時事|ロイター|AP|AFP|EPA|ゲッティ|Getty|提供)[)）]?)$"
    r"|^(写真|画像|図|表)[・:：／/](図版|写真|.{0,40})$|^[（(]?写真[)）]"
)
# Prompts addressed to the reader: sign-up, log-in, member-only features.
_PROMPT_LINE = re.compile(
    r"会員(の方)?のみ|会員限定(記事|です|の機能)|会員登録(する|して|が必要|はこちら|[(（]無料[)）])|"
    r"ログイン(する|して|が必要|はこちら)|続きは.{0,10}(会員|ログイン|登録)|"
    r"(詳しく|登録|申し込み|購読)は(こちら|コチラ)$|"
    r"(マイページ|フォロー|ログイン|会員).{0,40}(ご利用|お読み|ご覧)いただけ"
)
_TIMESTAMP_LINE = re.compile(
    r"^[\s(（\[［]*((公開|更新|配信|掲載|最終更新)(日時?)?[:：\s]*)?"
    r"(\d{4}[年/.-]\s*)?\d{1,2}[月/.-]\s*\d{1,2}日?\s*(\([月火水木金土日]\)|（[月火水木金土日]）)?\s*"
    r"(午前|午後)?\s*(\d{1,2}[時:：]\s*\d{1,2}分?)?\s*(公開|更新|配信|掲載)?[\s)）\]］]*"
    r"([(（\[［].{0,30}(公開|更新|配信|掲載)[)）\]］])?$"
)
# A line that is one short bracketed label: a byline ([名前,サイト名]) or a widget label (【関連記事】).
_LABEL_LINE = re.compile(r"^([\[［【〔][^\]］】〕]{1,40}[\]］】〕])$")
_COPYRIGHT_LINE = re.compile(r"^(Copyright|©|\(c\)|（c）|無断転載|All Rights Reserved)", re.IGNORECASE)
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def _is_furniture_line(line: str) -> bool:
    if len(line) > 200:
        return False
    return bool(
        _FURNITURE_LINE.match(line)
        or _TIMESTAMP_LINE.match(line)
        or _COPYRIGHT_LINE.match(line)
        or _LABEL_LINE.match(line)
        or _CAPTION_LINE.search(line)
        or (len(line) < 120 and _PROMPT_LINE.search(line))
    )


def clean_text(text: str, title: str | None = None) -> str:
    """Drop furniture lines, and leading lines that repeat the title.

    A half-width space between two Japanese characters comes from a line
    break in the HTML source, not from the writer, and is removed.
    """
    lines: list[str] = []
    title_norm = _norm(title) if title else None
    for line in text.splitlines():
        stripped = _CJK_SPACE.sub("", line.strip())
        if not stripped or _is_furniture_line(stripped):
            continue
        if not lines and title_norm and _norm(stripped) == title_norm:
            continue
        lines.append(stripped)
    return "\n".join(lines)


def _strip_head(body: etree._Element, titles: set[str]) -> None:
    """Remove the headline, and empty or timestamp blocks, from the top of the text.

    A heading right under the headline stays: a deck (sub-headline) and a
    first section heading look the same in the markup.
    """
    while len(body):
        first = body[0]
        text = "".join(first.itertext()).strip()
        if text and _norm(text) not in titles and not _TIMESTAMP_LINE.match(text):
            break
        body.remove(first)


# ---------------------------------------------------------------- parsing

# trafilatura's own parser settings (trafilatura.utils.HTML_PARSER), with one change:
# lxml.html's default element class lookup is a Python method, called each time lxml
# makes a Python object for an element, which trafilatura's walks do about 900 times
# a page. This C lookup gives every element the plain HtmlElement class (lxml.html's
# also picks form, input, select, textarea and label subclasses, which neither
# trafilatura nor these rules use). The extracted text is the same; extract_page's
# time fell from 5.5 to 5.15 ms a page on the benchmark's pages (session 16).
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                     remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception:  # noqa: BLE001 - as trafilatura's fromstring_bytes: None is "not HTML"
        return None


def load_tree(html: str) -> HtmlElement | None:
    """trafilatura's `load_html` for a decoded page, on `_PARSER`: the same repairs,
    the same fallback to bytes (a string that declares an encoding), the same refusal of
    a one-element tree from text that never says "html". None when it is not HTML."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = repair_faulty_html(html, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, from_bytes = _from_bytes(html), True
    except Exception:  # noqa: BLE001 - as trafilatura: a second try with bytes below
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


# ---------------------------------------------------------------- entry point


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    title: str | None
    author: str | None
    date: str | None
    text: str
    sitename: str | None
    canonical_url: str | None


def extract_page(html: str, url: str | None = None) -> ExtractedPage:
    """Extract one page; raises EmptyContent when no article text is found."""
    try:
        tree = load_tree(html)
    except (ValueError, TypeError, RecursionError) as e:
        raise ParseFailed(f"HTML parsing failed: {type(e).__name__}: {e}") from None
    if tree is None:
        raise ParseFailed("HTML parsing failed")
    hostname = urlsplit(url).hostname if url else None
    meta = _read_meta(tree, url)
    title = choose_title(meta.title_candidates, meta.headings, meta.sitename, hostname)
    date = meta.date
    if date is None:
        try:
            date = find_date(tree, url=url, original_date=True, extensive_search=True,
                             max_date=datetime.now().astimezone().strftime("%Y-%m-%d"))
        except (ValueError, TypeError, RecursionError):
            date = None
    try:
        _prepare(tree)
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            favor_precision=True,
        )
    except (ValueError, TypeError, RecursionError) as e:
        raise ParseFailed(f"trafilatura failed: {type(e).__name__}: {e}") from None
    if doc is None or doc.body is None:
        raise EmptyContent("no article text found on the page")
    titles = {_norm(t) for t in [title, *meta.headings, *(
        clean_title(c, meta.sitename, hostname) for c in meta.title_candidates)] if t}
    _strip_head(doc.body, titles)
    text = clean_text(xmltotxt(doc.body, False), title)
    if not text.strip():
        raise EmptyContent("no article text found on the page")
    return ExtractedPage(
        title=title,
        author=meta.author,
        date=date,
        text=text,
        sitename=meta.sitename,
        canonical_url=meta.canonical_url,
    )
