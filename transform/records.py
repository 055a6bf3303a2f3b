"""Records that leave the transform stage. Defined once, frozen."""

from __future__ import annotations

from dataclasses import dataclass

from transform.money import Amount

DEAL_TYPES = ("partnership", "investment", "acquisition", "contract")
DEAL_STATUSES = ("announced", "rumor", "denied")


@dataclass(frozen=True, slots=True)
class Party:
    name: str  # canonical (English) for gazetteer companies, the surface name otherwise
    role: str | None = None  # investor | investee | acquirer | target | buyer | seller | partner
    known: bool = True


@dataclass(frozen=True, slots=True)
class Deal:
    type: str
    parties: tuple[Party, ...]
    amount: Amount | None
    date: str | None  # YYYY-MM-DD | YYYY-MM | YYYY
    evidence: str
    status: str = "announced"

    def to_json(self) -> dict:
        out: dict = {
            "type": self.type,
            "parties": [p.name for p in self.parties],
            "amount": self.amount.to_json() if self.amount else None,
            "date": self.date,
            "evidence": self.evidence,
            "status": self.status,
        }
        roles = {p.name: p.role for p in self.parties if p.role}
        if roles:
            out["roles"] = roles
        return out


@dataclass(frozen=True, slots=True)
class MentionedCompany:
    name: str
    known: bool
    mentions: int


@dataclass(frozen=True, slots=True)
class TaggedDocument:
    companies: tuple[MentionedCompany, ...]
    deals: tuple[Deal, ...]
    tagger_version: str
    terms: tuple[tuple[str, int], ...] = ()  # content-word lemmas and noun compounds with counts
