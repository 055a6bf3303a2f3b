"""The transform stage's entry point: text in, companies and deals out.

Pure: strings and records only, no network, no database, no Prefect.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from transform.companies import find_companies
from transform.dates import parse_published
from transform.deals import find_deals
from transform.normalize import normalize_text
from transform.records import MentionedCompany, TaggedDocument
from transform.terms import terms
from transform.tokens import tokenize

TAGGER_VERSION = "ainews-tagger-0.13"


def tag_document(text: str, title: str | None = None, published: str | date | None = None) -> TaggedDocument:
    """Companies mentioned and deals found in one article.

    A datetime counts as its own calendar day (the date rules subtract dates, and
    a datetime, being a date too, would pass for one and then fail there)."""
    if isinstance(published, datetime):
        published = published.date()
    pub = published if isinstance(published, date) else parse_published(published)
    body = normalize_text(text or "")
    head = normalize_text(title) if title else None
    full = f"{head}\n{body}" if head else body
    tokens = tokenize(full)
    mentions = find_companies(full, tokens=tokens, body_start=len(head) + 1 if head else 0)
    counts = Counter(m.name for m in mentions)
    known = {m.name: m.known for m in mentions}
    companies = tuple(MentionedCompany(name, known[name], n) for name, n in counts.items())
    deals = find_deals(body, pub, mentions=mentions, title=head)
    return TaggedDocument(companies=companies, deals=tuple(deals), tagger_version=TAGGER_VERSION,
                          terms=tuple(terms(tokens).items()))
