"""Japanese tokenisation with fugashi/UniDic plus a company user dictionary.

Out of the box UniDic splits マイクロソフト into マイクロ+ソフト and tags OpenAI as an
unknown common noun, so every gazetteer alias is compiled into a MeCab user
dictionary whose entries are 固有名詞 carrying the canonical company name in the
lemma feature. Compiling takes a few hundred milliseconds, so the ``.dic`` is
cached on disk (keyed by a hash of the gazetteer, the generated rows and the
UniDic/fugashi versions) and the Tagger is cached per process.

Input is expected NFKC-normalised (the caller's job), as are the aliases.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shlex
import sys
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

import fugashi
import unidic_lite

from .companies import DEFAULT_PATH, Gazetteer, matchable_aliases

# Bump when the row layout or the cost formula changes (invalidates caches).
DICT_FORMAT = "3"
# Marks our entries: the last UniDic feature (aModType; fugashi names it aModeType).
MARKER = "ainews"
PROPER_NOUN = "名詞,固有名詞,一般,*,*,*,*,*,*"

_lock = threading.RLock()


class Token(NamedTuple):
    """One word. A named tuple: an article has thousands, and building a frozen
    dataclass costs twice as much."""

    surface: str
    lemma: str
    pos: str  # first three UniDic POS fields, e.g. "名詞,固有名詞,一般"
    start: int  # character offsets into the input text
    end: int
    company: str | None  # canonical name when the token is a gazetteer entry


class Word:
    """One distinct word of MeCab's output (one output line), the same object
    wherever the word recurs. Passes that compute something per word key their
    caches by it: it hashes by identity, where a (surface, lemma, pos) key costs a
    new tuple and its hashing at every token."""

    __slots__ = ()


class Tokens(list):
    """What tokenize returns: the list of Token, and ``words``, the Word of each
    token (None when the text had characters MeCab cannot read, whose tokens'
    surfaces are the text's own and may differ from their word's)."""

    __slots__ = ("words",)


def context_id(dicdir: str | Path = unidic_lite.DICDIR) -> int:
    """Context id of 名詞,固有名詞,一般 looked up in left-id.def (must equal right-id.def)."""
    ids = []
    for name in ("left-id.def", "right-id.def"):
        with open(Path(dicdir) / name, encoding="utf-8") as f:
            for line in f:
                num, _, feat = line.rstrip("\n").partition(" ")
                if feat == PROPER_NOUN:
                    ids.append(int(num))
                    break
            else:
                raise RuntimeError(f"{PROPER_NOUN} not found in {name} of {dicdir}")
    if ids[0] != ids[1]:
        raise RuntimeError(f"left/right context ids differ for {PROPER_NOUN}: {ids}")
    return ids[0]


def entry_cost(surface: str) -> int:
    """Word cost: low enough that the alias beats a split, not so low that a short
    alias cuts a longer word apart (シスコ inside サンフランシスコ)."""
    n = len(surface)
    if n <= 2:
        return 3000
    if n == 3:
        return 1000
    return max(-12000, 1000 - 1500 * (n - 3))


def _mecab_surface(alias: str) -> bool:
    """MeCab matches a user entry only as one run of text: no spaces, and no
    commas or quotes, which the CSV format would need escaped."""
    return bool(alias) and not re.search(r"[\s,\"()\[\]]", alias)


def dictionary_rows(gaz: Gazetteer | None = None, cid: int | None = None) -> list[str]:
    """CSV rows ``surface,left,right,cost,`` + 26 UniDic features, one per alias."""
    gaz = Gazetteer.load() if gaz is None else gaz
    cid = context_id() if cid is None else cid
    rows = []
    for alias, company in sorted(matchable_aliases(gaz).items()):
        if not _mecab_surface(alias):
            continue
        lemma = company.canonical.replace(",", " ").replace('"', "")
        feats = ["名詞", "固有名詞", "一般", "*", "*", "*", "*", lemma, alias, "*", alias, "*", "固"]
        feats += ["*"] * 12 + [MARKER]
        rows.append(f"{alias},{cid},{cid},{entry_cost(alias)}," + ",".join(feats))
    return rows


def cache_dir() -> Path:
    """$AINEWS_CACHE_DIR, else $XDG_CACHE_HOME/ainews, else ~/.cache/ainews."""
    if os.environ.get("AINEWS_CACHE_DIR"):
        return Path(os.environ["AINEWS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ainews"


def _writable_dir(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".probe-", delete=True)
        probe.close()
        return True
    except OSError:
        return False


def _pick_cache_dir() -> Path:
    preferred = cache_dir()
    if _writable_dir(preferred):
        return preferred
    # Shared /tmp: a per-user directory we own, else a private fresh one.
    shared = Path(tempfile.gettempdir()) / f"ainews-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        shared.mkdir(mode=0o700, exist_ok=True)
        st = shared.lstat()
        if not shared.is_symlink() and (not hasattr(os, "getuid") or st.st_uid == os.getuid()) and _writable_dir(shared):
            return shared
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="ainews-cache-"))


class _Silenced:
    """mecab-dict-index prints progress on fds 1 and 2; `ainews tag` writes JSON on stdout."""

    def __enter__(self):
        for s in (sys.stdout, sys.stderr):
            try:
                s.flush()
            except Exception:
                pass
        self._saved = []
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for fd in (1, 2):
                self._saved.append((fd, os.dup(fd)))
                os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        return self

    def __exit__(self, *exc):
        for fd, saved in self._saved:
            os.dup2(saved, fd)
            os.close(saved)
        return False


def build_user_dictionary(rows: list[str], out: Path, dicdir: str = unidic_lite.DICDIR) -> None:
    """Compile rows into ``out`` atomically (temp file in the same dir + os.replace)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, csv_path = tempfile.mkstemp(dir=out.parent, prefix=".companies-", suffix=".csv")
    tmp_dic = csv_path[:-4] + ".dic"
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
        cmd = " ".join(
            ["mecab-dict-index", "-d", shlex.quote(str(dicdir)), "-u", shlex.quote(tmp_dic),
             "-f", "utf-8", "-t", "utf-8", shlex.quote(csv_path)]
        )
        with _lock, _Silenced():
            fugashi.build_dictionary(cmd)
        os.replace(tmp_dic, out)
    finally:
        for p in (csv_path, tmp_dic):
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass


