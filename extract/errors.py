"""One exception family for every expected fetch failure.

Each subclass carries a `kind`; that string is what lands in `fetches.outcome`,
so the warehouse and the run summary speak the same vocabulary as the code.

`OUTCOMES` lists every outcome a fetch attempt can have. There is one row in
`fetches` per `Fetcher.fetch` call; the retries of that call are summarised in
its message rather than given rows of their own. Every row has a message.

- ok: a 2xx response with a usable, non-empty body of an accepted content type.
- not_modified: HTTP 304 to a conditional GET (stored ETag / Last-Modified); empty body.
- http_error: a 4xx/5xx status after any retries (5xx and 429 are retried, honouring
  Retry-After up to a cap; a longer Retry-After gives up at once), or a 3xx without Location.
- timeout: connect or read timed out on every attempt, or the per-attempt total deadline
  passed (slow headers, slow-drip body; not retried: the server is answering, just too slowly).
- too_large: declared Content-Length, raw bytes or decompressed bytes over max_bytes
  (gzip/deflate bombs are inflated in bounded steps and stop here).
- not_html: a page (or a feed/sitemap) whose Content-Type or magic bytes say PDF, image, ...
- robots: robots.txt disallows the URL (or a redirect hop), or robots.txt answered 5xx /
  was unreachable, which disallows the host for the run.
- blocked_address: the host, a redirect hop or the connected socket's peer is a private,
  loopback, link-local, multicast or reserved address not in allow_private, or a redirect
  points at a non-http(s) scheme (ftp:, file:, ...).
- too_many_redirects: more than max_redirects hops (redirect loops end here too).
- decode_error: the bytes decode in no charset (set by `Fetcher.amend`), a compressed
  body or .gz file is corrupt, or the Content-Encoding is not gzip/deflate/identity.
- empty: a 2xx response whose body is empty or whitespace.
- parse_error: a feed/sitemap/listing that does not parse, or declares XML entities
  (entity expansion and external entities are refused; set by `Fetcher.amend`).
- network_error: DNS failure, refused/reset connection, truncated body, broken chunked
  encoding or another protocol error, after retries.
- duplicate: reserved for an article whose text is already stored (nothing sets it yet:
  the loader counts duplicates in its report instead).
"""

from __future__ import annotations

#: Kept in step with the module docstring (a test checks it).
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
