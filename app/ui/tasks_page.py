"""任务进展: the tasks of the period's plan by section, this unit's own first, with this period's report.
A period of another plan (the 2026–2027 plan after the 2024–2025 one) shows that plan's tasks."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.entry import drafts, task_reports
from app.store import catalogue, records
from app.store.ledger import Ledger
from app.ui.busy import LedgerWait
from app.ui.records.evidence import DropForwarder, EvidencePanel
from app.ui.records.form import RecordForm
from app.ui.review.marks import mark_comments
from app.ui.undo import CopyPreviousReports, CreateRecord, EditRecord, current_values
from app.vocabulary.kinds import STATUSES, TASK_PROGRESS
from app.vocabulary.periods import Period

TASK_ROLE = Qt.ItemDataRole.UserRole + 1
FIXED = ("period", "task_number")
DONE_COLOR = QColor("#2E7D32")
TODO_COLOR = QColor("#B36200")
COPIED_COLOR = QColor("#1565C0")


class TasksPage(QWidget):
    completeness_changed = Signal(int, int, int)  # reported, copied and not checked yet, own tasks

    def __init__(self, ledger: Ledger, own_unit_id: int, undo: QUndoStack, period: Period, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ledger, self.own_unit_id, self.undo_stack, self.period = ledger, own_unit_id, undo, period
        self.task: int | None = None
        self._saving = False  # a report typed in the form is being saved: the form stays as it is
        # What the form showed (task, period, report id, its values): on a shared ledger another
        # officer may report or change the task meanwhile, and the save is then refused (已被他人修改).
        self._shown: tuple[int, str, str | None, dict] | None = None
        self.plan_id = 0
        self._load_plan(period)

        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.plan_label.setText(self.plan_name)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: bold;")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Tasks"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Task"), self.tr("This period")])
        # The task titles take the room: the status column is as wide as its longest short text
        # (the full state is in its tooltip), and the four levels of the tree indent less.
        self.tree.setIndentation(14)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.header().setStretchLastSection(False)
        self._fit_status_column()
        self.tree.currentItemChanged.connect(self._item_changed)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.leads = QLabel()
        self.leads.setWordWrap(True)
        self.form = RecordForm(TASK_PROGRESS, hidden=FIXED)
        self.form.changed.connect(self._form_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        # saves, undos and redos wait briefly for another program's write to the ledger (an import)
        self.waiting = LedgerWait(ledger, undo, self._save_typed, self.status.setText, self)
        self.copy_button = QPushButton(self.tr("Copy last period's report"))
        self.copy_button.setAccessibleName(self.copy_button.text())
        self.copy_button.clicked.connect(self.copy_previous)
        self.copy_all_button = QPushButton(self.tr("Copy all of last period's reports"))
        self.copy_all_button.setAccessibleName(self.copy_all_button.text())
        self.copy_all_button.clicked.connect(self.copy_all_previous)

        panel = QWidget()
        right = QVBoxLayout(panel)
        right.addWidget(self.title)
        right.addWidget(self.leads)
        right.addWidget(self.form)
        right.addStretch(1)
        self.evidence = EvidencePanel(ledger, undo, own_unit_id, self.waiting)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(panel)
        scroll.setMinimumWidth(300)
        # The form scrolls; what it says and the copy actions stay in view below it.
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(scroll, 1)
        editor_layout.addWidget(self.evidence)  # in view whatever the form's scroll: files are dropped here
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignBottom)
        left_buttons = QHBoxLayout()
        left_buttons.addStretch(1)
        left_buttons.addWidget(self.copy_all_button)
        editor_layout.addLayout(buttons)
        DropForwarder(editor, self.evidence)  # files dropped on the task's form are attached to its report

        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plan_label)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.tree)
        left_layout.addLayout(left_buttons)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        # the tree gets more of the width: its titles are long, the form's fields wrap their text
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._build_tree()
        self._select_first()

    def _load_plan(self, period: Period) -> None:
        """The tasks of the plan `period` belongs to, and which of them this unit leads."""
        with self.ledger.session() as s:
            plan = catalogue.plan_of_period(s, period)
            self.plan_id = plan.id
            self.plan_name = f"{plan.name}（{plan.doc_number}）" if plan.doc_number else plan.name
            unit = s.get(catalogue.Unit, self.own_unit_id)
            self.own_tasks = {t.number for t in catalogue.tasks_of_unit(s, unit, plan)}
            sections = {p.id: p for p in catalogue.sections(s, plan)}
            all_units = catalogue.units(s)
            self.tasks = []
            for t in catalogue.tasks(s, plan):
                chain = [t.section] + ([sections[t.section.parent_id]] if t.section.parent_id else [])
                leads = "、".join([u.name for u in t.lead_units] + ([catalogue.ALL_MEMBERS] if t.all_members else []))
                self.tasks.append(
                    (t.number, t.text, list(reversed(chain)), leads, len(catalogue.lead_units_of(t, all_units)))
                )
            for p in sections.values():
                s.expunge(p)

    def _select_first(self) -> None:
        first_own = next((n for n, *_ in self.tasks if n in self.own_tasks), None)
        if first_own is None and self.tasks:
            first_own = self.tasks[0][0]
        if first_own is not None:
            self.select_task(first_own)

    # --- the tree ------------------------------------------------------------------------------------

    def _reports(self) -> dict[int, str]:
        with self.ledger.session() as s:
            return task_reports.statuses(s, self.own_unit_id, self.period)

    def _build_tree(self) -> None:
        self.tree.clear()
        self.items: dict[int, QTreeWidgetItem] = {}
        groups = [
            (self.tr("My unit's tasks"), [t for t in self.tasks if t[0] in self.own_tasks], True),
            (self.tr("Other tasks of the plan"), [t for t in self.tasks if t[0] not in self.own_tasks], False),
        ]
        for title, tasks, expanded in groups:
            group = QTreeWidgetItem(self.tree, [f"{title}（{len(tasks)}）"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFirstColumnSpanned(True)
            parents: dict[int, QTreeWidgetItem] = {}
            for number, text, chain, _leads, _n in tasks:
                parent = group
                for section in chain:
                    if section.id not in parents:
                        label = (
                            f"{section.number}、{section.title}"
                            if section.parent_id is None
                            else f"（{section.number}）{section.title}"
                        )
                        parents[section.id] = QTreeWidgetItem(parent, [label])
                        parents[section.id].setFlags(Qt.ItemFlag.ItemIsEnabled)
                        parents[section.id].setFirstColumnSpanned(True)  # no status: the title has the row
                        parents[section.id].setToolTip(0, label)
                    parent = parents[section.id]
                item = QTreeWidgetItem(parent, [f"{number}. {text}"])
                item.setData(0, TASK_ROLE, number)
                item.setToolTip(0, text)
                self.items[number] = item
            group.setExpanded(expanded)
            if expanded:
                self.tree.expandRecursively(self.tree.indexFromItem(group))
        self._update_statuses()

    def _update_statuses(self) -> None:
        reports = self._reports()
        with self.ledger.session() as s:
            copied = task_reports.still_copied(s, self.own_unit_id, self.period)
            can_copy = task_reports.copyable(s, self.own_unit_id, self.period)
        for number, item in self.items.items():
            status = reports.get(number)
            mine = number in self.own_tasks
            text = status or (self.tr("Not reported") if mine else "")
            state = text
            if number in copied:  # copied from last period and not edited since: still to be checked
                text = self.tr("%1 (to check)").replace("%1", text)
                state = self.tr("%1 (copied, check it)").replace("%1", state)
            item.setText(1, text)
            item.setToolTip(1, state)
            item.setForeground(1, QBrush(COPIED_COLOR if number in copied else DONE_COLOR if status else TODO_COLOR))
        self.copy_all_button.setEnabled(bool(can_copy))
        self.copy_all_button.setToolTip(
            self.tr("Copies %1 reports of last period; reports already made this period stay as they are.").replace(
                "%1", str(len(can_copy))
            )
        )
        # a copy nobody checked is not this period's progress: counted apart, so it is not sent unread
        unchecked = sum(1 for n in self.own_tasks if n in reports and n in copied)
        done = sum(1 for n in self.own_tasks if n in reports) - unchecked
        label = self.period.label
        summary = (
            self.tr("%1: %2 of my %3 tasks reported")
            .replace("%1", label)
            .replace("%2", str(done))
            .replace("%3", str(len(self.own_tasks)))
        )
        if unchecked:
            summary += self.tr(", and %1 copied from last period, to check").replace("%1", str(unchecked))
        self.summary.setText(summary)
        self.completeness = (done, unchecked, len(self.own_tasks))
        self.completeness_changed.emit(*self.completeness)

    def _fit_status_column(self) -> None:
        """As wide as the widest status text the column can show, whatever is reported."""
        texts = [self.tr("This period"), self.tr("Not reported")]
        texts += [self.tr("%1 (to check)").replace("%1", s) for s in (*STATUSES, self.tr("Not reported"))]
        metrics = self.tree.fontMetrics()
        margin = 2 * self.tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        self.tree.header().resizeSection(1, max(metrics.horizontalAdvance(t) for t in texts) + margin)

    def _item_changed(self, current: QTreeWidgetItem | None, _previous) -> None:  # noqa: ANN001
        number = current.data(0, TASK_ROLE) if current else None
        if number:
            self._show(number)

    def select_task(self, number: int) -> None:
        self.tree.setCurrentItem(self.items[number])

    # --- the report -----------------------------------------------------------------------------------

    def _record_id(self, period: Period, number: int) -> str | None:
        with self.ledger.session() as s:
            return task_reports.record_id(s, self.own_unit_id, period, number, self.period)

    def _draft_name(self, number: int | None = None) -> str:
        return f"{TASK_PROGRESS.key}:{self.period}:{number or self.task}"

    def _show(self, number: int) -> None:
        if self.task is not None and self.task != number:
            self.form.flush()  # a pending keystroke belongs to the task shown until now
        if self.task is not None and not self.waiting.save_pending():  # the form keeps what is typed
            QTimer.singleShot(0, self, self._stay)
            return
        self.task = number
        _n, text, _chain, leads, _count = next(t for t in self.tasks if t[0] == number)
        self.title.setText(f"{number}. {text}")
        self.leads.setText(self.tr("Lead units: %1").replace("%1", leads))
        record_id = self._record_id(self.period, number)
        values = current_values(self.ledger, TASK_PROGRESS, record_id) if record_id else {}
        self._shown = (number, self.period.code, record_id, dict(values))
        self.form.set_values(values)
        mark_comments(self.ledger, self.form, record_id)
        self.evidence.show_record(record_id)
        self.status.setText(
            self.tr("Saved automatically as you type.") if record_id else self.tr("Not reported for this period yet.")
        )
        with self.ledger.session() as s:
            draft = drafts.load_draft(s, self._draft_name(number))
        if draft is not None:
            for key, raw in draft.values.items():
                if key in self.form.inputs:
                    self.form.inputs[key].set_value(raw)
            self.form.values({"period": self.period.code, "task_number": number})
            self.status.setText(self.tr("Restored what you were typing last time; it is not saved yet."))
        previous = self.period.previous()
        self.copy_button.setEnabled(self._record_id(previous, number) is not None)

    def _stay(self) -> None:
        """The form keeps a report not saved yet (another program writes): the tree shows its task."""
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(self.items[self.task])
        self.tree.blockSignals(False)

    def unsaved_on_close(self) -> bool:
        """The window closes: whether a report typed here cannot be saved (another program writes)."""
        self.form.flush()
        return not self.waiting.save_pending()

    def _form_changed(self) -> None:
        """What is typed is saved with a short wait for another program's write (app.ui.busy)."""
        if self.task is not None:
            self.waiting.save()

    def _save_typed(self) -> None:
        values = self.form.values({"period": self.period.code, "task_number": self.task})
        if values is None:
            self.status.setText(self.tr("Not saved yet: correct the fields marked in red."))
            with self.ledger.session() as s:  # kept as typed until it can be saved
                drafts.save_draft(s, self._draft_name(), None, self.form.raw_values())
            return
        record_id = self._record_id(self.period, self.task)
        shown = self._shown if self._shown and self._shown[:2] == (self.task, self.period.code) else None
        if shown is not None and shown[2] != record_id:  # another officer reported the task meanwhile
            self._refused(records.REPORTED_BY_OTHERS)
            return
        self._saving = True
        try:
            if record_id is None:
                created = CreateRecord(
                    self.ledger, TASK_PROGRESS, self.own_unit_id, values, self.refresh, busy=self.waiting.step_busy
                )
                self.undo_stack.push(created)
                if created.busy:  # (dropped from the undo stack: tried again)
                    self.waiting.not_saved()
                    return
                if created.refused:  # another officer saved a report of the task at the same moment
                    self._saving = False
                    self._refused(created.refused)
                    return
                record_id = self._record_id(self.period, self.task)
                after = current_values(self.ledger, TASK_PROGRESS, record_id) if record_id else {}
            else:
                # what the form showed, not what the ledger holds now: another officer's change since
                # is refused (已被他人修改), never written over
                before = dict(shown[3]) if shown is not None else current_values(self.ledger, TASK_PROGRESS, record_id)
                after = {**before, **values}
                if before != after:
                    command = EditRecord(
                        self.ledger, TASK_PROGRESS, record_id, before, values, self.refresh, self.waiting.step_busy
                    )
                    self.undo_stack.push(command)
                    if command.busy:
                        self.waiting.not_saved()
                        return
                    if command.refused:
                        self._saving = False
                        self._refused(command.refused)
                        return
        finally:
            self._saving = False
        self._shown = (self.task, self.period.code, record_id, after)
        if self.evidence.record_id != record_id:  # the report just came into being: it takes files now
            self.evidence.show_record(record_id)
        with self.ledger.session() as s:
            drafts.clear_draft(s, self._draft_name())
        self.status.setText(self.tr("Saved."))

    def _refused(self, message: str) -> None:
        """Another officer's report stands: the form shows it, and says why this one was not saved."""
        with self.ledger.session() as s:
            drafts.clear_draft(s, self._draft_name())
        self._update_statuses()
        self._show(self.task)
        self.status.setText(message)

    def copy_previous(self) -> None:
        """Start this period's report from last period's, to avoid retyping."""
        previous = self.period.previous()
        source = self._record_id(previous, self.task or 0)
        if source is None:
            return
        values = current_values(self.ledger, TASK_PROGRESS, source)
        values.pop("report_date", None)
        self.form.set_values(values)
        self._form_changed()

    def copy_all_previous(self) -> None:
        """Every task reported last period and not yet this period starts from last period's report,
        in one step (one Ctrl+Z takes it back); each stays marked as copied until it is edited."""
        self.form.flush()
        self.waiting.push(
            CopyPreviousReports(self.ledger, self.own_unit_id, self.period, self.refresh, self.waiting.step_busy)
        )

    def refresh(self, _record_id: str | None = None) -> None:
        self._update_statuses()
        if self.task and not self._saving:
            self._show(self.task)

    def set_period(self, period: Period) -> None:
        self.form.flush()
        self.period = period
        before = self.plan_id
        self._load_plan(period)
        if self.plan_id == before:
            self.refresh()
            return
        self.plan_label.setText(self.plan_name)  # another plan: its own tasks
        self.task = None
        self._build_tree()
        self._select_first()
