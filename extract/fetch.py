"""Polite, bounded HTTP fetching with one shared httpx client.

`Fetcher.fetch` never raises for an expected failure: it returns a
`FetchResult` whose `outcome` (one of `errors.OUTCOMES`) says what happened,
and keeps every attempt (robots.txt included) in a log that the flow writes to
`fetches`.

What a hostile or broken server cannot do to it:
- make it contact a private address: the host is checked after DNS on every
  redirect hop, and the client's network backend (`netsafety.GuardedBackend`)
  checks the address each new connection is really made to (DNS rebinding);
- hold it longer than `timeout_s` per attempt: the backend bounds every socket
  read and write by a total deadline, so trickled headers or bodies end too;
- fill its memory: Content-Length, raw bytes and decompressed bytes are all
  capped at `max_bytes`; gzip/deflate are inflated here, in steps of at most
  `INFLATE_STEP` bytes, because httpx's decoder inflates a whole network chunk
  at once (measured: one 64 KiB chunk of a gzip bomb -> 67 MB in one call);
- make it download what it cannot use: the Content-Type is checked before the
  body is read.

Redirects are followed by hand so that the address check and the robots rules
apply to every hop, not just the first URL.
"""

from __future__ import annotations

import dataclasses
import email.utils
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from urllib.parse import SplitResult, urljoin, urlsplit

import httpcore
import httpx

from extract.config import FetchSettings
from extract.errors import (
    BlockedAddress,
    DecodeFailed,
    EmptyContent,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    NetworkError,
    NotHtml,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from extract.netsafety import AddressPolicy, GuardedBackend
from extract.records import FetchResult
from extract.robots import RobotsCache, RobotsRules, rules_from_response
from extract.validators import ValidatorStore

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                    "application/octet-stream", "application/msword", "application/vnd.")
_GZIP_TYPES = ("application/gzip", "application/x-gzip", "application/octet-stream")
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"),
          (b"\xff\xd8\xff", "image/jpeg"), (b"PK\x03\x04", "application/zip"), (b"RIFF", "image/webp"))
_REDIRECTS = (301, 302, 303, 307, 308)
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_MAX_RETRY_AFTER_S = 30.0
INFLATE_STEP = 64 * 1024  # most bytes one decompress call may produce
ACCEPT_ENCODING = "gzip, deflate"  # exactly what `_Inflater` can bound


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class _Retryable(FetchError):
    """Internal: a failure worth another attempt; wraps the real error."""

    def __init__(self, error: FetchError, wait_s: float | None = None) -> None:
        super().__init__(error.message, url=error.url, status=error.status)
        self.error = error
        self.wait_s = wait_s


@dataclasses.dataclass(frozen=True, slots=True)
class _Response:
    url: str  # the last hop
    status: int
    content_type: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    redirects: int = 0
    headers: tuple[tuple[str, str], ...] = ()


class _Inflater:
    """Content-Encoding decoder that never returns more than INFLATE_STEP bytes per step."""

    def __init__(self, content_encoding: str | None, url: str) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        self._mode = codings[0] if len(codings) == 1 else ("identity" if not codings else ",".join(codings))
        if self._mode == "x-gzip":
            self._mode = "gzip"
        if self._mode not in ("identity", "gzip", "deflate"):
            raise DecodeFailed(f"unsupported Content-Encoding: {content_encoding}", url=url)
        self._url = url
        self._head = b""
        self._z: zlib._Decompress | None = None  # type: ignore[name-defined]
        if self._mode == "gzip":
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._mode == "identity":
            if data:
                yield data
            return
        if self._z is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send it
            self._head += data
            if len(self._head) < 2 and data:
                return  # two bytes tell the two apart
            data, head = self._head, self._head
            wrapped = len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        z, buf = self._z, data
        while True:
            if z.eof:
                return  # trailing bytes after the stream end are ignored, as browsers do
            try:
                piece = z.decompress(buf, INFLATE_STEP)
            except zlib.error as e:
                raise DecodeFailed(f"corrupt {self._mode} body: {e}", url=self._url) from None
            buf = z.unconsumed_tail
            if piece:
                yield piece
            if not buf and len(piece) < INFLATE_STEP:
                return

    def finish(self) -> Iterator[bytes]:
        if self._mode != "identity" and (self._z is None or not self._z.eof):
            yield from self.feed(b"")
            if self._z is None or not self._z.eof:
                raise DecodeFailed(f"{self._mode} body ends before its compressed stream does", url=self._url)


