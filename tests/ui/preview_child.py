"""Run by tests/ui/test_import_dialog.py in its own process (the scale factor is fixed when Qt starts):

    QT_SCALE_FACTOR=1.25 python -m tests.ui.preview_child OUT.json

Opens the import preview of a file with one conflict on a 1366×768 screen and writes how the height
is shared: the preview's rows, the conflicts box and its table."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.merge import apply_plan, plan_import  # noqa: E402
from app.outgoing.submission import export_submission  # noqa: E402
from app.ui import worker  # noqa: E402
from app.ui.exchange.dialogs import ImportDialog  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.vocabulary.kinds import PATENT_LISTING  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402
from tests.conftest import add_listing, edit_record, make_ledger  # noqa: E402


def main() -> None:
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now
    q1 = parse_period("2025Q1")
    tmp = Path(tempfile.mkdtemp())
    unit, bureau = make_ledger(tmp / "a.db", "长寿路街道"), make_ledger(tmp / "bureau.db", "区知识产权局")
    listing = add_listing(unit, price=50.0)
    apply_plan(bureau, plan_import(bureau, [export_submission(unit, q1, tmp / "a1.xlsx").path]))
    edit_record(bureau, PATENT_LISTING, listing, title="一种检测装置（局核）")
    edit_record(unit, PATENT_LISTING, listing, title="一种光学检测装置")
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    dialog = ImportDialog(bureau)
    dialog.resize(round(1366 / scale), round(768 / scale))
    dialog.show()
    dialog.files.add_paths([export_submission(unit, q1, tmp / "a2.xlsx").path])
    for _ in range(5):
        QApplication.processEvents()
    table = dialog.conflicts
    report = {
        "tree": dialog.tree.height(),
        "box": dialog.conflicts_box.height(),
        "table": table.height(),
        "needed": table.horizontalHeader().height() + 2 * table.rowHeight(0),
        "rows": table.rowCount(),
    }
    Path(sys.argv[1]).write_text(json.dumps(report), encoding="utf-8")
    dialog.close()
    unit.close()
    bureau.close()


if __name__ == "__main__":
    main()
