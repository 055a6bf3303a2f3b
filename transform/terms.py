"""The term index: which content words an article uses, for keyword trends in SQL.

Japanese has no spaces and DuckDB's fts extension neither segments Japanese
nor installs offline, so terms come from fugashi: every content noun's lemma,
plus the compounds that adjacent nouns form (生成 + AI -> 生成AI, 資本 + 業務
+ 提携 -> 資本業務提携, and 生成AI inside 対話型生成AI), since analysts search
for compounds.
"""

from __future__ import annotations

import re
from collections import Counter

from transform.tokens import Token

_CONTENT = ("名詞,普通名詞", "名詞,固有名詞")
_NOISE = re.compile(r"^[\d.,%~\-\s]+$|^[ぁ-ゖ]$|^[a-zA-Z]$")
MAX_COMPOUND = 4


def _content(t: Token) -> bool:
    key = (t.pos, t.surface)
    hit = _content_cache.get(key)
    if hit is None:
        hit = _content_cache[key] = t.pos.startswith(_CONTENT) and not _NOISE.match(t.surface)
        if len(_content_cache) > 200_000:
            _content_cache.clear()
    return hit


# An article has thousands of tokens but a few hundred distinct (pos, surface) pairs.
_content_cache: dict[tuple[str, str], bool] = {}


def terms(tokens: list[Token]) -> Counter[str]:
    """Counts of lemmas and noun compounds; single characters and numbers are left out."""
    counts: Counter[str] = Counter()
    run: list[Token] = []
    for t in [*tokens, None]:
        content = t is not None and _content(t)
        if content:
            term = t.company or t.lemma.split("-")[0] or t.surface
            if len(term) >= 2:
                counts[term] += 1
            if run and run[-1].end == t.start:
                run.append(t)
                continue
        for n in range(2, min(len(run), MAX_COMPOUND) + 1):  # every compound inside the run: 対話型生成AI -> 生成AI
            for i in range(len(run) - n + 1):
                counts["".join(x.surface for x in run[i:i + n])] += 1
        run = [t] if content else []
    return counts
