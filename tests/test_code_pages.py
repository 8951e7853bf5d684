"""Windows' code pages, checked on Linux (SPEC §14): a Chinese PC formats in code page 936, an English
one in 1252, where not one Chinese character fits. The Windows program itself is run in both under
Wine by scripts/smoke_windows.sh; these tests catch the same traps without Wine."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli.main import main
from app.vocabulary.clock import chinese_date

ROOT = Path(__file__).resolve().parents[1]


def ipledger(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command line with its output going to a pipe in the encoding `env` sets, read as bytes in
    that encoding (what a script on an English Windows PC reads from `ipledger-cli ... | more`)."""
    encoding = env.get("PYTHONIOENCODING", "utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, env={**os.environ, **env}, timeout=120
    )
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode(encoding), r.stderr.decode(encoding))


def test_check_piped_in_code_page_1252_prints_what_fits(tmp_path: Path) -> None:
    """An English Windows PC pipes the console in cp1252: the Chinese comes out as '?', the command
    still does its work (it used to end in 'unexpected problem: UnicodeEncodeError')."""
    db = str(tmp_path / "t.db")
    assert main(["--db", db, "init", "--unit", "长寿路街道"]) == 0
    r = ipledger("--db", db, "check", PYTHONIOENCODING="cp1252")
    assert r.returncode == 0, r.stderr
    assert "53 ????7 ????" in r.stdout  # 53 项任务，7 项指标
    assert r.stderr == ""
    r = ipledger("--db", db, "status", "--period", "2025Q1", "--json", PYTHONIOENCODING="cp1252")
    assert r.returncode == 0, r.stderr


def test_help_and_errors_piped_in_an_ascii_console(tmp_path: Path) -> None:
    """--help (argparse prints it before any command runs) and an error message in the C locale."""
    env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    r = ipledger("--help", **env, PYTHONIOENCODING="ascii")
    assert r.returncode == 0, r.stderr
    assert "--db" in r.stdout and "?" in r.stdout
    r = ipledger("--db", str(tmp_path / "none.db"), "check", **env, PYTHONIOENCODING="ascii")
    assert r.returncode == 1
    assert "UnicodeEncodeError" not in r.stderr and r.stderr.startswith("??")


def test_cp1252_pipe_with_a_chinese_ledger_path_and_log(tmp_path: Path) -> None:
    """A ledger in a Chinese folder, an error that goes to the log: the message names the log, the log
    file (UTF-8) holds the Chinese path, nothing crashes on the way."""
    folder = tmp_path / "知识产权台账"
    folder.mkdir()
    db = folder / "台账.db"
    assert main(["--db", str(db), "init", "--unit", "长寿路街道"]) == 0
    bad = folder / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    state = tmp_path / "状态"
    r = ipledger(
        "--db", str(db), "import", str(bad), PYTHONIOENCODING="cp1252", XDG_STATE_HOME=str(state), LC_ALL="C.UTF-8"
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "UnicodeEncodeError" not in r.stderr + r.stdout
    logs = list(state.rglob("ipledger.log"))
    if logs:  # only an unexpected failure writes a traceback to the log
        assert "坏文件.xlsx" in logs[0].read_text(encoding="utf-8")


def test_chinese_dates_are_built_from_numbers() -> None:
    assert chinese_date(date(2025, 7, 5)) == "2025年07月05日"
    assert chinese_date(date(2025, 7, 5), padded=False) == "2025年7月5日"


def _chinese_date_formats(tree: ast.AST) -> list[int]:
    """Lines where a date is formatted with strftime/format and a format holding non-ASCII text:
    f"{d:%Y年}", d.strftime("%Y年"), format(d, "%Y年"), time.strftime("%Y年")."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                v.value for v in ast.walk(node.format_spec) if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if "%" in spec and not spec.isascii():
                found.append(node.lineno)
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("strftime", "format", "__format__"):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if any("%" in t and not t.isascii() for t in texts):
                    found.append(node.lineno)
    return found


def test_no_strftime_with_chinese_in_the_program() -> None:
    """On Windows strftime formats in the ANSI code page: `f"{d:%Y年%m月%d日}"` raised ValueError in
    `report` (PDF and Word) and `prefill --all` on a Chinese PC. Linux's C library has no such limit,
    so the rule is checked on the source: every such date goes through chinese_date."""
    offenders = []
    for path in sorted([*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("db").rglob("*.py")]):
        for line in _chinese_date_formats(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []


@pytest.mark.parametrize(
    "source, found",
    [('f"{d:%Y年%m月}"', 1), ('d.strftime("%Y年")', 1), ('format(d, "%m月")', 1), ('f"{d:%Y-%m-%d}"', 0)],
)
def test_the_source_rule_sees_each_form(source: str, found: int) -> None:
    assert len(_chinese_date_formats(ast.parse(source))) == found
