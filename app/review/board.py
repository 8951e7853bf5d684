"""What the bureau reads in a period (SPEC §9): the plan's tasks by section, each with every
responsible unit's status and progress text side by side, beside the unit's previous period; and the
filters to lagging, unreported and changed tasks. Qt-free: the review page only shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.evidence import store as evidence_store
from app.review.state import state_of
from app.store import catalogue
from app.store.selection import in_period
from app.vocabulary.kinds import KINDS, TASK_PROGRESS, Kind
from app.vocabulary.periods import Period

LAGGING = "滞后"
ALL, LAGGING_TASKS, UNREPORTED, CHANGED = "all", "lagging", "unreported", "changed"
FILTER_LABELS = {
    ALL: "全部任务",
    LAGGING_TASKS: "有滞后的任务",
    UNREPORTED: "有单位未填报的任务",
    CHANGED: "较上期有变化的任务",
}


@dataclass
class UnitReport:
    unit_id: int
    unit: str
    record_id: str | None = None
    status: str | None = None
    progress: str = ""
    problems: str = ""
    reporter: str = ""
    phone: str = ""
    previous_status: str | None = None
    previous_progress: str = ""
    review_state: str = ""
    evidence: int = 0  # evidence files on the report (佐证材料, SPEC §15)

    @property
    def reported(self) -> bool:
        return self.record_id is not None

    @property
    def lagging(self) -> bool:
        return self.status == LAGGING

    @property
    def changed(self) -> bool:
        """Reported, and not what the unit reported the period before."""
        return self.reported and (self.status, self.progress) != (self.previous_status, self.previous_progress)


@dataclass
class TaskRow:
    number: int
    text: str
    section: str  # 三、… / (一)…
    leads: str
    reports: list[UnitReport] = field(default_factory=list)

    @property
    def lagging(self) -> bool:
        return any(r.lagging for r in self.reports)

    @property
    def unreported(self) -> bool:
        return any(not r.reported for r in self.reports)

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.reports)


def board(s: Session, period: Period) -> list[TaskRow]:
    """The tasks of the period's plan, each with its responsible units' reports."""
    units = catalogue.units(s)
    m = TASK_PROGRESS.model
    columns = (m.id, m.unit_id, m.task_number, m.status, m.progress, m.problems, m.reporter, m.phone)

    def reports_of(code: str) -> dict[tuple[int, int], tuple]:
        rows = s.execute(select(*columns).where(m.period == code, m.deleted.is_(False)))
        return {(r.task_number, r.unit_id): r for r in rows}

    now, before = reports_of(period.code), reports_of(period.previous().code)
    files = evidence_store.counts_by_record(s)
    states: dict[int, str] = {}
    sections = {p.id: p for p in catalogue.sections(s, period)}
    found = []
    for t in catalogue.tasks(s, period):
        chain = [t.section] + ([sections[t.section.parent_id]] if t.section.parent_id in sections else [])
        title = " ".join(catalogue.section_heading(p) for p in reversed(chain))
        leads = "区知识产权联席会议各成员单位" if t.all_members else "、".join(u.name for u in t.lead_units)
        row = TaskRow(t.number, t.text, title, leads)
        for u in catalogue.lead_units_of(t, units):
            if u.id not in states:
                states[u.id] = state_of(s, u.id, period)
            r, p = now.get((t.number, u.id)), before.get((t.number, u.id))
            row.reports.append(
                UnitReport(
                    u.id,
                    u.name,
                    record_id=r.id if r else None,
                    status=r.status if r else None,
                    progress=(r.progress or "") if r else "",
                    problems=(r.problems or "") if r else "",
                    reporter=(r.reporter or "") if r else "",
                    phone=(r.phone or "") if r else "",
                    previous_status=p.status if p else None,
                    previous_progress=(p.progress or "") if p else "",
                    review_state=states[u.id],
                    evidence=files.get(r.id, 0) if r else 0,
                )
            )
        found.append(row)
    return found


def filter_rows(rows: list[TaskRow], which: str) -> list[TaskRow]:
    if which == LAGGING_TASKS:
        return [r for r in rows if r.lagging]
    if which == UNREPORTED:
        return [r for r in rows if r.unreported]
    if which == CHANGED:
        return [r for r in rows if r.changed]
    return list(rows)


def summary(rows: list[TaskRow]) -> dict[str, int]:
    reports = [r for t in rows for r in t.reports]
    return {
        "tasks": len(rows),
        "lagging": sum(t.lagging for t in rows),
        "unreported": sum(not r.reported for r in reports),
        "reports": len(reports),
        "changed": sum(t.changed for t in rows),
    }


def submission_records(s: Session, unit_id: int, period: Period) -> list[tuple[Kind, str, str]]:
    """(kind, record id, name) of what a unit's submission for the period carries (SPEC §5), read
    from the ledger: the period's rows, its dated records and its registries."""
    from app.review.comments import describe

    found = []
    for kind in KINDS:
        m = kind.model
        # in the order a person looks for them: task and indicator numbers, names, periods
        order = [getattr(m, key) for key in kind.natural_keys[0] if key != "unit"]
        for record in s.scalars(
            select(m)
            .where(m.unit_id == unit_id, m.deleted.is_(False), in_period(kind, period, None))
            .order_by(*order, m.id)
        ):
            found.append((kind, record.id, describe(kind, record)))
    return found
