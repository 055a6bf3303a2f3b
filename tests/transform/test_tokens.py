"""Tokeniser: company user dictionary, offsets, cache behaviour."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import unidic_lite
from hypothesis import given, settings
from hypothesis import strategies as st

from transform import tokens as T
from transform.tokens import Token, tokenize

ROOT = Path(__file__).resolve().parents[2]


def _check_offsets(text: str, toks: list[Token]) -> None:
    last = 0
    for t in toks:
        assert t.start >= last
        assert t.end > t.start
        assert text[t.start : t.end] == t.surface
        last = t.end


@pytest.mark.parametrize(
    "sentence, surface, canonical",
    [
        ("米マイクロソフトは新しいデータセンターを建設する。", "マイクロソフト", "Microsoft"),
        ("ソフトバンクグループは追加出資を決めた。", "ソフトバンクグループ", "SoftBank Group"),
        ("OpenAIとの契約が11月に結ばれた。", "OpenAI", "OpenAI"),
        ("エヌビディアのGPUを大量に調達する。", "エヌビディア", "NVIDIA"),
        ("さくらインターネットが石狩の拠点を増強した。", "さくらインターネット", "Sakura Internet"),
        ("AWSと複数年の契約を結んだ。", "AWS", "Amazon"),
        ("ソフトバンクGの決算発表。", "ソフトバンクG", "SoftBank Group"),
        ("NTTデータとドコモが協業する。", "NTTデータ", "NTT Data"),
    ],
)
def test_company_aliases_are_single_tokens(sentence: str, surface: str, canonical: str) -> None:
    toks = tokenize(sentence)
    hits = [t for t in toks if t.surface == surface]
    assert hits, [t.surface for t in toks]
    assert hits[0].company == canonical
    assert hits[0].lemma == canonical
    assert hits[0].pos == "名詞,固有名詞,一般"


def test_ordinary_words_are_not_cut_by_short_aliases() -> None:
    # デル and シスコ are aliases; モデル and サンフランシスコ must stay whole words.
    for word in ("モデル", "サンフランシスコ", "インテリジェンス"):
        toks = tokenize(f"新しい{word}を発表した。")
        assert word in [t.surface for t in toks]


def test_non_company_tokens_have_no_company() -> None:
    toks = tokenize("同社は生成AIの開発を進めている。")
    assert all(t.company is None for t in toks)
    assert all(len(t.pos.split(",")) == 3 for t in toks)


def test_offsets_with_spaces_and_odd_characters() -> None:
    text = "  OpenAI と\u3000AWS は\n\nHugging Face、絵文字😀も Ð 含む\x00ヌル\ud800終わり "
    toks = tokenize(text)
    _check_offsets(text, toks)  # surfaces are slices of the input, odd characters included
    assert not any(t.surface.isspace() for t in toks)
    assert any(t.company == "Amazon" for t in toks)
    assert tokenize("") == []
    assert tokenize("   ") == []


def test_long_text() -> None:
    text = "エヌビディアはAI向け半導体の供給を拡大する。" * 5000
    toks = tokenize(text)
    assert toks[-1].end == len(text)
    assert sum(t.company == "NVIDIA" for t in toks) == 5000


def test_context_id_is_the_proper_noun_line() -> None:
    cid = T.context_id()
    lines = (Path(unidic_lite.DICDIR) / "left-id.def").read_text(encoding="utf-8").splitlines()
    assert f"{cid} {T.PROPER_NOUN}" in lines


def test_dictionary_rows_have_26_features() -> None:
    rows = T.dictionary_rows()
    assert len(rows) > 400
    for row in rows:
        fields = row.split(",")
        assert len(fields) == 4 + 26
        assert fields[4:7] == ["名詞", "固有名詞", "一般"]
        assert fields[-1] == T.MARKER
    by_surface = {r.split(",")[0]: r.split(",")[11] for r in rows}
    assert by_surface["マイクロソフト"] == "Microsoft"
    assert "米マイクロソフト" not in by_surface  # 米 stays its own token
    assert "Hugging Face" not in by_surface  # MeCab cannot match spaces


def test_dictionary_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AINEWS_CACHE_DIR", str(tmp_path / "cache"))
    first = T.dictionary_path()
    assert first.parent == tmp_path / "cache" and first.stat().st_size > 0
    mtime = first.stat().st_mtime_ns
    assert T.dictionary_path() == first
    assert first.stat().st_mtime_ns == mtime  # not rebuilt
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temp files left


def test_unwritable_cache_dir_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AINEWS_CACHE_DIR", str(blocker / "cache"))
    path = T.dictionary_path()
    assert path.is_file()
    assert not str(path).startswith(str(blocker))


def test_cache_dir_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AINEWS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert T.cache_dir() == tmp_path / "ainews"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert T.cache_dir() == Path(os.path.expanduser("~")) / ".cache" / "ainews"


def test_two_processes_build_concurrently_and_stdout_stays_clean(tmp_path: Path) -> None:
    env = dict(os.environ, AINEWS_CACHE_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    code = "from transform.tokens import tokenize; assert tokenize('エヌビディア')[0].company == 'NVIDIA'"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert out == b""  # mecab-dict-index progress must not reach stdout
        assert b"emitting" not in err
    assert len(list(tmp_path.glob("companies-*.dic"))) == 1
    assert not list(tmp_path.glob(".companies-*"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_tokenize_never_raises(text: str) -> None:
    toks = tokenize(text)
    last = 0
    for t in toks:
        assert last <= t.start < t.end <= len(text)
        assert len(t.surface) == t.end - t.start
        last = t.end


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["OpenAI", "と", "エヌビディア", " ", "、", "モデル", "AWS", "は", "。", "X", "社"]), max_size=30))
def test_offsets_match_slices(parts: list[str]) -> None:
    text = "".join(parts)
    _check_offsets(text, tokenize(text))


def test_words_stand_for_equal_tokens() -> None:
    """Passes cache per-word results by Tokens.words: tokens sharing a Word must be the same word."""
    text = "エヌビディアはAI向け半導体の供給を拡大する。エヌビディアは 米マイクロソフトと提携した。\n同社は出資する。"
    toks = tokenize(text)
    assert len(toks.words) == len(toks)
    seen: dict[int, Token] = {}
    for t, w in zip(toks, toks.words):
        first = seen.setdefault(id(w), t)
        assert (first.surface, first.lemma, first.pos, first.company) == (t.surface, t.lemma, t.pos, t.company)
    assert len(seen) < len(toks)  # は, エヌビディア, 。 recur
    assert tokenize("ヌル\x00文字").words is None  # surfaces are the text's, not MeCab's


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xFFFF, blacklist_categories=()), max_size=40))
def test_has_bad_chars_is_the_regex_answer(text: str) -> None:
    assert T._has_bad_chars(text) == (T._BAD_CHARS.search(text) is not None)
    assert T._has_bad_chars(text + "\ud800") and T._has_bad_chars("\x00" + text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["OpenAI", "と", "エヌビディア", " ", "  ", "\u3000", "\u00a0", "\t", "\n", "、", "モデル", "AWS",
                                 "は", "。", "X", "社", "3", "日", "\x00", "\ud800", "\u2003", "ｶﾞ", "EOS", "é", "😀"]), max_size=30))
def test_offsets_are_where_each_surface_is_found_next(parts: list[str]) -> None:
    """tokenize adds up MeCab's widths (skipped whitespace and surface) for the offsets:
    the same as finding each surface after the token before (the definition it replaced)."""
    text = "".join(parts)
    toks = tokenize(text)
    pos = 0
    for t in toks:
        assert text[t.start : t.end] == t.surface and not t.surface.isspace()
        assert text.find(t.surface, pos) == t.start
        pos = t.end
    assert not text[pos:].strip(" \t\n\u3000\u00a0\u2003\x00")
