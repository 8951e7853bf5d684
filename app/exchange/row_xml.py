"""The rows of the big sheets (data sheets and _meta) written as SpreadsheetML by our own code.

XlsxWriter spends ~20 Python calls on every cell (argument checks, a cell tuple, a row table, XML
escaping through several regular expressions), which was ~70 % of an export's time. The rows here
are written as XlsxWriter's constant-memory mode writes them — the same `<row>` and `<c>` elements,
inline strings, the same number, date and escaping rules — in one pass per row, into a spooled
temporary file; XlsxWriter still writes everything else (the header row, column widths and styles,
drop-downs, frozen panes, page setup, the cover and report sheets, styles.xml, the workbook), and
`assemble` puts the rows into its sheets' `<sheetData>` as the final file is zipped.

Where XlsxWriter's constant-memory mode takes a text cell that looks like `<r>…</r>` as raw rich-text
XML (a clerk's text could break the file), it is escaped here like any other text.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

from app.exchange.printing import row_height

STRING_MAX = 32767  # Excel's longest cell text, in UTF-16 units
DEFAULT_ROW_PIXELS = 20  # XlsxWriter's default row height: a row of that height gets no ht attribute
SPOOL_BYTES = 16 << 20  # a sheet's rows stay in memory up to this size, then go to a temporary file

# A text that needs more than a copy: XML's & < >, control characters (written _xHHHH_), text that
# already looks like such an escape (its underscore escaped as _x005F_), and the two non-characters.
_CARE = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f])")
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')
_SHEET_DATA_END = "</sheetData>"
_SHEET_DATA_EMPTY = "<sheetData/>"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def column_name(j: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        name = chr(65 + rest) + name
    return name


def column_index(name: str) -> int:
    j = 0
    for ch in name:
        j = j * 26 + ord(ch) - 64
    return j - 1


def _text(value: str) -> tuple[str, str]:
    """A text cell's content and its <t> attribute, escaped as XlsxWriter escapes it."""
    if len(value) > STRING_MAX // 2 and len(value.encode("utf-16-le", "surrogatepass")) // 2 > STRING_MAX:
        length = 0
        for i, ch in enumerate(value):
            length += 2 if ord(ch) > 0xFFFF else 1
            if length > STRING_MAX:
                value = value[:i]
                break
    value = _ESCAPE_LIKE.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if value and (value[0].isspace() or value[-1].isspace()) else ""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), preserve


def excel_serial(value: date | datetime | time | timedelta) -> float:
    """A date or time as Excel's serial number (1900 system, its phantom 29 February kept), as
    XlsxWriter converts it."""
    if isinstance(value, timedelta):
        return value.days + (value.seconds + value.microseconds / 1e6) / 86400
    if isinstance(value, time):
        value = datetime.combine(datetime(1899, 12, 31), value)
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - datetime(1899, 12, 31)
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial + 1 if serial > 59 else serial


def _number(value: float | int | Decimal | Fraction) -> str:
    if isinstance(value, Fraction):
        value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise TypeError("NAN/INF not supported in a cell")  # as XlsxWriter refuses them
    return f"{value:.16G}"


def _string_cell(ref: str, s: str, value: str) -> str:
    if not value:  # a blank: written only with a format, as XlsxWriter writes it
        return f'<c r="{ref}"{s}/>' if s else ""
    value, preserve = _text(value)
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{preserve}>{value}</t></is></c>'


def _other_cell(ref: str, s: str, value: object, date_style: int | None) -> str:
    """A cell of a less common type, as XlsxWriter's write() takes it."""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal, Fraction)):
        return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
    if isinstance(value, str):
        return _string_cell(ref, s, value)
    if isinstance(value, (date, time, timedelta)):
        if not s and date_style:
            s = f' s="{date_style}"'
        return f'<c r="{ref}"{s}><v>{_number(excel_serial(value))}</v></c>'
    try:
        return f'<c r="{ref}"{s}><v>{_number(float(value))}</v></c>'  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _string_cell(ref, s, str(value))


