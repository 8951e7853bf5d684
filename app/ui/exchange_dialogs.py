"""Export and import dialogs: the window's way to the exchange workbooks and the merge preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ledger import Ledger
from app.merge import ACTION_LABELS, CONFLICT, OURS, THEIRS, ImportPlan, apply_plan, plan_import
from app.periods import parse_period
from app.submission import default_file_name, export_submission
from app.ui import screen, worker

MAX_ROWS_SHOWN = 300  # per file and action in the preview; the counts are always complete


def open_folder(path: Path) -> None:
    """The folder holding `path`, in the system's file manager (Explorer on Windows)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


class ExportDialog(QDialog):
    def __init__(self, ledger: Ledger, unit: str, period: str, periods: list[str], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.unit = ledger, unit
        self.setWindowTitle(self.tr("Export submission"))
        screen.fit_to_screen(self, 560, 200, share=0.95)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Reporting period"))
        for code in periods:
            self.period.addItem(parse_period(code).label, code)
        self.period.setCurrentIndex(max(0, self.period.findData(period)))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.period.currentIndexChanged.connect(self._default_path)
        self._default_path()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Reporting period:"), self.period)
        form.addRow(self.tr("Save as:"), row)
        note = QLabel(
            self.tr(
                "The workbook holds this period's rows, your registries and every correction made "
                "since your last export. Email it to the district IP bureau."
            )
        )
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.result_path: Path | None = None

    def _default_path(self) -> None:
        period = parse_period(self.period.currentData())
        self.path.setText(str(documents_folder() / default_file_name(self.unit, period)))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            self.path.setText(name if name.endswith(".xlsx") else name + ".xlsx")

    def export(self) -> None:
        period, path = parse_period(self.period.currentData()), Path(self.path.text())
        if path.exists():
            answer = QMessageBox.question(
                self,
                self.tr("Replace file?"),
                self.tr("%1 already exists. Replace it?").replace("%1", str(path)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.export_button.setEnabled(False)
        self.progress.show()
        worker.runner(lambda _p: export_submission(self.ledger, period, path), self._done, self._failed)

    def _done(self, result) -> None:  # noqa: ANN001
        self.result_path = result.path
        self.progress.hide()
        # Told on the main window (this dialog closes), with the way to the file: 打开所在文件夹.
        text = self.tr("Saved %1").replace("%1", str(result.path))
        icon = QMessageBox.Icon.Information
        if result.unreported:  # the file goes out anyway: "not reported" is information too
            text, icon = text + "\n\n" + result.unreported_text(), QMessageBox.Icon.Warning
        box = QMessageBox(icon, self.tr("Exported"), text, parent=self.parentWidget())
        box.addButton(QMessageBox.StandardButton.Ok)
        self.folder_button = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        self.folder_button.clicked.connect(lambda: open_folder(result.path))
        self.done_box = box
        box.open()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Export failed"), str(exc))


class FileList(QListWidget):
    """Workbooks dropped here (files, or folders of them) or added with the buttons."""

    files_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setAccessibleName(self.tr("Files to import"))

    def add_paths(self, paths: list[Path]) -> None:
        have = {self.item(i).text() for i in range(self.count())}
        for p in paths:
            found = sorted(p.glob("*.xlsx")) if p.is_dir() else [p]
            for f in found:
                if str(f) not in have and not f.name.startswith("~$"):
                    self.addItem(str(f))
                    have.add(str(f))
        self.files_changed.emit()

    def paths(self) -> list[Path]:
        return [Path(self.item(i).text()) for i in range(self.count())]

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent  # noqa: N815

    def dropEvent(self, event) -> None:  # noqa: ANN001, N802
        self.add_paths([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()


class ImportDialog(QDialog):
    """Drop files, see the plan per file and per row, decide conflicts, then import in one go."""

    imported = Signal()

    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger = ledger
        self.plan: ImportPlan | None = None
        self.setWindowTitle(self.tr("Import workbooks"))
        screen.fit_to_screen(self, 1100, 680, share=0.95)
        self.files = FileList()
        self.files.files_changed.connect(self.preview)
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add folder…"))
        clear = QPushButton(self.tr("Clear"))
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        clear.clicked.connect(lambda: (self.files.clear(), self.preview()))
        hint = QLabel(self.tr("Drag workbooks or a folder here."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Import preview"))
        self.tree.setHeaderLabels([self.tr("File / sheet / row"), self.tr("Outcome"), self.tr("Details")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.conflicts = QTableWidget(0, 5)
        self.conflicts.setAccessibleName(self.tr("Conflicts"))
        self.conflicts.setHorizontalHeaderLabels(
            [
                self.tr("Record"),
                self.tr("Field"),
                self.tr("Ours (this ledger)"),
                self.tr("Theirs (the file)"),
                self.tr("Keep"),
            ]
        )
        self.conflicts.horizontalHeader().setStretchLastSection(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        for b in (add_files, add_folder, clear):
            b.setAccessibleName(b.text())
            row.addWidget(b)
        top_layout.addLayout(row)
        top_layout.addWidget(self.files)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.tree, 3)
        self.conflicts_label = QLabel(
            self.tr(
                "Conflicts: the bureau changed these records and so did the unit. Choose per field which value to keep."
            )
        )
        self.conflicts_label.setWordWrap(True)
        bottom_layout.addWidget(self.conflicts_label)
        bottom_layout.addWidget(self.conflicts, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([140, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._show_conflicts([])

    def _add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files"), str(documents_folder()), self.tr("Excel workbook (*.xlsx)")
        )
        self.files.add_paths([Path(n) for n in names])

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"), str(documents_folder()))
        if folder:
            self.files.add_paths([Path(folder)])

    # --- preview -----------------------------------------------------------------------------------

    def preview(self) -> None:
        paths = self.files.paths()
        self.tree.clear()
        self.import_button.setEnabled(False)
        if not paths:
            self.summary.setText("")
            return
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(self.tr("Reading and comparing %1 files…").replace("%1", str(len(paths))))
        worker.runner(
            lambda progress: plan_import(self.ledger, paths, progress),
            self._show_plan,
            self._failed,
            lambda done, _total: self.progress.setValue(done),
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.progress.hide()
        c = plan.counts()
        self.summary.setText(
            self.tr(
                "New %1, updated %2 (edited outside the app %3), unchanged %4, stale %5, "
                "conflicts %6, likely duplicates %7, deleted %8, missing %9, errors %10"
            )
            .replace("%10", str(c["errors"]))
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["updated"]))
            .replace("%3", str(c["edited_outside"]))
            .replace("%4", str(c["unchanged"]))
            .replace("%5", str(c["stale"]))
            .replace("%6", str(c["conflicts"]))
            .replace("%7", str(c["duplicates"]))
            .replace("%8", str(c["deleted"]))
            .replace("%9", str(c["missing"]))
        )
        for f in plan.files:
            node = QTreeWidgetItem(self.tree, [f.name, "", ""])
            node.setToolTip(0, str(f.read.path))
            meta = f.read.meta
            if meta and (meta.unit or meta.period):
                period = parse_period(meta.period).label if meta.period else ""
                node.setText(2, "，".join(x for x in (meta.unit, period, meta.exported_at[:16].replace("T", " ")) if x))
            if f.already_imported_at:
                node.setText(1, self.tr("Already imported"))
                node.setText(
                    2,
                    self.tr("Imported on %1; nothing will change.").replace(
                        "%1", f"{f.already_imported_at:%Y-%m-%d %H:%M}"
                    ),
                )
                continue
            if f.errors:
                node.setText(1, self.tr("%1 errors").replace("%1", str(len(f.errors))))
                node.setForeground(1, Qt.GlobalColor.red)
                for e in f.errors:
                    QTreeWidgetItem(node, [e.sheet + (f" 第{e.row}行" if e.row else ""), e.column, e.message])
                node.setExpanded(True)
                continue
            node.setText(1, "，".join(f"{label} {f.count(a)}" for a, label in ACTION_LABELS.items() if f.count(a)))
            for action, label in ACTION_LABELS.items():
                rows = [r for r in f.rows if r.action == action]
                if not rows:
                    continue
                group = QTreeWidgetItem(node, [label, str(len(rows)), ""])
                group.setExpanded(action != "unchanged" and len(rows) <= 50)
                for r in rows[:MAX_ROWS_SHOWN]:
                    detail = self.tr("also reported by %1").replace("%1", r.duplicate_of) if r.duplicate_of else ""
                    where = f"{r.kind.sheet} 第{r.sheet_row}行" if r.sheet_row else r.kind.sheet
                    QTreeWidgetItem(group, [where, label, detail])
            if f.missing:
                QTreeWidgetItem(
                    node,
                    [
                        self.tr("Missing from the file"),
                        str(len(f.missing)),
                        self.tr("Sent before but not in this file; nothing is deleted."),
                    ],
                )
            for w in f.warnings:
                QTreeWidgetItem(node, [w.sheet + (f" 第{w.row}行" if w.row else ""), self.tr("Note"), w.message])
            node.setExpanded(True)
        self._show_conflicts([r for f in plan.files for r in f.rows if r.action == CONFLICT])
        todo = any(not f.already_imported_at for f in plan.files)
        self.import_button.setEnabled(not plan.errors and todo)

    def _show_conflicts(self, rows) -> None:  # noqa: ANN001
        self.conflicts.setRowCount(0)
        for r in rows:
            for key, (ours, theirs) in r.conflicts.items():
                i = self.conflicts.rowCount()
                self.conflicts.insertRow(i)
                f = r.kind.field(key)
                self.conflicts.setItem(i, 0, QTableWidgetItem(f"{r.kind.sheet} 第{r.sheet_row}行"))
                self.conflicts.setItem(i, 1, QTableWidgetItem(f.label))
                self.conflicts.setItem(i, 2, QTableWidgetItem(f.display(ours)))
                self.conflicts.setItem(i, 3, QTableWidgetItem(f.display(theirs)))
                choice = QComboBox()
                choice.addItem(self.tr("Keep ours"), OURS)
                choice.addItem(self.tr("Take theirs"), THEIRS)
                choice.setAccessibleName(self.tr("Keep which value of %1").replace("%1", f.label))
                choice.setProperty("decision", (r.record_id, key))
                self.conflicts.setCellWidget(i, 4, choice)
        has = self.conflicts.rowCount() > 0
        self.conflicts.setVisible(has)
        self.conflicts_label.setVisible(has)

    def decisions(self) -> dict[tuple[str, str], str]:
        out = {}
        for i in range(self.conflicts.rowCount()):
            combo = self.conflicts.cellWidget(i, 4)
            out[tuple(combo.property("decision"))] = combo.currentData()
        return out

    # --- commit --------------------------------------------------------------------------------------

    def commit(self) -> None:
        if self.plan is None:
            return
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        plan, decisions = self.plan, self.decisions()
        worker.runner(lambda _p: apply_plan(self.ledger, plan, decisions), self._committed, self._failed)

    def _committed(self, log_ids: list[int]) -> None:
        self.progress.hide()
        self.imported.emit()
        QMessageBox.information(
            self,
            self.tr("Imported"),
            self.tr("Imported. You can undo it under Import history (import %1).").replace(
                "%1", "、".join(map(str, log_ids))
            ),
        )
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        QMessageBox.warning(self, self.tr("Import failed"), self.tr("Nothing was imported.") + "\n" + str(exc))
        self.import_button.setEnabled(self.plan is not None and not self.plan.errors)
