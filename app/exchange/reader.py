"""Reading an exchange workbook into validated rows, with cell-precise messages in Chinese.

Accepts our own exports, files re-saved by Excel, WPS or LibreOffice, and hand-filled templates:
columns in any order, extra columns reported and ignored, blank rows skipped, stray spaces and
full-width characters tolerated. Nothing here touches the ledger.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from app.exchange.layout import FORMAT_VERSION, META_SHEET, Meta, cells_digest
from app.exchange.safety import UnsafeWorkbook, check_workbook_file
from app.kinds import BY_SHEET, ID_HEADER, KINDS, REVISION_HEADER, UNIT_HEADER, FieldType, Kind
from app.validators import YES, InvalidValue, is_blank, normalize_text

MAX_ISSUES = 500  # per file; the rest are counted, not listed


@dataclass
class Issue:
    """An error (nothing is imported) or a warning (the user may go on) about one place in a file."""

    file: str
    sheet: str
    row: int | None
    column: str
    message: str
    warning: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.message}"


@dataclass(slots=True)
class SheetRow:
    kind: Kind
    row: int  # as Excel numbers it
    values: dict[str, object]
    unit: str | None
    record_id: str | None
    revision: int | None
    cells_digest: str = ""  # of the input cells as they stand (see layout.cells_digest)


@dataclass
class ReadResult:
    path: Path
    hash: str = ""
    meta: Meta | None = None
    rows: list[SheetRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    hidden_issues: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if not i.warning]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.warning]

    def add(self, sheet: str, row: int | None, column: str, message: str, warning: bool = False) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.hidden_issues += 1
            return
        self.issues.append(Issue(self.name, sheet, row, column, message, warning))


def normalize_header(text: object) -> str:
    h = normalize_text(text).replace(" ", "").replace("（", "(").replace("）", ")")
    return re.sub(r"(\*|\(必填\)|必填)$", "", h)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_workbook(path: Path) -> ReadResult:
    path = Path(path)
    result = ReadResult(path)
    try:
        check_workbook_file(path)
        result.hash = file_hash(path)
        wb = CalamineWorkbook.from_path(str(path))
    except UnsafeWorkbook as exc:
        result.add("", None, "", str(exc))
        return result
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken files
        result.add("", None, "", f"工作簿已损坏，无法读取（{exc}）")
        return result

    names = list(wb.sheet_names)
    if META_SHEET in names:
        try:
            result.meta = Meta.from_rows(wb.get_sheet_by_name(META_SHEET).to_python())
        except (ValueError, IndexError):
            result.add(
                META_SHEET, None, "", "隐藏的 _meta 工作表已损坏，无法识别文件来源；请重新导出或改用空白模板填写"
            )
            return result
        if result.meta and result.meta.version > FORMAT_VERSION:
            result.add(
                "",
                None,
                "",
                f"文件由更新版本的程序生成（格式第 {result.meta.version} 版），"
                f"本程序只支持到第 {FORMAT_VERSION} 版，请升级后再导入",
            )
            return result
    ours = [n for n in names if normalize_header(n) in BY_SHEET]
    if not ours:
        expected = "、".join(k.sheet for k in KINDS)
        result.add("", None, "", f"不是知识产权工作台账的报送文件或模板：找不到约定的工作表（{expected}）")
        return result

    formula_cells = _formulas_without_values(path, ours)
    for name in ours:
        kind = BY_SHEET[normalize_header(name)]
        _read_sheet(result, kind, name, _stream(wb.get_sheet_by_name(name)), formula_cells.get(name, set()))
    return result


def _stream(sheet) -> Iterator[list[object]]:  # noqa: ANN001 - a CalamineSheet
    """The sheet's rows from A1, one at a time: a 100,000-row sheet is never held whole."""
    offset = sheet.start[1] if sheet.start else 0  # calamine starts rows at the first used column
    pad = [""] * offset
    for row in sheet.iter_rows():
        yield pad + row if offset else row


