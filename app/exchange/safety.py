"""Refuse a file before parsing it when it is not a workbook, is encrypted, is damaged, is a zip bomb,
carries a DTD (XML entity expansion) or would make a reader allocate memory out of proportion to it.

Every part of the zip is decompressed once, in chunks, before any sheet is read: that checks each
part's CRC (a flipped bit is found here, not deep inside a reader), its real size, the whole of its
XML for a DTD, and the extent of every sheet. A reader lays a sheet out as a grid of rows × columns
from its first to its last cell, so one cell at XFD1048576 in a 39 KB file would ask for 17 billion
cells; a sheet whose grid is far larger than the cells it holds is refused, and so is a shared-string
table that declares more strings than its bytes can hold (readers reserve room for them up front).
Messages are for the user, in Chinese.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MAX_UNCOMPRESSED = 1_000_000_000  # bytes of XML in all; a 100,000-row submission is ~60 MB
MAX_RATIO = 200  # uncompressed / compressed for any large part; spreadsheet XML stays well below
MAX_PARTS = 10_000
# A sheet's grid (rows × columns from A1 to its last cell) may exceed the cells it holds (blank cells
# are not stored) but only so far: a constant allowance (~60 MB of reader memory) plus a multiple.
GRID_ALLOWANCE = 2_000_000
GRID_PER_CELL = 8
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's own limits (XFD1048576)
CHUNK = 1 << 20  # bytes read at a time: 4 MB held ~35 MB more during the scan, for no less CPU

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls or an encrypted .xlsx
# Patterns that begin with a literal are searched fast; each runs once over every chunk.
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<f[\s>/]")  # <f>, not <formula1> of a drop-down list
_PREFIXED_FORMULA = re.compile(rb":f[\s>/]")
_PREFIXED_ROOT = re.compile(rb"<[\w.-]{1,64}:(?:worksheet|sst)\b")
_QUICK_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"')  # a cell's reference as every writer puts it
# A row tag counts only when a cell follows it: LibreOffice, after a row is deleted from a sheet
# with whole-column formats, writes an empty <row r="1048576" …></row> that no reader lays out.
_ROW_R = re.compile(rb'<row r="([0-9]{1,10})"[^<>]{0,4096}>\s{0,256}<c[\s>/]')
# Bounded repeats: a pattern that may scan to the end of a chunk from every start would take
# quadratic time on a part made of one word repeated (a hang, not a refusal).
_SST_TAG = re.compile(rb"sst\b")  # then preceded by < or : (a literal start is searched fast)
_UNIQUE_COUNT = re.compile(rb'\suniqueCount\s{0,16}=\s{0,16}["\']\s{0,16}([0-9]{1,20})')
# The exact scan (files from unusual writers, or hostile ones): every row and cell tag in order.
_TAG = re.compile(rb"<(?:[\w.-]{1,64}:)?(row|c)(?=[\s>/])")
_R_ATTR = re.compile(rb'\sr\s{0,16}=\s{0,16}["\']\s{0,16}([A-Za-z]{0,8})([0-9]{0,12})\s{0,16}["\']')


class UnsafeWorkbook(ValueError):
    pass


def _row_bound_prefix(last_row: int) -> tuple[int, int]:
    """(digits, first two digits) of a sheet's last row: what its row bound is made of."""
    text = str(max(last_row, 10))
    return len(text), int(text[:2])


def _row_bound(last_row: int) -> int:
    """A bound of the rows of a sheet whose last <row> tag is `last_row`, from its first two digits:
    100,001 → 109,999; 42 → 99. Cells beyond it are found by _far_cell_ref."""
    digits, prefix = _row_bound_prefix(last_row)
    return (prefix + 1) * 10 ** (digits - 2) - 1


