"""Export and import dialogs: the window's way to the exchange workbooks and the merge preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.evidence.types import size_text
from app.exchange.layout import TEMPLATE
from app.merge import (
    ACTION_LABELS,
    OURS,
    THEIRS,
    FilePlan,
    ImportPlan,
    ImportRefused,
    StalePlan,
    apply_plan,
    plan_import,
)
from app.merge.errors_workbook import write_errors
from app.outgoing.submission import (
    copied_text,
    default_file_name,
    evidence_preview,
    export_submission,
    replaced_by_export,
    unchecked_copies,
)
from app.store import catalogue
from app.store.ledger import Ledger
from app.ui import screen, worker
from app.ui.exchange.preview import DUPLICATES, ERRORS, ConflictTable, PreviewTree
from app.ui.folders import documents_folder, file_row, native, open_folder, picked, start_folder
from app.ui.help_viewer import help_key
from app.ui.periods import PeriodCombo
from app.ui.records.date_edit import DateEdit
from app.ui.review import preview as review_preview
from app.vocabulary.clock import arrival
from app.vocabulary.periods import Period


class ExportDialog(QDialog):
    def __init__(self, ledger: Ledger, unit: str, period: Period, periods: list[Period], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.unit = ledger, unit
        self.setWindowTitle(self.tr("Export submission"))
        screen.fit_to_screen(self, 560, 200, share=0.95)
        self.period = PeriodCombo(periods, period)
        self.period.setAccessibleName(self.tr("Reporting period"))
        self.path, row = file_row(self.tr("File"), self._browse)
        self.period.currentIndexChanged.connect(self._default_path)
        self._default_path()
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
        # reports copied from last period and never checked would go out as this period's progress:
        # said before the export (which stays the clerk's decision), and again after it
        self.copied_note = QLabel()
        self.copied_note.setWordWrap(True)
        self.copied_note.setStyleSheet("color: #9C5700; background: #FFF2CC; padding: 6px;")
        self.period.currentIndexChanged.connect(self._show_copied)
        self._show_copied()
        # with evidence the export is a package (.zip), in parts under the mail limit: said before
        self.evidence_note = QLabel()
        self.evidence_note.setWordWrap(True)
        self.evidence_note.setStyleSheet("background: #E8F0FE; padding: 6px;")
        self.period.currentIndexChanged.connect(self._show_evidence)
        self._show_evidence()
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
        layout.addWidget(self.copied_note)
        layout.addWidget(self.evidence_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.result_path: Path | None = None

    def _show_copied(self) -> None:
        copied = unchecked_copies(self.ledger, self.period.period())
        self.copied_note.setText(copied_text(copied) if copied else "")
        self.copied_note.setVisible(bool(copied))

    def _show_evidence(self) -> None:
        found = evidence_preview(self.ledger, self.period.period())
        self.evidence_note.setVisible(found is not None)
        if found is None:
            self.evidence_note.setText("")
            return
        text = (
            self.tr("This period's records carry %1 evidence file(s), %2 in all: the export is a package (.zip).")
            .replace("%1", str(found.files))
            .replace("%2", size_text(found.size))
        )
        if len(found.parts) > 1:
            sizes = self.tr(", ").join(
                self.tr("part %1 about %2").replace("%1", str(i)).replace("%2", size_text(size))
                for i, size in enumerate(found.parts, 1)
            )
            text += " " + self.tr("Over the mail limit, it goes in %1 parts (%2); send them all.").replace(
                "%1", str(len(found.parts))
            ).replace("%2", sizes)
        if found.too_big:
            text += " " + self.tr(
                "%1 is larger than the mail limit (%2) by itself: its part will be too; send it another way "
                "or raise the limit in the settings."
            ).replace("%1", "、".join(found.too_big)).replace("%2", size_text(found.limit))
        self.evidence_note.setText(text)

    def _default_path(self) -> None:
        self.path.setText(str(Path(start_folder("export")) / default_file_name(self.unit, self.period.period())))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.path.text(), self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            self.path.setText(native(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export(self) -> None:
        period, path = self.period.period(), Path(self.path.text())
        replaced = replaced_by_export(self.ledger, period, path)  # with evidence: the package beside it
        if replaced:
            answer = QMessageBox.question(
                self,
                self.tr("Replace file?"),
                self.tr("%1 already exists. Replace it?").replace("%1", "\n".join(map(str, replaced))),
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
        picked("export", [result.path])  # next quarter's export, this session or the next, offers it
        self.progress.hide()
        # Told on the main window (this dialog closes), with the way to the file: 打开所在文件夹.
        text = self.tr("Saved %1").replace("%1", str(result.path))
        if len(result.parts) > 1:
            text = self.tr("Saved in %1 parts (each under the mail limit); send them all:").replace(
                "%1", str(len(result.parts))
            )
            text += "".join(f"\n{p.path}（{size_text(p.size)}）" for p in result.parts)
        if result.evidence:
            text += "\n" + self.tr("With %1 evidence file(s).").replace("%1", str(result.evidence))
        icon = QMessageBox.Icon.Information
        if result.unreported:  # the file goes out anyway: "not reported" is information too
            text, icon = text + "\n\n" + result.unreported_text(), QMessageBox.Icon.Warning
        if result.copied:
            text, icon = text + "\n\n" + result.copied_text(), QMessageBox.Icon.Warning
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
            found = sorted([*p.glob("*.xlsx"), *p.glob("*.zip")]) if p.is_dir() else [p]
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


def is_blank_template(f: FilePlan) -> bool:
    """A file that does not say whose it is: a blank template (or a workbook without our _meta).
    A file that could not be read at all (an error on the whole file, not on a sheet) is none."""
    if any(not e.sheet for e in f.read.errors):
        return False
    meta = f.read.meta
    return meta is None or (meta.kind == TEMPLATE and not meta.unit)


MAX_CONFLICT_ROWS = 6  # the conflicts table shows this many lines before it scrolls


class ImportDialog(QDialog):
    """Drop files, see the plan per file and per row, choose which files go in and how conflicts
    are decided, then import in one go. A file with errors is refused on its own (SPEC §4.6)."""

    imported = Signal()

    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "import")  # F1: the manual's section on this dialog
        self.ledger = ledger
        self.plan: ImportPlan | None = None
        self.consent: set[Path] = set()  # consolidated workbooks the user chose to import
        self.declined: set[Path] = set()
        # the unit a blank template speaks for, as the bureau picks it per file (SPEC §8)
        self.template_units: dict[Path, str] = {}
        self.bureau = ledger.role == "bureau"
        self.unit_names: list[str] = []
        if self.bureau:
            with ledger.session() as s:
                self.unit_names = [u.name for u in catalogue.units(s)]
        self.setWindowTitle(self.tr("Import workbooks"))
        screen.fit_to_screen(self, 1100, 680, share=0.95)
        self.files = FileList()
        self.files.files_changed.connect(self.preview)
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        clear = QPushButton(self.tr("Clear"))
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        clear.clicked.connect(lambda: (self.files.clear(), self.preview()))
        hint = QLabel(self.tr("Drag workbooks or a folder here."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.outcome_filter = QComboBox()
        self.outcome_filter.setAccessibleName(self.tr("Show outcome"))
        self.outcome_filter.addItem(self.tr("All outcomes"), None)
        for action, label in ACTION_LABELS.items():
            self.outcome_filter.addItem(label, action)
        self.outcome_filter.addItem(self.tr("Errors"), ERRORS)
        self.outcome_filter.addItem(self.tr("Likely duplicates"), DUPLICATES)
        self.outcome_filter.currentIndexChanged.connect(
            lambda: self.tree.filter_outcome(self.outcome_filter.currentData())
        )
        self.tree = PreviewTree()
        self.tree.inclusion_changed.connect(self._update_buttons)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.conflicts = ConflictTable()
        self.conflicts.decided.connect(self.tree.show_decision)
        # when the files came, for a batch that came by post or late mail (blank: when each was exported)
        self.received = DateEdit()
        self.received.setAccessibleName(self.tr("Received on"))
        self.received.setPlaceholderText(self.tr("blank: the export time"))
        self.received.setToolTip(
            self.tr("Files that came by post or late mail: the day they came, which decides on time or late.")
        )
        self.conflict_file = QComboBox()
        self.conflict_file.setAccessibleName(self.tr("Conflicts of file"))
        keep_all = QPushButton(self.tr("Keep all ours"))
        take_all = QPushButton(self.tr("Take all theirs"))
        keep_all.clicked.connect(lambda: self._choose_for_file(OURS))
        take_all.clicked.connect(lambda: self._choose_for_file(THEIRS))
        self.progress = QProgressBar()
        self.progress.hide()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_errors_button = self.buttons.addButton(
            self.tr("Save error list…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_errors_button.clicked.connect(self.save_errors)
        self.confirm_key_button = self.buttons.addButton(
            self.tr("Confirm signing key…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.confirm_key_button.clicked.connect(self.confirm_key)
        self.confirm_key_button.hide()
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        for b in (add_files, add_folder, self.remove_button, clear):
            b.setAccessibleName(b.text())
            row.addWidget(b)
        top_layout.addLayout(row)
        top_layout.addWidget(self.files)
        if self.bureau:
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("Received on:")))
            row.addWidget(self.received)
            row.addStretch(1)
            top_layout.addLayout(row)
        # a few lines of files, and the rest of a small screen for the preview itself
        self.files.setMinimumHeight(self.files.fontMetrics().lineSpacing() * 2 + 8)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(QLabel(self.tr("Show:")))
        row.addWidget(self.outcome_filter)
        middle_layout.addLayout(row)
        middle_layout.addWidget(self.tree, 1)
        self.conflicts_box = QWidget()
        bottom_layout = QVBoxLayout(self.conflicts_box)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        conflicts_label = QLabel(
            self.tr(
                "Conflicts: this ledger and the unit both changed these fields since they last agreed. "
                "Choose per field which value to keep; fields only one side changed are merged by themselves."
            )
        )
        conflicts_label.setWordWrap(True)
        bottom_layout.addWidget(conflicts_label)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("For every conflict of")))
        row.addWidget(self.conflict_file, 1)
        row.addWidget(keep_all)
        row.addWidget(take_all)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.conflicts, 1)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(middle)
        splitter.addWidget(self.conflicts_box)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([70, 480, 160])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        footer = QHBoxLayout()
        footer.addWidget(self.reason, 1)
        footer.addWidget(self.buttons)
        layout.addLayout(footer)
        self.conflicts_box.hide()
        self._update_buttons()

    def _add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            start_folder("import"),
            self.tr("Workbook or evidence package (*.xlsx *.zip);;All files (*)"),
        )
        picked("import", names)
        self.files.add_paths([Path(n) for n in names])

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"), start_folder("import"))
        if folder:
            picked("import", [str(Path(folder) / "*")])  # the folder itself, next time
            self.files.add_paths([Path(folder)])

    def remove_selected(self) -> None:
        """Remove the file selected in the list or in the preview from the batch."""
        chosen = self.tree.file_of(self.tree.currentItem())
        paths = {str(chosen.source)} if chosen else {i.text() for i in self.files.selectedItems()}
        for i in reversed(range(self.files.count())):
            if self.files.item(i).text() in paths:
                self.files.takeItem(i)
        self.preview()

    # --- preview -----------------------------------------------------------------------------------

    def preview(self) -> None:
        self.tree.clear()
        self.plan = None
        self.conflicts_box.hide()
        self._update_buttons()
        paths = self.files.paths()
        if not paths:
            self.summary.setText("")
            return
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(self.tr("Reading and comparing %1 files…").replace("%1", str(len(paths))))
        consent = set(self.consent)
        picked = {p: u for p, u in self.template_units.items() if p in paths}
        worker.runner(
            lambda progress: plan_import(self.ledger, paths, progress, consolidated=consent, template_unit=picked),
            self._show_plan,
            self._failed,
            lambda done, _total: self.progress.setValue(done),
        )

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.progress.hide()
        c = plan.counts()
        outside = str(c["edited_outside"])
        if c["edited_outside_new"]:  # the note only where it applies: some rows counted there are new
            outside = self.tr("%1 (new rows included)").replace("%1", outside)
        self.summary.setText(
            self.tr(
                "New %1, updated %2, edited outside the app %3, unchanged %4, stale %5, "
                "conflicts %6, likely duplicates %7, deleted %8, missing %9, errors %10"
            )
            .replace("%10", str(c["errors"]))
            .replace("%1", str(c["new"]))
            .replace("%2", str(c["updated"]))
            .replace("%3", outside)
            .replace("%4", str(c["unchanged"]))
            .replace("%5", str(c["stale"]))
            .replace("%6", str(c["conflicts"]))
            .replace("%7", str(c["duplicates"]))
            .replace("%8", str(c["deleted"]))
            .replace("%9", str(c["missing"]))
        )
        self.tree.show_plan(plan)
        self.outcome_filter.setItemText(
            self.outcome_filter.findData(DUPLICATES),
            self.tr("Likely duplicates (%1)").replace("%1", str(c["duplicates"])),
        )
        if self.bureau:
            self._unit_pickers(plan)
        review_preview.add_notes(self.tree, plan)
        self.tree.filter_outcome(self.outcome_filter.currentData())
        self.conflicts.show_plan(plan)
        self.conflict_file.clear()
        for f in self.conflicts.files():
            self.conflict_file.addItem(f.name, f.name)
        self.conflicts_box.setVisible(self.conflicts.rowCount() > 0)
        self._fit_conflicts()
        self._update_buttons()
        self._ask_consent(plan)

    def _fit_conflicts(self) -> None:
        """The conflicts as tall as their lines (up to MAX_CONFLICT_ROWS): the rest of a small screen
        goes to the preview's rows, not to an empty table."""
        self.conflicts.fit_rows(MAX_CONFLICT_ROWS)
        self.conflicts_box.setMaximumHeight(self.conflicts_box.sizeHint().height())
        top, middle, bottom = self.splitter.sizes()
        if self.conflicts_box.isVisible() or self.conflicts.rowCount():
            fitted = min(bottom, self.conflicts_box.maximumHeight()) if bottom else self.conflicts_box.maximumHeight()
            self.splitter.setSizes([top, middle + bottom - fitted, fitted])

    def _unit_pickers(self, plan: ImportPlan) -> None:
        """A blank template names no unit: the bureau says whose it is (rows naming their own
        填报单位 keep it). Choosing plans the files again."""
        for i, f in enumerate(plan.files):
            if f.already_imported_at or not is_blank_template(f):
                continue
            node = self.tree.topLevelItem(i)
            item = QTreeWidgetItem([self.tr("Blank template: speaks for"), "", ""])
            node.insertChild(0, item)
            path = f.source
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Unit this template speaks for"))
            combo.addItem(self.tr("(the unit each row names)"), "")
            for name in self.unit_names:
                combo.addItem(name, name)
            combo.setCurrentIndex(max(0, combo.findData(self.template_units.get(path, ""))))
            combo.currentIndexChanged.connect(lambda _i, p=path, c=combo: self._pick_unit(p, c.currentData()))
            self.tree.setItemWidget(item, 2, combo)

    def _pick_unit(self, path: Path, unit: str) -> None:
        if unit:
            self.template_units[path] = unit
        else:
            self.template_units.pop(path, None)
        self.preview()

    def _ask_consent(self, plan: ImportPlan) -> None:
        """A consolidated workbook is imported only by deliberate choice (SPEC §8): ask, naming the
        units whose records it would change."""
        asking = [f for f in plan.files if f.needs_consent and f.source not in self.declined]
        for f in asking:
            units = "、".join(f.units_touched) or self.tr("several units")
            answer = QMessageBox.question(
                self,
                self.tr("Import a consolidated workbook?"),
                self.tr(
                    "%1 is a consolidated workbook. Importing it changes the records of: %2.\n"
                    "It never changes this ledger's own records. Import it?"
                )
                .replace("%1", f.name)
                .replace("%2", units),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.consent.add(f.source)
            else:
                self.declined.add(f.source)
        if any(f.source in self.consent for f in asking):
            self.preview()

    def pending_keys(self) -> list[tuple[str, str, bytes]]:
        """(unit, fingerprint, key) of each signing key the files wait for (待确认签名), once each."""
        found = {}
        for f in self.plan.files if self.plan else []:
            if f.key_pending:
                found[f.key_fingerprint] = (self.plan.unit_name(f.key_unit_id), f.key_fingerprint, f.public_key)
        for unit, fp, public in getattr(self.tree, "feedback_keys", []):
            found[fp] = (unit, fp, public)
        return list(found.values())

    def confirm_key(self) -> None:
        """Compare each waiting key's fingerprint with the one the sender reads out; the files signed
        with a confirmed key are then previewed again, to be merged."""
        from app.ui.keys_tab import confirm_key

        confirmed = False
        for unit, fp, public in self.pending_keys():
            confirmed = confirm_key(self, self.ledger, unit, fp, public) or confirmed
        if confirmed:
            self.preview()

    def _update_buttons(self) -> None:
        plan = self.plan
        self.confirm_key_button.setVisible(bool(self.pending_keys()))
        selected = self.tree.file_of(self.tree.currentItem())
        refused = plan.refused if plan else []
        self.save_errors_button.setEnabled(
            bool(refused) and (selected in refused or (selected is None and len(refused) == 1))
        )
        self.remove_button.setEnabled(self.files.count() > 0)
        if plan is None:
            self.import_button.setEnabled(False)
            self.reason.setText(self.tr("Add the workbooks to import.") if not self.files.count() else "")
            return
        todo = plan.to_apply or plan.held
        self.import_button.setEnabled(bool(todo))
        if not todo:
            if plan.files and all(f.already_imported_at for f in plan.files):
                why = self.tr("Every file was imported before.")
            elif refused and len(refused) == len(plan.files):
                why = self.tr("Every file has errors: save the error list for its unit, or remove the file.")
            else:
                why = self.tr("No file is ticked for import.")
        elif refused:
            why = self.tr("%1 file(s) with errors will not be imported; the others will.").replace(
                "%1", str(len(refused))
            )
        else:
            why = ""
        self.reason.setText(why)

    def _choose_for_file(self, side: str) -> None:
        name = self.conflict_file.currentData()
        f = next((f for f in self.conflicts.files() if f.name == name), None)
        if f is not None:
            self.conflicts.choose_for_file(f, side)

    def decisions(self) -> dict[tuple[str, str], str]:
        return self.conflicts.decisions()

    def save_errors(self) -> None:
        plan = self.plan
        if plan is None:
            return
        f = self.tree.file_of(self.tree.currentItem())
        if f is None or f not in plan.refused:
            f = plan.refused[0] if len(plan.refused) == 1 else None
        if f is None:
            return
        default = documents_folder() / f"{f.read.path.stem}_错误清单.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save error list"), str(default), self.tr("Excel workbook (*.xlsx)")
        )
        if not name:
            return
        unit = f.read.meta.unit if f.read.meta else ""
        try:
            path = write_errors(f, Path(name if name.endswith(".xlsx") else name + ".xlsx"), unit)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Could not save"), str(exc))
            return
        QMessageBox.information(
            self, self.tr("Saved"), self.tr("Saved %1. Send it to the unit with the file.").replace("%1", str(path))
        )

    # --- commit --------------------------------------------------------------------------------------

    def commit(self) -> None:
        if self.plan is None:
            return
        received = self.received.date()
        if self.bureau and self.received.text().strip() and received is None:
            QMessageBox.warning(self, self.tr("Received on"), self.tr("Write the received date as e.g. 2025-07-08."))
            return
        new_plans = list(dict.fromkeys(f.new_plan for f in self.plan.to_apply if f.new_plan))
        if new_plans and not self.confirm_new_plans(new_plans):
            return
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        plan, decisions = self.plan, self.decisions()
        self.held_count = len(plan.held)  # kept as 待重新审核 or 待确认签名, not merged: the message says so
        self.key_held_count = sum(f.key_pending for f in plan.held)
        self.refused_names = [f.name for f in plan.refused]
        self.follow_ups = review_preview.follow_ups(self.tree)
        when = arrival(received) if self.bureau and received else None
        worker.runner(
            lambda _p: apply_plan(self.ledger, plan, decisions, received=when, skip_bad=True),
            self._committed,
            self._failed,
        )

    def confirm_new_plans(self, names: list[str]) -> bool:
        """An office gets a plan from the bureau's workbook only after saying yes to it by name."""
        answer = QMessageBox.question(
            self,
            self.tr("Add the action plan?"),
            self.tr(
                "The workbook brings an action plan this ledger does not have yet:\n%1\n\n"
                "Add it, so that its periods are reported against its tasks, and import?"
            ).replace("%1", "\n".join(names)),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _committed(self, log_ids: list[int]) -> None:
        self.progress.hide()
        review_preview.mark(self.ledger, getattr(self, "follow_ups", []))
        self.imported.emit()
        held, key_held = getattr(self, "held_count", 0), getattr(self, "key_held_count", 0)
        QMessageBox.information(
            self, *self.done_message(log_ids, held - key_held, getattr(self, "refused_names", []), key_held)
        )
        self.accept()

    def done_message(
        self, log_ids: list[int], held: int, refused: list[str] = (), key_held: int = 0
    ) -> tuple[str, str]:
        """(title, text) of what the import did: what it merged (and how to undo that), what it
        only held (待重新审核, 待确认签名), so that a batch of held files never reads as imported, and which
        files it refused."""
        lines = []
        if log_ids:
            lines.append(
                self.tr("Imported. You can undo it under Import history (import %1).").replace(
                    "%1", "、".join(map(str, log_ids))
                )
            )
        if held:
            lines.append(
                self.tr(
                    "%1 file(s) kept as awaiting re-review: their unit's period is accepted, so nothing in them "
                    "was merged. On the Review page, re-open the period to import them, or discard them."
                ).replace("%1", str(held))
            )
        if key_held:
            lines.append(
                self.tr(
                    "%1 file(s) kept as awaiting signature confirmation (待确认签名): nothing in them was merged. "
                    "Phone the unit, compare the fingerprint and confirm the key under Settings → Signing keys; "
                    "the files are then imported."
                ).replace("%1", str(key_held))
            )
        if refused:
            lines.append(
                self.tr("Not imported (errors): %1. Save the error list of each for its unit.").replace(
                    "%1", "、".join(refused)
                )
            )
        title = self.tr("Imported") if log_ids else self.tr("Files held")
        return title, "\n".join(lines) or self.tr("Nothing was imported.")

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        message = str(exc)
        if not isinstance(exc, ImportRefused):  # a refusal says itself that nothing was imported
            message = self.tr("Nothing was imported.") + "\n" + message
        QMessageBox.warning(self, self.tr("Import failed"), message)
        if isinstance(exc, StalePlan):
            self.preview()  # the ledger changed meanwhile: show what importing would do now
        else:
            self._update_buttons()
