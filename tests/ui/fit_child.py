"""Run by tests/ui/test_fit.py (and by hand for screenshots) in its own process, because the scale
factor is fixed when Qt starts:

    QT_SCALE_FACTOR=1.25 python -m tests.ui.fit_child OUT.json [SHOTS_DIR]

Pretends to be a 1366×768 screen, opens every page of the window (office and bureau) and every
dialog, and writes per surface: the screen's free area, the window's frame, its minimum size, and
the push buttons that are not fully visible. With SHOTS_DIR it also saves a PNG of each."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

CONFIG = Path(tempfile.gettempdir()) / "ipledger-offscreen-1366x768.json"
CONFIG.write_text(
    json.dumps({"windowFrameMargins": True, "screens": [{"name": "PC", "x": 0, "y": 0, "width": 1366, "height": 768}]})
)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={CONFIG}"

from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QScrollArea, QWidget  # noqa: E402

from app.ui import worker  # noqa: E402
from app.ui.main import install_translators, make_app  # noqa: E402


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def hidden_buttons(top: QWidget) -> list[str]:
    """Push buttons shown but cut off (outside the window, or scrolled out of view)."""
    out = []
    for b in top.findChildren(QAbstractButton):
        if not isinstance(b, QPushButton) or not b.isVisibleTo(top) or not b.isEnabled() and not b.text():
            continue
        region = b.visibleRegion().boundingRect()
        if region.width() < b.width() or region.height() < b.height():
            out.append(b.text() or b.accessibleName())
    return out


def clipped_scroll_areas(top: QWidget) -> list[str]:
    """Forms that scroll sideways: a field cut off on the right is as good as hidden."""
    return [
        a.widget().objectName() or type(a.widget().layout()).__name__
        for a in top.findChildren(QScrollArea)
        if a.isVisibleTo(top) and a.horizontalScrollBar().isVisible()
    ]


def measure(name: str, top: QWidget, shots: Path | None, report: dict) -> None:
    top.show()
    settle()
    area = top.screen().availableGeometry()
    frame = top.frameGeometry()
    report[name] = {
        "area": [area.x(), area.y(), area.width(), area.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [top.minimumSizeHint().width(), top.minimumSizeHint().height()],
        "hidden_buttons": hidden_buttons(top),
        "sideways_scrolling": clipped_scroll_areas(top),
    }
    if shots:
        top.grab().save(str(shots / f"{name}.png"))


def main() -> int:
    out = Path(sys.argv[1])
    shots = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    app = make_app()
    install_translators(app)
    worker.runner = worker.run_now
    from app.ui import surfaces

    tmp = Path(tempfile.mkdtemp())
    report: dict = {}
    for name, top in surfaces.every_surface(tmp):
        measure(name, top, shots, report)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
