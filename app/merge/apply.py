"""Applying a plan: one transaction, after a backup, that first checks the plan is still true.

The import log row is written first: that takes SQLite's write lock, so the checks that follow (the
file not imported meanwhile, every record as the plan saw it) and the writes see one ledger state
that no other program can change before the commit. A stale plan writes nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app import collector
from app.evidence.store import take_evidence
from app.merge.plan import (
    HELD,
    IN_BATCH,
    READY,
    REFUSED_FILE,
    VALID,
    WRITES,
    FilePlan,
    ImportPlan,
    RowPlan,
    Seen,
)
from app.merge.rules import ASK, DELETED, DELETION, DIVERGED, NEW, OURS, THEIRS
from app.merge.twins import cannot_restore, cannot_undelete, live_twin
from app.plans import carry
from app.plans.load import add_carried_plan
from app.review import comments
from app.review import state as review
from app.review.feedback import apply_feedback, take_answers
from app.store import aliases, bases, catalogue, keys, locks, records
from app.store.ledger import Ledger
from app.vocabulary.clock import local
from app.vocabulary.kinds import Kind
from db.backup import BackupAlongside, prune_backups
from db.models import Comment, ImportLog, RecordHistory, Unit

logger = logging.getLogger(__name__)

CHUNK = 500  # ids per IN (...) query, below SQLite's variable limit
CHANGES = tuple(a for a in WRITES if a != NEW)  # writes to records the ledger has


class ImportRefused(Exception):
    """Applying a plan that has errors, or undoing what cannot be undone."""


class StalePlan(ImportRefused):
    """The ledger changed between the preview and the import: nothing was written."""


class InterruptedAfterCommit(KeyboardInterrupt):
    """Ctrl+C that came once the import had committed: the import is in the ledger (`ids`)."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__(ids)
        self.ids = ids


Decisions = Mapping[tuple[str, str], str]


def apply_plan(
    ledger: Ledger,
    plan: ImportPlan,
    decisions: Decisions | None = None,
    default: str = OURS,
    received: datetime | None = None,  # when the submissions arrived, if not when they were exported
    *,
    skip_bad: bool = False,
    notify: Callable[[str], None] | None = None,  # told when another officer's import keeps this one waiting
    early: EarlyApply | None = None,  # what was written while the plan was made (`ipledger import`)
) -> list[int]:
    """Carry out the plan's files that are ready (SPEC §4.6) in one transaction, after a backup.

    A file with errors refuses the whole import unless `skip_bad`: then it alone is left out.
    Conflicts are decided per (record id, field key): OURS keeps the ledger's value, THEIRS takes
    the file's; a field without a decision takes its file's bulk choice, else `default`."""
    if early is not None:  # (given up, it holds no lock of the ledger: written below as ever)
        ids = early.commit(plan, default, received, skip_bad) if not decisions else None
        if ids is not None:
            return ids
        early.give_up()
    if plan.refused and not skip_bad:
        raise ImportRefused("导入计划中有错误，未写入任何数据")
    files, held = plan.to_apply, plan.held
    if not files and not held:
        return []
    # A file is copied as it is before the import, beside the import's work; the copy is whole
    # before the import commits (a failed copy writes nothing). A server's import is one transaction.
    backup = BackupAlongside(ledger.path, "before-import") if ledger.path is not None else None
    logs: list[tuple[int, str]] = []  # (import id, file hash), known once written, before the commit
    try:
        try:
            # A ledger locked past the busy timeout is worded by db.engine.busy_ledger_message.
            with collector.paused():
                return _apply(ledger, plan, files, held, decisions or {}, default, received, notify, backup, logs)
        finally:
            if backup is not None:
                backup.wait()
    except KeyboardInterrupt:
        # Ctrl+C between the commit and the return (the session's closing, the collector's restart)
        # must not pass for an import that failed: it is said as one that is in the ledger.
        if logs and _committed(ledger, logs):
            raise InterruptedAfterCommit([i for i, _ in logs]) from None
        raise


def _committed(ledger: Ledger, logs: list[tuple[int, str]]) -> bool:
    with ledger.session() as s:
        first, digest = logs[0]
        log = s.get(ImportLog, first)
        return log is not None and log.file_hash == digest


