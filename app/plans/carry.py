"""Carrying a plan from ledger to ledger in the workbooks (SPEC §1, §5): a workbook names the plan its
period's rows are reported under, and carries the whole plan when the receiver may not have it
(every plan but the built-in one). Importing such a workbook adds the plan first; a unit that
reported under an older plan is read against that plan, not the one in force at the receiver.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.exchange.layout import Meta
from app.store import catalogue
from app.vocabulary.periods import Period, PeriodError, parse_period
from app.vocabulary.validators import WrittenIn
from db.models import Plan

TASK_KIND, INDICATOR_KIND = "task_progress", "indicator_value"


def name_plan(s: Session, meta: Meta, plan: catalogue.PlanRef = None) -> None:
    """Write into `meta` the plan of its period (or `plan`), with the plan's content unless built in."""
    if plan is None and meta.period is None:
        return
    p = catalogue.get_plan(s, plan if plan is not None else meta.period)
    meta.plan, meta.plan_name = p.uid, p.name
    meta.plan_data = "" if p.builtin else json.dumps(catalogue.plan_as_data(s, p), ensure_ascii=False)


def meta_pairs(s: Session, period: Period) -> list[tuple[str, str]]:
    """The same, as the key/value pairs of a _meta sheet written pair by pair (the feedback workbook)."""
    meta = Meta(period=period)
    name_plan(s, meta)
    pairs = [("plan", meta.plan), ("plan_name", meta.plan_name)]
    pairs += [(f"plan_data_{i}", chunk) for i, chunk in enumerate(_chunks(meta.plan_data))]
    return pairs


def _chunks(text: str, size: int = 30_000) -> list[str]:
    """Pieces below a cell's limit that neither begin nor end with white space (readers strip it)."""
    found, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        while end < len(text) and end > start + 1 and (text[end - 1].isspace() or text[end].isspace()):
            end -= 1
        found.append(text[start:end])
        start = end
    return found


@dataclass
class PlanNumbers:
    """The task and indicator numbers of one plan, whether the ledger has it or a file carries it."""

    uid: str
    name: str
    plan_id: int | None  # None: the ledger does not have it (yet)
    tasks: set[int] = field(default_factory=set)
    indicators: dict[int, str] = field(default_factory=dict)  # number → 计量单位

    @classmethod
    def of_plan(cls, s: Session, plan: Plan) -> PlanNumbers:
        return cls(
            plan.uid,
            plan.name,
            plan.id,
            set(catalogue.task_texts(s, plan)),  # the numbers alone: one light query per file imported
            {i.number: i.measure_unit for i in catalogue.indicators(s, plan)},
        )

    @classmethod
    def of_data(cls, data: dict[str, Any]) -> PlanNumbers:
        return cls(
            str(data.get("uid", "")),
            str(data.get("title", "")),
            None,
            {int(t["number"]) for t in data.get("tasks", [])},
            {int(i["number"]): str(i.get("measure_unit") or "") for i in data.get("indicators", [])},
        )


def carried_data(meta: Meta | None) -> dict[str, Any] | None:
    """The plan a workbook carries, or None (none carried, or unreadable)."""
    if not meta or not meta.plan_data:
        return None
    try:
        data = json.loads(meta.plan_data)
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("uid") == meta.plan else None


def plans_come_down(role: str, consolidated: bool) -> bool:
    """Whether a workbook may bring this ledger a plan: at an office (from the bureau), and at a bureau
    only with a consolidated workbook it chose to import (a district's for the city). A unit's
    submission never adds or changes the bureau's plans."""
    return role != "bureau" or consolidated


def foreign_plan_warning(s: Session, meta: Meta | None) -> str:
    """What the bureau is told of a unit's file naming a plan it does not have ("" when it has it)."""
    if not meta or not meta.plan or catalogue.plan_by_uid(s, meta.plan) is not None:
        return ""
    name = meta.plan_name or "（未命名）"
    return (
        f"本文件按行动方案《{name.strip('《》')}》报送，区局台账中没有该方案。行动方案只由区局下发，"
        "单位报送的文件不会添加或更改区局的方案；本文件的任务和指标按区局台账中该年度的方案核对，请向该单位核实其使用的方案"
    )


