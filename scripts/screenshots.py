"""Render every page of the window offscreen, with demo data, to PNG at 1366×768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]

Makes an office ledger (长寿路街道) and a bureau ledger that has imported three units' submissions,
then grabs each page, the first-run dialog and the import preview. Needs a CJK font
(fonts-wqy-microhei, installed by scripts/setup.sh).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app import demo  # noqa: E402
from app.merge import apply_plan, plan_import  # noqa: E402
from app.outgoing.submission import export_submission  # noqa: E402
from app.store.ledger import Ledger  # noqa: E402
from app.ui import worker  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402

# a 1366×768 screen: at 125 % (QT_SCALE_FACTOR=1.25) a window has 1093×614 logical pixels of it
SCALE = float(os.environ.get("QT_SCALE_FACTOR", "1"))
SIZE = (round(1366 / SCALE), round(768 / SCALE))


def grab(widget, path: Path, size: tuple[int, int] = SIZE) -> None:  # noqa: ANN001
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def confirm_keys(bureau: Ledger, unit_paths: list[Path]) -> None:
    """The bureau has confirmed the units' signing keys (SPEC §15), as after the first phone call."""
    from app.store import keys

    for path in unit_paths:
        with Ledger(path) as unit, unit.session() as s:
            name, public = unit.unit_name, keys.own_key(s).public
        with bureau.session() as s:
            keys.trust(s, name, keys.fingerprint(public), public)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now  # deterministic pictures
    from app.ui.exchange.dialogs import ImportDialog
    from app.ui.first_run import FirstRunDialog
    from app.ui.records.page import RecordPage
    from app.ui.window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    first = Ledger(tmp / "new.db")
    grab(FirstRunDialog(first), out / "first-run.png", (560, 600))

    files = []
    for i, unit in enumerate(["长寿路街道", "曹杨新村街道", "区科委"]):
        ledger = Ledger(tmp / f"unit{i}.db")
        ledger.setup(unit)
        with ledger.session() as s:
            demo.fill(s, units=1, rows=300, seed=10 + i)
        files.append(export_submission(ledger, parse_period("2025Q4"), tmp / f"{unit}.xlsx").path)
        if i:
            ledger.close()
    office = Ledger(tmp / "unit0.db")
    window = MainWindow(office)
    window.period_combo.setCurrentIndex(window.periods.index("2025Q4"))
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.stack.currentWidget()
        if isinstance(page, RecordPage) and page.model.rowCount():
            page.table.selectRow(0)
        grab(window, out / f"office-{row}.png")
    window.close()

    bureau = Ledger(tmp / "bureau.db")
    bureau.setup("区知识产权局")
    confirm_keys(bureau, [tmp / f"unit{i}.db" for i in range(3)])
    apply_plan(bureau, plan_import(bureau, files[:2]))
    window = MainWindow(bureau)
    window.period_combo.setCurrentIndex(window.periods.index("2025Q4"))
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        grab(window, out / f"bureau-{row}.png")
    # A resubmission with a correction, a deletion and a conflict, and a new unit with a duplicate.
    from sqlalchemy import select

    from app.store import records
    from app.vocabulary.kinds import PATENT_DEAL, PATENT_LISTING, PLEDGE_FINANCING

    with office.session() as s:
        listing = s.scalars(select(PATENT_LISTING.model).limit(1)).one()
        records.update(s, PATENT_LISTING, listing, {"price": 88.0})
        records.delete(s, PLEDGE_FINANCING, s.scalars(select(PLEDGE_FINANCING.model).limit(1)).one())
        deal_id = s.scalars(
            select(PATENT_DEAL.model.id).where(PATENT_DEAL.model.contract_date >= "2025-10-01").limit(1)
        ).one()
        records.update(s, PATENT_DEAL, s.get(PATENT_DEAL.model, deal_id), {"amount": 66.0})
        duplicate = {f.key: getattr(listing, f.key) for f in PATENT_LISTING.input_fields}
    with bureau.session() as s:
        records.update(s, PATENT_DEAL, s.get(PATENT_DEAL.model, deal_id), {"amount": 60.0})
    resubmitted = export_submission(office, parse_period("2025Q4"), tmp / "长寿路街道-更正.xlsx").path
    third = Ledger(tmp / "unit2.db")
    with third.session() as s:
        records.create(s, PATENT_LISTING, third.own_unit(s).id, duplicate)
    files[2] = export_submission(third, parse_period("2025Q4"), tmp / "区科委.xlsx").path
    # A file with an error is refused on its own, beside the others.
    import openpyxl

    refused = tmp / "曹杨新村街道-填错.xlsx"
    wb = openpyxl.load_workbook(files[1])
    wb["专利交易"].cell(2, 1).value = "赠与"
    wb.save(refused)
    dialog = ImportDialog(bureau, window)
    dialog.files.add_paths([resubmitted, files[2], refused])
    grab(dialog, out / "import-preview.png")


if __name__ == "__main__":
    main()