def _apply(
    ledger: Ledger,
    plan: ImportPlan,
    files: list[FilePlan],
    held: list[FilePlan],
    decisions: Decisions,
    default: str,
    received: datetime | None,
    notify: Callable[[str], None] | None = None,
    backup: BackupAlongside | None = None,
    written: list[tuple[int, str]] | None = None,
) -> list[int]:
    with ledger.session() as s, _page_cache(s):
        # On a server: one file, and one unit × period, is imported by one officer at a time (the
        # later one waits); SQLite's first write below locks the whole file anyway.
        locks.take_turns(s, _turns(s, files + held), notify)
        logs = [_log(s, fp) for fp in files]  # the first write: from here on the ledger is ours alone
        if written is not None:
            written.extend((log.id, log.file_hash) for log in logs)
        _check_still_true(s, files, logs)
        for fp in held:
            key = (fp.key_fingerprint, fp.public_key.hex()) if fp.key_pending else None
            unit_id = fp.unit_id if fp.unit_id is not None else fp.key_unit_id  # a template held for its key
            inputs = fp.held_inputs or [fp.read.path]  # a package is held whole, a workbook with its evidence
            review.hold_file(s, unit_id, fp.period, inputs, fp.read.hash, fp.sent_at, _held_name(fp), key=key)
        log_of = {id(fp): log for fp, log in zip(files, logs, strict=True)}
        for fp, log in zip(files, logs, strict=True):
            _apply_file(s, plan.role, fp, log, log_of, decisions, default, received)
        if backup is not None:
            _backup_made(backup)  # the ledger as it was is copied whole before anything is committed
        return [log.id for log in logs]


def _backup_made(backup: BackupAlongside) -> None:
    """The copy before the import, whole; a copy that failed refuses the import, saying so (it said
    磁盘已满，无法写入台账, as if the ledger were full, when only the backups' folder was)."""
    try:
        backup.result()
    except Exception as exc:  # noqa: BLE001 - any failure of the copy: the import goes no further
        raise ImportRefused(backup_failed(backup.folder, exc)) from exc


def backup_failed(folder: Path, exc: BaseException) -> str:
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if "full" in text or errno == 28:  # ENOSPC
        why = "该文件夹所在的磁盘已满"
    elif any(w in text for w in ("readonly", "read-only", "permission", "unable to open")) or errno in (13, 30):
        why = "该文件夹不可写"
    else:
        why = f"{type(exc).__name__}：{exc}"
    return (
        f"无法在备份文件夹 {folder} 中生成导入前的台账备份（{why}），本次未导入任何数据，台账没有变化。"
        "请腾出该磁盘的空间或检查该文件夹的权限后重试。"
    )


def _apply_file(
    s: Session,
    role: str,
    fp: FilePlan,
    log: ImportLog,
    log_of: dict[int, ImportLog],
    decisions: Decisions,
    default: str,
    received: datetime | None,
) -> None:
    """One ready file's writes, its import log row written (`log_of`: the batch's, by id(FilePlan))."""
    bureau = role == "bureau"
    review.close_held(s, fp.read.hash, review.MERGED)  # held for its period or its key, now merged
    if fp.signature == VALID and fp.key_unit_id is not None and fp.public_key:
        keys.pin(s, fp.key_unit_id, fp.public_key)  # a key confirmed by its fingerprint: now whole
    if fp.feedback is not None:  # comments or answers, the review state and the due date
        _add_carried_plan(s, role, fp)
        apply_feedback(s, fp.feedback, log.id)
        return
    for earlier in fp.supersedes:
        s.get(ImportLog, earlier).superseded_by = log.id
    newer = log_of.get(id(fp.newer_in_batch))
    if newer is not None:  # the same unit's later file for the period, imported with it
        log.superseded_by = newer.id
    if bureau and fp.unit_id is not None and fp.period:
        review.record_submission(s, fp.unit_id, fp.period, log.id, received or fp.sent_at)
        take_answers(s, fp.unit_id, fp.read)
    side = _sides(decisions, fp.conflict_side or default)
    comes_down = _add_carried_plan(s, role, fp)
    plan_of = carry.FilePlans(s, fp.read.meta, carried=comes_down).plan_id_for
    # Deletions first: a task report the unit deleted and filled in again is then one live
    # report when the new one is inserted (one live report per unit × period × task).
    for r in fp.rows.with_action(*CHANGES):  # (each row made as it is written: memory stays flat)
        if DELETION not in r.fields:
            continue
        _apply_change(s, r, log.id, bureau, side, fp.name)
    try:
        _insert_new(s, fp, log.id, bureau, plan_of)
    except IntegrityError:
        raise StalePlan(
            f"文件“{fp.name}”中的新记录已由另一程序或窗口写入台账，本次未导入任何数据。请重新预览后再导入。"
        ) from None
    for r in fp.rows.with_action(*CHANGES):
        if DELETION not in r.fields:
            _apply_change(s, r, log.id, bureau, side, fp.name)
    _remember_aliases(s, fp, log.id)
    if bureau and fp.unit_id is not None:
        _note_outside_edits(s, fp)
    take_evidence(s, fp, log.id)


