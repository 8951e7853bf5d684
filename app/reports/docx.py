"""The progress report as an editable Word document (.docx), with python-docx.

Real headings (Word's 标题 1/2/3 styles, so the navigation pane and a table of contents work), real
tables and paragraphs: the officer edits the first draft instead of retyping it. Chinese text is set
in 宋体 (SimSun) and headings in 黑体 (SimHei), the fonts every Chinese Windows, Word and WPS have;
LibreOffice on Linux substitutes its CJK font (WenQuanYi Micro Hei). The chart is a picture, drawn
by the caller (the window's or the command line's Qt painter) and passed in as PNG bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.paths import atomic_write
from app.reports.consolidated import late_cell
from app.reports.progress import LAGGING, NOT_REPORTED, ProgressReport, TaskEntry, UnitProgress
from app.vocabulary.clock import chinese_date

BODY_FONT, HEADING_FONT = "宋体", "黑体"
LAGGING_COLOUR = RGBColor(0xC0, 0x00, 0x00)


def _fonts(style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:  # noqa: ANN001
    style.font.name = "Times New Roman" if east_asian == BODY_FONT else "Arial"
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), east_asian)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _table(doc, headers: list[str], rows: list[list[str]], widths_cm: list[float]):  # noqa: ANN001, ANN202
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].paragraph_format.keep_with_next = True  # never a header alone at a page's foot
    # the header row repeats on every page the table runs over
    trpr = table.rows[0]._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    # a row stays on one page: cut by the page end, a unit's progress went on at the top of the next
    # page as lines with no unit and no status beside them (Word and LibreOffice honour cantSplit)
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    # fixed column widths: Word reads the cells', LibreOffice the grid's
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for cell in table.rows[0].cells:
        shading = cell._tc.get_or_add_tcPr().makeelement(
            qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "DDEBF7"}
        )
        cell._tc.get_or_add_tcPr().append(shading)
    return table


def _progress_text(u: UnitProgress) -> str:
    parts = [u.progress]
    for label, text in (
        ("量化成果", u.results),
        ("存在问题", u.problems),
        ("下步计划", u.next_steps),
        ("佐证材料", u.evidence),
    ):
        if text:
            parts.append(f"{label}：{text}")
    return "\n".join(p for p in parts if p) or "（未填写进展情况）"


def _task(doc, task: TaskEntry) -> None:  # noqa: ANN001
    heading = doc.add_heading(f"任务{task.number}　{task.text}", level=3)
    heading.paragraph_format.keep_with_next = True  # (LibreOffice went by the paragraph's own, not its style's)
    p = doc.add_paragraph()
    p.add_run("牵头单位：").bold = True
    p.add_run(task.leads or "—")
    p.add_run(f"　　已报送 {task.reported}/{len(task.units)} 家")
    reported = [u for u in task.units if u.reported]
    # the task's heading and its lead units stay on the page of its table or of its 未报送 line
    # (they ended a page, the table on the next)
    p.paragraph_format.keep_with_next = True
    if reported:
        table = _table(
            doc,
            ["责任单位", "推进状态", "进展情况"],
            [[u.unit, u.status, _progress_text(u)] for u in reported],
            [3.2, 2.0, 11.3],
        )
        for row, u in zip(table.rows[1:], reported, strict=True):
            if u.status == LAGGING:
                _alarm(row.cells[1])
    missing = [u.unit for u in task.units if not u.reported]
    if missing:
        p = doc.add_paragraph()
        p.add_run(f"{NOT_REPORTED}（{len(missing)} 家）：").bold = True
        p.add_run("、".join(missing))


def write_docx(report: ProgressReport, path: Path, chart_png: bytes | None = None) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin = section.bottom_margin = Cm(2.2)
    styles = doc.styles
    _fonts(styles["Normal"], BODY_FONT, 10.5)
    _fonts(styles["Title"], HEADING_FONT, 22, True)
    for level, size in ((1, 16), (2, 14), (3, 11)):
        _fonts(styles[f"Heading {level}"], HEADING_FONT, size, True)
    # footer: page numbers as a field, so Word and WPS keep them right after editing
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{report.title}　第 ")
    _page_field(footer)
    footer.add_run(" 页")

    # cover
    for _ in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (
        f"报告期：{report.period.label}（{chinese_date(report.period.start)}—{chinese_date(report.period.end)}）",
        f"编制单位：{report.unit}",
        f"编制日期：{chinese_date(report.made_on)}",
    ):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.runs[0].font.size = Pt(14)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading("一、总体情况", level=1)
    for sentence in report.summary():
        if sentence:
            doc.add_paragraph(sentence)

    doc.add_heading("二、主要指标完成情况", level=1)
    if chart_png:
        doc.add_picture(io.BytesIO(chart_png), width=Cm(16))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = _table(
        doc,
        ["序号", "指标", "单位", "年度", "目标值", "报告值", "台账计算值", "完成率", "状态"],
        [
            [
                str(i.number),
                i.name,
                i.measure_unit,
                str(i.year),
                _number(i.target),
                _number(i.reported),
                _number(i.computed),
                f"{i.rate:g}%" if i.rate is not None else "—",
                i.state,
            ]
            for i in report.indicators
        ],
        [1.1, 4.1, 1.2, 1.3, 1.4, 1.6, 1.8, 2.3, 1.4],  # 序号 and 10566.7% each on one line
    )
    for row, line in zip(table.rows[1:], report.indicators, strict=True):
        if line.behind:  # 未达标 in red, as the PDF and the printed report show it
            _alarm(row.cells[8])
    doc.add_paragraph(report.indicator_note())

    doc.add_heading("三、重点任务推进情况", level=1)
    for sec in report.sections:
        doc.add_heading(sec.heading, level=2 if sec.level == 1 else 3)
        for task in sec.tasks:
            _task(doc, task)

    doc.add_heading("四、滞后及未报送任务", level=1)
    doc.add_heading("（一）推进滞后的任务", level=2)
    if report.lagging:
        _table(
            doc,
            ["任务", "责任单位", "进展情况"],
            [[f"任务{t.number}", u.unit, _progress_text(u)] for t, u in report.lagging],
            [2.0, 3.2, 11.3],
        )
    else:
        doc.add_paragraph("本报告期没有报送为“滞后”的任务。")
    doc.add_heading("（二）尚未报送进展的任务", level=2)
    if report.unreported:
        _table(
            doc,
            ["任务", "未报送单位"],
            [[f"任务{t.number}", "、".join(u.unit for u in units)] for t, units in report.unreported],
            [2.0, 14.5],
        )
    else:
        doc.add_paragraph("每项任务的责任单位均已报送进展。")

    doc.add_heading("五、各单位报送情况", level=1)
    doc.add_paragraph(report.submission_summary()).paragraph_format.keep_with_next = True  # with its table
    headers, rows = report.submission_rows()
    quarters = len(headers) - 1
    widths = [5.0, 4.5, 4.0, 3.0] if len(headers) == 4 else [4.5, *[12.0 / quarters] * quarters]
    table = _table(doc, headers, rows, widths)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells[1:], values[1:], strict=True):
            if late_cell(text):  # 逾期 and 未报送 in red, as in the PDF
                _alarm(cell)
    return _save(doc, Path(path))


def _alarm(cell) -> None:  # noqa: ANN001 - a table cell
    """What needs the reader's attention (滞后, 未达标, 逾期, 未报送): red and bold, as in the PDF."""
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.font.color.rgb = LAGGING_COLOUR
            run.bold = True


def _page_field(paragraph) -> None:  # noqa: ANN001
    run = paragraph.add_run()
    for tag, attrs in (
        ("w:fldChar", {qn("w:fldCharType"): "begin"}),
        ("w:instrText", {qn("xml:space"): "preserve"}),
        ("w:fldChar", {qn("w:fldCharType"): "separate"}),
        ("w:t", {}),
        ("w:fldChar", {qn("w:fldCharType"): "end"}),
    ):
        el = run._r.makeelement(qn(tag), attrs)
        if tag == "w:instrText":
            el.text = "PAGE"
        elif tag == "w:t":
            el.text = "1"
        run._r.append(el)


def _save(doc, path: Path) -> Path:  # noqa: ANN001
    """Written beside the target, then moved into place: never a half-written report."""
    with atomic_write(path) as tmp:
        doc.save(str(tmp))
    return path
