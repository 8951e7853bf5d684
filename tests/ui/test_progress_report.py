"""The progress report (工作进展报告) as a reader of the Word file and the PDF would check it."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from app.cli.main import main as cli
from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission
from app.reports.consolidated import plan_indicators
from app.reports.progress import NOT_REPORTED, build_report
from app.store import catalogue
from app.vocabulary.kinds import INDICATOR_VALUE, PLEDGE_FINANCING, TASK_PROGRESS
from app.vocabulary.periods import parse_period
from tests.conftest import add_record

PROGRESS_A = "召开政策宣讲会3场，走访企业42家"
PROGRESS_B = "专利导航项目完成中期评估"
PROBLEM_B = "企业参与积极性有待提高"


@pytest.fixture
def bureau(ledgers, tmp_path: Path):  # noqa: ANN201
    """A bureau ledger with one unit's imported submission and reports of its own."""
    street, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    add_record(street, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress=PROGRESS_A)
    add_record(street, INDICATOR_VALUE, indicator_number=2, period="2025Q1", value=20)
    file = export_submission(street, parse_period("2025Q1"), tmp_path / "a.xlsx").path
    apply_plan(bureau, plan_import(bureau, [file]))
    add_record(
        bureau,
        TASK_PROGRESS,
        period="2025Q1",
        task_number=12,
        status="滞后",
        progress=PROGRESS_B,
        problems=PROBLEM_B,
    )
    add_record(
        bureau,
        PLEDGE_FINANCING,
        company="上海乙公司",
        credit_code="91310107MA1G5K3L1X",
        pledgee="上海农商银行",
        collateral_type="专利",
        amount=5000.0,
        registration_no="Y2025-001",
        registered_on=date(2025, 2, 10),
    )
    return bureau


def test_report_content_follows_the_plan_and_the_ledger(bureau) -> None:
    report = build_report(bureau, parse_period("2025Q1"), today=date(2025, 5, 1))
    with bureau.session() as s:
        plan_tasks = catalogue.tasks(s, "2025Q1")
        units = catalogue.units(s)
        expected = {t.number: {u.name for u in catalogue.lead_units_of(t, units)} for t in plan_tasks}
        ledger_indicators = plan_indicators(s, parse_period("2025Q1"))
    assert [t.number for t in report.tasks] == [t.number for t in plan_tasks] == list(range(1, 54))
    for task in report.tasks:
        assert {u.unit for u in task.units} == expected[task.number]  # every responsible unit, once
    task1 = report.tasks[0]
    street = next(u for u in task1.units if u.unit == "长寿路街道")
    assert (street.status, street.progress) == ("推进中", PROGRESS_A)
    assert next(u for u in task1.units if u.unit == "曹杨新村街道").status == "未报送"
    assert [(t.number, u.unit) for t, u in report.lagging] == [(12, "区知识产权局")]
    assert report.sections[0].title.startswith("三、") and report.sections[1].title.startswith("（一）")
    # under the report's own 三、重点任务推进情况 the plan's sections are one level down: （一）… then 1．…
    assert [(s.level, s.heading) for s in report.sections[:3]] == [
        (1, "（一）推进知识产权高质量创造和高效益运用"),
        (2, "1．完善鼓励创新创造的政策导向"),
        (2, "2．" + report.sections[2].name),
    ]
    tops = [s.heading for s in report.sections if s.level == 1]
    assert [t[: t.index("）") + 1] for t in tops] == [f"（{n}）" for n in "一二三四五六七八九十"[: len(tops)]]
    # indicators against targets: what the ledger's indicator sheet says, for 2024 and 2025
    assert [(i.number, i.year, i.target, i.reported, i.computed) for i in report.indicators] == [
        (r[0], r[3], r[4], r[5], r[6]) for r in ledger_indicators
    ]
    pct = next(i for i in report.indicators if (i.number, i.year) == (2, 2025))
    assert (pct.target, pct.reported) == (65.0, 20.0)
    pledged = next(i for i in report.indicators if (i.number, i.year) == (3, 2025))
    assert pledged.computed == 0.5  # 5,000 万元 from the pledge records
    street_line = next(x for x in report.submissions if x.unit == "长寿路街道")
    [street_q1] = street_line.periods
    assert street_q1.submitted_at is not None and street_q1.standing != "未报送"
    assert report.submitted == 1 and len(report.submissions) == len(units) - 1


