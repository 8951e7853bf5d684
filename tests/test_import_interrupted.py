"""Ctrl+C once an import has committed: the import is in the ledger, and the command says so (it
said 已中断。 with exit code 1 right after 已导入（导入编号 …）, and the officer thought it failed)."""

from __future__ import annotations

import io
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.cli.main import main
from app.outgoing.submission import export_submission
from app.vocabulary.periods import parse_period
from db.models import ImportLog
from tests.conftest import add_listing, make_ledger


@pytest.fixture
def bureau_and_file(tmp_path: Path) -> tuple[Path, Path]:
    unit = make_ledger(tmp_path / "unit.db", "长寿路街道")
    for i in range(3):
        add_listing(unit, title=f"一种装置{i}")
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    unit.close()
    make_ledger(tmp_path / "bureau.db", "区知识产权局").close()
    return tmp_path / "bureau.db", path


def imports(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM import_log WHERE undone_at IS NULL").fetchone()[0]
    finally:
        conn.close()


class CtrlCOnSeeing(io.StringIO):
    """The console, where the officer presses Ctrl+C on seeing `text`."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def write(self, s: str) -> int:
        n = super().write(s)
        if self.text in s:
            signal.raise_signal(signal.SIGINT)
        return n


def test_ctrl_c_right_after_imported_is_not_a_failure(bureau_and_file, monkeypatch, capsys) -> None:
    db, path = bureau_and_file
    console = CtrlCOnSeeing("已导入")
    monkeypatch.setattr(sys, "stdout", console)
    code = main(["--db", str(db), "import", str(path)])
    err = capsys.readouterr().err
    assert "已导入（导入编号 1" in console.getvalue()
    assert code == 0
    assert "导入已完成，数据已写入台账（导入编号 1" in err
    assert imports(db) == 1


def test_ctrl_c_as_the_import_commits_says_it_is_in_the_ledger(bureau_and_file, capsys) -> None:
    db, path = bureau_and_file

    importing: list[Session] = []

    def before(session: Session) -> None:
        if not importing and any(isinstance(o, ImportLog) for o in session.identity_map.values()):
            importing.append(session)  # the import's own transaction (not the planning's, nor later ones)

    def interrupt(session: Session) -> None:  # Ctrl+C the moment the import's commit is done
        if session in importing:
            signal.raise_signal(signal.SIGINT)

    event.listen(Session, "before_commit", before)
    event.listen(Session, "after_commit", interrupt)
    try:
        code = main(["--db", str(db), "import", str(path)])
    finally:
        event.remove(Session, "before_commit", before)
        event.remove(Session, "after_commit", interrupt)
    out, err = capsys.readouterr()
    assert code == 0, (out, err)
    assert "已导入（导入编号" not in out  # (it never came to say so itself)
    assert "已中断；导入已完成，数据已写入台账（导入编号 1，可用 undo-import 撤销）。" in err
    assert imports(db) == 1
