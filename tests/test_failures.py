"""The last resort: an unexpected error ends as a Chinese message and a logged traceback, never a
traceback on the screen; SQLite's own failures are told in words a clerk understands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.cli import main as cli
from app.failures import Failure, describe, for_user
from app.logs import log_file
from db.engine import busy_ledger_message
from tests.conftest import make_ledger


def test_an_unexpected_error_is_a_message_and_a_logged_traceback(tmp_path, capsys, monkeypatch) -> None:
    db = tmp_path / "l.db"
    make_ledger(db, "长寿路街道").close()

    def broken(_args):  # noqa: ANN001
        raise RuntimeError("boom in the core")

    monkeypatch.setattr(cli, "cmd_check", broken)  # build_parser() binds the command when main() runs
    assert cli.main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "程序遇到意外问题" in out.err and "check" in out.err and str(log_file()) in out.err
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "boom in the core" in logged


def test_a_locked_ledger_is_told_in_chinese() -> None:
    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError("database is locked"))
    message = busy_ledger_message(wrapped)
    assert message and "另一个程序" in message and "没有写入任何数据" in message
    assert describe(wrapped) == message
    shown = for_user(wrapped)
    assert isinstance(shown, Failure) and str(shown) == message and shown.__cause__ is wrapped


@pytest.mark.parametrize(
    "text,words",
    [
        ("disk I/O error", "磁盘错误"),
        ("attempt to write a readonly database", "只读"),
        ("database or disk is full", "磁盘已满"),
    ],
)
def test_other_sqlite_failures_are_told_in_chinese(text: str, words: str) -> None:
    assert words in busy_ledger_message(sqlite3.OperationalError(text))


def test_errors_meant_for_the_user_are_shown_as_they_are(tmp_path: Path) -> None:
    from app.store.ledger import SetupError

    exc = SetupError("没有名为“某某”的单位。")
    assert for_user(exc) is exc and describe(exc) == str(exc)
    assert describe(KeyError("x")).startswith("程序遇到意外问题")
