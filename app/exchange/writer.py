"""Writing exchange workbooks, atomically, with XlsxWriter and our own row writer.

XlsxWriter writes the workbook: bold frozen headers, column widths and formats, drop-down lists,
page setup, the cover and report sheets, charts, a very hidden _meta sheet. The rows of the data
sheets and of _meta — nearly every cell of a big file — are written by `app.exchange.row_xml`
(the same cells XlsxWriter's constant-memory mode wrote, at a fraction of its per-cell cost,
streamed through a temporary file so that memory stays flat at 100,000 rows) and put into
XlsxWriter's sheets as the file is zipped. Strings are never turned into formulas, numbers or
links: user text that begins with = + - @ stays text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from app.exchange.layout import COVER_SHEET, META_SHEET, TEMPLATE, Chart, Meta, Table
from app.exchange.printing import EXCEL_LAST_ROW as LAST_ROW
from app.exchange.printing import PrintSpec, row_height, setup_page
from app.exchange.row_xml import RowSpool, assemble
from app.paths import atomic_write
from app.vocabulary.kinds import ID_HEADER, REVISION_HEADER, TEXT_TYPES, UNIT_HEADER, FieldType, Kind
from app.vocabulary.validators import NO, YES

OPTIONS = {
    # every sheet written row by row, its strings inline: as an export has always been written (the
    # big sheets' rows are row_xml's, which writes them the same way)
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd",
}


RED = {"bold": True, "font_color": "#C00000"}  # 未达标, 逾期: as the progress report shows them


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base = {"bold": True, "valign": "vcenter", "text_wrap": True, "border": 1}
        self.header = wb.add_format({**base, "bg_color": "#DDEBF7"})
        self.required = wb.add_format({**base, "bg_color": "#DDEBF7", "font_color": "#C00000"})
        self.machine = wb.add_format({**base, "bg_color": "#EDEDED"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.big_title = wb.add_format({"bold": True, "font_size": 16, "valign": "vcenter"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.note_wrap = wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        # long texts wrap within their column instead of running across the page
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        # text columns of data sheets are formatted as text ('@'), the cells written and the empty
        # ones below alike, so that what a clerk types stays as typed (a phone's leading 0)
        self.wrap_text = wb.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
        self.top_text = wb.add_format({"valign": "top", "num_format": "@"})
        self.date = wb.add_format({"valign": "top", "num_format": OPTIONS["default_date_format"]})
        self.cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.alarm = wb.add_format(
            {"text_wrap": True, "valign": "top", "border": 1, "bold": True, "font_color": "#C00000"}
        )
        # what a pre-filled workbook shows but the clerk does not fill: grey, like the machine headers
        grey = {"valign": "top", "num_format": "@", "bg_color": "#F2F2F2", "font_color": "#404040"}
        self.reference = wb.add_format({**grey, "text_wrap": True})
        self.fixed_text = wb.add_format(grey)


WRAP_WIDTH = 20  # a text column at least this wide wraps its cells
COVER_TEXT_WIDTH = 70  # the cover's second column: values and instructions


def _print_spec(meta: Meta, sheet: str, amounts: bool) -> PrintSpec:
    """The printed title of a sheet: what it is, whose, for which period."""
    if meta.kind == TEMPLATE or not meta.period:
        return PrintSpec(f"知识产权工作台账 · {sheet}（填报模板）", meta.unit, amounts)
    label = meta.period.label
    return PrintSpec(f"知识产权工作台账 · {sheet} · {meta.unit} · {label}", meta.unit, amounts)


def _cell_format(fmt: _Formats, type_: FieldType, wraps: bool):  # noqa: ANN202 - an xlsxwriter Format
    if type_ is FieldType.DATE:
        return fmt.date
    if type_ in TEXT_TYPES:
        return fmt.wrap_text if wraps else fmt.top_text
    return fmt.wrap if wraps else fmt.top


def _xf_index(style) -> int:  # noqa: ANN001 - an XlsxWriter Format
    """The number a format has in styles.xml: XlsxWriter gives it on first use (its cells call the
    same method), so that only the formats in use are written."""
    return style._get_xf_index()  # noqa: SLF001


def _header_height(labels: Sequence[str], widths: Sequence[float]) -> float | None:
    return row_height(labels, list(enumerate(widths)))


@dataclass(frozen=True)
class SheetExtras:
    """What a pre-filled workbook (SPEC §10) adds to a data sheet: read-only reference columns
    standing after the field `after` (the rows carry their values in those places), drop-downs
    from the workbook's lists (field key → list name, see write_workbook), and the one unit its
    填报单位 may name."""

    reference: Sequence[tuple[str, int]] = ()  # (header, width)
    after: str = ""
    lists: Mapping[str, str] = field(default_factory=dict)
    unit: str = ""


LISTS_SHEET = "_lists"  # a hidden sheet holding the longer drop-down lists
_STRICT_LISTS = ("unit",)  # lists a cell must come from; the others warn but let the clerk go on


def _list_validation(ws, j: int, name: str, ref: str | list[str], size: int) -> None:  # noqa: ANN001
    strict = name in _STRICT_LISTS
    ws.data_validation(
        1,
        j,
        LAST_ROW,
        j,
        {
            "validate": "list",
            "source": ref,
            "ignore_blank": True,
            "error_type": "stop" if strict else "warning",
            "error_title": "无效的值" if strict else "不在列表中",
            "error_message": "请从下拉列表中选择" if strict else "该值不在下拉列表中，确定要保留吗？",
            "input_title": "程序填写" if strict else "",
            "input_message": "本列由程序填写，请勿修改" if strict else "",
        },
    )


def _data_sheet(
    wb: xlsxwriter.Workbook,
    fmt: _Formats,
    kind: Kind,
    rows: Iterable[Sequence[object]],
    meta: Meta,
    spools: dict[str, RowSpool],
    extras: SheetExtras | None = None,
    lists: Mapping[str, tuple[str, int]] | None = None,
) -> int:
    ws = wb.add_worksheet(kind.sheet)
    extras = extras or SheetExtras()
    lists = lists or {}
    fields = kind.fields
    # (label, width, cell format, header format, field or None); reference columns after `after`
    columns: list[tuple[str, int, object, object, object]] = []
    for f in fields:
        wraps = f.type is FieldType.LONGTEXT or (f.type is FieldType.TEXT and f.width >= WRAP_WIDTH)
        columns.append(
            (f.label, f.width, _cell_format(fmt, f.type, wraps), fmt.required if f.required else fmt.header, f)
        )
        if f.key == extras.after:
            columns += [(label, width, fmt.reference, fmt.machine, None) for label, width in extras.reference]
    unit_style = fmt.fixed_text if extras.unit else fmt.top_text
    columns += [(UNIT_HEADER, 14, unit_style, fmt.machine, None)]
    columns += [(ID_HEADER, 38, fmt.top_text, fmt.machine, None), (REVISION_HEADER, 6, fmt.top, fmt.machine, None)]
    wrapped, formats = [], []
    for j, (label, width, style, _head, f) in enumerate(columns):
        ws.set_column(j, j, width, style)
        formats.append(style)
        if style in (fmt.wrap, fmt.wrap_text, fmt.reference):
            wrapped.append((j, width))
        if f is None:
            if label == UNIT_HEADER and extras.unit:
                _list_validation(ws, j, "unit", [extras.unit], 1)
            continue
        if f.key in extras.lists and extras.lists[f.key] in lists:
            ref, size = lists[extras.lists[f.key]]
            _list_validation(ws, j, extras.lists[f.key], ref, size)
            continue
        choices = f.choices if f.type is FieldType.CHOICE else (YES, NO) if f.type is FieldType.YES_NO else ()
        if choices:
            ws.data_validation(
                1,
                j,
                LAST_ROW,
                j,
                {
                    "validate": "list",
                    "source": list(choices),
                    "ignore_blank": True,
                    "error_title": "无效的值",
                    "error_message": "请从下拉列表中选择：" + "/".join(choices),
                },
            )
    labels = [c[0] for c in columns]
    widths = [c[1] for c in columns]
    ws.set_row(0, _header_height(labels, widths))
    for j, (label, _w, _style, head, _f) in enumerate(columns):
        ws.write_string(0, j, label, head)
    ws.freeze_panes(1, 0)
    # each column's format, numbered by XlsxWriter now (its numbers go into the rows' cells)
    spool = RowSpool(1, [_xf_index(style) for style in formats], wrapped)
    spools[kind.sheet] = spool
    count = spool.write(rows)
    # 填报单位 prints; 记录ID and 版本 (the machine columns after it) are for the program, not for paper
    amounts = any(f.type is FieldType.AMOUNT for f in fields)
    setup_page(ws, _print_spec(meta, kind.sheet, amounts), widths[:-2], header_rows=(0, 0), key_columns=2)
    return count


def _list_ranges(lists: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, int]]:
    """Where each drop-down list stands in the hidden lists sheet: name → (range, size). A list in
    a sheet has no length limit (one written inline stops at 255 characters)."""
    found = {}
    for j, (name, values) in enumerate(lists.items()):
        col = xl_col_to_name(j)
        found[name] = (f"='{LISTS_SHEET}'!${col}$2:${col}${max(2, len(values) + 1)}", len(values))
    return found


def _lists_sheet(wb: xlsxwriter.Workbook, lists: Mapping[str, Sequence[str]]) -> None:
    ws = wb.add_worksheet(LISTS_SHEET)
    columns = [[name, *values] for name, values in lists.items()]
    for i in range(max(map(len, columns))):  # row by row: a constant-memory sheet is written in order
        for j, column in enumerate(columns):
            if i < len(column):
                ws.write_string(i, j, str(column[i]))
    ws.hide()


def _table_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, table: Table, meta: Meta) -> None:
    ws = wb.add_worksheet(table.name)
    widths = list(table.widths) or [14] * len(table.headers)
    for j, width in enumerate(widths):
        ws.set_column(j, j, width, fmt.wrap if width >= WRAP_WIDTH else fmt.top)
    spec = _print_spec(meta, table.name, any("万元" in h for h in table.headers))
    ws.set_row(0, 26)
    ws.write_string(0, 0, spec.title.replace("知识产权工作台账 · ", ""), fmt.big_title)
    note = "；".join(x for x in ("单位：万元" if spec.amounts else "", table.note) if x)
    printed = widths[: table.printed] if table.printed is not None else widths
    note_height = row_height([note], [(0, sum(printed))]) if len(printed) > 1 else None
    if note_height:  # a long note wraps across the printed width: in one cell it ran off the page's edge
        ws.set_row(1, note_height)
        ws.merge_range(1, 0, 1, len(printed) - 1, note, fmt.note_wrap)
    elif note:
        ws.write_string(1, 0, note, fmt.note)
    first = Table.TITLE_ROWS
    ws.set_row(first, _header_height(table.headers, widths))
    for j, label in enumerate(table.headers):
        ws.write_string(first, j, label, fmt.header)
    ws.freeze_panes(first + 1, 0)
    # report tables are small: each cell gets its border, and the gridlines stay off the page
    wrapped = list(enumerate(widths))
    count = 0
    for count, row in enumerate(table.rows, start=1):  # noqa: B007 - the count is the result
        r = first + count
        height = row_height(row, wrapped)
        if height:
            ws.set_row(r, height)
        for j, value in enumerate(row):
            ws.write(r, j, value, fmt.alarm if table.alarm and table.alarm(value) else fmt.cell)
    if not count and table.empty:  # one row across the printed columns, inside the print area
        count = 1
        if len(printed) > 1:
            ws.merge_range(first + 1, 0, first + 1, len(printed) - 1, table.empty, fmt.cell)
        else:
            ws.write_string(first + 1, 0, table.empty, fmt.cell)
    setup_page(ws, spec, printed, header_rows=(first, first), last_row=first + count, gridlines=False, key_columns=2)
    for i, chart in enumerate(table.charts):
        _chart(wb, ws, table, chart, anchor=first + count + 2 + i * 20)


def _chart(wb: xlsxwriter.Workbook, ws, table: Table, chart: Chart, anchor: int) -> None:  # noqa: ANN001
    """A native Excel chart below the table (printed with it: the print area reaches down to it)."""
    c = wb.add_chart({"type": chart.kind})
    data0 = Table.TITLE_ROWS + 1
    colours = ("#4472C4", "#ED7D31", "#A5A5A5", "#70AD47")
    for k, (name, col, first, last) in enumerate(chart.series):
        c.add_series(
            {
                "name": name,
                "categories": [ws.name, data0 + first, chart.category_column, data0 + last, chart.category_column],
                "values": [ws.name, data0 + first, col, data0 + last, col],
                "data_labels": {"value": True, "num_format": "0"},
                "fill": {"color": colours[k % len(colours)]},
            }
        )
    c.set_title({"name": chart.title, "name_font": {"size": 12}})
    value_axis = {"name": chart.y_title, "major_gridlines": {"visible": True}, "min": 0}
    if chart.value_max:
        value_axis["max"] = chart.value_max
    if chart.kind == "bar":  # XlsxWriter's axes follow the page: a bar chart's values run along x
        c.set_x_axis(value_axis)
        c.set_y_axis({"reverse": True, "crossing": "max"})  # the first indicator on top, values below
    else:
        c.set_y_axis(value_axis)
    c.set_legend({"position": "bottom"})
    c.set_size({"width": 860, "height": 380})
    ws.insert_chart(anchor, 0, c)
    # the chart prints too: stretch the print area over it (about 19 rows of 20 px)
    printed = len(table.widths[: table.printed] if table.printed is not None else table.widths) or len(table.headers)
    ws.print_area(0, 0, anchor + 19, printed - 1)


def _cover_lines(ws, fmt: _Formats, lines: Iterable[Sequence[object]]) -> None:  # noqa: ANN001
    for i, line in enumerate(lines):
        if i == 0:
            ws.write_string(0, 0, str(line[0]), fmt.title)
        else:
            height = row_height(line, [(1, COVER_TEXT_WIDTH)])  # a long instruction wraps in column B
            if height:
                ws.set_row(i, height)
            ws.write_row(i, 0, line)


def write_workbook(
    path: Path,
    meta: Meta,
    cover: Callable[[dict[str, int]], Iterable[Sequence[object]]],
    sheets: Sequence[tuple[Kind, Iterable[Sequence[object]]]],
    tables: Sequence[Table] = (),
    extras: Mapping[str, SheetExtras] | None = None,
    lists: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, int]:
    """Write the workbook to a temporary file beside `path`, then move it into place, so that a
    crash or a full disk never leaves a half-written file under the real name.

    Sheet rows may be generators: they stream to disk. The cover sheet comes first in the
    workbook but is filled last, from the rows counted per sheet, which are returned; _meta is
    written last too, so the generators may note their rows' digests in `meta` as they go.
    `extras` (by sheet name) and the named drop-down `lists` they refer to make a pre-filled workbook."""
    path = Path(path)
    spools: dict[str, RowSpool] = {}
    try:
        buffer = io.BytesIO()  # the package XlsxWriter writes; the file on disk is assemble's
        with xlsxwriter.Workbook(buffer, OPTIONS) as wb:
            fmt = _Formats(wb)
            cover_ws = wb.add_worksheet(COVER_SHEET)
            cover_ws.set_column(0, 0, 22, fmt.top)  # a label stands at the top of its wrapped value
            cover_ws.set_column(1, 1, COVER_TEXT_WIDTH, fmt.wrap)
            for table in tables:  # the reports come before the raw data they sum up
                _table_sheet(wb, fmt, table, meta)
            ranges = _list_ranges(lists or {})
            extras = extras or {}
            counts = {
                kind.sheet: _data_sheet(wb, fmt, kind, rows, meta, spools, extras.get(kind.sheet), ranges)
                for kind, rows in sheets
            }
            if lists:
                _lists_sheet(wb, lists)
            lines = list(cover(counts))
            _cover_lines(cover_ws, fmt, lines)
            setup_page(cover_ws, _print_spec(meta, COVER_SHEET, False), (22, COVER_TEXT_WIDTH), last_row=len(lines))
            meta_ws = wb.add_worksheet(META_SHEET)
            meta_ws.very_hidden()
            # signed last of all: the digests the sheets' rows noted above are among what it covers
            spools[META_SHEET] = RowSpool(0)
            spools[META_SHEET].write(meta.signer.sign(meta.rows()) if meta.signer else meta.rows())
        with atomic_write(path) as tmp:
            assemble(buffer.getvalue(), tmp, spools)
    finally:
        for spool in spools.values():
            spool.close()
    return counts
