"""Renderer for the bundled sample news site used by `ainews demo` and the tests.

The site imitates two real kinds of Japanese news sites so that the pipeline meets
the same difficulties offline as it does on the web: a UTF-8, WordPress-like
business site ("bj", RSS 2.0) and a Shift_JIS ITmedia-like site ("itm", RSS 1.0),
both with boilerplate (rankings, related articles, ads), multi-page articles,
sitemaps and a robots.txt that forbids /private/.

Pages are rendered for one base URL at serve time, because feeds, sitemaps and
canonical links must carry the server's real address (its port is only known
once the socket is bound). Stdlib only, so the renderer can run anywhere.
"""

from __future__ import annotations

import html
import json
import tomllib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from string import Template
from urllib.parse import quote

SITE_DIR = Path(__file__).with_name("sample_site")
ARTICLES_DIR = SITE_DIR / "articles"
TEMPLATES_DIR = SITE_DIR / "templates"

PAGE_BREAK = "<!-- nextpage -->"
SITES = ("bj", "itm")
SITE_NAMES = {"bj": "ビジネスジャーナル風", "itm": "ITmedia AI+風"}
# Shift_JIS is declared, cp932 is what Japanese sites really emit (its superset).
HTML_ENCODING = {"bj": "utf-8", "itm": "cp932"}
HTML_CONTENT_TYPE = {"bj": "text/html; charset=utf-8", "itm": "text/html; charset=Shift_JIS"}
XML_CONTENT_TYPE = "application/xml; charset=utf-8"
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"

# A 1x1 transparent GIF: article images exist so that <img> links do not 404.
_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@dataclass(frozen=True, slots=True)
class SitePage:
    """One served resource: bytes exactly as sent, with their Content-Type."""

    body: bytes
    content_type: str
    last_modified: datetime | None = None


@dataclass(frozen=True, slots=True)
class SampleImage:
    caption: str
    alt: str


@dataclass(frozen=True, slots=True)
class SampleArticle:
    """One article of the sample site, as written in its TOML file."""

    id: str
    site: str
    path: str
    title: str
    published: datetime
    author: str
    category: str
    body: str
    images: tuple[SampleImage, ...] = ()

    @property
    def pages(self) -> tuple[str, ...]:
        """Body text of each page; `<!-- nextpage -->` lines split pages."""
        return tuple(p.strip() for p in self.body.split(PAGE_BREAK))

    @property
    def page_paths(self) -> tuple[str, ...]:
        """URL paths of all pages: post_1234.html, post_1234_2.html, ..."""
        p = PurePosixPath(self.path)
        rest = [str(p.with_name(f"{p.stem}_{n}{p.suffix}")) for n in range(2, len(self.pages) + 1)]
        return (self.path, *rest)

    @property
    def text(self) -> str:
        """Plain article text (all pages, headings without their marker)."""
        paras = [_strip_heading(b) for page in self.pages for b in _blocks(page)]
        return "\n\n".join(paras)


def load_articles(directory: Path | None = None) -> list[SampleArticle]:
    """Read and validate every article TOML file, sorted by id."""
    directory = directory or ARTICLES_DIR
    articles = [_parse_article(f) for f in sorted(directory.glob("*.toml"))]
    seen: set[str] = set()
    for a in articles:
        for p in a.page_paths:
            if p in seen:
                raise ValueError(f"duplicate path {p}")
            seen.add(p)
    return sorted(articles, key=lambda a: a.id)


def _parse_article(file: Path) -> SampleArticle:
    with file.open("rb") as fh:
        d = tomllib.load(fh)
    published = datetime.fromisoformat(d["published"])
    if published.tzinfo is None:
        raise ValueError(f"{file.name}: published needs a UTC offset")
    site = d["site"]
    if site not in SITES or not d["path"].startswith(f"/{site}/"):
        raise ValueError(f"{file.name}: bad site/path {site} {d['path']}")
    images = tuple(SampleImage(i["caption"], i.get("alt", "")) for i in d.get("images", []))
    return SampleArticle(
        id=d["id"], site=site, path=d["path"], title=d["title"], published=published,
        author=d["author"], category=d["category"], body=d["body"], images=images,
    )