def _read_sheet(
    result: ReadResult, kind: Kind, sheet: str, stream: Iterator[list[object]], formula_cells: set[tuple[int, int]]
) -> None:
    labels = {normalize_header(f.label): f for f in kind.fields}
    machine = {normalize_header(h): h for h in (UNIT_HEADER, ID_HEADER, REVISION_HEADER)}
    head = list(itertools.islice(stream, 10))
    header_index = next((i for i, row in enumerate(head) if sum(normalize_header(c) in labels for c in row) >= 2), None)
    if header_index is None:
        if any(not is_blank(c) for row in itertools.chain(head, stream) for c in row):
            result.add(sheet, 1, "", "找不到表头行：第一行应为本表的列名（如“" + kind.fields[0].label + "”）")
        return
    columns: dict[int, str] = {}  # column index → field key or machine header
    seen: dict[str, int] = {}
    for j, cell in enumerate(head[header_index]):
        h = normalize_header(cell)
        if not h:
            continue
        key = labels[h].key if h in labels else machine.get(h)
        where = get_column_letter(j + 1)
        if key is None:
            result.add(sheet, header_index + 1, str(cell), f"多余的列（{where}列）不属于本表，已忽略", warning=True)
        elif key in seen:
            result.add(
                sheet, header_index + 1, str(cell), f"列名重复（{get_column_letter(seen[key] + 1)}列和{where}列）"
            )
        else:
            seen[key] = j
            columns[j] = key
    for f in kind.input_fields:
        if f.required and f.key not in seen:
            result.add(sheet, header_index + 1, f.label, "缺少必填列")
    if any(i.sheet == sheet and not i.warning for i in result.issues):
        return

    parsers = [(j, kind.field(key)) for j, key in columns.items() if key not in machine.values()]
    parsers = [(j, f) for j, f in parsers if not f.derived]
    unit_col, id_col, rev_col = (seen.get(h) for h in (UNIT_HEADER, ID_HEADER, REVISION_HEADER))
    input_cols = [seen.get(f.key) for f in kind.input_fields]
    input_keys = [f.key for f in kind.input_fields]
    shared: dict[str, str] = {}  # one string object per distinct value of a choice column

    def choice(cell: object) -> object:
        return None if cell is None or cell == "" else shared.setdefault(str(cell), str(cell))

    trusted = [choice if f.type in _CHOSEN else _TRUSTED.get(f.type, _text) for f in kind.input_fields]
    exported = result.meta.digests.get(kind.sheet, {}) if result.meta else {}
    formula_rows = {r for r, _c in formula_cells}
    rows = itertools.chain(head[header_index + 1 :], stream)
    for i, raw in enumerate(rows, start=header_index + 1):
        if all(is_blank(c) for c in raw):
            continue
        excel_row = i + 1
        cells = [raw[j] if j is not None and j < len(raw) else None for j in input_cols]
        digest = cells_digest(cells)
        record_id = _cell_text(raw, id_col) or None
        if record_id in exported and i not in formula_rows:
            revision, expected = exported[record_id]
            if digest == expected and _cell_text(raw, rev_col) in (str(revision), f"{revision}.0"):
                # Exactly the row the app exported (from validated ledger values): take it as it is.
                values = dict(
                    zip(input_keys, [convert(c) for convert, c in zip(trusted, cells, strict=True)], strict=True)
                )
                result.rows.append(
                    SheetRow(kind, excel_row, values, _cell_text(raw, unit_col) or None, record_id, revision, digest)
                )
                continue
        values: dict[str, object] = {}
        bad = False
        for j, f in parsers:
            cell = raw[j] if j < len(raw) else None
            if (i, j) in formula_cells:
                result.add(
                    sheet, excel_row, f.label, "该单元格是公式但没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入"
                )
                bad = True
                continue
            try:
                value = f.parse(cell)
            except InvalidValue as exc:
                result.add(sheet, excel_row, f.label, str(exc))
                bad = True
                continue
            values[f.key] = value
            warning = f.warning(value)
            if warning:
                result.add(sheet, excel_row, f.label, warning, warning=True)
        for f in kind.input_fields:
            values.setdefault(f.key, None)
        if not bad:
            for key, message in kind.check_row(values):
                result.add(sheet, excel_row, kind.field(key).label, message)
                bad = True
        unit = _cell_text(raw, unit_col)
        revision = None
        if record_id:
            try:
                record_id = str(uuid.UUID(record_id))
            except ValueError:
                result.add(sheet, excel_row, ID_HEADER, f"记录ID“{record_id}”无效；新增的行请留空记录ID")
                bad = True
            rev_cell = raw[rev_col] if rev_col is not None and rev_col < len(raw) else None
            try:
                revision = int(float(normalize_text(rev_cell))) if not is_blank(rev_cell) else None
                if revision is None or revision < 1:
                    raise ValueError
            except ValueError:
                result.add(sheet, excel_row, REVISION_HEADER, "有记录ID的行必须有版本号（正整数），请勿修改这两列")
                bad = True
        if not bad:
            kind.complete(values)
            result.rows.append(SheetRow(kind, excel_row, values, unit or None, record_id, revision, digest))


def _text(cell: object) -> object:
    return None if cell is None or cell == "" else str(cell)


def _day(cell: object) -> object:
    if cell is None or cell == "":
        return None
    return cell.date() if isinstance(cell, datetime) else cell


def _number(cell: object) -> object:
    return None if cell is None or cell == "" else float(cell)


def _integer(cell: object) -> object:
    return None if cell is None or cell == "" else int(float(cell))


_CHOSEN = (FieldType.CHOICE, FieldType.CHOICES, FieldType.PERIOD)

# Reading back cells the app wrote itself: the types are known, nothing needs checking.
_TRUSTED = {
    FieldType.INT: _integer,
    FieldType.AMOUNT: _number,
    FieldType.NUMBER: _number,
    FieldType.DATE: _day,
    FieldType.YES_NO: lambda cell: None if cell is None or cell == "" else cell == YES,
}


def _cell_text(row: Sequence[object], j: int | None) -> str:
    return normalize_text(row[j]) if j is not None and j < len(row) else ""


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_REF = re.compile(r"([A-Z]+)(\d+)")
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _formulas_without_values(path: Path, sheets: list[str]) -> dict[str, set[tuple[int, int]]]:
    """(row, column) indexes, 0-based, of formula cells that carry no stored result, per sheet.

    A reader cannot compute formulas, so such a cell cannot be imported; files saved by Excel, WPS
    or LibreOffice store the result beside the formula and pass."""
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as zf:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
        for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
            name = sheet.get("name")
            if name not in sheets:
                continue
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            with zf.open(part) as fh:
                if not _FORMULA.search(fh.read()):  # <f>, not <formula1> of a drop-down list
                    continue
            cells = set()
            with zf.open(part) as fh:
                for _event, el in ElementTree.iterparse(fh):
                    if el.tag == f"{{{_NS['m']}}}c":
                        value = el.find("m:v", _NS)
                        # <v/> is empty for a formula never calculated; a string result may be empty
                        empty = value is None or (not value.text and el.get("t") not in ("str", "s", "inlineStr"))
                        if el.find("m:f", _NS) is not None and empty:
                            col, row = _REF.match(el.get("r", "")).groups()
                            cells.add((int(row) - 1, _col_index(col)))
                        el.clear()
            found[name] = cells
    return found


def get_column_letter(index: int) -> str:
    """1 → A, 27 → AA (as openpyxl's, without importing openpyxl for it)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
