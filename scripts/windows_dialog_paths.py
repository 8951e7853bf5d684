"""Run by scripts/smoke_windows.sh with the Windows Python under Wine (WPY): what the window's file
fields show after Browse… on Windows. Qt's file dialogs answer C:/Users/… there too; a field showing
that beside the C:\\Users\\… the same dialog offered puzzles a clerk. Exit 0 when every field shows
the path with Windows separators.

    WPY scripts/windows_dialog_paths.py FOLDER    (FOLDER: a scratch folder, as Windows sees it)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from app.cli.main import main  # noqa: E402
from app.store.ledger import Ledger  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402

ANSWER = "C:/Users/办事员/Desktop/季度 报送/知识产权台账_长寿路街道_2025Q4.xlsx"  # as Qt's dialog answers


def main_check(folder: Path) -> int:
    from app.ui.exchange.dialogs import ExportDialog
    from app.ui.reports.dialogs import ConsolidateDialog

    db = folder / "长寿路街道.db"
    if not db.exists() and main(["--db", str(db), "init", "--unit", "长寿路街道"]) != 0:
        return 1
    app = QApplication(sys.argv[:1])  # noqa: F841 - the dialogs need it
    QFileDialog.getSaveFileName = lambda *a, **k: (ANSWER, "")  # the clerk's choice in the dialog
    problems = []
    with Ledger(db) as ledger:
        period = parse_period("2025Q4")
        for dialog in (ExportDialog(ledger, "长寿路街道", period, [period]), ConsolidateDialog(ledger, period)):
            dialog._browse()
            shown = dialog.path.text()
            if shown != ANSWER.replace("/", "\\"):
                problems.append(f"{type(dialog).__name__}: {shown}")
    for problem in problems:
        print("windows_dialog_paths: after Browse… the field shows", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main_check(Path(sys.argv[1])))
