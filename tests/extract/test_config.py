from __future__ import annotations

import pytest

from extract.config import default_sources_path, load_sources, parse_sources
from extract.errors import ConfigError

GOOD = """
[fetch]
user_agent = "test-agent"
timeout_s = 5
per_host_concurrency = 3
allow_private = ["127.0.0.1", "10.0.0.0/8"]

[[sources]]
name = "bj"
feed = "https://example.jp/index.xml"
include = "/\\\\d{4}/\\\\d{2}/post_"

[[sources]]
name = "maps"
sitemap = "https://example.jp/sitemap.xml"
"""


def test_full_sources_file_parses_into_typed_settings():
    cfg = parse_sources(GOOD)
    assert cfg.fetch.user_agent == "test-agent"
    assert cfg.fetch.timeout_s == 5
    assert cfg.fetch.per_host_concurrency == 3
    assert cfg.fetch.allow_private == ("127.0.0.1", "10.0.0.0/8")
    assert [(s.name, s.kind) for s in cfg.sources] == [("bj", "feed"), ("maps", "sitemap")]
    assert cfg.sources[0].accepts("https://example.jp/2025/11/post_123.html")
    assert not cfg.sources[0].accepts("https://example.jp/about.html")


def test_bundled_live_defaults_parse_and_include_business_journal():
    cfg = load_sources(default_sources_path())
    feeds = {s.url for s in cfg.sources}
    assert "https://biz-journal.jp/index.xml" in feeds
    assert len(cfg.sources) >= 4
    assert cfg.fetch.allow_private == ()


@pytest.mark.parametrize("text, message", [
    ("[fetch]\nper_host_concurency = 2\n[[sources]]\nname='a'\nfeed='https://x/'", "unknown key"),
    ("[[sources]]\nname='a'\nfeed='https://x/'\nsitemap='https://x/s.xml'", "exactly one"),
    ("[[sources]]\nname='a'\nfeed='ftp://x/'", "http(s) URL"),
    ("[[sources]]\nname='a'\nfeed='https://x/'\ninclude='('", "not a valid regex"),
    ("[[sources]]\nname='a'\nfeed='https://x/'\n[[sources]]\nname='a'\nfeed='https://y/'", "duplicate"),
    ("[fetch]\ntimeout_s = -1\n[[sources]]\nname='a'\nfeed='https://x/'", "positive"),
    ("[fetch]\ntimeout_s = 'fast'\n[[sources]]\nname='a'\nfeed='https://x/'", "wrong type"),
    ("[fetch]\nallow_private = ['10.0.0.0/33']\n[[sources]]\nname='a'\nfeed='https://x/'", "not a network"),
    ("[fetch]\n", "no [[sources]]"),
    ("this is = = not toml", "not valid TOML"),
])
def test_bad_sources_file_is_a_clear_config_error(text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse_sources(text)


def test_missing_sources_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_sources(tmp_path / "nope.toml")
