"""One exception family for every expected fetch failure.

Each subclass carries a `kind`; that string is what lands in `fetches.outcome`,
so the warehouse and the run summary speak the same vocabulary as the code.
"""

from __future__ import annotations

#: Every outcome a fetch attempt can have, documented in the README.
OUTCOMES: tuple[str, ...] = (
    "ok",
    "not_modified",
    "http_error",
    "timeout",
    "too_large",
    "not_html",
    "robots",
    "blocked_address",
    "too_many_redirects",
    "decode_error",
    "empty",
    "parse_error",
    "network_error",
    "duplicate",
)


class ConfigError(ValueError):
    """The sources file or a setting is wrong; the run cannot start."""


class FetchError(Exception):
    """An expected failure of one fetch; reported, never fatal to the run."""

    kind = "network_error"

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status


class HttpStatusError(FetchError):
    kind = "http_error"


class FetchTimeout(FetchError):
    kind = "timeout"


class TooLarge(FetchError):
    kind = "too_large"


class NotHtml(FetchError):
    kind = "not_html"


class RobotsDisallowed(FetchError):
    kind = "robots"


class BlockedAddress(FetchError):
    kind = "blocked_address"


class TooManyRedirects(FetchError):
    kind = "too_many_redirects"


class DecodeFailed(FetchError):
    kind = "decode_error"


class EmptyContent(FetchError):
    kind = "empty"


class ParseFailed(FetchError):
    kind = "parse_error"


class NetworkError(FetchError):
    kind = "network_error"
