"""The main window: navigation by record kind, the unit and period always in view, menus that
follow platform habits. Pages live in their own modules; this one only wires them together."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from app import __version__
from app.ui import screen
from app.ui.periods import PeriodCombo
from app.vocabulary.periods import Granularity, Period

# The window's module loads only Qt: its frame shows before the ledger, the database layer and the
# pages load (app.ui.main.run_gui), each imported where the window is filled or the page is first
# opened. The first page (任务进展) is built with the window; the others and the dialogs when first opened.
# Even Qt's classes that only the filled window uses (actions, the navigation list, dialogs) are
# imported where it is filled: PySide6 readies a class on first use, QAction and QListWidget ~5 ms each.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from app.store.ledger import Ledger
    from app.ui.exchange.dialogs import ExportDialog, ImportDialog
    from app.ui.exchange.prefill import PrefillDialog
    from app.ui.help_viewer import HelpViewer
    from app.ui.plan_dialog import LoadPlanDialog
    from app.ui.records.page import RecordPage
    from app.ui.reports.dashboard import DashboardPage
    from app.ui.reports.dialogs import ConsolidateDialog, ReportDialog
    from app.ui.review.bureau_pages import ImportHistoryPage, SubmissionsPage, TargetsPage
    from app.ui.settings_dialog import SettingsDialog
    from app.vocabulary.kinds import Kind


def plan_choices(s, period: Period) -> dict[str, list[tuple[object, str]]]:  # noqa: ANN001 - a Session
    """The task and indicator numbers a form offers: those of the plan the period belongs to."""
    from app.store import catalogue

    return {
        "indicator_number": [
            (i.number, f"{i.number}. {i.name}（{i.measure_unit}）") for i in catalogue.indicators(s, period)
        ],
        "task_number": [(t.number, f"{t.number}. {t.text[:24]}…") for t in catalogue.tasks(s, period)],
    }


class MainWindow(QMainWindow):
    def __init__(self, ledger: Ledger | None = None) -> None:
        """The window over `ledger`, built and filled now. Without one, only its frame: the title,
        the size and 正在打开台账…, until fill(ledger) puts the ledger in it. The program starts that
        way (app.ui.main.run_gui): the window shows at once, the ledger opens after."""
        super().__init__()
        self.ledger: Ledger | None = None
        self.record_pages: list[RecordPage] = []
        # whether closing the window closes its ledger (one it was given to own: the first, or one
        # it switched to in 设置 → 台账位置); a window that replaces this one takes it over
        self.owns_ledger = False
        self._switch_pending: tuple[Ledger, str | None] | None = None
        self.setWindowTitle(self.tr("IP Ledger"))
        screen.fit_to_screen(self, 1366, 768)
        if ledger is None:
            # centred by stretches, not setAlignment: Qt's namespace of flags takes ~30 ms to load
            self.opening = QLabel(self.tr("Opening the ledger…"))
            frame = QWidget()
            middle = QHBoxLayout(frame)
            middle.addStretch(1)
            middle.addWidget(self.opening)
            middle.addStretch(1)
            self.setCentralWidget(frame)
        else:
            self.fill(ledger)

    def cannot_open(self, reason: str) -> None:
        """The frame says why the ledger could not be opened (locked, newer, not a ledger), with a button
        to close: started from the desktop there is no console where the command line's message shows."""
        said = QLabel(self.tr("The ledger cannot be opened: %1").replace("%1", reason))
        said.setWordWrap(True)
        said.setMaximumWidth(640)
        hint = QLabel(self.tr("Close the program that uses it, or choose another ledger, then start again."))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        frame = QWidget()
        middle = QHBoxLayout(frame)
        column = QVBoxLayout()
        column.addStretch(1)
        for widget in (said, hint, close):
            column.addWidget(widget)
        column.addStretch(1)
        middle.addStretch(1)
        middle.addLayout(column)
        middle.addStretch(1)
        self.setCentralWidget(frame)
        self.opening = said

    @property
    def filled(self) -> bool:
        """Whether the ledger is in the window (not only its frame, while the ledger opens)."""
        return self.ledger is not None

    def fill(self, ledger: Ledger) -> None:
        """The ledger's unit, periods, pages, menus and status in the window (its frame, shown or not)."""
        from PySide6.QtGui import QUndoStack
        from PySide6.QtWidgets import QListWidget, QStackedWidget

        from app.entry import guides
        from app.store import catalogue, changes, settings
        from app.ui.review.pages import ReviewPages
        from app.ui.tasks_page import TasksPage
        from app.vocabulary.kinds import (
            BRAND_STATION,
            INDICATOR_VALUE,
            PATENT_DEAL,
            PATENT_LISTING,
            PLEDGE_FINANCING,
            STATION_SERVICE,
        )

        self.ledger = ledger
        self.undo_stack = QUndoStack(self)
        with ledger.session() as s:
            unit = ledger.own_unit(s)
            self.unit_id, self.unit_name = unit.id, unit.name
            self.bureau = ledger.role == "bureau"
            granularity = Granularity(str(settings.get(s, settings.GRANULARITY)))
            # The periods of the ledger's plans, the current one first.
            offered = catalogue.plan_periods(s, granularity, date.today())
            saved = str(settings.get(s, settings.CURRENT_PERIOD))
            current = next((p for p in offered if p.code == saved), offered[0])
            choices = {
                **plan_choices(s, current),
                # Periods read in Chinese (2025年第三季度), streets from the unit list with this
                # unit's own first, stations from this unit's registry: picked, never mistyped.
                "period": [(p.code, p.label) for p in offered],  # a form's value is the code it stores
                **{key: [(n, n) for n in guides.streets(s, unit)] for key in guides.STREET_FIELDS},
                # the stations (guides.STATION_FIELD) are added when their page is built: they sort
                # in pinyin order, and pypinyin's dictionary would cost every start ~0.3 s
            }
        self.period = current  # a Period: every page and dialog is handed this one
        role = self.tr("District IP bureau") if self.bureau else self.tr("Reporting unit")
        self.setWindowTitle(self.tr("IP Ledger — %1").replace("%1", self.unit_name))

        # The unit and the period, always in view.
        self.unit_label = QLabel(f"<b>{self.unit_name}</b>（{role}）")
        self.period_combo = PeriodCombo(offered, current)
        self.period_combo.setAccessibleName(self.tr("Reporting period"))
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        import_button = QPushButton(self.tr("Import…"))
        export_button = QPushButton(self.tr("Export submission…"))
        import_button.clicked.connect(self.open_import)
        export_button.clicked.connect(self.open_export)
        for b in (import_button, export_button):
            b.setAccessibleName(b.text())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Unit:")))
        top.addWidget(self.unit_label)
        top.addSpacing(24)
        top.addWidget(QLabel(self.tr("Reporting period:")))
        top.addWidget(self.period_combo)
        top.addStretch(1)
        top.addWidget(import_button)
        top.addWidget(export_button)

        # Navigation and pages.
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget::item { padding: 7px 6px; }")
        self.stack = QStackedWidget()
        self.tasks_page = TasksPage(ledger, self.unit_id, self.undo_stack, self.period)
        self._add_page(self.tr("Task progress"), self.tasks_page)
        # Every other page is built (and filled) the first time it is shown: the window opens with
        # the one page in view.
        self.choices = choices
        self.kind_at: dict[int, Kind] = {}
        for kind in (BRAND_STATION, STATION_SERVICE, PATENT_LISTING, PATENT_DEAL, PLEDGE_FINANCING, INDICATOR_VALUE):
            self.kind_at[self.stack.count()] = kind
            self._add_page(kind.sheet, QWidget())
        self.builders: dict[int, Callable[[], QWidget]] = {}
        self.rows: dict[str, int] = {}  # page name → row, for the pages below
        self.rows["dashboard"] = self._add_lazy_page(self.tr("Dashboard"), self._build_dashboard)
        self.rows["targets"] = self._add_lazy_page(self.tr("Indicators vs targets"), self._build_targets)
        if self.bureau:
            self.rows["submissions"] = self._add_lazy_page(self.tr("Submissions"), self._build_submissions)
        # A unit imports too (its pre-filled workbook, a colleague's file, the bureau's feedback
        # workbook) and may need to take one back: both windows list their imports, with undo.
        self.rows["history"] = self._add_lazy_page(self.tr("Import history"), self._build_history)
        self.review = ReviewPages(self)
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self.completeness = QLabel()
        self.due_label = QLabel()
        self.statusBar().addPermanentWidget(self.due_label)
        self.statusBar().addPermanentWidget(self.completeness)
        self.help_viewer: HelpViewer | None = None
        self.successor: MainWindow | None = None  # the window that replaced this one after a settings change
        self._show_due_date()
        self.statusBar().showMessage(self.tr("Ledger: %1").replace("%1", ledger.where))
        self.tasks_page.completeness_changed.connect(self._show_completeness)
        self._show_completeness(*self.tasks_page.completeness)  # the page was filled as it was built
        self._build_menus()
        self._offer_drafts()
        self._fit_nav()
        # every edit, undo and redo goes through the undo stack: the report pages follow it
        self.undo_stack.indexChanged.connect(self._data_changed)
        # Other officers' changes (a shared ledger on a server, or a command on the same file): looked
        # for when the window comes back to the front and by a light poll while it is shown.
        self._seen = self._ledger_stamp()
        self._poll = QTimer(self)
        self._poll.setInterval(changes.POLL_S * 1000)
        self._poll.timeout.connect(self.notice_changes)
        self._poll.start()

    # --- pages built when first shown --------------------------------------------------------------

    def _build_dashboard(self) -> DashboardPage:
        from app.ui.reports.dashboard import DashboardPage

        return DashboardPage(self.ledger, self.period, self.bureau)

    def _build_targets(self) -> TargetsPage:
        from app.ui.review.bureau_pages import TargetsPage

        return TargetsPage(self.ledger, self.period)

    def _build_submissions(self) -> SubmissionsPage:
        from app.ui.review.bureau_pages import SubmissionsPage

        return SubmissionsPage(self.ledger, self.period)

    def _build_history(self) -> ImportHistoryPage:
        from app.ui.review.bureau_pages import ImportHistoryPage

        page = ImportHistoryPage(self.ledger)
        page.undone.connect(self.refresh_all)
        return page

    def _named_page(self, name: str) -> QWidget | None:
        return self.page_at(self.rows[name]) if name in self.rows else None

    @property
    def dashboard_page(self) -> DashboardPage:
        return self._named_page("dashboard")

    @property
    def targets_page(self) -> TargetsPage:
        return self._named_page("targets")

    @property
    def submissions_page(self) -> SubmissionsPage | None:
        """The bureau's 报送情况 (None in a unit's window)."""
        return self._named_page("submissions")

    @property
    def history_page(self) -> ImportHistoryPage | None:
        """导入记录: this ledger's imports, with undo (the bureau's and a unit's window alike)."""
        return self._named_page("history")

    def _built(self, *names: str) -> list:
        """The named pages that have been built (the others are filled when first shown)."""
        return [page for name in names if (page := self.built_page(self.rows.get(name))) is not None]

    def _offer_drafts(self) -> None:
        """What was typed but not saved last time (even if the process died) waits on its page."""
        from app.entry import drafts

        with self.ledger.session() as s:
            names = set(drafts.draft_names(s))
        waiting = [kind for kind in self.kind_at.values() if kind.key in names]
        for row, kind in self.kind_at.items():
            if kind in waiting:
                self.nav.item(row).setText(self.tr("%1 (draft)").replace("%1", kind.sheet))
        if waiting:
            self.statusBar().showMessage(
                self.tr("Unsaved input from last time is waiting on: %1").replace(
                    "%1", "、".join(k.sheet for k in waiting)
                )
            )

    def _fit_nav(self) -> None:
        """The navigation as wide as its longest entry, a page marked （有草稿） included (150 px
        cut 指导站服务（有草稿）), at any scale and font."""
        texts = [self.nav.item(row).text() for row in range(self.nav.count())]
        texts += [self.tr("%1 (draft)").replace("%1", kind.sheet) for kind in self.kind_at.values()]
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        # the item's padding (6 px a side), the frame, and a little air
        self.nav.setFixedWidth(max(150, widest + 2 * 6 + 2 * self.nav.frameWidth() + 10))

    def _station_choices(self, s) -> list[tuple[object, str]]:  # noqa: ANN001
        from app.entry import guides

        return [(n, n) for n in guides.stations(s, None if self.bureau else self.unit_id)]

    def flush_forms(self) -> None:
        """Save what is being typed now (leaving a page, the window losing focus, closing): a
        keystroke waits for no timer once the clerk turns elsewhere."""
        if not self.filled:
            return
        self.tasks_page.form.flush()
        for page in self.record_pages:
            page.form.flush()

    def _unsaved_on_close(self) -> bool:
        """Whether a page holds what the user typed and the ledger is too busy to take it (saved
        or kept as a draft) as the window closes."""
        pages = [self.tasks_page, *self.record_pages]
        return any([page.unsaved_on_close() for page in pages])  # (each page saves what it can)

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.flush_forms()  # another program (or a dialog) takes the keyboard
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self.notice_changes)  # back to the front: anything new from others?
        super().changeEvent(event)

    def _ledger_stamp(self) -> tuple | None:
        from app.store import changes

        try:
            with self.ledger.session() as s:
                return changes.stamp(s)
        except Exception:  # noqa: BLE001 - a server out of reach: nothing to compare now, try later
            return None

    def notice_changes(self) -> bool:
        """Refresh the pages when the ledger changed since the window last looked (another officer's
        import, edit, review step or comment); returns whether it did."""
        if (
            not self.filled
            or not self.isVisible()
            or any(p.form.typing for p in self.record_pages)
            or self.tasks_page.form.typing
        ):
            return False  # never under the clerk's fingers: the next look will do
        now = self._ledger_stamp()
        if now is None or now == self._seen:
            return False
        self.flush_forms()
        self.refresh_all()
        self.statusBar().showMessage(self.tr("Updated with changes made elsewhere (another officer or program)."), 8000)
        return True

    def _show_page(self, row: int) -> None:
        from app.entry import guides

        self.flush_forms()  # what was typed on the page being left
        if row in self.kind_at:
            kind = self.kind_at[row]
            built = any(page.kind is kind for page in self.record_pages)
            page = self.record_page(kind)
            station = page.form.inputs.get(guides.STATION_FIELD)
            if station is not None and built:  # stations added since the page was built are offered too
                with self.ledger.session() as s:
                    self.choices[guides.STATION_FIELD] = self._station_choices(s)
                station.set_choices(self.choices[guides.STATION_FIELD])
        else:
            self.page_at(row)
        self.stack.setCurrentIndex(row)

    def record_page(self, kind: Kind) -> RecordPage:
        """The page of a record kind, built on first use."""
        from app.entry import guides

        for page in self.record_pages:
            if page.kind is kind:
                return page
        from app.ui.records.page import RecordPage

        row = next(r for r, k in self.kind_at.items() if k is kind)
        if any(f.key == guides.STATION_FIELD for f in kind.input_fields):
            with self.ledger.session() as s:
                self.choices[guides.STATION_FIELD] = self._station_choices(s)
        page = RecordPage(self.ledger, kind, self.unit_id, self.bureau, self.undo_stack, self.choices, self.period)
        self._put_page(row, page)
        self.record_pages.append(page)
        return page

    def _put_page(self, row: int, page: QWidget) -> None:
        """`page` in place of the placeholder (or page) at `row`, staying in view if that one was."""
        old = self.stack.widget(row)
        current = self.stack.currentWidget() is old
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(old)
        old.deleteLater()
        if current:
            self.stack.setCurrentIndex(row)

    def _add_lazy_page(self, title: str, build: Callable[[], QWidget]) -> int:
        """A page built the first time it is shown (or asked for): until then a placeholder, so
        the window opens with only its first page built and filled."""
        row = self.stack.count()
        self.builders[row] = build
        self._add_page(title, QWidget())
        return row

    def page_at(self, row: int) -> QWidget:
        """The page at `row`, built now if it was waiting to be shown."""
        build = self.builders.pop(row, None)
        if build is not None:
            self._put_page(row, build())
        return self.stack.widget(row)

    def built_page(self, row: int | None) -> QWidget | None:
        """The page at `row` if it has been built (pages not built yet need no refresh: they are
        filled with what is current when they are first shown)."""
        return None if row is None or row in self.builders else self.stack.widget(row)

    def _rebuild_record_pages(self) -> None:
        """Drop the record pages built so far; each is built again, with the current choices,
        when it is next shown (the one in view at once)."""
        shown = self.current_record_page()
        for page in self.record_pages:
            row = self.stack.indexOf(page)
            placeholder = QWidget()
            self.stack.insertWidget(row, placeholder)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.record_pages = []
        if shown is not None:
            self.stack.setCurrentIndex(self.stack.indexOf(self.record_page(shown.kind)))

    def _add_page(self, title: str, page: QWidget) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        QListWidgetItem(title, self.nav)
        self.stack.addWidget(page)

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&Import workbooks…"), self.open_import, "Ctrl+I")
        self._action(file_menu, self.tr("&Export submission…"), self.open_export, "Ctrl+E")
        self._action(file_menu, self.tr("Save blank &template…"), self.save_template)
        self._action(file_menu, self.tr("Export this &table view…"), self._export_view)
        if self.bureau:
            self._action(file_menu, self.tr("&Pre-filled workbooks for every unit…"), self.open_prefill)
        else:
            self._action(file_menu, self.tr("My &pre-filled workbook…"), self.open_prefill)
        if self.bureau:
            self._action(file_menu, self.tr("&Consolidated workbook…"), self.save_consolidated)
            self._action(file_menu, self.tr("&Progress report…"), self.open_report, "Ctrl+P")
            self._action(file_menu, self.tr("Load action &plan…"), self.open_load_plan)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # Ctrl+Y as in Office and WPS, Ctrl+Shift+Z as elsewhere: both redo.
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, self.tr("&New record"), self._new_record, QKeySequence.StandardKey.New)
        self._action(edit, self.tr("&Delete record"), self._delete_record, QKeySequence.StandardKey.Delete)
        self._action(edit, self.tr("&Find"), self._find, QKeySequence.StandardKey.Find)

        options = self.menuBar().addMenu(self.tr("&Settings"))
        self._action(options, self.tr("&Settings…"), self.open_settings, "Ctrl+,")

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&How to use"), self.show_help, "F1")
        self._action(help_menu, self.tr("&About"), self.show_about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        from PySide6.QtCore import Qt  # loaded once the frame is shown (see __init__)
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- actions -------------------------------------------------------------------------------------

    def current_record_page(self) -> RecordPage | None:
        page = self.stack.currentWidget()
        return page if page in self.record_pages else None

    def _new_record(self) -> None:
        if page := self.current_record_page():
            page.new_record()

    def _delete_record(self) -> None:
        focus = self.focusWidget()
        page = self.current_record_page()
        if page and (focus is page.table or focus is None):
            page.delete_record()

    def _export_view(self) -> None:
        if page := self.current_record_page():
            page.export_view()

    def _find(self) -> None:
        if page := self.current_record_page():
            page.focus_search()

    def _show_due_date(self) -> None:
        """The period's due date, when the clerk wants reminders (设置 → 报告期与提醒); at the
        bureau, the date by which the units' submissions are due."""
        from app.review import state as review
        from app.store import settings

        with self.ledger.session() as s:
            on = bool(settings.get(s, settings.DUE_REMINDERS))
            due = review.due_date(s, self.period) if on else None
        self.due_label.setVisible(due is not None)
        if due is None:
            return
        days = (due - date.today()).days
        # The bureau receives the period's files, it sends none: the date is the units' deadline.
        due_text = self.tr("Units' submissions due %1") if self.bureau else self.tr("Due %1")
        text = due_text.replace("%1", due.isoformat())
        if days >= 0:
            text += self.tr(" (%1 days left)").replace("%1", str(days))
        else:
            text += self.tr(" (passed)")
        self.due_label.setText(text)

    def open_settings(self) -> SettingsDialog:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ledger, self)
        dialog.reload_needed.connect(lambda: setattr(self, "_reload_pending", True))
        dialog.switch_to.connect(lambda ledger, previous: setattr(self, "_switch_pending", (ledger, previous)))
        dialog.held_to_import.connect(lambda paths: self.open_import().files.add_paths(paths))
        dialog.finished.connect(self._settings_closed)
        self._reload_pending = False
        self._switch_pending = None
        dialog.open()
        return dialog

    def _settings_closed(self) -> None:
        if self._switch_pending is not None:
            ledger, previous = self._switch_pending
            self._switch_pending = None
            self.switch_ledger(ledger, previous)
        elif getattr(self, "_reload_pending", False):
            self.rebuild()

    def rebuild(self) -> MainWindow | None:
        """A new window over the same ledger, after a change of unit, period length or a restore.
        What is typed is saved first; while another program holds the ledger the window stays, keeps
        it, says so and is rebuilt by itself once it is saved."""
        from app.ui.busy import BUSY_RETRY_MS

        if self._typing_kept_here():
            self.statusBar().showMessage(
                self.tr(
                    "Not reloaded yet: what you typed is not saved yet, another program is writing to the ledger "
                    "(an import?). The window shows the new settings as soon as it has finished."
                )
            )
            QTimer.singleShot(BUSY_RETRY_MS, self, self._rebuild_again)
            return None
        new = MainWindow(self.ledger)
        new.owns_ledger, self.owns_ledger = self.owns_ledger, False  # the new window closes it in the end
        new.setGeometry(self.geometry())
        new.show()
        self.successor = new
        self.close()
        return new

    def _rebuild_again(self) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui.busy import BUSY_RETRY_MS

        if self.successor is not None or not self.isVisible():
            return
        if QApplication.activeModalWidget() is not None:  # a dialog opened meanwhile: not from under it
            QTimer.singleShot(BUSY_RETRY_MS, self, self._rebuild_again)
            return
        self.rebuild()

    def _typing_kept_here(self) -> bool:
        """What is typed is saved (or kept as a draft) into this ledger before the window is replaced,
        waiting briefly for another program's write (an import); whether it could not be, so the
        window must stay to keep it."""
        self.flush_forms()
        return self.filled and self._unsaved_on_close()

    def switch_ledger(self, ledger: Ledger, previous: str | None = None) -> MainWindow | None:
        """Another ledger (设置 → 台账位置), already opened: what is typed here is saved into this one,
        a window over the other replaces this one and this ledger is closed. A ledger not set up yet
        asks for its unit first; given up, the window stays on this ledger and the choice made
        before (`previous`) is put back."""
        import os

        from app.paths import LEDGER_ENV
        from app.store import location

        def stay(why: str) -> None:
            ledger.close()
            location.choose_again(previous)
            self.statusBar().showMessage(why.replace("%1", self.ledger.where))

        if self._typing_kept_here():
            stay(
                self.tr(
                    "Not switched: what you typed is not saved yet, another program is writing to the ledger "
                    "(an import?). The ledger stays %1; choose the other again once it has finished."
                )
            )
            return None
        if not ledger.unit_name:
            from app.ui.first_run import FirstRunDialog

            if FirstRunDialog(ledger, self).exec() != FirstRunDialog.DialogCode.Accepted:
                stay(self.tr("Not switched: the ledger stays %1"))
                return None
        new = MainWindow(ledger)
        new.owns_ledger = True
        new.setGeometry(self.geometry())
        new.show()
        note = self.tr("Switched to the ledger %1").replace("%1", ledger.where)
        if os.environ.get(LEDGER_ENV):
            note += self.tr(" (IPLEDGER_DB is set: the next start opens that ledger)")
        new.statusBar().showMessage(note)
        self.successor = new
        old, owned = self.ledger, self.owns_ledger
        self.owns_ledger = False
        self.close()
        if owned:
            old.close()
        return new

    @property
    def periods(self) -> list[str]:
        """The codes of the periods the selector offers, in its order."""
        return [p.code for p in self.period_combo.periods()]

    def _period_changed(self) -> None:
        from app.store import settings
        from app.ui.busy import written_briefly

        self.flush_forms()
        pages = [self.tasks_page, *self.record_pages]
        if not all(page.waiting.save_pending() for page in pages):  # it says so: the pages keep it
            self.period_combo.blockSignals(True)
            self.period_combo.choose(self.period)
            self.period_combo.blockSignals(False)
            return
        self.period = self.period_combo.period()

        def remember() -> None:  # the next start's period; while an import writes, shown all the same
            with self.ledger.session() as s:
                settings.put(s, settings.CURRENT_PERIOD, self.period.code)

        written_briefly(self.ledger, remember)
        with self.ledger.session() as s:
            numbers = plan_choices(s, self.period)
        if any(self.choices.get(key) != offered for key, offered in numbers.items()):
            self.choices.update(numbers)  # a period of another plan: forms offer that plan's numbers
            self._rebuild_record_pages()
        self.tasks_page.set_period(self.period)
        for page in self.record_pages:
            page.set_period(self.period)
        for page in self._built("targets", "dashboard", "submissions"):
            page.set_period(self.period)
        self._show_due_date()
        self.review.set_period(self.period)

    def _show_completeness(self, done: int, copied: int, total: int) -> None:
        text = self.tr("My tasks reported this period: %1 / %2").replace("%1", str(done)).replace("%2", str(total))
        if copied:
            text += self.tr(", and %1 copied from last period, to check").replace("%1", str(copied))
        self.completeness.setText(text)

    def _data_changed(self) -> None:
        """An edit, an undo or a redo: the report pages show figures made from the records."""
        self._seen = self._ledger_stamp()  # our own change is no news
        for page in self._built("targets", "submissions"):
            page.refresh()
        for page in self._built("dashboard"):
            page.mark_stale()

    def refresh_all(self) -> None:
        self.reload_periods()
        self.tasks_page.refresh()
        for page in self._built("dashboard"):
            page.mark_stale()
        for page in self.record_pages:
            page.show_changes_from_elsewhere()
        for page in self._built("targets", "submissions", "history"):
            page.refresh()
        self.review.refresh()
        self._show_due_date()  # a feedback workbook may bring the bureau's due date
        self._seen = self._ledger_stamp()

    def open_import(self) -> ImportDialog:
        from app.ui.exchange.dialogs import ImportDialog

        dialog = ImportDialog(self.ledger, self)
        dialog.imported.connect(self.refresh_all)
        dialog.open()
        return dialog

    def open_export(self) -> ExportDialog:
        from app.ui.exchange.dialogs import ExportDialog

        dialog = ExportDialog(self.ledger, self.unit_name, self.period, self.period_combo.periods(), self)
        dialog.open()
        return dialog

    def open_prefill(self) -> PrefillDialog:
        """生成预填表 (SPEC §10): the workbook a unit checks and updates instead of filling from scratch."""
        from app.ui.exchange.prefill import PrefillDialog

        dialog = PrefillDialog(self.ledger, self.period, self.period_combo.periods(), self)
        dialog.open()
        return dialog

    def save_template(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from app.outgoing.submission import write_template
        from app.ui.folders import picked, start_folder

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save blank template"),
            os.path.join(start_folder("template"), "知识产权台账_填报模板.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if name:
            from app.store import keys

            with self.ledger.session() as s:
                signer = keys.own_key(s)
            write_template(name, signer)
            picked("template", [name])
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", name), 8000)

    def save_consolidated(self) -> ConsolidateDialog:
        """The bureau's workbook of every unit's records for a quarter, half-year or year."""
        from app.ui.reports.dialogs import ConsolidateDialog  # printing support loads when first needed

        dialog = ConsolidateDialog(self.ledger, self.period, self)
        dialog.open()
        return dialog

    def open_load_plan(self) -> LoadPlanDialog:
        """Bureau: a new action plan from its workbook or its notice, reviewed before it is saved."""
        from app.ui.plan_dialog import LoadPlanDialog

        dialog = LoadPlanDialog(self.ledger, self)
        dialog.accepted.connect(self.refresh_all)
        dialog.open()
        return dialog

    def reload_periods(self) -> None:
        """The period list again, after a plan was added (its periods join the list)."""
        from app.store import catalogue, settings

        with self.ledger.session() as s:
            granularity = Granularity(str(settings.get(s, settings.GRANULARITY)))
            periods = catalogue.plan_periods(s, granularity, date.today())
        if periods == self.period_combo.periods():
            return
        self.choices["period"] = [(p.code, p.label) for p in periods]
        self._rebuild_record_pages()
        self.period_combo.set_periods(periods, self.period)  # the period in view stays if it still is one
        self._period_changed()

    def open_report(self) -> ReportDialog:
        """生成工作进展报告: the progress report, previewed, printed or saved as PDF or Word."""
        from app.ui.reports.dialogs import ReportDialog

        dialog = ReportDialog(self.ledger, self.period, self)
        dialog.open()
        return dialog

    def help_anchor(self, row: int | None = None) -> str:
        """The manual's section for the page at `row` of the navigation, by default the page in
        view (F1 is context-sensitive). Pages not built yet are named without building them."""
        from app import manual

        row = self.stack.currentIndex() if row is None else row
        if row in self.kind_at:
            return manual.anchor_for(self.kind_at[row].key)
        if row == self.stack.indexOf(self.tasks_page):
            return manual.anchor_for("tasks")
        for name, at in (*self.rows.items(), *self.review.rows.items()):
            if at == row:
                return manual.anchor_for(name)
        return "routine"

    def show_help(self) -> HelpViewer:
        from app.ui.help_viewer import show_manual

        self.help_viewer = show_manual(self, self.help_anchor())
        return self.help_viewer

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("IP Ledger %1\nPutuo District IP action plan 2024–2025").replace("%1", __version__),
        )

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        unsaved = self.filled and self._unsaved_on_close()  # what is typed is saved (or kept as a draft)
        if unsaved and self.successor is None:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                self.tr("Not saved yet"),
                self.tr(
                    "What you typed is not saved yet: another program is writing to the ledger (an import?). "
                    "It is saved as soon as that program has finished if the window stays open.\n\n"
                    "Close anyway and lose it?"
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        poll = getattr(self, "_poll", None)
        if poll is not None:
            poll.stop()  # a closed window looks for no changes (its ledger may be closed next)
        super().closeEvent(event)
        if self.owns_ledger and self.successor is None and self.ledger is not None:
            self.owns_ledger = False
            self.ledger.close()
