"""The progress report printed by Qt: the PDF (command line and window), the Word file's chart, and
the window's preview.

Why Qt for the PDF: QTextDocument lays out the report's HTML and QPdfWriter embeds the subset of
the fonts it used, so the frozen build needs no PDF library and no font files of its own, and the
preview in the window is the very document the PDF is made from. Chinese text takes the first of
FONT_FAMILIES the system has: Microsoft YaHei (or SimSun) on every Chinese Windows, WenQuanYi Micro
Hei or Noto Sans CJK on Linux (scripts/setup.sh installs fonts-wqy-microhei); failing all, Qt's own
fallback for the script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSize, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextTable,
)

from app.paths import atomic_write
from app.reports.html import CHART_URL, Tables, report_html
from app.reports.progress import ProgressReport, build_report
from app.store.ledger import Ledger
from app.vocabulary.periods import Period

FONT_FAMILIES = (
    "Microsoft YaHei",
    "微软雅黑",
    "SimSun",
    "宋体",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
)
CHART_SIZE = QSize(760, 380)


def ensure_app():  # noqa: ANN201 - the QApplication
    """A QApplication for drawing (charts are graphics widgets); offscreen when no display is there,
    so that `ipledger report` works on a server or over SSH too."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "ipledger"])
    return app


def report_font(size: float = 10.5) -> QFont:
    have = set(QFontDatabase.families())
    family = next((f for f in FONT_FAMILIES if f in have), None)
    font = QFont(family) if family else QFont()
    font.setPointSizeF(size)
    return font


def indicator_chart(report: ProgressReport):  # noqa: ANN201 - a QChart
    from app.ui.reports.charts import rate_chart

    years = sorted({i.year for i in report.indicators})
    names = list(dict.fromkeys(i.name for i in report.indicators))
    rates = {
        y: [next((i.rate for i in report.indicators if i.year == y and i.name == n), None) for n in names]
        for y in years
    }
    chart = rate_chart("主要指标完成率（%）", names, rates)
    chart.setFont(report_font(9))
    for axis in chart.axes():
        axis.setLabelsFont(report_font(8))
    chart.legend().setFont(report_font(9))
    chart.setTitleFont(report_font(11))
    return chart


def chart_png(report: ProgressReport) -> bytes:
    from app.ui.reports.charts import chart_image, png_bytes

    return png_bytes(chart_image(indicator_chart(report), CHART_SIZE))


def report_document(report: ProgressReport, tables: Tables | None = None) -> QTextDocument:
    from app.ui.reports.charts import chart_image

    doc = QTextDocument()
    doc.setDefaultFont(report_font())
    doc.setDocumentMargin(0)
    doc.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart_image(indicator_chart(report), CHART_SIZE)
    )
    doc.setHtml(report_html(report, tables=tables))
    return doc


SOURCE_DPI = 96  # Qt's qt_defaultDpi, in which print_ gives a document its margins
MAX_ROUNDS = 400  # a report of a year has a table row at the foot of most of its pages


def printed_document(report: ProgressReport, device: QPagedPaintDevice) -> QTextDocument:
    """The report for printing on `device`, no table row split across two pages: a row the page
    would cut begins the next page instead (its table goes on there, its header repeated), and a
    table whose first row would be cut goes over with the task's heading above it. Qt's layout has
    no such rule (the Word report has cantSplit): the document is laid out as print_ lays it out
    (its 2 cm margins on the device's pages), the first cut row is moved on, and again, until no
    row is cut. A row taller than a page stays as it is."""
    margins = device.pageLayout().margins(QPageLayout.Unit.Millimeter)
    if margins.isNull():  # what print_ does to a device without margins, done first to lay out as it will
        device.setPageMargins(QMarginsF(2, 2, 2, 2), QPageLayout.Unit.Millimeter)
    breaks: frozenset[tuple[int, int]] = frozenset()
    kept: frozenset[int] = frozenset()
    for _ in range(MAX_ROUNDS):
        tables = Tables(breaks, kept)
        doc = report_document(report, tables)
        cut = _first_cut(doc, tables, device)
        if cut is None:
            return doc
        if type(cut) is int:  # a heading group the page ends
            if cut in kept:
                return doc
            kept |= {cut}
        else:
            if cut in breaks:
                return doc
            breaks |= {cut}
    return doc


