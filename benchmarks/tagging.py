"""Tagging speed: milliseconds per 4,000-character article, against fugashi alone, in one run.

    python benchmarks/tagging.py [--repeat 20]

The articles are the sample site's articles joined end to end and cut into
4,000-character pieces (dense news prose: several deals and a dozen companies
per piece). Each figure is the best of --repeat passes over all pieces, so a
busy machine inflates it as little as possible. Issue #3's target is < 20 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows import site  # noqa: E402
from transform.companies import find_companies  # noqa: E402
from transform.deals import find_deals  # noqa: E402
from transform.normalize import normalize_text  # noqa: E402
from transform.tagger import tag_document  # noqa: E402
from transform.terms import terms  # noqa: E402
from transform.tokens import _tagger, tokenize  # noqa: E402

SIZE = 4000


def pieces() -> list[str]:
    text = "\n".join(a.body.replace(site.PAGE_BREAK, "") for a in site.load_articles())
    return [text[i:i + SIZE] for i in range(0, len(text) - SIZE + 1, SIZE)]


def best_ms(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, (time.perf_counter() - started) / len(docs))
    return best * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    docs = pieces()
    norm = [normalize_text(d) for d in docs]
    tokens = {d: tokenize(d) for d in norm}
    mentions = {d: find_companies(d, tokens=tokens[d]) for d in norm}
    tag_document(docs[0])
    mecab = _tagger()

    total = best_ms(tag_document, docs, args.repeat)
    print(f"{len(docs)} articles of {SIZE} characters, best of {args.repeat} passes")
    print(f"tag_document (everything):        {total:6.1f} ms per article   target < 20 ms: "
          f"{'met' if total < 20 else 'NOT met'}")
    print(f"  MeCab parse alone (the floor):  {best_ms(mecab.parse, norm, args.repeat):6.1f} ms")
    print(f"  normalise:                      {best_ms(normalize_text, docs, args.repeat):6.1f} ms")
    print(f"  tokenise (MeCab + tokens):      {best_ms(tokenize, norm, args.repeat):6.1f} ms")
    print(f"  companies (given tokens):       "
          f"{best_ms(lambda d: find_companies(d, tokens=tokens[d]), norm, args.repeat):6.1f} ms")
    print(f"  deals (given companies):        "
          f"{best_ms(lambda d: find_deals(d, None, mentions=mentions[d]), norm, args.repeat):6.1f} ms")
    print(f"  term index (given tokens):      {best_ms(lambda d: terms(tokens[d]), norm, args.repeat):6.1f} ms")


if __name__ == "__main__":
    main()
