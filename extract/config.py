"""The sources file: which sites to crawl and how politely.

Everything a site needs (its feed, sitemap or listing page, which URLs are
articles) is data here, so adding a site never touches the crawler. Unknown
keys are errors rather than silently ignored: a typo in `per_host_concurency`
must not quietly turn politeness off.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from extract.errors import ConfigError

DEFAULT_USER_AGENT = "ainews/0.1 (+https://github.com/ainews-project/ainews; nightly AI-industry news digest)"
SOURCE_KINDS = ("feed", "sitemap", "listing")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    timeout_s: float = 20.0
    connect_timeout_s: float = 10.0
    max_bytes: int = 5_000_000
    per_host_concurrency: int = 2
    min_interval_s: float = 1.0
    retries: int = 2
    max_redirects: int = 5
    max_pages: int = 10
    respect_robots: bool = True
    allow_private: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    kind: str  # feed | sitemap | listing
    url: str
    include: str | None = None
    max_articles: int | None = None

    def accepts(self, url: str) -> bool:
        return self.include is None or re.search(self.include, url) is not None


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    sources: tuple[Source, ...] = ()
    path: str | None = None


_FETCH_TYPES: dict[str, type | tuple[type, ...]] = {
    "user_agent": str,
    "timeout_s": (int, float),
    "connect_timeout_s": (int, float),
    "max_bytes": int,
    "per_host_concurrency": int,
    "min_interval_s": (int, float),
    "retries": int,
    "max_redirects": int,
    "max_pages": int,
    "respect_robots": bool,
    "allow_private": list,
}
_SOURCE_KEYS = {"name", "include", "max_articles", *SOURCE_KINDS}


def default_sources_path() -> Path:
    """The live-web defaults shipped with the package."""
    return Path(str(resources.files("extract").joinpath("sources.toml")))


def load_sources(path: str | Path | None = None) -> SourcesConfig:
    p = Path(path) if path is not None else default_sources_path()
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read sources file {p}: {e.strerror or e}") from None
    return parse_sources(text, origin=str(p))


def parse_sources(text: str, origin: str = "<string>") -> SourcesConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{origin}: not valid TOML: {e}") from None
    unknown = set(data) - {"fetch", "sources"}
    if unknown:
        raise ConfigError(f"{origin}: unknown top-level keys: {', '.join(sorted(unknown))}")
    settings = _parse_fetch(data.get("fetch", {}), origin)
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ConfigError(f"{origin}: no [[sources]] defined")
    sources = tuple(_parse_source(s, i, origin) for i, s in enumerate(raw_sources))
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{origin}: duplicate source names: {', '.join(dupes)}")
    return SourcesConfig(fetch=settings, sources=sources, path=origin)


def _parse_fetch(raw: Any, origin: str) -> FetchSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: [fetch] must be a table")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        expected = _FETCH_TYPES.get(key)
        if expected is None:
            raise ConfigError(f"{origin}: unknown key [fetch].{key}")
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(f"{origin}: [fetch].{key} has the wrong type ({type(value).__name__})")
        values[key] = value
    for key in ("timeout_s", "connect_timeout_s", "max_bytes", "per_host_concurrency", "max_pages"):
        if key in values and values[key] <= 0:
            raise ConfigError(f"{origin}: [fetch].{key} must be positive, got {values[key]}")
    for key in ("min_interval_s", "retries", "max_redirects"):
        if key in values and values[key] < 0:
            raise ConfigError(f"{origin}: [fetch].{key} must not be negative, got {values[key]}")
    if "allow_private" in values:
        allowed = values["allow_private"]
        for entry in allowed:
            if not isinstance(entry, str) or not entry:
                raise ConfigError(f"{origin}: [fetch].allow_private entries must be host names or networks")
            if "/" in entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError:
                    raise ConfigError(f"{origin}: [fetch].allow_private: {entry!r} is not a network") from None
        values["allow_private"] = tuple(allowed)
    return FetchSettings(**values)


def _parse_source(raw: Any, index: int, origin: str) -> Source:
    where = f"{origin}: [[sources]] #{index + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys: {', '.join(sorted(unknown))}")
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ConfigError(f"{where}: 'name' must be letters, digits, '_', '-' or '.'")
    kinds = [k for k in SOURCE_KINDS if k in raw]
    if len(kinds) != 1:
        raise ConfigError(f"{where} ({name}): give exactly one of feed, sitemap or listing")
    kind = kinds[0]
    url = raw[kind]
    if not isinstance(url, str) or not re.match(r"https?://[^/\s]+", url):
        raise ConfigError(f"{where} ({name}): {kind} must be an http(s) URL, got {url!r}")
    include = raw.get("include")
    if include is not None:
        if not isinstance(include, str):
            raise ConfigError(f"{where} ({name}): include must be a regular expression string")
        try:
            re.compile(include)
        except re.error as e:
            raise ConfigError(f"{where} ({name}): include is not a valid regex: {e}") from None
    max_articles = raw.get("max_articles")
    if max_articles is not None and (not isinstance(max_articles, int) or max_articles <= 0):
        raise ConfigError(f"{where} ({name}): max_articles must be a positive integer")
    return Source(name=name, kind=kind, url=url, include=include, max_articles=max_articles)
