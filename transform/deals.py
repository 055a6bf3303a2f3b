"""Rule-based deal tagging: who did what with whom, for how much, and when.

The unit is the sentence. A sentence with a deal word (買収, 出資, 契約, 提携,
...) and the companies in it make deals; the subject (the company marked by
は/が, or 同社 resolved to the last subject) is paired with each counterparty,
except for funding rounds, consortia and joint ventures, which are one deal
with all their members. Amounts come from the same clause, or from a
following sentence that states the deal's value (契約額は…); amounts that are
financial metrics (売上高, 時価総額, ...) or totals across several
counterparties are never attached. The same deal found twice in one article
(headline and body, or repeated) is merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from transform.companies import CompanyMention, find_companies
from transform.dates import DateMention, find_dates
from transform.money import Amount, find_amounts, non_deal_reason
from transform.normalize import Sentence, split_sentences
from transform.records import Deal, Party

# Deal words per type, strongest first. 資本業務提携 is an investment (the
# product rule), so investment words are tried before partnership words.
_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("investment", re.compile(r"資本業務提携|資本提携|資本参加")),
    ("acquisition", re.compile(r"買収|子会社化|完全子会社|TOB|株式公開買い付け|公開買付|傘下に(収め|入れ|入る)|"
                               r"経営統合|合併|事業を(譲り受け|取得)|株式を?取得|買い取")),
    ("investment", re.compile(r"出資|資金調達|資金を調達|増資|第三者割当|投資(する|した|し、|を行|を決め)|"
                              r"億円を調達|億ドルを調達|万円を調達|を調達した|ラウンド|シリーズ[A-H]")),
    ("contract", re.compile(r"契約|受注|発注|調達する|購入|供給する|導入を決め|採用を決め|利用する(こと|と)で合意|"
                            r"合意した")),
    ("partnership", re.compile(r"提携|協業|連携|共同開発|共同研究|パートナーシップ|協力(する|し|して|関係)|"
                               r"基本合意|覚書|MOU|手を組")),
)
_GROUP_DEAL = re.compile(r"合弁|共同出資|コンソーシアム|連合|ジョイントベンチャー|共同で設立|新会社を設立")
_FUNDING_ROUND = re.compile(r"資金調達|資金を調達|を調達|第三者割当|ラウンド|シリーズ[A-H]|引受先|引き受け")
_RUMOR = re.compile(r"と報じ|報道によると|関係者によると|関係者の話|検討して|交渉して|協議して|ことが分かった|"
                    r"模様|見通し|方向で調整|観測")
_DENIAL = re.compile(r"否定|事実はない|事実ではない")
_NEGATED = re.compile(r"(断念|撤回|白紙|中止|見送|破談|解消)")
_TOTAL = re.compile(r"合計|総額|計\d|あわせて|合わせて|それぞれ")
_VALUE_SENTENCE = re.compile(r"(契約|出資|買収|取得|調達|投資|提携|取引)(総?額|金額|価格|規模)|総額|規模は|金額は")
_SUBJECT_PARTICLE = re.compile(r"^(?:\([^)]{1,20}\))?\s*(は|が|では|も)")
_SELF_REF = re.compile(r"同社|同グループ|両社")
# Words after a company that show it is not a party but a source or a modifier.
_NOT_PARTY_AFTER = re.compile(r"^(によると|によれば|の(調べ|調査|推計|試算|発表によると|予測)|のアナリスト|出身|の元|"
                              r"(の)?(株価|時価総額|売上高)|系の?(ファンド)?)")
_NOT_PARTY_BEFORE = re.compile(r"(調査会社|アナリスト|報道機関|証券|格付け会社)\s*$")


@dataclass(frozen=True, slots=True)
class _Found:
    deal: Deal
    sentence: int
    clause_end: int  # where amounts for this deal may still appear


def _deal_type(text: str) -> tuple[str, int] | None:
    """The deal type of a sentence (first matching type in priority order) and where its word is."""
    for kind, pattern in _TYPE_PATTERNS:
        m = pattern.search(text)
        if m:
            return kind, m.start()
    return None


def _status(text: str) -> str:
    if _DENIAL.search(text):
        return "denied"
    if _RUMOR.search(text):
        return "rumor"
    return "announced"


def _is_party(sentence: str, m: CompanyMention, offset: int) -> bool:
    after = sentence[m.end - offset:m.end - offset + 16]
    before = sentence[max(0, m.start - offset - 8):m.start - offset]
    return not _NOT_PARTY_AFTER.match(after) and not _NOT_PARTY_BEFORE.search(before)


def _subject(sentence: str, mentions: list[CompanyMention], offset: int) -> CompanyMention | None:
    for m in mentions:
        if _SUBJECT_PARTICLE.match(sentence[m.end - offset:]):
            return m
    return None


def _dedupe(mentions: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _roles(kind: str, subject: str | None, sentence: str, names: list[str], funding: bool) -> dict[str, str]:
    if subject is None:
        return {}
    if kind == "acquisition":
        return {n: ("acquirer" if n == subject else "target") for n in names}
    if kind == "investment":
        if funding:
            return {n: ("investee" if n == subject else "investor") for n in names}
        return {n: ("investor" if n == subject else "investee") for n in names}
    if kind == "partnership":
        return {n: "partner" for n in names}
    return {}


def _amount_for(sentence: Sentence, amounts: list[Amount], lo: int, hi: int, several: bool) -> Amount | None:
    """The deal amount within [lo, hi) of the text, unless it is a metric or a total of several deals."""
    for a in amounts:
        if a.start < lo or a.start >= hi:
            continue
        if non_deal_reason(sentence.text, _shift(a, -sentence.start)) is not None:
            continue
        before = sentence.text[max(0, a.start - sentence.start - 6):a.start - sentence.start]
        if several and _TOTAL.search(before):
            return None
        return a
    return None


def _shift(a: Amount, delta: int) -> Amount:
    return replace(a, start=a.start + delta, end=a.end + delta)


def _date_for(dates: list[DateMention], lo: int, hi: int, anchor: int) -> str | None:
    """The date in the sentence nearest before the deal word (else the first after it)."""
    inside = [d for d in dates if lo <= d.start < hi]
    before = [d for d in inside if d.start <= anchor]
    if before:
        return before[-1].value
    return inside[0].value if inside else None


def _sentence_deals(s: Sentence, idx: int, mentions: list[CompanyMention], amounts: list[Amount],
                    dates: list[DateMention], last_subject: CompanyMention | None) -> tuple[list[_Found], CompanyMention | None]:
    typed = _deal_type(s.text)
    subject = _subject(s.text, mentions, s.start)
    if subject is None and last_subject is not None and _SELF_REF.search(s.text):
        m = _SELF_REF.search(s.text)
        assert m is not None
        if _SUBJECT_PARTICLE.match(s.text[m.end():]):
            subject = replace(last_subject, start=s.start + m.start(), end=s.start + m.end())
            mentions = sorted([*mentions, subject], key=lambda x: x.start)
    if typed is None:
        return [], subject or last_subject
    kind, anchor = typed
    if _NEGATED.search(s.text) and not _DENIAL.search(s.text):
        return [], subject or last_subject
    parties = _dedupe([m for m in mentions if _is_party(s.text, m, s.start)])
    funding = kind == "investment" and bool(_FUNDING_ROUND.search(s.text))
    if subject is not None and subject.name not in {p.name for p in parties}:
        subject = None
    if len(parties) < 2 and not (funding and parties):
        return [], subject or last_subject
    status = _status(s.text)
    date_value = _date_for(dates, s.start, s.end, s.start + anchor)
    found: list[_Found] = []
    if subject is not None and len(parties) > 2 and not funding and not _GROUP_DEAL.search(s.text):
        # One deal per counterparty: "AはB、C、Dと契約" is three deals.
        others = [p for p in parties if p.name != subject.name]
        for i, other in enumerate(others):
            hi = others[i + 1].start if i + 1 < len(others) else s.end
            amount = _amount_for(s, amounts, other.end, hi, several=True)
            names = [subject.name, other.name]
            roles = _roles(kind, subject.name, s.text, names, funding)
            deal = Deal(type=kind, parties=tuple(Party(n, roles.get(n), _known(parties, n)) for n in names),
                        amount=amount, date=date_value, evidence=s.text, status=status)
            found.append(_Found(deal, idx, hi))
    else:
        names = [p.name for p in parties]
        if subject is not None:
            names.remove(subject.name)
            names.insert(0, subject.name)
        amount = _amount_for(s, amounts, s.start, s.end, several=False)
        roles = _roles(kind, subject.name if subject else None, s.text, names, funding)
        deal = Deal(type=kind, parties=tuple(Party(n, roles.get(n), _known(parties, n)) for n in names),
                    amount=amount, date=date_value, evidence=s.text, status=status)
        found.append(_Found(deal, idx, s.end))
    return found, subject or last_subject


def _known(mentions: list[CompanyMention], name: str) -> bool:
    return next((m.known for m in mentions if m.name == name), False)


def _key(deal: Deal) -> tuple[str, frozenset[str]]:
    return deal.type, frozenset(p.name for p in deal.parties)


def _merge(deals: list[Deal]) -> list[Deal]:
    """One deal per (type, party set): later mentions fill in amount and date."""
    merged: dict[tuple[str, frozenset[str]], Deal] = {}
    for d in deals:
        k = _key(d)
        if k not in merged:
            merged[k] = d
            continue
        kept = merged[k]
        merged[k] = replace(
            kept,
            amount=kept.amount or d.amount,
            date=kept.date or d.date,
            parties=kept.parties if any(p.role for p in kept.parties) else d.parties,
            evidence=kept.evidence if kept.amount or not d.amount else d.evidence,
            status=kept.status if kept.status == "announced" else d.status,
        )
    # A deal whose parties are a subset of a richer deal of the same type (the
    # headline names two of a round's three investors) is the same deal.
    out = list(merged.values())
    result = []
    for d in out:
        names = {p.name for p in d.parties}
        if any(o is not d and o.type == d.type and names < {p.name for p in o.parties} and len(names) >= 2
               and _funding_like(o) for o in out):
            continue
        result.append(d)
    return result


def _funding_like(d: Deal) -> bool:
    return d.type == "investment" and len(d.parties) > 2


def find_deals(text: str, published: date | None, mentions: list[CompanyMention] | None = None,
               title: str | None = None) -> list[Deal]:
    """Deals in a normalised text (title first, if given)."""
    full = f"{title}\n{text}" if title else text
    if mentions is None:
        mentions = find_companies(full)
    sentences = split_sentences(full)
    amounts = find_amounts(full)
    dates = find_dates(full, published)
    found: list[_Found] = []
    last_subject: CompanyMention | None = None
    for idx, s in enumerate(sentences):
        in_sentence = [m for m in mentions if s.start <= m.start < s.end]
        new, last_subject = _sentence_deals(s, idx, in_sentence, amounts, dates, last_subject)
        if new:
            found.extend(new)
            continue
        # A later sentence that states the value of the deal just reported (契約額は…).
        if found and found[-1].deal.amount is None and idx - found[-1].sentence <= 2 and _VALUE_SENTENCE.search(s.text):
            same_run = [f for f in found if f.sentence == found[-1].sentence]
            if len(same_run) == 1:
                amount = _amount_for(s, amounts, s.start, s.end, several=False)
                if amount is not None:
                    found[-1] = replace(found[-1], deal=replace(found[-1].deal, amount=amount))
    return _merge([f.deal for f in found])
