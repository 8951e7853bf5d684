"""Every workbook the app writes prints as an office expects (SPEC §11), read back from the files."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from app.outgoing.submission import export_submission, write_template
from app.reports.consolidated import consolidate
from app.vocabulary.kinds import KINDS, MACHINE_HEADERS, PATENT_DEAL, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

LONG = "组织开展知识产权宣传周系列活动，走访重点企业二十余家，推动高价值专利培育布局，形成工作台账并按季度报送。" * 2
REPORT_SHEETS = ["指标完成情况", "任务推进矩阵", "报送情况", "统计", "疑似重复"]


def print_areas(path: Path) -> dict[str, str]:
    """Sheet name → print area as the file defines it (openpyxl leaves out whole-column areas)."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
    areas = re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]+)</definedName>', book)
    return {names[int(i)]: area.split("!")[-1] for i, area in areas}


def printed_columns(area) -> tuple[int, int]:  # noqa: ANN001 - a print area, or a sheet openpyxl read it of
    """(first, last) column numbers of the print area."""
    cols = re.findall(r"\$([A-Z]+)", area if isinstance(area, str) else str(area.print_area).split("!")[-1])
    first, last = (openpyxl.utils.column_index_from_string(c) for c in cols)
    return first, last


def assert_prints_well(ws, title_words: list[str], unit: str) -> None:  # noqa: ANN001
    ps = ws.page_setup
    assert ps.paperSize == 9, ws.title  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert ps.fitToHeight == 0, ws.title  # as many pages down as it takes...
    assert (ps.fitToWidth or 1) in (1, 2), ws.title  # ...and one or two across (1 is the file's default)
    header = ws.oddHeader.left.text or ""
    assert all(w in header for w in title_words), (ws.title, header)
    footer = ws.oddFooter
    assert unit in (footer.left.text or "") and "&P" in footer.center.text and "&N" in footer.center.text


def test_submission_prints_with_titles_repeated_headers_and_no_machine_columns(ledgers, tmp_path: Path) -> None:
    ledger = ledgers("长寿路街道")
    add_record(ledger, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress=LONG)
    add_record(
        ledger,
        PATENT_DEAL,
        deal_type="转让",
        patent_no="202310123456.6",
        grantor="华东师范大学",
        grantee="上海甲公司",
        amount=12.5,
        contract_date=date(2025, 2, 3),
    )
    path = export_submission(ledger, parse_period("2025Q1"), tmp_path / "报送.xlsx").path
    wb = openpyxl.load_workbook(path)
    areas = print_areas(path)
    assert_prints_well(wb["说明"], ["说明", "长寿路街道", "2025年第一季度"], "长寿路街道")
    for kind in KINDS:
        ws = wb[kind.sheet]
        assert_prints_well(ws, [kind.sheet, "长寿路街道", "2025年第一季度"], "长寿路街道")
        assert ws.print_title_rows == "$1:$1"  # the header row on every page
        headers = [c.value for c in ws[1]]
        first, last = printed_columns(areas[kind.sheet])
        assert (first, headers[last - 1]) == (1, "填报单位")  # 记录ID and 版本 are not printed
        assert re.fullmatch(r"\$A:\$[A-Z]+", areas[kind.sheet])  # whole columns: rows added in Excel print too
        assert headers[last:] == list(MACHINE_HEADERS[1:])
        amounts = any("万元" in h for h in headers)
        assert ("单位：万元" in (ws.oddHeader.right.text or "")) == amounts, kind.sheet
        assert ws.page_setup.orientation == "landscape"  # every data sheet is wider than a portrait page

    tasks = wb["任务进展"]
    progress = [c.value for c in tasks[1]].index("进展情况") + 1
    cell = tasks.cell(2, progress)
    assert cell.value == LONG and cell.alignment.wrap_text  # a long text wraps within its column...
    assert tasks.row_dimensions[2].height >= 3 * 15  # ...in a row tall enough to show it
    assert tasks.print_title_cols == "$A:$B"  # two pages across: what identifies a row repeats on each
    deals = wb["专利交易"]
    assert printed_columns(areas["专利交易"])[1] == len(PATENT_DEAL.fields) + 1
    assert (deals.page_setup.fitToWidth or 1) == 1  # narrower sheets fit one page across


