"""URL canonicalisation: one article, one URL, whatever tracking junk was appended."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import courlan


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragments, default ports and tracking parameters."""
    url = url.strip()
    try:
        normalized = courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError):
        normalized = url
    parts = urlsplit(normalized)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def same_site(a: str, b: str) -> bool:
    return urlsplit(a).hostname == urlsplit(b).hostname
