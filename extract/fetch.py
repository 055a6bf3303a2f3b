"""Polite, bounded HTTP fetching with one shared httpx client.

`Fetcher.fetch` never raises for an expected failure: it returns a
`FetchResult` whose `outcome` says what happened, and keeps every attempt
(robots.txt included) in a log that the flow writes to `fetches`.

Redirects are followed by hand so that the address check and the robots rules
apply to every hop, not just the first URL.
"""

from __future__ import annotations

import dataclasses
import email.utils
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from extract.config import FetchSettings
from extract.errors import (
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
from extract.netsafety import AddressPolicy
from extract.records import FetchResult
from extract.robots import RobotsCache, RobotsRules, rules_from_response

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                    "application/octet-stream", "application/msword", "application/vnd.")
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_MAX_RETRY_AFTER_S = 30.0


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
    return max(0.0, (when - datetime.now(when.tzinfo or UTC)).total_seconds())


class _Retryable(FetchError):
    """Internal: a failure worth another attempt; wraps the real error."""

    def __init__(self, error: FetchError, wait_s: float | None = None) -> None:
        super().__init__(error.message, url=error.url, status=error.status)
        self.error = error
        self.wait_s = wait_s


class _HostGate:
    """Per-host concurrency limit and minimum spacing between request starts."""

    def __init__(self, concurrency: int) -> None:
        self._concurrency = concurrency
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

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
        return slot


