"""Loading a new action plan (bureau): open a plan workbook or a notice's text (or paste it), review
what was recognised — the plan's name and years, its tasks with lead units, its indicator table —
correct it in the tables, and save. Nothing is saved while the plan has errors; each error names
the row of the table it is about."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.plans.draft import ALL_MEMBERS, PlanDraft, split_leads
from app.plans.load import check_draft, read_plan_file, save_plan
from app.plans.notice import parse_notice
from app.store import catalogue
from app.store.ledger import Ledger
from app.ui import folders, screen
from app.ui.help_viewer import help_key

TASK_COLUMNS = ("章节", "小节", "任务编号", "任务内容", "牵头单位")
INDICATOR_COLUMNS = ("指标编号", "分组", "指标名称", "计量单位", "年份", "目标值")
TASK_TABLE, INDICATOR_TABLE = "任务表", "指标表"


class LoadPlanDialog(QDialog):
    def __init__(self, ledger: Ledger, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        help_key(self, "plans")  # F1: the manual's section on this dialog
        self.ledger = ledger
        self.plan_name = ""
        self.sections: dict[str, dict[str, Any]] = {}
        self.setWindowTitle(self.tr("Load an action plan"))
        screen.fit_to_screen(self, 1100, 720, share=0.95)

        open_button = QPushButton(self.tr("Open a plan workbook or notice…"))
        open_button.clicked.connect(self._open)
        template_button = QPushButton(self.tr("Save a blank plan workbook…"))
        template_button.clicked.connect(self._save_template)
        self.source = QLabel()
        top = QHBoxLayout()
        top.addWidget(open_button)
        top.addWidget(template_button)
        top.addWidget(self.source, 1)

        self.pasted = QPlainTextEdit()
        self.pasted.setAccessibleName(self.tr("Notice text"))
        self.pasted.setPlaceholderText(self.tr("Or paste the text of the notice here, then choose Recognise."))
        recognise = QPushButton(self.tr("Recognise"))
        recognise.clicked.connect(self._recognise_pasted)
        paste_box = QWidget()
        paste_layout = QVBoxLayout(paste_box)
        paste_layout.addWidget(self.pasted, 1)
        paste_layout.addWidget(recognise, 0, Qt.AlignmentFlag.AlignRight)

        self.name = QLineEdit()
        self.doc_number = QLineEdit()
        self.issued_on = QLineEdit()
        self.issued_on.setPlaceholderText("2026-01-20")
        self.start_year, self.end_year = QSpinBox(), QSpinBox()
        for box in (self.start_year, self.end_year):
            box.setRange(2000, 2100)
            box.setValue(2026)
        for widget, label in (
            (self.name, self.tr("Plan name")),
            (self.doc_number, self.tr("Document number")),
            (self.issued_on, self.tr("Issued on")),
            (self.start_year, self.tr("First year")),
            (self.end_year, self.tr("Last year")),
        ):
            widget.setAccessibleName(label)
        head = QFormLayout()
        head.addRow(self.tr("Plan name:"), self.name)
        head.addRow(self.tr("Document number:"), self.doc_number)
        head.addRow(self.tr("Issued on:"), self.issued_on)
        years = QHBoxLayout()
        years.addWidget(self.start_year)
        years.addWidget(QLabel("–"))
        years.addWidget(self.end_year)
        # Two plans never claim a year unless the bureau chooses that the new one governs it.
        self.governs = QCheckBox(self.tr("The new plan governs the years it shares with a plan already loaded"))
        self.governs.toggled.connect(self.check)
        years.addWidget(self.governs)
        years.addStretch(1)
        head.addRow(self.tr("Years:"), years)

        self.tasks = self._table(TASK_COLUMNS, self.tr("Tasks"), stretch=3, wide={4: 300})
        self.indicators = self._table(INDICATOR_COLUMNS, self.tr("Indicators"), stretch=2, wide={1: 130})
        self.tabs = QTabWidget()
        self.tabs.addTab(paste_box, self.tr("Notice text"))
        self.tabs.addTab(self.tasks, self.tr("Tasks"))
        self.tabs.addTab(self.indicators, self.tr("Indicators and targets"))

        self.issues = QListWidget()
        self.issues.setAccessibleName(self.tr("Problems"))
        self.issues.setMaximumHeight(130)
        self.issues.setWordWrap(True)  # a problem is read whole, not scrolled to sideways
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        check_button = self.buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        check_button.clicked.connect(self.check)
        self.save_button = self.buttons.addButton(self.tr("Save the plan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.issues)
        layout.addWidget(self.buttons)

    def _table(self, columns: tuple[str, ...], name: str, stretch: int, wide: dict[int, int]) -> QTableWidget:
        """Short columns fit their contents, the text column takes the room, long lists get a width."""
        table = QTableWidget(0, len(columns))
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(list(columns))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in wide.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, width)
        table.setWordWrap(True)
        return table

    # --- reading -------------------------------------------------------------------------------------

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a plan"),
            folders.start_folder("plan"),
            self.tr("Plan workbook or notice text (*.xlsx *.txt)"),
        )
        folders.picked("plan", [path] if path else [])
        if path:
            self.load_file(Path(path))

    def _save_template(self) -> None:
        from app.plans.workbook import write_plan_workbook

        start = Path(folders.start_folder("plan")) / "行动方案.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a blank plan workbook"), str(start), "*.xlsx")
        if path:
            with self.ledger.session() as s:
                names = [u.name for u in catalogue.units(s)]
            write_plan_workbook(Path(path), names)

    def load_file(self, path: Path) -> None:
        self.source.setText(str(path))
        self.show_draft(read_plan_file(path))

    def _recognise_pasted(self) -> None:
        self.source.setText(self.tr("Pasted text"))
        self.show_draft(parse_notice(self.pasted.toPlainText(), ""))

    def show_draft(self, draft: PlanDraft) -> None:
        """Fill the form and the tables with what was recognised, then check it."""
        d = draft.data
        self.name.setText(str(d.get("title", "")))
        self.doc_number.setText(str(d.get("doc_number", "")))
        self.issued_on.setText(str(d.get("issued_on", "")))
        for box, key in ((self.start_year, "start_year"), (self.end_year, "end_year")):
            if isinstance(d.get(key), int):
                box.setValue(d[key])
        self.sections = {s["number"]: s for s in d.get("sections", [])}
        self.tasks.setRowCount(0)
        for t in d.get("tasks", []):
            leads = [*t.get("lead_units", []), *([ALL_MEMBERS] if t.get("all_members") else [])]
            self._add_row(
                self.tasks,
                [
                    t.get("section", ""),
                    t.get("subsection") or "",
                    t.get("number", ""),
                    t.get("text", ""),
                    "、".join(leads),
                ],
            )
        self.indicators.setRowCount(0)
        for i in d.get("indicators", []):
            for year, target in i.get("targets", {}).items():
                self._add_row(
                    self.indicators,
                    [
                        i.get("number", ""),
                        i.get("group", ""),
                        i.get("name", ""),
                        i.get("measure_unit", ""),
                        year,
                        target,
                    ],
                )
        self.tasks.resizeRowsToContents()
        self.tabs.setCurrentWidget(self.tasks if d.get("tasks") else self.tabs.widget(0))
        read_problems = [i for i in draft.issues if not i.where.startswith("第 ")] if not d.get("tasks") else []
        self._show(self.check(), read_problems)

    def _add_row(self, table: QTableWidget, values: list[object]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for j, value in enumerate(values):
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            table.setItem(row, j, QTableWidgetItem(shown))

    # --- checking and saving ---------------------------------------------------------------------------

    def draft(self) -> PlanDraft:
        """The plan as the form and tables now say (with the user's corrections)."""
        draft = PlanDraft(self.tr("Preview"))
        cell = lambda table, r, c: table.item(r, c).text().strip() if table.item(r, c) else ""  # noqa: E731
        data: dict[str, Any] = {
            "title": self.name.text().strip(),
            "doc_number": self.doc_number.text().strip(),
            "issued_on": self.issued_on.text().strip(),
            "start_year": self.start_year.value(),
            "end_year": self.end_year.value(),
            "sections": [],
            "tasks": [],
            "indicators": [],
        }
        sections: dict[str, dict[str, Any]] = {}
        for r in range(self.tasks.rowCount()):
            sec, sub = cell(self.tasks, r, 0), cell(self.tasks, r, 1)
            known = self.sections.get(sec, {"title": "", "subsections": []})
            if sec and sec not in sections:
                sections[sec] = {"number": sec, "title": known["title"], "subsections": []}
                data["sections"].append(sections[sec])
            if sec and sub and sub not in {x["number"] for x in sections[sec]["subsections"]}:
                title = next((x["title"] for x in known["subsections"] if x["number"] == sub), "")
                sections[sec]["subsections"].append({"number": sub, "title": title})
            number = cell(self.tasks, r, 2)
            leads = split_leads(cell(self.tasks, r, 4))
            data["tasks"].append(
                {
                    "number": int(number) if number.isdecimal() else number,
                    "section": sec,
                    "subsection": sub or None,
                    "text": cell(self.tasks, r, 3),
                    "all_members": ALL_MEMBERS in leads,
                    "lead_units": [x for x in leads if x != ALL_MEMBERS],
                    "_where": f"{TASK_TABLE}第 {r + 1} 行",
                }
            )
        by_number: dict[object, dict[str, Any]] = {}
        for r in range(self.indicators.rowCount()):
            raw = cell(self.indicators, r, 0)
            number = int(raw) if raw.isdecimal() else raw
            where = f"{INDICATOR_TABLE}第 {r + 1} 行"
            ind = by_number.get(number)
            if ind is None:
                ind = {
                    "number": number,
                    "group": cell(self.indicators, r, 1),
                    "name": cell(self.indicators, r, 2),
                    "measure_unit": cell(self.indicators, r, 3),
                    "expected": True,
                    "targets": {},
                    "_where": where,
                    "_where_targets": {},
                }
                by_number[number] = ind
                data["indicators"].append(ind)
            year, target = cell(self.indicators, r, 4), cell(self.indicators, r, 5)
            try:
                value: object = float(target.replace(",", ""))
            except ValueError:
                value = target
            ind["targets"][year] = value
            ind["_where_targets"][year] = where
        draft.data = data
        return draft

    def check(self) -> PlanDraft:
        with self.ledger.session() as s:
            draft = check_draft(s, self.draft(), governs=self.governs.isChecked())
        self._show(draft)
        return draft

    def _show(self, draft: PlanDraft, extra: list | None = None) -> None:
        self.issues.clear()
        for issue in [*(extra or []), *draft.errors]:
            self.issues.addItem(str(issue).removeprefix(draft.file + "，"))
        for issue in draft.warnings:
            self.issues.addItem(self.tr("Note: ") + str(issue).removeprefix(draft.file + "，"))
        d = draft.data
        self.summary.setText(
            self.tr("Recognised: %1 tasks, %2 indicators; %3 problems.")
            .replace("%1", str(len(d.get("tasks", []))))
            .replace("%2", str(len(d.get("indicators", []))))
            .replace("%3", str(len(draft.errors) + len(extra or [])))
        )
        self.save_button.setEnabled(not draft.errors and not extra and bool(d.get("tasks")))

    def save(self) -> None:
        with self.ledger.session() as s:
            draft = check_draft(s, self.draft(), governs=self.governs.isChecked())
            if draft.errors:
                self._show(draft)
                return
            plan = save_plan(s, draft)
            self.plan_name = plan.name
            years = plan.years_label
        QMessageBox.information(
            self,
            self.tr("Plan loaded"),
            self.tr("The plan “%1” (%2) is loaded. Its periods are now offered in the period list.")
            .replace("%1", self.plan_name)
            .replace("%2", years),
        )
        self.accept()
