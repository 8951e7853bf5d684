"""The map of the code in the README (For developers) is kept true: every import in app/ and db/,
imports inside functions included, goes only where its package's line allows, and no two packages
import each other, directly or around a loop. Qt stays in app.ui."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP_LINE = re.compile(r"^\s+- `(?P<name>[\w.]+)` — .*→ (?P<allowed>.+)$")
QT = ("PySide6", "shiboken6")


def read_map() -> dict[str, set[str]]:
    """{package: packages it may import}, in the README's order (bottom layer first)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## For developers") :]
    found: dict[str, set[str]] = {}
    for line in section.splitlines():
        m = MAP_LINE.match(line)
        if not m:
            continue
        allowed_text = m["allowed"].strip()
        if allowed_text == "everything above":
            allowed = set(found)
        else:
            allowed = set(re.findall(r"`([\w.]+)`", allowed_text))
            unknown = allowed - set(found)
            assert not unknown, f"README map: {m['name']} may import {sorted(unknown)}, not on a line above it"
        found[m["name"]] = allowed
    return found


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for top in ("app", "db"):
        for path in sorted((ROOT / top).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:  # `from app.review import state` imports the module app.review.state
                full = f"{source}.{alias.name}"
                found.append((full if full in known else source, node.lineno))
    return found


def package_of(module: str, packages: dict[str, set[str]]) -> str | None:
    """The map's line a module belongs to: the longest package name it starts with."""
    best = None
    for p in packages:
        if (module == p or module.startswith(p + ".")) and (best is None or len(p) > len(best)):
            best = p
    return best


def graph() -> tuple[dict[str, set[str]], list[str]]:
    """The packages each package imports, and the imports against the map."""
    packages = read_map()
    known = modules()
    edges: dict[str, set[str]] = {p: set() for p in packages}
    wrong = []
    for name, path in known.items():
        where = path.relative_to(ROOT)
        mine = package_of(name, packages)
        if mine is None or (mine == "app" and name != "app"):
            wrong.append(f"{where}: on no line of the README's map")
            continue
        for target, line in imports(name, path, known):
            if target.split(".")[0] in QT and mine != "app.ui":
                wrong.append(f"{where}:{line}: imports Qt ({target}) outside app.ui")
            if target.split(".")[0] not in ("app", "db"):
                continue
            theirs = package_of(target, packages)
            if theirs is None or theirs == mine:
                continue
            edges[mine].add(theirs)
            if theirs not in packages[mine]:
                wrong.append(f"{where}:{line}: {mine} imports {target} ({theirs} is not on its line of the map)")
    return edges, wrong


def test_the_map_names_every_package():
    packages = read_map()
    assert {"db", "app", "app.vocabulary", "app.store", "app.merge", "app.ui", "app.cli"} <= set(packages)
    on_disk = {p.name for p in (ROOT / "app").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {f"app.{d}" for d in on_disk} <= set(packages)


def test_no_import_against_the_map():
    _edges, wrong = graph()
    assert not wrong, "\n".join(wrong)


def test_no_cycle_between_packages():
    edges, _wrong = graph()
    loops = []
    done: set[str] = set()

    def visit(p: str, path: list[str]) -> None:
        if p in path:
            loops.append(" → ".join(path[path.index(p) :] + [p]))
            return
        if p in done:
            return
        for q in sorted(edges.get(p, ())):
            visit(q, path + [p])
        done.add(p)

    for p in sorted(edges):
        visit(p, [])
    assert not loops, "\n".join(loops)


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    """An upward import hidden in a function body is found like one at the top of a file."""
    path = tmp_path / "board.py"
    path.write_text("def f():\n    from app.outgoing.submission import in_period\n    return in_period\n")
    found = imports("app.review.board", path, modules())
    assert ("app.outgoing.submission", 2) in found
    assert package_of("app.outgoing.submission", read_map()) not in read_map()["app.review"]


def test_cli_commands_share_common_not_main():
    """The command modules take what they share from app.cli.common: none imports app.cli.main,
    which imports them (the loop that lazy imports used to hide)."""
    known = modules()
    for name, path in known.items():
        if name.startswith("app.cli.") and name not in ("app.cli.main",):
            assert all(t != "app.cli.main" for t, _ in imports(name, path, known)), path
