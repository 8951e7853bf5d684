"""The exported workbook as a person opening it in Excel would see it (SPEC §5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.exchange.layout import META_SHEET, Meta
from app.outgoing.submission import default_file_name, export_submission, write_template
from app.vocabulary.kinds import KINDS, MACHINE_HEADERS, PATENT_DEAL, PATENT_LISTING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record, delete_record

VALID_PATENT = "202310123456.6"


def test_template_has_every_sheet_with_exact_headers(tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "说明"
    for kind in KINDS:
        ws = wb[kind.sheet]
        headers = [c.value for c in ws[1]]
        assert headers == [f.label for f in kind.fields] + list(MACHINE_HEADERS)
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert ws.max_row == 1
    assert wb[META_SHEET].sheet_state == "veryHidden"
    status_col = [f.label for f in TASK_PROGRESS.fields].index("推进状态") + 1
    lists = [dv for dv in wb["任务进展"].data_validations.dataValidation if dv.type == "list"]
    status = next(dv for dv in lists if openpyxl.utils.get_column_letter(status_col) in str(dv.sqref))
    assert status.formula1 == '"未启动,推进中,已完成,持续推进,滞后"'
    required = wb["任务进展"].cell(1, 1)
    assert required.font.color.rgb.endswith("C00000")  # required headers stand out


def test_export_carries_the_period_registries_and_real_cells(ledgers, tmp_path: Path) -> None:
    ledger = ledgers("长寿路街道")
    in_q1 = add_record(
        ledger,
        PATENT_DEAL,
        deal_type="转让",
        patent_no=VALID_PATENT,
        grantor="华东师范大学",
        grantee='=HYPERLINK("http://x")',
        amount=12.5,
        contract_date=date(2025, 2, 3),
    )
    in_q2 = add_record(
        ledger,
        PATENT_DEAL,
        deal_type="许可",
        patent_no=VALID_PATENT,
        grantor="甲",
        grantee="乙",
        contract_date=date(2025, 5, 3),
    )
    listing = add_record(
        ledger,
        PATENT_LISTING,
        patent_no=VALID_PATENT,
        title="+一种方法",
        holder="@某公司",
        deal_mode="转让",
        listed_on=date(2024, 6, 1),
        listing_status="在架",
        price=1000.25,
    )
    add_record(ledger, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="-已部署")
    add_record(ledger, TASK_PROGRESS, period="2024Q4", task_number=1, status="推进中", progress="上季度")
    gone = add_record(
        ledger,
        PATENT_LISTING,
        patent_no="202320123456.X",
        title="撤下",
        holder="甲",
        deal_mode="转让",
        listed_on=date(2024, 6, 1),
        listing_status="已下架",
    )
    delete_record(ledger, PATENT_LISTING, gone)
    first = export_submission(ledger, parse_period("2024Q4"), tmp_path / "first.xlsx")
    assert first.counts["专利交易"] == 2  # the first export carries every record: none was sent before

    result = export_submission(ledger, parse_period("2025Q1"), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(result.path)
    deals = list(wb["专利交易"].iter_rows(min_row=2, values_only=True))
    assert [r[-2] for r in deals] == [in_q1]  # the Q2 deal belongs to another period, and was sent
    assert in_q2 not in str(deals)
    row = deals[0]
    assert row[-3:] == ("长寿路街道", in_q1, 1)
    assert row[8].date() == date(2025, 2, 3)  # a real date cell
    assert row[7] == 12.5  # a real number
    grantee = wb["专利交易"].cell(2, 5)
    assert grantee.data_type == "s" and grantee.value.startswith("=HYPERLINK")  # text, not a formula
    listings = list(wb["专利超市挂牌"].iter_rows(min_row=2, values_only=True))
    assert [r[-2] for r in listings] == [listing]  # the registry travels whole, the deleted one as a tombstone
    assert listings[0][1] == "+一种方法" and listings[0][3] == "@某公司" and listings[0][2] == "发明"
    tasks = list(wb["任务进展"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2][:6]) for r in tasks] == [("2025Q1", "加大政策引导")]  # 任务内容 filled from the plan

    meta = Meta.from_rows(wb[META_SHEET].iter_rows(values_only=True))
    assert (meta.kind, meta.unit, meta.period.code) == ("submission", "长寿路街道", "2025Q1")
    assert [(t.sheet, t.record_id, t.revision) for t in meta.tombstones] == [("专利超市挂牌", gone, 2)]
    assert set(meta.digests["专利交易"]) == {in_q1}
    cover = [tuple(c for c in r if c is not None) for r in wb["说明"].iter_rows(values_only=True)]
    assert ("填报单位", "长寿路街道") in cover and ("专利交易", 1) in cover
    assert ("报告期", "2025年第一季度（2025Q1）") in cover


def test_a_later_export_carries_corrections_to_earlier_periods(ledgers, tmp_path: Path) -> None:
    ledger = ledgers("长寿路街道")
    old = add_record(ledger, TASK_PROGRESS, period="2024Q4", task_number=9, status="推进中", progress="初稿")
    export_submission(ledger, parse_period("2024Q4"), tmp_path / "q4.xlsx")
    q1 = export_submission(ledger, parse_period("2025Q1"), tmp_path / "q1.xlsx")
    assert q1.counts["任务进展"] == 0
    from tests.conftest import edit_record

    edit_record(ledger, TASK_PROGRESS, old, progress="更正后的进展")
    q1 = export_submission(ledger, parse_period("2025Q1"), tmp_path / "q1b.xlsx")
    assert q1.counts["任务进展"] == 1


def test_first_export_carries_every_record_and_warns_of_unreported_tasks(ledgers, tmp_path: Path) -> None:
    ledger = ledgers("长寿路街道")
    old = add_record(ledger, TASK_PROGRESS, period="2024Q3", task_number=1, status="推进中", progress="去年")
    add_record(ledger, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="本期")
    first = export_submission(ledger, parse_period("2025Q1"), tmp_path / "first.xlsx")
    wb = openpyxl.load_workbook(first.path)
    assert old in [r[-2] for r in wb["任务进展"].iter_rows(min_row=2, values_only=True)]
    with ledger.session() as s:
        from app.store import catalogue

        unit = catalogue.find_unit(s, "长寿路街道")
        leads = [t.number for t in catalogue.tasks_of_unit(s, unit, "2025Q1")]
    assert 1 in leads and first.unreported == [n for n in leads if n != 1]
    assert f"{len(leads) - 1} 项任务本期尚未填报" in first.unreported_text()
    again = export_submission(ledger, parse_period("2025Q1"), tmp_path / "again.xlsx")
    assert again.counts["任务进展"] == 1  # sent already: only the period's row travels again


def test_text_columns_are_formatted_as_text(ledgers, tmp_path: Path) -> None:
    """A phone number typed into an empty cell keeps its leading 0 in Excel and WPS."""
    path = write_template(tmp_path / "模板.xlsx")
    ledger = ledgers("长寿路街道")
    add_record(
        ledger, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="x", phone="02112345678"
    )
    exported = export_submission(ledger, parse_period("2025Q1"), tmp_path / "out.xlsx").path
    for file in (path, exported):
        wb = openpyxl.load_workbook(file)
        for kind in KINDS:
            ws = wb[kind.sheet]
            columns = {c.value: c.column for c in ws[1]}
            for f in kind.fields:
                fmt = column_format(ws, columns[f.label])
                if f.type.value in ("text", "longtext", "patent_no", "credit_code", "period", "choice"):
                    assert fmt == "@", (file.name, kind.sheet, f.label)
                elif f.type.value in ("int", "amount", "number"):
                    assert fmt != "@", (kind.sheet, f.label)
            assert column_format(ws, columns["记录ID"]) == "@"
    ws = openpyxl.load_workbook(exported)["任务进展"]
    phone = ws.cell(2, [c.value for c in ws[1]].index("联系电话") + 1)
    assert phone.value == "02112345678" and phone.number_format == "@"


def test_the_plan_workbook_keeps_typed_text_as_text(tmp_path: Path) -> None:
    from app.plans.workbook import write_plan_workbook

    wb = openpyxl.load_workbook(write_plan_workbook(tmp_path / "方案.xlsx", ["长寿路街道"]))
    for sheet, texts, number in (
        ("任务", ("章节", "任务内容", "牵头单位"), "任务编号"),
        ("指标", ("计量单位",), "目标值"),
    ):
        ws = wb[sheet]
        columns = {c.value: c.column for c in ws[1]}
        assert [column_format(ws, columns[h]) for h in texts] == ["@"] * len(texts)
        assert column_format(ws, columns[number]) != "@"


def column_format(ws, column: int) -> str:  # noqa: ANN001
    """The number format a new cell typed into this column gets (openpyxl groups equal columns)."""
    found = [d for d in ws.column_dimensions.values() if d.min <= column <= d.max]
    return found[0].number_format if found else "General"


def test_nothing_to_report_still_makes_a_valid_file(ledgers, tmp_path: Path) -> None:
    ledger = ledgers("桃浦镇")
    result = export_submission(ledger, parse_period("2025Q2"), tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(result.path)
    assert all(wb[k.sheet].max_row == 1 for k in KINDS)
    assert Meta.from_rows(wb[META_SHEET].iter_rows(values_only=True)).unit == "桃浦镇"


def test_default_file_name_and_atomic_write(ledgers, tmp_path: Path, monkeypatch) -> None:
    assert default_file_name("长寿路街道", parse_period("2025Q1")) == "知识产权台账_长寿路街道_2025Q1.xlsx"
    ledger = ledgers("长寿路街道")
    monkeypatch.chdir(tmp_path)
    result = export_submission(ledger, parse_period("2025Q1"))
    assert result.path == tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx"
    before = result.path.read_bytes()

    from app.exchange import writer

    real_assemble = writer.assemble  # what puts the file on disk (XlsxWriter writes into memory)

    def broken_assemble(source, target, spools):  # noqa: ANN001 - the disk fills up as the file is finished
        real_assemble(source, target, spools)
        Path(target).write_bytes(b"partial")
        raise OSError("磁盘已满")

    monkeypatch.setattr(writer, "assemble", broken_assemble)
    with pytest.raises(OSError, match="磁盘已满"):
        export_submission(ledger, parse_period("2025Q1"))
    assert result.path.read_bytes() == before  # the earlier file is intact
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    from app.exchange.reader import read_workbook

    earlier = read_workbook(result.path)  # and it still reads as the unit's submission
    assert earlier.errors == [] and earlier.meta.unit == "长寿路街道"