# ---------------------------------------------------------------- rendering


def build_site(base_url: str) -> dict[str, SitePage]:
    """Render every page of the sample site for `base_url` (no trailing slash)."""
    base = base_url.rstrip("/")
    articles = load_articles()
    by_site = {s: sorted((a for a in articles if a.site == s), key=lambda a: (a.published, a.id), reverse=True)
               for s in SITES}
    pages: dict[str, SitePage] = {}
    for site, items in by_site.items():
        ranking = _ranking(items, base)
        for a in items:
            pages.update(_render_article(a, base, ranking, _related(a, items, base)))
            for n, _ in enumerate(a.images, 1):
                pages[_image_path(a, n)] = SitePage(_GIF, "image/gif", a.published)
        pages.update(_render_listing(site, items, base, ranking))
    pages["/bj/index.xml"] = SitePage(_rss2(by_site["bj"], base), RSS_CONTENT_TYPE)
    pages["/itm/rss.xml"] = SitePage(_rss1(by_site["itm"], base), XML_CONTENT_TYPE)
    pages["/bj/sitemap.xml"] = SitePage(_urlset(by_site["bj"], base), XML_CONTENT_TYPE)
    pages["/itm/sitemap.xml"] = SitePage(_urlset(by_site["itm"], base), XML_CONTENT_TYPE)
    pages["/sitemap.xml"] = SitePage(_sitemap_index(by_site, base), XML_CONTENT_TYPE)
    robots = f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n"
    pages["/robots.txt"] = SitePage(robots.encode(), "text/plain; charset=utf-8")
    private = _template("private.html").encode("utf-8")
    for p in ("/private/", "/private/draft.html"):
        pages[p] = SitePage(private, HTML_CONTENT_TYPE["bj"])
    root = Template(_template("root_index.html")).substitute(base=_e(base))
    pages["/"] = SitePage(root.encode("utf-8"), HTML_CONTENT_TYPE["bj"])
    return pages


def _render_article(a: SampleArticle, base: str, ranking: str, related: str) -> dict[str, SitePage]:
    tmpl = Template(_template(f"{a.site}_article.html"))
    total = len(a.pages)
    out: dict[str, SitePage] = {}
    for n, (page, path) in enumerate(zip(a.pages, a.page_paths), 1):
        url = base + path
        rel = []
        if n > 1:
            rel.append(f'<link rel="prev" href="{_e(base + a.page_paths[n - 2])}">')
        if n < total:
            rel.append(f'<link rel="next" href="{_e(base + a.page_paths[n])}">')
        if a.site == "bj":
            page_title = a.title if n == 1 else f"{a.title}（{n}ページ目）"
            published_display = a.published.strftime("%Y.%m.%d %H:%M")
        else:
            page_title = a.title if total == 1 else f"{a.title}（{n}/{total}）"
            published_display = a.published.strftime("%Y年%m月%d日 %H時%M分")
        description = _summary(a)
        values = {
            "base": _e(base), "url": _e(url), "url_q": _e(quote(url, safe="")),
            "page_title": _e(page_title), "title": _e(a.title), "description": _e(description),
            "author": _e(a.author), "category": _e(a.category), "article_id": _e(a.id),
            "published_iso": a.published.isoformat(), "published_display": published_display,
            "og_image": _e(base + _image_path(a, 1)) if a.images else _e(f"{base}/{a.site}/logo.png"),
            "rel_links": "\n".join(rel),
            "content": _content(a, page, n, base),
            "pager": _pager(a, n, base),
            "related": related, "ranking": ranking,
            "jsonld": _jsonld(a, url, description) if a.site == "bj" else "",
        }
        text = tmpl.substitute(values)
        out[path] = SitePage(text.encode(HTML_ENCODING[a.site]), HTML_CONTENT_TYPE[a.site], a.published)
    return out