class RowSpool:
    """The `<row>` elements of one sheet from row `first` (0-based) on, kept until `assemble`.

    `styles` gives each column's cell format index (XlsxWriter's xf index of the column's format) and
    limits a row to that many cells; without it a row has as many cells as values and no styles.
    `wrapped` (column, width) sets the height of a row whose text wraps, as the writer's rows did.
    `date_style` is the format of a date in a column without one (XlsxWriter's default date format)."""

    def __init__(
        self,
        first: int,
        styles: Sequence[int] | None = None,
        wrapped: Sequence[tuple[int, float]] = (),
        date_style: int | None = None,
    ) -> None:
        self.first = first
        self.styles = list(styles) if styles is not None else None
        self.wrapped = list(wrapped)
        self.date_style = date_style
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by close()
        # extent of what was written (0-based), as XlsxWriter's dimension counts it
        self.last_row: int | None = None
        self.first_row: int | None = None
        self.min_col: int | None = None
        self.max_col: int | None = None
        self._names: list[str] = []

    def _columns(self, n: int) -> list[str]:
        while len(self._names) < n:
            self._names.append(column_name(len(self._names)))
        return self._names

    def write(self, rows: Iterable[Sequence[object]]) -> int:
        """Write the rows from row `first` on; the number of rows taken (empty ones included)."""
        care, text, number = _CARE.search, _text, _number
        styles, wrapped, date_style = self.styles, self.wrapped, self.date_style
        attrs = [f' s="{s}"' if s else "" for s in styles] if styles is not None else []
        width = len(attrs) if styles is not None else 0
        names = self._columns(width)
        out: list[str] = []
        size = 0
        count = 0
        write = self.file.write
        r = self.first
        for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the result
            r = self.first + count
            cells: list[str] = []
            lo = hi = -1
            if styles is None and len(row) > len(names):
                names = self._columns(len(row))
            for j, value in enumerate(row):
                if styles is not None:
                    if j >= width:
                        break
                    s = attrs[j]
                else:
                    s = ""
                if value is None:
                    continue
                kind = type(value)
                if kind is str:
                    if not value:  # a blank: written only with a format, as XlsxWriter writes it
                        if not s:
                            continue
                        cells.append(f'<c r="{names[j]}{r}"{s}/>')
                    elif care(value) or value[0].isspace() or value[-1].isspace() or len(value) > 16383:
                        value, preserve = text(value)
                        cells.append(f'<c r="{names[j]}{r}"{s} t="inlineStr"><is><t{preserve}>{value}</t></is></c>')
                    else:
                        cells.append(f'<c r="{names[j]}{r}"{s} t="inlineStr"><is><t>{value}</t></is></c>')
                elif kind is int or kind is float:
                    cells.append(f'<c r="{names[j]}{r}"{s}><v>{number(value)}</v></c>')
                else:
                    cell = _other_cell(f"{names[j]}{r}", s, value, date_style)
                    if not cell:
                        continue
                    cells.append(cell)
                if lo < 0:
                    lo = j
                hi = j
            height = row_height(row, wrapped) if wrapped else None
            pixels = int(height * 4.0 / 3.0 + 0.5) if height is not None else DEFAULT_ROW_PIXELS
            ht = f' ht="{pixels * 0.75:.16g}" customHeight="1"' if pixels != DEFAULT_ROW_PIXELS else ""
            if cells:
                line = f'<row r="{r}"{ht}>{"".join(cells)}</row>'
                self.min_col = lo if self.min_col is None else min(self.min_col, lo)
                self.max_col = hi if self.max_col is None else max(self.max_col, hi)
            elif height is not None:  # a row given a height keeps it, empty or not
                line = f'<row r="{r}"{ht}/>'
            else:
                continue
            if self.first_row is None:
                self.first_row = r - 1
            self.last_row = r - 1
            out.append(line)
            size += len(line)
            if size > 1 << 20:
                write("".join(out).encode())
                out, size = [], 0
        if out:
            write("".join(out).encode())
        return count

    def copy_to(self, target: io.RawIOBase) -> None:
        self.file.seek(0)
        shutil.copyfileobj(self.file, target, 1 << 20)

    def close(self) -> None:
        self.file.close()

    def dimension(self, xml_ref: re.Match[str] | None, had_cells: bool) -> str:
        """The sheet's <dimension> ref: what XlsxWriter wrote (the header row) and these rows."""
        rows, cols = [], []
        if xml_ref and had_cells:
            rows += [int(xml_ref[2]), int(xml_ref[4] or xml_ref[2])]
            cols += [column_index(xml_ref[1]), column_index(xml_ref[3] or xml_ref[1])]
        if self.last_row is not None:
            rows += [self.first_row + 1, self.last_row + 1]
            cols += [self.min_col if self.min_col is not None else 0, self.max_col if self.max_col is not None else 0]
        if not rows:
            return "A1"
        first, last = f"{column_name(min(cols))}{min(rows)}", f"{column_name(max(cols))}{max(rows)}"
        return first if first == last else f"{first}:{last}"


def _sheet_parts(source: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package, from the workbook and its relationships."""
    workbook = ElementTree.fromstring(source.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(source.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def assemble(source: bytes, target: Path, spools: Mapping[str, RowSpool]) -> None:
    """Zip the package XlsxWriter wrote (`source`) into `target`, each sheet named in `spools`
    with its rows put at the end of its <sheetData> and its dimension grown to hold them."""
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = _sheet_parts(zin)
        by_part = {parts[name]: spool for name, spool in spools.items()}
        for info in zin.infolist():
            spool = by_part.get(info.filename)
            if spool is None or spool.last_row is None:
                zout.writestr(info, zin.read(info))
                continue
            xml = zin.read(info).decode("utf-8")
            had_cells = _SHEET_DATA_EMPTY not in xml
            if had_cells:
                head, tail = xml.split(_SHEET_DATA_END, 1)
                tail = _SHEET_DATA_END + tail
            else:
                head, tail = xml.split(_SHEET_DATA_EMPTY, 1)
                head, tail = head + "<sheetData>", _SHEET_DATA_END + tail
            ref = _DIMENSION.search(head)
            dimension = f'<dimension ref="{spool.dimension(ref, had_cells)}"/>'
            head = head[: ref.start()] + dimension + head[ref.end() :] if ref else head
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            with zout.open(entry, "w") as out:
                out.write(head.encode("utf-8"))
                spool.copy_to(out)
                out.write(tail.encode("utf-8"))
