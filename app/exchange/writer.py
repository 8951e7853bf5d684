"""Writing exchange workbooks with openpyxl's streaming writer, atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.exchange.layout import COVER_SHEET, META_SHEET, Meta, Table
from app.kinds import MACHINE_HEADERS, FieldType, Kind
from app.validators import NO, YES

HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MACHINE_FILL = PatternFill("solid", fgColor="EDEDED")
FORMULA_STARTS = ("=", "+", "-", "@")
LAST_ROW = 1_048_576


def _text_cell(ws, value: str) -> WriteOnlyCell:  # noqa: ANN001
    """User text that looks like a formula is written as text, never evaluated."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _safe(ws, row: Sequence[object]) -> list[object]:  # noqa: ANN001
    return [_text_cell(ws, v) if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in row]


def _header(ws, labels: Sequence[str], required: Sequence[bool], machine: int = 0) -> list[WriteOnlyCell]:  # noqa: ANN001
    cells = []
    for i, (label, req) in enumerate(zip(labels, required, strict=True)):
        cell = WriteOnlyCell(ws, value=label)
        cell.font = REQUIRED_FONT if req else HEADER_FONT
        cell.fill = MACHINE_FILL if i >= len(labels) - machine else HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


def _data_sheet(wb: Workbook, kind: Kind, rows: Iterable[Sequence[object]]) -> None:
    ws = wb.create_sheet(kind.sheet)
    ws.freeze_panes = "A2"
    fields = kind.fields
    for i, f in enumerate(fields, start=1):
        ws.column_dimensions[get_column_letter(i)].width = f.width
        choices = f.choices if f.type is FieldType.CHOICE else (YES, NO) if f.type is FieldType.YES_NO else ()
        if choices:
            letter = get_column_letter(i)
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="无效的值",
                error="请从下拉列表中选择：" + "/".join(choices),
            )
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.data_validations.append(dv)
    for j, width in enumerate((14, 38, 6), start=len(fields) + 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    labels = [f.label for f in fields] + list(MACHINE_HEADERS)
    required = [f.required for f in fields] + [False] * len(MACHINE_HEADERS)
    ws.append(_header(ws, labels, required, machine=len(MACHINE_HEADERS)))
    for row in rows:
        ws.append(_safe(ws, row))


def _table_sheet(wb: Workbook, table: Table) -> None:
    ws = wb.create_sheet(table.name)
    ws.freeze_panes = "A2"
    for i, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append(_header(ws, table.headers, [False] * len(table.headers)))
    for row in table.rows:
        ws.append(_safe(ws, row))


def _cover_sheet(wb: Workbook, lines: Iterable[Sequence[object]]) -> None:
    ws = wb.create_sheet(COVER_SHEET)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    for i, line in enumerate(lines):
        if i == 0:
            title = WriteOnlyCell(ws, value=line[0])
            title.font = Font(bold=True, size=14)
            ws.append([title])
        else:
            ws.append(_safe(ws, line))


def write_workbook(
    path: Path,
    meta: Meta,
    cover: Iterable[Sequence[object]],
    sheets: Sequence[tuple[Kind, Iterable[Sequence[object]]]],
    tables: Sequence[Table] = (),
) -> Path:
    """Write the workbook to a temporary file beside `path`, then move it into place, so that a
    crash or a full disk never leaves a half-written file under the real name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    _cover_sheet(wb, cover)
    for kind, rows in sheets:
        _data_sheet(wb, kind, rows)
    for table in tables:
        _table_sheet(wb, table)
    meta_ws = wb.create_sheet(META_SHEET)
    meta_ws.sheet_state = "veryHidden"
    for row in meta.rows():
        meta_ws.append(row)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
