"""Money amounts in Japanese news text: 380億ドル, 約5兆8600億円, 数千億ドル, $38B.

Input is expected to be `normalize_text()`-ed (ASCII digits, "~" for ranges),
but nothing here raises on any string. Values are computed with `Decimal`, so
1.5兆円 is exactly 1500000000000, and returned as `int` when integral.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation

from transform.normalize import normalize_text, starting_with, trigger_windows

__all__ = [
    "CURRENCIES",
    "QUALIFIERS",
    "Amount",
    "find_amounts",
    "non_deal_reason",
    "parse_amount",
]

CURRENCIES = ("USD", "JPY", "EUR", "CNY", "GBP")
QUALIFIERS = ("exact", "approx", "at_least", "up_to", "range")

Number = float | int


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount of money found in a text.

    `value` is the low end for ranges; `amount_jpy` is a yen conversion given
    in parentheses right after a foreign amount. `start`/`end` span the whole
    mention, qualifiers and conversion included.
    """

    value: Number
    currency: str
    qualifier: str
    high: Number | None = None
    amount_jpy: Number | None = None
    start: int = -1
    end: int = -1
    surface: str = ""

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "value": self.value,
            "currency": self.currency,
            "qualifier": self.qualifier,
        }
        if self.qualifier == "range" and self.high is not None:
            out["high"] = self.high
        if self.amount_jpy is not None:
            out["amount_jpy"] = self.amount_jpy
        return out


# --------------------------------------------------------------------------
# numbers

_CTX = Context(prec=40)
_KDIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_ARABIC = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")

# Arabic numbers are capped in length: a 20-digit run is an id, not money.
_AR = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,15})(?:\.[0-9]{1,6})?"
# 数 starts a number (数千億) unless it ends a word (件数, 人数, 多数, ...).
_KJ = (
    r"(?:(?<![件人台回総株点多半複少指係関変日年額倍])数|[〇一二三四五六七八九十百千])"
    r"[〇一二三四五六七八九十百千数]*"
)
_COEF = rf"(?:{_AR}[千百]?|{_KJ})"
_NUM = rf"(?<![0-9.,〇一二三四五六七八九十百千])(?:{_COEF}(?:[兆億万]{_COEF}?)*)"

_SUFFIX_CUR = {
    "米ドル": "USD", "USドル": "USD", "米国ドル": "USD", "ドル": "USD",
    "人民元": "CNY", "元": "CNY", "円": "JPY", "ユーロ": "EUR",
    "英ポンド": "GBP", "ポンド": "GBP",
    "USD": "USD", "EUR": "EUR", "JPY": "JPY", "CNY": "CNY", "RMB": "CNY", "GBP": "GBP",
}  # fmt: skip
_PREFIX_CUR = {
    "US$": "USD", "$": "USD", "USD": "USD", "EUR": "EUR", "€": "EUR",
    "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY", "CNY": "CNY", "RMB": "CNY",
}  # fmt: skip
_SCALE = {
    "trillion": 10**12, "tn": 10**12, "T": 10**12,
    "billion": 10**9, "bn": 10**9, "B": 10**9,
    "million": 10**6, "mn": 10**6, "M": 10**6,
    "thousand": 10**3, "K": 10**3, "k": 10**3,
}  # fmt: skip


