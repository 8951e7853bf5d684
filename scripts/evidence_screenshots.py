"""Render what evidence (佐证材料) changed in the window, offscreen at 1366×768, to PNG: the task page
with a report's files, its history (files added and removed), the export dialog announcing the parts,
the import preview of a package, and the 审核 page with a unit's report and its files.

    QT_QPA_PLATFORM=offscreen [QT_SCALE_FACTOR=1.25] .venv/bin/python scripts/evidence_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app import demo  # noqa: E402
from app.evidence import store  # noqa: E402
from app.merge import apply_plan, plan_import  # noqa: E402
from app.outgoing.submission import export_submission  # noqa: E402
from app.store import settings  # noqa: E402
from app.store.ledger import Ledger  # noqa: E402
from app.ui import worker  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.vocabulary.kinds import TASK_PROGRESS  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402
from tests import evidence_files as ef  # noqa: E402

SIZE = (1366, 768)


def grab(widget, path: Path, size: tuple[int, int] = SIZE) -> None:  # noqa: ANN001
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale in ("1", "1.0") else f"-{scale}"
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now
    from sqlalchemy import select

    from app.ui.exchange.dialogs import ExportDialog, ImportDialog
    from app.ui.window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    office = Ledger(tmp / "unit.db")
    office.setup("长寿路街道")
    with office.session() as s:
        demo.fill(s, units=1, rows=60, seed=3)
        settings.put(s, store.MAIL_LIMIT_MB, 1)
        m = TASK_PROGRESS.model
        task = s.scalars(select(m).where(m.period == "2025Q4").order_by(m.task_number).limit(1)).one()
        rid, number = task.id, task.task_number
        own = office.own_unit(s).id
        store.attach(s, rid, "知识产权服务站揭牌仪式照片.jpg", ef.jpeg(1600, 1200), own_unit_id=own)
        store.attach(s, rid, "专利转化合作协议（签字盖章版）.pdf", ef.pdf("协议", padding=1_300_000), own_unit_id=own)
        store.attach(s, rid, "2025年第四季度服务企业台账.xlsx", ef.xlsx(), own_unit_id=own)
        store.attach(s, rid, "登记证书.ofd", ef.ofd(), own_unit_id=own)
    window = MainWindow(office)
    window.period_combo.setCurrentIndex(window.periods.index("2025Q4"))
    window.nav.setCurrentRow(window.stack.indexOf(window.tasks_page))
    window.tasks_page.select_task(number)
    grab(window, out / f"evidence-task-page{suffix}.png")
    with office.session() as s:
        store.detach(s, rid, "登记证书.ofd", own_unit_id=own)
    from app.ui.records.history import HistoryDialog

    history = HistoryDialog(office, TASK_PROGRESS, rid, f"任务 {number} 的推进情况", window)
    grab(history, out / f"evidence-record-history{suffix}.png", (860, 520))
    history.close()
    dialog = ExportDialog(office, "长寿路街道", parse_period("2025Q4"), window.period_combo.periods(), window)
    grab(dialog, out / f"evidence-export-dialog{suffix}.png", (620, 330))
    result = export_submission(office, parse_period("2025Q4"), tmp / "out" / "知识产权台账_长寿路街道_2025Q4.xlsx")
    window.close()

    bureau = Ledger(tmp / "bureau.db")
    bureau.setup("区知识产权局")
    window = MainWindow(bureau)
    window.period_combo.setCurrentIndex(window.periods.index("2025Q4"))
    dialog = ImportDialog(bureau, window)
    dialog.files.add_paths([p.path for p in reversed(result.parts)])
    grab(dialog, out / f"evidence-import-preview{suffix}.png")
    dialog.close()
    apply_plan(bureau, plan_import(bureau, [p.path for p in result.parts]))
    window.close()
    window = MainWindow(bureau)
    window.period_combo.setCurrentIndex(window.periods.index("2025Q4"))
    window.nav.setCurrentRow(window.review.rows["review"])
    page = window.stack.currentWidget()
    page.refresh()
    for i in range(page.units.rowCount()):
        if page.units.item(i, 0).text() == "长寿路街道":
            page.units.selectRow(i)
    page.detail.show_record(TASK_PROGRESS, rid)
    grab(window, out / f"evidence-review{suffix}.png")


if __name__ == "__main__":
    main()
