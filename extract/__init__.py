"""Discovery, polite fetching and article extraction: web pages in, `Article` records out."""

from extract.errors import ConfigError, FetchError
from extract.records import Article, FetchResult, Link

__all__ = ["Article", "ConfigError", "FetchError", "FetchResult", "Link"]
