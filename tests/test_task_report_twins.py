"""One live task report per unit × period × task (issue 22): two officers reporting the same task at
the same moment cannot both save it — the later is refused with 已被他人修改 — and a ledger that
already holds such twins is resolved by the upgrade without losing what anyone wrote.
Runs on an SQLite file and on a PostgreSQL server."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.cli.main import main
from app.entry import task_reports
from app.merge.history import record_history
from app.store import records
from app.store.ledger import Ledger
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.engine import head_revision, stored_revision
from db.models import RecordHistory
from tests.conftest import add_record, db_arg, edit_record, make_ledger

pytestmark = pytest.mark.both_backends

Q1 = parse_period("2025Q1")
M = TASK_PROGRESS.model


def report(number: int, progress: str) -> dict[str, object]:
    values: dict[str, object] = {f.key: None for f in TASK_PROGRESS.input_fields}
    return values | {"period": Q1.code, "task_number": number, "status": "推进中", "progress": progress}


def live_reports(ledger: Ledger, number: int) -> list[str]:
    with ledger.session() as s:
        return list(s.scalars(select(M.progress).where(M.task_number == number, M.deleted.is_(False))))


@pytest.fixture
def office(ledger_path):
    ledger = make_ledger(ledger_path, "长寿路街道")
    yield ledger
    ledger.close()


def test_two_officers_saving_the_same_task_report_one_is_refused(office) -> None:
    """Both were shown the task unreported; the first saves; the second's save is refused."""
    with Ledger(office.location) as other:
        with office.session() as s:
            unit = office.own_unit(s).id
            assert task_reports.record_id(s, unit, Q1, 3) is None  # what officer A was shown
        with other.session() as s:
            assert task_reports.record_id(s, unit, Q1, 3) is None  # what officer B was shown
        with office.session() as s:
            records.create(s, TASK_PROGRESS, unit, report(3, "甲填的"))
        with pytest.raises(records.ChangedByOthers, match="已被他人修改"), other.session() as s:
            records.create(s, TASK_PROGRESS, unit, report(3, "乙填的"))
    assert live_reports(office, 3) == ["甲填的"]


def test_two_officers_saving_at_the_same_moment_on_a_server(office, backend) -> None:
    """On a server both inserts really overlap: the second waits for the first, then is refused."""
    if backend != "postgresql":
        pytest.skip("an SQLite file lets one writer in at a time; the test above covers it")
    with office.session() as s:
        unit = office.own_unit(s).id
    outcome: list[object] = []
    with Ledger(office.location) as other:
        with office.session() as s:
            records.create(s, TASK_PROGRESS, unit, report(4, "甲填的"))  # inserted, not yet committed

            def second() -> None:
                try:
                    with other.session() as s2:
                        records.create(s2, TASK_PROGRESS, unit, report(4, "乙填的"))
                    outcome.append("saved")
                except records.ChangedByOthers as exc:
                    outcome.append(str(exc))

            racer = threading.Thread(target=second)
            racer.start()
            racer.join(timeout=1.0)
            assert racer.is_alive()  # waiting on the first officer's uncommitted report
        racer.join(timeout=30)
    assert len(outcome) == 1 and "已被他人修改" in str(outcome[0]), outcome
    assert live_reports(office, 4) == ["甲填的"]


def test_a_report_deleted_and_filled_in_again_is_one_live_report(office) -> None:
    first = add_record(office, TASK_PROGRESS, **report(5, "第一稿"))
    with office.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, first))
    add_record(office, TASK_PROGRESS, **report(5, "第二稿"))
    assert live_reports(office, 5) == ["第二稿"]
    # Restoring the deleted one now would make two: refused, not forced.
    with pytest.raises(records.ChangedByOthers), office.session() as s:
        records.undelete(s, TASK_PROGRESS, s.get(M, first))
    assert live_reports(office, 5) == ["第二稿"]


def _as_0009_with_twins(ledger: Ledger) -> tuple[str, str, str]:
    """The ledger as version 0009 left it (no index) holding two live reports of task 6 — saved at
    the same moment by two officers — and one of task 7. Returns (older, newer, single) ids."""
    older = add_record(ledger, TASK_PROGRESS, **report(6, "甲：已部署"))
    edit_record(ledger, TASK_PROGRESS, older, progress="甲：已部署，召开推进会")  # its own history
    single = add_record(ledger, TASK_PROGRESS, **report(7, "只有一份"))
    with ledger.engine.begin() as conn:
        conn.execute(text("DROP INDEX uq_task_progress_live"))
        conn.execute(text("DROP TABLE record_aliases"))  # made by 0011
        conn.execute(text("UPDATE alembic_version SET version_num = '0009'"))
    with ledger.session() as s:
        newer = records.create(s, TASK_PROGRESS, ledger.own_unit(s).id, report(6, "乙：已部署并验收")).id
    with ledger.session() as s:
        records.update(s, TASK_PROGRESS, s.get(M, newer), {"results": "验收1次"})
        records.update(s, TASK_PROGRESS, s.get(M, newer), {"results": "验收2次"})  # revision 3 > 2
        s.get(M, older).updated_at = datetime(2030, 1, 1)  # later, but fewer revisions: not kept
    return older, newer, single


