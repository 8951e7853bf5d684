"""A unit's task reports (任务进展) for a period, for the window's task page: what is reported,
copying last period's reports in one go, and which reports are still a copy nobody has edited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import catalogue, records
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import Period

M = TASK_PROGRESS.model
# What a copied report carries over; the date of filling is this period's own.
COPIED = tuple(f.key for f in TASK_PROGRESS.input_fields if f.key not in ("period", "task_number", "report_date"))


def _live(s: Session, unit_id: int, period: Period, plan_of: Period | None = None):  # noqa: ANN202 - a WHERE clause
    """A unit's reports of a period under the plan of that period (or of `plan_of`): a task number
    means a task of one plan, so reports under another plan are other tasks."""
    plan = catalogue.plan_id(s, plan_of or period)
    return (M.unit_id == unit_id, M.period == period.code, M.plan_id == plan, M.deleted.is_(False))


def statuses(s: Session, unit_id: int, period: Period) -> dict[int, str]:
    """Task number → reported status, this period."""
    return dict(s.execute(select(M.task_number, M.status).where(*_live(s, unit_id, period))).all())


def record_id(s: Session, unit_id: int, period: Period, number: int, plan_of: Period | None = None) -> str | None:
    return s.scalar(select(M.id).where(*_live(s, unit_id, period, plan_of), M.task_number == number))


def _contents(s: Session, unit_id: int, period: Period, plan_of: Period | None = None) -> dict[int, tuple]:
    cols = [getattr(M, k) for k in COPIED]
    rows = s.execute(select(M.task_number, *cols).where(*_live(s, unit_id, period, plan_of))).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def copyable(s: Session, unit_id: int, period: Period, numbers: set[int] | None = None) -> list[int]:
    """Tasks reported last period and not yet this period (what "copy all" would fill)."""
    before = _contents(s, unit_id, period.previous(), period)
    now = statuses(s, unit_id, period)
    return sorted(n for n in before if n not in now and (numbers is None or n in numbers))


def copy_previous(s: Session, unit_id: int, period: Period, numbers: set[int] | None = None) -> list[str]:
    """Start this period's reports from last period's, for every task reported then and not yet
    now (or only `numbers`); returns the new records' ids. Existing reports are never overwritten."""
    before = _contents(s, unit_id, period.previous(), period)
    made = []
    for number in copyable(s, unit_id, period, numbers):
        values = dict(zip(COPIED, before[number], strict=True))
        values.update(period=period.code, task_number=number, report_date=None)
        made.append(records.create(s, TASK_PROGRESS, unit_id, values).id)
    return made


def still_copied(s: Session, unit_id: int, period: Period) -> set[int]:
    """Tasks whose report is word for word last period's: copied and not yet looked at."""
    before = _contents(s, unit_id, period.previous(), period)
    now = _contents(s, unit_id, period)
    return {n for n, content in now.items() if before.get(n) == content}