EARLY_MAX_BYTES = 4 << 20  # a batch with a larger workbook is written after it is planned (see EarlyApply.suits)
# A larger batch is written after it is planned too: writing while planning holds an SQLite ledger's
# write lock as long as the planning takes (the district year, 35 MB: ~6 s), and another program's
# save waits for it (at most db.backup.BUSY_TIMEOUT_S, 60 s); 64 MB plan in ~12 s on the test PC.
EARLY_MAX_BATCH = 64 << 20


class EarlyApply:
    """An import with no preview to wait for (`ipledger import` without --dry-run): each file is
    written as soon as it is planned, while the next files are read and planned, so that the
    writing shares the two cores with the reading instead of running alone after it.

    The writes go through a connection of their own, in one transaction that `apply_plan` commits
    (all or nothing, as ever; killed, nothing is written). The planning connection does not see
    them (SQLite's WAL, PostgreSQL's read committed: nothing is committed before the end), so every
    file is planned against the ledger as it was, as when the plan is made first. The writes are
    those apply_plan makes, file by file in the same order; whatever this cannot write as
    apply_plan would (a file held or refused, a unit's second file for a period, another program's
    lock, an error) gives it up: rolled back, and `apply_plan` writes the whole plan as ever, and
    says what is wrong in the same words."""

    def __init__(
        self, ledger: Ledger, default: str = OURS, received: datetime | None = None, *, skip_bad: bool = False
    ) -> None:
        self.ledger = ledger
        self.args = (default, received, skip_bad)
        self.done: list[tuple[FilePlan, ImportLog]] = []  # the files written, with their import log rows
        self.gave_up = False
        self._submissions: set[tuple[int, object]] = set()
        self._stack: ExitStack | None = None
        self._s: Session | None = None
        self._backup: BackupAlongside | None = None

    @property
    def holding(self) -> bool:
        """Whether written rows wait for the commit: the ledger is locked for others until then."""
        return self._s is not None

    def __enter__(self) -> EarlyApply:
        return self

    def __exit__(self, *exc: object) -> None:
        self.give_up()

    def suits(self, workbooks: list[Path]) -> bool:
        """Whether to write while planning this batch: given up (and False) for a single workbook
        (nothing to share the cores with), for a batch holding a large one (the writer's pages
        would sit beside that file's reading, the planning process's peak of memory) and for a
        batch so large that the ledger would stay locked too long (EARLY_MAX_BATCH)."""
        sizes = [_size(p) for p in workbooks]
        if len(sizes) >= 2 and max(sizes) <= EARLY_MAX_BYTES and sum(sizes) <= EARLY_MAX_BATCH:
            return True
        self.give_up()
        return False

    def planned(self, role: str, fp: FilePlan) -> None:
        """A file just planned (app.merge.planner): written now if it can be as apply_plan would."""
        if self.gave_up:
            return
        try:
            self._write(role, fp)
        except Exception as exc:  # noqa: BLE001 - apply_plan writes the plan again and says what is wrong
            logger.info("writing %s while planning given up (%r); written after planning", fp.name, exc)
            self.give_up()

    def _write(self, role: str, fp: FilePlan) -> None:
        default, received, skip_bad = self.args
        status = fp.status
        if fp.submission_of is not None:
            if fp.submission_of in self._submissions:  # sent_order and newer_in_batch: the whole batch's
                raise _GiveUp("a unit's second file for a period")
            self._submissions.add(fp.submission_of)
        if status == HELD or (status == REFUSED_FILE and not skip_bad):
            raise _GiveUp(status)
        if status != READY:
            return
        s = self._session()
        locks.take_turns(s, _turns(s, [fp]), None, timeout=0)  # another import's: given up, not waited for
        log = _log(s, fp)
        self.done.append((fp, log))
        _check_still_true(s, [fp], [x for _fp, x in self.done])
        _apply_file(s, role, fp, log, {}, {}, default, received)

    def _session(self) -> Session:
        if self._s is None:
            stack = ExitStack()
            self._stack = stack
            s = self._s = stack.enter_context(self.ledger.session())
            stack.enter_context(_page_cache(s))
            stack.enter_context(_no_busy_wait(s))
            if self.ledger.path is not None:
                # old backups are pruned once this copy is kept: the writing may yet be given up
                self._backup = BackupAlongside(self.ledger.path, "before-import", prune=False)
        return self._s

    def commit(self, plan: ImportPlan, default: str, received: datetime | None, skip_bad: bool) -> list[int] | None:
        """The import log ids once committed, when what was written is the whole plan as apply_plan
        would write it with these choices; None otherwise (then nothing is kept)."""
        if self.gave_up or self._stack is None or self.args != (default, received, skip_bad) or plan.held:
            return None
        if [fp for fp, _log in self.done] != plan.to_apply or any(fp.newer_in_batch for fp in plan.files):
            return None
        stack, backup = self._stack, self._backup
        self._stack = self._s = self._backup = None
        logs = [(log.id, log.file_hash) for _fp, log in self.done]
        try:
            try:
                with collector.paused():
                    try:
                        if backup is not None:
                            _backup_made(backup)  # the ledger as it was is copied whole before the commit
                    except BaseException as exc:
                        stack.__exit__(type(exc), exc, exc.__traceback__)  # rolled back
                        raise
                    stack.close()  # committed
                    if self.ledger.path is not None:
                        with suppress(OSError):  # the import is in: an old copy left is no failure
                            prune_backups(self.ledger.path)
            finally:
                if backup is not None:
                    backup.wait()
        except KeyboardInterrupt:  # as apply_plan: Ctrl+C once committed is said as an import in the ledger
            if _committed(self.ledger, logs):
                raise InterruptedAfterCommit([i for i, _ in logs]) from None
            raise
        return [log.id for _fp, log in self.done]

    def give_up(self) -> None:
        """Rolls back what was written, and removes the copy of the ledger made for it."""
        self.gave_up = True
        stack, backup = self._stack, self._backup
        self._stack = self._s = self._backup = None
        self.done = []
        if stack is not None:
            error = _GiveUp("rolled back")
            try:
                stack.__exit__(_GiveUp, error, None)
            except DBAPIError:  # a connection the failure broke: its transaction ends with it
                logger.warning("rolling back the writing while planning failed", exc_info=True)
        if backup is not None:  # (apply_plan makes its own: the ledger may change before it writes)
            with suppress(Exception):
                backup.result().unlink(missing_ok=True)


