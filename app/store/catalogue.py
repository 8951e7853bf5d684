"""The action plans' catalogue (sections, numbered tasks with lead units, indicators with yearly
targets) and the unit list.

A ledger holds several plans (行动方案). The 2024–2025 plan is built in (resources/plan.json,
copied into a ledger when it is created); later plans are loaded by the bureau and travel to the
units in workbooks. Every reporting period belongs to the plan in force in its year; the functions
here take a `plan` argument — a Plan, its id, or a period (Period or code) — and, without
one, answer for the built-in plan as they did when there was only one.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from datetime import date
from functools import cache
from typing import Any, Union

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.paths import resource
from app.vocabulary.periods import Granularity, Period, parse_period
from app.vocabulary.validators import WrittenIn, normalize_text
from db.models import (
    BUILTIN_PLAN_ID,
    Indicator,
    IndicatorTarget,
    Plan,
    PlanSection,
    Task,
    TaskLeadUnit,
    Unit,
    plan_id_for_year,
)

BUREAU_UNIT = "区知识产权局"
UNIT_KINDS = ("街道", "镇", "区级部门")
UNIT_NAME_MAX = 40  # the longest district body name in the plan has 17 characters

# A unit's name goes into file names (its submission, its pre-filled workbook), so it must be a name
# Windows can save and must never name a folder: none of the characters Windows refuses, no path
# separators, no "..", no leading or trailing dot, no device name such as CON or LPT1.
_NOT_IN_FILE_NAMES = '\\/:*?"<>|'
_WINDOWS_DEVICES = re.compile(r"(?i)^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$")


class UnitNameError(ValueError):
    """A name that cannot be a unit's; the message (Chinese) says why."""


def check_unit_name(name: str) -> str:
    """The name a unit would get (trimmed), or UnitNameError saying why it cannot be one.

    Call it wherever a unit is added or renamed (settings, first run, command line).
    """
    name = unicodedata.normalize("NFC", str(name)).strip()
    if not name:
        raise UnitNameError("单位名称不能为空")
    if len(name) > UNIT_NAME_MAX:
        raise UnitNameError(f"单位名称过长（{len(name)} 个字符），最多 {UNIT_NAME_MAX} 个字符")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise UnitNameError("单位名称不能含有换行、制表符等控制字符")
    bad = sorted({c for c in name if c in _NOT_IN_FILE_NAMES})
    if bad:
        raise UnitNameError(
            f'单位名称不能含有字符 {" ".join(bad)}（单位名称会用作文件名，不能含有 \\ / : * ? " < > |）'
        )
    if ".." in name or name.startswith(".") or name.endswith("."):
        raise UnitNameError("单位名称不能以“.”开头或结尾，也不能含有“..”")
    if _WINDOWS_DEVICES.match(name):
        raise UnitNameError(f"“{name}”是 Windows 的保留设备名，不能用作单位名称")
    return name


def _check_name_is_free(session: Session, name: str, unit: Unit | None = None) -> None:
    other = find_unit(session, name)
    if other is not None and other is not unit:
        now = "" if other.name == name else f"（“{other.name}”的曾用名）"
        raise UnitNameError(f"已有名为“{name}”的单位{now}")


def add_unit(session: Session, name: str, kind: str) -> Unit:
    """A new unit at the end of the list; UnitNameError when the name is invalid or taken."""
    name = check_unit_name(name)
    if kind not in UNIT_KINDS:
        raise UnitNameError(f"单位类型应为 {'、'.join(UNIT_KINDS)} 之一")
    _check_name_is_free(session, name)
    unit = Unit(name=name, kind=kind, sort_order=len(units(session, active_only=False)), former_names=[])
    session.add(unit)
    session.flush()
    return unit


def rename_unit(session: Session, unit: Unit, new_name: str) -> None:
    """Rename a unit, keeping its old name as a former name (files sent under it still import)."""
    new_name = check_unit_name(new_name)
    if new_name == unit.name:
        return
    _check_name_is_free(session, new_name, unit)
    former = [n for n in (unit.former_names or []) if n != new_name]
    unit.former_names = [*former, unit.name]
    unit.name = new_name
    session.flush()


ALL_MEMBERS = "区知识产权联席会议各成员单位"
BUILTIN_UID = "00000000-0000-4000-8000-000000002024"  # the same in every ledger (migration 0004)

# Which plan a question is about: a plan, its id, a period (or its code) of that plan, or None for
# the built-in plan.
PlanRef = Union[Plan, int, Period, str, None]  # noqa: UP007 - a type alias, evaluated at run time