def _alt(words: Iterable[str]) -> str:
    """Regex alternation, longest first so 米ドル wins over ドル."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CUR = rf"(?:{_alt(_SUFFIX_CUR)})(?![A-Za-z])"
_SCALE_RE = r"(?:\s?(?i:trillion|billion|million|thousand|tn|bn|mn)|[TBMKk])(?![A-Za-z])"
_WORD_SCALE = r"\s?(?i:trillion|billion|million)(?![A-Za-z])"
# 元 also ends ordinary words after a numeral (一元化, 二元論, 元素).
_NOT_CNY_AFTER = "化的論素"
_PCUR = rf"(?:(?<![A-Za-z])(?:{_alt(_PREFIX_CUR)}))"

# An amount starts with a prefix currency's first letter or sign, a digit, a kanji
# numeral or 数 (see starting_with).
_CORE = starting_with(
    "0-9数〇一二三四五六七八九十百千U$E€£G¥JCR",
    rf"""
    (?P<pcur>{_PCUR})\s?(?P<pnum>{_NUM})(?P<scale>{_SCALE_RE})?
        (?:\s?[~-]\s?(?:{_PCUR})?\s?(?P<pnum2>{_NUM})(?P<scale2>{_SCALE_RE})?)?
    |
    (?:(?P<lo>{_NUM})\s?(?P<lcur>{_CUR})?\s?[~-]\s?)?
    (?P<num>{_NUM})(?P<sscale>{_WORD_SCALE})?\s?(?P<cur>{_CUR})
    """,
    re.VERBOSE,
)

_PRE_QUAL = re.compile(
    r"(?:(?P<up_to>最大|上限|最高)(?:で)?(?:約|およそ)?"
    r"|(?P<at_least>少なくとも|最低でも|最低)(?:約)?"
    r"|(?P<approx>約|およそ|凡そ|推定|概算で?|ざっと))\s?\Z"
)
_POST_QUAL = re.compile(
    r"\s?(?:(?P<at_least>を超える|を上回る|超え|超|以上|強(?!化)|余り|あまり|余)"
    r"|(?P<up_to>を上限|以下|未満|まで(?!に))"
    r"|(?P<approx>規模|程度|前後|ほど|くらい|ぐらい|弱))"
)
_PAREN = re.compile(r"\s?\(([^()]{1,60})\)")
_QUAL_RANK = {"exact": 0, "approx": 1, "up_to": 2, "at_least": 2}


def _parse_number(s: str) -> tuple[Decimal, Decimal, bool] | None:
    """Read "5兆8600億", "二千億", "1,500", "数千億" or "十数億" as (low, high, ok).

    数 counts as 2..9, so ranges come out as low != high. `ok` says the number
    is a plausible amount on its own: kanji-only numbers without 百/千/万/億/兆
    are idioms (関東一円), not money.
    """
    total_lo = total_hi = sec_lo = sec_hi = Decimal(0)
    pend: tuple[Decimal, Decimal] | None = None
    pend_kanji = False
    last_big = 10**13
    plausible = False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            m = _ARABIC.match(s, i)
            if m is None or pend is not None:
                return None
            try:
                v = Decimal(m.group().replace(",", ""))
            except InvalidOperation:
                return None
            pend, pend_kanji, plausible, i = (v, v), False, True, m.end()
            continue
        if c in _KDIGIT:
            d = Decimal(_KDIGIT[c])
            if pend is not None and not pend_kanji:
                return None
            pend = (pend[0] * 10 + d, pend[1] * 10 + d) if pend else (d, d)
            pend_kanji = True
        elif c == "数":
            if pend is not None:
                return None
            pend, pend_kanji = (Decimal(2), Decimal(9)), False
        elif c in _SMALL:
            lo, hi = pend or (Decimal(1), Decimal(1))
            sec_lo += lo * _SMALL[c]
            sec_hi += hi * _SMALL[c]
            pend, plausible = None, plausible or c != "十"
        elif c in _BIG:
            unit = _BIG[c]
            if unit >= last_big:
                return None
            lo, hi = pend or (Decimal(0), Decimal(0))
            sec_lo, sec_hi = sec_lo + lo, sec_hi + hi
            if sec_hi == 0:
                return None
            total_lo += _CTX.multiply(sec_lo, unit)
            total_hi += _CTX.multiply(sec_hi, unit)
            sec_lo = sec_hi = Decimal(0)
            pend, last_big, plausible = None, unit, True
        else:
            return None
        i += 1
    if pend:
        sec_lo, sec_hi = sec_lo + pend[0], sec_hi + pend[1]
    return total_lo + sec_lo, total_hi + sec_hi, plausible


def _scale(word: str | None) -> int:
    """10**9 for "billion"/"bn"/"B"; single letters are case-sensitive (m is not M)."""
    if not word:
        return 1
    word = word.strip()
    return _SCALE.get(word) or _SCALE.get(word.lower(), 1)


def _top_unit(s: str) -> int:
    """The largest 兆/億/万 in a number, used to scale a bare range start (174~194億)."""
    return max((u for c, u in _BIG.items() if c in s), default=1)


def _num(d: Decimal) -> Number:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


# --------------------------------------------------------------------------
# finding amounts


@dataclass(slots=True)
class _Core:
    lo: Decimal
    hi: Decimal
    currency: str
    start: int
    end: int
    is_range: bool


def _core_from_match(m: re.Match[str]) -> tuple[_Core | None, int]:
    """Build the core amount of a regex match; second value: where to resume.

    A resume position before m.end() means only a leading part was used
    (e.g. a range whose two ends have different currencies).
    """
    if m.group("pcur"):
        return _prefix_core(m), m.end()
    num = _parse_number(m.group("num"))
    cur = _SUFFIX_CUR[m.group("cur")]
    if num is None or not num[2]:
        return None, m.end()
    if cur == "CNY" and not _plain_cny(m):
        return None, m.end()
    scale = _scale(m.group("sscale"))
    lo, hi = _CTX.multiply(num[0], scale), _CTX.multiply(num[1], scale)
    start = m.start("num")
    if m.group("lo"):
        lcur = m.group("lcur")
        if lcur and _SUFFIX_CUR[lcur] != cur:
            return None, m.start("num")  # "X円~Yドル": not one range
        low = _parse_number(m.group("lo"))
        if low is not None:
            llo = low[0]
            if not lcur and _top_unit(m.group("lo")) == 1:
                llo = _CTX.multiply(llo, _top_unit(m.group("num")))
            if llo <= lo:
                return _Core(llo, hi, cur, m.start("lo"), m.end(), True), m.end()
    return _Core(lo, hi, cur, start, m.end(), lo != hi), m.end()


def _plain_cny(m: re.Match[str]) -> bool:
    """元 follows numerals in ordinary words (一元化, 二元論): for 元, require
    Arabic digits or 万/億/兆 in the number, and no word-forming kanji after."""
    after = m.string[m.end() : m.end() + 1]
    if m.group("cur") == "元" and after and after in _NOT_CNY_AFTER:
        return False
    return any("0" <= c <= "9" or c in _BIG for c in m.group("num"))


def _prefix_core(m: re.Match[str]) -> _Core | None:
    """$38B, US$10 billion, USD 1 billion, $10-12 billion, $380億."""
    cur = _PREFIX_CUR[m.group("pcur")]
    first = _parse_number(m.group("pnum"))
    if first is None:
        return None
    scale = _scale(m.group("scale"))
    lo, hi = first[0], first[1]
    if m.group("pnum2"):
        second = _parse_number(m.group("pnum2"))
        scale2 = _scale(m.group("scale2")) if m.group("scale2") else scale
        if second is not None:
            if not m.group("scale"):
                scale = scale2
            lo2, hi2 = _CTX.multiply(lo, scale), _CTX.multiply(second[1], scale2)
            if lo2 <= hi2:
                return _Core(lo2, hi2, cur, m.start(), m.end(), True)
        end = m.start("pnum2")  # fall back to the first number alone
        return _Core(_CTX.multiply(lo, scale), _CTX.multiply(hi, scale), cur, m.start(), end, lo != hi)
    return _Core(_CTX.multiply(lo, scale), _CTX.multiply(hi, scale), cur, m.start(), m.end(), lo != hi)


def _excluded(text: str, core: _Core) -> bool:
    """Exchange rates (1ドル=150円) and price levels (150円台) are not amounts."""
    after = text[core.end : core.end + 2].lstrip()
    before = text[max(0, core.start - 2) : core.start].rstrip()
    return after.startswith(("台", "=")) or before.endswith("=")


def _pre_qualifier(text: str, start: int) -> tuple[str, int]:
    m = _PRE_QUAL.search(text, max(0, start - 8), start)
    if m is None:
        return "exact", start
    return next(k for k, v in m.groupdict().items() if v), m.start()


def _post_qualifier(text: str, end: int) -> tuple[str, int]:
    m = _POST_QUAL.match(text, end)
    if m is None:
        return "exact", end
    return next(k for k, v in m.groupdict().items() if v), m.end()


def _conversion(text: str, end: int, currency: str) -> tuple[Decimal | None, int] | None:
    """A parenthesised amount right after another one restates it in a
    different currency: "380億ドル(約5兆8600億円)". Returns (yen value if any,
    new end), or None when the parentheses hold something else.
    """
    m = _PAREN.match(text, end)
    if m is None:
        return None
    inner = m.group(1)
    for cm in _CORE.finditer(inner):
        core, _ = _core_from_match(cm)
        if core is None:
            continue
        if cm.start() > 8 or core.currency == currency:
            return None
        return (core.lo if core.currency == "JPY" else None), m.end()
    return None


def _combine(pre: str, post: str) -> str:
    """Bounds (超, 最大) say more than 約, so they win; the later one wins a tie."""
    return post if _QUAL_RANK[post] >= _QUAL_RANK[pre] else pre


def _build(text: str, core: _Core) -> Amount:
    pre, start = _pre_qualifier(text, core.start)
    post, end = _post_qualifier(text, core.end)
    jpy: Decimal | None = None
    conv = _conversion(text, end, core.currency)
    if conv is not None:
        jpy, end = conv
        if post == "exact":
            post, end = _post_qualifier(text, end)
    qualifier = "range" if core.is_range else _combine(pre, post)
    return Amount(
        value=_num(core.lo),
        currency=core.currency,
        qualifier=qualifier,
        high=_num(core.hi) if core.is_range else None,
        amount_jpy=_num(jpy) if jpy is not None and core.currency != "JPY" else None,
        start=start,
        end=end,
        surface=text[start:end],
    )


# Every amount contains a currency word; the full pattern only runs near one.
# Scanning for these literals is ~50x cheaper than trying _CORE at every offset.
_TRIGGER = re.compile(r"円|ドル|ユーロ|元|ポンド|\$|€|£|¥|USD|EUR|JPY|CNY|RMB|GBP")
_BEFORE, _AFTER = 80, 60  # longest number before / after a currency word


def _segments(text: str) -> list[tuple[int, int]]:
    """Merged windows of text around currency words."""
    return trigger_windows(text, _TRIGGER, _BEFORE, _AFTER)


def find_amounts(text: str) -> list[Amount]:
    """All amounts of money in `text`, in text order, without overlaps.

    A number counts only with a currency next to it (円, ドル, 米ドル, ユーロ,
    元, ポンド, $, US$, USD, €, £, ¥): percentages, counts (人, 社, 件, 台, 倍)
    and years are never money. 元 needs Arabic digits or 万/億/兆 before it.
    """
    out: list[Amount] = []
    pos = 0
    for seg_start, seg_end in _segments(text):
        pos = max(pos, seg_start)
        while pos < seg_end:
            m = _CORE.search(text, pos, seg_end)
            if m is None:
                break
            core, resume = _core_from_match(m)
            pos = max(resume, m.start() + 1)
            if core is None or _excluded(text, core):
                continue
            amount = _build(text, core)
            if out and amount.start < out[-1].end:
                amount = _trim_start(text, amount, out[-1].end)
            out.append(amount)
            pos = max(pos, amount.end)
    return out


def _trim_start(text: str, a: Amount, start: int) -> Amount:
    """Keep spans disjoint when a pre-qualifier overlaps the previous amount."""
    return Amount(a.value, a.currency, a.qualifier, a.high, a.amount_jpy, start, a.end, text[start : a.end])


def parse_amount(s: str) -> Amount | None:
    """The first amount in `s` after normalisation, or None."""
    found = find_amounts(normalize_text(s))
    return found[0] if found else None


# --------------------------------------------------------------------------
# metrics that are not deal values

_METRICS: tuple[tuple[str, str], ...] = (
    ("revenue", r"売上高|売上収益|売り上げ|売上げ|売上|営業収益|年商|収益"),
    ("profit", r"営業利益|純利益|最終利益|経常利益|税引き?前利益|最終損益|純損失|営業損失|赤字|黒字|利益"),
    ("market_cap", r"時価総額"),
    ("market_size", r"市場規模|市場は|市場が"),
    ("share_price", r"株価|1株|一株|株当たり"),
    ("capex", r"設備投資|総事業費|(?<!への)(?<!に対する)投資計画|データセンター(?:への)?投資|インフラ投資"),
    ("valuation", r"企業価値|評価額|バリュエーション"),
    ("budget", r"予算"),
    ("funds", r"基金"),
)
_METRIC_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _METRICS))
# "売上高は、1兆円" keeps its comma; any other 、 starts a new clause.
_TOPIC_COMMA = re.compile("(?:" + "|".join(v for _, v in _METRICS) + r")(?:は|が|も)?\s?\Z")
_AFTER_RE = re.compile(
    r"\s?の?\s?(?:"
    + "|".join(f"(?P<{k}>{v})" for k, v in _METRICS if k != "market_size")
    + r"|(?P<market_size>市場))"
)
# A deal word between the metric and the amount means the amount is the deal's.
_DEAL_WORDS = re.compile(r"契約|出資|買収|提携|調達|取得|合意|締結|受注|投資し|投資する|を投資")
_MONEY_END = re.compile(r"(?:円|ドル|ユーロ|元|ポンド)")
_SENTENCE_END = "。!?\n"
_WINDOW = 20


def non_deal_reason(text: str, amount: Amount) -> str | None:
    """Label an amount that is a financial metric rather than a deal value.

    Rule: look right after the amount ("1兆円の売上高", at most の between),
    then at the closest metric word in the `_WINDOW` characters before it,
    within the same clause (a 、 ends a clause unless it follows the metric
    word itself, as in "売上高は、") and after any earlier amount (that word
    belongs to the earlier amount). A deal word (契約, 出資, ...) between the
    metric word and the amount cancels it. Labels: revenue, profit,
    market_cap, market_size, share_price, capex, valuation, budget, funds;
    None means "may be a deal value".
    """
    start = min(max(amount.start, 0), len(text))
    end = min(max(amount.end, start), len(text))
    after = _AFTER_RE.match(text, end)
    if after is not None:
        return after.lastgroup
    lo = max(0, start - _WINDOW)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in _SENTENCE_END:
            lo = i + 1
            break
    window = text[lo:start]
    money = [mm.end() for mm in _MONEY_END.finditer(window)]
    if money:
        window = window[money[-1] :]
    comma = window.rfind("、")
    if comma >= 0 and not _TOPIC_COMMA.search(window, 0, comma):
        window = window[comma + 1 :]
    best = None
    for mm in _METRIC_RE.finditer(window):
        best = mm
    if best is None or _DEAL_WORDS.search(window, best.end()):
        return None
    return best.lastgroup
