from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vocabulary.periods import Granularity, Period, PeriodError, parse_period


@pytest.mark.parametrize(
    "text,code,label",
    [
        ("2025-03", "2025-03", "2025年3月"),
        ("2025Q1", "2025Q1", "2025年第一季度"),
        ("2025q4", "2025Q4", "2025年第四季度"),
        ("2025H1", "2025H1", "2025年上半年"),
        ("2025", "2025", "2025年"),
        ("2025年第二季度", "2025Q2", "2025年第二季度"),
        ("2024年下半年", "2024H2", "2024年下半年"),
        (2025, "2025", "2025年"),
        (2025.0, "2025", "2025年"),
        # as clerks write them in a cell
        ("2025年一季度", "2025Q1", "2025年第一季度"),
        ("2025年3季度", "2025Q3", "2025年第三季度"),
        ("2025-Q2", "2025Q2", "2025年第二季度"),
        ("2025年Q4", "2025Q4", "2025年第四季度"),
    ],
)
def test_parse_and_show(text: object, code: str, label: str) -> None:
    period = parse_period(text)
    assert (period.code, period.label) == (code, label)


@pytest.mark.parametrize("bad", ["2025Q5", "2025-13", "2025H3", "Q1", "去年", "", "2025年五季度", "2025--Q1"])
def test_bad_periods(bad: str) -> None:
    with pytest.raises(PeriodError, match="报告期"):
        parse_period(bad)


def test_bounds_and_order() -> None:
    q1 = parse_period("2025Q1")
    assert (q1.start, q1.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert parse_period("2024H2").end == date(2024, 12, 31)
    assert parse_period("2024-02").end == date(2024, 2, 29)
    assert sorted(parse_period(p) for p in ["2025Q2", "2025", "2024Q4", "2025Q1"]) == [
        parse_period(p) for p in ["2024Q4", "2025Q1", "2025", "2025Q2"]
    ]
    assert parse_period("2025").covers(q1) and not q1.covers(parse_period("2025"))
    assert q1.previous().code == "2024Q4" and q1.next().code == "2025Q2"


@given(st.dates(date(1950, 1, 1), date(2900, 12, 31)), st.sampled_from(list(Granularity)))
def test_every_day_lies_in_exactly_its_period(day: date, granularity: Granularity) -> None:
    period = Period.of(day, granularity)
    assert period.contains(day)
    assert not period.previous().contains(day) and not period.next().contains(day)
    assert parse_period(period.code) == period
    assert parse_period(period.label) == period
    assert period.previous().next() == period
