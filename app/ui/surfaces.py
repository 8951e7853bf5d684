"""Every window, page and dialog of the program, filled with demo data, for the test that checks
they fit a small screen at 125 % and 150 % (tests/ui/test_fit.py) and for screenshots.
A new dialog belongs here too, so that it is checked the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app import demo
from app.outgoing.submission import export_submission, write_template
from app.store.ledger import Ledger
from app.vocabulary.periods import parse_period

PERIOD = parse_period("2025Q4")


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _unit_ledger(folder: Path, name: str, unit: str, seed: int) -> Ledger:
    ledger = Ledger(folder / name)
    ledger.setup(unit)
    with ledger.session() as s:
        demo.fill(s, units=1, rows=40, seed=seed)
    return ledger


def _pages(prefix: str, window) -> Iterator[tuple[str, QWidget]]:  # noqa: ANN001
    from app.ui.records.page import RecordPage

    window.period_combo.choose(PERIOD)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        if isinstance(page, RecordPage) and page.model.rowCount():
            page.table.selectRow(0)
        _settle()
        yield f"{prefix}-{row:02d}", window


def every_surface(folder: Path) -> Iterator[tuple[str, QWidget]]:
    """(name, top-level widget shown with content) for each surface, one after the other."""
    from app.ui.exchange.dialogs import ImportDialog
    from app.ui.first_run import FirstRunDialog
    from app.ui.window import MainWindow

    fresh = Ledger(folder / "new.db")
    dialog = FirstRunDialog(fresh)
    yield "first-run", dialog
    dialog.close()
    fresh.close()

    office = _unit_ledger(folder, "office.db", "长寿路街道", 10)
    others = [_unit_ledger(folder, f"u{i}.db", unit, 11 + i) for i, unit in enumerate(["曹杨新村街道", "区科委"])]
    files = [
        export_submission(ledger, PERIOD, folder / f"{ledger.unit_name}.xlsx").path for ledger in [office, *others]
    ]
    for ledger in others:
        ledger.close()

    window = MainWindow(office)
    yield from _pages("office", window)
    window.nav.setCurrentRow(1)
    page = window.record_page(window.kind_at[1])
    date_field = next(i for i in page.form.inputs.values() if hasattr(i.editor, "open_calendar"))
    popup = date_field.editor.open_calendar()
    yield "calendar", popup
    popup.close()
    export = window.open_export()
    yield "export", export
    export.close()
    prefill = window.open_prefill()
    yield "prefill-office", prefill
    prefill.close()
    help_viewer = window.show_help()
    yield "help", help_viewer
    help_viewer.close()
    dialog = window.open_settings()
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        if tab == 3:  # the backups tab, with one backup chosen
            dialog.backup_now_quietly()
        yield f"settings-{tab}", dialog
    dialog.close()
    from app.ui.review.page import SubmissionDialog

    with office.session() as s:
        unit_id = office.own_unit(s).id
    dialog = SubmissionDialog(office, unit_id, office.unit_name, PERIOD, None, window)
    yield "submission", dialog
    dialog.close()
    window.close()

    bureau = Ledger(folder / "bureau.db")
    bureau.setup("区知识产权局")
    window = MainWindow(bureau)
    yield from _pages("bureau", window)
    dialog = ImportDialog(bureau, window)
    dialog.files.add_paths(files)
    yield "import-preview", dialog
    dialog.close()
    prefill = window.open_prefill()
    prefill.path.setText(str(folder / "预填表"))
    prefill.write()
    yield "prefill-bureau", prefill
    prefill.close()
    template = write_template(folder / "模板.xlsx")
    dialog = ImportDialog(bureau, window)
    dialog.files.add_paths([template])
    yield "import-template", dialog
    dialog.close()
    for name in ("save_consolidated", "open_report"):  # the bureau's report dialogs, where present
        if hasattr(window, name):
            dialog = getattr(window, name)()
            yield name.replace("_", "-"), dialog
            dialog.close()
    window.close()
    office.close()
    bureau.close()
