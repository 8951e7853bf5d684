"""One page per record kind: a searchable, filterable table beside an editor that saves as you go."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.entry import drafts, guides
from app.store import browse, catalogue, records, settings
from app.store.ledger import Ledger
from app.ui import worker
from app.ui.busy import LedgerWait, written_briefly
from app.ui.folders import open_folder, picked, start_folder
from app.ui.records.evidence import DropForwarder, EvidencePanel
from app.ui.records.form import RecordForm
from app.ui.records.model import RecordTableModel
from app.ui.review.marks import mark_comments
from app.ui.undo import CreateRecord, DeleteRecord, EditRecord, current_values
from app.vocabulary.kinds import FieldType, Kind
from app.vocabulary.periods import Period
from app.vocabulary.validators import InvalidValue

SEARCH_DELAY_MS = 250
LABELLED_WIDTH = 360  # a column of labels (indicator names) at most this wide; the tooltip has the rest


class RecordPage(QWidget):
    def __init__(
        self,
        ledger: Ledger,
        kind: Kind,
        own_unit_id: int,
        bureau: bool,
        undo: QUndoStack,
        choices: dict[str, list[tuple[object, str]]],
        period: Period,
        parent=None,
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.kind, self.own_unit_id, self.undo_stack = ledger, kind, own_unit_id, undo
        self.period = period
        self.editing_id: str | None = None  # None: the form holds a new record
        self._save_tried = False  # a new record: has the clerk tried to save it yet
        self._saving = False  # an edit typed in the form is being saved: the form stays as it is
        self._shown_id: str | None = None  # the record the form shows, and its values as shown
        self._shown: dict[str, object] = {}
        self._duplicate_note = ""
        self.model = RecordTableModel(ledger, kind, None if bureau else own_unit_id, choices, self)
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda exc: self.count_label.setText(html.escape(str(exc))))

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F)…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self._query(text=self.search.text()))
        self.search.textChanged.connect(self._search_timer.start)

        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("Filter"))
        if kind.filter_field:
            self.filter.addItem(self.tr("All %1").replace("%1", kind.field(kind.filter_field).label), None)
            for c in kind.field(kind.filter_field).choices:
                self.filter.addItem(c, c)
            self.filter.currentIndexChanged.connect(lambda: self._query(choice=self.filter.currentData()))
        else:
            self.filter.hide()
        self.unit_filter = QComboBox()
        self.unit_filter.setAccessibleName(self.tr("Unit"))
        if bureau:  # the bureau sees every unit's records and can narrow them to one
            self.unit_filter.addItem(self.tr("All units"), None)
            with ledger.session() as s:
                for unit in catalogue.units(s):
                    self.unit_filter.addItem(unit.name, unit.id)
            self.unit_filter.currentIndexChanged.connect(lambda: self._query(unit_id=self.unit_filter.currentData()))
        else:
            self.unit_filter.hide()
        self.this_period = QCheckBox(self.tr("This period only"))
        self.this_period.setAccessibleName(self.tr("This period only"))
        self.this_period.toggled.connect(lambda on: self._query(period=self.period if on else None))
        if not (kind.period_field or kind.date_field):
            self.this_period.hide()
        # a push button makes room for its menu arrow (a tool button draws it over the text at 125%)
        self.columns_button = QPushButton(self.tr("Columns"))
        self.columns_button.setAccessibleName(self.tr("Columns"))
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.RichText)  # lines break between totals only
        self.count_label.setWordWrap(True)

        self.new_button = QPushButton(self.tr("New"))
        self.copy_button = QPushButton(self.tr("Duplicate"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.history_button = QPushButton(self.tr("History…"))
        for button in (self.new_button, self.copy_button, self.delete_button, self.history_button):
            button.setAccessibleName(button.text())
        self.new_button.clicked.connect(self.new_record)
        self.copy_button.clicked.connect(self.duplicate_record)
        self.delete_button.clicked.connect(self.delete_record)
        self.history_button.clicked.connect(self.show_history)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.unit_filter)
        bar.addWidget(self.filter)
        bar.addWidget(self.this_period)
        bar.addWidget(self.columns_button)
        self.search.setMinimumWidth(120)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(kind.sheet)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # newest first until asked
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several rows to copy
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setMinimumWidth(240)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # A period shows as 2025年第四季度 (the workbook's column holds 2025Q4, which its width is for)
        shown_period = self.table.fontMetrics().horizontalAdvance("2025年第四季度") + 16
        for i, f in enumerate(self.model.fields):
            width = max(70, min(f.width, 24) * 9)
            labels = self.model.labels.get(f.key)
            if labels:  # a coded value shows as its label (2. 新增PCT国际专利申请量（件）): as wide as the longest
                widest = max(self.table.fontMetrics().horizontalAdvance(text) for text in labels.values())
                width = max(width, min(widest + 16, LABELLED_WIDTH))
            self.table.setColumnWidth(i, max(width, shown_period) if f.type is FieldType.PERIOD else width)
        self.table.setColumnHidden(len(self.model.fields), not bureau)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._build_column_menu()
        self._build_table_actions()
        # Under the table: how many records the filter shows and their totals, on a line of their
        # own, then the actions on them.
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.count_label)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.new_button)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.history_button)
        table_layout.addLayout(actions)

        self.form = RecordForm(kind, choices)
        self.form.changed.connect(self._form_changed)
        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.form_status = QLabel()
        self.form_status.setWordWrap(True)
        # saves, undos and redos wait briefly for another program's write to the ledger (an import)
        self.waiting = LedgerWait(ledger, undo, self._save_typed, self.form_status.setText, self)
        self.save_button = QPushButton(self.tr("Save new record"))
        self.save_button.setAccessibleName(self.save_button.text())
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_new)
        panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.addWidget(self.form_title)
        panel_layout.addWidget(self.form)
        panel_layout.addStretch(1)
        self.evidence = EvidencePanel(ledger, undo, own_unit_id, self.waiting)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(panel)
        # never narrower than its fields need (the table yields first): a form scrolling sideways hides them
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 2 * scroll.frameWidth()
        scroll.setMinimumWidth(max(300, panel.minimumSizeHint().width() + scroll_bar))
        # The form scrolls; what it says and its save button stay in view below it.
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(scroll, 1)
        editor_layout.addWidget(self.evidence)  # in view whatever the form's scroll: files are dropped here
        footer = QHBoxLayout()
        footer.addWidget(self.form_status, 1)
        footer.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        editor_layout.addLayout(footer)
        DropForwarder(editor, self.evidence)  # files dropped on the record's form are attached to it

        splitter = QSplitter()
        splitter.addWidget(table_box)
        splitter.addWidget(editor)
        # The table gets 3/5 of the width to show more columns, the form the rest (its fields are
        # short), rather than what the form's many rows would ask for.
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3000, 2000])  # in proportion to the width the page gets
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.new_record()
        self._restore_draft()
        self._update_count()

    # --- the table ---------------------------------------------------------------------------------

    def _query(self, **changes: object) -> None:
        self.model.set_query(**changes)

    def _update_count(self) -> None:
        """How many records the filter shows, and the totals of their amount columns."""
        parts = [self.tr("%1 records").replace("%1", f"{self.model.rowCount():,}")]
        # summed with the count, off the GUI thread while the user types (RecordTableModel._fetch)
        for key, total in self.model.totals.items() if self.model.rowCount() else ():
            parts.append(
                self.tr("%1 total %2")
                .replace("%1", self.kind.field(key).label)
                .replace("%2", self.kind.field(key).display(round(total, 4)))
            )
        # a narrow table wraps the line between the totals, never inside a label or a number
        self.count_label.setText(self.tr("; ").join(f"<nobr>{html.escape(p, quote=False)}</nobr>" for p in parts))

    def _build_table_actions(self) -> None:
        copy = QAction(self.tr("Copy selected rows"), self.table)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_rows)
        export = QAction(self.tr("Export this view…"), self.table)
        export.triggered.connect(self.export_view)
        self.table.addActions([copy, export])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def copy_rows(self) -> str:
        """The selected rows as tab-separated text with a header line, as WPS and Excel paste it."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        columns = [c for c in range(self.model.columnCount()) if not self.table.isColumnHidden(c)]

        def cell(text: object) -> str:
            return str(text or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")

        lines = ["\t".join(cell(self.model.headerData(c, Qt.Orientation.Horizontal)).rstrip(" *") for c in columns)]
        lines += ["\t".join(cell(self.model.index(r, c).data()) for c in columns) for r in rows]
        text = "\r\n".join(lines) + "\r\n"
        QGuiApplication.clipboard().setText(text)
        return text

    def export_view(self) -> None:
        """The table as filtered and sorted now, to a workbook."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export this view"),
            str(Path(start_folder("view")) / f"{self.kind.sheet}_{date.today():%Y%m%d}.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not name:
            return
        path = Path(name if name.endswith(".xlsx") else name + ".xlsx")
        picked("view", [path])
        query, labels = self.model.query, self.model.labels

        def work(_progress) -> int:  # noqa: ANN001
            with self.ledger.session() as s:
                return browse.export_view(s, query, path, labels)

        worker.runner(work, lambda n: self._exported(path, n), self._export_failed)

    def _exported(self, path: Path, rows: int) -> None:
        text = self.tr("Saved %1 (%2 records).").replace("%1", str(path)).replace("%2", f"{rows:,}")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export this view"), text, parent=self)
        box.addButton(QMessageBox.StandardButton.Ok)
        self.folder_button = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        self.folder_button.clicked.connect(lambda: open_folder(path))
        self.export_box = box
        box.open()

    def _export_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("Export this view"), str(exc))

    def _build_column_menu(self) -> None:
        menu = QMenu(self)
        with self.ledger.session() as s:
            hidden = set(settings.get(s, settings.columns_spec(self.kind.key)))  # type: ignore[arg-type]
        for i, f in enumerate(self.model.fields):
            action = QAction(f.label, menu, checkable=True)
            action.setChecked(f.key not in hidden)
            self.table.setColumnHidden(i, f.key in hidden)
            action.toggled.connect(lambda on, i=i: self._toggle_column(i, on))
            menu.addAction(action)
        self.columns_button.setMenu(menu)

    def _toggle_column(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        hidden = [f.key for i, f in enumerate(self.model.fields) if self.table.isColumnHidden(i)]
        with self.ledger.session() as s:
            settings.put(s, settings.columns_spec(self.kind.key), hidden)

    def set_period(self, period: Period) -> None:
        self.period = period
        if self.this_period.isChecked():
            self._query(period=period)

    def refresh(self, select_id: str | None = None) -> None:
        """Reload after a change (also from undo/redo) and show `select_id` in the table and form:
        the edited row stays selected where it is."""
        self.model.reload()
        if select_id is None:
            self.new_record()
            return
        row = self.model.row_of(select_id)
        if row < 0:  # not in view: show everything so that the user sees what was just saved
            self.clear_filters()
            row = self.model.row_of(select_id)
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))
        if self._saving and select_id == self.editing_id:
            return  # the form already shows what was saved; reloading it would move the cursor
        self.load(select_id)

    def show_changes_from_elsewhere(self) -> None:
        """Another program changed the ledger (the window came back to the front, or its poll): the
        table anew, the record being edited as it stands now; a new record being typed stays as typed
        (its draft is kept as it was, not replaced by an empty form)."""
        if self.editing_id is None and self._new_record_typed():
            self.model.reload()
            return
        self.refresh(self.editing_id)

    def clear_filters(self) -> None:
        """Show every record, and say so in the search and filter boxes too."""
        for widget in (self.search, self.filter, self.this_period):
            widget.blockSignals(True)
        self._search_timer.stop()
        self.search.clear()
        self.filter.setCurrentIndex(0)
        self.this_period.setChecked(False)
        for widget in (self.search, self.filter, self.this_period):
            widget.blockSignals(False)
        self.model.set_query(background=False, text="", choice=None, period=None)

    def _row_changed(self, current, _previous) -> None:  # noqa: ANN001
        record_id = self.model.record_id(current.row()) if current.isValid() else None
        if record_id and record_id != self.editing_id:
            self.load(record_id)

    # --- the editor ----------------------------------------------------------------------------------

    def load(self, record_id: str) -> None:
        self.form.flush()  # a pending keystroke belongs to the record shown until now
        if not self.waiting.save_pending():  # another program writes: the form keeps what is typed
            QTimer.singleShot(0, self, self._stay)
            return
        self.editing_id = record_id
        with self.ledger.session() as s:
            confirmed = drafts.confirmed(s, record_id)
        self._shown_id, self._shown = record_id, current_values(self.ledger, self.kind, record_id)
        self.form.set_values(dict(self._shown), confirmed)
        mark_comments(self.ledger, self.form, record_id)
        self.evidence.show_record(record_id)
        self.form_title.setText(self.tr("Edit record"))
        self.form_status.setText(self.tr("Changes are saved as you type."))
        if self.save_button.hasFocus():
            # The button hides under the clerk's keyboard: Qt would pass the focus on to the period
            # selector (the next keystroke switched the whole window to another period) — and in the
            # form, a keystroke would edit the record just saved. The list, on its row, takes it.
            self.table.setFocus()
        self.save_button.hide()
        self.copy_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.history_button.setEnabled(True)

    def new_record(self, values: dict[str, object] | None = None) -> None:
        if self.editing_id is not None:
            self.form.flush()
        if not self.waiting.save_pending():
            QTimer.singleShot(0, self, self._stay)
            return
        self.editing_id = None
        self._save_tried = False
        self.table.selectionModel().clear()  # no current row either: choosing row 0 again loads it
        defaults = {self.kind.period_field: self.period.code} if self.kind.period_field else {}
        self.form.set_values({**defaults, **(values or {})})
        self.evidence.show_record(None)
        self.form_title.setText(self.tr("New record"))
        self.form_status.setText(self.tr("Fill in the fields marked * and save."))
        self.save_button.show()
        self.copy_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.history_button.setEnabled(False)

    def show_history(self):  # noqa: ANN201 - the dialog, for tests
        """Who changed this record, what and when, and from which import (app.merge.history)."""
        from app.ui.records.history import HistoryDialog  # built only when asked for

        if not self.editing_id:
            return None
        title = self.kind.describe(current_values(self.ledger, self.kind, self.editing_id))
        dialog = HistoryDialog(self.ledger, self.kind, self.editing_id, title, self)
        dialog.open()
        return dialog

    def duplicate_record(self) -> None:
        if self.editing_id:
            self.new_record(current_values(self.ledger, self.kind, self.editing_id))

    def save_new(self) -> None:
        self._save_tried = True  # from now on each change re-checks every field (see _form_changed)
        values = self.form.values()
        self._warn_duplicates()
        if values is None:  # a red error, or an orange warning not yet ticked as checked
            self.form_status.setText(self._not_saved_message())
            return
        with self.ledger.session() as s:
            converted = catalogue.convert_indicator_value(s, values)  # “5000万元” for an indicator in 亿元
            problem = catalogue.number_problem(s, self.kind.key, values)
            problem = problem or guides.twin_problem(s, self.kind, values, self.own_unit_id, None)
        if problem:  # a period of another plan chosen in the form, or the same indicator twice
            self.form_status.setText(problem)
            return
        confirmed = self.form.confirmed_values()
        command = CreateRecord(
            self.ledger, self.kind, self.own_unit_id, values, self.refresh, confirmed, self.waiting.step_busy
        )
        if not self.waiting.push(command):
            return
        self._clear_draft()
        if converted and not command.refused:
            self.form_status.setText(converted)

    def _not_saved_message(self) -> str:
        if self.form.has_errors():
            return self.tr("Not saved yet: correct the fields marked in red.")
        return self.tr("Not saved yet: check the warning and tick “Checked, keep it”, or correct the value.")

    def _warn_duplicates(self) -> None:
        """The same patent number, registration number or station name already in the ledger."""
        key = guides.UNIQUE.get(self.kind.key)
        field_input = self.form.inputs.get(key or "")
        if field_input is None:
            return
        try:
            value = field_input.parse()
        except InvalidValue:
            value = None  # not a number yet: nothing to compare
        with self.ledger.session() as s:
            holders = guides.duplicates(s, self.kind, value, self.own_unit_id, self.editing_id)
        note = guides.duplicate_message(self.kind, holders) if holders else ""
        shown = field_input.message.text() if field_input.message.isVisible() else ""
        if note and not shown:
            field_input.show_message(note, False)
        elif not note and shown == self._duplicate_note:
            field_input.show_message("", False)
        self._duplicate_note = note

    def _form_changed(self) -> None:
        """What is typed is saved (an edit) or kept as a draft (a new record, an error). While
        another program writes to a file ledger (an import holds it for the seconds its planning
        takes) the save waits a moment only: the form says it is not saved yet and tries again each
        second, so the window never freezes for the import's length nor loses what is typed."""
        self.waiting.save()

    def _stay(self) -> None:
        """The form keeps a record whose edit is not saved yet: the table shows it chosen again."""
        selection = self.table.selectionModel()
        row = self.model.row_of(self.editing_id) if self.editing_id else -1
        selection.blockSignals(True)
        if row >= 0:
            selection.setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            selection.clear()
        selection.blockSignals(False)
        self.table.viewport().update()

    def unsaved_on_close(self) -> bool:
        """The window closes: what is typed is saved, or kept as a draft; whether it cannot be
        (another program writes to the ledger), so closing would lose it."""
        self.form.flush()
        return not (self.waiting.save_pending() and written_briefly(self.ledger, self.save_draft))

    def _save_typed(self) -> None:
        if self.editing_id is None:
            self.save_draft()  # a new record is kept as it is typed, until it is saved
            if self._save_tried:  # its messages follow the corrections, not the last click on save
                self.form.values()
            self._warn_duplicates()
            return
        values = self.form.values()
        self._warn_duplicates()
        problem = converted = None
        checked = self.kind.key in catalogue.NUMBERED_KINDS or self.kind.key in guides.ONCE_PER_PERIOD
        if values is not None and checked:  # (a query: not on every edit)
            with self.ledger.session() as s:
                converted = catalogue.convert_indicator_value(s, values)  # “5000万元” for an indicator in 亿元
                problem = catalogue.number_problem(s, self.kind.key, values)
                problem = problem or guides.twin_problem(s, self.kind, values, None, self.editing_id)
        if values is None or problem:  # kept as typed until it can be saved
            self.form_status.setText(problem or self._not_saved_message())
            self.save_draft()
            return
        with self.ledger.session() as s:
            drafts.confirm(s, self.editing_id, self.form.confirmed_values())
        # What the form showed, not what the ledger holds now: on a shared ledger another officer may
        # have changed the record since, and the edit is then refused (已被他人修改), not written over.
        before = (
            dict(self._shown)
            if self._shown_id == self.editing_id
            else current_values(self.ledger, self.kind, self.editing_id)
        )
        after = {k: v for k, v in values.items() if k in before}
        if after != before:
            self._saving = True
            command = EditRecord(
                self.ledger, self.kind, self.editing_id, before, after, self.refresh, self.waiting.step_busy
            )
            try:
                self.undo_stack.push(command)
            finally:
                self._saving = False
            if command.busy:  # (dropped from the undo stack: tried again)
                self.waiting.not_saved()
                return
            if command.refused:
                self._clear_draft()
                self.load(self.editing_id)
                self.form_status.setText(command.refused)
                return
            self._shown = {**before, **after}
        self.form_status.setText(converted or self.tr("Saved."))
        self._clear_draft()

    def delete_record(self) -> None:
        if not self.editing_id:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete record"), self.tr("Delete this record? You can undo with Ctrl+Z.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            step = DeleteRecord(self.ledger, self.kind, self.editing_id, self.refresh, self.waiting.step_busy)
            self.waiting.push(step)

    # --- drafts --------------------------------------------------------------------------------------

    def save_draft(self) -> None:
        """Keep what is typed but not saved (a new record, or an edit with an error) for next time."""
        raw = self.form.raw_values()
        unsaved = self.editing_id is None and self._new_record_typed()
        if self.editing_id is not None:  # what is typed, parsed, against the record ("18" is 18.0)
            unsaved = not drafts.same_as_saved(self.kind, raw, current_values(self.ledger, self.kind, self.editing_id))
        with self.ledger.session() as s:
            if unsaved:
                drafts.save_draft(s, self.kind.key, self.editing_id, raw)
            else:
                drafts.clear_draft(s, self.kind.key)

    def _new_record_typed(self) -> bool:
        """The form holds a new record with something typed in it (the period alone is not typing)."""
        return self.editing_id is None and any(
            v not in (None, "", self.period.code) for v in self.form.raw_values().values()
        )

    def _restore_draft(self) -> None:
        with self.ledger.session() as s:
            draft = drafts.load_draft(s, self.kind.key)
        if draft is None:
            return
        if draft.record_id:
            if self.model.row_of(draft.record_id) < 0 and not self._exists(draft.record_id):
                return
            self.load(draft.record_id)
        for key, raw in draft.values.items():
            field_input = self.form.inputs.get(key)
            if field_input is not None:
                field_input.set_value(raw)
        self.form_status.setText(self.tr("Restored what you were typing last time; it is not saved yet."))

    def _exists(self, record_id: str) -> bool:
        with self.ledger.session() as s:
            record = records.get(s, self.kind, record_id)
            return record is not None and not record.deleted

    def _clear_draft(self) -> None:
        with self.ledger.session() as s:
            drafts.clear_draft(s, self.kind.key)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
