"""The rules of the review cycle (SPEC §9), as pure functions: no ledger, no clock.

A unit × period is 未报送 until a submission arrives (待审核); the bureau returns it with comments
(已退回) or accepts it (已接收). Accepting locks it: a later file is held (待重新审核) until the
bureau re-opens the period. Whether a submission came on time is decided against the period's
due date, by default the 10th day after the period ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.vocabulary.periods import Period

NOT_SUBMITTED, PENDING, RETURNED, ACCEPTED = "not_submitted", "pending", "returned", "accepted"
STATE_LABELS = {NOT_SUBMITTED: "未报送", PENDING: "待审核", RETURNED: "已退回", ACCEPTED: "已接收"}
HELD_LABEL = "待重新审核"

# How a unit × period stands in the year view.
ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
TIMELINESS_LABELS = {ON_TIME: "按时", LATE: "逾期", MISSING: "未报送", NOT_DUE: "未到截止日"}

DUE_DAYS_AFTER_END = 10


class ReviewError(ValueError):
    """A review step that does not apply to the unit × period as it stands; the message is for the user."""


def default_due(period: Period) -> date:
    """The 10th day after the period ends (2025Q1 → 2025-04-10)."""
    return period.end + timedelta(days=DUE_DAYS_AFTER_END)


@dataclass(frozen=True)
class ImportOutcome:
    state: str
    held: bool  # the file is kept as 待重新审核, not merged


def on_import(state: str) -> ImportOutcome:
    """A submission for the unit × period arrives."""
    if state == ACCEPTED:
        return ImportOutcome(ACCEPTED, held=True)
    return ImportOutcome(PENDING, held=False)


def on_return(state: str, unit: str, period_label: str) -> str:
    if state == NOT_SUBMITTED:
        raise ReviewError(f"{unit}尚未报送{period_label}的数据，无可退回；请用催报提醒该单位")
    if state == ACCEPTED:
        raise ReviewError(f"{unit}{period_label}的报送已接收，请先重新打开再退回")
    return RETURNED


def on_accept(state: str, unit: str, period_label: str) -> str:
    if state == NOT_SUBMITTED:
        raise ReviewError(f"{unit}尚未报送{period_label}的数据，不能接收")
    if state == ACCEPTED:
        raise ReviewError(f"{unit}{period_label}的报送已经接收")
    return ACCEPTED


def on_reopen(state: str, unit: str, period_label: str) -> str:
    if state != ACCEPTED:
        raise ReviewError(f"{unit}{period_label}的报送未被接收（当前：{STATE_LABELS[state]}），无需重新打开")
    return PENDING


def on_undo(remaining_submissions: int) -> str:
    """The state after the latest submission of a unit × period was undone (an accepted one is
    never undone: it must be re-opened first)."""
    return PENDING if remaining_submissions else NOT_SUBMITTED


def timeliness(first_submitted: datetime | date | None, due: date, today: date) -> str:
    if first_submitted is None:
        return MISSING if today > due else NOT_DUE
    day = first_submitted.date() if isinstance(first_submitted, datetime) else first_submitted
    return ON_TIME if day <= due else LATE


REFUSED_LABEL = "文件被拒"  # a file came and was refused as a whole (errors): nothing of it was taken


KEY_PENDING_STANDING = "已收到·待确认签名"  # a file came, held until the bureau confirms its signing key


def standing_label(state: str, timely: str, refused: bool = False, key_pending: bool = False) -> str:
    """One cell of the year view: 按时 / 逾期 / 未报送 / 已退回 / 已接收 (lateness kept in brackets); a unit
    with nothing taken whose file came and was refused: 文件被拒, not 未报送 (it did send); whose file
    came and waits for its signing key to be confirmed here (`timely` then judged by that file):
    已收到·待确认签名."""
    if state == NOT_SUBMITTED and key_pending:
        return KEY_PENDING_STANDING + ("（逾期）" if timely == LATE else "")
    if state == NOT_SUBMITTED and refused:
        return REFUSED_LABEL + ("（逾期）" if timely == MISSING else "")
    if state in (RETURNED, ACCEPTED):
        return STATE_LABELS[state] + ("（逾期）" if timely == LATE else "")
    if state == PENDING:
        return TIMELINESS_LABELS[timely] + "·待审核"
    return TIMELINESS_LABELS[timely]


RESAVE_MARGIN = timedelta(minutes=1)  # a file's own stamp, written with it, is not a later save


def sent_at(exported: datetime | None, saved: datetime | None, ours: bool, now: datetime) -> datetime | None:
    """When a unit sent a file. Its export says when the unit wrote it; a pre-filled workbook this
    ledger wrote (`ours`) and the unit filled in says only when the bureau wrote it: then when a
    spreadsheet last saved it, or, if the file says nothing later, `now` (when it is imported)."""
    if not ours:
        return exported
    if saved is not None and (exported is None or saved > exported + RESAVE_MARGIN):
        return saved
    return now