class _GiveUp(Exception):
    pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it


@contextmanager
def _no_busy_wait(s: Session) -> Iterator[None]:
    """Another program's write (SQLite) or lock on a record (PostgreSQL) gives the early writing up
    at once: apply_plan then waits for it, and words it, as ever."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")  # (this transaction's: until it ends)
        yield
        return
    before = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    conn.exec_driver_sql("PRAGMA busy_timeout=0")
    try:
        yield
    finally:
        with suppress(DBAPIError):
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(before)}")


IMPORT_CACHE_KIB = 16 * 1024  # SQLite's page cache while an import writes (its default: 2 MiB)


@contextmanager
def _page_cache(s: Session) -> Iterator[None]:
    """A larger SQLite page cache while the import writes: each new record goes into its table's
    indexes (its id, unit, patent number …) and its history's at places far apart, and with the
    default 2 MiB the pages of a district's year are read in again and again (its writing CPU
    −20 %). Set back afterwards: the window keeps its connection for hours."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(DBAPIError):  # (a connection the failure broke is not used again)
            conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


OUTSIDE_NEW = (
    "该行在贵单位程序导出后、报送前曾在表格软件中被修改（与导出时的校验值不符），区局台账采用了文件中的值：{values}。"
    "贵单位程序中的值可能与此不同，请核对后保留一个：以上述值为准的，请在程序中改成这些值后选“已修改”；"
    "以程序中的值为准的，请在“答复”中写明正确的值，区局据此更正。"
)
OUTSIDE_TAKEN = (
    "报送文件中此项在程序导出后被表格软件改为“{new}”，区局台账已采用；贵单位程序中为“{old}”。请核对后保留一个："
    "以“{new}”为准的，请在程序中改为该值后选“已修改”；以“{old}”为准的，请在“答复”中说明，区局据此更正。"
)
OUTSIDE_KEPT = (
    "贵单位程序导出的文件中此项为“{new}”，而区局台账中是此前报送文件在表格软件中改成的“{old}”（区局保留了该值）。"
    "请核对后保留一个：以“{old}”为准的，请在程序中改为该值后选“已修改”；以“{new}”为准的，请在“答复”中说明，区局据此更正。"
)


