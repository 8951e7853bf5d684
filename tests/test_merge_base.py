"""The merge base through real workbooks: what the bureau and a unit last agreed on is also what the
bureau last sent the unit (a pre-filled workbook), and undoing an import puts it back as it was.

The listing of SPEC §4.3: the bureau corrects 挂牌价格, the unit marks the listing 已成交. Whether the
unit fills the pre-filled workbook by hand (in a spreadsheet, or after LibreOffice re-saved it) or
takes it into its own ledger, both changes end up in the bureau's ledger and nothing is asked.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.merge import ASK, CONFLICT, EDITED, OURS, THEIRS, UPDATED, apply_plan, plan_import, undo_import
from app.outgoing.prefill import write_prefill
from app.outgoing.submission import export_submission
from app.review import comments
from app.review.feedback import return_submission
from app.store import catalogue, records
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from db.models import ImportLog
from tests.conftest import add_listing, edit_record, record_values
from tests.test_libreoffice import resave_with_libreoffice

ME = "长寿路街道"
Q1, Q2 = parse_period("2025Q1"), parse_period("2025Q2")
PATENT = "202310123456.6"


@pytest.fixture
def setting(ledgers, tmp_path: Path):
    """The unit reported a listing at 50 万元 in 2025Q1; the bureau imported it."""
    unit = ledgers(ME)
    bureau = ledgers("区知识产权局")
    listing = add_listing(unit, price=50.0)
    merged(bureau, export_submission(unit, Q1, tmp_path / "q1.xlsx").path)
    return unit, bureau, listing, tmp_path


def planned(bureau, path: Path):  # noqa: ANN001
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    return plan


def merged(bureau, path: Path, **kw):  # noqa: ANN001, ANN003
    plan = planned(bureau, path)
    apply_plan(bureau, plan, **kw)
    return plan


def listing_row(plan, record_id: str):  # noqa: ANN001
    return next(r for f in plan.files for r in f.rows if r.record_id == record_id)


def sides(row) -> dict[str, str]:  # noqa: ANN001
    return {k: c.side for k, c in row.fields.items()}


def sold_by_a_clerk(path: Path, out: Path, **cells: object) -> Path:
    """The pre-filled workbook as a clerk returns it from Excel: the listing marked 已成交 (and any
    other cells given by header), nothing else touched."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PATENT_LISTING.sheet]
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers.index("专利号") + 1).value == PATENT)
    for header, value in {"挂牌状态": "已成交", **cells}.items():
        ws.cell(row, headers.index(header) + 1, value)
    wb.save(out)
    return out


def price_and_status(ledger, record_id: str) -> tuple[float, str]:  # noqa: ANN001
    values = record_values(ledger, PATENT_LISTING, record_id)
    return values["price"], values["listing_status"]


