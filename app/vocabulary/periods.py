"""Reporting periods (报告期): month 2025-03, quarter 2025Q1, half-year 2025H1, year 2025."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum


class Granularity(str, Enum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


MONTHS_PER = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.HALF: 6, Granularity.YEAR: 12}
_CN_NUM = "一二三四"
_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), Granularity.MONTH),
    (re.compile(r"^(\d{4})\s*[-年]?\s*Q([1-4])$", re.I), Granularity.QUARTER),  # also 2025-Q1, 2025年Q1
    (re.compile(r"^(\d{4})\s*[-年]?\s*H([12])$", re.I), Granularity.HALF),
    (re.compile(r"^(\d{4})$"), Granularity.YEAR),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), Granularity.MONTH),
    (re.compile(r"^(\d{4})年第?([一二三四1-4])季度$"), Granularity.QUARTER),  # also 2025年一季度
    (re.compile(r"^(\d{4})年(上|下)半年$"), Granularity.HALF),
    (re.compile(r"^(\d{4})年(?:度)?$"), Granularity.YEAR),
]


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period; ordered by start, then by length (a year sorts after its Q1)."""

    start: date
    months: int

    @property
    def granularity(self) -> Granularity:
        return next(g for g, m in MONTHS_PER.items() if m == self.months)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def index(self) -> int:
        """1-based position within the year: month number, quarter number, half number, 1."""
        return (self.start.month - 1) // self.months + 1

    @property
    def end(self) -> date:
        """The last day of the period."""
        month0 = self.start.month - 1 + self.months
        first_after = date(self.start.year + month0 // 12, month0 % 12 + 1, 1)
        return first_after - timedelta(days=1)

    @property
    def code(self) -> str:
        g = self.granularity
        if g is Granularity.MONTH:
            return f"{self.year}-{self.index:02d}"
        if g is Granularity.QUARTER:
            return f"{self.year}Q{self.index}"
        if g is Granularity.HALF:
            return f"{self.year}H{self.index}"
        return str(self.year)

    @property
    def label(self) -> str:
        """How people read it: 2025年第一季度."""
        g = self.granularity
        if g is Granularity.MONTH:
            return f"{self.year}年{self.index}月"
        if g is Granularity.QUARTER:
            return f"{self.year}年第{_CN_NUM[self.index - 1]}季度"
        if g is Granularity.HALF:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年"

    def __str__(self) -> str:
        return self.code

    @property
    def as_of(self) -> tuple[date, int]:
        """How recent what a report for the period says is, to pick a unit's latest word: by its end
        (a report for the year 2025 speaks as of 31 December, as a fourth quarter's does, though the
        year sorts before 2025Q2 by its start), then the longer period: a unit's row for the year
        2025 beside its 2025Q4 row is its word on the whole year (a year's report takes it)."""
        return self.end, self.months

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def previous(self) -> Period:
        month0 = self.start.year * 12 + self.start.month - 1 - self.months
        return Period(date(month0 // 12, month0 % 12 + 1, 1), self.months)

    def next(self) -> Period:
        month0 = self.start.year * 12 + self.start.month - 1 + self.months
        return Period(date(month0 // 12, month0 % 12 + 1, 1), self.months)

    def sub_periods(self) -> list[Period]:
        """The period and every month, quarter and half-year inside it (a year report carries its quarters)."""
        found = []
        for months in (1, 3, 6, 12):
            if months > self.months:
                continue
            p = Period(self.start, months)
            while p.start <= self.end:
                found.append(p)
                p = p.next()
        return found

    @classmethod
    def of(cls, day: date, granularity: Granularity) -> Period:
        months = MONTHS_PER[granularity]
        return cls(date(day.year, (day.month - 1) // months * months + 1, 1), months)


def parse_period(text: object) -> Period:
    """Parse 2025-03, 2025Q1, 2025H1, 2025 or their Chinese forms (2025年第一季度 …)."""
    raw = str(text).strip().translate(_FULLWIDTH)
    if isinstance(text, (int, float)) and float(text).is_integer():
        raw = str(int(text))
    for pattern, granularity in _PATTERNS:
        m = pattern.match(raw)
        if not m:
            continue
        year = int(m.group(1))
        part = m.group(2) if m.lastindex and m.lastindex >= 2 else "1"
        index = {"上": 1, "下": 2}.get(part) or (_CN_NUM.index(part) + 1 if part in _CN_NUM else int(part))
        months = MONTHS_PER[granularity]
        if not 1900 <= year <= 2999 or not 1 <= index <= 12 // months:
            break
        return Period(date(year, (index - 1) * months + 1, 1), months)
    raise PeriodError(f"报告期“{text}”无法识别，应写作 2025Q1、2025-03、2025H1 或 2025 等形式")


_FULLWIDTH = str.maketrans("０１２３４５６７８９－ＱＨｑｈ", "0123456789-QHqh")
