"""The review cycle in the ledger (SPEC §9): each unit × period's review state, due dates, files
held for an accepted period. The rules themselves are in app.review.rules; this module loads,
applies them and writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.paths import atomic_write
from app.review import rules as review_rules
from app.review.refused import Refusal
from app.review.rules import ACCEPTED, NOT_SUBMITTED, PENDING, ReviewError
from app.store import catalogue, settings
from app.store.ledger import Ledger, SetupError
from app.vocabulary.clock import local
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import Period, parse_period
from db.models import Comment, HeldContent, HeldFile, ImportLog, ReportingPeriod, ReviewState, Unit, UnitContact, utcnow

HELD, MERGED, DISCARDED = None, "merged", "discarded"


# --- due dates ----------------------------------------------------------------------------------


def due_date(s: Session, period: Period) -> date:
    row = s.get(ReportingPeriod, period.code)
    return row.due_on if row is not None and row.due_on else review_rules.default_due(period)


def set_due_date(s: Session, period: Period, day: date | None) -> None:
    """The bureau's due date for a period; None goes back to the default."""
    row = s.get(ReportingPeriod, period.code)
    if row is None:
        row = ReportingPeriod(code=period.code, starts_on=period.start, ends_on=period.end)
        s.add(row)
    row.due_on = day
    s.flush()


# --- who should report, and how each stands -------------------------------------------------------


def expected_units(s: Session) -> list[Unit]:
    """The units a bureau waits for: every active unit but itself. An office ledger: its own unit."""
    own = str(settings.get(s, settings.UNIT))
    units = catalogue.units(s)
    if str(settings.get(s, settings.ROLE)) != "bureau":
        return [u for u in units if u.name == own]
    return [u for u in units if u.name != own]


@dataclass
class UnitStatus:
    unit_id: int
    unit: str
    period: Period
    state: str
    due: date
    timeliness: str
    submitted_at: datetime | None = None
    first_submitted_at: datetime | None = None
    import_id: int | None = None
    held: list[HeldFile] = field(default_factory=list)
    key_held: list[HeldFile] = field(default_factory=list)  # 待确认签名: held until the unit's key is confirmed
    open_comments: int = 0
    answered_comments: int = 0
    # The latest file that came and was refused (kept beside the ledger, app.review.refused), when the
    # caller looked (the year view): a unit with nothing taken then reads 文件被拒, not 未报送.
    refused: Refusal | None = None

    @property
    def state_label(self) -> str:
        return review_rules.STATE_LABELS[self.state]

    @property
    def late(self) -> bool | None:
        if self.timeliness in (review_rules.ON_TIME, review_rules.LATE):
            return self.timeliness == review_rules.LATE
        return None

    @property
    def key_pending(self) -> HeldFile | None:
        """The unit's first file held for its signing key (待确认签名) while nothing of it is taken:
        it did send, and waits for the bureau to confirm the key."""
        return self.key_held[0] if self.key_held and self.state == review_rules.NOT_SUBMITTED else None

    @property
    def key_pending_timeliness(self) -> str:
        """On time or late, judged by when the held file was sent (else when it arrived)."""
        held = self.key_pending
        if held is None:
            return self.timeliness
        return review_rules.timeliness(held.exported_at or held.held_at, self.due, self.due)

    @property
    def standing(self) -> str:
        if self.key_pending is not None:
            return review_rules.standing_label(self.state, self.key_pending_timeliness, key_pending=True)
        return review_rules.standing_label(self.state, self.timeliness, self.refused is not None)

    @property
    def sent_text(self) -> str:
        """When it came, as 按时/逾期 is judged (the first file), and the latest file when it came later
        (a held file merged after re-opening): a late time beside 按时 no longer reads as a contradiction."""
        first = self.first_submitted_at or self.submitted_at
        if first is None:
            return "—"
        text = f"{first:%Y-%m-%d %H:%M}"
        if self.submitted_at and self.submitted_at != first:
            text += f"（最新 {self.submitted_at:%m-%d %H:%M}）"
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "period": self.period.code,
            "state": self.state,
            "state_label": self.state_label,
            "held": len(self.held),
            "held_label": review_rules.HELD_LABEL if self.held else "",
            "key_held": len(self.key_held),
            "submitted_at": self.submitted_at.isoformat(timespec="seconds") if self.submitted_at else None,
            "first_submitted_at": (
                self.first_submitted_at.isoformat(timespec="seconds") if self.first_submitted_at else None
            ),
            "due": self.due.isoformat(),
            "timeliness": self.timeliness,
            "timeliness_label": review_rules.TIMELINESS_LABELS[self.timeliness],
            "late": self.late,
            "open_comments": self.open_comments,
            "answered_comments": self.answered_comments,
        }


