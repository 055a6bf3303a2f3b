"""robots.txt rules per host, fetched once per run and cached.

Follows the common crawler convention: a missing robots.txt (4xx) allows
everything; a server error or an unreachable robots.txt disallows the host for
this run, since we cannot know what the site asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego


@dataclass(frozen=True, slots=True)
class RobotsRules:
    parser: Protego | None  # None: everything allowed
    blocked_reason: str | None = None  # set: everything disallowed

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.blocked_reason is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, user_agent)

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def rules_from_response(status: int | None, body: bytes, error: str | None) -> RobotsRules:
    if error is not None or status is None:
        return RobotsRules(None, blocked_reason=f"robots.txt unreachable: {error or 'no response'}")
    if status >= 500:
        return RobotsRules(None, blocked_reason=f"robots.txt answered HTTP {status}")
    if status >= 400:
        return RobotsRules(None)
    return RobotsRules(Protego.parse(body.decode("utf-8", errors="replace")))


class RobotsCache:
    """Fetches each host's robots.txt at most once, even with concurrent callers."""

    def __init__(self, load: Callable[[str], RobotsRules]) -> None:
        self._load = load
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        key = robots_url(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._load(key)
            return self._rules[key]