def inflate_bounded(chunks: Iterable[bytes], content_encoding: str | None, limit: int, url: str) -> bytes:
    """Decode `chunks`, raising TooLarge as soon as the output passes `limit` (peak: limit + one step)."""
    inflater = _Inflater(content_encoding, url)
    out = bytearray()

    def take(pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            out.extend(piece)
            if len(out) > limit:
                raise TooLarge(f"body exceeds max_bytes {limit} (decompressed)", url=url)

    for chunk in chunks:
        take(inflater.feed(chunk))
    take(inflater.finish())
    return bytes(out)


class _HostGate:
    """Per-host concurrency limit and minimum spacing between request starts."""

    def __init__(self, concurrency: int) -> None:
        self._concurrency = concurrency
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._active = 0
        self.peak_active = 0  # most requests in flight at once, all hosts: the concurrency a run reached

    def acquire(self, host: str, interval_s: float) -> threading.Semaphore:
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self._concurrency))
        slot.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start[host])
            self._next_start[host] = start + interval_s
        if start > now:
            time.sleep(start - now)
        with self._lock:
            self._active += 1
            self.peak_active = max(self.peak_active, self._active)
        return slot

    def release(self, slot: threading.Semaphore) -> None:
        with self._lock:
            self._active -= 1
        slot.release()

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` starts for `seconds` (Retry-After, backoff): every thread waits."""
        with self._lock:
            self._next_start[host] = max(self._next_start[host], time.monotonic() + seconds)


class _NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing (see _CookielessClient)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        pass

    def set(self, name: str, value: str, domain: str = "", path: str = "/") -> None:
        pass


class _CookielessClient(httpx.Client):
    """An httpx client that neither stores nor sends cookies.

    A crawler that kept the cookies news sites set would be metered by them (the
    free-article counters of paywalled sites live in cookies), and a page would
    look different depending on what was fetched before it in the same night.
    httpx has no switch for this; its client reads its jar through this property
    on every response, and copying each response into urllib's cookie objects
    was a tenth of a page's fetch CPU (1.30 against 1.16 ms on the benchmark's pages).
    """

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, value: object) -> None:
        pass


_NO_COOKIES = _NoCookies()


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with our network backend under its connection pool.

    httpx 0.28 cannot pass a network backend through; HTTPTransport's methods
    only use `self._pool`, so building the pool here is enough (the DNS-rebinding
    test fails if a future httpx changes that).
    """

    def __init__(self, backend: GuardedBackend, limits: httpx.Limits) -> None:  # noqa: D107 - no super(): we build the pool
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def _target(url: str) -> tuple[SplitResult, str, int]:
    """Split `url`; BlockedAddress for non-http(s) schemes (ftp:, file:, ...)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddress(f"refused a non-http(s) URL: {url[:200]}", url=url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise NetworkError(f"invalid port in URL: {url[:200]}", url=url) from None
    if not parts.hostname:
        raise NetworkError(f"no host in URL: {url[:200]}", url=url)
    return parts, parts.hostname, port


class Fetcher:
    """One per run: a shared connection pool, robots cache and per-host gates.

    `validators` (optional) turns on conditional GET for `conditional_purposes`;
    `read_timeout_s` is the longest silence between two reads (default: timeout_s);
    `timeout_s` is the total deadline of one attempt, headers and body included.
    """

    def __init__(self, settings: FetchSettings, *, backoff_s: float = 0.5,
                 validators: ValidatorStore | None = None,
                 conditional_purposes: Iterable[str] = ("page", "feed", "sitemap", "listing"),
                 read_timeout_s: float | None = None) -> None:
        self.settings = settings
        self.backoff_s = backoff_s
        self.validators = validators
        self.conditional_purposes = frozenset(conditional_purposes)
        self.policy = AddressPolicy(settings.allow_private)
        self._local = threading.local()  # per-thread: current deadline, robots source
        self.connections: list[tuple[str, str, int]] = []  # (host, peer address, port) of every new connection
        self._backend = GuardedBackend(self.policy, deadline=lambda: getattr(self._local, "deadline", None),
                                       on_connect=self._connected)
        read = read_timeout_s or settings.timeout_s
        self.client = _CookielessClient(
            transport=_GuardedTransport(self._backend, httpx.Limits(max_connections=100,
                                                                     max_keepalive_connections=20)),
            timeout=httpx.Timeout(connect=settings.connect_timeout_s, read=read, write=read, pool=settings.timeout_s),
            headers={"User-Agent": settings.user_agent, "Accept-Language": "ja,en;q=0.5",
                     "Accept-Encoding": ACCEPT_ENCODING},
            follow_redirects=False,
            trust_env=False,
        )
        self._gate = _HostGate(settings.per_host_concurrency)
        self._robots = RobotsCache(self._load_robots)
        self._log: list[FetchResult] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- public -----------------------------------------------------------

    def fetch(self, url: str, *, source: str, purpose: str = "page") -> FetchResult:
        """Fetch `url` with robots, address checks, retries and limits; never raises FetchError."""
        started = time.monotonic()
        fetched_at = _now_iso()

        def done(**fields: object) -> FetchResult:
            return FetchResult(url=url, source=source, purpose=purpose, fetched_at=fetched_at,
                               elapsed_ms=(time.monotonic() - started) * 1000, **fields)  # type: ignore[arg-type]

        try:
            _parts, host, port = _target(url)
            # The address check comes first: a forbidden host gets no robots.txt request either.
            self.policy.check(host, port)
            if self.settings.respect_robots:
                self._check_robots(url, source)
            resp, history = self._with_retries(url, purpose)
            note = self._note(resp, history)
            if resp.status == 304:
                result = done(outcome="not_modified", final_url=resp.url, status=304,
                              message="HTTP 304 Not Modified" + note)
            else:
                self._remember(resp)
                result = done(outcome="ok", final_url=resp.url, status=resp.status, content_type=resp.content_type,
                              body=resp.body, nbytes=len(resp.body), message=f"HTTP {resp.status}" + note,
                              headers=resp.headers)
        except FetchError as e:
            result = done(outcome=e.kind, final_url=e.url or url, status=e.status,
                          message=e.message or e.kind)
        self._record(result)
        return result

    def amend(self, result: FetchResult, error: FetchError) -> FetchResult:
        """Re-label a logged attempt whose body turned out unusable (decode/parse/empty).

        Its validators are forgotten, so the next run downloads it in full
        instead of being told 304 about a page that never worked.
        """
        amended = self._relabeled(result, error.kind, error.message)
        with self._lock:
            for i, logged in enumerate(self._log):
                if (logged.url, logged.fetched_at, logged.purpose) == (result.url, result.fetched_at, result.purpose):
                    self._log[i] = amended
                    break
            else:
                self._log.append(amended)
        return amended

    def relabel(self, rows: list[FetchResult], url: str, fetched_at: str, kind: str,
                message: str) -> list[FetchResult]:
        """`amend` for a page whose rows were already taken out of the log (its extraction ran elsewhere)."""
        out = []
        for r in rows:
            if (r.url, r.fetched_at, r.purpose) == (url, fetched_at, "page"):
                r = self._relabeled(r, kind, message)
            out.append(r)
        return out

    def _relabeled(self, result: FetchResult, kind: str, message: str | None) -> FetchResult:
        """The attempt with its new outcome and no body; its validators forgotten."""
        if self.validators is not None:
            self.validators.put(result.final_url or result.url, None, None)
        return dataclasses.replace(result, outcome=kind, message=message or kind, body=b"")

    @property
    def peak_concurrency(self) -> int:
        """The most requests this fetcher had in flight at once."""
        return self._gate.peak_active

    def drain_log(self, source: str | None = None) -> list[FetchResult]:
        """Take the recorded attempts (of one source, or all) out of the log."""
        with self._lock:
            taken = [r for r in self._log if source is None or r.source == source]
            self._log = [r for r in self._log if not (source is None or r.source == source)]
        return taken

    # -- internals --------------------------------------------------------

    def _connected(self, host: str, peer: str, port: int) -> None:
        with self._lock:
            self.connections.append((host, peer, port))

    def _record(self, result: FetchResult) -> None:
        # The log outlives the page; keep it small by dropping the body.
        with self._lock:
            self._log.append(dataclasses.replace(result, body=b"") if result.body else result)

    @staticmethod
    def _note(resp: _Response, history: list[str]) -> str:
        parts = []
        if resp.redirects:
            parts.append(f"after {resp.redirects} redirect{'s' if resp.redirects > 1 else ''}")
        if history:
            parts.append(f"attempt {len(history) + 1}; earlier: {'; '.join(history)}")
        return f" ({', '.join(parts)})" if parts else ""

    def _remember(self, resp: _Response) -> None:
        if self.validators is not None and (resp.etag or resp.last_modified):
            self.validators.put(resp.url, resp.etag, resp.last_modified)

    def _check_robots(self, url: str, source: str) -> None:
        self._local.source = source
        rules = self._robots.rules_for(url)
        if not rules.allowed(url, self.settings.user_agent):
            reason = rules.blocked_reason or "disallowed by robots.txt"
            raise RobotsDisallowed(reason, url=url)

    def _load_robots(self, robots_url: str) -> RobotsRules:
        source = getattr(self._local, "source", "")
        started, fetched_at = time.monotonic(), _now_iso()

        def record(**fields: object) -> None:
            self._record(FetchResult(url=robots_url, source=source, purpose="robots", fetched_at=fetched_at,
                                     elapsed_ms=(time.monotonic() - started) * 1000, **fields))  # type: ignore[arg-type]

        try:
            resp, history = self._with_retries(robots_url, "robots", allow_http_errors=True)
        except FetchError as e:
            record(outcome=e.kind, status=e.status, final_url=e.url or robots_url, message=e.message or e.kind)
            return rules_from_response(e.status, b"", e.message if e.status is None else None)
        ok = resp.status < 400
        record(outcome="ok" if ok else "http_error", final_url=resp.url, status=resp.status,
               content_type=resp.content_type, nbytes=len(resp.body),
               message=f"HTTP {resp.status}" + ("" if ok else " (no robots.txt: everything allowed)")
               + self._note(resp, history))
        return rules_from_response(resp.status, resp.body, None)

    def _interval_for(self, url: str) -> float:
        interval = self.settings.min_interval_s
        if self.settings.respect_robots:
            delay = self._robots.rules_for(url).crawl_delay(self.settings.user_agent)
            if delay:
                interval = max(interval, min(delay, 60.0))
        return interval

    def _with_retries(self, url: str, purpose: str, allow_http_errors: bool = False) -> tuple[_Response, list[str]]:
        attempts = self.settings.retries + 1
        history: list[str] = []
        for attempt in range(attempts):
            try:
                return self._get(url, purpose, allow_http_errors), history
            except _Retryable as e:
                error = e.error
                history.append(error.message)
                if e.wait_s is not None and e.wait_s > _MAX_RETRY_AFTER_S:
                    error.message += f" (Retry-After {e.wait_s:.0f} s is over {_MAX_RETRY_AFTER_S:.0f} s: not retried)"
                    raise error from None
                if attempt == attempts - 1:
                    if attempts > 1:
                        error.message += f" (gave up after {attempts} attempts)"
                    raise error from None
                wait = e.wait_s if e.wait_s is not None else self.backoff_s * (2**attempt)
                self._gate.defer(urlsplit(error.url or url).netloc, wait)
        raise AssertionError("unreachable")

    def _get(self, url: str, purpose: str, allow_http_errors: bool) -> _Response:
        current = url
        for hop in range(self.settings.max_redirects + 1):
            parts, host, port = _target(current)
            self.policy.check(host, port)
            if hop and self.settings.respect_robots and purpose != "robots":
                rules = self._robots.rules_for(current)
                if not rules.allowed(current, self.settings.user_agent):
                    raise RobotsDisallowed(f"redirect target disallowed by robots.txt: {current}", url=current)
            headers = self._conditional_headers(current, purpose)
            slot = self._gate.acquire(parts.netloc, 0.0 if purpose == "robots" else self._interval_for(current))
            try:
                status, resp_headers, body = self._exchange(current, purpose, headers)
            finally:
                self._gate.release(slot)
            if status in _REDIRECTS:
                location = resp_headers.get("location")
                if not location:
                    raise HttpStatusError(f"HTTP {status} without a Location header", url=current, status=status)
                current = urljoin(current, location.strip())
                continue
            if status == 304:
                return _Response(current, 304, None, b"", redirects=hop)
            if status in _RETRY_STATUSES:
                error = HttpStatusError(f"HTTP {status}", url=current, status=status)
                raise _Retryable(error, _retry_after(resp_headers.get("retry-after")))
            if status >= 300:
                if allow_http_errors:
                    return _Response(current, status, resp_headers.get("content-type"), b"", redirects=hop)
                raise HttpStatusError(f"HTTP {status}", url=current, status=status)
            ctype = resp_headers.get("content-type")
            if not body.strip():
                raise EmptyContent(f"HTTP {status} with an empty body", url=current, status=status)
            body = self._unwrap(body, ctype, purpose, current, status)
            return _Response(current, status, ctype, body, resp_headers.get("etag"),
                             resp_headers.get("last-modified"), hop, tuple(resp_headers.items()))
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects", url=current)

    def _conditional_headers(self, url: str, purpose: str) -> dict[str, str]:
        if self.validators is None or purpose not in self.conditional_purposes:
            return {}
        known = self.validators.get(url)
        if not known:
            return {}
        etag, last_modified = known
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    def _check_content_type(self, ctype: str | None, purpose: str, url: str, status: int) -> None:
        if not ctype:
            return
        mime = ctype.split(";", 1)[0].strip().lower()
        if purpose == "page" and mime not in _HTML_TYPES:
            raise NotHtml(f"not an HTML page: {mime}", url=url, status=status)
        if purpose in ("sitemap", "feed") and mime in _GZIP_TYPES:
            return  # sitemap.xml.gz; checked for gzip magic once read
        if any(mime.startswith(p) for p in _BINARY_PREFIXES):
            raise NotHtml(f"unexpected content type for a {purpose}: {mime}", url=url, status=status)

    def _unwrap(self, body: bytes, ctype: str | None, purpose: str, url: str, status: int) -> bytes:
        """Sniff what the headers did not say: binary pages, gzip files (sitemap.xml.gz)."""
        if purpose in ("page", "listing"):
            for magic, mime in _MAGIC:
                if body.startswith(magic):
                    raise NotHtml(f"body is {mime}, not HTML", url=url, status=status)
        if purpose in ("sitemap", "feed") and body.startswith(b"\x1f\x8b"):
            try:
                return inflate_bounded([body], "gzip", self.settings.max_bytes, url)
            except TooLarge as e:
                e.status = status
                raise
        elif ctype and ctype.split(";", 1)[0].strip().lower() in _GZIP_TYPES:
            raise NotHtml(f"{ctype} body is not gzip", url=url, status=status)
        return body

    def _exchange(self, url: str, purpose: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One HTTP exchange; the body is read only for a 2xx of an accepted type, within the limits."""
        limit = self.settings.max_bytes
        deadline = time.monotonic() + self.settings.timeout_s
        self._local.deadline = deadline
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if not 200 <= status < 300:
                    return status, response.headers, b""
                self._check_content_type(response.headers.get("content-type"), purpose, url, status)
                declared = response.headers.get("content-length", "").strip()
                if declared.isdigit() and int(declared) > limit:
                    raise TooLarge(f"Content-Length {declared} exceeds max_bytes {limit}", url=url, status=status)
                return status, response.headers, self._read_body(response, url, limit)
        except httpx.TimeoutException as e:
            if time.monotonic() >= deadline - 0.01:
                # The server is answering, just too slowly: another attempt would do the same.
                raise FetchTimeout(f"not complete within the {self.settings.timeout_s:g} s total deadline",
                                   url=url) from None
            raise _Retryable(FetchTimeout(f"timed out: {type(e).__name__}", url=url)) from None
        except httpx.DecodingError as e:
            raise DecodeFailed(f"bad content encoding: {e}", url=url) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError, httpx.WriteError) as e:
            raise _Retryable(NetworkError(f"{type(e).__name__}: {e}", url=url)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as e:
            raise NetworkError(f"{type(e).__name__}: {e}", url=url) from None
        finally:
            self._local.deadline = None

    def _read_body(self, response: httpx.Response, url: str, limit: int) -> bytes:
        raw_size = 0

        def raw() -> Iterator[bytes]:
            nonlocal raw_size
            for chunk in response.iter_raw():
                raw_size += len(chunk)
                if raw_size > limit:
                    raise TooLarge(f"body exceeds max_bytes {limit} (on the wire)", url=url,
                                   status=response.status_code)
                yield chunk

        try:
            return inflate_bounded(raw(), response.headers.get("content-encoding"), limit, url)
        except FetchError as e:
            e.status = response.status_code
            raise