def statuses(
    s: Session, period: Period, today: date | None = None, units: list[Unit] | None = None
) -> list[UnitStatus]:
    """Each expected unit's review state for the period, with its due date and timeliness."""
    today = today or date.today()
    due = due_date(s, period)
    units = expected_units(s) if units is None else units
    reviews = {r.unit_id: r for r in s.scalars(select(ReviewState).where(ReviewState.period == period.code))}
    held: dict[int, list[HeldFile]] = {}
    key_held: dict[int, list[HeldFile]] = {}
    for h in s.scalars(
        select(HeldFile).where(HeldFile.period == period.code, HeldFile.outcome.is_(None)).order_by(HeldFile.id)
    ):
        (key_held if h.key_fingerprint else held).setdefault(h.unit_id, []).append(h)
    comment_counts: dict[tuple[int, str], int] = {
        (u, st): n
        for u, st, n in s.execute(
            select(Comment.unit_id, Comment.status, func.count())
            .where(Comment.period == period.code)
            .group_by(Comment.unit_id, Comment.status)
        )
    }
    found = []
    for u in units:
        r = reviews.get(u.id)
        first = r.first_submitted_at if r else None
        found.append(
            UnitStatus(
                unit_id=u.id,
                unit=u.name,
                period=period,
                state=r.state if r else NOT_SUBMITTED,
                due=due,
                timeliness=review_rules.timeliness(first, due, today),
                submitted_at=r.submitted_at if r else None,
                first_submitted_at=first,
                import_id=r.import_id if r else None,
                held=held.get(u.id, []),
                key_held=key_held.get(u.id, []),
                open_comments=comment_counts.get((u.id, "open"), 0),
                answered_comments=comment_counts.get((u.id, "answered"), 0),
            )
        )
    return found


def state_of(s: Session, unit_id: int, period: Period) -> str:
    r = s.get(ReviewState, (unit_id, period.code))
    return r.state if r else NOT_SUBMITTED


def is_locked(s: Session, unit_id: int, period: Period) -> bool:
    """Whether a file for this unit × period would be held rather than merged."""
    return review_rules.on_import(state_of(s, unit_id, period)).held


# --- steps ----------------------------------------------------------------------------------------


def find_unit(s: Session, name: str) -> Unit:
    return catalogue.unit_named(s, name, ReviewError)


def require_bureau(ledger: Ledger) -> None:
    if ledger.role != "bureau":
        raise SetupError("审核（退回、接收、重新打开）只能在区局（bureau）角色的台账中进行")


def record_submission(
    s: Session, unit_id: int, period: Period, import_id: int, submitted_at: datetime | None = None
) -> str:
    """A submission of the unit × period was merged: it waits for review (待审核)."""
    when = submitted_at or datetime.now()
    r = s.get(ReviewState, (unit_id, period.code))
    if r is None:
        r = ReviewState(unit_id=unit_id, period=period.code, state=NOT_SUBMITTED)
        s.add(r)
    r.state = review_rules.on_import(r.state).state
    r.first_submitted_at = min(r.first_submitted_at or when, when)
    r.submitted_at = when
    r.import_id = import_id
    r.changed_at = utcnow()
    s.flush()
    return r.state


def _transition(ledger: Ledger, unit_name: str, period: Period, step, seen: str | None = None) -> tuple[Unit, str, str]:  # noqa: ANN001
    """One review step. `seen`: the state the officer was shown; when another officer changed it
    since (on a shared ledger), the step is refused with 已被他人修改 instead of acting on what the
    officer did not see. The row is locked (FOR UPDATE on a server) until the step commits."""
    require_bureau(ledger)
    with ledger.session() as s:
        unit = find_unit(s, unit_name)
        r = s.get(ReviewState, (unit.id, period.code), with_for_update=True)
        before = r.state if r else NOT_SUBMITTED
        if seen is not None and before != seen:
            raise ReviewError(_changed_by_others(unit, period, before))
        after = step(before, unit.name, period.label)
        r.state, r.changed_at = after, utcnow()
        s.expunge(unit)
        return unit, before, after


def _changed_by_others(unit: Unit, period: Period, now: str) -> str:
    return (
        f"{unit.name} {period.label}的审核状态已被他人修改（现为“{review_rules.STATE_LABELS[now]}”），"
        "本次操作未执行。请看刷新后的状态再操作。"
    )