def _note_outside_edits(s: Session, fp: FilePlan) -> None:
    """Rows changed in a spreadsheet after the unit's app exported them leave the unit's ledger
    and this one disagreeing: each becomes an open comment to the unit, with both values where they
    are known, which the next feedback workbook carries (app.review.comments.to_send)."""
    for r in fp.rows.outside_rows():
        if r.action == NEW:
            shown = "；".join(
                f"{f.label} {f.display(r.values.get(f.key))}" for f in r.kind.input_fields if r.values.get(f.key)
            )
            notes = [(None, OUTSIDE_NEW.format(values=shown))]
        else:
            text = OUTSIDE_KEPT if r.action == DIVERGED else OUTSIDE_TAKEN
            notes = [
                (key, text.format(old=r.display(key, c.old) or "（空）", new=r.display(key, c.new) or "（空）"))
                for key, c in r.fields.items()
                if key != DELETION
            ]
        for key, note in notes:
            same = select(Comment.id).where(
                Comment.record_id == r.record_id,
                Comment.field.is_(None) if key is None else Comment.field == key,
                Comment.text == note,
                Comment.status != comments.CLOSED,
            )
            if s.scalar(same) is None:
                comments.add_comment(s, note, record_id=r.record_id, field=key, period=fp.period)


def _held_name(fp: FilePlan) -> str:
    """The name a held file is listed under: the workbook's, or the package's (one name for its parts)."""
    return fp.name  # (a package's: the .zip's, see Arrival.shown_as)


def _turns(s: Session, files: list[FilePlan]) -> list[tuple[int, str]]:
    turns = []
    for fp in files:
        turns.append((locks.key("file", fp.read.hash), f"文件“{fp.name}”"))
        if fp.unit_id is not None and fp.period:
            unit = s.get(Unit, fp.unit_id)
            label = f"{unit.name if unit else fp.unit_id} {fp.period.label}的报送"
            turns.append((locks.key("unit-period", fp.unit_id, fp.period.code), label))
    return turns


def _add_carried_plan(s: Session, role: str, fp: FilePlan) -> bool:
    """The action plan the file carries, added when this ledger takes plans from such files (and
    lacks it); whether it does."""
    comes_down = carry.plans_come_down(role, fp.consolidated)
    carried = carry.plan_to_add(s, fp.read.meta) if comes_down else None
    if carried is not None:  # the preview named it; the office confirmed by importing
        add_carried_plan(s, carried, fp.name)
    return comes_down


def _log(s: Session, fp: FilePlan) -> ImportLog:
    meta = fp.read.meta
    log = ImportLog(
        file_name=fp.name,
        file_hash=fp.read.hash,
        submission_id=meta.submission_id if meta else None,
        unit_id=fp.unit_id,
        period=fp.period.code if fp.period else None,
        exported_at=fp.sent_at,  # when the unit sent it (see review_rules.sent_at)
        counts=fp.log_counts(),
        superseded_by=fp.superseded_by,
        signature=fp.signature,
        key_fingerprint=fp.key_fingerprint or None,
        uncovered_rows=fp.uncovered_rows,
    )
    s.add(log)
    s.flush()
    return log