@cache
def plan_data() -> dict[str, Any]:
    """The built-in plan as shipped (sections, tasks, indicators, units, and its name)."""
    return json.loads(resource("plan.json").read_text(encoding="utf-8"))


def builtin_plan_fields() -> dict[str, Any]:
    data = plan_data()
    return {
        "uid": BUILTIN_UID,
        "name": data["title"],
        "doc_number": data.get("doc_number", "普府办〔2024〕26号"),
        "issued_on": date.fromisoformat(data.get("issued_on", "2024-11-07")),
        "start_year": int(data.get("start_year", 2024)),
        "end_year": int(data.get("end_year", 2025)),
    }


def is_seeded(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Task)) > 0


def seed_catalogue(session: Session) -> None:
    """Load the units and the built-in plan into an empty ledger."""
    data = plan_data()
    for order, u in enumerate(data["units"]):
        session.add(Unit(name=u["name"], kind=u["kind"], sort_order=order, former_names=[]))
    session.flush()
    if session.get(Plan, BUILTIN_PLAN_ID) is None:
        session.add(Plan(id=BUILTIN_PLAN_ID, builtin=True, **builtin_plan_fields()))
        session.flush()
    add_plan_content(session, BUILTIN_PLAN_ID, data)


def add_plan(session: Session, data: dict[str, Any]) -> Plan:
    """Add a plan given in the shape of resources/plan.json (title, doc_number, issued_on,
    start_year, end_year, sections, tasks, indicators; uid when it came from another ledger)."""
    issued = data.get("issued_on")
    plan = Plan(
        name=data["title"],
        doc_number=data.get("doc_number") or "",
        issued_on=date.fromisoformat(issued) if isinstance(issued, str) and issued else issued or None,
        start_year=int(data["start_year"]),
        end_year=int(data["end_year"]),
        builtin=False,
    )
    if data.get("uid"):
        plan.uid = data["uid"]
    session.add(plan)
    session.flush()
    add_plan_content(session, plan.id, data)
    return plan


def add_plan_content(session: Session, plan_id: int, data: dict[str, Any]) -> None:
    """Write a plan's sections, tasks (with lead units by name) and indicators, in the shape of
    resources/plan.json. The lead units must exist (a loaded plan is checked before)."""
    units = {u.name: u for u in session.scalars(select(Unit))}
    sections: dict[tuple[str, str | None], PlanSection] = {}
    order = 0
    for s in data["sections"]:
        order += 1
        top = PlanSection(plan_id=plan_id, number=s["number"], title=s["title"], sort_order=order)
        session.add(top)
        session.flush()
        sections[(s["number"], None)] = top
        for sub in s["subsections"]:
            order += 1
            child = PlanSection(
                plan_id=plan_id, parent_id=top.id, number=sub["number"], title=sub["title"], sort_order=order
            )
            session.add(child)
            sections[(s["number"], sub["number"])] = child
    session.flush()
    for t in data["tasks"]:
        section = sections[(t["section"], t["subsection"])]
        session.add(
            Task(
                plan_id=plan_id,
                number=t["number"],
                section_id=section.id,
                text=t["text"],
                all_members=t["all_members"],
            )
        )
    session.flush()
    for t in data["tasks"]:
        for pos, name in enumerate(t["lead_units"]):
            session.add(TaskLeadUnit(plan_id=plan_id, task_number=t["number"], unit_id=units[name].id, position=pos))
    for i in data["indicators"]:
        session.add(
            Indicator(
                plan_id=plan_id,
                number=i["number"],
                name=i["name"],
                measure_unit=i["measure_unit"],
                group=i.get("group", ""),
                expected=i.get("expected", True),
            )
        )
    session.flush()
    for i in data["indicators"]:
        for year, target in i["targets"].items():
            session.add(
                IndicatorTarget(plan_id=plan_id, indicator_number=i["number"], year=int(year), target=float(target))
            )
    session.flush()


# --- plans --------------------------------------------------------------------------------------


def plans(session: Session) -> list[Plan]:
    """The ledger's plans, oldest first."""
    return list(session.scalars(select(Plan).order_by(Plan.start_year, Plan.id)))


def builtin_plan(session: Session) -> Plan:
    plan = session.get(Plan, BUILTIN_PLAN_ID)
    assert plan is not None, "every ledger has the built-in plan"
    return plan


def plan_by_uid(session: Session, uid: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.uid == uid))