def test_bureau_edits_after_sending_and_the_clerk_returns_the_workbook(setting) -> None:
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)  # a correction, before sending
    sent = write_prefill(bureau, ME, Q2, tmp / "预填.xlsx").path
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)  # and another one after
    filled = sold_by_a_clerk(sent, tmp / "填好的.xlsx")

    plan = merged(bureau, filled)
    row = listing_row(plan, listing)
    assert row.action == EDITED and row.conflicts == {}
    assert sides(row) == {"price": OURS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (45.0, "已成交")


def test_the_same_workbook_resaved_by_libreoffice_merges_the_same_way(setting) -> None:
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)
    sent = write_prefill(bureau, ME, Q2, tmp / "预填.xlsx").path
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    resaved = resave_with_libreoffice(sold_by_a_clerk(sent, tmp / "填好的.xlsx"), tmp / "lo")

    row = listing_row(merged(bureau, resaved), listing)
    assert row.action == EDITED and sides(row) == {"price": OURS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (45.0, "已成交")


def test_a_field_only_the_unit_changed_in_what_was_sent_comes_in(setting) -> None:
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)  # the bureau's correction, sent
    sent = write_prefill(bureau, ME, Q2, tmp / "预填.xlsx").path
    filled = sold_by_a_clerk(sent, tmp / "填好的.xlsx", **{"挂牌价格(万元)": 46})  # the unit bargains

    row = listing_row(merged(bureau, filled), listing)
    assert row.action == EDITED and sides(row) == {"price": THEIRS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (46.0, "已成交")


def test_the_units_ledger_takes_the_workbook_in_and_exports_its_change(setting) -> None:
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)
    sent = write_prefill(bureau, ME, Q2, tmp / "预填.xlsx").path
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    merged(unit, sent)  # the unit's ledger takes the bureau's correction
    assert price_and_status(unit, listing) == (48.0, "在架")
    edit_record(unit, PATENT_LISTING, listing, listing_status="已成交")

    row = listing_row(merged(bureau, export_submission(unit, Q2, tmp / "q2.xlsx").path), listing)
    assert row.action == UPDATED and row.conflicts == {}
    assert sides(row) == {"price": OURS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (45.0, "已成交")


def test_a_record_the_bureau_entered_for_the_unit_is_agreed_once_sent(ledgers, tmp_path: Path) -> None:
    bureau = ledgers("区知识产权局")
    with bureau.session() as s:
        unit_id = catalogue.find_unit(s, ME).id
        values = {f.key: None for f in PATENT_LISTING.input_fields}
        values |= {"patent_no": PATENT, "title": "一种检测装置", "holder": "华东师范大学", "deal_mode": "转让"}
        values |= {"listed_on": Q1.start, "listing_status": "在架", "price": 50.0}
        listing = records.create(s, PATENT_LISTING, unit_id, values).id
    sent = write_prefill(bureau, ME, Q2, tmp_path / "预填.xlsx").path
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    filled = sold_by_a_clerk(sent, tmp_path / "填好的.xlsx")

    row = listing_row(merged(bureau, filled), listing)  # not stale: the unit changed what it was sent
    assert row.action == EDITED and sides(row) == {"price": OURS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (45.0, "已成交")


def test_a_value_the_feedback_workbook_showed_counts_as_sent(setting) -> None:
    """The bureau corrects the price and returns the submission with a comment on it (the feedback
    workbook shows 当前值 48); it corrects the price once more; the unit sets the price it was shown
    and sells: the bureau's later price stands, the sale comes in, nothing asks."""
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)
    with bureau.session() as s:
        comments.add_comment(s, "挂牌价格应为48万元", record_id=listing, field="挂牌价格(万元)", period=Q1)
    feedback = return_submission(bureau, ME, Q1, path=tmp / "反馈.xlsx")[0]
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    apply_plan(unit, plan_import(unit, [feedback]))  # a feedback workbook is imported like any file
    edit_record(unit, PATENT_LISTING, listing, price=48.0, listing_status="已成交")

    row = listing_row(merged(bureau, export_submission(unit, Q1, tmp / "q1-fixed.xlsx").path), listing)
    assert row.action == UPDATED and sides(row) == {"price": OURS, "listing_status": THEIRS}
    assert price_and_status(bureau, listing) == (45.0, "已成交")


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        pytest.param(OURS, (EDITED, {"price": OURS, "listing_status": THEIRS}), id="kept ours: the base moves"),
        pytest.param(THEIRS, (CONFLICT, {"price": ASK, "listing_status": THEIRS}), id="took theirs: the base goes"),
    ],
)
def test_undo_puts_the_base_back_and_a_reimport_merges_as_the_first_time(setting, choice, expected) -> None:
    """Import A (the 2025Q1 file), import B (which moves or drops the base), undo B, import B again:
    the same outcome as the first time, not every difference asked."""
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=48.0)
    sent = write_prefill(bureau, ME, Q2, tmp / "预填.xlsx").path
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    price = {"挂牌价格(万元)": 48} if choice == OURS else {"挂牌价格(万元)": 40}  # THEIRS: both changed it
    b = sold_by_a_clerk(sent, tmp / "B.xlsx", **price)

    first = listing_row(merged(bureau, b, default=choice), listing)
    assert (first.action, sides(first)) == expected
    after_first = price_and_status(bureau, listing)
    with bureau.session() as s:
        last = s.scalar(select(func.max(ImportLog.id)))
    undo_import(bureau, last)
    assert price_and_status(bureau, listing) == (45.0, "在架")

    again = listing_row(merged(bureau, b, default=choice), listing)
    assert (again.action, sides(again)) == expected
    assert price_and_status(bureau, listing) == after_first


def test_undo_of_a_units_export_restores_the_base_it_moved(setting) -> None:
    """Without any workbook sent: import A, the bureau corrects the price, import B (the unit sold
    it; the base moves to B), undo B, import B again: price ours, status theirs, as the first time."""
    unit, bureau, listing, tmp = setting
    edit_record(bureau, PATENT_LISTING, listing, price=45.0)
    edit_record(unit, PATENT_LISTING, listing, listing_status="已成交")
    b = export_submission(unit, Q1, tmp / "B.xlsx").path
    first = listing_row(merged(bureau, b), listing)
    assert (first.action, sides(first)) == (UPDATED, {"price": OURS, "listing_status": THEIRS})
    with bureau.session() as s:
        undo_import(bureau, s.scalar(select(func.max(ImportLog.id))))
    again = listing_row(merged(bureau, b), listing)
    assert (again.action, sides(again)) == (UPDATED, {"price": OURS, "listing_status": THEIRS})
    assert price_and_status(bureau, listing) == (45.0, "已成交")


def test_a_record_the_bureau_restored_is_not_deleted_again_unasked(ledgers, tmp_path: Path) -> None:
    """The unit deleted a listing; the bureau restored it (a change of its own, like an edit). When
    the unit's next file deletes it again, the preview asks instead of deleting it silently."""
    from app.merge import DELETION
    from tests.conftest import delete_record

    unit, bureau = ledgers(ME), ledgers("区知识产权局")
    rid = add_listing(unit)
    for name in ("1.xlsx", "2.xlsx"):
        apply_plan(bureau, plan_import(bureau, [export_submission(unit, Q1, tmp_path / name).path]))
        if name == "1.xlsx":
            delete_record(unit, PATENT_LISTING, rid)
    with bureau.session() as s:
        records.undelete(s, PATENT_LISTING, s.get(PATENT_LISTING.model, rid))
    with unit.session() as s:
        records.undelete(s, PATENT_LISTING, s.get(PATENT_LISTING.model, rid))
    delete_record(unit, PATENT_LISTING, rid)  # restored and deleted again at the unit
    plan = plan_import(bureau, [export_submission(unit, Q1, tmp_path / "3.xlsx").path])
    [row] = [r for f in plan.files for r in f.rows if r.record_id == rid]
    assert row.action == CONFLICT and row.conflicts == {DELETION: (False, True)}