def _check_still_true(s: Session, files: list[FilePlan], logs: list[ImportLog]) -> None:
    ours = {log.id for log in logs}
    for fp in files:
        other = s.scalar(
            select(ImportLog).where(
                ImportLog.file_hash == fp.read.hash, ImportLog.undone_at.is_(None), ImportLog.id.not_in(ours)
            )
        )
        if other is not None:
            raise StalePlan(
                f"文件“{fp.name}”已导入过（导入编号 {other.id}，{local(other.imported_at):%Y-%m-%d %H:%M}，"
                "可能由另一程序或窗口同时导入），本次未导入任何数据。请重新预览。"
            )
    changed = _changed_since_plan(s, (r for fp in files for r in fp.rows.with_action(*CHANGES)))
    if changed:
        names = "、".join(f"“{r.name or r.record_id}”" for r in changed[:3])
        more = f"等 {len(changed)} 条记录" if len(changed) > 3 else ""
        raise StalePlan(
            f"预览之后台账已被修改（{names}{more}），为免覆盖这些修改，本次未导入任何数据。请重新预览后再导入。"
        )


def _changed_since_plan(s: Session, rows: Iterable[RowPlan]) -> list[RowPlan]:
    """Rows whose record no longer is as the plan saw it (new records are guarded by their key)."""
    by_kind: dict[Kind, dict[str, RowPlan]] = defaultdict(dict)
    for r in rows:
        if r.action in WRITES and r.action != NEW and r.seen is not IN_BATCH:
            by_kind[r.kind][r.record_id] = r
    changed = []
    for kind, planned in by_kind.items():
        m = kind.model
        ids = list(planned)
        now: dict[str, Seen] = {}
        for start in range(0, len(ids), CHUNK):
            q = select(m.id, m.revision, m.deleted, m.synced_digest).where(m.id.in_(ids[start : start + CHUNK]))
            now.update((rid, Seen(rev, deleted, digest)) for rid, rev, deleted, digest in s.execute(q))
        changed += [r for rid, r in planned.items() if now.get(rid) != r.seen]
    return changed


def _sides(decisions: Decisions, fallback: str) -> Callable[[RowPlan, str, str], str]:
    def side(r: RowPlan, key: str, rule_side: str) -> str:
        return decisions.get((r.record_id, key), fallback) if rule_side == ASK else rule_side

    return side


def _insert_new(
    s: Session, fp: FilePlan, import_id: int, bureau: bool, plan_of: Callable[[object], int | None]
) -> None:
    """The file's new records, kind by kind, in slices of BULK_CHUNK rows: each slice's values are
    made from the plan's packed rows as it is written, never the whole batch's at once."""
    for kind in fp.rows.kinds_with(NEW):
        # Task reports and indicator values point to the plan the file reported them under.
        linked = hasattr(kind.model, "plan_id")
        fields = tuple(f.key for f in kind.input_fields)
        names = (*fields, "id", "unit_id", "revision", "synced_revision", "synced_digest")
        period = fields.index("period") if "period" in fields else -1
        for part in fp.rows.new_records(kind, records.BULK_CHUNK):
            if bureau:
                rows = [(*values, rid, unit, rev, rev, digest) for values, rid, unit, rev, digest in part]
            else:
                rows = [(*values, rid, unit, rev, None, None) for values, rid, unit, rev, _digest in part]
            if linked:
                periods = [values[period] if period >= 0 else None for values, *_rest in part]
                plans = [plan_of(p) for p in periods]
                if None in plans:
                    plans = [
                        q if q is not None else catalogue.plan_id(s, str(p))
                        for q, p in zip(plans, periods, strict=True)
                    ]
                rows = [(*row, q) for row, q in zip(rows, plans, strict=True)]
            records.insert_new(s, kind, (*names, "plan_id") if linked else names, rows, import_id=import_id)