def _content(a: SampleArticle, page: str, n: int, base: str) -> str:
    heading = "h2" if a.site == "bj" else "h3"
    parts: list[str] = []
    images = list(enumerate(a.images, 1)) if n == 1 else []
    for i, block in enumerate(_blocks(page)):
        if block.startswith("## "):
            parts.append(f"<{heading}>{_e(_strip_heading(block))}</{heading}>")
        else:
            parts.append(f"<p>{_e(block)}</p>")
        # First image after the lead paragraph, further ones after later paragraphs.
        if images and i == 2 * (images[0][0] - 1):
            k, img = images.pop(0)
            parts.append(_figure(a, k, img, base))
    parts.extend(_figure(a, k, img, base) for k, img in images)
    return "\n".join(parts)


def _figure(a: SampleArticle, n: int, img: SampleImage, base: str) -> str:
    cls = "wp-block-image" if a.site == "bj" else "cmsBodyImage"
    return (f'<figure class="{cls}"><img src="{_e(base + _image_path(a, n))}" alt="{_e(img.alt)}"'
            f' width="640" height="360"><figcaption>{_e(img.caption)}</figcaption></figure>')


def _pager(a: SampleArticle, n: int, base: str) -> str:
    total = len(a.pages)
    if total == 1:
        return ""
    links = []
    for k, p in enumerate(a.page_paths, 1):
        links.append(f'<span class="current">{k}</span>' if k == n else f'<a href="{_e(base + p)}">{k}</a>')
    prev_link = (f'<a class="prev" rel="prev" href="{_e(base + a.page_paths[n - 2])}">前のページへ</a>'
                 if n > 1 else "")
    next_link = (f'<a class="next" rel="next" href="{_e(base + a.page_paths[n])}">次のページへ</a>'
                 if n < total else "")
    if a.site == "bj":
        return (f'<nav class="pagination">{prev_link}<span class="page-numbers">{" ".join(links)}</span>'
                f"{next_link}</nav>")
    return f'<div class="ctrl">{prev_link}{next_link}</div><p class="pageNum">{" | ".join(links)}</p>'


def _ranking(items: list[SampleArticle], base: str) -> str:
    # A fixed, plausible-looking "most read" list: every third article.
    return "\n".join(_link_item(a, base) for a in items[::3][:5])


def _related(a: SampleArticle, items: list[SampleArticle], base: str) -> str:
    others = [o for o in items if o.id != a.id]
    same = [o for o in others if o.category == a.category]
    return "\n".join(_link_item(o, base) for o in (same + [o for o in others if o not in same])[:3])


def _link_item(a: SampleArticle, base: str) -> str:
    return f'<li><a href="{_e(base + a.path)}">{_e(a.title)}</a></li>'


def _render_listing(site: str, items: list[SampleArticle], base: str, ranking: str) -> dict[str, SitePage]:
    rows = []
    for a in items:
        date = a.published.strftime("%Y.%m.%d" if site == "bj" else "%Y年%m月%d日 %H時%M分")
        rows.append(f'<li><span class="date">{date}</span> <span class="cat">{_e(a.category)}</span> '
                    f'<a href="{_e(base + a.path)}">{_e(a.title)}</a></li>')
    text = Template(_template(f"{site}_index.html")).substitute(
        base=_e(base), items="\n".join(rows), ranking=ranking)
    page = SitePage(text.encode(HTML_ENCODING[site]), HTML_CONTENT_TYPE[site])
    top = "/bj/" if site == "bj" else "/itm/aiplus/"
    return {top: page, top + "index.html": page}


# ---------------------------------------------------------------- feeds