def section_heading(section: PlanSection) -> str:
    """A section as the plan prints it: 三、推进… for a section, （一）完善… for a sub-section."""
    if section.parent_id is None:
        return f"{section.number}、{section.title}"
    return f"（{section.number}）{section.title}"


def plan_of_year(session: Session, year: int) -> Plan:
    """The plan in force in `year` (for a year outside every plan, the nearest before it)."""
    plan = session.get(Plan, plan_id_for_year(session.connection(), year))
    assert plan is not None
    return plan


def plan_of_period(session: Session, period: Period) -> Plan:
    """The plan a reporting period belongs to: the plan in force in its year."""
    return plan_of_year(session, period.year)


def before_every_plan(session: Session, period: Period) -> str | None:
    """Why nothing can be reported or consolidated for `period`: it lies before the first year of
    every plan in the ledger (a mistyped year), where a report would show only "overdue" periods."""
    first = session.scalars(select(Plan).order_by(Plan.start_year, Plan.id)).first()
    if first is None or period.year >= first.start_year:
        return None
    return (
        f"{period.label}早于台账中最早的行动方案《{first.name}》（{first.years_label}），"
        f"没有可报告或汇总的内容；请检查报告期（如 {first.start_year}）"
    )


def outside_every_plan(session: Session, period: Period) -> str | None:
    """Why no plan's tasks can be laid out for `period`: no plan in the ledger covers its year (a
    year after the last plan takes that plan's tasks elsewhere; a pre-filled workbook would send
    the units an ended plan's tasks for a period it never had)."""
    plans = session.scalars(select(Plan).order_by(Plan.start_year, Plan.id)).all()
    if any(p.start_year <= period.year <= p.end_year for p in plans):
        return None
    known = "、".join(f"《{p.name}》（{p.years_label}）" for p in plans) or "（无）"
    return (
        f"没有覆盖{period.label}的行动方案：台账中的行动方案为{known}。"
        f"请先载入覆盖 {period.year} 年的行动方案（load-plan），或检查报告期。"
    )


def plan_id(session: Session, plan: PlanRef) -> int:
    """The id of the plan a `plan` argument names (see PlanRef)."""
    if plan is None:
        return BUILTIN_PLAN_ID
    if isinstance(plan, Plan):
        return plan.id
    if isinstance(plan, int):
        return plan
    return plan_id_for_year(session.connection(), (plan if isinstance(plan, Period) else parse_period(plan)).year)


def get_plan(session: Session, plan: PlanRef) -> Plan:
    found = session.get(Plan, plan_id(session, plan))
    assert found is not None
    return found


def plan_periods(session: Session, granularity: Granularity, today: date) -> list[Period]:
    """The periods a user can pick: those of the years the ledger's plans cover, up to the current
    one, newest first — so the current period comes first. When today lies after every plan, the
    last period of the last plan is the current one."""
    years = sorted({y for p in plans(session) for y in p.years})
    if not years:
        return []
    first = Period.of(date(years[0], 1, 1), granularity)
    last = min(Period.of(today, granularity), Period.of(date(years[-1], 12, 1), granularity))
    found, p = [], first
    while p <= last:
        if p.year in years:
            found.append(p)
        p = p.next()
    return list(reversed(found)) or [first]


def plan_as_data(session: Session, plan: PlanRef) -> dict[str, Any]:
    """A plan in the shape add_plan takes (and resources/plan.json has), with its uid: what a
    workbook carries to a ledger that may not have the plan."""
    p = get_plan(session, plan)
    secs = sections(session, p)
    by_id = {s.id: s for s in secs}
    data: dict[str, Any] = {
        "uid": p.uid,
        "title": p.name,
        "doc_number": p.doc_number,
        "issued_on": p.issued_on.isoformat() if p.issued_on else "",
        "start_year": p.start_year,
        "end_year": p.end_year,
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "subsections": [{"number": c.number, "title": c.title} for c in secs if c.parent_id == s.id],
            }
            for s in secs
            if s.parent_id is None
        ],
        "tasks": [],
        "indicators": [],
    }
    for t in tasks(session, p):
        top = by_id[t.section.parent_id] if t.section.parent_id else t.section
        data["tasks"].append(
            {
                "number": t.number,
                "section": top.number,
                "subsection": t.section.number if t.section.parent_id else None,
                "text": t.text,
                "all_members": t.all_members,
                "lead_units": [u.name for u in t.lead_units],
            }
        )
    for i in indicators(session, p):
        data["indicators"].append(
            {
                "number": i.number,
                "name": i.name,
                "measure_unit": i.measure_unit,
                "group": i.group,
                "expected": i.expected,
                "targets": {str(x.year): x.target for x in i.targets},
            }
        )
    return data


