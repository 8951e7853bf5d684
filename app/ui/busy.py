"""Saving while another program writes to the ledger: an import holds an SQLite ledger's write lock for
the seconds its planning takes (~6 s for a district's year, longer on a slow PC). The window never
waits for it longer than BUSY_WAIT_MS: a save says it is not made yet and is tried again every
BUSY_RETRY_MS until it is, an undo or a redo says it was not done and its step stays where it was, and
the page stays on what is not saved yet. One LedgerWait per place that saves as the user types or
edits: the records form, 任务进展 and the bureau's record detail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from app.store.ledger import Ledger, is_locked

# A save, an undo or a redo waits this long for another program's write, then says it is not done
BUSY_WAIT_MS = 300
BUSY_RETRY_MS = 1000  # a save not made yet is tried again this often


class Step(Protocol):
    """An undo step that writes to the ledger (app.ui.undo.LedgerStep)."""

    skip_next: bool


def written_briefly(ledger: Ledger, write: Callable[[], object]) -> bool:
    """Runs `write`, its writes waiting BUSY_WAIT_MS at most for another program's; whether it ran
    to its end (else another program holds the ledger)."""
    try:
        with ledger.briefly(BUSY_WAIT_MS):
            write()
    except OperationalError as exc:
        if not is_locked(exc):
            raise
        return False
    return True


class LedgerWait(QObject):
    """`save` made with a short wait for another program, and tried again until it is made; `say`
    shows what the user must know (the page's status line; the window's status bar too)."""

    def __init__(
        self,
        ledger: Ledger,
        undo_stack: QUndoStack | None,
        save: Callable[[], None] | None,
        say: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.ledger, self.undo_stack, self._save, self._say = ledger, undo_stack, save or (lambda: None), say
        self._retry = QTimer(self, singleShot=True, interval=BUSY_RETRY_MS)
        self._retry.timeout.connect(self.save)

    @property
    def pending(self) -> bool:
        """Something typed is not saved yet: the ledger was busy, it is tried again shortly."""
        return self._retry.isActive()

    def save(self) -> bool:
        """Makes the save, waiting BUSY_WAIT_MS at most; whether it is made (else it is said, and
        tried again). The save itself calls not_saved() when a step it pushed found the ledger busy."""
        self._retry.stop()
        if not written_briefly(self.ledger, self._save):
            self.not_saved()
        return not self.pending

    def cancel(self) -> None:
        """What was not saved yet is given up (the user cancelled it): it is not tried again."""
        self._retry.stop()

    def not_saved(self) -> None:
        self._tell(
            self.tr(
                "Not saved yet: another program is writing to the ledger (an import?). What you typed stays "
                "here and is saved as soon as it has finished."
            )
        )
        self._retry.start()

    def push(self, command: QUndoCommand) -> bool:
        """A step the user asked for (a click: save, delete, copy) made with the short wait; whether
        it was made (else it is said: nothing was changed, the user asks again later)."""
        with self.ledger.briefly(BUSY_WAIT_MS):
            self.undo_stack.push(command)
        if getattr(command, "busy", False):
            self._tell(
                self.tr(
                    "Not done: another program is writing to the ledger (an import?). "
                    "Nothing was changed; try again once it has finished."
                )
            )
            return False
        return True

    def save_pending(self) -> bool:
        """Before the page shows something else: whether nothing typed is left unsaved (a save the
        ledger was busy for is tried once more). If something is, the page stays on it: it is said."""
        if self.pending and not self.save():
            self._tell(
                self.tr(
                    "Not saved yet: another program is writing to the ledger (an import?). This stays open "
                    "until what you typed is saved, as soon as the other program has finished."
                )
            )
            return False
        return True

    def step_busy(self, command: Step, redoing: bool) -> None:
        """Ctrl+Z (or Ctrl+Y) while another program writes to the ledger: nothing was changed and
        the step stays where it was, to be taken back (or made again) once the other program is done.
        QUndoStack has moved its index all the same: it is moved back as soon as the undo is over."""
        if redoing:
            self._tell(
                self.tr(
                    "Not redone: another program is writing to the ledger (an import?). "
                    "Press Ctrl+Y again once it has finished."
                )
            )
        else:
            self._tell(
                self.tr(
                    "Not undone: another program is writing to the ledger (an import?). "
                    "Press Ctrl+Z again once it has finished."
                )
            )
        stack = self.undo_stack

        def move_back() -> None:
            if stack is None:
                return
            at = stack.index() - 1 if redoing else stack.index()
            if 0 <= at < stack.count() and stack.command(at) is command:
                command.skip_next = True
                if redoing:
                    stack.undo()
                else:
                    stack.redo()
                command.skip_next = False

        QTimer.singleShot(0, self, move_back)

    def _tell(self, text: str) -> None:
        self._say(text)
        window = self.parent().window()  # Ctrl+Z may come while another page is in view
        bar = getattr(window, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 10000)
