"""per_word: each distinct word is computed once per process, whatever mix of hits and misses."""

from __future__ import annotations

from transform.word_cache import per_word


def test_misses_are_computed_once_and_hits_are_looked_up() -> None:
    calls: list[str] = []

    def compute(word: str) -> int:
        calls.append(word)
        return len(word) if word != "zero" else 0  # a falsy value is still a value

    cache: dict[object, int] = {"a": 1}
    words = ["a", "bb", "zero", "bb", "a", "ccc", "zero"]
    assert per_word(words, cache, compute, lambda w: w, 100) == [1, 2, 0, 2, 1, 3, 0]
    assert calls == ["bb", "zero", "ccc"]  # "a" was cached; repeats of a miss computed once
    assert per_word(words, cache, compute, lambda w: w, 100) == [1, 2, 0, 2, 1, 3, 0]
    assert calls == ["bb", "zero", "ccc"]  # all hits now


def test_a_full_cache_is_emptied_before_it_grows_further() -> None:
    cache: dict[object, int] = {i: i for i in range(10)}
    assert per_word(["x"], cache, len, lambda w: w, 5) == [1]
    assert cache == {"x": 1}
