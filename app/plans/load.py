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


def check_draft(s: Session, draft: PlanDraft) -> PlanDraft:
    """Add to the draft what is wrong with it in this ledger (unknown units, a plan it already has)."""
    existing = [(p.uid, p.name, p.start_year, p.end_year) for p in catalogue.plans(s)]
    if not draft.errors:  # a file that could not be read has nothing more to check
        check(draft, unit_name_map(s), existing)
    return draft


def save_plan(s: Session, draft: PlanDraft) -> Plan:
    """Add the checked plan to the ledger; PlanRefused when it has errors (nothing written)."""
    if draft.errors:
        raise PlanRefused(draft)
    return catalogue.add_plan(s, draft.clean())


def add_carried_plan(s: Session, data: dict[str, Any], file: str = "") -> Plan:
    """Add a plan a workbook carried (in its _meta) from the bureau; checked like a loaded one."""
    draft = PlanDraft(file, data=dict(data))
    check(draft, unit_name_map(s), [])
    if draft.errors:
        raise PlanRefused(draft)
    return catalogue.add_plan(s, draft.clean())
