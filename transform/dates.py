"""Date mentions in Japanese news text, resolved against the publication date.

Input is expected to be `normalize_text()`-ed (ASCII digits, "(月)" with ASCII
parentheses); nothing here raises on any string. A mention resolves to
"YYYY-MM-DD", "YYYY-MM" or "YYYY", as precise as the text is and no more:
"来年春" is a year, "11月下旬" a month.

Relative forms (11月3日, 3日, 昨年12月, 先月, 本日, 2年前) need `published`; without
it they are skipped. 同日/同月/同年 refer to the last date mentioned before
them, falling back to `published`. Durations (3年間, 10日間, 6か月) and
decades (2020年代) are not dates and are never returned.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass

from transform.normalize import starting_with, trigger_windows

__all__ = ["DateMention", "find_dates", "parse_published"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date; `relative` is True when it needed `published` or context."""

    value: str
    start: int
    end: int
    surface: str
    relative: bool


# --------------------------------------------------------------------------
# parse_published

_JST = dt.timezone(dt.timedelta(hours=9))
_JP_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUM_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_published(s: str | None) -> dt.date | None:
    """Publication date from ISO dates/datetimes, "2025年11月4日" or RFC 2822.

    Aware datetimes are converted to Japan time first: a feed's
    "Mon, 03 Nov 2025 22:00:00 GMT" is a 4 November article for its readers.
    """
    if not s:
        return None
    s = s.strip()
    try:
        stamp = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return _local_date(stamp)
    except (ValueError, OverflowError):
        pass
    for pattern in (_JP_DATE, _NUM_DATE):
        m = pattern.match(s)
        if m:
            return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    try:
        return _local_date(email.utils.parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _local_date(stamp: dt.datetime) -> dt.date | None:
    try:
        return stamp.astimezone(_JST).date() if stamp.tzinfo else stamp.date()
    except (ValueError, OverflowError):
        return None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


# --------------------------------------------------------------------------
# patterns

_KNUM = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_NB = r"(?<![0-9.,/\-])"  # no digit run continues into the number
_KNB = r"(?<![〇一二三四五六七八九十])"

_YEAR = (
    rf"(?:{_NB}(?P<y>(?:19|20)[0-9]{{2}}|[一二][〇一二三四五六七八九]{{3}})年"
    r"|(?P<era>令和|平成)(?P<en>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})年"
    r"|(?P<ry>一昨年|今年|昨年|去年|来年|本年|同年|翌年|前年(?!同|度))(?!比|同期|並み|来)"
    rf"|{_NB}(?P<y2>[0-9]{{2}})年(?=度|[0-9]{{1,2}}月))"
)
_MONTH = rf"(?:{_NB}{_KNB}(?P<m>[0-9]{{1,2}}|十[一二]?|[一二三四五六七八九])月)"
_DAY = r"(?P<d>[0-9]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
_WEEKDAY = r"(?:\s?\([月火水木金土日](?:・祝)?\))?"
_PART_M = r"(?:上旬|中旬|下旬|初旬|初め|末|中)?"
_PART_Y = r"(?:度(?:内|末|中)?|春|夏|秋|冬|以降|初め|初頭|前半|後半|半ば|末|中|上期|下期|上半期|下半期)?"
_NOT_SPAN = r"(?!間|代|ぶり|来)"  # 3年間, 2020年代, 10年ぶり: durations, not dates
_REL_MONTH = r"(?P<rm>今月|先々月|先月|来月|前月|翌月|同月)"
_REL_DAY = r"(?P<rd>一昨日|本日|今日|同日|昨日|明日|前日|翌日)"
_REL_WEEK = r"(?P<rw>先週|今週|来週)"
# A bare day only when it is not a count: 10日間, 3日目, 30日以内, 3日後.
_BARE_DAY = (
    r"(?<![0-9.,/\-月])(?P<d>[0-9]{1,2})日" + _WEEKDAY
    + r"(?!間|目|以内|連続|分|後|前|ぶり|程度|ほど|余|ごと|おき|超|弱|あたり|当たり|[0-9])"
)  # fmt: skip

# One pattern per leading word; the most specific branch comes first inside it.
# Each is tried only where one of its first characters occurs (see starting_with),
# and only in windows holding the word every match of it contains (most windows
# hold one or two of 年, 月, 日, 週, and a str search is a tenth of a pattern's scan
# of the window).
_PATTERN_TABLE = (
    ("year", "0-9一二令平今昨去来本同翌前", "年",
     _YEAR + rf"(?:(?:(?<=年)の)?{_MONTH}(?:{_DAY}{_WEEKDAY}|{_PART_M})|{_PART_Y}{_NOT_SPAN})"),
    # A month without a day must be written in digits: 一月 is too often a word.
    ("month", "0-9一二三四五六七八九十", "月", rf"{_MONTH}(?:{_DAY}{_WEEKDAY}|(?<=[0-9]月){_PART_M}(?!曜|間))"),
    ("rel_month", "今先来前翌同", "月", _REL_MONTH + rf"(?:{_DAY}{_WEEKDAY}|{_PART_M})"),
    ("rel_day", "一本今同昨明前翌", "日", _REL_DAY),
    ("rel_week", "先今来", "週", _REL_WEEK),
    # "2年前に提携した": the year, counted back from publication
    ("ago", "0-9一二三四五六七八九十", "年前", rf"{_NB}(?P<n>[0-9]{{1,2}}|[一二三四五六七八九十])年前(?!後|半)"),
    ("day", "0-9", "日", _BARE_DAY),
    # a bare day in kanji only where a report gives its day: "東雲通信は八日、"
    ("kday", "一二三四五六七八九十", "日",
     r"(?<=[はが、])(?P<d>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日(?=、|付)"),
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, starting_with(first, p)) for kind, first, _, p in _PATTERN_TABLE)
_NEEDS = {kind: need for kind, _, need, _ in _PATTERN_TABLE}
# ISO-like dates have no 年月日; the digit check before them is done in code
# so that the pattern starts with literals, which re scans for quickly.
_ISO = re.compile(r"(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?![0-9])")
# Every other mention contains one of these; the patterns only run near them.
_TRIGGER = re.compile(r"[年月日週]")
# Seasons without a year (今春, 昨秋, 来春) and 年明け: the year they fall in, like 2025年秋.
# 年明け is this January until midsummer, next January after it. Not 今春闘 (wage talks),
# nor a season that names a product line or term (今秋モデル, 今冬季).
# 年初 (the start of this year) gives this year; not 年初来 (year to date), and 来年初 and
# 今年初 are read as 来年 and 今年.
_SEASON = re.compile(r"(?:(?P<rel>今|昨|来)(?P<season>春|夏|秋|冬)(?![春夏秋冬闘季期学号物田日目至]|モデル)|(?<!今)(?P<ny>年明け)"
                     r"|(?<![今来昨前翌同])(?P<start>年初)(?!来))")
