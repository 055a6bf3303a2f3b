"""Text normalisation and sentence splitting for Japanese news text.

Every later parser (money, dates, companies) works on the output of
`normalize_text`, so its rules are the ones those parsers may rely on:
ASCII digits and Latin letters, one tilde for ranges, one hyphen for dashes,
no invisible characters, single spaces, and "\\n" between paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["Sentence", "normalize_text", "split_sentences"]

# Wave dashes and tildes all mean "from ... to" in Japanese ranges (174億〜194億).
# U+FF5E (full-width tilde) already becomes "~" under NFKC; the rest do not.
_WAVES = "\u301c\u3030\u223c\u2053\u02dc\uff5e"
# Dashes that appear between numbers. The em dash / horizontal bar (—, ―) are
# punctuation in Japanese prose, and ー is part of katakana words: left alone.
_DASHES = "\u2010\u2011\u2012\u2013\u2212\ufe63\u2043"
_TRANSLATE = {ord(c): "~" for c in _WAVES} | {ord(c): "-" for c in _DASHES}
# Invisible characters that split words for regexes but carry no meaning.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_TRANSLATE |= {ord(c): None for c in _ZERO_WIDTH}
# Other line separators become ordinary newlines.
_TRANSLATE |= {ord(c): "\n" for c in "\r\u2028\u2029\x0b\x0c\x85"}

# str.translate looks up every character of a Japanese text in the table (0.3 ms
# for 4,000); a regex finds the few that need it in a fortieth of that.
_TO_TRANSLATE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_REPLACEMENT = {chr(c): to or "" for c, to in _TRANSLATE.items()}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline
_SPACE_AROUND_NL = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n\n\n+")  # not \n{3,}: re scans for a literal start, not for a repeat


def _nfkc(s: str) -> str:
    """unicodedata.normalize("NFKC", s), a line at a time when `s` is not NFKC already.

    CPython returns an NFKC text as it is after a quick check (0.01 ms for 4,000
    characters), but one character to change (a full-width ～ or digit) makes it
    normalise the whole text (0.9 ms). Normalising only the lines that need it gives
    the same string: "\n" decomposes to itself, has combining class 0 and composes
    with nothing, so no step of NFKC crosses it.
    """
    if unicodedata.is_normalized("NFKC", s):
        return s
    return "\n".join([unicodedata.normalize("NFKC", line) for line in s.split("\n")])


def normalize_text(s: str) -> str:
    """Return `s` in the canonical form the parsers expect.

    NFKC turns full-width digits, Latin letters and brackets into ASCII and
    half-width katakana into full-width; kanji numerals are kept (money.py
    reads them). Tildes/wave dashes become "~" and range dashes "-". Runs of
    spaces and tabs collapse to one space; paragraphs stay separated by "\\n"
    (at most one blank line).
    """
    s = s.replace("\r\n", "\n")
    s = _nfkc(s)
    s = _TO_TRANSLATE.sub(lambda m: _REPLACEMENT[m.group()], s)
    s = _CONTROL.sub("", s)
    # By now the only whitespace besides " " and "\n" can be a tab or U+1680 (NFKC
    # makes the other spaces " ", the table the other line breaks "\n", and
    # _CONTROL drops U+001C-U+001F): without those and "  ", _SPACES would change
    # nothing, and str searches say so faster than its scan.
    if "  " in s or "\t" in s or "\u1680" in s:
        s = _SPACES.sub(" ", s)
    # These two rewrite every newline they visit; a str search tells when one would change the text.
    if " \n" in s or "\n " in s:
        s = _SPACE_AROUND_NL.sub("\n", s)
    if "\n\n\n" in s:
        s = _BLANK_LINES.sub("\n\n", s)
    return s.strip()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; `text == source[start:end]`."""

    text: str
    start: int
    end: int


# "[…][…]*", not "[…]+": re scans quickly only for a pattern that opens with a
# character class, and tries one that opens with a repeat at every position.
_TERMINATOR_RUN = re.compile("[。!?！？][。!?！？]*")
_CLOSERS = {"」": "「", "』": "『", ")": "(", "）": "（", "】": "【"}
_OPENERS = frozenset(_CLOSERS.values())
_BRACKET = re.compile("[" + re.escape("".join(_CLOSERS) + "".join(_OPENERS)) + "]")