def _first_cut(doc: QTextDocument, tables: Tables, device: QPagedPaintDevice) -> tuple[int, int] | int | None:
    """The first place, top to bottom, the printed pages cut as print_ lays the document out: a
    table row, as (table, row), or a heading group (see Tables.keep) whose headings end a page and
    what they lead into begins the next, as its number."""
    laid = doc.clone()
    layout = laid.documentLayout()
    layout.setPaintDevice(device)
    # As QTextDocument::print (Qt 6): 2 cm margins at 96 dpi, which the layout scales to the device.
    fmt = laid.rootFrame().frameFormat()
    fmt.setMargin(int((2 / 2.54) * SOURCE_DPI))
    laid.rootFrame().setFrameFormat(fmt)
    page = QSizeF(device.width(), device.height())
    laid.setPageSize(page)
    laid.pageCount()  # laid out whole (Qt lays a document out as far as it is asked)
    frames = [f for f in laid.rootFrame().childFrames() if isinstance(f, QTextTable)]
    if len(frames) != len(tables.pieces):
        return None  # (not the tables the HTML has: left as Qt lays it out)
    room = page.height() - 2 * (2 / 2.54) * device.logicalDpiY()
    found: list[tuple[float, tuple[int, int] | int]] = []  # (where, what): the first cut row, the first group
    for table, (number, first) in zip(frames, tables.pieces, strict=True):
        header = table.format().headerRowCount()
        for r in range(header, table.rows()):
            cells = [table.cellAt(r, c) for c in range(table.columns())]
            top = min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells)
            bottom = max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells)
            if int(top // page.height()) != int(bottom // page.height()) and bottom - top < room * 0.8:
                row = first + r - header
                # a led table's first row goes over with its headings
                found.append((top, tables.led[number] if row == 0 and number in tables.led else (number, row)))
                break
        if found:
            break
    before = found[0][0] if found else float("inf")
    starts: dict[int, float] = {}  # group → where its first heading begins
    block = laid.begin()
    while block.isValid():
        # (the anchors stand at the start of their blocks: they mark the first character after them)
        first = block.begin()
        names = first.fragment().charFormat().anchorNames() if not first.atEnd() else ()
        for name in names:
            if name.startswith("keep"):
                top = layout.blockBoundingRect(block).top()
                if top > before:
                    block = laid.end()  # (a row cut before it comes first)
                    break
                starts[int(name[4:])] = top
            elif name.startswith("with") and (k := int(name[4:])) in starts:
                line = block.layout().lineAt(0)  # the first line of what the headings lead into
                rect = layout.blockBoundingRect(block)
                end = rect.top() + (line.rect().bottom() if line.isValid() else rect.height())
                top = starts.pop(k)
                if int(top // page.height()) != int(end // page.height()) and end - top < room * 0.8:
                    found.append((top, k))
                    block = laid.end()  # (the first such group is the one to move)
        block = block.next() if block.isValid() else block
    return min(found, key=lambda f: f[0])[1] if found else None


def page_layout() -> QPageLayout:
    # no margins of the page's own: QTextDocument.print_ sets 2 cm all round and numbers the
    # pages in the bottom one
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def write_pdf(report: ProgressReport, path: Path) -> Path:
    path = Path(path)
    with atomic_write(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(report.title)
        writer.setCreator("知识产权工作台账")
        writer.setResolution(300)
        writer.setPageLayout(page_layout())
        # print_ paginates a copy of the document and numbers its pages at the foot
        printed_document(report, writer).print_(writer)
        del writer  # finishes the file
    return path


def write_report(ledger: Ledger, period: Period, path: Path) -> Path:
    """The progress report for `period` as .pdf or .docx, by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise ValueError(f"报告只能保存为 .pdf 或 .docx 文件：{path.name}")
    ensure_app()
    report = build_report(ledger, period)
    if suffix == ".pdf":
        return write_pdf(report, path)
    from app.reports.docx import write_docx

    return write_docx(report, path, chart_png(report))
