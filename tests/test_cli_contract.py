"""The command line's contract (SPEC §6) as scripts rely on it: the --json keys, --dry-run,
--take-theirs, imports and undo-import, and the exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, edit_record, make_ledger, record_values

SPEC_KEYS = {"files", "new", "updated", "unchanged", "stale", "conflicts", "duplicates", "errors"}
ERROR_KEYS = {"file", "sheet", "row", "column", "message"}


@pytest.fixture
def unit(tmp_path: Path):
    ledger = make_ledger(tmp_path / "unit.db", "长寿路街道")
    yield ledger
    ledger.close()


pytestmark = pytest.mark.both_backends  # the bureau's ledger is a file, then a PostgreSQL database


@pytest.fixture
def bureau_db(new_location):
    """The bureau's ledger as --db takes it: a file path, or a database URL."""
    path = new_location("bureau.db")
    make_ledger(path, "区知识产权局").close()
    return path


def _state(db) -> object:  # noqa: ANN001
    """What a dry run must leave alone: the file's bytes, or every table's rows on a server."""
    if isinstance(db, Path):
        return db.read_bytes()
    from app.store.copying import table_digest
    from app.store.ledger import Ledger
    from db.models import Base

    with Ledger(db) as ledger, ledger.engine.connect() as conn:
        return [table_digest(conn, t) for t in Base.metadata.sorted_tables]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_json_has_the_spec_keys(unit, bureau_db, tmp_path, capsys) -> None:
    add_listing(unit)
    good = export_submission(unit, parse_period("2025Q1"), tmp_path / "good.xlsx").path
    code, out, _ = run(capsys, "--db", str(bureau_db), "import", "--dry-run", "--json", str(good))
    assert code == 0
    plan = json.loads(out)
    assert set(plan) >= SPEC_KEYS
    assert (plan["new"], plan["updated"], plan["errors"]) == (1, 0, [])
    assert [Path(f["file"]).name for f in plan["files"]] == ["good.xlsx"]

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:1000])
    code, out, _ = run(capsys, "--db", str(bureau_db), "import", "--json", str(good), str(bad))
    assert code == 1
    plan = json.loads(out)  # nothing but the JSON object on stdout, errors included
    assert set(plan) >= SPEC_KEYS and plan["errors"]
    assert all(set(e) >= ERROR_KEYS and e["file"].endswith("bad.xlsx") for e in plan["errors"])


def test_dry_run_writes_nothing(unit, bureau_db, tmp_path, capsys) -> None:
    add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    before = _state(bureau_db)
    code, out, _ = run(capsys, "--db", str(bureau_db), "import", "--dry-run", str(path))
    assert code == 0 and "新增 1" in out and "已导入" not in out
    assert _state(bureau_db) == before
    code, out, _ = run(capsys, "--db", str(bureau_db), "imports")
    assert code == 0 and "a.xlsx" not in out


def _conflict(unit, bureau_db: Path, tmp_path: Path, capsys) -> tuple[str, Path]:  # noqa: ANN001
    """The bureau and the unit both change one listing's price after it was imported."""
    listing = add_listing(unit, price=10.0)
    first = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1.xlsx").path
    assert run(capsys, "--db", str(bureau_db), "import", str(first))[0] == 0
    from app.store.ledger import Ledger

    with Ledger(bureau_db) as bureau:
        edit_record(bureau, PATENT_LISTING, listing, price=20.0)
    edit_record(unit, PATENT_LISTING, listing, price=30.0)
    again = export_submission(unit, parse_period("2025Q1"), tmp_path / "q1-again.xlsx").path
    return listing, again


def _price(db, listing: str) -> float:  # noqa: ANN001
    from app.store.ledger import Ledger

    with Ledger(db) as ledger:
        return record_values(ledger, PATENT_LISTING, listing)["price"]


def test_a_conflict_keeps_ours_unless_take_theirs(unit, bureau_db, new_location, tmp_path, capsys) -> None:
    listing, again = _conflict(unit, bureau_db, tmp_path, capsys)
    twin = new_location("twin.db")
    assert run(capsys, "--db", str(bureau_db), "copy-ledger", "--to", str(twin))[0] == 0

    code, out, _ = run(capsys, "--db", str(bureau_db), "import", "--json", str(again))
    assert code == 0 and json.loads(out)["conflicts"] == 1
    assert _price(bureau_db, listing) == 20.0  # the bureau's value stands by default

    code, _out, _ = run(capsys, "--db", str(twin), "import", "--take-theirs", str(again))
    assert code == 0
    assert _price(twin, listing) == 30.0  # the unit's value


def test_imports_lists_and_undo_import_takes_back(unit, bureau_db, tmp_path, capsys) -> None:
    listing = add_listing(unit)
    path = export_submission(unit, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    assert run(capsys, "--db", str(bureau_db), "import", str(path))[0] == 0

    code, out, _ = run(capsys, "--db", str(bureau_db), "imports")
    assert code == 0
    line = next(x for x in out.splitlines() if "a.xlsx" in x)
    assert line.split("\t")[0] == "1" and "长寿路街道" in line and "2025Q1" in line and "有效" in line

    code, out, _ = run(capsys, "--db", str(bureau_db), "undo-import", "1")
    assert code == 0 and "已撤销导入 1" in out
    from app.store.ledger import Ledger

    with Ledger(bureau_db) as bureau:
        assert record_values(bureau, PATENT_LISTING, listing) is None
    code, out, _ = run(capsys, "--db", str(bureau_db), "imports")
    assert "已撤销" in next(x for x in out.splitlines() if "a.xlsx" in x)

    code, _out, err = run(capsys, "--db", str(bureau_db), "undo-import", "1")
    assert code == 1 and "已于" in err and "撤销" in err
    code, _out, err = run(capsys, "--db", str(bureau_db), "undo-import", "99")
    assert code == 1 and "没有编号为 99" in err


def test_bad_usage_exits_2(bureau_db, tmp_path, capsys) -> None:
    code, _out, err = run(capsys, "--db", str(bureau_db), "import", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "找不到文件" in err
    code, _out, err = run(capsys, "--db", str(bureau_db), "consolidate", "--period", "2025Q5", "-o", "x.xlsx")
    assert code == 2 and "2025Q5" in err
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(bureau_db), "import"])  # argparse: a file is required
    assert exited.value.code == 2
    capsys.readouterr()