def _rss2(items: list[SampleArticle], base: str) -> bytes:
    entries = "\n".join(
        f"<item><title>{_e(a.title)}</title><link>{_e(base + a.path)}</link>"
        f'<guid isPermaLink="true">{_e(base + a.path)}</guid>'
        f"<pubDate>{format_datetime(a.published)}</pubDate>"
        f"<description>{_e(_summary(a))}</description>"
        f"<dc:creator>{_e(a.author)}</dc:creator><category>{_e(a.category)}</category></item>"
        for a in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{SITE_NAMES['bj']}</title><link>{_e(base)}/bj/</link>"
        "<description>企業・経済・社会の深層を読み解く(ainews sample site)</description><language>ja</language>"
        f"<lastBuildDate>{format_datetime(items[0].published)}</lastBuildDate>"
        f'<atom:link href="{_e(base)}/bj/index.xml" rel="self" type="application/rss+xml"/>\n'
        f"{entries}\n</channel>\n</rss>\n"
    ).encode("utf-8")


def _rss1(items: list[SampleArticle], base: str) -> bytes:
    seq = "\n".join(f'<rdf:li rdf:resource="{_e(base + a.path)}"/>' for a in items)
    entries = "\n".join(
        f'<item rdf:about="{_e(base + a.path)}"><title>{_e(a.title)}</title><link>{_e(base + a.path)}</link>'
        f"<description>{_e(_summary(a))}</description><dc:subject>{_e(a.category)}</dc:subject>"
        f"<dc:creator>{_e(a.author)}</dc:creator><dc:date>{a.published.isoformat()}</dc:date></item>"
        for a in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns="http://purl.org/rss/1.0/" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="ja">\n'
        f'<channel rdf:about="{_e(base)}/itm/rss.xml"><title>{SITE_NAMES["itm"]} 最新記事</title>'
        f"<link>{_e(base)}/itm/aiplus/</link><description>AIビジネスの最新ニュース(ainews sample site)</description>"
        f"<dc:language>ja</dc:language><dc:date>{items[0].published.isoformat()}</dc:date>"
        f"<items><rdf:Seq>\n{seq}\n</rdf:Seq></items></channel>\n{entries}\n</rdf:RDF>\n"
    ).encode("utf-8")


def _urlset(items: list[SampleArticle], base: str) -> bytes:
    urls = "\n".join(
        f"<url><loc>{_e(base + a.path)}</loc><lastmod>{a.published.isoformat()}</lastmod>"
        f"<news:news><news:publication><news:name>{SITE_NAMES[a.site]}</news:name>"
        f"<news:language>ja</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{_e(a.title)}</news:title></news:news></url>"
        for a in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}\n</urlset>\n"
    ).encode("utf-8")


def _sitemap_index(by_site: dict[str, list[SampleArticle]], base: str) -> bytes:
    maps = "\n".join(
        f"<sitemap><loc>{_e(base)}/{site}/sitemap.xml</loc>"
        f"<lastmod>{items[0].published.isoformat()}</lastmod></sitemap>"
        for site, items in by_site.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{maps}\n</sitemapindex>\n"
    ).encode("utf-8")


# ---------------------------------------------------------------- helpers


def _jsonld(a: SampleArticle, url: str, description: str) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
        "datePublished": a.published.isoformat(), "description": description,
        "author": {"@type": "Person", "name": a.author}, "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": SITE_NAMES[a.site]},
    }
    # "</" must not appear inside a <script> element.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _summary(a: SampleArticle, limit: int = 100) -> str:
    lead = _blocks(a.pages[0])[0]
    return lead if len(lead) <= limit else lead[:limit] + "…"


def _blocks(text: str) -> list[str]:
    return ["".join(b.split("\n")).strip() for b in text.split("\n\n") if b.strip()]


def _strip_heading(block: str) -> str:
    return block[3:].strip() if block.startswith("## ") else block


def _image_path(a: SampleArticle, n: int) -> str:
    return f"/{a.site}/img/{a.id}-{n}.gif"


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _template(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")