def _unidic_version() -> str:
    try:
        ver = (Path(unidic_lite.DICDIR) / "version").read_text().strip()
    except OSError:
        ver = "?"
    return f"unidic-lite {getattr(unidic_lite, '__version__', '')} {ver} fugashi {getattr(fugashi, '__version__', '')}"


def dictionary_path() -> Path:
    """Path of the compiled user dictionary, building it on first use."""
    rows = dictionary_rows()
    h = hashlib.sha256()
    for part in (DICT_FORMAT, _unidic_version(), DEFAULT_PATH.read_bytes().decode("utf-8"), "\n".join(rows)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    name = f"companies-{h.hexdigest()[:16]}.dic"
    d = _pick_cache_dir()
    out = d / name
    if not out.is_file() or out.stat().st_size == 0:
        build_user_dictionary(rows, out)
    return out


# One line per token, fields split by tabs: the surface with the whitespace
# MeCab skipped before it (%M), the surface's length in UTF-8 bytes, the first
# three POS fields, lemma and aModType (our MARKER on gazetteer entries). Unknown
# words have no lemma. The EOS line keeps fugashi from stripping the last line's
# empty fields. Reading this one string is about three times cheaper than asking
# fugashi for each node's surface and features, and the skipped whitespace it
# includes makes each token's offset a running sum, not a search of the text.
_NODE_FORMAT = r"%M\t%pl\t%f[0],%f[1],%f[2]\t%f[7]\t%f[25]\n"
_UNK_FORMAT = r"%M\t%pl\t%f[0],%f[1],%f[2]\t\t\n"


@functools.lru_cache(maxsize=1)
def _tagger() -> fugashi.GenericTagger:
    dicdir = unidic_lite.DICDIR
    args = ["-d", dicdir, "-r", os.path.join(dicdir, "mecabrc"), "-u", str(dictionary_path()),
            "-O", "", f"--node-format={_NODE_FORMAT}", f"--unk-format={_UNK_FORMAT}", "--eos-format=EOS",
            "--bos-format="]
    return fugashi.GenericTagger(" ".join(shlex.quote(a) for a in args))


_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
# Characters MeCab may not see as part of a token: the line format needs them absent.
_FORMAT_BREAKERS = "\t\n\r\x0b\x0c"


def _has_bad_chars(text: str) -> bool:
    """Whether _BAD_CHARS occurs, without a regex scan: str's own search finds a NUL,
    and encoding fails on a surrogate (with the replaces below, a fifth of the time of
    the two regex passes over a 4,000-character text)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@functools.lru_cache(maxsize=4096)
def _pos_fields(pos3: str) -> str:
    """MeCab prints UniDic's '*' (no value) as an empty field: put it back."""
    return ",".join(f or "*" for f in pos3.split(","))


def _read_line(line: str) -> tuple[str, str, str | None, str | None, Word, int, int]:
    """(surface, lemma, pos, company, word, width, length) of one output line; pos is
    None for blanks. width counts the characters from the end of the token before
    (the skipped whitespace and the surface), length those of the surface."""
    spaced, nbytes, pos3, lemma, mark = line.split("\t")
    raw = spaced.encode("utf-8")
    surface = raw[len(raw) - int(nbytes):].decode("utf-8")
    blank = surface.isspace()
    return (surface, lemma or surface, None if blank else _pos_fields(pos3), lemma if mark == MARKER else None, Word(),
            len(spaced), len(surface))


# Output lines repeat (は, 、, the same names): each is read once per process.
_line_cache: dict[str, tuple[str, str, str | None, str | None, Word, int, int]] = {}


def tokenize(text: str) -> Tokens:
    """Tokenise ``text``; offsets index the given string, whitespace is skipped."""
    tokens = Tokens()
    if not text:
        tokens.words = []
        return tokens
    # MeCab reads a C string (NUL ends it) in UTF-8 (lone surrogates cannot be
    # encoded): replace such characters one-for-one so offsets stay valid.
    # Tabs and line breaks are never inside a token; as spaces they cannot
    # break the line format either.
    bad = _has_bad_chars(text)
    clean = _BAD_CHARS.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text) if bad else text
    for ch in _FORMAT_BREAKERS:
        if ch in clean:
            clean = clean.replace(ch, " ")
    with _lock:
        out = _tagger().parse(clean)
    append = tokens.append
    words: list[Word] = []
    add_word = words.append
    lines = _line_cache
    new = tuple.__new__
    pos = 0
    for line in out.split("\n"):
        info = lines.get(line)
        if info is None:
            if line == "EOS":
                break
            info = lines[line] = _read_line(line)
            if len(lines) > 200_000:
                lines.clear()
        surface, lemma, pos3, company, word, width, length = info
        # Every character is in a token or in the whitespace MeCab skipped before one.
        end = pos = pos + width
        start = end - length
        if pos3 is None:  # UniDic tags U+3000 as 空白: not a word
            continue
        append(new(Token, (text[start:end] if bad else surface, lemma, pos3, start, end, company)))
        add_word(word)
    tokens.words = None if bad else words
    return tokens
