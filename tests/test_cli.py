"""The command line as scripts use it: separate processes, real ledger files, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import build_parser, main


def ipledger(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_init_check_demo_check(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    r = ipledger("--db", db, "init", "--unit", "长寿路街道")
    assert r.returncode == 0, r.stderr
    assert "长寿路街道" in r.stdout

    r = ipledger("--db", db, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "53 项任务" in r.stdout and "7 项指标" in r.stdout
    assert "完整性：正常" in r.stdout

    r = ipledger("--db", db, "demo", "--units", "3", "--rows", "50")
    assert r.returncode == 0, r.stderr

    r = ipledger("--db", db, "check")
    assert r.returncode == 0, r.stdout + r.stderr
    for sheet in ("任务进展", "商标品牌指导站", "指导站服务", "专利超市挂牌", "专利交易", "质押融资", "指标"):
        line = next(x for x in r.stdout.splitlines() if x.strip().startswith(sheet + "："))
        assert int(line.split("：")[1].split()[0]) > 0, line


def test_unknown_unit_is_refused_with_close_names(tmp_path: Path) -> None:
    r = ipledger("--db", str(tmp_path / "t.db"), "init", "--unit", "长寿街道")
    assert r.returncode == 1
    assert "没有名为“长寿街道”的单位" in r.stderr and "长寿路街道" in r.stderr
    r = ipledger("--db", str(tmp_path / "t.db"), "init", "--unit", "不存在街道")
    assert r.returncode == 1 and "不存在街道" in r.stderr


def test_bureau_role_is_the_default_for_the_bureau(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "b.db"), "init", "--unit", "区知识产权局"]) == 0
    assert "区局汇总" in capsys.readouterr().out


def test_ipledger_db_variable_sets_the_ledger(tmp_path: Path) -> None:
    db = tmp_path / "from-env.db"
    r = ipledger("init", "--unit", "桃浦镇", env={"IPLEDGER_DB": str(db)})
    assert r.returncode == 0, r.stderr
    assert db.exists()


def test_demo_is_deterministic_with_a_seed(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.db", "b.db"):
        db = str(tmp_path / name)
        assert main(["--db", db, "init", "--unit", "万里街道"]) == 0
        assert main(["--db", db, "demo", "--units", "2", "--rows", "30", "--seed", "7"]) == 0
        import sqlite3

        with sqlite3.connect(db) as conn:
            outputs.append(
                conn.execute("SELECT patent_no, title, price FROM patent_listings ORDER BY patent_no").fetchall()
            )
        conn.close()
    assert outputs[0] == outputs[1] and len(outputs[0]) > 0


def test_check_fails_on_a_damaged_ledger(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert ipledger("--db", str(db), "init", "--unit", "长风新村街道").returncode == 0
    assert ipledger("--db", str(db), "demo", "--units", "1", "--rows", "400").returncode == 0
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(8 * page, min(len(data), 14 * page), 7):  # scribble over some table pages
        data[offset] = 0xFF
    db.write_bytes(bytes(data))
    r = ipledger("--db", str(db), "check")
    assert r.returncode == 1
    assert "发现问题" in r.stdout or "错误" in r.stderr


def test_check_of_a_missing_ledger_fails(tmp_path: Path) -> None:
    r = ipledger("--db", str(tmp_path / "nope.db"), "check")
    assert r.returncode == 1 and "不存在" in r.stderr


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public API
    assert set(commands) >= {"gui", "init", "check", "demo"}
    for name in commands:
        r = ipledger(name, "--help")
        assert r.returncode == 0 and "usage" in r.stdout.lower(), name


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert ipledger("init").returncode == 2
    assert ipledger("frobnicate").returncode == 2
    assert ipledger("--db", str(tmp_path / "x.db"), "demo", "--units", "0").returncode == 2


def test_commands_collect_garbage_though_python_m_app_pauses_the_collector_while_starting(tmp_path: Path) -> None:
    import gc

    gc.disable()  # as app/__main__.py does until a command (or the window) starts
    try:
        assert main(["--db", str(tmp_path / "t.db"), "init", "--unit", "长寿路街道"]) == 0
        assert gc.isenabled()  # a 100,000-row import must not run without the collector
        gc.disable()
        assert main(["--db", str(tmp_path / "t.db"), "import", str(tmp_path / "无此文件.xlsx")]) == 2
        assert gc.isenabled()  # on again though the command ended before it opened the ledger
    finally:
        gc.enable()


def test_a_ledger_file_is_opened_without_the_database_servers_layer(tmp_path: Path) -> None:
    """A command on a ledger file loads no part of PostgreSQL's (a server's ledger needs it: its
    options are declared with its engine), which cost every command ~45 ms of its start."""
    db = str(tmp_path / "t.db")
    assert ipledger("--db", db, "init", "--unit", "长寿路街道").returncode == 0
    code = (
        "import sys; from app.cli.main import main; code = main(['--db', sys.argv[1], 'imports']); "
        "print(sorted(m for m in sys.modules if 'postgresql' in m or 'psycopg' in m)); sys.exit(code)"
    )
    r = subprocess.run([sys.executable, "-c", code, db], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["[]"]


def test_a_file_the_import_cannot_take_is_said_not_passed_over_in_silence(tmp_path: Path) -> None:
    """An officer imports what came by mail: a CSV (or a WPS .et) is no workbook. Alone it is a
    usage error naming it; beside a workbook it is named as not imported, the workbook imports."""
    db = str(tmp_path / "b.db")
    assert ipledger("--db", db, "init", "--unit", "区知识产权局").returncode == 0
    csv = tmp_path / "长寿路街道2025Q1.csv"
    csv.write_text("任务编号,推进状态\n1,推进中\n", encoding="utf-8")
    r = ipledger("--db", db, "import", str(csv))
    assert r.returncode == 2 and "长寿路街道2025Q1.csv 不是 Excel 工作簿" in r.stderr, (r.stdout, r.stderr)
    assert "另存为 .xlsx" in r.stderr

    template = tmp_path / "模板.xlsx"
    assert ipledger("--db", db, "template", "-o", str(template)).returncode == 0
    r = ipledger("--db", db, "import", "--unit", "长寿路街道", str(template), str(csv))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "未导入 长寿路街道2025Q1.csv：不是 Excel 工作簿" in r.stdout


def test_output_cut_short_by_a_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`ipledger … | head`: once the reader has what it wants and goes, the command ends quietly —
    no 错误：无法读写文件：Broken pipe, no traceback."""
    db = str(tmp_path / "t.db")
    assert ipledger("--db", db, "init", "--unit", "区知识产权局").returncode == 0
    p = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", db, "plans"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each line written as printed, as to a terminal
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader has gone before the first line
    with p.stderr:
        err = p.stderr.read().decode("utf-8", "replace")
    p.wait(timeout=120)
    assert "错误" not in err and "Traceback" not in err and "Exception ignored" not in err, err


def test_a_year_before_every_plan_is_refused_for_the_report_and_the_consolidation(tmp_path: Path) -> None:
    """2023 typed for 2025: the plan runs 2024–2025, so the report would list nothing but periods
    overdue. Both commands say so and write no file."""
    db = str(tmp_path / "b.db")
    assert ipledger("--db", db, "init", "--unit", "区知识产权局").returncode == 0
    for command, output in (("report", tmp_path / "r.pdf"), ("consolidate", tmp_path / "c.xlsx")):
        r = ipledger("--db", db, command, "--period", "2023", "-o", str(output))
        assert r.returncode == 2, (command, r.stdout, r.stderr)
        assert "2023年早于台账中最早的行动方案" in r.stderr and "2024–2025年" in r.stderr, r.stderr
        assert not output.exists()
    r = ipledger("--db", db, "consolidate", "--period", "2024", "-o", str(tmp_path / "c.xlsx"))
    assert r.returncode == 0, r.stderr