def _protected(brackets: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Spans of matched bracket pairs among one line's brackets (offset, character).

    Only *matched* pairs protect their content, so a stray "(" cannot glue
    the rest of a paragraph into one sentence.
    """
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for i, c in brackets:
        if c in _OPENERS:
            stack.append((c, i))
        else:
            want = _CLOSERS[c]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == want:
                    spans.append((stack[k][1], i + 1))
                    del stack[k:]
                    break
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b - 1 for a, b in spans)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` on 。！？!? and newlines, but not inside 「」『』（）() 【】.

    Runs of terminators ("!?", "。。") stay with their sentence: a run ends a
    sentence at its first terminator outside brackets. Surrounding whitespace is
    trimmed; offsets point into `text` as given.

    Neither a bracket nor a run of terminators holds a line break, so each is
    found by one scan of the whole text and dealt out to the lines, not by two
    scans per line (an article has dozens of lines and a call costs as much as
    its scan).
    """
    out: list[Sentence] = []
    brackets = [(m.start(), m.group()) for m in _BRACKET.finditer(text)]
    runs = [m.span() for m in _TERMINATOR_RUN.finditer(text)]
    nb, nr = len(brackets), len(runs)
    b = r = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        k = b
        while k < nb and brackets[k][0] < end:
            k += 1
        spans = _protected(brackets[b:k]) if k > b else []
        b = k
        start = pos
        while r < nr and runs[r][0] < end:
            a, z = runs[r]
            r += 1
            if not spans or any(not _inside(i, spans) for i in range(a, z)):
                _append(out, text, start, z)
                start = z
        _append(out, text, start, end)
        pos = end + 1
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def trigger_windows(text: str, trigger: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged windows of `text` around each match of `trigger`.

    Money and date parsers run their large patterns only inside these windows:
    scanning for a few literal words is far cheaper than trying a pattern at
    every offset.
    """
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(text):
        a, b = max(0, m.start() - before), min(len(text), m.end() + after)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def starting_with(chars: str, pattern: str, flags: int = 0, pairs: Iterable[str] = ()) -> re.Pattern[str]:
    """`pattern`, tried only where the text has one of `chars`, which must hold the
    first character of every match the pattern can make.

    Patterns that open with lookbehinds or dozens of alternatives are tried in
    full by Python's re at every position of the text; the lookahead turns most
    positions away at once (deal types, amounts and dates ran 35-75% faster, with
    the same matches).

    A character too common to list (the particles に, の, を, と) that starts only a
    few alternatives goes into `pairs` with the character after it instead (に採
    for に採用): the pattern is then tried where one of `chars` or of `pairs` (plain
    characters, no regex syntax) starts, and not at every particle.
    """
    lead = f"[{chars}]" + "".join(f"|{p}" for p in pairs)
    return re.compile(f"(?={lead})(?:{pattern})", flags)


_LEAD = re.compile(r"\(\?=\[([^\]]+)\]((?:\|[^|()]+)*)\)")  # the lookahead starting_with() puts first


def any_of(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` (each made by starting_with)
    does, behind one lookahead of all their first characters and pairs: a text with
    none of them is turned away by one scan instead of one per pattern."""
    patterns = list(patterns)
    leads = [_LEAD.match(p.pattern) for p in patterns]
    chars = "".join(sorted({c for m in leads for c in m.group(1)}))
    pairs = sorted({q for m in leads for q in m.group(2).split("|") if q})
    return starting_with(chars, "|".join(f"(?:{p.pattern})" for p in patterns), pairs=pairs)


def occurs(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """`pattern.search(text) is not None` for a pattern made by starting_with, faster.

    re tries a pattern that opens with a lookahead in full at every position of the
    text; one that opens with a character class it scans for, and tries only where
    the class matches. So the text is scanned for `chars` by "[chars]", which then
    requires `pattern` to match where that character stands (a lookahead inside a
    one-character lookbehind). The pairs' first characters are left out of the
    class (they are common particles: a scan would stop at every other one); the
    full pattern runs only in a text where one of the pairs occurs.
    """
    lead = _LEAD.match(pattern.pattern)
    at_chars = re.compile(f"[{lead.group(1)}](?<=(?={pattern.pattern})[\\s\\S])", pattern.flags)
    pairs = tuple(p for p in lead.group(2).split("|") if p)

    def found(text: str) -> bool:
        return at_chars.search(text) is not None or (
            any(p in text for p in pairs) and pattern.search(text) is not None)

    return found