def _apply_change(
    s: Session,
    r: RowPlan,
    import_id: int,
    bureau: bool,
    side: Callable[[RowPlan, str, str], str],
    file_name: str = "",
) -> None:
    kind = r.kind
    record = s.get(kind.model, r.record_id)
    sides = {key: side(r, key, c.side) for key, c in r.fields.items()}
    deletion = r.fields.get(DELETION)
    if deletion is not None and deletion.new is True:  # a tombstone of the file
        if r.action == DELETED or sides[DELETION] == THEIRS:
            records.delete(s, kind, record, import_id=import_id, revision=r.revision)
            if bureau:
                if record.locally_modified:  # only then is a base kept (a drop per row costs a flush)
                    _drop_base(s, record.id)
                record.locally_modified = False
                if r.alias is None:  # (an alias's deletion: its revision is the alias's, not the record's id's)
                    record.synced_revision = r.revision
        else:  # this ledger keeps the record the unit deleted
            _note(s, kind, record, import_id, sides)
            if r.alias is None:  # (the revision of the unit's id it knows the record by: the alias's)
                record.synced_revision = r.revision
        return
    if deletion is not None and sides[DELETION] == OURS:  # the unit edited what this ledger deleted
        _note(s, kind, record, import_id, sides)
        _synced(record, r)
        _keep_base(s, kind, r, record.synced_revision)
        return
    values = dict(r.values)
    for key, chosen in sides.items():
        if chosen == OURS and key != DELETION:
            values[key] = r.fields[key].old
    kept_ours = any(chosen == OURS for chosen in sides.values())
    if record.deleted:
        twin = live_twin(s, record)
        if twin is not None:  # one live report per unit × period × task: said, not an IntegrityError
            where = f"文件“{file_name}”，工作表“{r.kind.sheet}”" + (f"，第 {r.sheet_row} 行" if r.sheet_row else "")
            # taken in a conflict (the 删除 choice), or the unit restored what it had deleted (no choice)
            advise = cannot_restore if deletion is not None else cannot_undelete
            reason = advise(record.task_number, record.period, twin)
            raise ImportRefused(f"{where}：{reason}。本次未导入任何数据。")
        record.deleted = False
    records.update(
        s, kind, record, values, import_id=import_id, revision=r.revision if bureau else None, merge=sides or None
    )
    if bureau:
        if record.locally_modified and not kept_ours:  # only then is a base kept (a drop costs a flush)
            _drop_base(s, record.id)
        _synced(record, r)
        record.locally_modified = kept_ours
        if kept_ours:
            _keep_base(s, kind, r, record.synced_revision)


def _synced(record: object, r: RowPlan) -> None:
    """The unit's version just merged is the one both sides last agreed on. A row that carried
    another id of the record's (r.alias) leaves the record's synced revision and digest as they
    were: they are those of the record's own id, which the unit's PC that holds it numbers on its
    own (its later rows are merged against them, not against the other id's); the other id's are
    the alias's (app.store.aliases)."""
    if r.alias is None or record.synced_revision is None:
        record.synced_revision, record.synced_digest = r.revision, r.digest


def _remember_aliases(s: Session, fp: FilePlan, import_id: int) -> None:
    """The ids of the file's rows that landed on records held under another id, each now known as
    its record's at the unit's revision merged (app.store.aliases; undone with the import)."""
    known: dict[tuple[str, str], aliases.Alias] | None = None
    for r in fp.rows.aliased():
        if known is None:
            known = aliases.load(s)
        alias_id, revision, digest = r.alias  # type: ignore[misc]
        alias = aliases.Alias(r.record_id, r.unit_id, revision, digest)
        aliases.remember(s, known, r.kind.key, alias_id, alias, import_id)


def _keep_base(s: Session, kind: Kind, r: RowPlan, synced_revision: int) -> None:
    """The unit's version just received is what both sides now agree on, field by field (at the
    record's synced revision, which a base is valid for)."""
    bases.agree(s, kind, r.record_id, synced_revision, bases.json_values(kind, r.values))


def _drop_base(s: Session, record_id: str) -> None:
    bases.drop(s, record_id)


def _note(s: Session, kind: Kind, record: object, import_id: int, sides: dict[str, str]) -> None:
    """History of a merge that kept this ledger's record as it is (so undo restores the sync state)."""
    snap = records.import_snapshot(s, kind, record)
    s.add(
        RecordHistory(
            kind=kind.key,
            record_id=record.id,
            revision=snap["revision"],
            action="update",
            before=snap,
            import_id=import_id,
            merge=sides,
        )
    )