# --- a plan's content ---------------------------------------------------------------------------


def sections(session: Session, plan: PlanRef = None) -> list[PlanSection]:
    pid = plan_id(session, plan)
    return list(session.scalars(select(PlanSection).where(PlanSection.plan_id == pid).order_by(PlanSection.sort_order)))


def tasks(session: Session, plan: PlanRef = None) -> list[Task]:
    pid = plan_id(session, plan)
    # the lead units in one more query, not one per task when a caller reads them (most do)
    q = select(Task).where(Task.plan_id == pid).order_by(Task.number).options(selectinload(Task.lead_units))
    return list(session.scalars(q))


def task(session: Session, number: int, plan: PlanRef = None) -> Task | None:
    return session.get(Task, (plan_id(session, plan), number))


def task_texts(session: Session, plan: PlanRef = None) -> dict[int, str]:
    pid = plan_id(session, plan)
    return dict(session.execute(select(Task.number, Task.text).where(Task.plan_id == pid)).all())  # type: ignore[arg-type]


def indicators(session: Session, plan: PlanRef = None) -> list[Indicator]:
    pid = plan_id(session, plan)
    return list(session.scalars(select(Indicator).where(Indicator.plan_id == pid).order_by(Indicator.number)))


def indicator(session: Session, number: int, plan: PlanRef = None) -> Indicator | None:
    return session.get(Indicator, (plan_id(session, plan), number))


def targets(session: Session, plan: PlanRef = None) -> dict[int, dict[int, float]]:
    """Indicator number → year → target of one plan."""
    pid = plan_id(session, plan)
    found: dict[int, dict[int, float]] = {}
    q = select(IndicatorTarget).where(IndicatorTarget.plan_id == pid)
    for t in session.scalars(q):
        found.setdefault(t.indicator_number, {})[t.year] = t.target
    return found


NUMBERED_KINDS = {"task_progress": "task_number", "indicator_value": "indicator_number"}  # kind → plan number


def number_problem(session: Session, kind_key: str, values: dict[str, object]) -> str | None:
    """Why a task report or indicator value cannot be saved as it stands: its number is not one of
    the plan its period belongs to (the form offered the numbers of the period it was opened in)."""
    key = NUMBERED_KINDS.get(kind_key)
    number, period = values.get(key or ""), values.get("period")
    if key is None or number is None or not period:
        return None
    p = parse_period(str(period))  # the record's value, a code
    plan = plan_of_period(session, p)
    found = task(session, int(number), plan) if key == "task_number" else indicator(session, int(number), plan)
    if found is not None:
        if key == "indicator_number":
            value, measure = values.get("value"), found.measure_unit
            return percent_problem(int(number), value, measure) or measure_problem(
                int(number), value, values.get("measure_unit"), measure
            )
        return None
    what = "任务" if key == "task_number" else "指标"
    return f"{what}编号 {number} 不在{p.label}所属的《{plan.name}》中，请重新选择{what}或报告期"


MONEY_UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def in_indicator_unit(value: object, expected: str) -> object:
    """An indicator value typed with its money unit in the 数值 cell (“5000万元”), in the
    indicator's money unit (0.5 for 亿元), as an amount column converts 亿元 and 元 to 万元; any
    other value as it is (one typed in a money unit for a count is measure_problem's)."""
    expected = _measure(expected)
    if isinstance(value, WrittenIn) and value.unit in MONEY_UNITS and expected in MONEY_UNITS:
        return round(float(value) * MONEY_UNITS[value.unit] / MONEY_UNITS[expected], 8)
    return value


def convert_indicator_value(session: Session, values: dict[str, object]) -> str | None:
    """The form's indicator value typed as “5000万元”, converted to its indicator's unit; what
    the clerk is told of it (5000 万元 = 0.5 亿元), or None when nothing was converted."""
    number, period, value = values.get("indicator_number"), values.get("period"), values.get("value")
    if not isinstance(value, WrittenIn) or number is None or not period:
        return None
    found = indicator(session, int(number), plan_of_period(session, parse_period(str(period))))
    if found is None:
        return None
    values["value"] = converted = in_indicator_unit(value, found.measure_unit)
    if isinstance(converted, WrittenIn):
        return None
    if values.get("measure_unit"):
        values["measure_unit"] = found.measure_unit  # 0.5 亿元 stays 亿元, not the 万元 it was typed in
    unit = _measure(found.measure_unit)
    return f"指标 {number} 以“{unit}”计，数值按{unit}保存：{_plain(value)} {value.unit} = {_plain(converted)} {unit}"


