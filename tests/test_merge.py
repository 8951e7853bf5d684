"""End to end through the CLI's core: two units and the bureau, a quarter's round of submissions."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.merge import (
    CONFLICT,
    DELETED,
    EDITED,
    NEW,
    OURS,
    STALE,
    THEIRS,
    UNCHANGED,
    UPDATED,
    ImportRefused,
    apply_plan,
    plan_import,
    undo_import,
)
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import BRAND_STATION, PATENT_DEAL, PATENT_LISTING, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import ImportLog
from tests.conftest import add_listing, add_record, db_arg, delete_record, edit_record, record_values
from tests.workbooks import resign

pytestmark = pytest.mark.both_backends  # every test here also runs on a PostgreSQL server

Q1 = parse_period("2025Q1")
CODE_A = "91310107MA1G5K3L1X"


def actions(plan) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in plan.files:
        for r in f.rows:
            out[r.action] = out.get(r.action, 0) + 1
    return out


def import_files(bureau, *paths, **kw):
    plan = plan_import(bureau, paths)
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan, **kw)
    return plan


@pytest.fixture
def round_trip(ledgers, tmp_path: Path):
    a = ledgers("长寿路街道")
    b = ledgers("曹杨新村街道")
    bureau = ledgers("区知识产权局")
    ids = {
        "task": add_record(a, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="召开推进会2次"),
        "station": add_record(
            a,
            BRAND_STATION,
            name="长寿商标品牌指导站",
            host_org="上海某园区有限公司",
            street="长寿路街道",
            status="已揭牌",
        ),
        "listing": add_listing(
            a,
            price=50.0,
        ),
        "deal": add_record(
            a,
            PATENT_DEAL,
            deal_type="转让",
            patent_no="202310123456.6",
            grantor="华东师范大学",
            grantee="上海甲公司",
            amount=30.0,
            contract_date=date(2025, 3, 1),
        ),
        "pledge": add_record(
            a,
            PLEDGE_FINANCING,
            company="上海乙公司",
            credit_code=CODE_A,
            pledgee="上海农商银行",
            collateral_type="专利",
            amount=500.0,
            registration_no="Y2025310000001",
            registered_on=date(2025, 2, 10),
        ),
    }
    return a, b, bureau, ids, tmp_path


def test_quarterly_round(round_trip) -> None:
    a, b, bureau, ids, tmp = round_trip

    # 1. First submission: everything is new.
    first = export_submission(a, Q1, tmp / "a1.xlsx").path
    plan = import_files(bureau, first)
    assert actions(plan) == {NEW: 5}
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["price"] == 50.0

    # 2. The same file again changes nothing and says so.
    again = plan_import(bureau, [first])
    assert again.files[0].already_imported_at is not None and again.counts()["new"] == 0
    apply_plan(bureau, again)
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 1

    # 3. The unit corrects a listing and deletes the pledge; the resubmission supersedes the first.
    edit_record(a, PATENT_LISTING, ids["listing"], price=65.0)
    delete_record(a, PLEDGE_FINANCING, ids["pledge"])
    second = export_submission(a, Q1, tmp / "a2.xlsx").path
    plan = import_files(bureau, second)
    assert actions(plan) == {UPDATED: 1, UNCHANGED: 3, DELETED: 1}
    listing = record_values(bureau, PATENT_LISTING, ids["listing"])
    assert (listing["price"], listing["revision"]) == (65.0, 2)
    assert record_values(bureau, PLEDGE_FINANCING, ids["pledge"])["deleted"] is True
    with bureau.session() as s:
        logs = s.scalars(select(ImportLog).order_by(ImportLog.id)).all()
        assert logs[0].superseded_by == logs[1].id

    # 4. The old file arriving late is stale: nothing goes back.
    plan = plan_import(bureau, [first])
    assert plan.files[0].already_imported_at is not None
    renamed = tmp / "a1-copy.xlsx"
    wb = openpyxl.load_workbook(first)
    wb.save(renamed)  # same content, another file (as when it is forwarded again)
    plan = plan_import(bureau, [renamed])
    assert actions(plan)[STALE] == 2 and plan.files[0].superseded_by is not None

    # 5. A conflict: the bureau fixes the deal's amount, the unit changes amount and grantee.
    edit_record(bureau, PATENT_DEAL, ids["deal"], amount=31.0, title="局里补充的名称")
    edit_record(a, PATENT_DEAL, ids["deal"], amount=33.0, grantee="上海甲科技公司")
    third = export_submission(a, Q1, tmp / "a3.xlsx").path
    plan = plan_import(bureau, [third])
    conflict = next(r for f in plan.files for r in f.rows if r.action == CONFLICT)
    # Three-way: only the amount both changed is a conflict; each side's other change stands.
    assert conflict.conflicts == {"amount": (31.0, 33.0)}
    assert (conflict.fields["grantee"].side, conflict.fields["title"].side) == (THEIRS, OURS)
    apply_plan(bureau, plan)  # the default keeps the ledger's amount
    deal = record_values(bureau, PATENT_DEAL, ids["deal"])
    assert (deal["amount"], deal["grantee"], deal["title"]) == (31.0, "上海甲科技公司", "局里补充的名称")

    # 6. A likely duplicate: another street reports the same pledge registration.
    add_record(
        b,
        PLEDGE_FINANCING,
        company="上海丙公司",
        credit_code=CODE_A,
        pledgee="上海农商银行",
        collateral_type="专利",
        amount=800.0,
        registration_no="Y2025310000009",
        registered_on=date(2025, 3, 2),
    )
    listing_b = add_record(
        b,
        PATENT_LISTING,
        patent_no="202310123456.6",
        title="一种检测装置",
        holder="华东师范大学",
        deal_mode="转让",
        listed_on=date(2025, 1, 9),
        listing_status="在架",
    )
    plan = import_files(bureau, export_submission(b, Q1, tmp / "b1.xlsx").path)
    dup = next(r for f in plan.files for r in f.rows if r.record_id == listing_b)
    assert dup.duplicate_of == "长寿路街道"
    assert plan.counts()["duplicates"] == 1

    # 7. Undo the last import: the other street's rows are gone again.
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
    undo_import(bureau, last)
    assert record_values(bureau, PATENT_LISTING, listing_b) is None
    with pytest.raises(ImportRefused, match="已于"):
        undo_import(bureau, last)


def test_undo_restores_an_update_and_a_delete(round_trip) -> None:
    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(a, PATENT_LISTING, ids["listing"], title="改过的名称")
    delete_record(a, BRAND_STATION, ids["station"])
    import_files(bureau, export_submission(a, Q1, tmp / "a2.xlsx").path)
    assert record_values(bureau, BRAND_STATION, ids["station"])["deleted"] is True
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
        first = s.scalar(select(func.min(ImportLog.id)))
    undo_import(bureau, last)
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["title"] == "一种检测装置"
    assert record_values(bureau, BRAND_STATION, ids["station"])["deleted"] is False
    with bureau.session() as s:
        assert s.get(ImportLog, first).superseded_by is None  # the first submission counts again


def test_undo_is_refused_when_a_record_changed_since(round_trip) -> None:
    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(bureau, PATENT_LISTING, ids["listing"], title="局里改的")
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
    with pytest.raises(ImportRefused, match="再次修改"):
        undo_import(bureau, last)
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["title"] == "局里改的"


def test_undo_of_an_earlier_file_keeps_the_records_a_later_file_carried(round_trip) -> None:
    """The officer undoes a unit's Q1 import after its Q2 file came in: Q2 carried the unit's
    registries again (unchanged), so undoing Q1 alone would delete records an imported (perhaps
    accepted) file still vouches for, and that file could not be imported again (already imported).
    The undo is refused, naming the later import to undo first; undone newest first, both go."""
    a, b, bureau, ids, tmp = round_trip
    Q2 = parse_period("2025Q2")
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    import_files(bureau, export_submission(b, Q1, tmp / "b1.xlsx").path)  # another unit: no bearing
    plan = import_files(bureau, export_submission(a, Q2, tmp / "a2.xlsx").path)
    assert plan.counts()["unchanged"] >= 2  # the station and the listing, carried again
    with bureau.session() as s:
        first, b1, second = s.scalars(select(ImportLog.id).order_by(ImportLog.id)).all()
    carried = rf"之后的导入 {second}（a2\.xlsx）又带来了.*先撤销导入 {second}"
    with pytest.raises(ImportRefused, match=carried) as refused:
        undo_import(bureau, first)
    assert "台账未作任何改动" in str(refused.value)
    assert record_values(bureau, BRAND_STATION, ids["station"])["deleted"] is False
    assert record_values(bureau, PATENT_LISTING, ids["listing"]) is not None
    with bureau.session() as s:
        assert s.get(ImportLog, first).undone_at is None
    undo_import(bureau, b1)  # the other unit's import, later than a1 but not of its records
    undo_import(bureau, second)
    undo_import(bureau, first)
    assert record_values(bureau, PATENT_LISTING, ids["listing"]) is None


def test_undoing_an_import_a_later_one_carried_and_changed_names_the_import_to_undo_first(round_trip) -> None:
    """Found in review: when the unit's Q2 file also changed a record Q1 brought, undoing Q1 said
    only 导入之后已有 1 条相关记录被再次修改, naming no import; it now names the later import to undo
    first, as when Q2 only carried the records again."""
    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(a, PATENT_LISTING, ids["listing"], price=66.0)  # Q2 changes what Q1 brought
    import_files(bureau, export_submission(a, parse_period("2025Q2"), tmp / "a2.xlsx").path)
    with bureau.session() as s:
        first, second = s.scalars(select(ImportLog.id).order_by(ImportLog.id)).all()
    with pytest.raises(ImportRefused, match=rf"先撤销导入 {second}"):
        undo_import(bureau, first)


def test_a_row_edited_outside_the_app_is_applied_and_flagged(round_trip) -> None:
    a, _b, bureau, ids, tmp = round_trip
    path = export_submission(a, Q1, tmp / "a1.xlsx").path
    import_files(bureau, path)
    edited = tmp / "a1-edited.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["专利超市挂牌"]
    price_col = [c.value for c in ws[1]].index("挂牌价格(万元)") + 1
    ws.cell(2, price_col).value = 58
    wb.save(edited)
    plan = import_files(bureau, edited)
    assert actions(plan) == {EDITED: 1, UNCHANGED: 4}
    assert plan.counts()["edited_outside"] == 1
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["price"] == 58.0


def test_a_row_missing_from_a_submission_is_reported_not_deleted(round_trip) -> None:
    a, _b, bureau, ids, tmp = round_trip
    path = export_submission(a, Q1, tmp / "a1.xlsx").path
    import_files(bureau, path)
    edit_record(a, PATENT_DEAL, ids["deal"], amount=40.0)
    cut = tmp / "a2-cut.xlsx"
    wb = openpyxl.load_workbook(export_submission(a, Q1, tmp / "a2.xlsx").path)
    wb["专利超市挂牌"].delete_rows(2)
    wb.save(cut)
    plan = import_files(bureau, cut)
    assert [(k.sheet, rid) for k, rid in plan.files[0].missing] == [("专利超市挂牌", ids["listing"])]
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["deleted"] is False


def test_a_file_sent_again_after_a_later_one_misses_nothing_that_came_since(ledgers, tmp_path: Path) -> None:
    """宜川路街道 mailed its third quarter's file again after the fourth's, re-saved on the way: the
    preview said 本期应有而文件中缺少 28 条 — the listings and the station the fourth quarter's file
    brought, which did not exist when the third's was written — and the officer would have phoned the
    unit about them. What first came in a file the unit sent later is not missing from an older one;
    what an older file did carry still is."""
    from tests.test_libreoffice import resave_with_libreoffice

    unit, bureau = ledgers("宜川路街道"), ledgers("区知识产权局")
    first = add_listing(unit, listed_on=date(2025, 8, 1))
    q3 = export_submission(unit, parse_period("2025Q3"), tmp_path / "q3.xlsx").path
    add_listing(unit, patent_no="202310123457.0", title="一种分拣装置", listed_on=date(2025, 11, 3))
    q4 = export_submission(unit, parse_period("2025Q4"), tmp_path / "q4.xlsx").path
    import_files(bureau, q3)
    import_files(bureau, q4)
    again = resave_with_libreoffice(q3, tmp_path / "lo")
    assert plan_import(bureau, [again]).files[0].missing == []

    cut = tmp_path / "q3-cut.xlsx"  # the old file with its own listing taken out: that one is missing
    wb = openpyxl.load_workbook(again)
    wb["专利超市挂牌"].delete_rows(2)
    wb.save(cut)
    assert [rid for _k, rid in plan_import(bureau, [cut]).files[0].missing] == [first]


def test_office_loads_a_filled_template_and_matches_by_natural_key(ledgers, tmp_path: Path) -> None:
    from app.outgoing.submission import write_template

    office = ledgers("长风新村街道")
    path = write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["任务进展"]
    ws.append(["2025Q1", 9, None, "推进中", "开展专利转化对接会"])
    ws.append(["2025年第一季度", "１８", None, "未启动"])
    wb.save(path)
    plan = import_files(office, path)
    assert actions(plan) == {NEW: 2}

    ws.cell(2, 5).value = "开展专利转化对接会3场"  # the same task and period again: an update, not a new row
    wb.save(path)
    plan = import_files(office, path)
    assert actions(plan) == {UPDATED: 1, UNCHANGED: 1}
    with office.session() as s:
        rows = s.execute(
            select(
                TASK_PROGRESS.model.task_number, TASK_PROGRESS.model.progress, TASK_PROGRESS.model.revision
            ).order_by(TASK_PROGRESS.model.task_number)
        ).all()
    assert [tuple(r) for r in rows] == [(9, "开展专利转化对接会3场", 2), (18, None, 1)]


def test_office_refuses_another_units_submission(ledgers, tmp_path: Path) -> None:
    a = ledgers("长寿路街道")
    other = ledgers("万里街道")
    plan = plan_import(other, [export_submission(a, Q1, tmp_path / "a.xlsx").path])
    assert "只能导入本单位的数据" in str(plan.errors[0])


def listing_history(ledger, record_id: str) -> list[dict]:
    from db.models import RecordHistory

    with ledger.session() as s:
        return [
            h.merge
            for h in s.scalars(
                select(RecordHistory).where(RecordHistory.record_id == record_id).order_by(RecordHistory.id)
            )
            if h.merge
        ]


def test_bureau_and_unit_change_different_fields_of_a_listing(round_trip) -> None:
    """The bureau corrects the price, the unit concludes the deal: both changes survive, no conflict."""
    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(bureau, PATENT_LISTING, ids["listing"], price=48.0)
    edit_record(a, PATENT_LISTING, ids["listing"], listing_status="已成交")
    plan = import_files(bureau, export_submission(a, Q1, tmp / "a2.xlsx").path)
    row = next(r for f in plan.files for r in f.rows if r.record_id == ids["listing"])
    assert row.action == UPDATED and row.conflicts == {}
    assert row.name == "202310123456.6 一种检测装置"
    assert {k: (c.old, c.new, c.side) for k, c in row.fields.items()} == {
        "price": (48.0, 50.0, OURS),
        "listing_status": ("在架", "已成交", THEIRS),
    }
    listing = record_values(bureau, PATENT_LISTING, ids["listing"])
    assert (listing["price"], listing["listing_status"]) == (48.0, "已成交")
    assert listing_history(bureau, ids["listing"]) == [{"price": OURS, "listing_status": THEIRS}]

    # The next round merges against what was agreed then: the unit's new title comes in, the
    # bureau's price still stands, and nothing asks.
    edit_record(a, PATENT_LISTING, ids["listing"], title="一种检测装置及方法")
    plan = import_files(bureau, export_submission(a, Q1, tmp / "a3.xlsx").path)
    row = next(r for f in plan.files for r in f.rows if r.record_id == ids["listing"])
    assert row.action == UPDATED and {k: c.side for k, c in row.fields.items()} == {"price": OURS, "title": THEIRS}
    listing = record_values(bureau, PATENT_LISTING, ids["listing"])
    assert (listing["price"], listing["title"], listing["listing_status"]) == (48.0, "一种检测装置及方法", "已成交")


def test_a_plan_gone_stale_is_refused_and_writes_nothing(round_trip) -> None:
    from app.merge import StalePlan

    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(a, PATENT_LISTING, ids["listing"], price=65.0)
    plan = plan_import(bureau, [export_submission(a, Q1, tmp / "a2.xlsx").path])
    edit_record(bureau, PATENT_LISTING, ids["listing"], title="预览之后局里改的")  # another window, meanwhile
    with bureau.session() as s:
        logs_before = s.scalar(select(func.count()).select_from(ImportLog))
    with pytest.raises(StalePlan, match="请重新预览"):
        apply_plan(bureau, plan)
    listing = record_values(bureau, PATENT_LISTING, ids["listing"])
    assert (listing["price"], listing["title"]) == (50.0, "预览之后局里改的")
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == logs_before


def test_the_same_file_imported_twice_at_once_ends_as_already_imported(round_trip) -> None:
    from app.merge import StalePlan
    from app.store.ledger import Ledger

    a, _b, bureau, _ids, tmp = round_trip
    path = export_submission(a, Q1, tmp / "a1.xlsx").path
    with Ledger(bureau.location) as other_program:
        first, second = plan_import(bureau, [path]), plan_import(other_program, [path])
        apply_plan(other_program, second)
    with pytest.raises(StalePlan, match="已导入过"):
        apply_plan(bureau, first)
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 1


def test_new_records_another_program_wrote_meanwhile_refuse_the_import(round_trip) -> None:
    """Between the preview and the confirm, another officer's program imported the unit's earlier
    file holding the same new records: the confirmed import is refused as stale, in words, and
    writes nothing (on a server the rows go in by COPY: its duplicate key is the same refusal)."""
    from app.merge import StalePlan
    from app.store.ledger import Ledger

    a, _b, bureau, ids, tmp = round_trip
    first = export_submission(a, Q1, tmp / "a1.xlsx").path
    edit_record(a, PATENT_LISTING, ids["listing"], price=65.0)
    plan = plan_import(bureau, [export_submission(a, Q1, tmp / "a2.xlsx").path])
    with Ledger(bureau.location) as other_program:
        import_files(other_program, first)
    with pytest.raises(StalePlan, match="已由另一程序或窗口写入台账，本次未导入任何数据"):
        apply_plan(bureau, plan)
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 1
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["price"] == 50.0


def test_a_text_with_windows_line_ends_arrives_as_typed_and_again_unchanged(ledgers, tmp_path: Path) -> None:
    """A progress text with \r\n (pasted from another program) reaches the bureau as the unit holds
    it, and the same row sent again untouched is unchanged. A version that made line ends \n as text
    entered saw the bureau's \r\n — every ledger older versions filled — as changed in a
    spreadsheet (表外修改), wrote the unit a comment saying so and refused undoing its imports."""
    unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    text = "第一行\r\n第二行"
    rid = add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=2, status="推进中", progress=text)
    import_files(bureau, export_submission(unit, Q1, tmp_path / "q1.xlsx").path)
    assert record_values(bureau, TASK_PROGRESS, rid)["progress"] == text
    plan = import_files(bureau, export_submission(unit, Q1, tmp_path / "q1-again.xlsx").path)
    assert plan.counts()["edited_outside"] == 0
    assert actions(plan) == {UNCHANGED: 1}


def test_two_stations_of_one_name_reach_the_bureau_as_two(ledgers, tmp_path: Path) -> None:
    """A unit's revoked station and its successor under the same name (the form warns of the name, it
    does not refuse it) are two stations at the bureau, each as the unit holds it; a version that
    took a station of the unit's of that name for the same one overwrote the revoked one's host,
    address and status with the successor's."""
    unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    name, street = "长寿路商标品牌指导站", "长寿路街道"
    old = add_record(
        unit, BRAND_STATION, name=name, host_org="甲公司", street=street, address="甲路1号", status="已撤销"
    )
    new = add_record(
        unit, BRAND_STATION, name=name, host_org="乙公司", street=street, address="乙路2号", status="已揭牌"
    )
    plan = import_files(bureau, export_submission(unit, Q1, tmp_path / "q1.xlsx").path)
    assert actions(plan) == {NEW: 2}
    assert (
        record_values(bureau, BRAND_STATION, old)["host_org"],
        record_values(bureau, BRAND_STATION, old)["status"],
    ) == (
        "甲公司",
        "已撤销",
    )
    assert record_values(bureau, BRAND_STATION, new)["host_org"] == "乙公司"


