"""Values computed once per distinct word and kept across documents.

An article has thousands of tokens but a few hundred distinct words, and the
same words recur from article to article, so the passes that classify words
(the company rules' flags, whether a known alias can start at a word, the term
index's terms) compute each word once per process. Plain data and functions
only: no import from the rest of `transform`, so any of its modules can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress, repeat
from operator import is_
from typing import Any, TypeVar

V = TypeVar("V")


def per_word(tokens: Sequence[Any], cache: dict[object, V], compute: Callable[[Any], V],
             key: Callable[[Any], object], limit: int) -> list[V]:
    """`compute(token)` for every token, looked up in `cache` first.

    Words are keyed by `tokens.words` (tokens.Word: one object per distinct MeCab
    line, hashed by identity) when the list has them, else by `key(token)`. The
    look-ups run in one C loop; only the misses call `compute`. A miss is found by
    the KeyError it raises: a scan of the values for None compares every value with
    None the slow way (rich comparison), as much time again as the look-ups. The
    cache is emptied when it holds more than `limit` words, so a long run's memory
    stays bounded.
    """
    keys = getattr(tokens, "words", None) or list(map(key, tokens))
    try:  # every word seen before, the usual case: no scan of the values for None
        return list(map(cache.__getitem__, keys))
    except KeyError:
        pass
    values = list(map(cache.get, keys))
    if len(cache) > limit:
        cache.clear()
    # the misses' positions, found in C (a Python loop over every token cost more than
    # computing the few new words)
    for k in compress(range(len(values)), map(is_, values, repeat(None))):
        v = values[k] = cache.get(keys[k])  # an earlier miss may have been the same word
        if v is None:
            values[k] = cache[keys[k]] = compute(tokens[k])
    return values


class Memo(dict):
    """`compute(key)` for any key, computed at its first look-up and kept: read as
    ``memo[key]``.

    For the yes/no tests the passes ask of the same words again and again (is the
    surface all katakana?): even the smallest regex call costs some 2,000
    instructions, a dict look-up a twentieth of that. Emptied when it holds
    `limit` keys, so a long run's memory stays bounded.
    """

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[Any], Any], limit: int = 100_000):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value
