"""Rule-based deal tagging: who did what with whom, for how much, and when.

The unit is the sentence. A sentence with a deal word (買収, 出資, 契約, 提携,
...) and the companies in it make deals:

- the subject (companies marked by は/が, a headline's "X、", or 同社 resolved
  to the last subject) is paired with each counterparty ("AはB、C、Dと契約" is
  three deals); funding rounds, consortia and joint ventures are one deal with
  all their members;
- where the grammar shows it, the arguments are taken exactly: the target of
  "Xを買収" / "Xの買収", the investee of "Xに出資" / "Xへの出資";
- a sentence that only adds to the deal just reported (its parties are a
  subset, or it names a round's investors, or it states 契約額は…) fills in
  that deal instead of making a new one;
- amounts come from the deal's clause, never when they are financial metrics
  (売上高, 時価総額, ...) or a total across several counterparties;
- the date is the one in the sentence, else the date of the announcement
  sentence just before it;
- the same deal found twice (headline and body) is merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from transform.companies import CompanyMention, find_companies
from transform.dates import DateMention, find_dates
from transform.money import Amount, find_amounts, non_deal_reason
from transform.normalize import Sentence, split_sentences
from transform.records import Deal, Party

_CAPITAL_ALLIANCE = re.compile(r"資本業務提携|資本提携|資本参加")
_ACQUISITION = re.compile(r"買収|子会社化|完全子会社|TOB|株式公開買い付け|公開買付|傘下に(収め|入れ|入る)|経営統合|合併|"
                          r"事業を[^、。]{0,24}?(譲り受け|取得)|株式を?[^、。]{0,12}?取得|株を取得|買い取")
_INVESTMENT = re.compile(r"(?<!共同)出資(?!会社)|資金調達|資金を調達|増資|第三者割当|投資(?=する|した|し、|を行|を決め)|"
                         r"(円|ドル|元|ユーロ|ポンド|資金)を調達|ラウンド|シリーズ[A-H]")
_CONTRACT = re.compile(r"(?<!提携)(?<!提携に関する)契約(?!ボーナス|社員|者|数|件数|率|形態)|受注|発注|調達する|購入|供給する|導入を決め|採用を決め|"
                       r"に採用(?=され)|の採用が決ま|を採用(?=した|する|し、)|"
                       r"利用する(こと|と)で合意")
_PARTNERSHIP = re.compile(r"提携|協業|連携|共同開発|共同研究|共同で(開発|研究)|パートナーシップ|協力(?=する|し|して|関係)|基本合意|"
                          r"覚書|MOU|手を組|合弁|共同出資")
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("investment", _CAPITAL_ALLIANCE),
    ("acquisition", _ACQUISITION),
    ("investment", _INVESTMENT),
    ("contract", _CONTRACT),
    ("partnership", _PARTNERSHIP),
)
_GROUP_DEAL = re.compile(r"合弁|共同出資|コンソーシアム|企業連合|ジョイントベンチャー|共同で設立|新会社を設立")
_FUNDING_ROUND = re.compile(r"資金調達|資金を調達|を調達|[円ドル元]調達|調達へ|第三者割当|ラウンド|シリーズ[A-H]|引受先|引き受け")
# A stake below half is an investment, not an acquisition ("株式の20%を取得", "約3割を取得").
_NEW_SHARES = re.compile(r"新株|(新たに|新規に)?発行する株式|第三者割当|持ち分法適用")
_STAKE_TO = re.compile(r"出資比率を[^、。]{0,12}?(\d+(\.\d+)?)\s*%(に|へ|まで)")
_MINORITY_STAKE = re.compile(r"(株式|株|持ち分)の?(約|およそ)?(([1-4]?\d(\.\d+)?)\s*%|[1-4]割|一部)[^、。]{0,6}(を取得|を引き受|取得する|取得した)")
_ROUND_INVESTORS = re.compile(r"主導|引受先|引き受け|引き受ける|参加し|参加した|出資者|投資家|出資を検討|出資した|出資する")
_REPORTED = re.compile(r"と[、,]?[^。]{0,40}?(報じ|伝え)")
_REPORTER_AFTER = re.compile(r"^(?:\([^)]{1,24}\))?(電子版)?(は|が)[^、。]{0,14}(報じ|伝え)")
_RUMOR = re.compile(r"と[、,]?[^。]{0,40}?(報じ|伝え)|報道によると|関係者によると|関係者の話|関係者への取材|検討して|検討する|交渉して|協議して|"
                    r"ことが分かった|模様|方向で調整|観測")
_DENIAL = re.compile(r"否定|事実はない|事実ではない")
_CALLED_OFF = re.compile(r"断念|撤回|白紙|中止|見送|破談|解消|否決|打ち切")
_TOTAL = re.compile(r"合計|総額|計\d|あわせて|合わせて|全体で")
_EACH = re.compile(r"それぞれ|各社|各")
_VALUE_SENTENCE = re.compile(r"(契約|出資|買収|取得|調達|投資|提携|取引|受注|発注|購入)(総?額|金額|価格|規模)|総額|規模は|金額は|"
                             r"総事業費|事業費は|投資総額|総投資額|(引受|払込|譲渡|売却|取得)(額|価格)|支払")
_PAST = re.compile(r"ていた|でいた|年前|昨年|かつて|以前|これまで")
_ANNOUNCEMENT = re.compile(r"発表|明らかにした|合意|締結|結んだ|決めた|決定|調達した|出資した|買収した|受注した|公表")
_SUBJECT_AFTER = re.compile(r"^(?:\([^)]{1,24}\))?\s*(は|が|では|も)(?!じめ)")
_JOINED = re.compile(r"^\s*(と|、|・|および|及び|や)\s*(米|英|仏|独|中|韓|印|台湾|中国|韓国|日本|欧州|国内)?\s*$")
_SELF_REF = re.compile(r"同社|同グループ|同行|両社")
_NOT_PARTY_AFTER = re.compile(
    r"^(?:\([^)]{1,24}\))?\s*(製|によると|によれば|の(調べ|調査|推計|試算|発表によると|予測|アナリスト)|出身|の元|"
    r"(の)?(株価|時価総額|売上高)|系の?ファンド|傘下|で[^、。]{0,16}(率い|勤め|務め|在籍)|"
    r"(が|は)(\d+日(付)?の?)?(電子版)?[^、。]{0,6}報じ|電子版|"
    r"の[^、。]{0,10}(子会社|傘下の|グループ会社)、|の[^、。]{0,14}(CEO|最高経営責任者|社長|会長|幹部|創業者|研究者|従業員|社員|元社員)|の[^、。]{0,10}氏)"
)
_NOT_PARTY_BEFORE = re.compile(r"(調査会社|アナリスト|報道機関|格付け会社|元|前)\s*$")
_TARGET_GAP = re.compile(r"^(を|の|の(全|発行済み)?株式(の[^、。]{0,10})?を|の[^、。]{0,8}事業を|を[^、。]{0,16}(で|に))\s*$")
_INVESTEE_GAP = re.compile(r"^(に|へ|への|に対し(て)?|に[^、。]{0,24})\s*$")


@dataclass(slots=True)
class _Found:
    deal: Deal
    sentence: int
    funding: bool = False
    subject: str | None = None


@dataclass(slots=True)
class _State:
    found: list[_Found] = field(default_factory=list)
    last_subject: CompanyMention | None = None
    recent: list[CompanyMention] = field(default_factory=list)  # companies named so far, in order
    event_date: tuple[str, int] | None = None  # date value and sentence index of the last announcement


_QUOTE = re.compile(r"「[^「」]*」|『[^『』]*』")
# A deal word must be the sentence's act ("出資する", "買収を発表した", "契約を結んだ"), not a
# reference to something else ("出資の資金", "大型出資や...を抱える"). Headlines may end in the noun.
_PREDICATE = re.compile(
    r"^[^、。]{0,4}(する|した|し、|して|しま|され|させ|契約を?(結|締結|交わ)|で[^、。]{0,24}を(集め|調達|確保)|を[^、。]{0,20}?(で|に)(締結|結ん|結ぶ|交わ|合意)|"
    r"(を|も)(それぞれ|正式に|新たに|相次いで|共同で)?(発表|決め|決定|結|締結|交わ|合意|行|実施|検討|進め|受け|引き受|"
    r"開始|始め|拡大|強化|目指|明らか|公表|計画|予定|協議|交渉|完了|終え)|で(合意|一致|基本合意)|に(合意|向け)|"
    r"へ|が(決ま|成立|完了)|を巡|する(と|こと|方針|計画|予定)|の(契約|覚書)を)"
)


def _blank_quotes(text: str) -> str:
    """Quoted speech keeps its length but loses its words: analysts' remarks are not deals."""
    return _QUOTE.sub(lambda m: "「" + "＿" * (len(m.group(0)) - 2) + "」", text)


