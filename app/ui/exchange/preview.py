"""The import preview's two views: a tree of files, outcomes and rows (each named as a person knows
it, each changed field old → new), and the table of conflicts with a choice per field."""

from __future__ import annotations

from itertools import islice

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem

from app.evidence.types import FileType, size_text
from app.merge import ACTION_LABELS, ASK, CONFLICT, OURS, THEIRS, UNCHANGED, FilePlan, ImportPlan, RowPlan
from app.merge.plan import ALREADY, EXCLUDED, HELD, PENDING_KEY_LABEL, READY, REFUSED_FILE

MAX_ROWS_SHOWN = 300  # per file and outcome; the counts are always complete
ERRORS = "errors"  # the filter that shows refused files' errors
PARAGRAPH = 60  # characters: an error longer than this is wrapped like a note (short ones keep one line)
DUPLICATES = "duplicates"  # the filter that shows the rows flagged as likely duplicates
FILE_ROLE = Qt.ItemDataRole.UserRole
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
DUPLICATE_ROLE = Qt.ItemDataRole.UserRole + 2  # on a row: flagged as a likely duplicate
DECISION_ROLE = Qt.ItemDataRole.UserRole + 3  # on a conflicting field: (record id, field key)


class PreviewTree(QTreeWidget):
    """Files at the top level (ticked: imported), then one collapsed group per outcome with its
    count, then the rows, then each changed field."""

    inclusion_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Import preview"))
        self.setHeaderLabels([self.tr("File / record"), self.tr("Outcome"), self.tr("Details")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(0, 330)
        self.setUniformRowHeights(True)
        self.plan: ImportPlan | None = None
        self._files: list[FilePlan] = []
        self._notes: list[QTreeWidgetItem] = []  # the files' notes, whose text wraps in its column
        self.itemChanged.connect(self._ticked)
        self.header().sectionResized.connect(lambda *_: self._wrap_notes())

    def file_of(self, item: QTreeWidgetItem | None) -> FilePlan | None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        index = item.data(0, FILE_ROLE)
        return self._files[index] if index is not None else None

    def show_plan(self, plan: ImportPlan) -> None:
        self.blockSignals(True)
        self.clear()
        self.plan, self._files, self._notes = plan, list(plan.files), []
        for i, f in enumerate(plan.files):
            node = QTreeWidgetItem(self, [f.name, self.status_text(f), self.file_details(plan, f)])
            node.setData(0, FILE_ROLE, i)
            node.setToolTip(0, str(f.source))
            node.setToolTip(2, node.text(2))
            if len(node.text(2)) > PARAGRAPH:  # its signature comes last: cut off at 125 % on one line
                self._notes.append(node)
            if f.status in (READY, EXCLUDED):
                node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                node.setCheckState(0, Qt.CheckState.Checked if f.included else Qt.CheckState.Unchecked)
            if f.status == REFUSED_FILE:
                node.setForeground(1, Qt.GlobalColor.red)
                group = QTreeWidgetItem(
                    node, [self.tr("Errors"), str(len(f.errors)), self.tr("Nothing of this file is imported.")]
                )
                group.setData(0, ACTION_ROLE, ERRORS)
                group.setForeground(1, Qt.GlobalColor.red)
                for e in f.errors:
                    where = e.sheet + (f" 第{e.row}行" if e.row else "") if e.sheet else self.tr("Whole file")
                    item = QTreeWidgetItem(group, [where, e.column, e.message])
                    item.setToolTip(2, e.message)
                    if len(e.message) > PARAGRAPH:  # (such as a restored twin task report's) wraps too
                        self._notes.append(item)
                group.setExpanded(True)
            elif f.key_pending:
                who = plan.unit_name(f.key_unit_id)
                if plan.from_other_pc(f):  # the unit's own file, exported on its other PC
                    text = self.tr(
                        "Key not yet confirmed as that of this unit's other PC (%1): compare the fingerprint with "
                        "the one that PC shows under Settings → Signing keys and press Confirm signing key…; "
                        "until then the file is kept, not merged."
                    )
                else:
                    text = self.tr(
                        "Key not yet confirmed as %1's: phone %1, compare the fingerprint and press Confirm signing "
                        "key…; until then the file is kept, not merged."
                    )
                text = text.replace("%1", who)
                item = QTreeWidgetItem(node, [self.tr("Signature"), PENDING_KEY_LABEL, text])
                item.setToolTip(2, text)
                item.setForeground(1, Qt.GlobalColor.darkYellow)
            elif f.status not in (ALREADY, HELD):
                if f.new_plan:  # an office gets it only after confirming it by name (ImportDialog.commit)
                    text = self.tr("Added to this ledger with the import: %1").replace("%1", f.new_plan)
                    item = QTreeWidgetItem(node, [self.tr("New action plan"), "", text])
                    item.setToolTip(2, text)
                if f.answers:  # a re-sent file: the unit answers the bureau's comments
                    text = self.tr("Recorded with the import; see Feedback")
                    item = QTreeWidgetItem(node, [self.tr("Answers to comments"), str(f.answers), text])
                    item.setToolTip(2, text)
                self._add_groups(plan, node, f)
            for w in f.warnings:
                item = QTreeWidgetItem(node, [w.sheet + (f" 第{w.row}行" if w.row else ""), self.tr("Note"), w.message])
                item.setToolTip(2, w.message)
                self._notes.append(item)
            node.setExpanded(True)
        # A note or a long error (such as a twin task report's, a paragraph) is read in full in its wrapped row:
        # on one line it was cut off at 1366 px. Rows of one height otherwise (a long preview scrolls fast).
        self.setUniformRowHeights(not self._notes)
        self.setWordWrap(bool(self._notes))
        self._wrap_notes()
        self.blockSignals(False)

    def wrap_in_full(self, items: list[QTreeWidgetItem]) -> None:
        """Items added after the plan is shown (the plausibility checks) whose long text in the
        details column is read in full in its wrapped row, like the notes."""
        if not items:
            return
        self._notes += items
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self._wrap_notes()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's; the details column stretches with the view
        super().resizeEvent(event)
        self._wrap_notes()

    def _wrap_notes(self) -> None:
        """Give each note's row the height its text needs wrapped to the details column's width."""
        width = self.columnWidth(2) - 12  # the item's text margins
        if width <= 0 or not self._notes:
            return
        wrap = int(Qt.TextFlag.TextWordWrap)
        metrics = self.fontMetrics()
        for item in self._notes:
            height = metrics.boundingRect(QRect(0, 0, width, 100_000), wrap, item.text(2)).height()
            item.setSizeHint(2, QSize(width, height + 8))

    def status_text(self, f: FilePlan) -> str:
        if f.status == ALREADY:
            return self.tr("Already imported on %1").replace("%1", f"{f.already_imported_at:%Y-%m-%d %H:%M}")
        if f.status == REFUSED_FILE:
            return self.tr("Refused: %1 errors").replace("%1", str(len(f.errors)))
        if f.key_pending:
            return self.tr("Held: signing key to confirm")
        if f.status == HELD:
            return self.tr("Held: the period is accepted")
        if f.feedback is not None:  # comments or answers, no rows
            return self.tr("Feedback") if f.included else self.tr("Left out")
        counts = "，".join(f"{label} {f.count(a)}" for a, label in ACTION_LABELS.items() if f.count(a))
        if f.status == EXCLUDED:
            return self.tr("Left out") + (f"（{counts}）" if counts else "")
        return counts or self.tr("No data rows")

    def file_details(self, plan: ImportPlan, f: FilePlan) -> str:
        if f.feedback is not None:
            return f.feedback.summary()
        meta = f.read.meta
        parts = []
        if f.consolidated:
            parts.append(self.tr("A consolidated workbook"))  # what the file is, not the menu item
        elif meta and meta.unit:
            parts.append(meta.unit)
        if meta and meta.period:
            parts.append(meta.period.label)
        elif meta and meta.unreadable_period:  # refused; the file's line still says what it named
            parts.append(meta.unreadable_period)
        if f.units_touched:
            parts.append(self.tr("changes records of %1").replace("%1", "、".join(f.units_touched)))
        if f.evidence:
            parts.append(self.tr("%1 evidence file(s)").replace("%1", str(len(f.evidence))))
        if f.missing:
            parts.append(self.tr("%1 sent before are missing (nothing is deleted)").replace("%1", str(len(f.missing))))
        if f.status != REFUSED_FILE and not f.already_imported_at:
            parts.append(f.signature_text)  # 签名有效（…）/ 未签名 / 待确认签名（…）, after what the file is
        return " · ".join(parts)

    def _add_groups(self, plan: ImportPlan, node: QTreeWidgetItem, f: FilePlan) -> None:
        for action, label in ACTION_LABELS.items():
            count = f.count(action)
            if not count:
                continue
            rows = list(islice(f.rows.with_action(action), MAX_ROWS_SHOWN))  # (only the rows shown are made)
            group = QTreeWidgetItem(node, [f"{label}（{count}）", "", ""])
            group.setData(0, ACTION_ROLE, action)
            if action == CONFLICT:
                group.setForeground(0, Qt.GlobalColor.darkRed)
            for r in rows:
                self._add_row(plan, group, r, f)
            if count > MAX_ROWS_SHOWN:
                QTreeWidgetItem(group, [self.tr("… and %1 more").replace("%1", str(count - MAX_ROWS_SHOWN)), "", ""])
            group.setExpanded(action not in (UNCHANGED, "new") and count <= 20)
        if f.evidence:  # every file checked (size, sha256, type by content) and to which record it goes
            shown = {x.entry.record_id for x in f.evidence[:MAX_ROWS_SHOWN]}
            names = {r.record_id: r.name or r.where() for r in f.rows.having_ids(shown)}
            group = QTreeWidgetItem(
                node,
                [
                    self.tr("Evidence (%1)").replace("%1", str(len(f.evidence))),
                    "",
                    self.tr("Each file checked: size, sha256 and type by content"),
                ],
            )
            for x in f.evidence[:MAX_ROWS_SHOWN]:
                kind_label = FileType(x.entry.media_type).label
                detail = f"{size_text(x.entry.size)} · {kind_label} · {names.get(x.entry.record_id, '')}"
                item = QTreeWidgetItem(group, [x.entry.name, "", detail])
                item.setToolTip(2, f"sha256 {x.entry.sha256}")
            group.setExpanded(len(f.evidence) <= 10)

    def _add_row(self, plan: ImportPlan, group: QTreeWidgetItem, r: RowPlan, f: FilePlan | None = None) -> None:
        details = [plan.unit_name(r.unit_id), r.where()]
        files = f.evidence_of(r.record_id) if f is not None else []
        if files:
            details.append(self.tr("evidence: %1").replace("%1", "、".join(x.entry.name for x in files)))
        if r.duplicate_of:
            details.append(self.tr("also reported by %1").replace("%1", r.duplicate_of))
        item = QTreeWidgetItem(group, [r.name or r.where(), r.label, " · ".join(d for d in details if d)])
        item.setToolTip(0, r.name)
        item.setData(0, DUPLICATE_ROLE, bool(r.duplicate_of))
        for key, c in r.fields.items():
            side = {ASK: self.tr("Both changed: choose below"), OURS: self.tr("Keeps ours"), THEIRS: ""}[c.side]
            old, new = r.display(key, c.old) or "（空）", r.display(key, c.new) or "（空）"
            change = (
                self.tr("%1 (the file has %2)").replace("%1", old).replace("%2", new)
                if c.side == OURS
                else f"{old} → {new}"
            )
            child = QTreeWidgetItem(item, [r.field_label(key), side, change])
            child.setToolTip(2, change)
            if c.side == ASK:
                child.setData(0, DECISION_ROLE, (r.record_id, key))
                child.setForeground(1, Qt.GlobalColor.darkRed)
        item.setExpanded(bool(r.fields) and len(r.fields) <= 4 and group.childCount() <= 20)

    def show_decision(self, decision: tuple[str, str], side: str) -> None:
        """A conflict decided in the table below reads as decided here too."""
        text = {OURS: self.tr("Both changed: ours kept"), THEIRS: self.tr("Both changed: theirs taken")}[side]
        for item in self._items():
            if tuple(item.data(0, DECISION_ROLE) or ()) == tuple(decision):
                item.setText(1, text)
                item.setForeground(1, Qt.GlobalColor.darkGreen)

    def _items(self):  # noqa: ANN202 - every item, depth first
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def filter_outcome(self, action: str | None) -> None:
        """Show only one outcome's groups (None: everything), or only the likely duplicates."""
        for i in range(self.topLevelItemCount()):
            node = self.topLevelItem(i)
            shown = False
            for j in range(node.childCount()):
                group = node.child(j)
                kind = group.data(0, ACTION_ROLE)
                rows = [group.child(k) for k in range(group.childCount())]
                if action == DUPLICATES:
                    for row in rows:
                        row.setHidden(not row.data(0, DUPLICATE_ROLE))
                    visible = kind is not None and any(row.data(0, DUPLICATE_ROLE) for row in rows)
                else:
                    for row in rows:
                        row.setHidden(False)
                    visible = action is None or kind == action
                group.setHidden(not visible)
                shown = shown or (visible and kind is not None)
                if visible and action is not None:
                    group.setExpanded(True)
            node.setHidden(action is not None and not shown)

    def _ticked(self, item: QTreeWidgetItem, column: int) -> None:
        f = self.file_of(item)
        if item.parent() is None and column == 0 and f is not None and f.status in (READY, EXCLUDED):
            f.included = item.checkState(0) == Qt.CheckState.Checked
            self.blockSignals(True)
            item.setText(1, self.status_text(f))
            self.blockSignals(False)
            self.inclusion_changed.emit()


class ConflictTable(QTableWidget):
    """One line per field both sides changed: the record, the file, ours, theirs, and the choice."""

    decided = Signal(object, str)  # (record id, field key), OURS or THEIRS

    def __init__(self) -> None:
        super().__init__(0, 6)
        self.setAccessibleName(self.tr("Conflicts"))
        self.setHorizontalHeaderLabels(
            [
                self.tr("Record"),
                self.tr("File"),
                self.tr("Field"),
                self.tr("Ours (this ledger)"),
                self.tr("Theirs (the file)"),
                self.tr("Keep"),
            ]
        )
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self._files: list[FilePlan] = []

    def show_plan(self, plan: ImportPlan) -> None:
        self.setRowCount(0)
        self._files = []
        for f in plan.files:
            if f.status in (REFUSED_FILE, ALREADY, HELD):
                continue
            for r in f.rows.with_action(CONFLICT):
                for key, c in r.fields.items():
                    if c.side != ASK:
                        continue
                    self._add(plan, f, r, key, c.old, c.new)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _add(self, plan: ImportPlan, f: FilePlan, r: RowPlan, key: str, ours: object, theirs: object) -> None:
        i = self.rowCount()
        self.insertRow(i)
        record = QTableWidgetItem(f"{r.name}（{plan.unit_name(r.unit_id)}）")
        record.setToolTip(f"{r.name}\n{r.where()}")
        self.setItem(i, 0, record)
        self.setItem(i, 1, QTableWidgetItem(f.name))
        self.setItem(i, 2, QTableWidgetItem(r.field_label(key)))
        self.setItem(i, 3, QTableWidgetItem(r.display(key, ours) or "（空）"))
        self.setItem(i, 4, QTableWidgetItem(r.display(key, theirs) or "（空）"))
        choice = QComboBox()
        choice.addItem(self.tr("Keep ours"), OURS)
        choice.addItem(self.tr("Take theirs"), THEIRS)
        choice.setAccessibleName(self.tr("Keep which value of %1").replace("%1", r.field_label(key)))
        choice.setProperty("decision", (r.record_id, key))
        if f.conflict_side:
            choice.setCurrentIndex(choice.findData(f.conflict_side))
        choice.currentIndexChanged.connect(lambda _i, c=choice: self._decided(c))
        self.setCellWidget(i, 5, choice)
        self._files.append(f)

    def fit_rows(self, most: int) -> None:
        """As tall as its lines (up to `most`), so that one conflict does not take a third of the dialog."""
        rows = sum(self.rowHeight(i) for i in range(min(self.rowCount(), most)))
        rows = rows or self.verticalHeader().defaultSectionSize()
        self.setMaximumHeight(self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2)

    def _decided(self, combo: QComboBox) -> None:
        self.decided.emit(tuple(combo.property("decision")), combo.currentData())

    def files(self) -> list[FilePlan]:
        unique: list[FilePlan] = []
        for f in self._files:
            if not any(f is u for u in unique):
                unique.append(f)
        return unique

    def choose_for_file(self, f: FilePlan, side: str) -> None:
        """Take all theirs / keep all ours for every conflict of one file."""
        f.conflict_side = side
        for i, owner in enumerate(self._files):
            if owner is f:
                combo = self.cellWidget(i, 5)
                combo.setCurrentIndex(combo.findData(side))
                self._decided(combo)  # said again when the choice was already that side

    def decisions(self) -> dict[tuple[str, str], str]:
        out = {}
        for i in range(self.rowCount()):
            combo = self.cellWidget(i, 5)
            out[tuple(combo.property("decision"))] = combo.currentData()
        return out
