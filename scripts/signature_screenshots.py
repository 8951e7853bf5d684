"""Render what signatures (SPEC §15) change in the window, offscreen, to PNG at 1366×768: the import
preview with a file held for its key (待确认签名) beside a forged one and a valid one, the settings
page's 签名密钥 tab, and 导入记录 with its 签名 column; at an office, its new PC importing the file of
its old PC (held for the unit's own key) and the confirmation dialog that asks to compare it there.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/signature_screenshots.py [OUT_DIR]

QT_SCALE_FACTOR=1.25 renders at 125 %.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from app import demo  # noqa: E402
from app.merge import apply_plan, plan_import  # noqa: E402
from app.outgoing.submission import export_submission  # noqa: E402
from app.store import keys  # noqa: E402
from app.store.ledger import Ledger  # noqa: E402
from app.ui import worker  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402
from app.vocabulary.periods import parse_period  # noqa: E402

SIZE = (1366, 768)
Q = parse_period("2025Q4")


def grab(widget, path: Path, size: tuple[int, int] = SIZE) -> None:  # noqa: ANN001
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def unit_file(tmp: Path, name: str, unit: str, seed: int) -> tuple[Path, Ledger]:
    ledger = Ledger(tmp / f"{name}.db")
    ledger.setup(unit)
    with ledger.session() as s:
        demo.fill(s, units=1, rows=40, seed=seed)
    suffix = "（转发）" if name == "forger" else ""
    return export_submission(ledger, Q, tmp / f"知识产权台账_{unit}_{Q.code}{suffix}.xlsx").path, ledger


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now
    from app.ui.exchange.dialogs import ImportDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    known, known_ledger = unit_file(tmp, "known", "长寿路街道", 1)
    first, _first_ledger = unit_file(tmp, "first", "曹杨新村街道", 2)
    forged, _forger = unit_file(tmp, "forger", "长寿路街道", 3)
    bureau = Ledger(tmp / "bureau.db")
    bureau.setup("区知识产权局")
    with known_ledger.session() as s:
        public = keys.own_key(s).public
    with bureau.session() as s:
        keys.trust(s, "长寿路街道", keys.fingerprint(public), public)
    apply_plan(bureau, plan_import(bureau, [known]))

    dialog = ImportDialog(bureau)
    dialog.files.add_paths([first, forged])
    grab(dialog, out / "signature-import-preview.png")
    dialog.close()
    apply_plan(bureau, plan_import(bureau, [first, forged]), skip_bad=True)  # the first kept as 待确认签名

    window = MainWindow(bureau)
    settings = SettingsDialog(bureau, window)
    settings.tabs.setCurrentWidget(settings.keys_tab)
    settings.keys_tab.held.selectRow(0)
    grab(settings, out / "signature-settings-keys.png", (760, 600))
    settings.close()
    page = window.history_page
    window.nav.setCurrentRow(window.rows["history"])
    page.refresh()
    grab(window, out / "signature-import-history.png")

    # an office's new PC, which knows the bureau's key, imports the file its old PC exported
    new_pc = Ledger(tmp / "new_pc.db")
    new_pc.setup("长寿路街道")
    with bureau.session() as s:
        public = keys.own_key(s).public
    with new_pc.session() as s:
        keys.trust(s, "区知识产权局", keys.fingerprint(public), public)
    dialog = ImportDialog(new_pc)
    dialog.files.add_paths([known])
    grab(dialog, out / "signature-office-other-pc-preview.png")
    shot = out / "signature-office-other-pc-confirm.png"

    def shoot_box() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        box.grab().save(str(shot))
        print(shot)
        box.reject()

    QTimer.singleShot(100, shoot_box)
    dialog.confirm_key()
    dialog.close()


if __name__ == "__main__":
    main()
