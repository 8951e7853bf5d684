from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from app.store import catalogue
from app.store.ledger import Ledger
from db.backup import backup_dir
from db.engine import LedgerError, NewerLedgerError, head_revision, open_ledger, stored_revision
from db.models import Base, IndicatorValue, Task, TaskProgress, Unit


def seed_first_catalogue(conn) -> None:
    """The catalogue as the first revisions stored it (one plan, tasks keyed by number alone)."""
    data = catalogue.plan_data()
    for order, u in enumerate(data["units"]):
        conn.exec_driver_sql(
            "INSERT INTO units (name, kind, joint_member, active, sort_order, former_names) "
            "VALUES (?, ?, 1, 1, ?, '[]')",
            (u["name"], u["kind"], order),
        )
    unit_ids = dict(conn.exec_driver_sql("SELECT name, id FROM units").all())
    order, section_ids = 0, {}
    for sec in data["sections"]:
        order += 1
        top = conn.exec_driver_sql(
            "INSERT INTO plan_sections (number, title, sort_order) VALUES (?, ?, ?)",
            (sec["number"], sec["title"], order),
        ).lastrowid
        section_ids[(sec["number"], None)] = top
        for sub in sec["subsections"]:
            order += 1
            section_ids[(sec["number"], sub["number"])] = conn.exec_driver_sql(
                "INSERT INTO plan_sections (parent_id, number, title, sort_order) VALUES (?, ?, ?, ?)",
                (top, sub["number"], sub["title"], order),
            ).lastrowid
    for t in data["tasks"]:
        conn.exec_driver_sql(
            "INSERT INTO tasks (number, section_id, text, all_members) VALUES (?, ?, ?, ?)",
            (t["number"], section_ids[(t["section"], t["subsection"])], t["text"], t["all_members"]),
        )
        for pos, name in enumerate(t["lead_units"]):
            conn.exec_driver_sql("INSERT INTO task_lead_units VALUES (?, ?, ?)", (t["number"], unit_ids[name], pos))
    for i in data["indicators"]:
        conn.exec_driver_sql(
            'INSERT INTO indicators (number, name, measure_unit, "group", expected) VALUES (?, ?, ?, ?, 1)',
            (i["number"], i["name"], i["measure_unit"], i["group"]),
        )
        for year, target in i["targets"].items():
            conn.exec_driver_sql("INSERT INTO indicator_targets VALUES (?, ?, ?)", (i["number"], int(year), target))


def test_first_revision_upgrades_to_latest_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = open_ledger(path, revision="0001")
    with engine.begin() as conn:
        seed_first_catalogue(conn)  # the catalogue lives in the first revision's tables
        conn.exec_driver_sql(
            "INSERT INTO units (name, kind, joint_member, active, sort_order, former_names) "
            "VALUES ('区新设单位', '区级部门', 1, 1, 99, '[]')"
        )
    engine.dispose()
    assert stored_revision(path) == "0001"

    with Ledger(path) as ledger, ledger.session() as s:
        assert stored_revision(path) == head_revision()
        assert s.scalar(select(func.count()).select_from(Task)) == 53
        assert s.scalar(select(Unit.kind).where(Unit.name == "区新设单位")) == "区级部门"
        assert [p.name for p in catalogue.plans(s)] == [catalogue.plan_data()["title"]]
        assert catalogue.task(s, 14).section.number == "四"
    backups = list(backup_dir(path).glob("old-*-before-upgrade-0001.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_records_of_a_second_revision_ledger_point_to_the_built_in_plan(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    engine = open_ledger(path, revision="0002")
    with engine.begin() as conn:
        seed_first_catalogue(conn)
        common = "unit_id, revision, created_at, updated_at, deleted, locally_modified"
        values = "1, 3, '2025-04-01 00:00:00', '2025-04-02 00:00:00', 0, 0"
        conn.exec_driver_sql(
            f"INSERT INTO task_progress (id, period, task_number, status, progress, {common}) "
            f"VALUES ('t1', '2025Q1', 48, '推进中', '已召开培训会', {values})"
        )
        conn.exec_driver_sql(
            f"INSERT INTO indicator_values (id, indicator_number, period, value, {common}) "
            f"VALUES ('i1', 3, '2025Q1', 0.8, {values})"
        )
    engine.dispose()

    with Ledger(path) as ledger, ledger.session() as s:
        report = s.get(TaskProgress, "t1")
        assert (report.plan_id, report.task_number, report.progress, report.revision) == (1, 48, "已召开培训会", 3)
        assert catalogue.task(s, report.task_number, report.plan_id).text.startswith("创新宣传形式")
        value = s.get(IndicatorValue, "i1")
        assert (value.plan_id, value.indicator_number, value.value) == (1, 3, 0.8)
        assert catalogue.targets(s)[3] == {2024: 2.5, 2025: 3.0}
        assert not ledger.engine.connect().exec_driver_sql("PRAGMA foreign_key_check").all()


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    engine = open_ledger(tmp_path / "new.db")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()


def test_the_live_report_index_is_partial_on_a_server_as_its_migration_makes_it() -> None:
    """One live report per unit × period × task, tombstones not counted: the models say so for a
    server too (declared once a server's engine is made, not by every start of the program)."""
    from sqlalchemy import URL
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex

    from db.engine import make_server_engine
    from db.models import LIVE_REPORT_INDEX

    index = next(i for i in TaskProgress.__table__.indexes if i.name == LIVE_REPORT_INDEX)
    engine = make_server_engine(URL.create("postgresql+psycopg", host="localhost", database="ledger"))
    for dialect in (engine.dialect, sqlite.dialect()):
        assert str(CreateIndex(index).compile(dialect=dialect)).endswith(" WHERE NOT deleted"), dialect.name
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


@pytest.mark.parametrize("content", [b"x", b"\n", b"SQLite format 2\x00" + b"\x00" * 100])
def test_a_short_file_that_is_not_a_database_is_refused_not_overwritten(tmp_path: Path, capsys, content) -> None:
    """SQLite takes a 1-byte file for a new database and writes a ledger over it: refused untouched."""
    from app.cli.main import main

    notes = tmp_path / "笔记.txt"
    notes.write_bytes(content)
    with pytest.raises(LedgerError, match="损坏或不是数据库") as refused:
        Ledger(notes)
    assert str(notes) in str(refused.value)
    assert main(["--db", str(notes), "init", "--unit", "长寿路街道"]) == 1
    assert str(notes) in capsys.readouterr().err
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["笔记.txt"]


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