@cache
def _unusual_cell(digits: int, prefix: int) -> re.Pattern[bytes]:
    """Cell tags other than <c r="A1"> to <c r="Z…"> within _row_bound: without a reference, in
    lower case (readers take b300000 as B300000), beyond column Z, or whose row has more than
    `digits` digits or `digits` digits beginning with two above `prefix` (10 to 99). One pattern
    for all of them: every cell tag of a sheet is looked at once."""
    tens, ones = divmod(prefix, 10)
    up_to = [f"[1-{tens - 1}][0-9]" if tens > 1 else "", f"{tens}[0-{ones}]"]
    up_to_prefix = "|".join(a for a in up_to if a)
    within = f"[0-9]{{1,{digits - 1}}}|(?:{up_to_prefix})[0-9]{{{digits - 2}}}"
    return re.compile(rb'<c(?! r="[A-Z](?:%s)")(?=[\s>/])' % within.encode())


def _last_row(data: bytes) -> int:
    """The number of the last <row> tag of a chunk that a cell follows (0 when none does)."""
    end = len(data)
    for _ in range(64):
        at = data.rfind(b'<row r="', 0, end)
        if at < 0:
            return 0
        m = _ROW_R.match(data, at)
        if m:
            return int(m.group(1))
        end = at
    # many rows without cells at the end of the chunk: every row tag, as before
    return max((int(r) for r in _ROW_R.findall(data)), default=0)


_REF = re.compile(rb"([A-Z]+)([0-9]+)")


