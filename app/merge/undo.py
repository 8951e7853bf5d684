"""Undoing an import: records it added go, records it changed or deleted get their earlier state."""

from __future__ import annotations

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from app.evidence.store import undo_evidence
from app.merge.apply import ImportRefused
from app.merge.rules import DIVERGED, STALE, UNCHANGED
from app.merge.twins import live_twin, period_label
from app.review import feedback
from app.review import state as review
from app.store import aliases, bases, records
from app.store.ledger import Ledger
from app.vocabulary.clock import local
from app.vocabulary.kinds import KINDS
from db.backup import backup_ledger
from db.models import ImportLog, RecordHistory, utcnow


def undo_import(ledger: Ledger, import_id: int) -> ImportLog:
    """Take an import back: records it added go, records it changed or deleted get their earlier
    state back, merge base included (what the unit and this ledger had agreed on before).
    Refused when a record has been changed since, so that no later edit is lost."""
    if ledger.path is not None:  # a server's undo is one transaction, backed up by its own means
        backup_ledger(ledger.path, reason=f"before-undo-import-{import_id}")
    with ledger.session() as s:
        log = s.get(ImportLog, import_id)
        if log is None:
            raise ImportRefused(f"没有编号为 {import_id} 的导入记录")
        if log.undone_at is not None:
            raise ImportRefused(f"导入 {import_id}（{log.file_name}）已于 {local(log.undone_at):%Y-%m-%d %H:%M} 撤销")
        try:
            review.check_undo(s, log)
        except review.ReviewError as exc:
            raise ImportRefused(str(exc)) from None
        entries = s.scalars(
            select(RecordHistory).where(RecordHistory.import_id == import_id).order_by(RecordHistory.id.desc())
        ).all()
        last = max((e.id for e in entries), default=0)
        touched = {e.record_id for e in entries}
        later = s.execute(
            select(RecordHistory.record_id, RecordHistory.import_id).where(
                RecordHistory.id > last, RecordHistory.record_id.in_(touched)
            )
        ).all()
        _refuse_when_carried_later(s, log, entries)  # (first: it names the import to undo first)
        _refuse_when_changed_by_later_imports(s, log, [i for _r, i in later if i is not None])
        if later:
            raise ImportRefused(f"导入之后已有 {len({r for r, _i in later})} 条相关记录被再次修改，不能撤销这次导入")
        answered = feedback.answered_since(s, list(entries), log.imported_at) if ledger.role != "bureau" else 0
        if answered:  # the unit answered comments the feedback brought: undoing would lose the answers
            raise ImportRefused(f"这次导入的意见中已有 {answered} 条已答复，不能撤销这次导入")
        kinds = {k.key: k for k in KINDS}
        for e in entries:
            if e.kind in feedback.KEPT:  # what a feedback workbook changed: comments, review state, due date
                feedback.undo_kept(s, e)
                s.delete(e)
                continue
            kind = kinds[e.kind]
            record = s.get(kind.model, e.record_id)
            if e.action == "insert":
                s.delete(record)
            else:
                before = e.before or {}
                if record.deleted and not before.get("deleted", True):
                    _refuse_second_live_report(s, log, record)
                records.restore_snapshot(kind, record, before)
                if bases.KEY in before:  # entries older than this key leave the base as it is
                    bases.restore(s, record.id, before[bases.KEY])
            s.delete(e)
        undo_evidence(s, import_id)
        aliases.undo(s, import_id)  # the ids it merged into records held under others, as before it
        for earlier in s.scalars(select(ImportLog).where(ImportLog.superseded_by == import_id)):
            earlier.superseded_by = None
        log.undone_at = utcnow()
        review.after_undo(s, log)
        s.flush()
        s.expunge(log)
        return log


CARRIED = (UNCHANGED, STALE, DIVERGED)  # what a later file found of records it did not change


def _refuse_when_carried_later(s: Session, log: ImportLog, entries: list[RecordHistory]) -> None:
    """A later import of the same unit that found records unchanged (or older) in its file may have
    found this import's records: a unit's every file carries its registries and its corrections
    again. Undoing this import alone would take away records that file still vouches for, and the
    file itself cannot be imported again (the same file twice changes nothing), nor one that found
    a record edited outside the app and kept this ledger's value. The ledger keeps no
    list of the records a file merely confirmed, so any such later import of the unit (or a
    consolidated one, which speaks for several units) is undone first, newest first."""
    if not any(e.kind not in feedback.KEPT for e in entries):
        return  # nothing of the unit's records to take back
    same_unit = true() if log.unit_id is None else or_(ImportLog.unit_id == log.unit_id, ImportLog.unit_id.is_(None))
    since = select(ImportLog).where(ImportLog.id > log.id, ImportLog.undone_at.is_(None), same_unit)
    # (a row found edited outside the app and kept as this ledger has it — 表外修改（保留本台账的值）
    # — writes nothing either, and vouches for the record all the same)
    later = [x for x in s.scalars(since.order_by(ImportLog.id)) if any((x.counts or {}).get(a, 0) for a in CARRIED)]
    if not later:
        return
    raise ImportRefused(
        f"不能撤销导入 {log.id}（{log.file_name}）：之后的导入 {_named(later)}又带来了同一单位的记录，"
        "单独撤销这一次会删掉或改回它们核对过的记录，而那些文件无法再次导入。"
        f"请从最近的一次起依次撤销：先撤销导入 {later[-1].id}。台账未作任何改动。"
    )


def _refuse_when_changed_by_later_imports(s: Session, log: ImportLog, import_ids: list[int]) -> None:
    """A later import changed records this one brought (a conflict decided for this ledger's value
    writes the unit's revision too): named, to be undone first, as when it only carried them."""
    if not import_ids:
        return
    later = [s.get(ImportLog, i) for i in sorted(set(import_ids))]
    raise ImportRefused(
        f"不能撤销导入 {log.id}（{log.file_name}）：之后的导入 {_named(later)}又改动了这次导入带来的记录，"
        "单独撤销这一次会改回或删掉它们。"
        f"请从最近的一次起依次撤销：先撤销导入 {later[-1].id}。台账未作任何改动。"
    )


def _refuse_second_live_report(s: Session, log: ImportLog, record: object) -> None:
    """A task report the import deleted comes back only where its task has no other live report
    since (one live report per unit × period × task): otherwise the undo is refused, saying why."""
    twin = live_twin(s, record)
    if twin is None:
        return
    period = period_label(getattr(record, "period", ""))
    raise ImportRefused(
        f"不能撤销导入 {log.id}（{log.file_name}）：这次导入删除了任务 {record.task_number}（{period}）的一份进展，"
        f"而本台账此后已有该任务本期的另一份进展（记录ID {twin}），恢复被删除的那份会使该任务本期有两份进展。"
        "如确需撤销，请先删除现有的那份进展；台账未作任何改动。"
    )


def _named(later: list[ImportLog]) -> str:
    """The later imports to undo first, as the refusal names them: the newest five."""
    names = "、".join(f"{x.id}（{x.file_name}）" for x in later[-5:])
    return f"{names} 等 {len(later)} 次" if len(later) > 5 else names
