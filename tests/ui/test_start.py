"""Starting the program: the window's frame shows first (its title and 正在打开台账…, nothing of a
ledger yet), and the same window is then filled with the ledger; a ledger that cannot be opened is
said on the command line as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from app.ui.main import Opening
from app.ui.window import MainWindow
from tests.conftest import make_ledger

ROOT = Path(__file__).resolve().parents[2]


def test_the_frame_shows_first_then_the_same_window_fills(qtbot, chinese, tmp_path):
    path = tmp_path / "unit.db"
    make_ledger(path, "长寿路街道").close()
    window = MainWindow()
    qtbot.addWidget(window)
    opening = Opening(window, str(path))
    window.show()
    # Shown: the program's name and what it is doing, no unit, no pages, no menus to click.
    assert window.windowTitle() == "知识产权工作台账"
    assert [w.text() for w in window.findChildren(QLabel)] == ["正在打开台账…"]
    assert not window.findChildren(QListWidget) and not window.menuBar().actions()
    assert opening.ledger is None  # the ledger opens once the frame has been painted
    qtbot.waitUntil(lambda: window.filled, timeout=10_000)
    assert window.windowTitle() == "知识产权工作台账 — 长寿路街道"
    assert window.nav.item(0).text() == "任务进展" and window.stack.currentWidget() is window.tasks_page
    assert "正在打开台账…" not in [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    window.close()
    opening.ledger.close()


def start(db: Path, smoke: str) -> subprocess.CompletedProcess:
    """`ipledger --db DB gui` as a fresh process that quits once shown ("shown": its frame) or filled ("1"),
    then says whether the database layer had been loaded."""
    code = (
        "import sys; from app.cli.main import main; code = main(['--db', sys.argv[1], 'gui']); "
        "print('sqlalchemy' in sys.modules); sys.exit(code)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IPLEDGER_SMOKE_EXIT": smoke}
    return subprocess.run(
        [sys.executable, "-c", code, str(db)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_window_is_shown_before_the_database_layer_loads(tmp_path):
    path = tmp_path / "unit.db"
    make_ledger(path, "长寿路街道").close()
    shown = start(path, "shown")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["False"]
    filled = start(path, "1")
    assert filled.returncode == 0, filled.stderr
    assert filled.stdout.split() == ["True"]


def test_a_window_start_is_read_as_the_parser_reads_it():
    """`ipledger`, `ipledger gui`, with --db before them: the window starts without the parser of
    every command (app.cli.main.window_start), with the same arguments; anything else is the parser's."""
    from app.cli.main import build_parser, cmd_gui, window_start

    for argv in ([], ["gui"], ["--db", "x.db"], ["--db", "x.db", "gui"], ["--db=x.db", "gui"]):
        fast, parsed = window_start(argv), build_parser().parse_args(argv)
        assert fast is not None, argv
        assert (fast.db, fast.command, fast.run) == (parsed.db, parsed.command, getattr(parsed, "run", cmd_gui)), argv
    for argv in (["--help"], ["gui", "--help"], ["--db", "x.db", "imports"], ["--version"], ["--db"], ["export"]):
        assert window_start(argv) is None, argv


def test_the_frame_shows_before_the_log_and_the_menus_load(tmp_path):
    """What only the filled window or an error needs waits: the log file's handlers, the user
    folders, Qt's action and list classes."""
    path = tmp_path / "unit.db"
    make_ledger(path, "长寿路街道").close()
    code = (
        "import sys; from app.cli.main import main; code = main(['--db', sys.argv[1], 'gui']); "
        "from PySide6 import QtGui, QtWidgets; "
        "print([m for m in ('logging.handlers', 'platformdirs', 'app.cli.evidence') if m in sys.modules] "
        "+ [c for c in ('QAction', 'QListWidget') if c in {**QtGui.__dict__, **QtWidgets.__dict__}]); "
        "sys.exit(code)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IPLEDGER_SMOKE_EXIT": "shown"}
    shown = subprocess.run(
        [sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["[]"]


def test_a_ledger_that_cannot_be_opened_is_said_as_before(tmp_path):
    bad = tmp_path / "not-a-ledger.db"
    bad.write_text("这不是台账", encoding="utf-8")
    done = start(bad, "1")
    assert done.returncode == 1
    assert f"错误：无法读取台账文件 {bad}" in done.stderr


def test_a_ledger_that_cannot_be_opened_is_said_in_the_window(qtbot, chinese, tmp_path, monkeypatch):
    """Started from the desktop there is no console: the frame itself says why, and stays until closed."""
    monkeypatch.delenv("IPLEDGER_SMOKE_EXIT", raising=False)
    bad = tmp_path / "not-a-ledger.db"
    bad.write_text("这不是台账", encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    opening = Opening(window, str(bad))
    window.show()
    said = f"无法打开台账：无法读取台账文件 {bad}："

    def shown() -> list[str]:
        return [w.text() for w in window.findChildren(QLabel) if w.isVisible()]

    qtbot.waitUntil(lambda: any(text.startswith(said) for text in shown()), timeout=30_000)
    assert "正在打开台账…" not in shown() and window.isVisible() and not window.filled
    assert opening.failure is not None  # said on the command line too, once the window is closed
    close = [b for b in window.findChildren(QPushButton) if b.text() == "关闭"]
    qtbot.mouseClick(close[0], Qt.MouseButton.LeftButton)
    assert not window.isVisible()
