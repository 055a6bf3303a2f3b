"""Deal-level scoring of the tagger against labelled articles.

A predicted deal matches a gold deal when the Jaccard overlap of their party
sets is at least 0.5 (pairs are matched greedily, best overlap first, each
deal used once). On matched deals: type accuracy; amount accuracy (both
absent, or same currency and value within 2%); date accuracy (same string,
both absent counting as right); and role accuracy, over the roles the gold
deal gives (a party the text shows as investor, target, buyer...), the share
the predicted deal gives the same party.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

MATCH_JACCARD = 0.5
AMOUNT_TOLERANCE = 0.02


@dataclass(frozen=True, slots=True)
class ItemScore:
    id: str
    gold: int
    predicted: int
    matched: int
    type_ok: int
    amount_ok: int
    date_ok: int
    roles: int = 0  # roles the matched gold deals give
    role_ok: int = 0
    misses: tuple[str, ...] = ()  # short descriptions of errors, for dev-set reading


@dataclass(slots=True)
class Score:
    items: list[ItemScore] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(i, name) for i in self.items)

    @property
    def precision(self) -> float:
        return self._sum("matched") / max(1, self._sum("predicted"))

    @property
    def recall(self) -> float:
        return self._sum("matched") / max(1, self._sum("gold"))

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def accuracy(self, name: str) -> float:
        return self._sum(name) / max(1, self._sum("matched"))

    def report(self) -> dict[str, float | int]:
        return {
            "items": len(self.items), "gold_deals": self._sum("gold"), "predicted_deals": self._sum("predicted"),
            "matched": self._sum("matched"), "precision": round(self.precision, 4),
            "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "type_accuracy": round(self.accuracy("type_ok"), 4),
            "amount_accuracy": round(self.accuracy("amount_ok"), 4),
            "date_accuracy": round(self.accuracy("date_ok"), 4),
            "role_accuracy": round(self._sum("role_ok") / max(1, self._sum("roles")), 4),
        }


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def amount_matches(pred: dict | None, gold: dict | None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    if pred.get("currency") != gold.get("currency"):
        return False
    g, p = float(gold.get("value") or 0), float(pred.get("value") or 0)
    return abs(p - g) <= AMOUNT_TOLERANCE * max(abs(g), 1.0)


def score_item(item_id: str, predicted: list[dict], gold: list[dict]) -> ItemScore:
    # Best overlap first; among equal overlaps, pairs of the same type first.
    pairs = sorted(((jaccard(p["parties"], g["parties"]), p["type"] == g["type"], -i, -j)
                    for i, p in enumerate(predicted) for j, g in enumerate(gold)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = type_ok = amount_ok = date_ok = roles = role_ok = 0
    misses: list[str] = []
    for overlap, _same_type, ni, nj in pairs:
        i, j = -ni, -nj
        if overlap < MATCH_JACCARD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        p, g = predicted[i], gold[j]
        matched += 1
        if p["type"] == g["type"]:
            type_ok += 1
        else:
            misses.append(f"type {p['type']} != {g['type']} {g['parties']}")
        if amount_matches(p.get("amount"), g.get("amount")):
            amount_ok += 1
        else:
            misses.append(f"amount {p.get('amount')} != {g.get('amount')} {g['parties']}")
        if p.get("date") == g.get("date"):
            date_ok += 1
        else:
            misses.append(f"date {p.get('date')} != {g.get('date')} {g['parties']}")
        given = p.get("roles") or {}
        for name, role in (g.get("roles") or {}).items():
            roles += 1
            if given.get(name) == role:
                role_ok += 1
            else:
                misses.append(f"role of {name} {given.get(name)} != {role} ({g['type']} {g['parties']})")
    for j, g in enumerate(gold):
        if j not in used_g:
            misses.append(f"missed {g['type']} {g['parties']}")
    for i, p in enumerate(predicted):
        if i not in used_p:
            misses.append(f"spurious {p['type']} {p['parties']}")
    return ItemScore(item_id, len(gold), len(predicted), matched, type_ok, amount_ok, date_ok, roles, role_ok,
                     tuple(misses))
