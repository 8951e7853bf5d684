"""Page setup for every sheet the app writes, so that a workbook prints the way an office expects
(SPEC §11): A4, landscape when the printed columns are wide, scaled to one page across, the header
rows repeated on every page, a printed title (and 单位：万元 where amounts appear), a footer with the
unit and the page numbers, gridlines printed, and the machine columns (记录ID, 版本) left outside the
print area.

One helper that every writer calls; it knows nothing about record kinds, only about a sheet's
columns, so the submission, template, pre-filled and consolidated workbooks all print alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

A4 = 9  # Excel's paper code
# An A4 page in portrait, with the margins below, holds about 95 characters of Calibri 11 at 100%;
# a sheet wider than that turns to landscape, which holds about 140 before it has to shrink. A sheet
# wider than SPLIT_CHARS would shrink below ~60% on one page, too small to read: it prints two pages
# across instead, with its first columns (what identifies a row) repeated on both.
PORTRAIT_CHARS = 95
LANDSCAPE_CHARS = 140
SPLIT_CHARS = 240
AMOUNT_NOTE = "单位：万元"
EXCEL_LAST_ROW = 1_048_575  # 0-based


@dataclass(frozen=True)
class PrintSpec:
    """What a printed sheet says about itself."""

    title: str  # printed at the top of every page
    unit: str = ""  # the unit the file speaks for, printed in the footer
    amounts: bool = False  # the sheet holds amounts in 万元: say so on every page


def _escape(text: str) -> str:
    """Header/footer text: a literal & is written &&."""
    return text.replace("&", "&&")


def landscape_needed(widths: Sequence[float]) -> bool:
    return sum(widths) > PORTRAIT_CHARS


def setup_page(
    ws,  # noqa: ANN001 - an XlsxWriter worksheet
    spec: PrintSpec,
    widths: Sequence[float],
    *,
    header_rows: tuple[int, int] = (0, 0),
    last_row: int | None = None,
    print_title_in_header: bool = True,
    gridlines: bool = True,
    key_columns: int = 0,
) -> None:
    """Give `ws` its page setup. `widths` are the printed columns' widths (columns after them — the
    machine columns — stay outside the print area); `header_rows` (0-based, inclusive) repeat on
    every page; `last_row` (0-based) ends the print area of a finished report. A sheet for filling
    in has none (`None`): its print area is whole columns, so the rows a unit adds in Excel or WPS
    print too. A spreadsheet prints such an area only as far as its last row in use (LibreOffice is
    checked in tests/test_printing.py: drop-down lists reaching row 1,048,576 print no blank pages).
    `key_columns` are repeated when a very wide sheet prints two pages across (without them it
    shrinks to one). A cell with a value past the printed columns that only the program reads is
    fine: it is not printed."""
    ws.set_paper(A4)
    if landscape_needed(widths):
        ws.set_landscape()
    else:
        ws.set_portrait()
    if sum(widths) > SPLIT_CHARS and key_columns:
        ws.fit_to_pages(2, 0)
        ws.repeat_columns(0, key_columns - 1)
    else:
        ws.fit_to_pages(1, 0)  # one page across, as many down as it takes
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.center_horizontally()
    # a data sheet prints its gridlines (a table on paper needs its lines); a report sheet draws
    # borders round its cells and shows no gridlines, on screen or on paper
    ws.hide_gridlines(0 if gridlines else 2)
    ws.repeat_rows(*header_rows)
    last = EXCEL_LAST_ROW if last_row is None else max(last_row, header_rows[1])
    ws.print_area(0, 0, last, max(len(widths) - 1, 0))  # to the last row, XlsxWriter writes $A:$P
    header = f"&L&B{_escape(spec.title)}" if print_title_in_header else ""
    if spec.amounts:
        header += f"&R{AMOUNT_NOTE}"
    ws.set_header(header, {"margin": 0.3})
    footer = f"&L填报单位：{_escape(spec.unit)}" if spec.unit else ""
    ws.set_footer(f"{footer}&C第 &P 页，共 &N 页&R&A", {"margin": 0.3})  # &A: the sheet's name


LINE_POINTS = 15.0  # one line of 11-point text
# Excel's tallest row is 409 points: 27 lines. A longer text (a cell holds up to 32,767 characters)
# is cut on paper there; the report sheets and the cell itself still hold all of it.
MAX_LINES = 27


def text_width(text: str) -> int:
    """Width in Excel's character units (the digit width): a CJK character or full-width sign takes
    two — Chinese Excel and WPS draw it in 等线 or 宋体 at about twice the digit width, a little
    more than LibreOffice does, and a row a line too short cuts the text's last line on paper."""
    return int(sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text) + 0.5)


def lines_needed(text: str, width: float) -> int:
    per_line = max(width - 1, 1)  # the cell's padding
    return sum(max(1, -(-text_width(part) // int(per_line))) for part in text.split("\n"))


def row_height(row: Sequence[object], wrapped: Sequence[tuple[int, float]]) -> float | None:
    """The height a row of wrapped text needs, or None when one line will do. Neither Excel nor
    LibreOffice reliably fits the rows of a generated file on opening, so the writer sets it."""
    lines = 1
    n = len(row)
    for j, width in wrapped:
        if j < n:
            cell = row[j]
            if type(cell) is str and len(cell) * 2 > width - 1:  # cheap test first: most cells are short
                lines = max(lines, lines_needed(cell, width))
    return min(lines, MAX_LINES) * LINE_POINTS if lines > 1 else None
