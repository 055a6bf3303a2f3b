"""The term index: which content words an article uses, for keyword trends in SQL.

Japanese has no spaces and DuckDB's fts extension neither segments Japanese
nor installs offline, so terms come from fugashi: every content noun's lemma,
plus the compounds that adjacent nouns form (生成 + AI -> 生成AI, 資本 + 業務
+ 提携 -> 資本業務提携, and 生成AI inside 対話型生成AI), since analysts search
for compounds.
"""

from __future__ import annotations

import operator
import re
from collections import Counter

from transform.tokens import Token
from transform.word_cache import per_word

_CONTENT = ("名詞,普通名詞", "名詞,固有名詞")
_NOISE = re.compile(r"^[\d.,%~\-\s]+$|^[ぁ-ゖ]$|^[a-zA-Z]$")
MAX_COMPOUND = 4


# What each distinct word contributes: (is a content word, its term or None when
# too short). An article has thousands of tokens but a few hundred distinct words,
# so the POS test, the lemma split and the length check run once per word. Keyed by
# tokens.Word, else by (surface, lemma, pos, company): a gazetteer entry's term is
# its canonical name.
_word_cache: dict[object, tuple[bool, str | None]] = {}
_WORD_KEY = operator.itemgetter(0, 1, 2, 5)  # Token's surface, lemma, pos, company


def _word(t: Token) -> tuple[bool, str | None]:
    content = t.pos.startswith(_CONTENT) and not _NOISE.match(t.surface)
    if not content:
        return False, None
    term = t.company or t.lemma.split("-")[0] or t.surface
    return True, term if len(term) >= 2 else None


def _compounds(run: list[str], out: list[str]) -> None:
    """Every compound inside a run of adjacent nouns: 対話型生成AI -> 生成AI."""
    for n in range(2, min(len(run), MAX_COMPOUND) + 1):
        for i in range(len(run) - n + 1):
            out.append("".join(run[i:i + n]))


def terms(tokens: list[Token]) -> Counter[str]:
    """Counts of lemmas and noun compounds; single characters and numbers are left out."""
    hits = per_word(tokens, _word_cache, _word, _WORD_KEY, 200_000)
    found: list[str] = []  # every occurrence, counted at the end in one C loop
    append = found.append
    run: list[str] = []  # surfaces of adjacent content words
    run_end = -1
    for t, (content, term) in zip(tokens, hits):
        if term is not None:
            append(term)
        if content:
            if run and run_end == t.start:
                run.append(t.surface)
            else:
                if len(run) > 1:
                    _compounds(run, found)
                run = [t.surface]
            run_end = t.end
        elif run:
            if len(run) > 1:
                _compounds(run, found)
            run = []
    if len(run) > 1:
        _compounds(run, found)
    return Counter(found)