def test_word_report_is_editable_and_complete(bureau, qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "进展报告.docx"
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    d = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "2025年第一季度知识产权工作进展报告") in headings
    assert ("Heading 1", "二、主要指标完成情况") in headings
    assert ("Heading 1", "三、重点任务推进情况") in headings
    assert ("Heading 2", "（一）推进知识产权高质量创造和高效益运用") in headings
    assert ("Heading 3", "1．完善鼓励创新创造的政策导向") in headings
    assert not any(t.startswith(("三、推进", "四、", "五、")) for style, t in headings if style != "Heading 1")
    task_headings = [t for style, t in headings if style == "Heading 3" and t.startswith("任务")]
    assert [int(t[2:].split("\u3000")[0]) for t in task_headings] == list(range(1, 54))
    cells = [c.text for table in d.tables for row in table.rows for c in row.cells]
    assert PROGRESS_A in cells
    assert any(PROGRESS_B in c and PROBLEM_B in c for c in cells)
    indicator_table = next(t for t in d.tables if t.rows[0].cells[1].text == "指标")
    rows = {(r.cells[0].text, r.cells[3].text): [c.text for c in r.cells] for r in indicator_table.rows[1:]}
    assert rows[("2", "2025")][4:6] == ["65", "20"]  # target and reported value
    assert len(d.inline_shapes) == 1  # the chart
    assert any(p.text.startswith("报告期：2025年第一季度") for p in d.paragraphs)  # on the cover


def test_word_report_shows_what_needs_attention_in_red_as_the_pdf_does(bureau, qapp, tmp_path: Path) -> None:
    """未达标 (and a period 逾期 or 未报送) was red and bold in the PDF and the printed report, plain in
    the Word file the office edits and sends on: the same cells are red and bold there now."""
    from app.reports.docx import write_docx

    report = build_report(bureau, parse_period("2025Q1"), today=date(2025, 5, 1))
    assert any(i.state == "未达标" for i in report.indicators) and any(i.state != "未达标" for i in report.indicators)
    d = docx.Document(str(write_docx(report, tmp_path / "进展报告.docx")))

    def red(cell) -> bool:  # noqa: ANN001
        runs = [r for p in cell.paragraphs for r in p.runs if r.text.strip()]
        return bool(runs) and all(r.font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0) and r.bold for r in runs)

    indicators = next(t for t in d.tables if t.rows[0].cells[1].text == "指标")
    states = [(r.cells[8].text, red(r.cells[8])) for r in indicators.rows[1:]]
    assert ("未达标", True) in states and all(is_red == (state == "未达标") for state, is_red in states)
    submissions = d.tables[-1]
    cells = [c for r in submissions.rows[1:] for c in r.cells[1:]]
    assert any(c.text.startswith("未报送") for c in cells)
    assert all(red(c) == ("逾期" in c.text or c.text.startswith("未报送")) for c in cells)


def test_pdf_report_has_the_tasks_and_chinese_text(bureau, qapp, tmp_path: Path) -> None:
    out = tmp_path / "进展报告.pdf"
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/FontFile2" in data  # a TrueType font embedded for the text
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is needed (scripts/setup.sh test installs poppler-utils)"
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, check=True, text=True).stdout
    assert "2025年第一季度知识产权工作进展报告" in text
    assert PROGRESS_A in text and PROBLEM_B in text
    flat = text.replace(" ", "")
    assert all(f"任务{n}" in flat for n in range(1, 54))


def test_report_refuses_other_file_types(bureau, tmp_path: Path, capsys) -> None:
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(tmp_path / "r.txt")]) == 2
    assert ".pdf 或 .docx" in capsys.readouterr().err


def test_window_previews_the_report_and_saves_it(bureau, qtbot, tmp_path: Path, chinese) -> None:
    from app.ui.reports.dialogs import ReportDialog
    from app.ui.window import MainWindow

    w = MainWindow(bureau)
    qtbot.addWidget(w)
    file_menu = w.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text().startswith("生成工作进展报告"))
    action.trigger()
    dialog = w.findChild(ReportDialog)
    dialog.period.setCurrentIndex(dialog.period.findData("2025Q1"))
    assert dialog.report.period.code == "2025Q1"
    assert dialog.preview.pageCount() > 3  # cover, summary and indicators, the tasks...
    pdf = dialog.save(".pdf", tmp_path / "r.pdf")
    word = dialog.save(".docx", tmp_path / "r.docx")
    assert pdf.read_bytes().startswith(b"%PDF") and word.stat().st_size > 10_000
    assert dialog.folder_button.isVisible() and "r.docx" in dialog.saved.text()
    w.close()


