"""The command line's shared options are declared once (app/cli/common.py): every command that
takes --period receives a Period, and a period that is not one is a usage error (exit 2) that
says what is wrong, whichever command it was given to."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli.main import build_parser, main
from app.vocabulary.periods import Period

ROOT = Path(__file__).resolve().parent.parent


def commands_with(option: str) -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: p for name, p in sub.choices.items() if any(option in a.option_strings for a in p._actions)}


def required_args(p: argparse.ArgumentParser) -> list[str]:
    args = ["--all"] if p.prog.endswith(" prefill") else []  # --unit or --all, one of them
    for a in p._actions:
        if a.option_strings and a.required and "--period" not in a.option_strings:
            args += [a.option_strings[-1], "x.xlsx" if "--output" in a.option_strings else "X"]
        elif not a.option_strings and a.dest not in ("help",):
            args.append("1")
    return args


def test_every_period_option_gives_a_period():
    found = commands_with("--period")
    assert len(found) >= 11
    for name, p in found.items():
        args = p.parse_args([*required_args(p), "--period", "2025年第二季度"])
        assert isinstance(args.period, Period) and args.period.code == "2025Q2", name


@pytest.mark.parametrize("command", ["export", "status", "accept", "prefill", "comments"])
def test_a_bad_period_is_a_usage_error(command, tmp_path, capsys):
    p = commands_with("--period")[command]
    code = main(["--db", str(tmp_path / "l.db"), command, *required_args(p), "--period", "2025Q5"])
    assert code == 2
    err = capsys.readouterr().err
    assert "用法错误" in err and "2025Q5" in err
    assert not (tmp_path / "l.db").exists()  # nothing was opened, let alone written


def test_shared_options_are_declared_once():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app" / "cli").glob("*.py"))
    for option in ('"--period"', '"--unit"', '"--output"', '"--json"'):
        assert source.count(option) == 1, option