def measure_problem(number: int, value: object, written: object, expected: str) -> str | None:
    """Why an indicator value cannot be taken as it stands: its 计量单位 is not the indicator's
    (blank, or the indicator's own, is fine). Every total adds values in the indicator's unit, so
    500 written with 万元 beside it would count as 500 亿元; an amount gets its conversion spelled out.
    A money unit typed in the 数值 cell itself is converted (in_indicator_unit), unless the
    indicator is not counted in money."""
    if isinstance(value, WrittenIn):
        if _measure(expected) in MONEY_UNITS:
            return None
        written = value.unit
    written, expected = _measure(written), _measure(expected)
    if not written or not expected or written == expected:
        return None
    head = f"指标 {number} 以“{expected}”计，本行计量单位写的是“{written}”："
    tail = f"计量单位写“{expected}”或留空"
    if written in MONEY_UNITS and expected in MONEY_UNITS and isinstance(value, int | float):
        converted = value * MONEY_UNITS[written] / MONEY_UNITS[expected]
        return f"{head}请把数值换算为{expected}（{_plain(value)} {written} = {_plain(converted)} {expected}），{tail}"
    return f"{head}请按“{expected}”填写数值，{tail}"


def percent_problem(number: int, value: object, expected: str) -> str | None:
    """Why a percentage indicator's value cannot be taken: 97% typed into a cell that Excel or WPS
    formats as a percentage is kept as 0.97, which every report would read as 0.97% (completion
    1% against a target of 97). Percentages are written as the number before the sign."""
    if _measure(expected) != "%" or not isinstance(value, int | float) or not 0 < value <= 1:
        return None
    return (
        f"指标 {number} 以“%”计，数值 {_plain(value)} 即 {_plain(value)}%：如填的是 {_plain(value * 100)}%"
        f"（百分比格式的单元格把它存为 {_plain(value)}），请填写 {_plain(value * 100)}"
    )


def _measure(text: object) -> str:
    """A unit of measure as typed or as a plan writes it: full-width ％ ／ and spaces folded."""
    return "".join(unicodedata.normalize("NFKC", normalize_text(text)).split())


def _plain(number: float) -> str:
    """A number as people write it: no exponent, thousands separated, no trailing zeros."""
    return f"{number:,.8f}".rstrip("0").rstrip(".")


# --- units --------------------------------------------------------------------------------------


def units(session: Session, *, active_only: bool = True) -> list[Unit]:
    q = select(Unit).order_by(Unit.sort_order, Unit.id)
    if active_only:
        q = q.where(Unit.active)
    return list(session.scalars(q))


def find_unit(session: Session, name: str) -> Unit | None:
    """The unit called `name` now or formerly."""
    name = name.strip()
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        unit = next((u for u in units(session, active_only=False) if name in (u.former_names or [])), None)
    return unit


def unit_named(session: Session, name: str, error: type[Exception]) -> Unit:
    """The unit called `name` (now or formerly); else `error`, naming the close names the user may mean."""
    unit = find_unit(session, name)
    if unit is None:
        close = close_unit_names(session, name)
        hint = f"您是不是要找：{'、'.join(close)}？" if close else "请用单位列表中的名称。"
        raise error(f"没有名为“{name}”的单位。{hint}")
    return unit


def close_unit_names(session: Session, name: str, n: int = 5) -> list[str]:
    names = [u.name for u in units(session)]
    close = difflib.get_close_matches(name, names, n=n, cutoff=0.4)
    # Shared characters catch what edit distance misses (长寿街道 → 长寿路街道).
    close += [x for x in names if x not in close and len(set(x) & set(name)) >= max(2, len(name) // 2)]
    return close[:n]


def lead_units_of(task: Task, all_units: list[Unit]) -> list[Unit]:
    """The units responsible for a task: those named, or every joint-meeting member."""
    if task.all_members:
        return [u for u in all_units if u.joint_member and u.active]
    return list(task.lead_units)


def tasks_of_unit(session: Session, unit: Unit, plan: PlanRef = None) -> list[Task]:
    """The tasks of a plan that `unit` leads (alone, with others, or as a joint-meeting member)."""
    return [t for t in tasks(session, plan) if (t.all_members and unit.joint_member) or unit in t.lead_units]