# The month each season begins: 今秋 in May is still to come, like 来春, and dates nothing.
_SEASON_STARTS = {"春": 3, "夏": 6, "秋": 9, "冬": 12}
_BEFORE, _AFTER = 12, 25  # longest mention part before / after a trigger


# A labelled payment or effective date in a term sheet ("払込日:2025年2月28日") is
# not what a later 同日 refers to.
_SIDE_DATE = re.compile(r"(?:払込|払い込み|効力発生|実行|譲渡|決済)(?:期)?日\s*[:は]\s*$")

# --------------------------------------------------------------------------
# resolution


@dataclass(slots=True)
class _Context:
    """The publication date and the last date the text has mentioned so far."""

    published: dt.date | None
    year: int | None = None
    month: tuple[int, int] | None = None
    day: dt.date | None = None

    def remember(self, value: str) -> None:
        parts = [int(p) for p in value.split("-")]
        self.year = parts[0]
        if len(parts) >= 2:
            self.month = (parts[0], parts[1])
        if len(parts) == 3:
            self.day = dt.date(*parts)


def _small(s: str | None) -> int | None:
    """Arabic or kanji (十一, 二十三, 二〇二五) small number."""
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if s == "元":
        return 1
    if "十" not in s:
        v = 0
        for c in s:
            v = v * 10 + _KNUM.get(c, 0)
        return v
    tens, _, ones = s.partition("十")
    return (_KNUM.get(tens, 1) if tens else 1) * 10 + (_KNUM.get(ones, 0) if ones else 0)


def _year(m: re.Match[str], ctx: _Context) -> int | None:
    """The year named by a match's year part (absolute, era, relative or 2-digit)."""
    g = m.groupdict()
    if g.get("y"):
        y = _small(g["y"])
        return y if y is not None and 1900 <= y <= 2099 else None
    if g.get("era"):
        n = _small(g["en"])
        return None if n is None else n + (2018 if g["era"] == "令和" else 1988)
    if g.get("y2"):
        yy = int(g["y2"])
        return 2000 + yy if yy < 70 else 1900 + yy
    ry = g.get("ry")
    if ry in ("同年", "翌年", "前年"):  # 前年: the year before the one just named, else last year
        base = ctx.year if ctx.year is not None else (ctx.published.year if ctx.published else None)
        if base is None or (ry == "翌年" and ctx.year is None):
            return None
        return base + {"同年": 0, "翌年": 1, "前年": -1}[ry]
    if ctx.published is None:
        return None
    offset = {"一昨年": -2, "昨年": -1, "去年": -1, "来年": 1}.get(ry or "", 0)
    return ctx.published.year + offset