def test_an_older_ledger_with_twin_reports_is_resolved_by_the_upgrade(ledger_path, tmp_path: Path) -> None:
    ledger = make_ledger(ledger_path, "长寿路街道")
    older, newer, single = _as_0009_with_twins(ledger)
    location = ledger.location
    assert len(live_reports(ledger, 6)) == 2
    ledger.close()

    with Ledger(location) as upgraded:
        if isinstance(location, Path):
            assert stored_revision(location) == head_revision()
        assert live_reports(upgraded, 6) == ["乙：已部署并验收"]  # the one with the highest revision
        assert live_reports(upgraded, 7) == ["只有一份"]
        with upgraded.session() as s:
            dropped = s.get(M, older)
            # Kept as a tombstone, with what officer A wrote and every history entry it had.
            assert dropped.deleted and dropped.progress == "甲：已部署，召开推进会" and dropped.revision == 3
            actions = list(
                s.scalars(select(RecordHistory.action).where(RecordHistory.record_id == older).order_by("id"))
            )
            assert actions == ["insert", "update", "dedupe"]
        shown = record_history(upgraded, TASK_PROGRESS, older)
        assert "重复" in shown[0].action and newer in shown[0].action
        kept = record_history(upgraded, TASK_PROGRESS, newer)
        assert older in kept[0].action and "已删除" in kept[0].action
        # Two officers can no longer both report the task.
        with pytest.raises(records.ChangedByOthers), upgraded.session() as s:
            records.create(s, TASK_PROGRESS, upgraded.own_unit(s).id, report(6, "丙"))
        # The ledger still moves and backs up whole.
        target = tmp_path / "copy.db"
        assert main(["--db", db_arg(upgraded), "copy-ledger", "--to", str(target)]) == 0
        assert main(["--db", db_arg(upgraded), "backup", "-o", str(tmp_path / "backup.db")]) == 0
    with Ledger(target) as copy, copy.session() as s:
        assert s.scalar(select(func.count()).select_from(M).where(M.task_number == 6)) == 2
        assert live_reports(copy, 6) == ["乙：已部署并验收"]


# --- the import lands a unit's task report once ------------------------------------------------------


def _import(bureau: Ledger, path: Path) -> None:
    from app.merge import apply_plan, plan_import

    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)


def _bureau_reports(bureau: Ledger, number: int) -> list[str]:
    return live_reports(bureau, number)


def test_a_report_deleted_and_filled_in_again_at_the_unit_lands_once(ledgers, tmp_path: Path) -> None:
    from app.outgoing.submission import export_submission

    unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    first = add_record(unit, TASK_PROGRESS, **report(1, "第一稿"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "first.xlsx").path)
    with unit.session() as s:
        records.delete(s, TASK_PROGRESS, s.get(M, first))
    add_record(unit, TASK_PROGRESS, **report(1, "重新填写"))
    _import(bureau, export_submission(unit, Q1, tmp_path / "second.xlsx").path)
    assert _bureau_reports(bureau, 1) == ["重新填写"]


def test_the_same_task_reported_on_two_pcs_of_a_unit_lands_once(ledgers, tmp_path: Path) -> None:
    from app.outgoing.submission import export_submission

    pc1, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    # The unit's second PC started from a copy of the first's ledger (same unit, same key).
    assert main(["--db", db_arg(pc1), "backup", "-o", str(tmp_path / "pc2.db")]) == 0
    with Ledger(tmp_path / "pc2.db") as pc2:
        add_record(pc1, TASK_PROGRESS, **report(2, "一号机填的"))
        add_record(pc2, TASK_PROGRESS, **report(2, "二号机填的"))  # another record id, the same task
        _import(bureau, export_submission(pc1, Q1, tmp_path / "pc1.xlsx").path)
        _import(bureau, export_submission(pc2, Q1, tmp_path / "pc2.xlsx").path)
    assert _bureau_reports(bureau, 2) == ["二号机填的"]


def test_an_indicator_and_a_station_service_reported_on_two_pcs_of_a_unit_land_once(ledgers, tmp_path: Path) -> None:
    """As a task report: the unit's second PC (or the clerk starting over after a filled workbook)
    typed indicator 3 and a station's quarter again, under new record ids. The bureau kept both
    values of indicator 3 for 长寿路街道 2025Q1 and both quarters of the station; the year's figure
    took whichever of the two it met first (on the district bench ledger, the older value, not the
    one the unit sent last). Each now lands on the unit's one record for the period, as the
    program's own form allows only one."""
    from app.outgoing.submission import export_submission
    from app.reports.consolidated import indicator_rows, load_records
    from app.vocabulary.kinds import BRAND_STATION, INDICATOR_VALUE, STATION_SERVICE

    pc1, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    station = {"name": "长寿路商标品牌指导站", "host_org": "上海长寿企业服务有限公司", "street": "长寿路街道"}
    add_record(pc1, BRAND_STATION, **station, status="已揭牌")
    assert main(["--db", db_arg(pc1), "backup", "-o", str(tmp_path / "pc2.db")]) == 0
    with Ledger(tmp_path / "pc2.db") as pc2:
        for pc, value, served in ((pc1, 0.3, 10), (pc2, 0.5, 12)):
            add_record(pc, INDICATOR_VALUE, indicator_number=3, period=Q1.code, value=value)
            add_record(pc, STATION_SERVICE, station_name=station["name"], period=Q1.code, companies_served=served)
        _import(bureau, export_submission(pc1, Q1, tmp_path / "pc1.xlsx").path)
        _import(bureau, export_submission(pc2, Q1, tmp_path / "pc2.xlsx").path)
    with bureau.session() as s:
        live = INDICATOR_VALUE.model.deleted.is_(False)
        assert list(s.scalars(select(INDICATOR_VALUE.model.value).where(live))) == [0.5]
        served = STATION_SERVICE.model.deleted.is_(False)
        assert list(s.scalars(select(STATION_SERVICE.model.companies_served).where(served))) == [12]
        year = parse_period("2025")
        rows = indicator_rows(s, load_records(s, year), [2025], [])
        reported = next(r for r in rows if r[0] == 3)
        assert reported[5] == 0.5, reported  # the reported value: the unit's last word