def _types(text: str, headline: bool = False) -> list[tuple[str, int]]:
    """Deal types of a sentence: the strongest one, plus a partnership stated beside an investment."""
    text = _blank_quotes(text)
    for kind, pattern in _TYPES:
        m = next((m for m in pattern.finditer(text) if headline or _PREDICATE.match(text[m.end():])), None)
        if m:
            if kind == "acquisition" and not re.search(r"買収|子会社", text):
                stake = _STAKE_TO.search(text)
                if _MINORITY_STAKE.search(text) or _NEW_SHARES.search(text) or (stake and float(stake.group(1)) < 50):
                    kind = "investment"  # a minority stake or new shares: an investment, not a takeover
            out = [(kind, m.start())]
            if (kind == "investment" and pattern is _INVESTMENT) or kind == "contract":
                # "出資し、共同開発する" / "業務提携および製品供給契約を締結": two deals.
                p = next((p for p in _PARTNERSHIP.finditer(text)
                          if headline or _PREDICATE.match(text[p.end():]) or re.match(r"(および|及び|と)", text[p.end():])),
                         None)
                if p and not _CAPITAL_ALLIANCE.search(text) and not text[p.end():].startswith("契約"):
                    out.append(("partnership", p.start()))
            return out
    return []


def _status(text: str) -> str:
    if _DENIAL.search(text):
        return "denied"
    if _RUMOR.search(text):
        return "rumor"
    return "announced"