def test_print_without_a_printer_says_so_and_offers_pdf(bureau, qtbot, tmp_path: Path, chinese, monkeypatch) -> None:
    """打印 on a computer without a printer (Wine, a new laptop: Qt lists none) did nothing: Windows'
    print dialog closes at once. The clerk is told, and offered the PDF to print elsewhere."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QApplication, QFileDialog

    from app.ui.reports.dialogs import ReportDialog

    if QPrinterInfo.availablePrinterNames():
        pytest.skip("a printer is installed on this machine")
    dialog = ReportDialog(bureau, parse_period("2025Q1"))
    qtbot.addWidget(dialog)
    dialog.show()
    print_dialogs = []

    def close_a_print_dialog() -> None:  # without the fix, Qt's own print dialog waits here
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.metaObject().className() == "QPrintDialog":
            print_dialogs.append(modal)
            modal.reject()

    QTimer.singleShot(1500, close_a_print_dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert not print_dialogs
    box = dialog.no_printer_box
    assert box.isVisible() and "没有可用的打印机" in box.text() and "PDF" in box.text()
    target = tmp_path / "进展报告.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))  # the clerk's choice
    pdf = next(b for b in box.buttons() if b.text() == "保存为 PDF…")
    qtbot.mouseClick(pdf, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF") and dialog.folder_button.isVisible()


def libreoffice_pdf(path: Path, out_dir: Path) -> tuple[int, str]:
    """(pages, text) of the file as LibreOffice prints it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (scripts/setup.sh test installs it)"
    profile = (out_dir / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / (path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice could not open {path.name}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return pages, text


def test_libreoffice_prints_the_word_report_and_the_consolidated_workbook(bureau, qapp, tmp_path: Path) -> None:
    from app import demo
    from app.reports.consolidated import consolidate

    word = tmp_path / "进展报告.docx"
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(word)]) == 0
    pages, text = libreoffice_pdf(word, tmp_path / "lo")
    assert 5 <= pages <= 40 and PROGRESS_A in "".join(text.split())
    with bureau.session() as s:
        demo.fill(s, units=3, rows=50, seed=1)  # as `ipledger demo` fills it
    book, _counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    pages, text = libreoffice_pdf(book, tmp_path / "lo2")
    # every sheet prints on a few pages: titled, numbered (was 61 pages of two-column strips)
    footers = [line.split()[-1] for line in text.splitlines() if "页，共" in line]
    per_sheet = {sheet: footers.count(sheet) for sheet in dict.fromkeys(footers)}
    assert list(per_sheet)[:3] == ["说明", "指标完成情况", "任务推进矩阵"]
    assert pages <= 30 and max(per_sheet.values()) <= 6, per_sheet
    assert "指标完成情况·区知识产权局·2025年" in "".join(text.split())


def test_a_units_row_of_the_word_report_is_not_split_over_two_pages(ledgers, qapp, tmp_path: Path) -> None:
    """The year's report, printed from Word (here LibreOffice): a unit's row (its status, progress,
    results, problems, plans and evidence) stays on one page. A row cut by the page end went on at
    the top of the next page under the repeated header as lines of text with no unit and no status
    beside them — 下步计划：持续跟踪推进… of whom?"""
    from app import demo

    bureau = ledgers("区知识产权局")
    with bureau.session() as s:
        demo.fill(s, units=25, rows=60, seed=3)  # a district's year: many reports of several lines
    word = tmp_path / "2025年报告.docx"
    assert cli(["--db", str(bureau.path), "report", "--period", "2025", "-o", str(word)]) == 0
    pages, text = libreoffice_pdf(word, tmp_path / "lo")
    assert pages >= 10
    orphans = []
    for number, page in enumerate(text.split("\f"), 1):
        lines = [line for line in page.splitlines() if line.strip()]
        for i, line in enumerate(lines[:-1]):
            # a table going on from the page before: its header repeated as the page's first line
            header = line.split()[:3] in (["责任单位", "推进状态", "进展情况"], ["任务", "责任单位", "进展情况"])
            if i == 0 and header and lines[1][:1].isspace():
                orphans.append((number, lines[1].strip()))
    assert orphans == []


TABLE_HEADERS = (["责任单位", "推进状态", "进展情况"], ["任务", "责任单位", "进展情况"])


def cut_rows(text: str) -> list[tuple[int, str]]:
    """(page, line) of each table row a page cut: the next page begins with the repeated header and
    then lines of text with no unit and no status beside them."""
    cut = []
    for number, page in enumerate(text.split("\f"), 1):
        lines = [line for line in page.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].split()[:3] in TABLE_HEADERS and lines[1][:1].isspace():
            cut.append((number, lines[1].strip()))
    return cut


def stranded_headings(text: str) -> list[tuple[int, str]]:
    """(page, line): a task's 牵头单位 line ending a page whose next page begins with its table."""
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    out = []
    for number, (page, after) in enumerate(zip(pages, pages[1:], strict=False), 1):
        body = [line for line in page if "页" not in line.split()[-1]]  # (the footer)
        if body and body[-1].strip().startswith("牵头单位") and after and after[0].split()[:3] in TABLE_HEADERS:
            out.append((number, body[-1].strip()))
    return out


