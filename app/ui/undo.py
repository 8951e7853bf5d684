"""Undoable edits: each command changes the ledger in its own transaction (saved at once) and
knows how to take the change back, so Ctrl+Z works across every page."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import OperationalError

from app.entry import drafts, task_reports
from app.store import records
from app.store.ledger import Ledger, is_locked
from app.ui.busy import BUSY_WAIT_MS
from app.vocabulary.kinds import Kind
from app.vocabulary.periods import Period

Refresh = Callable[[str | None], None]
# told when an undo (False) or a redo (True) of a step found the ledger busy (app.ui.busy.LedgerWait)
Busy = Callable[["LedgerStep", bool], None]


class LedgerStep(QUndoCommand):
    """A step that writes to the ledger when it is made, undone or redone. While another program
    writes to the ledger (an import), a step made fails after the ledger's wait (the page's own wait,
    app.ui.busy) and is dropped: the page tries it again as a new step; an undo or a redo with a
    busy handler waits BUSY_WAIT_MS only, and the step stays where it was (the handler puts the
    stack's index back: skip_next)."""

    refused = ""  # why it was not made: another officer changed the same thing meanwhile
    busy = False  # the last try found the ledger busy: nothing was written

    def __init__(self, text: str, ledger: Ledger, busy: Busy | None = None) -> None:
        super().__init__(text)
        self.ledger, self.on_busy = ledger, busy
        self.pushed = False  # the first redo (the push) has been made
        self.skip_next = False  # the next undo/redo only moves the stack's index back: nothing to apply

    def _write(self, write: Callable[[], None], redoing: bool) -> bool:
        """Runs `write` (its own transactions); whether it ran to its end."""
        first = not self.pushed
        self.pushed = True
        if self.skip_next:
            self.skip_next = False
            return False
        self.busy = False
        waiting = self.ledger.briefly(BUSY_WAIT_MS) if self.on_busy and not first else nullcontext()
        try:
            with waiting:
                write()
        except OperationalError as exc:
            if not is_locked(exc):
                raise
            self.busy = True  # another program writes (Ledger.briefly): nothing written
            if first or self.on_busy is None:
                self.setObsolete(True)  # the page tries it again as a new step
            else:  # an undo or redo: the step stays, to be tried again once the other program is done
                self.on_busy(self, redoing)
            return False
        return True


class CreateRecord(LedgerStep):
    def __init__(
        self,
        ledger: Ledger,
        kind: Kind,
        unit_id: int,
        values: dict[str, object],
        refresh: Refresh,
        confirmed: dict[str, object] | None = None,
        busy: Busy | None = None,
    ) -> None:
        super().__init__(QCoreApplication.translate("Undo", "New %1").replace("%1", kind.sheet), ledger, busy)
        self.kind, self.unit_id, self.values, self.refresh = kind, unit_id, values, refresh
        self.confirmed = confirmed or {}  # warnings the user ticked as checked (field key → value)
        self.record_id: str | None = None

    def _create(self) -> None:
        try:
            with self.ledger.session() as s:
                if self.record_id is None:
                    record_id = records.create(s, self.kind, self.unit_id, dict(self.values)).id
                    # remembered before the refresh, so the form shows the saved record with its ticks
                    drafts.confirm(s, record_id, self.confirmed)
                    self.record_id = record_id
                else:  # redo after undo: bring the same record back
                    records.undelete(s, self.kind, records.get(s, self.kind, self.record_id))
        except records.ChangedByOthers as exc:
            self.setObsolete(True)  # theirs stands: this step is dropped, not forced
            self.refused = str(exc)

    def _delete(self) -> None:
        with self.ledger.session() as s:
            records.delete(s, self.kind, records.get(s, self.kind, self.record_id))

    def redo(self) -> None:
        if self._write(self._create, True):
            self.refresh(None if self.refused else self.record_id)

    def undo(self) -> None:
        if self._write(self._delete, False):
            self.refresh(None)


class EditRecord(LedgerStep):
    def __init__(
        self,
        ledger: Ledger,
        kind: Kind,
        record_id: str,
        before: dict[str, object],
        after: dict[str, object],
        refresh: Refresh,
        busy: Busy | None = None,
    ) -> None:
        changed = [kind.field(k).label for k in after if before.get(k) != after[k]]
        text = QCoreApplication.translate("Undo", "Edit %1").replace("%1", "、".join(changed) or kind.sheet)
        super().__init__(text, ledger, busy)
        self.kind, self.record_id, self.refresh = kind, record_id, refresh
        self.before, self.after = before, after

    def id(self) -> int:  # noqa: A003 - Qt's name
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        """Saving while typing makes one edit per pause; one Ctrl+Z takes back the whole field."""
        if not isinstance(other, EditRecord) or other.record_id != self.record_id:
            return False
        if other.busy or other.refused:  # not written (tried again as its own step): this step stays as it is
            return False
        if {k for k in other.after if other.before.get(k) != other.after[k]} != {
            k for k in self.after if self.before.get(k) != self.after[k]
        }:
            return False
        self.after = other.after
        return True

    def _apply(self, values: dict[str, object], expected: dict[str, object], redoing: bool) -> None:
        def update() -> None:
            with self.ledger.session() as s:
                try:
                    record = records.changed_since_shown(s, self.kind, self.record_id, expected)
                except records.ChangedByOthers as exc:
                    self.setObsolete(True)  # another officer changed it: this step is dropped, not forced
                    self.refused = str(exc)
                    return
                records.update(s, self.kind, record, dict(values))

        if self._write(update, redoing) and not self.refused:
            self.refresh(self.record_id)

    def redo(self) -> None:
        self._apply(self.after, self.before, True)

    def undo(self) -> None:
        self._apply(self.before, self.after, False)


class DeleteRecord(LedgerStep):
    def __init__(self, ledger: Ledger, kind: Kind, record_id: str, refresh: Refresh, busy: Busy | None = None) -> None:
        super().__init__(QCoreApplication.translate("Undo", "Delete %1").replace("%1", kind.sheet), ledger, busy)
        self.kind, self.record_id, self.refresh = kind, record_id, refresh

    def _delete(self) -> None:
        with self.ledger.session() as s:
            records.delete(s, self.kind, records.get(s, self.kind, self.record_id))

    def _undelete(self) -> None:
        with self.ledger.session() as s:
            records.undelete(s, self.kind, records.get(s, self.kind, self.record_id))

    def redo(self) -> None:
        if self._write(self._delete, True):
            self.refresh(None)

    def undo(self) -> None:
        if self._write(self._undelete, False):
            self.refresh(self.record_id)


class CopyPreviousReports(LedgerStep):
    """Last period's task reports copied into this period, all in one step."""

    def __init__(
        self, ledger: Ledger, unit_id: int, period: Period, refresh: Refresh, busy: Busy | None = None
    ) -> None:
        super().__init__(QCoreApplication.translate("Undo", "Copy last period's reports"), ledger, busy)
        self.unit_id, self.period, self.refresh = unit_id, period, refresh
        self.record_ids: list[str] | None = None

    def _copy(self) -> None:
        kind = task_reports.TASK_PROGRESS
        try:
            with self.ledger.session() as s:
                if self.record_ids is None:
                    self.record_ids = task_reports.copy_previous(s, self.unit_id, self.period)
                else:
                    for record_id in self.record_ids:
                        records.undelete(s, kind, records.get(s, kind, record_id))
        except records.ChangedByOthers as exc:  # a task another officer reported meanwhile
            self.setObsolete(True)
            self.refused = str(exc)

    def _delete(self) -> None:
        kind = task_reports.TASK_PROGRESS
        with self.ledger.session() as s:
            for record_id in self.record_ids or []:
                records.delete(s, kind, records.get(s, kind, record_id))

    def redo(self) -> None:
        if self._write(self._copy, True):
            self.refresh(None)

    def undo(self) -> None:
        if self._write(self._delete, False):
            self.refresh(None)


def current_values(ledger: Ledger, kind: Kind, record_id: str) -> dict[str, object]:
    with ledger.session() as s:
        record = records.get(s, kind, record_id)
        return {f.key: getattr(record, f.key) for f in kind.input_fields}
