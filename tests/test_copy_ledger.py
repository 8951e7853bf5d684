"""Moving a ledger (SPEC §13): copy-ledger into an empty SQLite file or PostgreSQL database, checked
by counts and digests; backup -o FILE.db of any ledger; undo of an import still works on the copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.merge import apply_plan, plan_import, undo_import
from app.outgoing.submission import export_submission
from app.store.copying import table_digest
from app.store.ledger import Ledger
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from app.vocabulary.validators import patent_check_digit
from db.models import Base, ImportLog
from tests.conftest import add_listing, db_arg, edit_record

Q1 = parse_period("2025Q1")


def _digests(ledger: Ledger) -> dict[str, tuple[int, str]]:
    with ledger.engine.connect() as conn:
        return {t.name: table_digest(conn, t) for t in Base.metadata.sorted_tables}


@pytest.fixture
def bureau_with_history(ledgers, tmp_path):
    street = ledgers("长寿路街道")
    listing = add_listing(street, price=10.0)
    bureau = ledgers("区知识产权局")
    apply_plan(bureau, plan_import(bureau, [export_submission(street, Q1, tmp_path / "q1.xlsx").path]))
    edit_record(street, PATENT_LISTING, listing, price=12.5)
    add_listing(street, patent_no=f"202310123457.{patent_check_digit('202310123457')}", title="另一项")
    apply_plan(bureau, plan_import(bureau, [export_submission(street, Q1, tmp_path / "q1b.xlsx").path]))
    assert main(["--db", db_arg(bureau), "comment", "--record", listing, "请核对价格"]) == 0
    return bureau, listing


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_copy_ledger_to_the_other_backend_and_back(bureau_with_history, new_location, pg_server, tmp_path, capsys):
    bureau, listing = bureau_with_history
    server_db = pg_server.url(pg_server.create_database(migrated=False))
    target = server_db if bureau.path is not None else str(tmp_path / "copy.db")
    assert main(["--db", db_arg(bureau), "copy-ledger", "--to", target]) == 0
    out = capsys.readouterr().out
    assert "逐表核对行数和内容摘要一致" in out and "ledger-test-pw" not in out
    with Ledger(target) as copy:
        assert _digests(copy) == _digests(bureau)
        # undo of the last import works on the copy, and new ids do not collide with copied ones
        with copy.session() as s:
            last = s.scalar(select(func.max(ImportLog.id)))
        undo_import(copy, last)
        with copy.session() as s:
            assert s.get(PATENT_LISTING.model, listing).price == 10.0
        add_listing(copy, title="复制后新增")
        # a whole SQLite backup of it
        backup = tmp_path / "backup.db"
        assert main(["--db", db_arg(copy), "backup", "-o", str(backup)]) == 0
        with Ledger(backup) as again:
            assert _digests(again) == _digests(copy)
    # into a target that is not empty: refused
    assert main(["--db", db_arg(bureau), "backup", "-o", str(backup)]) == 1
    assert "已存在" in capsys.readouterr().err


def test_copy_refuses_a_database_that_already_holds_a_ledger(ledgers, pg_server, capsys) -> None:
    bureau = ledgers("区知识产权局")
    other = pg_server.url(pg_server.create_database())
    with Ledger(other) as target:
        target.setup("长寿路街道")
    assert main(["--db", db_arg(bureau), "copy-ledger", "--to", other]) == 1
    assert "已有台账数据" in capsys.readouterr().err


def test_backup_of_a_missing_target_folder_is_made(ledgers, tmp_path: Path) -> None:
    bureau = ledgers("区知识产权局")
    target = tmp_path / "新文件夹" / "台账备份.db"
    assert main(["--db", db_arg(bureau), "backup", "-o", str(target)]) == 0
    assert target.exists()