def column_index(letters: bytes | str) -> int:
    """A → 1, XFD → 16384."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode("ascii", "replace"):
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class PartFacts:
    """What the scan found in one XML part."""

    name: str
    size: int = 0
    sheet: bool = False  # holds <sheetData>
    formulas: bool = False
    rows: int = 0  # the grid a reader would lay out: last row and column
    columns: int = 0
    cells: int = 0


@dataclass
class WorkbookFacts:
    parts: dict[str, PartFacts] = field(default_factory=dict)


class _SheetScan:
    """Counts kept while a part streams by; enough to bound its grid cheaply in the usual case:
    every cell written as <c r="...">, as Excel, WPS, LibreOffice and XlsxWriter write them (a
    reader places such a cell by its reference alone)."""

    def __init__(self) -> None:
        self.exact_needed = False
        self.cells = 0
        self.last_row = 0  # the largest of the <row r="..."> tags
        self.far_row = 0  # the largest cell row with more digits than the last row then seen
        self.far_column = 0  # the largest column beyond Z

    def feed(self, data: bytes, first: bool) -> None:
        if first and _PREFIXED_ROOT.search(data, 0, 65536):
            self.exact_needed = True
        if self.exact_needed:
            return
        self.cells += data.count(b'<c r="')
        # The bound is that of the last row seen: any row will do for it to hold, since cells
        # beyond it are looked at one by one (a later row only makes fewer of them).
        self.last_row = max(self.last_row, _last_row(data))
        # Cells at or below the bound of the last row are looked at no further; only cells beyond
        # it (or beyond column Z) are, one by one. The bound only grows as rows come, so a cell
        # under the bound of its own chunk lies under the final one.
        for cell in _unusual_cell(*_row_bound_prefix(self.last_row)).finditer(data):
            m = _QUICK_REF.match(data, cell.end())
            if m is None:  # no reference, or one in lower case: the exact scan places it
                self.exact_needed = True
                return
            self.far_column = max(self.far_column, column_index(m.group(1)))
            self.far_row = max(self.far_row, int(m.group(2)))

    def quick_grid(self) -> tuple[int, int] | None:
        """An upper bound of (rows, columns), or None when the exact scan is needed."""
        if self.exact_needed:
            return None
        if self.cells == 0:
            return (0, 0)
        rows = max(self.far_row, _row_bound(self.last_row))
        return min(rows, MAX_ROW + 1), min(max(self.far_column, 26), MAX_COLUMN + 1)


def _exact_grid(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """(rows, columns, cells) of a sheet, bounding what any reader could lay out: cells without a
    reference go after the last one, rows without one after the last row."""
    rows = columns = cells = 0
    row = 0
    column_in_row = 0
    for data in _chunks(zf, info):
        pos = 0
        while m := _TAG.search(data, pos):
            # The tag's attributes run to the next '>'; nothing between can start another tag, so
            # the search goes on from there (every byte is looked at once, whatever the file holds).
            end = data.find(b">", m.end())
            if end < 0:
                break
            pos = end + 1
            ref = _R_ATTR.search(data, m.end() - 1, end + 1)
            if m.group(1) == b"row":
                # the row's number places the cells that follow it; an empty row lays out nothing
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column_in_row = 0
                continue
            cells += 1
            if ref and ref.group(1) and ref.group(2):
                r, c = int(ref.group(2)), column_index(ref.group(1))
            else:
                r, c = max(row, 1), column_in_row + 1
            column_in_row = max(column_in_row + 1, c)
            rows, columns = max(rows, r), max(columns, column_in_row)
            if rows > MAX_ROW or columns > MAX_COLUMN:
                return rows, columns, cells
    return rows, columns, cells


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo):  # noqa: ANN202 - an iterator of bytes
    """The part's bytes in chunks cut after a '>' so that no tag is split between two chunks."""
    carry = b""
    with zf.open(info) as fh:
        while True:
            block = fh.read(CHUNK)
            if not block:
                break
            data = carry + block
            cut = data.rfind(b">") + 1
            if cut == 0 and len(data) < 4 * CHUNK:
                carry = data
                continue
            cut = cut or len(data)
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> PartFacts:
    facts = PartFacts(info.filename, info.file_size)
    scan = _SheetScan()
    sst_seen = False
    first = True
    for data in _chunks(zf, info):
        if _found(_DTD, data, b"!", 1):
            raise UnsafeWorkbook(f"文件中的 {info.filename} 含有 DTD/实体声明，可能是恶意文件，已拒绝")
        declared = None if sst_seen else _declared_strings(data)
        if declared is not None:
            sst_seen = True
            # Each shared string takes at least five bytes (<si/>); readers reserve room up front.
            if declared > max(info.file_size // 5, 1000):
                raise UnsafeWorkbook(
                    f"文件中的共享字符串表声明了 {declared:,} 个字符串，与其大小不符，文件已损坏或被篡改，已拒绝"
                )
        facts.sheet = facts.sheet or b"sheetData" in data
        facts.formulas = facts.formulas or bool(_FORMULA.search(data) or _found(_PREFIXED_FORMULA, data, b":", 0))
        scan.feed(data, first)
        first = False
    if not facts.sheet:
        return facts
    facts.cells = scan.cells
    allowed = GRID_ALLOWANCE + GRID_PER_CELL * scan.cells
    grid = scan.quick_grid()
    if grid is None or grid[0] * grid[1] > allowed:
        rows, columns, facts.cells = _exact_grid(zf, info)
        allowed = GRID_ALLOWANCE + GRID_PER_CELL * facts.cells
    else:
        rows, columns = grid
    facts.rows, facts.columns = rows, columns
    if rows > MAX_ROW or columns > MAX_COLUMN or rows * columns > allowed:
        far = f"{_letters(min(columns, MAX_COLUMN))}{min(rows, MAX_ROW)}"
        raise UnsafeWorkbook(
            f"文件中的 {info.filename} 的数据范围延伸到 {far} 单元格，但只有 {facts.cells:,} 个单元格有内容，"
            "与文件大小不相称（疑似损坏或恶意文件），已拒绝；请删去远处的单元格后另存再导入"
        )
    return facts


def _found(pattern: re.Pattern[bytes], data: bytes, rare: bytes, at: int) -> bool:
    """Whether `pattern` occurs in `data`, where each of its matches holds the byte `rare` (one
    that few chunks hold, or hold a few times) `at` bytes from its start: the byte is looked for
    first (memchr), the pattern tried only there. A sheet's XML has tags everywhere, so a pattern
    beginning with "<" stops at every tag; a "!" or ":" is seldom met. Chunks holding the byte many
    times are searched as before."""
    i = data.find(rare)
    for _ in range(64):
        if i < 0:
            return False
        if i >= at and pattern.match(data, i - at):
            return True
        i = data.find(rare, i + 1)
    return pattern.search(data, max(i - at, 0)) is not None


def _declared_strings(data: bytes) -> int | None:
    """The uniqueCount of a shared-string table's <sst> tag in this chunk, if it holds one."""
    pos = 0
    while m := _SST_TAG.search(data, pos):
        if m.start() == 0 or data[m.start() - 1] not in b"<:":  # not a tag: some text or attribute
            pos = m.end()
            continue
        end = data.find(b">", m.end())
        if end < 0:
            return None
        count = _UNIQUE_COUNT.search(data, m.end(), end)
        if count:
            return int(count.group(1))
        pos = end + 1  # as in _exact_grid: each byte looked at once
    return None


def _letters(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


_checked: dict[tuple[str, int, int], WorkbookFacts | str] = {}  # the last files checked, by path, size and time


def check_workbook_file(path: Path) -> WorkbookFacts:
    """Raise UnsafeWorkbook with a clear reason, or return what the scan found when the file can be
    parsed. A file checked before and unchanged since is not scanned again."""
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _checked:
        found = _checked[key]
        if isinstance(found, str):
            raise UnsafeWorkbook(found)
        return found
    try:
        facts = _check(path)
    except UnsafeWorkbook as exc:
        if key is not None:
            _remember(key, str(exc))
        raise
    if key is not None:
        _remember(key, facts)
    return facts


def _remember(key: tuple[str, int, int], found: WorkbookFacts | str) -> None:
    if len(_checked) >= 64:
        _checked.pop(next(iter(_checked)))
    _checked[key] = found


def open_workbook(path: Path):  # noqa: ANN201 - a python_calamine.CalamineWorkbook
    """The workbook opened for reading, after the checks above: the one way to open a file that
    came from outside (UnsafeWorkbook when it must not be read)."""
    from python_calamine import CalamineWorkbook

    check_workbook_file(path)
    return CalamineWorkbook.from_path(str(path))


def _check(path: Path) -> WorkbookFacts:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnsafeWorkbook(f"无法打开文件：{exc.strerror or exc}") from None
    if head.startswith(_CFB_MAGIC):
        with path.open("rb") as fh:
            data = fh.read(64 << 20)
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnsafeWorkbook("工作簿设有打开密码（已加密），请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入")
        raise UnsafeWorkbook("这是旧版 Excel（.xls）文件，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbook("不是 Excel 工作簿（.xlsx）文件，或文件已损坏（不完整）")
    facts = WorkbookFacts()
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise UnsafeWorkbook(f"文件包含 {len(infos):,} 个部件，不是正常的工作簿，已拒绝")
            names = [i.filename for i in infos]
            if "xl/workbook.xml" not in names:
                raise UnsafeWorkbook("不是 Excel 工作簿（.xlsx）文件：缺少工作簿结构")
            if len(set(names)) != len(names):
                twice = sorted({n for n in names if names.count(n) > 1})
                raise UnsafeWorkbook(f"工作簿已损坏：部件 {'、'.join(twice[:3])} 出现了不止一次")
            total = 0
            for info in infos:
                total += info.file_size
                if total > MAX_UNCOMPRESSED:
                    raise UnsafeWorkbook("文件解压后过大，疑似压缩炸弹，已拒绝")
                if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise UnsafeWorkbook(f"文件中的 {info.filename} 压缩比异常，疑似压缩炸弹，已拒绝")
            for info in infos:
                if info.is_dir():
                    continue
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    facts.parts[info.filename] = _scan_part(zf, info)
                else:
                    for _data in _chunks(zf, info):  # read to the end: checks size and CRC
                        pass
    except UnsafeWorkbook:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise UnsafeWorkbook(f"工作簿已损坏，无法读取（{_zip_reason(exc)}）") from None
    return facts


def _zip_reason(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "数据校验失败，文件在传输或保存中受损"
    if isinstance(exc, zlib.error) or "decompress" in text.lower():
        return "压缩数据错误"
    if isinstance(exc, NotImplementedError) or "compression method" in text:
        return "不支持的压缩方式"
    if "password" in text or "encrypted" in text:
        return "部件已加密"
    return "压缩结构错误"
