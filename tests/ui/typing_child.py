"""Run by tests/ui/test_entry.py in a separate process: opens the window on a ledger, types into an
existing record's field and into a new record's form without leaving either field, says "typed",
and keeps running until it is killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.store.ledger import Ledger  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from app.vocabulary.kinds import PATENT_LISTING, PLEDGE_FINANCING  # noqa: E402


def commit(widget, text: str) -> None:  # noqa: ANN001
    """Chinese arrives from the input method as a committed string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def main() -> int:
    app = make_app()
    install_translators(app)
    window = MainWindow(Ledger(Path(sys.argv[1])))
    window.show()
    listings = window.record_page(PATENT_LISTING)
    window.nav.setCurrentRow(window.stack.indexOf(listings))
    listings.table.selectRow(0)
    title = listings.form.inputs["title"].editor
    title.setFocus()
    title.end(False)
    commit(title, "（第二版")
    QTest.keyClicks(title, " v2")
    pledges = window.record_page(PLEDGE_FINANCING)
    window.nav.setCurrentRow(window.stack.indexOf(pledges))
    company = pledges.form.inputs["company"].editor
    company.setFocus()
    commit(company, "上海写了一半的公司")
    QTest.keyClicks(company, " Ltd")
    print("typed", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
