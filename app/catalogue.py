"""The action plan's catalogue (sections, 53 tasks with lead units, 7 indicators) and the unit list.

The data lives in resources/plan.json; it is copied into a ledger when the ledger is created, so
that a bureau can rename or add units without touching the program.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.paths import resource
from db.models import Indicator, IndicatorTarget, PlanSection, Task, TaskLeadUnit, Unit

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


@cache
def plan_data() -> dict[str, Any]:
    return json.loads(resource("plan.json").read_text(encoding="utf-8"))


def is_seeded(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Task)) > 0


def seed_catalogue(session: Session) -> None:
    """Load units, sections, tasks and indicators into an empty ledger."""
    plan = plan_data()
    units = {}
    for order, u in enumerate(plan["units"]):
        units[u["name"]] = Unit(name=u["name"], kind=u["kind"], sort_order=order, former_names=[])
    session.add_all(units.values())
    session.flush()
    sections: dict[tuple[str, str | None], PlanSection] = {}
    order = 0
    for s in plan["sections"]:
        order += 1
        top = PlanSection(number=s["number"], title=s["title"], sort_order=order)
        session.add(top)
        session.flush()
        sections[(s["number"], None)] = top
        for sub in s["subsections"]:
            order += 1
            child = PlanSection(parent_id=top.id, number=sub["number"], title=sub["title"], sort_order=order)
            session.add(child)
            sections[(s["number"], sub["number"])] = child
    session.flush()
    for t in plan["tasks"]:
        section = sections[(t["section"], t["subsection"])]
        session.add(Task(number=t["number"], section_id=section.id, text=t["text"], all_members=t["all_members"]))
        session.flush()
        for pos, name in enumerate(t["lead_units"]):
            session.add(TaskLeadUnit(task_number=t["number"], unit_id=units[name].id, position=pos))
    for i in plan["indicators"]:
        session.add(
            Indicator(
                number=i["number"],
                name=i["name"],
                measure_unit=i["measure_unit"],
                group=i["group"],
                expected=i["expected"],
            )
        )
        for year, target in i["targets"].items():
            session.add(IndicatorTarget(indicator_number=i["number"], year=int(year), target=float(target)))
    session.flush()


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


def tasks_of_unit(session: Session, unit: Unit) -> list[Task]:
    tasks = session.scalars(select(Task).order_by(Task.number)).all()
    return [t for t in tasks if (t.all_members and unit.joint_member) or unit in t.lead_units]