def accept(ledger: Ledger, unit_name: str, period: Period, seen: str | None = None) -> str:
    """已接收: the unit × period is locked; its comments the unit has seen are closed. One never sent
    stays open and goes with the unit's next feedback workbook (app.review.comments.to_send): closing it
    would leave it stranded, seen by nobody."""
    unit, _before, after = _transition(ledger, unit_name, period, review_rules.on_accept, seen)
    with ledger.session() as s:
        for c in s.scalars(select(Comment).where(Comment.unit_id == unit.id, Comment.period == period.code)):
            if c.status != "closed" and (c.sent_at is not None or c.status != "open"):
                c.status = "closed"
    return after


def reopen(ledger: Ledger, unit_name: str, period: Period, seen: str | None = None) -> list[HeldFile]:
    """The accepted unit × period waits for review again; the files held for it may now be merged."""
    unit, _before, _after = _transition(ledger, unit_name, period, review_rules.on_reopen, seen)
    with ledger.session() as s:
        held = list(
            s.scalars(
                select(HeldFile).where(
                    HeldFile.unit_id == unit.id,
                    HeldFile.period == period.code,
                    HeldFile.outcome.is_(None),
                    HeldFile.key_fingerprint.is_(None),  # one held for its key waits for the key
                )
            )
        )
        s.expunge_all()
        return held


def mark_returned(s: Session, unit: Unit, period: Period, seen: str | None = None) -> None:
    r = s.get(ReviewState, (unit.id, period.code), with_for_update=True)
    r_state = r.state if r else NOT_SUBMITTED
    if seen is not None and r_state != seen:
        raise ReviewError(_changed_by_others(unit, period, r_state))
    r.state = review_rules.on_return(r_state, unit.name, period.label)
    r.changed_at = utcnow()


def after_undo(s: Session, log: ImportLog) -> None:
    """An import was undone: the unit × period goes back to the submission before it, or to 未报送."""
    if log.unit_id is None or not log.period:
        return
    r = s.get(ReviewState, (log.unit_id, log.period))
    if r is None:
        return
    remaining = s.scalars(
        select(ImportLog)
        .where(
            ImportLog.unit_id == log.unit_id,
            ImportLog.period == log.period,
            ImportLog.undone_at.is_(None),
            ImportLog.id != log.id,
        )
        .order_by(ImportLog.id)
    ).all()
    state = review_rules.on_undo(len(remaining))
    if state == NOT_SUBMITTED:
        s.delete(r)
        return
    if r.import_id == log.id:
        latest = remaining[-1]
        r.import_id = latest.id
        r.submitted_at = sent_time(latest)
        r.first_submitted_at = min(sent_time(x) for x in remaining)
    r.state = PENDING if r.state != ACCEPTED else r.state
    r.changed_at = utcnow()


def sent_time(log: ImportLog) -> datetime:
    """When the unit sent an imported file (review_rules.sent_at, kept as the log's exported_at),
    or, for a file that does not say, when it was imported, on the local clock."""
    return log.exported_at or local(log.imported_at)


def check_undo(s: Session, log: ImportLog) -> None:
    """An accepted unit × period is locked: its imports are undone only after re-opening it."""
    if log.unit_id is None or not log.period:
        return
    period = parse_period(log.period)  # the log's column
    if state_of(s, log.unit_id, period) == ACCEPTED:
        unit = s.get(Unit, log.unit_id)
        raise ReviewError(f"{unit.name}{period.label}的报送已接收（已锁定），请先重新打开该期再撤销这次导入")


# --- held files -----------------------------------------------------------------------------------


def held_name(file_hash: str, suffix: str = ".xlsx") -> str:
    """The name an older version kept a held file under beside the ledger (its own name is in
    HeldFile.file_name): a workbook, or a package (.zip) when the file came with its evidence."""
    return f"{file_hash[:24]}{suffix if suffix in ('.xlsx', '.zip') else '.xlsx'}"