def _local(s: Sentence, m: CompanyMention) -> tuple[int, int]:
    return m.start - s.start, m.end - s.start


def _is_party(s: Sentence, m: CompanyMention) -> bool:
    a, b = _local(s, m)
    return not _NOT_PARTY_AFTER.match(s.text[b:b + 24]) and not _NOT_PARTY_BEFORE.search(s.text[max(0, a - 8):a])


def _subjects(s: Sentence, mentions: list[CompanyMention], headline: bool) -> list[CompanyMention]:
    """Companies the sentence is about: 'AとBは' gives both; a headline's 'A、' gives A."""
    for i, m in enumerate(mentions):
        _, b = _local(s, m)
        rest = s.text[b:]
        group = _group(s, mentions, i)
        lead = headline and group[0] is mentions[0] and rest[:1] in ("、", " ")
        if _SUBJECT_AFTER.match(rest) or lead:
            return group
    return []


def _group(s: Sentence, mentions: list[CompanyMention], i: int) -> list[CompanyMention]:
    """Mention i with the mentions joined to it from the left ("AとB", "A、B、C")."""
    group = [mentions[i]]
    j = i
    while j > 0:
        gap = s.text[_local(s, mentions[j - 1])[1]:_local(s, mentions[j])[0]]
        if not _JOINED.match(gap):
            break
        group.insert(0, mentions[j - 1])
        j -= 1
    return group


def _argument(s: Sentence, mentions: list[CompanyMention], anchor: int, gap: re.Pattern[str]) -> CompanyMention | None:
    """The company right before the deal word, joined to it by the given particles (Xを買収, Xに出資)."""
    best = None
    for m in mentions:
        _, b = _local(s, m)
        if b <= anchor and gap.match(s.text[b:anchor]):
            best = m
    return best


