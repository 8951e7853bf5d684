"""Loading a plan into a ledger: read it (plan workbook or notice text), check it against the
ledger's units and plans, and save it — or refuse it, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.plans.draft import PlanDraft, check
from app.store import catalogue
from db.models import Plan

TEXT_SUFFIXES = (".txt", ".md", ".text")


class PlanRefused(ValueError):
    """A plan with errors; str() lists them, located."""

    def __init__(self, draft: PlanDraft) -> None:
        self.draft = draft
        super().__init__("\n".join(str(i) for i in draft.errors))


def read_plan_file(path: Path) -> PlanDraft:
    """A plan workbook (.xlsx) or a notice's text (.txt), read but not checked."""
    path = Path(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        from app.plans.notice import read_notice

        return read_notice(path)
    from app.plans.workbook import read_plan_workbook

    return read_plan_workbook(path)


def unit_name_map(s: Session) -> dict[str, str]:
    """Every name a unit is known by (now or formerly) → its name now."""
    names: dict[str, str] = {}
    for u in catalogue.units(s, active_only=False):
        for former in u.former_names or []:
            names.setdefault(former, u.name)
    for u in catalogue.units(s, active_only=False):
        names[u.name] = u.name
    return names


def street_names(s: Session) -> list[str]:
    """The district's streets and towns, in the unit list's order: what “各街道、镇” names."""
    return [u.name for u in catalogue.units(s) if u.kind in ("街道", "镇")]


def check_draft(s: Session, draft: PlanDraft, governs: bool = False) -> PlanDraft:
    """Add to the draft what is wrong with it in this ledger (unknown units, a plan it already has,
    years another plan governs). Two plans never claim a year unless the bureau chose, with
    `governs`, that the new one governs the years they share."""
    plans = catalogue.plans(s)
    existing = [(p.uid, p.name, p.start_year, p.end_year) for p in plans]
    if not draft.errors:  # a file that could not be read has nothing more to check
        check(draft, unit_name_map(s), existing, street_names(s))
    start, end = draft.data.get("start_year"), draft.data.get("end_year")
    if draft.errors or not isinstance(start, int) or not isinstance(end, int):
        return draft
    where = draft.where_head.get("起始年份", "")
    for p in plans:
        shared = sorted(set(range(start, end + 1)) & set(p.years))
        if not shared:
            continue
        years = "、".join(f"{y}年" for y in shared)
        if not governs:
            draft.add(
                where,
                "起始年份",
                f"与台账中的《{p.name.strip('《》')}》（{p.years_label}）同管辖 {years}：同一年只能由一个方案管辖。"
                "如新方案取代它管辖这些年份，请勾选“由新方案管辖与已有方案重叠的年份”"
                "（命令行加 --governs）；否则请更正起止年份",
            )
        elif start < p.start_year:
            draft.add(
                where,
                "起始年份",
                f"新方案起始于 {start} 年，早于《{p.name.strip('《》')}》（{p.years_label}）："
                f"它的年份由起始较晚的方案管辖，新方案不能管辖 {years}，请更正起止年份",
            )
    return draft


def save_plan(s: Session, draft: PlanDraft) -> Plan:
    """Add the checked plan to the ledger; PlanRefused when it has errors (nothing written)."""
    if draft.errors:
        raise PlanRefused(draft)
    return catalogue.add_plan(s, draft.clean())


def add_carried_plan(s: Session, data: dict[str, Any], file: str = "") -> Plan:
    """Add a plan a workbook carried (in its _meta) from the bureau; checked like a loaded one."""
    draft = PlanDraft(file, data=dict(data))
    check(draft, unit_name_map(s), [], street_names(s))
    if draft.errors:
        raise PlanRefused(draft)
    return catalogue.add_plan(s, draft.clean())
