"""The page preparation's Python walks select exactly what the XPath expressions they
replaced selected (kept here as the reference), on generated HTML."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.article import _FURNITURE_NAME, _FURNITURE_TAGS, _NEWLINE_RUN, _collapse_source_newlines, _furniture, _norm

_NS = {"re": "http://exslt.org/regular-expressions"}
_FURNITURE_XPATH = "|".join(
    [f".//{tag}" for tag in sorted(_FURNITURE_TAGS)]
    + [".//*[(@class or @id) and re:test(concat(' ', @class, ' ', @id, ' '), $pat, 'i')]"]
)


def _collapse_by_xpath(body) -> None:
    for node in body.xpath(".//text()[contains(., '\n')][not(ancestor::pre or ancestor::textarea)]"):
        owner = node.getparent()
        if owner is None:
            continue
        if node.is_text:
            owner.text = _NEWLINE_RUN.sub(" ", owner.text)
        elif node.is_tail:
            owner.tail = _NEWLINE_RUN.sub(" ", owner.tail)


def _furniture_by_xpath(body) -> list:
    return body.xpath(_FURNITURE_XPATH, namespaces=_NS, pat=_FURNITURE_NAME.pattern)


_TEXT = st.text(alphabet=st.sampled_from(list("ab 提携\n\t\r\u3000<&")), max_size=8)
_NAMES = st.sampled_from(["", "ad", "ads-box", "main", "Share", "x_pr", "related-links", "article body", "nav",
                          "TOC", "print-btn", "ok", "header"])
_TAGS = st.sampled_from(["div", "p", "a", "span", "pre", "textarea", "aside", "nav", "section", "h1", "ul", "li",
                         "button", "figcaption", "code"])


@st.composite
def _element(draw, depth: int = 0) -> str:
    tag = draw(_TAGS)
    attrs = ""
    if draw(st.booleans()):
        attrs += f' class="{draw(_NAMES)}"'
    if draw(st.booleans()):
        attrs += f' id="{draw(_NAMES)}"'
    parts = [_escape(draw(_TEXT))]
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["element", "element", "comment", "br"]))
            if kind == "element":
                parts.append(draw(_element(depth + 1)))
            elif kind == "comment":
                parts.append(f"<!--{_escape(draw(_TEXT)).replace('-', '')}-->")
            else:
                parts.append("<br>")
            parts.append(_escape(draw(_TEXT)))
    return f"<{tag}{attrs}>{''.join(parts)}</{tag}>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def _page(draw) -> str:
    body = "".join(draw(st.lists(_element(), max_size=4)))
    return f"<html><head><title>t</title></head><body>{_escape(draw(_TEXT))}{body}</body>\n</html>"


@settings(max_examples=300, deadline=None)
@given(_page())
def test_newline_walk_changes_what_the_xpath_changed(page):
    a, b = lxml.html.fromstring(page), lxml.html.fromstring(page)
    _collapse_by_xpath(a.find(".//body"))
    _collapse_source_newlines(b.find(".//body"))
    assert lxml.html.tostring(a, encoding="unicode") == lxml.html.tostring(b, encoding="unicode")


@settings(max_examples=300, deadline=None)
@given(_page())
def test_furniture_walk_finds_what_the_xpath_found_in_order(page):
    tree = lxml.html.fromstring(page)
    body = tree.find(".//body")
    assert _furniture(body) == _furniture_by_xpath(body)


def test_the_generated_pages_exercise_both_walks():
    """Not vacuous: a page of the kind generated has furniture and protected line breaks."""
    page = ('<html><body><div class="x_pr">a\nb</div><pre>k\n l</pre><p id="main">c\n'
            '<a class="Share">d</a>\n</p></body></html>')
    body = lxml.html.fromstring(page).find(".//body")
    assert [el.get("class") for el in _furniture(body)] == ["x_pr", "Share"]
    _collapse_source_newlines(body)
    assert body.find(".//pre").text == "k\n l" and body.find(".//div").text == "a b"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_norm_drops_exactly_the_whitespace_characters(s):
    import unicodedata

    assert _norm(s) == "".join(ch for ch in unicodedata.normalize("NFKC", s) if not ch.isspace())