def _nearest_year(month: int, day: int | None, pub: dt.date) -> int | None:
    """The year of a month (and day) written without one: the latest of next,
    this and last year that is not more than about a month after publication.

    News reports what has happened: "3月19日" in a December article is this
    March, "12月26日" in a January article last December. An upcoming event a
    few weeks ahead ("1月20日に稼働" on 20 December) is next year's; one further
    ahead would have been written with 来年.
    """
    for year in (pub.year + 1, pub.year, pub.year - 1):
        if day is None:
            if (year * 12 + month) - (pub.year * 12 + pub.month) <= 1:
                return year
            continue
        d = _safe_date(year, month, day)
        if d is not None and (d - pub).days <= _AHEAD_DAYS:
            return year
    return None


_AHEAD_DAYS = 31


def _bare_day(day: int, pub: dt.date) -> dt.date | None:
    """"3日" is in the publication month, unless that is more than ~10 days
    after publication: then it is last month's (an article of 2 Dec saying 28日)."""
    d = _safe_date(pub.year, pub.month, day)
    if d is not None and (d - pub).days <= 10:
        return d
    y, mo = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
    return _safe_date(y, mo, day)


def _ymd(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    date = _safe_date(y, m, d)
    return date.isoformat() if date else None


def _ym(y: int | None, m: int | None) -> str | None:
    if y is None or m is None or not 1 <= m <= 12 or not 1 <= y <= 9999:
        return None
    return f"{y:04d}-{m:02d}"


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _r_year(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    """An explicit year, with a month and day when given (2025年11月3日, 2025年秋)."""
    y = _year(m, ctx)
    if m["d"]:
        return _ymd(y, _small(m["m"]), _small(m["d"])), bool(m["ry"])
    if m["m"]:
        return _ym(y, _small(m["m"])), bool(m["ry"])
    if m.group().endswith("年末") and y is not None and not m.group().startswith(("今年", "本年")):
        return _ym(y, 12), bool(m["ry"])  # 昨年末: its December, as 先月末 is its month
    return (f"{y:04d}" if y is not None and 1 <= y <= 9999 else None), bool(m["ry"])


def _r_iso(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    return _ymd(int(m["y"]), int(m["m"]), int(m["d"])), False


# The first verb after a date, in its clause: a plan ("10月に買収すると発表した", "12月1日に払い込む予定")
# or a past event ("10月に買収した").
_PLAN_VERB = re.compile(r"する|します|予定|見込み|見通し|計画|方針|目指|始める|させる|払い込む|完了する")
_PAST_VERB = re.compile(r"した|された|ていた|ており|てきた|だった|結んだ|始めた|終えた|決めた|込んだ")
_CLAUSE_END = re.compile(r"[、。]")


def _planned(m: re.Match[str]) -> bool:
    """Whether the clause after a date says it is still to come (its first verb is not past)."""
    end = _CLAUSE_END.search(m.string, m.end(), m.end() + 40)
    clause = m.string[m.end():end.start() if end else m.end() + 40]
    plan, past = _PLAN_VERB.search(clause), _PAST_VERB.search(clause)
    return plan is not None and (past is None or plan.start() < past.start())


def _r_month(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    """11月3日 / 11月下旬 without a year: the year nearest to publication; for a plan
    ("10月に買収する" in May) the next such month, which is this year's or next year's."""
    month, day = _small(m["m"]), _small(m["d"])
    if ctx.published is None or month is None or not 1 <= month <= 12:
        return None, True
    year = _nearest_year(month, day, ctx.published)
    pub = ctx.published
    if year is not None and (year * 12 + month) < (pub.year * 12 + pub.month) and _planned(m):
        year = pub.year if month >= pub.month else pub.year + 1
    return (_ymd(year, month, day) if day is not None else _ym(year, month)), True


def _rel_month(m: re.Match[str], ctx: _Context) -> tuple[int, int] | None:
    rm = m["rm"]
    if rm == "同月":
        if ctx.month:
            return ctx.month
        return (ctx.published.year, ctx.published.month) if ctx.published else None
    if rm in ("前月", "翌月") and ctx.month:
        return _shift_month(*ctx.month, -1 if rm == "前月" else 1)
    if ctx.published is None:
        return None
    delta = {"先々月": -2, "先月": -1, "前月": -1, "来月": 1, "翌月": 1}.get(rm, 0)
    return _shift_month(ctx.published.year, ctx.published.month, delta)


def _r_rel_month(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    ym = _rel_month(m, ctx)
    if ym is None:
        return None, True
    return (_ymd(ym[0], ym[1], _small(m["d"])) if m["d"] else _ym(*ym)), True


_DAY_OFFSET = {"一昨日": -2, "昨日": -1, "明日": 1, "前日": -1, "翌日": 1}


def _r_rd(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    """本日/今日/昨日 count from publication; 同日/前日/翌日 from the last day
    mentioned (a 前日 with no day before it is the day before publication)."""
    rd = m["rd"]
    if rd == "同日" and ctx.day is None and ctx.month is not None:
        # "先月…を設立し、同日付で…契約も結んだ": the same day of a month named without its
        # day is that month, as precise as the text is (not the publication day)
        return _ym(*ctx.month), True
    anchored = rd in ("同日", "前日", "翌日")
    base = ctx.day if anchored and ctx.day else ctx.published
    if base is None or (rd == "翌日" and ctx.day is None):
        return None, True
    return (base + dt.timedelta(days=_DAY_OFFSET.get(rd, 0))).isoformat(), True


def _r_rw(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    """A week is not a day: 先週/今週/来週 resolve to the month they fall in."""
    if ctx.published is None:
        return None, True
    d = ctx.published + dt.timedelta(days={"先週": -7, "来週": 7}.get(m["rw"], 0))
    return f"{d.year:04d}-{d.month:02d}", True


def _r_ago(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    n = _small(m["n"])
    if ctx.published is None or n is None:
        return None, True
    return f"{ctx.published.year - n:04d}", True


def _r_season(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    if ctx.published is None:
        return None, True
    if m["start"]:
        y = ctx.year if ctx.year is not None else ctx.published.year  # "転機は2021年だった。年初に…"
    elif m["ny"]:
        y = ctx.published.year + (ctx.published.month > 6)
    elif m["rel"] == "今" and ctx.published.month < _SEASON_STARTS[m["season"]] \
            and not (m["season"] == "冬" and ctx.published.month <= 2):  # this winter, in February
        return None, True
    else:
        y = ctx.published.year + {"今": 0, "昨": -1, "来": 1}[m["rel"]]
    return f"{y:04d}", True


def _r_d(m: re.Match[str], ctx: _Context) -> tuple[str | None, bool]:
    day = _small(m["d"])
    if ctx.published is None or not day:
        return None, True
    d = _bare_day(day, ctx.published)
    return (d.isoformat() if d else None), True


_RESOLVERS: dict[str, Callable[[re.Match[str], _Context], tuple[str | None, bool]]] = {
    "year": _r_year, "iso": _r_iso, "month": _r_month, "rel_month": _r_rel_month,
    "rel_day": _r_rd, "rel_week": _r_rw, "ago": _r_ago, "day": _r_d, "kday": _r_d, "season": _r_season,
}  # fmt: skip


def _segments(text: str) -> list[tuple[int, int]]:
    """Merged windows of text around 年/月/日/週."""
    return trigger_windows(text, _TRIGGER, _BEFORE, _AFTER)


def _candidates(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping matches, leftmost first and longest at equal starts;
    the pattern order breaks remaining ties (more specific first)."""
    found = [
        (m.start(), -m.end(), i, kind, m)
        for a, b in _segments(text)
        for window in (text[a:b],)
        for i, (kind, p) in enumerate(_PATTERNS)
        if _NEEDS[kind] in window
        for m in p.finditer(text, a, b)
    ]
    found += [
        (m.start(), -m.end(), -1, "iso", m)
        for m in _ISO.finditer(text)
        if not text[m.start() - 1 : m.start()].isdigit()
    ]
    if any(c in text for c in "春夏秋冬") or "年明け" in text or "年初" in text:  # every _SEASON match holds one
        found += [(m.start(), -m.end(), -2, "season", m) for m in _SEASON.finditer(text)]
    found.sort(key=lambda t: t[:3])
    out: list[tuple[str, re.Match[str]]] = []
    last_end = 0
    for start, neg_end, _, kind, m in found:
        if start >= last_end and -neg_end > start:
            out.append((kind, m))
            last_end = -neg_end
    return out


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Date mentions in text order, each resolved to YYYY-MM-DD, YYYY-MM or YYYY.

    Mentions that cannot be resolved (relative ones without `published`,
    impossible dates such as 2月30日) are left out.
    """
    ctx = _Context(published)
    out: list[DateMention] = []
    for kind, m in _candidates(text):
        try:
            value, relative = _RESOLVERS[kind](m, ctx)
        except (ValueError, OverflowError):
            continue
        if value is None:
            continue
        if not _SIDE_DATE.search(text, max(0, m.start() - 8), m.start()):
            ctx.remember(value)
        out.append(DateMention(value, m.start(), m.end(), m.group(), relative))
    return out