def hold_file(
    s: Session,
    unit_id: int,
    period: Period | None,
    inputs: Sequence[Path],
    file_hash: str,
    exported_at: datetime | None,
    name: str | None = None,
    key: tuple[str, str] | None = None,
) -> HeldFile:
    """Keep a file that arrived for an accepted unit × period (待重新审核) in the ledger, whole:
    `inputs` are what came (the workbook and the evidence beside it, or every part of a package),
    the first one the file itself; `name` is the name it is listed under (its own by default).
    With `key` (fingerprint, public key): one signed by a key not yet confirmed for its unit (待确认签名)."""
    existing = s.scalar(select(HeldFile).where(HeldFile.file_hash == file_hash, HeldFile.outcome.is_(None)))
    if existing is not None:
        return existing
    held = HeldFile(
        unit_id=unit_id,
        period=period.code if period is not None else "",  # "": a template held for its key
        file_name=name or Path(inputs[0]).name,
        stored_path="",  # in held_contents: any officer of the ledger opens it
        file_hash=file_hash,
        exported_at=exported_at,
        key_fingerprint=key[0] if key else None,
        public_key=key[1] if key else None,
    )
    s.add(held)
    s.flush()
    taken: set[str] = set()
    for i, source in enumerate(inputs):
        stored = Path(source).name
        if stored.lower() in taken:  # two parts of one name from two folders: never lies over another
            continue
        taken.add(stored.lower())
        s.add(HeldContent(held_id=held.id, position=i, name=stored, data=Path(source).read_bytes()))
    s.flush()
    return held


def held_inputs(s: Session, held: HeldFile, folder: Path | None = None) -> list[Path]:
    """The held file as it came, written out to import again (re-review): the workbook and the
    evidence beside it, or every part of a package, in a folder of its own (under this user's data
    folder unless `folder` is given). A file an older version kept beside the ledger is used where
    it lies; gone, it raises ReviewError naming it."""
    contents = list(s.scalars(select(HeldContent).where(HeldContent.held_id == held.id).order_by(HeldContent.position)))
    if not contents:
        path = Path(held.stored_path) if held.stored_path else None
        if path is None or not path.is_file():
            raise ReviewError(
                f"待重新审核文件“{held.file_name}”的副本不在本机（保存于 {held.stored_path or '未知位置'}）："
                "请在接收该文件的电脑上打开台账一次，或让单位重新发送"
            )
        return [path]
    if folder is None:
        from app.paths import data_dir

        folder = data_dir() / "held" / f"{held.id}-{held.file_hash[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in contents:
        target = folder / Path(c.name).name
        with atomic_write(target) as tmp:
            tmp.write_bytes(c.data)
        out.append(target)
    return out


def held_paths(ledger: Ledger, held: Sequence[HeldFile]) -> list[Path]:
    """Every held file's inputs, written out to import (see held_inputs)."""
    with ledger.session() as s:
        return [p for h in held for p in held_inputs(s, h)]


def held_files(s: Session, period: Period | None = None) -> list[HeldFile]:
    q = select(HeldFile).where(HeldFile.outcome.is_(None), HeldFile.key_fingerprint.is_(None)).order_by(HeldFile.id)
    if period is not None:
        q = q.where(HeldFile.period == period.code)
    return list(s.scalars(q))


def close_held(s: Session, file_hash: str, outcome: str) -> None:
    for h in s.scalars(select(HeldFile).where(HeldFile.file_hash == file_hash, HeldFile.outcome.is_(None))):
        h.outcome, h.closed_at = outcome, utcnow()


def discard_held(ledger: Ledger, held_id: int) -> HeldFile:
    with ledger.session() as s:
        h = s.get(HeldFile, held_id)
        if h is None or h.outcome is not None:
            raise ReviewError(f"没有编号为 {held_id} 的待重新审核文件")
        h.outcome, h.closed_at = DISCARDED, utcnow()
        s.flush()
        s.expunge(h)
        return h


# --- contacts, for the 催报 list -------------------------------------------------------------------


def unit_email(s: Session, unit_id: int) -> str:
    row = s.get(UnitContact, unit_id)
    return row.email or "" if row else ""


def set_unit_email(s: Session, unit_id: int, email: str) -> None:
    row = s.get(UnitContact, unit_id)
    if row is None:
        s.add(UnitContact(unit_id=unit_id, email=email.strip() or None))
    else:
        row.email = email.strip() or None


def last_reporter(s: Session, unit_id: int) -> tuple[str, str]:
    """(填报人, 联系电话) of the unit's latest task report that names one."""
    m = TASK_PROGRESS.model
    row = s.execute(
        select(m.reporter, m.phone)
        .where(m.unit_id == unit_id, m.deleted.is_(False), (m.reporter.isnot(None)) | (m.phone.isnot(None)))
        .order_by(m.period.desc(), m.updated_at.desc())
        .limit(1)
    ).first()
    return (row[0] or "", row[1] or "") if row else ("", "")
