"""A record's evidence files (佐证材料, SPEC §15): the list (name, size, type), 添加佐证材料…, drop
files onto it or onto the record, open one with the system's viewer (a temporary copy, never run),
remove one. Adding and removing are undoable like any edit."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.evidence import store
from app.evidence.types import BIG_IMAGE_SIDE, NotAccepted, check_file, image_size, size_text
from app.paths import atomic_write
from app.store.ledger import Ledger
from app.ui import folders
from app.ui.busy import LedgerWait
from app.ui.evidence_images import smaller_copy
from app.ui.undo import LedgerStep

_VIEW_FOLDER: list[Path] = []  # one temporary folder per session for the copies opened


def view_folder() -> Path:
    if not _VIEW_FOLDER:
        _VIEW_FOLDER.append(Path(tempfile.mkdtemp(prefix="ipledger-view-")))
    return _VIEW_FOLDER[0]


class AttachFile(LedgerStep):
    def __init__(
        self, ledger: Ledger, record_id: str, name: str, data: bytes, own: int | None, refresh, busy=None
    ) -> None:  # noqa: ANN001
        super().__init__(QCoreApplication.translate("Evidence", "Attach %1").replace("%1", name), ledger, busy)
        self.record_id, self.name, self.data, self.own, self.refresh = record_id, name, data, own, refresh
        self.link_id: int | None = None

    def redo(self) -> None:
        if self._write(self._attach, True):
            self.refresh()

    def _attach(self) -> None:
        with self.ledger.session() as s:
            if self.link_id is None:
                self.link_id = store.attach(s, self.record_id, self.name, self.data, own_unit_id=self.own).link_id
            else:
                store.restore(s, self.link_id, own_unit_id=self.own)

    def undo(self) -> None:
        if self._write(self._remove, False):
            self.refresh()

    def _remove(self) -> None:
        with self.ledger.session() as s:
            store.remove_link(s, self.link_id, own_unit_id=self.own)


class DetachFile(LedgerStep):
    def __init__(self, ledger: Ledger, record_id: str, name: str, own: int | None, refresh, busy=None) -> None:  # noqa: ANN001
        super().__init__(QCoreApplication.translate("Evidence", "Remove %1").replace("%1", name), ledger, busy)
        self.record_id, self.name, self.own, self.refresh = record_id, name, own, refresh
        self.link_id: int | None = None

    def redo(self) -> None:
        if self._write(self._detach, True):
            self.refresh()

    def _detach(self) -> None:
        with self.ledger.session() as s:
            if self.link_id is None:
                self.link_id = store.detach(s, self.record_id, self.name, own_unit_id=self.own).link_id
            else:
                store.remove_link(s, self.link_id, own_unit_id=self.own)

    def undo(self) -> None:
        if self._write(self._restore, False):
            self.refresh()

    def _restore(self) -> None:
        with self.ledger.session() as s:
            store.restore(s, self.link_id, own_unit_id=self.own)


class EvidencePanel(QWidget):
    """The evidence of the record shown; files dropped on it are attached."""

    changed = Signal()

    def __init__(
        self,
        ledger: Ledger,
        undo_stack: QUndoStack | None,
        own_unit_id: int | None,
        waiting: LedgerWait | None = None,
        parent=None,  # noqa: ANN001
    ) -> None:
        super().__init__(parent)
        self.ledger, self.undo_stack, self.own = ledger, undo_stack, own_unit_id
        self.waiting = waiting  # the page's: steps made, undone and redone while another program writes
        self.record_id: str | None = None
        self.ask_shrink = True  # tests answer for the user by setting shrink_answer
        self.shrink_answer: bool | None = None
        self.setAcceptDrops(True)
        self.heading = QLabel(self.tr("Evidence (佐证材料)"))
        self.heading.setStyleSheet("font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(self.tr("Evidence files"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Size"), self.tr("Type")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(rows)
        self.table.setMaximumHeight(rows * 4 + self.table.horizontalHeader().sizeHint().height() + 4)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.add_button = QPushButton(self.tr("Add evidence…"))
        self.open_button = QPushButton(self.tr("Open"))
        self.remove_button = QPushButton(self.tr("Remove"))
        for b in (self.add_button, self.open_button, self.remove_button):
            b.setAccessibleName(b.text())
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()  # one line: what it is, then the actions (the form keeps the height)
        buttons.addWidget(self.heading)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_record(None)

    def show_record(self, record_id: str | None) -> None:
        self.record_id = record_id
        self.hint.setStyleSheet("color: #555;")
        found = []
        if record_id is not None:
            with self.ledger.session() as s:
                found = store.attached(s, record_id)
        self.files = found
        self.table.setRowCount(len(found))
        for i, a in enumerate(found):
            for j, text in enumerate((a.name, a.size_text, a.type_label)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{a.name}\nsha256 {a.sha256}")
                self.table.setItem(i, j, item)
        self.table.setVisible(bool(found))
        heading = self.tr("Evidence (佐证材料)")
        self.heading.setText(f"{heading}（{len(found)}）" if found else heading)
        if record_id is None:
            self.hint.setText(self.tr("Save the record first, then add its evidence files here."))
        elif not found:
            self.hint.setText(
                self.tr("No evidence yet. Drop files here or use Add evidence… (PDF, JPG/PNG, DOCX/XLSX, OFD).")
            )
        else:
            self.hint.setText(self.tr("Double-click to open; drop more files here."))
        self.add_button.setEnabled(record_id is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.currentRow() >= 0 and bool(self.table.selectedItems())
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _refresh(self) -> None:
        self.show_record(self.record_id)
        self.changed.emit()

    # --- adding -------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add evidence"),
            folders.start_folder("evidence"),
            self.tr("Evidence (*.pdf *.jpg *.jpeg *.png *.docx *.xlsx *.ofd)"),
        )
        folders.picked("evidence", names)
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> list[str]:
        """Attach the files; returns the problems (shown to the user), one per refused file."""
        if self.record_id is None:
            return []
        problems = []
        with self.ledger.session() as s:
            limit = store.max_file_size(s)
        for path in paths:
            try:
                size = path.stat().st_size
                if size > limit:
                    raise store.EvidenceError(
                        self.tr("%1 is %2, over the limit of %3 per file (a setting).")
                        .replace("%1", path.name)
                        .replace("%2", size_text(size))
                        .replace("%3", size_text(limit))
                    )
                data = path.read_bytes()
                name = path.name
                store.check_content(None, name, data, limit)
                dims = image_size(data)
                if dims and max(dims) > BIG_IMAGE_SIDE and self._shrink(name, dims):
                    data, name = smaller_copy(data, name)
            except (store.EvidenceError, OSError) as exc:
                problems.append(str(exc) if not isinstance(exc, OSError) else f"{path.name}：{exc.strerror or exc}")
                continue
            self._make(AttachFile(self.ledger, self.record_id, name, data, self.own, self._refresh, self._busy))
        if problems:  # said where the files went, without a dialog in the way of the next drop
            self.hint.setText(self.tr("Not added:") + "\n" + "\n".join(problems))
            self.hint.setStyleSheet("color: #B00020;")
        return problems

    def _shrink(self, name: str, dims: tuple[int, int]) -> bool:
        if self.shrink_answer is not None:
            return self.shrink_answer
        answer = QMessageBox.question(
            self,
            self.tr("Large image"),
            self.tr("%1 is %2 × %3 pixels. Attach a smaller copy (%4 pixels on its long side)? No keeps the original.")
            .replace("%1", name)
            .replace("%2", str(dims[0]))
            .replace("%3", str(dims[1]))
            .replace("%4", str(BIG_IMAGE_SIDE)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.record_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent  # noqa: N815

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        self.add_files([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    # --- opening and removing ------------------------------------------------------------------------

    def selected(self) -> store.Attached | None:
        row = self.table.currentRow()
        return self.files[row] if 0 <= row < len(self.files) else None

    def view_copy(self, a: store.Attached) -> Path:
        """A temporary copy of the file to open: checked again by content, never a program."""
        with self.ledger.session() as s:
            data = store.content(s, a.sha256)
        check_file(a.name, data)  # NotAccepted when it is not what its name says
        folder = view_folder() / a.sha256[:16]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / store.safe_name(a.name)
        if path.exists():
            path.chmod(0o644)
        with atomic_write(path) as tmp:
            tmp.write_bytes(data)
        path.chmod(0o444)
        return path

    def open_selected(self) -> Path | None:
        a = self.selected()
        if a is None:
            return None
        try:
            path = self.view_copy(a)
        except (NotAccepted, store.EvidenceError, OSError) as exc:
            self.hint.setText(str(exc))
            self.hint.setStyleSheet("color: #B00020;")
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            # no program for the type on this PC (an .ofd without an OFD reader): say where the copy is
            text = self.tr(
                "No program on this computer opens %1. A read-only copy is in %2: open it with another program."
            )
            self.hint.setText(text.replace("%1", a.name).replace("%2", str(path.parent)))
            self.hint.setStyleSheet("color: #B00020;")
        return path

    def remove_selected(self) -> None:
        a = self.selected()
        if a is None or self.record_id is None:
            return
        self._make(DetachFile(self.ledger, self.record_id, a.name, self.own, self._refresh, self._busy))

    @property
    def _busy(self):  # noqa: ANN202
        return self.waiting.step_busy if self.waiting is not None else None

    def _make(self, step: LedgerStep) -> None:
        """A step the user asked for: on the undo stack (with the page's short wait for another
        program's write: not made, it is said), or made at once where there is no stack."""
        if self.undo_stack is None:
            step.redo()
        elif self.waiting is not None:
            self.waiting.push(step)
        else:
            self.undo_stack.push(step)


class DropForwarder(QObject):
    """Files dropped anywhere on a widget (the record's form) go to the panel."""

    def __init__(self, widget: QWidget, panel: EvidencePanel) -> None:
        super().__init__(widget)
        self.panel = panel
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            self.panel.dragEnterEvent(event)
            return event.isAccepted() and self.panel.record_id is not None
        if kind == QEvent.Type.Drop and self.panel.record_id is not None:
            self.panel.dropEvent(event)
            return True
        return False
