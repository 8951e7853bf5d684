"""A plan as read from a plan workbook or a notice, before it is saved: what was recognised, where
each part came from, and what is wrong with it (located, in Chinese).

The data has the shape of resources/plan.json (title, doc_number, issued_on, start_year, end_year,
sections, tasks, indicators), which catalogue.add_plan takes. Checking is pure: the unit list and
the ledger's plans are passed in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ALL_MEMBERS = "区知识产权联席会议各成员单位"
LEAD_SEPARATORS = re.compile(r"[、，,；;/\s]+")
YEARS = range(2000, 2101)


@dataclass
class PlanIssue:
    """A problem of a plan at one place of its source (a sheet row and column, or a line)."""

    file: str
    where: str  # 工作表“任务”第 5 行 / 第 57 行 / ""
    column: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where, f"“{self.column}”列" if self.column else "") if p]
        return f"{'，'.join(parts)}：{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "where": self.where, "column": self.column, "message": self.message}


@dataclass
class PlanDraft:
    """A plan read from a source. Tasks and indicators keep `_where` (their place in the source)
    until the plan is saved; indicator targets keep `_where_targets` (year → place)."""

    file: str
    data: dict[str, Any] = field(default_factory=dict)
    issues: list[PlanIssue] = field(default_factory=list)
    where_head: dict[str, str] = field(default_factory=dict)  # 方案名称 → place of that value

    @property
    def errors(self) -> list[PlanIssue]:
        return [i for i in self.issues if not i.warning]

    @property
    def warnings(self) -> list[PlanIssue]:
        return [i for i in self.issues if i.warning]

    def add(self, where: str, column: str, message: str, warning: bool = False) -> None:
        self.issues.append(PlanIssue(self.file, where, column, message, warning))

    def clean(self) -> dict[str, Any]:
        """The data without the places, as catalogue.add_plan takes it."""

        def strip(item: Mapping[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in item.items() if not k.startswith("_")}

        data = strip(self.data)
        data["tasks"] = [strip(t) for t in self.data.get("tasks", [])]
        data["indicators"] = [strip(i) for i in self.data.get("indicators", [])]
        return data

    def summary(self) -> list[str]:
        """What was recognised, as lines a person checks (the CLI prints them; the window shows them)."""
        d = self.data
        tasks, indicators = d.get("tasks", []), d.get("indicators", [])
        lines = [
            f"方案名称：{d.get('title') or '（未识别）'}",
            f"文号：{d.get('doc_number') or '（无）'}　印发日期：{d.get('issued_on') or '（无）'}",
            f"年份：{d.get('start_year', '?')}–{d.get('end_year', '?')}年",
            f"章节 {len(d.get('sections', []))} 个，任务 {len(tasks)} 项，指标 {len(indicators)} 项",
        ]
        for t in tasks:
            leads = ALL_MEMBERS if t.get("all_members") else "、".join(t.get("lead_units", []))
            if t.get("all_members") and t.get("lead_units"):
                leads = "、".join([*t["lead_units"], ALL_MEMBERS])
            lines.append(f"  任务 {t.get('number')}. {_short(t.get('text', ''))}（{leads}）")
        for i in indicators:
            targets = "，".join(f"{y}年 {_num(v)}" for y, v in sorted(i.get("targets", {}).items()))
            unit = f"（{i.get('measure_unit')}）" if i.get("measure_unit") else ""
            lines.append(f"  指标 {i.get('number')}. {i.get('name')}{unit}：{targets}")
        return lines


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# “各街道、镇” (and its other spellings) in a task's lead units: every street and town of the district.
ALL_STREETS = "各街道、镇"
_ALL_STREETS = re.compile(
    r"各街道办事处[、，,]?(?:各)?镇(?:人民)?政府|各街道[、，,]?(?:各)?镇|各街镇|各街道（镇）|各街道\(镇\)"
)


def split_leads(text: str) -> list[str]:
    """The lead units a task names, one by one; “各街道、镇” stays one item (check() expands it)."""
    text = _ALL_STREETS.sub("\x00", text.strip())
    return [ALL_STREETS if x == "\x00" else x for x in LEAD_SEPARATORS.split(text) if x]


def close_names(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    names = list(names)
    close = difflib.get_close_matches(name, names, n=n, cutoff=0.5)
    close += [x for x in names if x not in close and len(set(x) & set(name)) >= max(2, len(name) * 2 // 3)]
    return close[:n]


def check(
    draft: PlanDraft,
    unit_names: Mapping[str, str],
    plans: Iterable[tuple[str, str, int, int]],
    streets: Sequence[str] = (),
) -> None:
    """Add to draft.issues what is wrong with the plan. `unit_names` maps every name a unit is
    known by (current and former) to its current name; `plans` are the ledger's (uid, name,
    start year, end year); `streets` the district's streets and towns, which “各街道、镇” means."""
    d = draft.data
    head = draft.where_head
    if not d.get("title"):
        draft.add(head.get("方案名称", ""), "方案名称", "方案名称为空，请填写行动方案的名称")
    start, end = d.get("start_year"), d.get("end_year")
    for label, year in (("起始年份", start), ("结束年份", end)):
        if not isinstance(year, int) or year not in YEARS:
            draft.add(head.get(label, ""), label, f"{label}应为四位年份（如 2026），现为“{year or ''}”")
    years_ok = isinstance(start, int) and isinstance(end, int) and start in YEARS and end in YEARS
    if years_ok and start > end:
        draft.add(head.get("结束年份", ""), "结束年份", f"结束年份 {end} 早于起始年份 {start}")
        years_ok = False
    for uid, name, s_year, e_year in plans:
        if (d.get("uid") and uid == d.get("uid")) or (name == d.get("title") and (s_year, e_year) == (start, end)):
            draft.add(head.get("方案名称", ""), "方案名称", f"台账中已有这一方案：{name}（{s_year}–{e_year}年）")

    tasks = d.get("tasks", [])
    if not tasks:
        draft.add("", "任务编号", "没有识别出任何任务：任务应编号为 1. 2. 3. …，每项末尾括注牵头单位")
    seen: dict[int, str] = {}
    for t in tasks:
        where = t.get("_where", "")
        number = t.get("number")
        if not isinstance(number, int) or number < 1:
            draft.add(where, "任务编号", f"任务编号应为正整数，现为“{number if number is not None else ''}”")
        elif number in seen:
            draft.add(where, "任务编号", f"任务编号 {number} 重复（{seen[number]}已有第 {number} 项任务）")
        else:
            seen[number] = where
        if not str(t.get("text", "")).strip():
            draft.add(where, "任务内容", "任务内容为空")
        if not t.get("section"):
            draft.add(where, "章节", "章节为空：每项任务应属于一个章节（如“三”）")
        if not t.get("lead_units") and not t.get("all_members"):
            draft.add(where, "牵头单位", "牵头单位为空")
        resolved = []
        for name in t.get("lead_units", []):
            if name == ALL_STREETS and streets:
                resolved += streets
                continue
            if name in unit_names:
                resolved.append(unit_names[name])
                continue
            hint = close_names(name, set(unit_names.values()))
            tip = f"您是不是要找：{'、'.join(hint)}？" if hint else "请先在单位列表中添加该单位，或改用列表中的名称。"
            draft.add(where, "牵头单位", f"没有名为“{name}”的单位。{tip}")
        leads = t.get("lead_units", [])
        expected = len(leads) - (ALL_STREETS in leads) + (len(streets) if ALL_STREETS in leads else 0)
        t["lead_units"] = list(dict.fromkeys(resolved)) if len(resolved) == expected else leads

    seen_ind: dict[int, tuple[str, str]] = {}
    for i in d.get("indicators", []):
        where = i.get("_where", "")
        number = i.get("number")
        if not isinstance(number, int) or number < 1:
            draft.add(where, "指标编号", f"指标编号应为正整数，现为“{number if number is not None else ''}”")
        elif number in seen_ind:
            draft.add(where, "指标编号", f"指标编号 {number} 重复（{seen_ind[number][0]}已有）")
        else:
            seen_ind[number] = (where, str(i.get("name", "")))
        if not str(i.get("name", "")).strip():
            draft.add(where, "指标名称", "指标名称为空")
        for year, target in i.get("targets", {}).items():
            twhere = i.get("_where_targets", {}).get(year, where)
            if not isinstance(target, (int, float)) or isinstance(target, bool):
                draft.add(twhere, "目标值", f"目标值应为数字，现为“{target}”")
            y = int(year) if str(year).isdecimal() else None
            if y is None or (years_ok and not start <= y <= end):
                span = f"{start}–{end}年" if years_ok else "方案年份"
                draft.add(twhere, "年份", f"年份“{year}”不在本方案的{span}之内")
