"""Every file the program writes goes through app.paths.atomic_write: a write that fails half-way
leaves the file that stood under the name before untouched, and no temporary file behind."""

from __future__ import annotations

import ast
import os
import stat
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.exchange.layout import SUBMISSION, Meta
from app.exchange.writer import write_workbook
from app.outgoing.submission import export_submission, write_template
from app.paths import atomic_write
from app.vocabulary.kinds import KINDS, PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import make_ledger

ROOT = Path(__file__).resolve().parent.parent


def test_a_failed_write_leaves_the_earlier_file_intact(tmp_path):
    target = tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx"
    write_template(target)
    before = target.read_bytes()

    def rows():  # the ledger's rows stream to disk; the stream breaks half-way (a disk error, a crash)
        for _ in range(500):
            yield [None] * (len(PATENT_LISTING.fields) + 3)
        raise OSError(28, "No space left on device")

    q1 = parse_period("2025Q1")
    meta = Meta(kind=SUBMISSION, unit="长寿路街道", period=q1, exported_at=datetime.now().isoformat())
    sheets = [(kind, rows() if kind is PATENT_LISTING else []) for kind in KINDS]
    with pytest.raises(OSError, match="No space"):
        write_workbook(target, meta, lambda _counts: [], sheets)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_atomic_write_replaces_only_when_the_block_ends(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with atomic_write(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # not yet
        assert tmp.parent == target.parent
    assert target.read_text(encoding="utf-8") == "new"
    with pytest.raises(RuntimeError), atomic_write(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_written_file_is_readable_as_any_program_makes_it(tmp_path):
    """An exported workbook was the user's alone (0600, mkstemp's): a colleague at the same UOS PC, or
    a shared folder, could not open it. It gets what the umask gives a new file, and a file it
    replaces keeps its permissions; the pgpass file stays the user's alone."""
    office = make_ledger(tmp_path / "office.db", "长寿路街道")
    old = os.umask(0o022)
    try:
        path = export_submission(office, parse_period("2025Q1"), tmp_path / "报送.xlsx").path
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)  # as the folder's owner set it: kept when the file is written again
        export_submission(office, parse_period("2025Q1"), path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
        with atomic_write(tmp_path / "pgpass") as tmp:
            tmp.write_text("x", encoding="utf-8")
            tmp.chmod(0o600)
        assert stat.S_IMODE((tmp_path / "pgpass").stat().st_mode) == 0o600
    finally:
        os.umask(old)
        office.close()


# What creates or saves a file: each must write into the temporary path of an atomic_write block.
WRITERS = {"Workbook", "QPdfWriter", "save", "copyfile", "copy", "copy2", "write_text", "write_bytes"}


def test_every_writer_goes_through_atomic_write():
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.name == "paths.py" and path.parent.name == "app":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        source = path.read_text(encoding="utf-8")
        assert "os.replace(" not in source and "mkstemp(" not in source, f"{path}: a temp-and-replace of its own"
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.With) and any(
                isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "id", "") == "atomic_write"
                for i in node.items
            ):
                inside.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = node.args[0] if node.args else None
            if name in WRITERS and first is not None and not _in_memory(first) and id(node) not in inside:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(…) outside atomic_write")
    assert not found, "\n".join(found)


def _in_memory(arg: ast.expr) -> bool:
    """A buffer (io.BytesIO), a string argument such as "PNG" or a database's COPY … FROM STDIN
    (rows sent to a PostgreSQL server): not a file on disk."""
    text = ast.unparse(arg)
    return "buffer" in text or "BytesIO" in text or "from_stdin" in text or isinstance(arg, ast.Constant)
