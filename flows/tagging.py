"""`ainews tag`: extract (if HTML) and tag standalone documents, offline."""

from __future__ import annotations

from dataclasses import dataclass

from extract.article import extract_page
from extract.encoding import decode_html
from extract.errors import FetchError
from transform.tagger import tag_document


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    html: str | None = None
    text: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None

    @classmethod
    def from_file(cls, path: str, data: bytes, *, url: str | None, published: str | None) -> Document:
        head = data[:512].lstrip().lower()
        if path.lower().endswith((".html", ".htm")) or head.startswith((b"<!doctype", b"<html", b"<")):
            return cls(id=path, html=decode_html(data), url=url, published=published)
        return cls(id=path, text=data.decode("utf-8", errors="replace"), url=url, published=published)

    @classmethod
    def from_json(cls, obj: object, lineno: int) -> Document:
        if not isinstance(obj, dict):
            raise ValueError("a JSONL line must be an object")
        html, text = obj.get("html"), obj.get("text")
        if not isinstance(html, str) and not isinstance(text, str):
            raise ValueError('a document needs "html" or "text"')
        doc_id = obj.get("id", lineno)
        return cls(id=str(doc_id) if not isinstance(doc_id, (int, str)) else doc_id,  # type: ignore[arg-type]
                   html=html if isinstance(html, str) else None,
                   text=text if isinstance(text, str) else None,
                   url=obj.get("url"), published=obj.get("published"), title=obj.get("title"))


def tag_one(doc: Document, *, with_text: bool = False) -> dict:
    title, published, text, error = doc.title, doc.published, doc.text or "", None
    if doc.html is not None:
        try:
            page = extract_page(doc.html, doc.url)
            text = page.text
            title = title or page.title
            published = published or page.date
        except FetchError as e:
            text, error = "", f"{e.kind}: {e.message}"
    tagged = tag_document(text, title=title, published=published)
    out: dict = {
        "id": doc.id,
        "url": doc.url,
        "title": title,
        "published": published,
        "companies": [c.name for c in tagged.companies],
        "deals": [d.to_json() for d in tagged.deals],
    }
    if error:
        out["error"] = error
    if with_text:
        out["text"] = text
    return out
