"""What a nightly run did, in numbers and in words, for the CLI and the Prefect UI."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class SourceReport:
    source: str
    discovered: int = 0
    already_known: int = 0
    attempted: int = 0
    articles: int = 0          # extracted this run
    articles_new: int = 0      # loaded (not duplicates)
    deals_new: int = 0
    spooled: int = 0           # articles fetched but waiting in the spool (warehouse was busy)
    error: str | None = None   # the source's feed/sitemap/listing could not be read
    outcomes: Counter = field(default_factory=Counter)  # page fetch outcomes

    @property
    def failed_pages(self) -> int:
        return sum(n for kind, n in self.outcomes.items() if kind not in ("ok", "not_modified"))


@dataclass(frozen=True, slots=True)
class NewDeal:
    type: str
    parties: tuple[str, ...]
    amount: str
    date: str | None
    title: str | None
    url: str


@dataclass(slots=True)
class RunSummary:
    run_id: str
    name: str
    sources: list[SourceReport]
    new_deals: list[NewDeal]
    warehouse: str
    fetch_concurrency: int = 0  # most page requests in flight at once during the run

    @property
    def sources_failed(self) -> int:
        return sum(1 for s in self.sources if s.error)

    @property
    def articles_new(self) -> int:
        return sum(s.articles_new for s in self.sources)

    @property
    def deals_new(self) -> int:
        return sum(s.deals_new for s in self.sources)

    @property
    def failures(self) -> Counter:
        total: Counter = Counter()
        for s in self.sources:
            for kind, n in s.outcomes.items():
                if kind not in ("ok", "not_modified"):
                    total[kind] += n
            if s.error:
                total["source:" + s.error.split(":", 1)[0]] += 1
            if s.spooled:
                total["spooled:warehouse_busy"] += s.spooled
        return total

    @property
    def status(self) -> str:
        if self.sources and self.sources_failed == len(self.sources):
            return "failed"
        return "partial" if self.sources_failed or self.failures else "ok"

    def headline(self) -> str:
        return (f"{self.name}: {self.articles_new} new articles, {self.deals_new} new deals from "
                f"{len(self.sources)} sources ({self.sources_failed} failed); status {self.status}")

    def markdown(self) -> str:
        lines = [f"# {self.name}", "", self.headline(), "", "## Sources", "",
                 "| source | discovered | already stored | fetched | new articles | deals | failed pages | error |",
                 "|---|---:|---:|---:|---:|---:|---:|---|"]
        for s in self.sources:
            lines.append(f"| {s.source} | {s.discovered} | {s.already_known} | {s.attempted} | {s.articles_new} "
                         f"| {s.deals_new} | {s.failed_pages} | {s.error or ''} |")
        lines += ["", "## New deals", ""]
        if self.new_deals:
            lines += ["| type | parties | amount | date | article |", "|---|---|---|---|---|"]
            for d in self.new_deals:
                title = (d.title or d.url).replace("|", "\\|")
                lines.append(f"| {d.type} | {' × '.join(d.parties)} | {d.amount} | {d.date or ''} "
                             f"| [{title}]({d.url}) |")
            if self.deals_new > len(self.new_deals):
                lines += ["", f"The first {len(self.new_deals)} of {self.deals_new} new deals; all of them are in "
                              f"the warehouse's `v_deals` view."]
        else:
            lines.append("No new deals tonight.")
        lines += ["", "## Page fetch outcomes per source", "", "| source | outcome | pages |", "|---|---|---:|"]
        for s in self.sources:
            for kind, n in sorted(s.outcomes.items()):
                lines.append(f"| {s.source} | {kind} | {n} |")
        lines += ["", "## Failures by kind", ""]
        if self.failures:
            lines += ["| kind | count |", "|---|---:|"]
            lines += [f"| {kind} | {n} |" for kind, n in sorted(self.failures.items())]
        else:
            lines.append("None.")
        report = Path(self.warehouse).resolve().parent / "report" / "index.html"
        lines += ["", f"Report with charts: [{report}]({report.as_uri()})",
                  "", f"Warehouse: `{self.warehouse}` (run id `{self.run_id}`)"]
        return "\n".join(lines)


def format_amount(value: float | None, currency: str | None, qualifier: str | None, high: float | None = None) -> str:
    if value is None or currency is None:
        return ""
    def short(v: float) -> str:
        for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
            if abs(v) >= size:
                return f"{v / size:,.4g}{unit}"
        return f"{v:,.0f}"
    prefix = {"approx": "~", "at_least": ">=", "up_to": "<=", "exact": ""}.get(qualifier or "", "")
    text = f"{short(value)}-{short(high)}" if qualifier == "range" and high else short(value)
    return f"{prefix}{text} {currency}"