def _dedupe(mentions: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _amount_in(s: Sentence, amounts: list[Amount], lo: int, hi: int) -> Amount | None:
    """The first deal amount within [lo, hi) of the sentence (sentence-local offsets)."""
    for a in amounts:
        start = a.start - s.start
        if start < lo or start >= hi:
            continue
        if non_deal_reason(s.text, replace(a, start=start, end=a.end - s.start)) is not None:
            continue
        return a
    return None


def _amount_after(s: Sentence, parties: list[CompanyMention], amounts: list[Amount], name: str,
                  later: list[str]) -> Amount | None:
    """The amount in `name`'s own clause: after its mention, before the next party's ("Aは50億ドル、Bは…")."""
    mine = next((m for m in parties if m.name == name), None)
    if mine is None:
        return None
    lo = _local(s, mine)[1]
    nxt = [_local(s, m)[0] for m in parties if m.name in later and _local(s, m)[0] > lo]
    a = _amount_in(s, amounts, lo, min(nxt) if nxt else len(s.text))
    return None if a is None or _is_total(s, a) else a


def _each_amount(s: Sentence, amounts: list[Amount]) -> Amount | None:
    """An amount stated per counterparty ("それぞれ5億円", "各10億円")."""
    for a in amounts:
        start = a.start - s.start
        if 0 <= start < len(s.text) and re.search(r"(それぞれ|各社に|各)\s*$", s.text[max(0, start - 6):start]):
            return a
    return None


def _is_total(s: Sentence, a: Amount) -> bool:
    before = s.text[max(0, a.start - s.start - 8):a.start - s.start]
    return bool(_TOTAL.search(before)) and not _EACH.search(before)


def _date_in(dates: list[DateMention], s: Sentence, anchor: int) -> str | None:
    inside = [d for d in dates if s.start <= d.start < s.end and not s.text[d.end - s.start:].startswith("まで")]
    before = [d for d in inside if d.start - s.start <= anchor]
    if before:
        return before[-1].value
    return inside[0].value if inside else None


def _party(name: str, role: str | None, mentions: list[CompanyMention]) -> Party:
    known = next((m.known for m in mentions if m.name == name), False)
    return Party(name, role, known)


def _make(kind: str, names: list[str], roles: dict[str, str], mentions: list[CompanyMention], amount: Amount | None,
          when: str | None, s: Sentence, status: str) -> Deal:
    return Deal(type=kind, parties=tuple(_party(n, roles.get(n), mentions) for n in names), amount=amount, date=when,
                evidence=s.text.strip(), status=status)


def _resolve_refs(s: Sentence, mentions: list[CompanyMention], subjects: list[CompanyMention],
                  st: _State) -> tuple[list[CompanyMention], list[CompanyMention]]:
    """Stand-ins for companies named earlier: 同社 / 同行 / 同グループ and 両社.

    同社 as the subject is the last subject; elsewhere ("丸紅は同社に出資") it is the
    company last named that is not this sentence's subject. 両社 as the subject
    is the two parties of the deal just reported.
    """
    taken = [(_local(s, m)) for m in mentions]
    added: list[CompanyMention] = []
    for ref in _SELF_REF.finditer(s.text):
        if any(a <= ref.start() < b for a, b in taken):
            continue
        is_subject = bool(_SUBJECT_AFTER.match(s.text[ref.end():]))
        at = {"start": s.start + ref.start(), "end": s.start + ref.end()}
        if ref.group(0) == "両社":
            last = st.found[-1].deal if st.found else None
            if is_subject and not subjects and last is not None and len(last.parties) == 2:
                pair = [CompanyMention(p.name, "両社", known=p.known, **at) for p in last.parties]
                added += pair
                subjects = pair
            continue
        if is_subject and not subjects and st.last_subject is not None:
            resolved = replace(st.last_subject, **at)
            added.append(resolved)
            subjects = [resolved]
        elif not is_subject:
            own = {m.name for m in subjects}
            earlier = [m for m in mentions if _local(s, m)[1] <= ref.start()]
            other = next((m for m in reversed(st.recent + earlier) if m.name not in own), None)
            if other is not None:
                added.append(replace(other, **at))
    if added:
        mentions = sorted([*mentions, *added], key=lambda x: x.start)
    return mentions, subjects


def _sentence_deals(s: Sentence, idx: int, mentions: list[CompanyMention], amounts: list[Amount],
                    dates: list[DateMention], st: _State, headline: bool) -> list[_Found]:
    subjects = _subjects(s, mentions, headline)
    if not headline:
        mentions, subjects = _resolve_refs(s, mentions, subjects, st)
    if subjects:
        st.last_subject = subjects[-1]
    kinds = _types(s.text, headline)
    if not kinds or (_CALLED_OFF.search(s.text) and not _DENIAL.search(s.text)):
        return []
    implied = None if subjects or headline else st.last_subject  # Japanese drops the repeated subject
    if _REPORTED.search(s.text):
        # "米紙Xは10日、AがBと…契約を結んだと報じた" / "…と、Xが10日に報じた": X reports, A and B deal.
        reporters = {m.name for m in mentions if _REPORTER_AFTER.match(s.text[_local(s, m)[1]:])}
        if not reporters and subjects and s.text[_local(s, subjects[-1])[1]:].lstrip("(").startswith("は"):
            reporters = {m.name for m in subjects}
        if reporters:
            mentions = [m for m in mentions if m.name not in reporters]
            subjects = [m for m in subjects if m.name not in reporters] or \
                [m for m in mentions if s.text[_local(s, m)[1]:].startswith("が")][:1]
    parties = _dedupe([m for m in mentions if _is_party(s, m)])
    if implied is not None and len(parties) > 1 and implied.name not in {p.name for p in parties} and all(
            s.text[_local(s, p)[1]:].startswith("と") for p in parties):
        # "Xとは…で提携し、Yとは…を共同開発する": counterparties of the subject of the sentences before.
        parties = [replace(implied, start=s.start, end=s.start), *parties]
        subjects = [parties[0]]
    elif implied is not None and len(parties) == 1 and parties[0].name != implied.name:
        # "同日、フォルテと業務提携することも明らかにした": the subject is the one of the sentences before.
        parties = [replace(implied, start=s.start, end=s.start), *parties]
        subjects = [parties[0]]
    subject_names = [m.name for m in subjects if m.name in {p.name for p in parties}]
    status = _status(s.text)
    if headline and re.search(r"(契約|出資|買収|提携|合意|調達|統合|売却)[^、。\s]{0,6}か(\s|$)", s.text):
        status = "rumor"
    out: list[_Found] = []
    for kind, anchor in kinds:
        when = None if headline else _date_in(dates, s, anchor)  # headline dates are periods, not events
        funding = kind == "investment" and bool(_FUNDING_ROUND.search(s.text))
        names = [p.name for p in parties]
        roles: dict[str, str] = {}
        # Exact arguments where the grammar shows them.
        if kind == "acquisition" and subject_names:
            target = _argument(s, parties, anchor, _TARGET_GAP)
            if target is not None and target.name not in subject_names:
                names = [subject_names[-1], target.name]
                roles = {names[0]: "acquirer", names[1]: "target"}
        elif kind == "investment" and not funding and not _CAPITAL_ALLIANCE.search(s.text):
            investee = _argument(s, parties, anchor, _INVESTEE_GAP)
            if investee is None:
                # "AはXに50億ドル、Bは100億ドルを出資": X is marked by に, A and B by は.
                investee = next((m for m in parties if _local(s, m)[1] < anchor
                                 and re.match(r"(に|への)", s.text[_local(s, m)[1]:])), None)
                if investee is not None:
                    subject_names = [m.name for m in parties if m is not investee
                                     and _SUBJECT_AFTER.match(s.text[_local(s, m)[1]:])] or subject_names
            investees = _group(s, parties, parties.index(investee)) if investee is not None else []
            investees = [m for m in investees if m.name not in subject_names]
            investors = [n for n in subject_names if n not in {m.name for m in investees}]
            if not investors and implied is not None and investees and implied.name not in {m.name for m in investees}:
                investors = [implied.name]
                parties = [*parties, implied]
            if investees and investors:
                each = _each_amount(s, amounts)
                single = len(investors) == 1 and len(investees) == 1
                for k, investor in enumerate(investors):  # one deal per investor and investee
                    for target in investees:
                        a = each or (_amount_in(s, amounts, 0, len(s.text)) if single else None)
                        if a is None and len(investees) == 1:
                            a = _amount_after(s, parties, amounts, investor, investors[k + 1:])
                        out.append(_Found(_make(kind, [investor, target.name],
                                                {investor: "investor", target.name: "investee"}, parties, a, when,
                                                s, status), idx, False, investor))
                continue
        if len(names) < 2 and not (funding and names):
            continue
        subject = next((n for n in subject_names if n in names), None)
        if subject is not None:
            names.remove(subject)
            names.insert(0, subject)
        if funding and subject is not None:
            roles = {n: ("investee" if n == subject else "investor") for n in names}
        elif kind == "partnership":
            roles = {n: "partner" for n in names}
        group = funding or bool(_GROUP_DEAL.search(s.text))
        if subject is not None and len(names) > 2 and not group and kind != "acquisition":
            # One deal per counterparty; an amount belongs to the counterparty whose clause holds it.
            others = [m for m in parties if m.name in names[1:]]
            each = _each_amount(s, amounts)
            for i, other in enumerate(others):
                lo = _local(s, other)[1]
                hi = _local(s, others[i + 1])[0] if i + 1 < len(others) else len(s.text)
                a = each or _amount_in(s, amounts, lo, hi)
                if a is not None and _is_total(s, a):
                    a = None
                pair = [subject, other.name]
                out.append(_Found(_make(kind, pair, {n: r for n, r in roles.items() if n in pair}, parties, a,
                                        when, s, status), idx, False, subject))
            continue
        a = _amount_in(s, amounts, 0, len(s.text)) if kind != "partnership" or len(kinds) == 1 else None
        out.append(_Found(_make(kind, names, roles, parties, a, when, s, status), idx, funding, subject))
    return out


def _names(d: Deal) -> set[str]:
    return {p.name for p in d.parties}


def _fill(prev: _Found, new: Deal, sentence: int, extra_parties: bool = False) -> _Found:
    d = prev.deal
    parties = d.parties
    if extra_parties:
        have = _names(d)
        parties = d.parties + tuple(replace(p, role=p.role or "investor") for p in new.parties if p.name not in have)
    return replace(prev, deal=replace(d, amount=d.amount or new.amount, date=d.date or new.date, parties=parties,
                                      status=d.status if d.status != "announced" else new.status),
                   sentence=max(prev.sentence, sentence))


def _continues(prev: _Found, new: _Found, idx: int) -> bool:
    if idx - prev.sentence > 2 or prev.sentence == new.sentence:
        return False
    if _names(new.deal) <= _names(prev.deal):
        return new.deal.type == prev.deal.type or len(new.deal.parties) == 1
    return False


def _round_investors(s: Sentence, mentions: list[CompanyMention], st: _State, idx: int) -> bool:
    """'米フィデリティとアトレイデスが主導した' after a funding round: the round's investors."""
    if not st.found or not _ROUND_INVESTORS.search(s.text):
        return False
    prev = st.found[-1]
    if not prev.funding or idx - prev.sentence > 2:
        return False
    investors = [m for m in _dedupe(mentions) if _is_party(s, m) and m.name not in _names(prev.deal)]
    if not investors:
        return False
    extra = Deal(type="investment", parties=tuple(Party(m.name, "investor", m.known) for m in investors),
                 amount=None, date=None, evidence=s.text)
    st.found[-1] = _fill(prev, extra, idx, extra_parties=True)
    return True


def _value_sentence(s: Sentence, mentions: list[CompanyMention], amounts: list[Amount], st: _State,
                    idx: int) -> bool:
    """'契約額は…' after a deal: its amount; 'Bが10億ドル、Cが5億ドル': each counterparty's amount.

    Returns whether the sentence was used.
    """
    if not st.found or idx - st.found[-1].sentence > 2:
        return False
    last = st.found[-1].sentence
    kind = st.found[-1].deal.type
    run = [i for i, f in enumerate(st.found) if f.sentence >= last - 2 and f.deal.type == kind]
    used = False
    if len(run) > 1 and re.search(r"各社|それぞれ|いずれも|1社(あたり|当たり)", s.text):
        a = _amount_in(s, amounts, 0, len(s.text))  # "契約額は各社向けとも約5億ドル": the same for each
        if a is not None and not _is_total(s, a):
            for i in run:
                if st.found[i].deal.amount is None:
                    st.found[i] = replace(st.found[i], deal=replace(st.found[i].deal, amount=a), sentence=idx)
            return True
    if len(run) > 1:
        common = set.intersection(*(_names(st.found[i].deal) for i in run))
        counterparties = {n for i in run for n in _names(st.found[i].deal)} - common
        named = [m for m in mentions if m.name in counterparties]
        only_one = len({m.name for m in named}) == 1
        for m in named:
            _, b = _local(s, m)
            a = _amount_in(s, amounts, b, len(s.text) if only_one else b + 14)
            if a is None or _is_total(s, a):
                continue
            for i in run:
                f = st.found[i]
                if f.deal.amount is None and m.name in _names(f.deal):
                    st.found[i] = replace(f, deal=replace(f.deal, amount=a), sentence=idx)
                    used = True
                    break
        return used
    if _VALUE_SENTENCE.search(s.text) and st.found[-1].deal.amount is None:
        a = _amount_in(s, amounts, 0, len(s.text))
        if a is not None:
            f = st.found[-1]
            st.found[-1] = replace(f, deal=replace(f.deal, amount=a))
            return True
    return False


def _same_deal_amount(s: Sentence, amounts: list[Amount], st: _State, idx: int) -> None:
    """'全株式を約7億ドルで取得し…' right after the acquisition: the same deal's amount."""
    if not st.found or idx - st.found[-1].sentence > 2 or st.found[-1].deal.amount is not None:
        return
    kinds = [k for k, _ in _types(s.text)]
    if st.found[-1].deal.type in kinds:
        a = _amount_in(s, amounts, 0, len(s.text))
        if a is not None:
            f = st.found[-1]
            st.found[-1] = replace(f, deal=replace(f.deal, amount=a), sentence=idx)


def _merge(deals: list[Deal]) -> list[Deal]:
    """One deal per (type, party set): later mentions fill in amount and date; sub-deals of a round go."""
    merged: dict[tuple[str, frozenset[str]], Deal] = {}
    for d in deals:
        k = (d.type, frozenset(_names(d)))
        if k not in merged:
            merged[k] = d
            continue
        kept = merged[k]
        merged[k] = replace(
            kept, amount=kept.amount or d.amount, date=kept.date or d.date,
            parties=kept.parties if any(p.role for p in kept.parties) else d.parties,
            evidence=kept.evidence if kept.amount or not d.amount else d.evidence,
            status=kept.status if kept.status != "announced" else d.status)
    out = list(merged.values())
    result = []
    for d in out:
        names = _names(d)
        richer = [o for o in out if o is not d and o.type == d.type and names < _names(o)]
        if richer and (len(names) == 1 or any(len(o.parties) > 2 for o in richer)):
            r = richer[0]
            merged_r = replace(r, amount=r.amount or d.amount, date=r.date or d.date)
            out[out.index(r)] = merged_r
            continue
        result.append(d)
    return [next(o for o in out if _names(o) == _names(d) and o.type == d.type) for d in result]


def find_deals(text: str, published: date | None, mentions: list[CompanyMention] | None = None,
               title: str | None = None) -> list[Deal]:
    """Deals in a normalised text (its headline first, if given)."""
    full = f"{title}\n{text}" if title else text
    if mentions is None:
        mentions = find_companies(full)
    sentences = split_sentences(full)
    amounts = find_amounts(full)
    dates = find_dates(full, published)
    title_end = len(title) if title else -1
    st = _State()
    for idx, s in enumerate(sentences):
        in_sentence = [m for m in mentions if s.start <= m.start < s.end]
        headline = s.start < title_end
        if idx > 0:
            st.recent.extend(m for m in mentions if sentences[idx - 1].start <= m.start < sentences[idx - 1].end)
        if not headline and _round_investors(s, in_sentence, st, idx):
            continue
        new = _sentence_deals(s, idx, in_sentence, amounts, dates, st, headline)
        if not headline and _ANNOUNCEMENT.search(s.text):
            d = _date_in(dates, s, len(s.text))
            if d:
                st.event_date = (d, idx)
        if not new:
            if not _value_sentence(s, in_sentence, amounts, st, idx):
                _same_deal_amount(s, amounts, st, idx)
            continue
        for f in new:
            if not headline and f.deal.date is None and st.event_date and (
                    idx - st.event_date[1] <= 3 or not _PAST.search(s.text)):
                # No date of its own: the day of the announcement the article reports.
                f = replace(f, deal=replace(f.deal, date=st.event_date[0]))
            elif not headline and f.deal.date is None and idx + 1 < len(sentences):
                after = sentences[idx + 1]  # "…に採用された。ヨリソウが29日発表した。"
                if _ANNOUNCEMENT.search(after.text) and not _types(after.text):
                    f = replace(f, deal=replace(f.deal, date=_date_in(dates, after, len(after.text))))
            prev = next((p for p in reversed(st.found) if _continues(p, f, idx)), None)
            if prev is not None:
                i = st.found.index(prev)
                st.found[i] = _fill(prev, f.deal, idx)
            else:
                st.found.append(f)
    lead_date = next((_date_in(dates, s, len(s.text)) for s in sentences
                      if s.start > title_end and _ANNOUNCEMENT.search(s.text) and _date_in(dates, s, len(s.text))), None)
    deals = []
    for d in _merge([f.deal for f in st.found]):
        if d.status != "announced":
            d = replace(d, date=None)  # a report's date is not the deal's
        elif d.date is None and title and d.evidence == sentences[0].text.strip() and lead_date:
            d = replace(d, date=lead_date)  # the headline's deal is the lead sentence's event
        deals.append(d)
    return deals
