"""A reporting period travels through the program as one Period value (issue 18): it is parsed where
it comes in — a --period argument, the window's selector, a workbook's _meta as the file is read, a
database row as it is loaded — and code strings (2025Q1) are made only where it goes out (columns,
_meta cells, file names, JSON). This source check keeps a period parameter or field from being a
string again, which would bring back the Period → code → Period round trips."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where a period may stay text: rows of cells as they stand in a sheet.
TEXT_ALLOWED = {
    ("app/review/comments.py", "CommentRow"),  # a row of the 反馈意见 sheet, one string per cell
}


def _annotated_periods(tree: ast.Module) -> list[tuple[str, int, str]]:
    """(enclosing class or "", line, annotation) of every parameter or field named `period`."""
    found = []

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                a = child.args
                for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                    if arg.arg == "period" and arg.annotation is not None:
                        found.append((owner, arg.lineno, ast.unparse(arg.annotation)))
                visit(child, owner)
                continue
            if isinstance(child, ast.AnnAssign):
                target = child.target
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name == "period":
                    found.append((owner, child.lineno, ast.unparse(child.annotation)))
            visit(child, owner)

    visit(tree, "")
    return found


def test_a_period_is_never_passed_as_text():
    wrong = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for owner, line, annotation in _annotated_periods(ast.parse(path.read_text(encoding="utf-8"))):
            if "str" in annotation.replace("|", " ").split() and (where, owner) not in TEXT_ALLOWED:
                wrong.append(f"{where}:{line}: period: {annotation}")
    assert not wrong, "a period as text; take a Period (app.vocabulary.periods):\n" + "\n".join(wrong)


def test_the_check_sees_a_period_as_text():
    tree = ast.parse("class A:\n    period: str = ''\n\ndef f(x, period: str | None = None): ...\n")
    assert [(o, a) for o, _line, a in _annotated_periods(tree)] == [("A", "str"), ("", "str | None")]