def plan_to_add(s: Session, meta: Meta | None) -> dict[str, Any] | None:
    """The plan a workbook carries that this ledger does not have yet."""
    data = carried_data(meta)
    if data is None or catalogue.plan_by_uid(s, str(data["uid"])) is not None:
        return None
    return data


class FilePlans:
    """Which plan each row of one workbook is reported under, and whether its number is in it.

    Rows of the file's own reporting year are read against the plan the file names (the unit may
    not have had the newer plan yet); other rows, corrections to earlier periods, against the plan
    in force in their year."""

    def __init__(self, s: Session, meta: Meta | None, carried: bool = True) -> None:
        """`carried`: whether a plan the file carries and the ledger lacks counts (a unit's file at the
        bureau: it does not — plans travel from the bureau to the units, never back)."""
        self.s = s
        self.named: PlanNumbers | None = None
        self.year: int | None = None
        if meta and meta.plan:
            found = catalogue.plan_by_uid(s, meta.plan)
            data = carried_data(meta) if carried else None
            if found is not None:
                self.named = PlanNumbers.of_plan(s, found)
            elif data is not None:
                self.named = PlanNumbers.of_data(data)
            self.year = meta.period.year if meta.period else None
        self._by_year: dict[int, PlanNumbers] = {}

    def plan_for(self, period: object) -> PlanNumbers | None:
        try:
            year = parse_period(period).year
        except PeriodError:
            return None
        if self.named is not None and (self.year is None or year == self.year):
            return self.named
        if year not in self._by_year:
            self._by_year[year] = PlanNumbers.of_plan(self.s, catalogue.plan_of_year(self.s, year))
        return self._by_year[year]

    def problem(self, kind_key: str, values: dict[str, object]) -> tuple[str, str] | None:
        """(column, message) when a task report or indicator value names a number its plan lacks,
        or an indicator value is written in another unit of measure than its indicator's."""
        if kind_key not in (TASK_KIND, INDICATOR_KIND):
            return None
        plan = self.plan_for(values.get("period"))
        if plan is None:
            return None
        if kind_key == TASK_KIND:
            number, known, column, what = values.get("task_number"), plan.tasks, "任务编号", "任务"
        else:
            number, known, column, what = values.get("indicator_number"), set(plan.indicators), "指标编号", "指标"
        if number is None:
            return None
        if number in known:
            if kind_key == TASK_KIND:
                return None
            unit = plan.indicators[number]  # type: ignore[index]
            problem = catalogue.percent_problem(number, values.get("value"), unit)
            if problem:
                return "数值", problem
            problem = catalogue.measure_problem(number, values.get("value"), values.get("measure_unit"), unit)
            return ("计量单位", problem) if problem else None
        span = (
            f"1–{max(known)}"
            if known and known == set(range(1, max(known) + 1))
            else "、".join(map(str, sorted(known)))
        )
        return column, f"{what}编号 {number} 不在《{plan.name}》中（该方案的{what}编号为 {span}）"

    def convert(self, values: MutableMapping[str, object]) -> None:
        """An indicator value typed with its money unit (“5000万元”) in its indicator's unit."""
        value = values.get("value")
        if not isinstance(value, WrittenIn):
            return
        plan = self.plan_for(values.get("period"))
        unit = plan.indicators.get(values.get("indicator_number")) if plan is not None else None  # type: ignore[arg-type]
        if unit is not None:
            values["value"] = converted = catalogue.in_indicator_unit(value, unit)
            if not isinstance(converted, WrittenIn) and values.get("measure_unit"):
                values["measure_unit"] = unit  # 0.5 亿元 stays 亿元, not the 万元 it was typed in

    def plan_id_for(self, period: object) -> int | None:
        """The plan a new row of `period` is stored under (None: leave it to the column default)."""
        plan = self.plan_for(period)
        if plan is None:
            return None
        if plan.plan_id is None:  # carried, and added by this import
            found = catalogue.plan_by_uid(self.s, plan.uid)
            plan.plan_id = found.id if found is not None else None
        return plan.plan_id