def headings_ending_a_page(text: str) -> list[tuple[int, str]]:
    """(page, heading): a task's or a section's heading (with its 牵头单位 line, or none) ending a page of
    the tasks' chapter, what it leads into — its table, its 未报送 line, its first task — on the next."""
    out = []
    for number, page in enumerate(text.split("\f"), 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if any(line.startswith("四、滞后及未报送任务") for line in lines):
            break
        body = [line for line in lines if not re.fullmatch(r"(第\s*\d+\s*页.*|\d+)", line)]  # (the footer)
        headings = [i for i, line in enumerate(body) if re.match(r"(任务\d+|\d+．|（[一二三四五六七八九十]+）)", line)]
        if headings and not any(
            line.split()[0] in ("责任单位", NOT_REPORTED) or line.startswith(NOT_REPORTED)
            for line in body[headings[-1] + 1 :]
        ):
            out.append((number, body[headings[-1]][:24]))
    return out


@pytest.fixture
def district_year(ledgers):  # noqa: ANN201
    from app import demo

    bureau = ledgers("区知识产权局")
    with bureau.session() as s:
        demo.fill(s, units=25, rows=60, seed=3)  # a district's year: many reports of several lines
    return bureau


def test_a_units_row_of_the_pdf_report_is_not_split_over_two_pages(district_year, qapp, tmp_path: Path) -> None:
    """The PDF (Qt's printing) cut a unit's row at the page end, its progress going on at the top of
    the next page under the repeated header with no unit beside it; the Word report kept rows whole
    already (cantSplit). A row the page would cut now begins the next page, its table going on there."""
    pdf = tmp_path / "2025年报告.pdf"
    assert cli(["--db", str(district_year.path), "report", "--period", "2025", "-o", str(pdf)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert text.count("\f") >= 10
    assert "石泉路街道" in text and cut_rows(text) == []


def test_a_tasks_heading_stays_with_its_table_in_the_word_report(district_year, qapp, tmp_path: Path) -> None:
    """任务N and its 牵头单位 line ended a page, their table beginning the next (keep with next)."""
    word = tmp_path / "2025年报告.docx"
    assert cli(["--db", str(district_year.path), "report", "--period", "2025", "-o", str(word)]) == 0
    _pages, text = libreoffice_pdf(word, tmp_path / "lo")
    assert stranded_headings(text) == []


def test_no_heading_ends_a_page_of_the_pdf_report(district_year, qapp, tmp_path: Path) -> None:
    """A task's heading (and its 牵头单位 line) ended a page of the PDF, its table or its 未报送 line on
    the next (seen on page 7 of a district's 2025 report); so could a section's heading, its first
    task on the next page. Headings now go with the first line of what follows them."""
    pdf = tmp_path / "2025年报告.pdf"
    assert cli(["--db", str(district_year.path), "report", "--period", "2025", "-o", str(pdf)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert text.count("\f") >= 10 and "石泉路街道" in text
    assert headings_ending_a_page(text) == [] and cut_rows(text) == []


def test_a_completion_rate_is_printed_on_one_line(bureau, qapp, tmp_path: Path) -> None:
    """The district's 2025 report: indicator 3 reported 317 亿元 against 3 — 完成率 10566.7% — printed
    as “10566.7” with “%” alone on the next line, in the PDF and in the Word report as LibreOffice
    prints it (and 序号 as 序/号 in Word)."""
    add_record(bureau, INDICATOR_VALUE, indicator_number=3, period="2025Q1", value=317)
    pdf, word = tmp_path / "报告.pdf", tmp_path / "报告.docx"
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(pdf)]) == 0
    assert cli(["--db", str(bureau.path), "report", "--period", "2025Q1", "-o", str(word)]) == 0
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    _pages, from_word = libreoffice_pdf(word, tmp_path / "lo")
    for text in (printed.stdout, from_word):
        assert "10566.7%" in text
    assert re.search(r"序号\s+指标", from_word)


def test_the_indicator_sheets_note_is_printed_whole(bureau, qapp, tmp_path: Path) -> None:
    """The consolidated workbook's 指标完成情况 printed its note (what 报告值 and 据台账计算值 are) on
    one line that ran off the page's right edge: “…据台账计算值：由质押融资记” and no more. It now
    wraps across the printed width."""
    from app.reports.consolidated import consolidate

    book, _counts = consolidate(bureau, parse_period("2025"), tmp_path / "汇总.xlsx")
    _pages, text = libreoffice_pdf(book, tmp_path / "lo")
    assert "据台账计算值：由质押融资记录汇总，疑似重复只计一次" in "".join(text.split())
