from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.catalogue import seed_catalogue
from app.ledger import Ledger
from db.backup import backup_dir
from db.engine import LedgerError, NewerLedgerError, head_revision, open_ledger, stored_revision
from db.models import Base, Task, Unit


def test_first_revision_upgrades_to_latest_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = open_ledger(path, revision="0001")
    with Session(engine) as s, s.begin():
        seed_catalogue(s)  # the catalogue lives in the first revision's tables
        s.add(Unit(name="区新设单位", kind="区级部门", sort_order=99, former_names=[]))
    engine.dispose()
    assert stored_revision(path) == "0001"

    with Ledger(path) as ledger, ledger.session() as s:
        assert stored_revision(path) == head_revision()
        assert s.scalar(select(func.count()).select_from(Task)) == 53
        assert s.scalar(select(Unit.kind).where(Unit.name == "区新设单位")) == "区级部门"
    backups = list(backup_dir(path).glob("old-*-before-upgrade-0001.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    engine = open_ledger(tmp_path / "new.db")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_ledger_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Ledger(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = path.read_bytes()
    files_before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(NewerLedgerError, match="更新版本"):
        Ledger(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"PK\x03\x04 this is a zip, not a ledger" * 100)
    with pytest.raises(LedgerError, match="损坏或不是数据库"):
        Ledger(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    with pytest.raises(LedgerError, match="不是知识产权工作台账"):
        Ledger(other)


def test_ledger_uses_wal_and_foreign_keys(ledger) -> None:
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_head_read_from_the_scripts_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from db.engine import MIGRATIONS, known_revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {s.revision for s in script.walk_revisions()}