def test_template_prints_its_empty_sheets_on_one_page_each(tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    areas = print_areas(path)
    for kind in KINDS:
        ws = wb[kind.sheet]
        assert_prints_well(ws, [kind.sheet, "填报模板"], "")
        assert areas[kind.sheet] == f"$A:${get_column_letter(len(kind.fields) + 1)}"  # the fields and 填报单位


def test_rows_a_unit_adds_in_excel_print_and_the_drop_downs_print_no_blank_pages(tmp_path: Path) -> None:
    """A unit without the app fills the blank template: the rows it adds are printed, and the
    drop-down lists reaching row 1,048,576 print no empty pages (read as LibreOffice prints it)."""
    from tests.ui.test_progress_report import libreoffice_pdf
    from tests.workbooks import rebuild, sheet_part

    template = write_template(tmp_path / "模板.xlsx")
    sheet = sheet_part(template, PLEDGE_FINANCING.sheet)
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>填报企业{r:02d}有限公司</t></is></c></row>'
        for r in range(2, 62)
    )
    filled = rebuild(
        template,
        tmp_path / "已填.xlsx",
        {sheet: lambda xml: xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")},
    )
    pages, text = libreoffice_pdf(filled, tmp_path / "pdf")
    assert all(f"填报企业{r:02d}有限公司" in text for r in range(2, 62))  # every added row is on paper
    assert pages <= 2 * len(KINDS) + 6  # the cover, each sheet's page or two, and no pages of empty rows


def test_consolidated_workbook_puts_reports_first_with_titles_and_charts(ledgers, tmp_path: Path) -> None:
    bureau = ledgers("区知识产权局")
    add_record(bureau, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    path, _counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[: len(REPORT_SHEETS) + 1] == ["说明", *REPORT_SHEETS]
    assert wb.sheetnames[len(REPORT_SHEETS) + 1 :] == [k.sheet for k in KINDS] + ["_meta"]
    for name in REPORT_SHEETS:
        ws = wb[name]
        assert_prints_well(ws, [name, "2025年"], "区知识产权局")
        assert ws["A1"].value.startswith(name) and ws["A1"].font.b  # a title above the table
        assert ws.print_title_rows == "$3:$3"  # the header row, below the title and the note
    assert "单位：万元" in wb["统计"]["A2"].value and "单位：万元" in wb["统计"].oddHeader.right.text
    # the task matrix (a column per unit) prints two pages across at a readable size, the task
    # number and text repeated on both, rather than shrunk onto one page
    matrix = wb["任务推进矩阵"]
    assert matrix.page_setup.fitToWidth == 2 and matrix.print_title_cols == "$A:$B"
    first, last = printed_columns(wb["疑似重复"])
    assert wb["疑似重复"].cell(3, last + 1).value == "记录ID"  # the record ids are not printed

    # 指标完成情况 carries a native Excel chart of the completion rates, one series per year
    with zipfile.ZipFile(path) as z:
        sheet_no = wb.sheetnames.index("指标完成情况") + 1
        rels = z.read(f"xl/worksheets/_rels/sheet{sheet_no}.xml.rels").decode()
        assert "drawing" in rels
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = z.read(charts[0]).decode()
    assert "<c:barChart>" in chart and "<c:f>指标完成情况!$H$4:$H$10</c:f>" in chart  # 7 indicators' rates
    assert "<c:f>指标完成情况!$B$4:$B$10</c:f>" in chart  # named by the indicators


def test_an_empty_duplicates_sheet_says_none_were_found_on_paper(ledgers, tmp_path: Path) -> None:
    """疑似重复 with no duplicate printed its header alone, so the reader could not tell a check that
    found nothing from a sheet left unfilled: it says 未发现疑似重复记录, on the page LibreOffice prints."""
    from tests.ui.test_progress_report import libreoffice_pdf

    bureau = ledgers("区知识产权局")
    add_record(bureau, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已部署")
    path, _counts = consolidate(bureau, parse_period("2025Q1"), tmp_path / "汇总.xlsx")
    ws = openpyxl.load_workbook(path)["疑似重复"]
    assert ws.cell(4, 1).value == "未发现疑似重复记录"
    assert ws.print_area.endswith("$A$1:$E$4")  # printed below the header
    _pages, text = libreoffice_pdf(path, tmp_path / "pdf")
    after_header = text[text.index("计入合计的单位") :]
    assert "未发现疑似重复记录" in after_header.split("\f")[0]  # on the sheet's own page


def test_plan_workbook_and_feedback_workbook_print_too(ledgers, tmp_path: Path) -> None:
    from app.cli.main import main as cli

    bureau = ledgers("区知识产权局")
    plan = tmp_path / "方案.xlsx"
    assert cli(["--db", str(bureau.path), "plan-template", "-o", str(plan)]) == 0
    wb = openpyxl.load_workbook(plan)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert_prints_well(ws, [ws.title], "")
    assert wb["任务"].page_setup.orientation == "landscape" and wb["任务"].print_title_rows == "$1:$1"
    wb.close()

    street = ledgers("长寿路街道")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress=LONG)
    file = export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    from app.merge import apply_plan, plan_import

    apply_plan(bureau, plan_import(bureau, [file]))
    feedback = tmp_path / "反馈.xlsx"
    args = ["--db", str(bureau.path), "return", "--unit", "长寿路街道", "--period", "2025Q1"]
    assert cli([*args, "--comment", "请补充量化成果。" + LONG, "-o", str(feedback)]) == 0
    wb = openpyxl.load_workbook(feedback)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert_prints_well(ws, [], "长寿路街道")
    sheet = next(ws for ws in wb.worksheets if ws.sheet_state == "visible" and ws.title != "说明")
    headers = [c.value for c in sheet[1]]
    # the machine ids are left off the paper: a UUID in a narrow column wraps into the next row
    assert headers[printed_columns(sheet)[1] :] == ["意见编号", "记录ID"]
    # the long comment's row is as tall as its wrapped text, so it does not run into the next row
    text_column = get_column_letter(headers.index("意见") + 1)
    row = next(r for r in range(2, sheet.max_row + 1) if (sheet[f"{text_column}{r}"].value or "").startswith("请补充"))
    chars_per_line = sheet.column_dimensions[text_column].width / 1.8  # a CJK character is ~1.8 digits wide
    lines = len(sheet[f"{text_column}{row}"].value) / chars_per_line
    assert lines > 4 and (sheet.row_dimensions[row].height or 15) >= int(lines) * 15
    wb.close()


def test_the_exported_view_prints_too(ledgers, tmp_path: Path) -> None:
    from app.store import browse

    ledger = ledgers("长寿路街道")
    add_record(
        ledger,
        PATENT_DEAL,
        deal_type="转让",
        patent_no="202310123456.6",
        grantor="华东师范大学",
        grantee="上海甲公司",
        amount=12.5,
        contract_date=date(2025, 2, 3),
    )
    path = tmp_path / "视图.xlsx"
    with ledger.session() as s:
        assert browse.export_view(s, browse.Query(PATENT_DEAL), path) == 1
    wb = openpyxl.load_workbook(path)
    ws = wb["专利交易"]
    assert_prints_well(ws, ["专利交易"], "")
    assert "单位：万元" in ws.oddHeader.right.text
    assert printed_columns(ws) == (1, len(PATENT_DEAL.input_fields) + 1)  # the fields and 填报单位
    assert str(ws.print_area).endswith("$2")  # the header and the one row
    wb.close()


def test_a_long_progress_text_prints_to_its_last_line(ledgers, tmp_path: Path) -> None:
    """A wrapped 进展情况 or 任务内容 is printed whole: its row is tall enough for its last line (a row
    a line too short cuts it on paper, and the reader never sees how the sentence ends)."""
    from tests.ui.test_progress_report import libreoffice_pdf

    unit = ledgers("长寿路街道")
    sentence = "推进第{:02d}项工作，已完成企业走访和Q{}阶段的知识产权培训（含PCT申请指导）。"
    sentences = [sentence.format(i, i) for i in range(1, 11)]
    texts = {1: "".join(sentences[:3]) + "末句甲。", 9: "".join(sentences) + "末句乙。"}
    for task, text in texts.items():
        add_record(unit, TASK_PROGRESS, period="2025Q4", task_number=task, status="推进中", progress=text)
    path = export_submission(unit, parse_period("2025Q4"), tmp_path / "报送.xlsx").path
    _, text = libreoffice_pdf(path, tmp_path / "pdf")
    printed = re.sub(r"\s+", "", text)
    assert "末句甲。" in printed and "末句乙。" in printed
    assert "Q10阶段的知识产权培训" in printed
