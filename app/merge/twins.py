"""Restoring a deleted task report where its unit × period × task has another live one.

One live report per unit × period × task (db.models.TaskProgress): a report this ledger deleted —
most often the twin migration 0010 dropped, when a unit's two PCs had both reported the task —
cannot come back while the other one lives. Taking the unit's edit of it would violate the index:
the planner says so in the preview (a warning in a conflict, where the officer may keep this
ledger's deletion; an error that refuses the file when the unit restored the report), and applying
refuses in these words instead of an IntegrityError."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period


def live_twin(s: Session, record: object) -> str | None:
    """The id of another live report of the deleted task report's unit × period × task, if any."""
    m = TASK_PROGRESS.model
    if not isinstance(record, m):
        return None
    return s.scalar(
        select(m.id)
        .where(
            m.unit_id == record.unit_id,
            m.period == record.period,
            m.plan_id == record.plan_id,
            m.task_number == record.task_number,
            m.deleted.is_(False),
            m.id != record.id,
        )
        .limit(1)
    )


def cannot_restore(task_number: object, period: object, twin_id: str) -> str:
    """Why the unit's version of a deleted report cannot be taken, and what the officer can do."""
    shown = period_label(period)
    return (
        f"任务 {task_number}（{shown}）的这份进展在本台账中已删除（如台账升级时作为重复填报删除），"
        f"本台账保留的是该任务本期的另一份进展（记录ID {twin_id}，多为该单位另一台电脑所填）；"
        "采用文件中的版本会使该任务本期有两份进展。请对该行的“删除”选“保留本台账的值”；"
        "若应以文件中的这份为准，请填报单位删除另一份并报送，先导入那份报送，再导入本文件"
    )


def cannot_undelete(task_number: object, period: object, twin_id: str) -> str:
    """Why a deleted report the unit restored (no conflict: this ledger took the deletion from the
    unit) cannot come back, and what to do: there is no choice to make in the preview, so the
    planner refuses the file with it (an error of that file; the batch's other files import)."""
    shown = period_label(period)
    return (
        f"任务 {task_number}（{shown}）的这份进展在本台账中已删除，填报单位此后又恢复了它；"
        f"而本台账已有该任务本期的另一份进展（记录ID {twin_id}，多为该单位另一台电脑所填），"
        "导入会使该任务本期有两份进展，本文件不能导入。请填报单位在两份中删除不用的一份后重新报送"
        "（删除另一份须在填写它的电脑上删除并报送，先导入那份报送，再导入本文件）"
    )


def period_label(period: object) -> str:
    """2025年第一季度 for a Period or its code; anything else as it is."""
    label = getattr(period, "label", None)
    if label is not None:
        return str(label)
    try:
        return parse_period(str(period)).label
    except ValueError:
        return str(period)