class Fetcher:
    """One per run: a shared connection pool, robots cache and per-host gates."""

    def __init__(self, settings: FetchSettings, *, backoff_s: float = 0.5) -> None:
        self.settings = settings
        self.backoff_s = backoff_s
        self.policy = AddressPolicy(settings.allow_private)
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
            headers={"User-Agent": settings.user_agent, "Accept-Language": "ja,en;q=0.5"},
            follow_redirects=False,
            trust_env=False,
        )
        self._gate = _HostGate(settings.per_host_concurrency)
        self._robots = RobotsCache(self._load_robots)
        self._robots_source = threading.local()
        self._log: list[FetchResult] = []
        self._log_lock = threading.Lock()

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
        final_url, status, ctype, body = url, None, None, b""
        try:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise NetworkError(f"not an http(s) URL: {url}", url=url)
            # The address check comes first: a forbidden host gets no robots.txt request either.
            self.policy.check(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            if self.settings.respect_robots:
                self._check_robots(url, source)
            final_url, status, ctype, body = self._with_retries(url, purpose)
            result = FetchResult(
                url=url, source=source, purpose=purpose, outcome="ok", final_url=final_url,
                status=status, content_type=ctype, body=body, nbytes=len(body),
                elapsed_ms=(time.monotonic() - started) * 1000, fetched_at=fetched_at,
            )
        except FetchError as e:
            result = FetchResult(
                url=url, source=source, purpose=purpose, outcome=e.kind, final_url=e.url or final_url,
                status=e.status, message=e.message, elapsed_ms=(time.monotonic() - started) * 1000,
                fetched_at=fetched_at,
            )
        self._record(result)
        return result

    def amend(self, result: FetchResult, error: FetchError) -> FetchResult:
        """Re-label a logged attempt whose body turned out unusable (decode/parse/empty)."""
        amended = dataclasses.replace(result, outcome=error.kind, message=error.message, body=b"")
        with self._log_lock:
            for i, logged in enumerate(self._log):
                if (logged.url, logged.fetched_at, logged.purpose) == (result.url, result.fetched_at, result.purpose):
                    self._log[i] = amended
                    break
            else:
                self._log.append(amended)
        return amended

    def drain_log(self, source: str | None = None) -> list[FetchResult]:
        """Take the recorded attempts (of one source, or all) out of the log."""
        with self._log_lock:
            taken = [r for r in self._log if source is None or r.source == source]
            self._log = [r for r in self._log if not (source is None or r.source == source)]
        return taken

    # -- internals --------------------------------------------------------

    def _record(self, result: FetchResult) -> None:
        # The log outlives the page; keep it small by dropping the body.
        with self._log_lock:
            self._log.append(dataclasses.replace(result, body=b"") if result.body else result)

    def _check_robots(self, url: str, source: str) -> None:
        self._robots_source.name = source
        rules = self._robots.rules_for(url)
        if not rules.allowed(url, self.settings.user_agent):
            reason = rules.blocked_reason or "disallowed by robots.txt"
            raise RobotsDisallowed(reason, url=url)

    def _load_robots(self, robots_url: str) -> RobotsRules:
        source = getattr(self._robots_source, "name", "")
        started, fetched_at = time.monotonic(), _now_iso()
        try:
            final_url, status, ctype, body = self._with_retries(robots_url, "robots", allow_http_errors=True)
        except FetchError as e:
            self._record(FetchResult(
                url=robots_url, source=source, purpose="robots", outcome=e.kind, status=e.status,
                message=e.message, elapsed_ms=(time.monotonic() - started) * 1000, fetched_at=fetched_at,
            ))
            return rules_from_response(e.status, b"", e.message if e.status is None else None)
        outcome = "ok" if status < 400 else "http_error"
        self._record(FetchResult(
            url=robots_url, source=source, purpose="robots", outcome=outcome, final_url=final_url,
            status=status, content_type=ctype, nbytes=len(body), message="" if status < 400 else f"HTTP {status}",
            elapsed_ms=(time.monotonic() - started) * 1000, fetched_at=fetched_at,
        ))
        return rules_from_response(status, body, None)

    def _interval_for(self, url: str) -> float:
        interval = self.settings.min_interval_s
        if self.settings.respect_robots and not url.endswith("/robots.txt"):
            delay = self._robots.rules_for(url).crawl_delay(self.settings.user_agent)
            if delay:
                interval = max(interval, min(delay, 60.0))
        return interval

    def _with_retries(self, url: str, purpose: str, allow_http_errors: bool = False) -> tuple[str, int, str | None, bytes]:
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                return self._get(url, purpose, allow_http_errors)
            except _Retryable as e:
                if attempt == attempts - 1:
                    raise e.error from None
                wait = e.wait_s if e.wait_s is not None else self.backoff_s * (2**attempt)
                time.sleep(min(wait, _MAX_RETRY_AFTER_S))
        raise AssertionError("unreachable")

    def _get(self, url: str, purpose: str, allow_http_errors: bool) -> tuple[str, int, str | None, bytes]:
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise NetworkError(f"not an http(s) URL: {current}", url=current)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self.policy.check(parts.hostname, port)
            if current != url and self.settings.respect_robots and purpose != "robots":
                rules = self._robots.rules_for(current)
                if not rules.allowed(current, self.settings.user_agent):
                    raise RobotsDisallowed(f"redirect target disallowed by robots.txt: {current}", url=current)
            slot = self._gate.acquire(parts.netloc, 0.0 if purpose == "robots" else self._interval_for(current))
            try:
                status, headers, body = self._request(current)
            finally:
                slot.release()
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                current = urljoin(current, headers["location"])
                continue
            if status in _RETRY_STATUSES:
                error = HttpStatusError(f"HTTP {status}", url=current, status=status)
                raise _Retryable(error, _retry_after(headers.get("retry-after")))
            if status >= 400:
                if allow_http_errors:
                    return current, status, headers.get("content-type"), b""
                raise HttpStatusError(f"HTTP {status}", url=current, status=status)
            ctype = headers.get("content-type")
            self._check_content_type(ctype, purpose, current, status)
            if not body.strip():
                raise EmptyContent("empty response body", url=current, status=status)
            return current, status, ctype, body
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects", url=current)

    def _check_content_type(self, ctype: str | None, purpose: str, url: str, status: int) -> None:
        if not ctype:
            return
        mime = ctype.split(";", 1)[0].strip().lower()
        if purpose == "page" and mime not in _HTML_TYPES:
            raise NotHtml(f"not an HTML page: {mime}", url=url, status=status)
        if any(mime.startswith(p) for p in _BINARY_PREFIXES):
            raise NotHtml(f"unexpected content type for a {purpose}: {mime}", url=url, status=status)

    def _request(self, url: str) -> tuple[int, httpx.Headers, bytes]:
        """One HTTP exchange; the body is read in chunks under a size cap and a total deadline."""
        limit = self.settings.max_bytes
        deadline = time.monotonic() + self.settings.timeout_s
        try:
            with self.client.stream("GET", url) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit and response.status_code < 300:
                    raise TooLarge(f"Content-Length {declared} exceeds max_bytes {limit}", url=url,
                                   status=response.status_code)
                chunks: list[bytes] = []
                size = 0
                if response.status_code < 300:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise TooLarge(f"body exceeds max_bytes {limit} (decompressed)", url=url,
                                           status=response.status_code)
                        if time.monotonic() > deadline:
                            raise FetchTimeout(f"body not complete within {self.settings.timeout_s:g} s",
                                               url=url, status=response.status_code)
                        chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException as e:
            raise _Retryable(FetchTimeout(f"timed out: {type(e).__name__}", url=url)) from None
        except httpx.DecodingError as e:
            raise _Retryable(NetworkError(f"bad content encoding: {e}", url=url)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.ConnectError, httpx.WriteError) as e:
            raise _Retryable(NetworkError(f"{type(e).__name__}: {e}", url=url)) from None
        except httpx.HTTPError as e:
            raise NetworkError(f"{type(e).__name__}: {e}", url=url) from None