def test_the_same_record_id_twice_in_a_file_names_both_rows(round_trip) -> None:
    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    path = export_submission(a, Q1, tmp / "a2.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["专利超市挂牌"]
    ws.append([c.value for c in ws[2]])  # a clerk copies the row and types a new patent number over it
    ws.cell(3, 1).value = "202310123457.0"
    wb.save(path)
    plan = plan_import(bureau, [path])
    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [("专利超市挂牌", 3, "记录ID")]
    assert "第 2 行" in plan.errors[0].message
    with pytest.raises(ImportRefused):
        apply_plan(bureau, plan)
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["patent_no"] == "202310123456.6"


def test_a_submission_may_not_delete_another_units_record(round_trip) -> None:
    from app.exchange.layout import Tombstone

    a, b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    bureau_own = add_listing(bureau, patent_no="202320123456.1", title="局里的挂牌")
    path = export_submission(b, Q1, tmp / "b1.xlsx").path
    wb = openpyxl.load_workbook(path)
    meta = wb["_meta"]
    for t in (
        Tombstone("专利超市挂牌", ids["listing"], "曹杨新村街道", 9),
        Tombstone("专利超市挂牌", bureau_own, "曹杨新村街道", 9),
    ):
        meta.append(["tombstone", t.sheet, t.record_id, t.unit, str(t.revision)])
    wb.save(path)
    resign(path, b)  # b's own key: the signature holds, the merge rules refuse
    plan = plan_import(bureau, [path])
    messages = [str(e) for e in plan.errors]
    assert len(messages) == 2
    assert "一种检测装置" in messages[0] and "“长寿路街道”" in messages[0]
    assert "局里的挂牌" in messages[1] and "“区知识产权局”" in messages[1]
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["deleted"] is False


def test_skip_bad_imports_the_good_files_and_refuses_the_bad(round_trip) -> None:
    from app.cli.main import main

    a, b, bureau, ids, tmp = round_trip
    good = export_submission(a, Q1, tmp / "a1.xlsx").path
    add_record(
        b,
        PATENT_DEAL,
        deal_type="转让",
        patent_no="202310123456.6",
        grantor="甲",
        grantee="乙",
        contract_date=date(2025, 3, 3),
    )
    bad = export_submission(b, Q1, tmp / "b1.xlsx").path
    wb = openpyxl.load_workbook(bad)
    wb["专利交易"].cell(2, 1).value = "赠与"
    wb.save(bad)
    assert main(["--db", db_arg(bureau), "import", str(good), str(bad)]) == 1
    assert record_values(bureau, PATENT_LISTING, ids["listing"]) is None  # nothing without --skip-bad
    assert main(["--db", db_arg(bureau), "import", "--skip-bad", str(good), str(bad)]) == 1
    assert record_values(bureau, PATENT_LISTING, ids["listing"])["price"] == 50.0
    with bureau.session() as s:
        assert s.scalars(select(ImportLog.file_name)).all() == ["a1.xlsx"]


def test_json_preview_names_rows_with_unit_and_fields_old_and_new(round_trip, capsys) -> None:
    import json

    from app.cli.main import main

    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(bureau, PATENT_LISTING, ids["listing"], price=48.0)
    edit_record(a, PATENT_LISTING, ids["listing"], listing_status="已成交")
    path = export_submission(a, Q1, tmp / "a2.xlsx").path
    capsys.readouterr()
    assert main(["--db", db_arg(bureau), "import", "--dry-run", "--json", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"files", "new", "updated", "unchanged", "stale", "conflicts", "duplicates", "errors"} <= set(out)
    assert out["updated"] == 1 and out["conflicts"] == 0
    (row,) = out["files"][0]["rows"]
    assert (row["record"], row["unit"], row["action"], row["sheet"]) == (
        "202310123456.6 一种检测装置",
        "长寿路街道",
        "updated",
        "专利超市挂牌",
    )
    assert row["fields"] == [
        {"field": "挂牌价格(万元)", "old": 48.0, "new": 50.0, "side": "ours"},
        {"field": "挂牌状态", "old": "在架", "new": "已成交", "side": "theirs"},
    ]
    assert out["files"][0]["units_touched"] == ["长寿路街道"]


def test_two_programs_importing_one_file_at_once_end_cleanly(round_trip) -> None:
    """Two command lines import the same file at the same moment: one imports it, the other ends
    as 导入过 (exit 0 when it saw the import, 1 when it lost the race at apply), never a traceback."""
    import subprocess
    import sys

    a, _b, bureau, _ids, tmp = round_trip
    path = export_submission(a, Q1, tmp / "a1.xlsx").path
    cmd = [sys.executable, "-m", "app", "--db", db_arg(bureau), "import", str(path)]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    assert all("Traceback" not in err and "IntegrityError" not in err for _code, _out, err in results)
    assert sorted(code for code, _out, _err in results) in ([0, 0], [0, 1])
    assert sum("已导入（导入编号" in out for _code, out, _err in results) == 1
    assert any("导入过" in out + err for _code, out, err in results)
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 1


def test_a_unit_deleting_what_the_bureau_edited_is_decided_by_the_officer(round_trip) -> None:
    from app.merge import DELETION

    a, _b, bureau, ids, tmp = round_trip
    import_files(bureau, export_submission(a, Q1, tmp / "a1.xlsx").path)
    edit_record(bureau, PLEDGE_FINANCING, ids["pledge"], amount=520.0)
    delete_record(a, PLEDGE_FINANCING, ids["pledge"])
    path = export_submission(a, Q1, tmp / "a2.xlsx").path
    plan = plan_import(bureau, [path])
    row = next(r for f in plan.files for r in f.rows if r.record_id == ids["pledge"])
    assert row.action == CONFLICT and row.conflicts == {DELETION: (False, True)}
    assert row.name == "上海乙公司 Y2025310000001"
    apply_plan(bureau, plan)  # the default keeps the bureau's record
    assert record_values(bureau, PLEDGE_FINANCING, ids["pledge"])["deleted"] is False
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
    undo_import(bureau, last)
    apply_plan(bureau, plan_import(bureau, [path]), decisions={(ids["pledge"], DELETION): THEIRS})
    assert record_values(bureau, PLEDGE_FINANCING, ids["pledge"])["deleted"] is True


def _plan_outline(plan) -> list[tuple]:  # noqa: ANN001
    """What the preview shows of a plan, file by file: counts, messages and every row named."""
    return [
        (
            fp.name,
            [str(e) for e in fp.issues],
            [(r.kind.key, r.action, r.record_id, r.name, sorted(r.values.items())) for r in fp.rows],
        )
        for fp in plan.files
    ]


def test_a_batch_read_ahead_by_a_helper_process_plans_as_one_read_here(round_trip, monkeypatch, caplog) -> None:
    """A large batch is read by a second process while this one plans (app.exchange.read_ahead):
    the plan, the messages and what is written are those of reading every file here."""
    from app.exchange import read_ahead

    a, b, bureau, _ids, tmp = round_trip
    files = [export_submission(a, Q1, tmp / "a1.xlsx").path, export_submission(b, Q1, tmp / "b1.xlsx").path]
    edit_record(a, PATENT_LISTING, add_listing(a, patent_no="202310654321.2", price=8.0), price=9.5)
    files.append(export_submission(a, parse_period("2025Q2"), tmp / "a2.xlsx").path)
    broken = tmp / "broken.xlsx"
    broken.write_bytes(files[0].read_bytes()[:3000])  # a file cut short in the mail
    files.insert(1, broken)

    monkeypatch.setenv(read_ahead.ALWAYS, "")
    assert not read_ahead.worth_a_helper(files)  # small files: read here
    here = plan_import(bureau, files)
    monkeypatch.setenv(read_ahead.ALWAYS, "1")
    assert read_ahead.worth_a_helper(files)
    ahead = plan_import(bureau, files)
    assert not [r.getMessage() for r in caplog.records if r.name == read_ahead.__name__]  # the helper read them
    assert _plan_outline(ahead) == _plan_outline(here)
    assert [f.name for f in ahead.refused] == ["broken.xlsx"], [str(e) for e in ahead.errors]
    apply_plan(bureau, ahead, skip_bad=True)
    assert record_values(bureau, PATENT_LISTING, _listing_id(bureau, "202310654321.2"))["price"] == 9.5


def _listing_id(ledger, patent_no: str) -> str:  # noqa: ANN001
    with ledger.session() as s:
        return s.scalar(select(PATENT_LISTING.model.id).where(PATENT_LISTING.model.patent_no == patent_no))


def test_a_helper_process_that_fails_leaves_the_reading_here(round_trip, monkeypatch) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from app.exchange import read_ahead

    a, b, bureau, _ids, tmp = round_trip
    files = [export_submission(u, Q1, tmp / f"{i}.xlsx").path for i, u in enumerate((a, b, a))]

    class DiesOnTheSecondFile:
        def __init__(self, **_kw: object) -> None:
            self.n = 0

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

        def submit(self, fn, *args):  # noqa: ANN001, ANN201
            self.n += 1
            future: Future = Future()
            if self.n == 2:
                future.set_exception(BrokenProcessPool("the helper process stopped"))
            else:
                future.set_result(fn(*args))
            return future

    here = plan_import(bureau, files)
    monkeypatch.setattr(read_ahead, "Helper", DiesOnTheSecondFile)
    monkeypatch.setenv(read_ahead.ALWAYS, "1")
    assert _plan_outline(plan_import(bureau, files)) == _plan_outline(here)


def test_a_row_whose_record_id_a_spreadsheet_upper_cased_is_still_as_exported(round_trip) -> None:
    """Excel's UPPER() or a careless paste may change the 记录ID's case: the id is the same, and the
    row, its cells unchanged, still counts as the one the app exported (the merge rules rely on it)."""
    from app.exchange.reader import read_workbook

    a, _b, _bureau, ids, tmp = round_trip
    path = export_submission(a, Q1, tmp / "a1.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb[PATENT_LISTING.sheet]
    column = [c.value for c in ws[1]].index("记录ID") + 1
    ws.cell(2, column).value = ws.cell(2, column).value.upper()
    wb.save(path)
    rows = [r for r in read_workbook(path).rows if r.kind is PATENT_LISTING]
    assert [(r.record_id, r.untouched) for r in rows] == [(ids["listing"], True)]


def test_a_units_two_files_in_one_batch_merge_oldest_first(ledgers, tmp_path: Path) -> None:
    """A unit sends a file, then a corrected one that deletes a pledge and lowers a price; the
    bureau drops both in at once, the correction first by name. The ledger ends as the correction
    says (the pledge stays deleted), the older file's import is marked superseded by the newer's,
    and the submission counts from the correction."""
    from app.review import state as review
    from tests.workbooks import set_meta

    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    listing = add_listing(street, price=50.0)
    pledge = add_record(
        street,
        PLEDGE_FINANCING,
        company="上海甲公司",
        credit_code=CODE_A,
        pledgee="上海银行",
        collateral_type="专利",
        amount=300.0,
        registered_on=date(2025, 2, 1),
    )
    first = export_submission(street, Q1, tmp_path / "first.xlsx").path
    first = resign(set_meta(first, tmp_path / "b-第一次.xlsx", "exported_at", "2025-04-04T10:00:00"), street)
    delete_record(street, PLEDGE_FINANCING, pledge)
    edit_record(street, PATENT_LISTING, listing, price=45.0)
    second = export_submission(street, Q1, tmp_path / "second.xlsx").path
    second = resign(set_meta(second, tmp_path / "a-更正.xlsx", "exported_at", "2025-04-10T10:00:00"), street)

    plan = plan_import(bureau, [second, first])  # as a folder is listed: by name
    assert [f.name for f in plan.files] == [first.name, second.name]
    assert any(second.name in w.message for w in plan.files[0].warnings)  # the preview says why
    apply_plan(bureau, plan)
    assert record_values(bureau, PATENT_LISTING, listing)["price"] == 45.0
    with bureau.session() as s:
        assert s.get(PLEDGE_FINANCING.model, pledge).deleted
        logs = {log.file_name: log for log in s.scalars(select(ImportLog))}
        assert logs[first.name].superseded_by == logs[second.name].id
        status = next(st for st in review.statuses(s, Q1) if st.unit == "长寿路街道")
    assert status.submitted_at == datetime(2025, 4, 10, 10, 0)


def test_undoing_an_import_a_later_one_only_changed_names_the_import_to_undo_first(ledgers, tmp_path) -> None:
    """The unit's one listing, imported, then changed and sent again (the later file carries nothing
    else): undoing the first said only 导入之后已有 1 条相关记录被再次修改, naming no import."""
    unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    lid = add_listing(unit, price=50.0)
    import_files(bureau, export_submission(unit, Q1, tmp_path / "一.xlsx").path)
    edit_record(unit, PATENT_LISTING, lid, price=66.0)
    plan = import_files(bureau, export_submission(unit, Q1, tmp_path / "二.xlsx").path)
    assert {k: v for k, v in plan.counts().items() if v} == {"updated": 1}
    with bureau.session() as s:
        first, second = s.scalars(select(ImportLog.id).order_by(ImportLog.id)).all()
    named = rf"之后的导入 {second}（二\.xlsx）又改动了.*先撤销导入 {second}。台账未作任何改动"
    with pytest.raises(ImportRefused, match=named):
        undo_import(bureau, first)
    undo_import(bureau, second)
    undo_import(bureau, first)
    assert record_values(bureau, PATENT_LISTING, lid) is None
