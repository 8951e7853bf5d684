"""Reading an exchange workbook into validated rows, with cell-precise messages in Chinese.

Accepts our own exports, files re-saved by Excel, WPS or LibreOffice, and hand-filled templates:
columns in any order, extra columns reported and ignored, blank rows skipped, stray spaces and
full-width characters tolerated. Nothing here touches the ledger.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import operator
import posixpath
import re
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from app.exchange import early, signing
from app.exchange.layout import (
    COMMENT_SHEET,
    CONSOLIDATED,
    FEEDBACK,
    FORMAT_VERSION,
    META_SHEET,
    REFERENCE_HEADERS,
    SUBMISSION,
    TEMPLATE,
    Meta,
    RowDigests,
    _raw_text,
    cells_digest,
    resaved_text,
)
from app.exchange.packed import BLOCK_ROWS, RowBlock
from app.exchange.safety import UnsafeWorkbook, WorkbookFacts, check_workbook_file, column_index
from app.vocabulary.kinds import BY_SHEET, ID_HEADER, KINDS, REVISION_HEADER, UNIT_HEADER, FieldType, Kind
from app.vocabulary.validators import InvalidValue, is_blank, normalize_text

log = logging.getLogger(__name__)

MAX_ISSUES = 500  # per file; the rest are counted, not listed
# What a spreadsheet cell can hold (Excel's specifications and limits): longer text or larger
# numbers cannot have come from Excel or WPS, and could not be written back by the app.
MAX_CELL_TEXT = 32_767
MAX_CELL_NUMBER = 9.99e307
MAX_REVISION = 1_000_000_000
MAX_FORMAT_VERSION = 1_000


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
    values: Mapping[str, object]  # a PackedValues: a 100,000-row sheet is held in its third of the memory
    unit: str | None
    record_id: str | None
    revision: int | None
    cells_digest: str = ""  # of the input cells as they stand (see layout.cells_digest)
    untouched: bool = False  # the cells are those the app exported (the _meta digest matches)
    edited_outside: bool = False  # the _meta has the row's digest as exported and the cells differ from it

    def __reduce__(self) -> tuple[type[SheetRow], tuple[object, ...]]:  # rows read in another process
        fields = (self.kind, self.row, self.values, self.unit, self.record_id, self.revision, self.cells_digest)
        return (SheetRow, (*fields, self.untouched, self.edited_outside))


@dataclass
class ReadResult:
    path: Path
    hash: str = ""
    meta: Meta | None = None
    # The rows read, in blocks of column arrays (packed.RowBlock); `rows` reads them as SheetRows.
    blocks: list[RowBlock] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    sheets: tuple[str, ...] = ()  # every sheet's name, as the workbook lists them
    # The cells of its 反馈意见 sheet, when it has one: a feedback workbook's comments (and the answers
    # written into it), or the answers a submission carries; app.review.feedback reads them.
    comment_cells: list[list[object]] | None = None
    hidden_issues: int = 0
    # The signature over _meta (SPEC §15) as it holds for the file itself; whose key it is, the
    # planner asks the ledger. Rows of a signed file whose cells no longer match their _meta digest
    # (edited after signing, or added) are not covered by it: (sheet, Excel row) of each.
    signature: signing.Check = signing.Check(signing.UNSIGNED)
    uncovered: list[tuple[str, int]] = field(default_factory=list)
    # A task sheet with a pre-filled workbook's read-only columns (上期推进状态 …): the bureau laid it
    # out, even when its _meta is older than the `issued_by` mark (app.merge.planner.key_party).
    reference_columns: bool = False
    # The last sheets a forked child left to the program to read (app.exchange.early; take_tail).
    deferred: tuple[str, ...] = ()

    @property
    def rows(self) -> Rows:
        """Every row read, as SheetRows made block by block while they are gone through."""
        return Rows(self.blocks)

    @rows.setter
    def rows(self, rows: list) -> None:
        if rows:
            raise ValueError("rows are added by the reader, in blocks")
        self.blocks = []

    def rows_of(self, *kinds: Kind) -> Rows:
        """The rows of the given kinds only (the other sheets' blocks are not decoded)."""
        sheets = {k.sheet for k in kinds}
        return Rows([b for b in self.blocks if b.sheet in sheets])

    def take_blocks(self) -> Iterator[Rows]:
        """The rows block by block, each block let go of once given (a 100,000-row sheet is
        planned without its rows held twice)."""
        blocks, self.blocks = self.blocks, []
        blocks.reverse()
        while blocks:
            yield Rows([blocks.pop()])

    @property
    def signed(self) -> bool:
        return self.signature.state == signing.VALID

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


class Rows:
    """Rows kept in blocks, read as SheetRows (each block decoded when its rows are come to)."""

    __slots__ = ("_blocks",)

    def __init__(self, blocks: list[RowBlock]) -> None:
        self._blocks = blocks

    def __iter__(self) -> Iterator[SheetRow]:
        for block in self._blocks:
            kind = BY_SHEET[block.sheet]
            for fields in block.decoded():
                yield SheetRow(kind, *fields)

    def __len__(self) -> int:
        return sum(b.count for b in self._blocks)

    @property
    def blocks(self) -> list[RowBlock]:
        """The blocks themselves: RowBlock.decoded_raw() gives record ids and digests as bytes,
        RowBlock.columns() the block as columns, neither turning them into text."""
        return self._blocks

    def __bool__(self) -> bool:
        return bool(self._blocks)


def normalize_header(text: object) -> str:
    """A header as written, compared: no spaces or line breaks (a header wrapped with Alt+Enter to
    keep a column narrow), either kind of brackets, no required-mark at its end."""
    if type(text) is str and len(text) <= 64:  # the same few headers in every file
        return _header(text)
    return _normalized_header(text)


@lru_cache(maxsize=1024)
def _header(text: str) -> str:
    return _normalized_header(text)


def _normalized_header(text: object) -> str:
    h = "".join(normalize_text(text).split()).replace("（", "(").replace("）", ")")
    return re.sub(r"(\*|\(必填\)|必填)$", "", h)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Refused(Exception):
    """The file cannot be read further; the reason is already among the result's issues."""


def read_workbook(path: Path, blocks: list[RowBlock] | None = None) -> ReadResult:
    """Read a workbook into rows and issues. Never raises for what is in the file: a damaged or
    hostile file ends as an error naming the file (and the sheet, row and column at fault).
    `blocks`: where the rows' blocks go as they are read instead of the result's own list (the
    read-ahead helper sends each on at once); a file with errors keeps none."""
    path = Path(path)
    if blocks is None:
        done = early.finished(path)  # read by a child forked as the program started, if it was
        if done is not None:
            return done
    result = ReadResult(path)
    if blocks is not None:
        result.blocks = blocks
    _guarded(result, lambda: _read(result))
    return _ended(result)


def _guarded(result: ReadResult, read: Callable[[], None]) -> None:
    """`read` (the file's reading, or some of its sheets'), whatever in the file stops it said as
    an issue of the result."""
    try:
        read()
    except _Refused:
        pass
    except UnsafeWorkbook as exc:
        result.add("", None, "", str(exc))
    except MemoryError:
        result.add("", None, "", "工作簿过大，内存不足，无法读取")
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        # Also a reader's panic (pyo3's PanicException is a BaseException): never a traceback.
        log.exception("unexpected failure reading %s", result.path)
        result.add("", None, "", f"工作簿已损坏，无法读取（{_reason(exc)}）")


def _ended(result: ReadResult) -> ReadResult:
    if result.errors:
        result.rows = []
    if result.meta:
        result.meta.digests = {}  # each row says whether it matched (SheetRow.untouched); 100,000 entries let go
    return result


def read_tail(path: Path, ahead: early.Ahead) -> ReadResult:
    """The last sheets of a file that a forked child leaves to this process (app.exchange.early):
    read here, while the child reads the others, as its reading would have read them."""
    side = ReadResult(path)
    side.meta, side.signature = ahead.meta, ahead.signature

    def read() -> None:
        wb = CalamineWorkbook.from_path(str(path))
        for name in ahead.tail:
            _read_one(side, wb, name, {}, ahead.formulas)

    _guarded(side, read)
    return side


def take_tail(result: ReadResult, side: ReadResult | None, ahead: early.Ahead | None) -> ReadResult:
    """The child's reading of a file with the sheets it left to this process: those read here
    beside it (`side`), or, when that reading cannot be joined to the child's as the one reading
    of the file would have made them (its issues past MAX_ISSUES), those sheets read again now."""
    tail, result.deferred = result.deferred, ()
    if not tail:
        return result
    if ahead is None or ahead.tail != tail:  # (never: the child said which sheets it left)
        raise ValueError(f"the child left {tail}, said {ahead.tail if ahead else None}")
    if (
        side is not None
        and not result.hidden_issues
        and not side.hidden_issues
        and len(result.issues) + len(side.issues) < MAX_ISSUES
    ):
        result.issues += side.issues
        result.blocks += side.blocks
        result.uncovered += side.uncovered
        result.reference_columns = result.reference_columns or side.reference_columns
        log.info("sheets %s of %s read here beside the child reading the others", "、".join(tail), result.path.name)
        return _ended(result)
    kept, result.meta = result.meta, ahead.meta  # (the tail's digests: the child's were let go)

    def read() -> None:
        wb = CalamineWorkbook.from_path(str(result.path))
        for name in tail:
            _read_one(result, wb, name, {}, ahead.formulas)

    _guarded(result, read)
    result.meta = kept
    return _ended(result)


def _reason(exc: BaseException) -> str:
    """Why a reader gave up, in words for the user (the library's own message goes to the log)."""
    text = str(exc).lower()
    for found, words in (
        ("zip", "压缩结构错误"),
        ("crc", "数据校验失败，文件在传输或保存中受损"),
        ("xml", "XML 结构错误"),
        ("encod", "文字编码错误"),
        ("utf", "文字编码错误"),
        ("shared string", "共享字符串表与单元格不符"),
        ("boolean", "逻辑值单元格的值无法识别"),
        ("number", "数值单元格的值不是数字"),
        ("float", "数值单元格的值不是数字"),
        ("date", "日期单元格的值无法识别"),
        ("error", "错误值单元格无法识别"),
        ("dimension", "数据范围声明错误"),
        ("relationship", "工作簿部件之间的引用错误"),
    ):
        if found in text:
            return words
    return "文件内容不符合 Excel 工作簿格式"


# What a reader accepts in a typed cell (<c t="…"><v>…</v>): anything else makes it give up the sheet.
_ERROR_VALUES = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
}
_CELL_TYPES = {"b", "d", "e", "inlineStr", "n", "s", "str"}


def _typed_cell_problem(kind: str | None, value: str | None) -> str:
    """Why a cell's stored value cannot be read as its type says, in Chinese ("" when it can)."""
    if kind not in (None, *_CELL_TYPES):
        return f"单元格类型“{kind[:20]}”无法识别"
    if value is None:
        return ""
    v = value.strip()
    if kind == "b" and v not in ("0", "1", "true", "false", "TRUE", "FALSE"):
        return f"逻辑值单元格只能是 TRUE 或 FALSE，现为“{v[:20]}”"
    if kind in (None, "n"):
        try:
            float(v)
        except ValueError:
            return f"数值单元格的值“{v[:20]}”不是数字"
    if kind == "e" and v not in _ERROR_VALUES:
        return f"错误值单元格的内容“{v[:20]}”无法识别"
    if kind == "s" and not _ascii_digits(v):  # (str.isdigit takes ² and other scripts' digits)
        return f"共享字符串编号“{v[:20]}”无效"
    if kind == "d":
        try:
            datetime.fromisoformat(v)
        except ValueError:
            return f"日期单元格的值“{v[:20]}”不是日期"
    return ""


def _ascii_digits(text: str) -> bool:
    """Whether a text is a number written in the digits 0-9 only (what int() of an XML attribute
    takes without failing on ² or ٣, which str.isdigit() also counts as digits)."""
    return text.isascii() and text.isdigit()


def _bad_cell(result: ReadResult, sheet: str) -> tuple[int, str, str] | None:
    """(row, column letter, reason) of the first cell of `sheet` a reader cannot take as its type
    says (a boolean holding 2), or of a row whose number is not one (column ""): what made the
    reader give the sheet up, to be named to the user."""
    try:
        parts = sheet_parts(result, [sheet])
    except _Refused:
        return None
    cell_tag, row_tag, v_tag = (f"{{{_NS['m']}}}{tag}" for tag in ("c", "row", "v"))
    row = column = 0
    try:
        with zipfile.ZipFile(result.path) as zf, zf.open(parts[sheet]) as fh:
            for event, el in ElementTree.iterparse(fh, events=("start", "end")):
                if event == "start":
                    if el.tag == row_tag:
                        r = el.get("r", "")
                        row, column = (int(r) if _ascii_digits(r) else row + 1), 0
                        if r.strip() and not _ascii_digits(r.strip()):
                            return row, "", f"行号“{r[:20]}”无效"
                    elif el.tag == cell_tag:
                        m = _REF.match(el.get("r", ""))
                        row, column = (int(m.group(2)), column_index(m.group(1))) if m else (row, column + 1)
                    continue
                if el.tag == cell_tag:
                    v = el.find(v_tag)
                    problem = _typed_cell_problem(el.get("t"), v.text if v is not None else None)
                    if problem:
                        return row, get_column_letter(column), problem
                    el.clear()
    except (KeyError, ElementTree.ParseError, OSError, zipfile.BadZipFile, ValueError):
        return None
    return None


def _read(result: ReadResult) -> None:
    path = result.path
    parsed = early.take(path)  # the scan and parse begun as the program started, if they were
    facts = check_workbook_file(path)
    result.hash = file_hash(path)
    try:
        wb = parsed if parsed is not None else CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        result.sheets = tuple(names)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken files
        result.add("", None, "", f"工作簿已损坏，无法读取（{_reason(exc)}）")
        raise _Refused from None

    if META_SHEET in names:
        _read_meta(result, wb)
    comments = next((n for n in names if normalize_header(n) == COMMENT_SHEET), None)
    feedback = result.meta is not None and result.meta.kind == FEEDBACK
    if comments is not None:
        try:
            result.comment_cells = wb.get_sheet_by_name(comments).to_python()
        except Exception as exc:  # noqa: BLE001 - calamine raises its own types for broken sheets
            if feedback:
                result.add(comments, None, "", f"工作表已损坏，无法读取：{_reason(exc)}")
                raise _Refused from None
            # a submission's answers to comments: its records are still merged
            result.add(comments, None, "", "工作表已损坏，其中对意见的答复未导入", warning=True)
    if feedback:
        if comments is None:
            result.add("", None, "", f"反馈文件缺少工作表“{COMMENT_SHEET}”")
        return  # a feedback workbook carries comments, no records
    ours = [n for n in names if normalize_header(n) in BY_SHEET]
    if not ours:
        expected = "、".join(k.sheet for k in KINDS)
        result.add("", None, "", f"不是知识产权工作台账的报送文件或模板：找不到约定的工作表（{expected}）")
        raise _Refused
    twice = [n for n in ours if [normalize_header(o) for o in ours].count(normalize_header(n)) > 1]
    if twice:
        result.add(twice[1], None, "", f"工作表“{twice[0]}”和“{twice[1]}”是同一类记录，请合并为一张工作表")
        raise _Refused

    formula_cells = _formulas_without_values(result, facts, ours)
    large = [n for n in ours if _part_size(result, facts, n) > STREAM_OVER]
    parts = sheet_parts(result, large) if large else {}
    tail: tuple[str, ...] = ()
    if early.leaving() and not large:  # a forked child may leave the last sheets to the program
        found = sheet_parts(result, ours)
        sizes = [(n, facts.parts[found[n]].size if found.get(n) in facts.parts else 0) for n in ours]
        tail = early.leave(result, sizes, formula_cells)
    for name in ours:
        if name in tail:  # (the last ones, every sheet before them read without a refusal)
            if early.claimed():  # taken by the program: read there
                result.deferred = tail
                return
            tail = ()  # the program was not ready for them: read here
        _read_one(result, wb, name, parts, formula_cells)


def _read_one(
    result: ReadResult,
    wb: CalamineWorkbook,
    name: str,
    parts: Mapping[str, str],
    formula_cells: Mapping[str, set[tuple[int, int]]],
) -> None:
    """One sheet of records; a sheet that cannot be read refuses the file (_Refused), its fault named."""
    kind = BY_SHEET[normalize_header(name)]
    where = _Where()
    try:
        rows = _streamed(result.path, name, parts[name], where) if name in parts else None
        if rows is None:
            sheet = wb.get_sheet_by_name(name)
            rows = _stream(sheet, where)
        _read_sheet(result, kind, name, rows, formula_cells.get(name, set()))
    except _Refused:
        raise
    except BaseException as exc:
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        log.warning("sheet %s of %s cannot be read: %r", name, result.path, exc)
        bad = _bad_cell(result, name)
        if bad is not None:  # the cell at fault, named as the user finds it
            row, column, problem = bad
            fix = "改正该单元格后另存" if column else "打开后另存"  # (a row's own number is at fault)
            result.add(name, row, column, f"{problem}，工作表无法读取；请在 Excel/WPS 中{fix}再导入")
        else:
            near = f"（第 {where.row} 行附近）" if where.row else ""
            result.add(name, where.row or None, "", f"工作表已损坏，无法读取{near}：{_reason(exc)}")
        raise _Refused from None


def _read_meta(result: ReadResult, wb: CalamineWorkbook) -> None:
    damaged = "隐藏的 _meta 工作表已损坏，无法识别文件来源；请重新导出或改用空白模板填写"
    try:
        rows = wb.get_sheet_by_name(META_SHEET).to_python()
        for i, row in enumerate(rows, start=1):
            for j, cell in enumerate(row):
                problem = _unholdable(cell)
                if problem:
                    result.add(META_SHEET, i, get_column_letter(j + 1), f"{damaged}（{problem}）")
                    raise _Refused
        # The signature is checked first, before the digests are parsed: its text of the rows is
        # made and let go of before the digests are held (a 100,000-row file: ~6 MB less at once)
        signature = signing.check(rows)
        result.meta = Meta.from_rows(rows)
    except _Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - any malformed content: int("x"), a short row, inf
        log.info("_meta of %s is malformed: %r", result.path, exc)
        result.add(META_SHEET, None, "", damaged)
        raise _Refused from None
    del rows
    meta = result.meta
    if meta is None:
        return
    result.signature = signature
    if result.signature.state == signing.BROKEN:  # refused; read on, to name what else is wrong
        result.add(META_SHEET, None, "", f"签名无效，文件不能导入：{result.signature.problem}")
    if not 1 <= meta.version <= MAX_FORMAT_VERSION:
        result.add(META_SHEET, None, "version", f"{damaged}（格式版本“{meta.version}”无效）")
        raise _Refused
    if meta.version > FORMAT_VERSION:
        result.add(
            "",
            None,
            "",
            f"文件由更新版本的程序生成（格式第 {meta.version} 版），"
            f"本程序只支持到第 {FORMAT_VERSION} 版，请升级后再导入",
        )
        raise _Refused
    problems = _meta_problems(meta)
    for problem in problems:
        result.add(META_SHEET, None, "", f"{damaged}（{problem}）")
    if problems:
        raise _Refused


def _meta_problems(meta: Meta) -> list[str]:
    """What in a parsed _meta no export of the app writes (a damaged or forged file)."""
    problems = []
    if meta.kind not in (TEMPLATE, SUBMISSION, CONSOLIDATED, FEEDBACK):
        problems.append(f"文件类型“{meta.kind[:40]}”未知")
    if meta.unreadable_period:
        problems.append(f"报告期“{meta.unreadable_period[:40]}”无效")
    if meta.due:
        try:
            date.fromisoformat(meta.due)
        except ValueError:
            problems.append(f"截止日期“{meta.due[:40]}”无效")
    if meta.exported_at:
        try:
            datetime.fromisoformat(meta.exported_at)
        except ValueError:
            problems.append(f"导出时间“{meta.exported_at[:40]}”无效")
    if meta.submission_id and not _is_uuid(meta.submission_id):
        problems.append(f"报送编号“{meta.submission_id[:40]}”无效")
    if meta.kind == SUBMISSION and not meta.unit:
        problems.append("报送文件没有填报单位")
    for t in meta.tombstones:
        if t.sheet not in BY_SHEET:
            problems.append(f"删除记录所属的工作表“{t.sheet[:40]}”未知")
        elif not _is_uuid(t.record_id):
            problems.append(f"删除记录的记录ID“{t.record_id[:40]}”无效")
        elif not 1 <= t.revision <= MAX_REVISION:
            problems.append(f"删除记录 {t.record_id} 的版本“{t.revision}”无效")
    for sheet, by_id in meta.digests.items():
        if type(by_id) is RowDigests:  # (revisions of 1 to 9 digits, as the app writes them)
            low, high = by_id.revision_range()
            bad = None if low >= 1 and high <= MAX_REVISION else ""
        else:
            bad = next((rid for rid, (rev, _d) in by_id.items() if not 1 <= rev <= MAX_REVISION), None)
        if sheet not in BY_SHEET or bad is not None:
            problems.append(f"工作表“{sheet[:40]}”的行摘要无效")
    for e in meta.evidence:
        if not _is_uuid(e.record_id) or e.size < 0 or not re.fullmatch(r"[0-9a-f]{64}", e.sha256) or not e.name:
            problems.append(f"佐证材料清单中“{e.name[:40]}”一项无效")
            break
    return problems[:20]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


def _unholdable(cell: object) -> str | None:
    """Why a cell's value cannot have come from a spreadsheet (None when it can)."""
    if type(cell) is str:
        if len(cell) > MAX_CELL_TEXT:
            return f"文字长达 {len(cell):,} 个字符，超过单元格上限 {MAX_CELL_TEXT:,} 个字符"
    elif type(cell) is float and not -MAX_CELL_NUMBER <= cell <= MAX_CELL_NUMBER:
        if not math.isfinite(cell):
            return "数值无效（非数字或无穷大）"
        return f"数值 {cell:g} 超出单元格能保存的范围（±9.99E+307）"
    return None


class _Where:
    """The row a sheet's reading has come to, for a message when the sheet turns out damaged."""

    row = 0


def _stream(sheet, where: _Where) -> Iterator[list[object]]:  # noqa: ANN001 - a CalamineSheet
    """The sheet's rows from A1, one at a time (the sheet itself was loaded whole)."""
    offset = sheet.start[1] if sheet.start else 0  # calamine starts rows at the first used column
    merged = getattr(sheet, "merged_cell_ranges", None) or ()
    return _merged_down(sheet.iter_rows(), merged, offset, where)


# A sheet whose XML is larger than this is streamed row by row (python-calamine-plus) instead of
# loaded whole: python-calamine holds a 100,000-row sheet's cells, some 155 MB, before its first
# row. Below it, loading whole is as fast and the two readers agree cell for cell (the tests read
# files both ways).
STREAM_OVER = 16 << 20
_MERGE_CELL = re.compile(  # (searched from its name: a literal is found fast)
    rb'mergeCell\s[^<>]{0,4096}?\bref\s{0,16}=\s{0,16}["\']\s{0,16}([A-Za-z]{1,3}[0-9]{1,7})(?::([A-Za-z]{1,3}[0-9]{1,7}))?'
)
# Cells the two readers may give differently, for which a sheet is loaded whole: any typed cell but
# text and numbers (python-calamine refuses a boolean holding 2 that the fork reads as TRUE, gives
# "" for an error value the fork gives as #N/A), a value that is not a plain number (a formula's
# text result; the fork may read what python-calamine refuses) or a negative zero (-0.0 in one, 0
# in the other), and a value written with spaces around it.
_UNLIKE_TYPE = re.compile(rb""" t=(?:"(?!(?:s|inlineStr|n)")|'(?!(?:s|inlineStr|n)'))""")
_ODD_SPACES = (b" t ", b" t\t", b" t\n", b" t\r", b"\tt", b"\nt", b"\rt")  # t = "b", a tab before t
_TAIL_AT_MOST = 1 << 20
_UNLIKE_VALUE = re.compile(rb"v>(?:\s|-0*\.?0*(?:[eE][-+]?[0-9]+)?\s{0,16}<|[^<]{0,64}?[^0-9.eE+\-<])")


def _part_size(result: ReadResult, facts: WorkbookFacts, name: str) -> int:
    """The size of a sheet's XML, as the safety scan found it (0 when not found)."""
    if not any(p.size > STREAM_OVER for p in facts.parts.values()):
        return 0
    part = sheet_parts(result, [name]).get(name)
    return facts.parts[part].size if part in facts.parts else 0


def _streamed(path: Path, name: str, part: str, where: _Where) -> Iterator[list[object]] | None:
    """A large sheet's rows from A1, streamed in constant memory; None when it is to be loaded
    whole (the streaming reader is missing, or the sheet holds a cell it would read otherwise)."""
    try:
        from python_calamine_plus import CalamineWorkbook as StreamingWorkbook
    except ImportError:
        return None
    from app.exchange.safety import _chunks

    merged = []
    # The chunks are cut after a '>', so a tag is never split, but a value may be: a chunk can end
    # with <v> and the next begin with -0. A value's match holds no '<' but as its last byte, so it
    # begins after the last '<' of the chunk before (the tail, kept) and ends by the first '<' of
    # this one: the two are searched together.
    tail = b""
    with zipfile.ZipFile(path) as zf:
        for data in _chunks(zf, zf.getinfo(part)):
            if _UNLIKE_TYPE.search(data) or _UNLIKE_VALUE.search(data) or any(o in data for o in _ODD_SPACES):
                return None
            if tail:
                first = data.find(b"<")
                if _UNLIKE_VALUE.search(tail + (data if first < 0 else data[: first + 1])):
                    return None
            last = data.rfind(b"<")
            tail = data[last:] if last >= 0 else tail + data
            if len(tail) > _TAIL_AT_MOST:  # megabytes of text without a tag: not a sheet to stream
                return None
            for m in _MERGE_CELL.finditer(data):
                if m.start() == 0 or data[m.start() - 1] not in b"<:":
                    continue
                first, last = m.groups()
                top, left = _cell_at(first)
                bottom, right = _cell_at(last) if last else (top, left)
                merged.append(((top, left), (bottom, right)))
    return _merged_down(_as_calamine(StreamingWorkbook.from_path(str(path)), name), merged, 0, where)


def _as_calamine(wb, name: str) -> Iterator[list[object]]:  # noqa: ANN001 - the fork's CalamineWorkbook
    """The sheet's rows as python-calamine gives them (whole numbers as 5.0, not 5); the file is
    closed when the rows are read or given up."""
    try:
        for row in wb.stream_sheet_by_name(name):
            yield [float(c) if type(c) is int else c for c in row] if int in set(map(type, row)) else row
    finally:
        wb.close()


def _cell_at(ref: bytes) -> tuple[int, int]:
    """(row, column), 0-based, of a reference such as b"C12"."""
    m = _REF.match(ref.decode("ascii"))
    return (int(m.group(2)) - 1, column_index(m.group(1)) - 1) if m else (0, 0)


def _merged_down(
    rows: Iterator[list[object]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]], offset: int, where: _Where
) -> Iterator[list[object]]:
    """The rows from A1, one at a time, each cell merged down over it holding the merge's value."""
    pad = [""] * offset
    # A cell merged down over several rows (one 推进状态 or 填报人 for three tasks, as a clerk does
    # in Excel or WPS) is read as its value in every row it covers, as the person sees it; the
    # file keeps the value only in the top cell. Merged across (a wider text cell) stays in its
    # first column.
    down: dict[int, list[tuple[int, int]]] = defaultdict(list)  # top row → [(column, bottom row)]
    for (top, left), (bottom, _right) in merged:
        if bottom > top:
            down[top].append((left, bottom))
    spans: dict[int, tuple[object, int]] = {}  # column → (value, bottom row) of the merges in force
    for i, row in enumerate(rows):
        where.row += 1
        row = pad + row if offset else row
        if down or spans:
            for column, (value, bottom) in list(spans.items()):
                if i > bottom:
                    del spans[column]
                elif column < len(row) and is_blank(row[column]):
                    row[column] = value
            for column, bottom in down.pop(i, ()):
                if column < len(row) and not is_blank(row[column]):
                    spans[column] = (row[column], bottom)
        yield row


def _read_sheet(
    result: ReadResult, kind: Kind, sheet: str, stream: Iterator[list[object]], formula_cells: set[tuple[int, int]]
) -> None:
    labels = {normalize_header(f.label): f for f in kind.fields}
    # a header written without its unit of measure: 融资金额 for 融资金额(万元)
    labels |= {h.split("(")[0]: f for h, f in list(labels.items()) if "(" in h and h.split("(")[0] not in labels}
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
            if h in REFERENCE_HEADERS:  # a pre-filled workbook's read-only columns: ignored by design
                result.reference_columns = True
                continue
            label = normalize_text(cell)[:40]
            result.add(sheet, header_index + 1, label, f"多余的列（{where}列）不属于本表，已忽略", warning=True)
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

    # Every cell of a year's submissions passes here: what can be decided once per sheet is.
    fields = [(j, kind.field(key)) for j, key in columns.items() if key not in machine.values()]
    fields = [(j, f) for j, f in fields if not f.derived]
    # One object per distinct value of a column whose values repeat (choices, dates, names): a
    # year's rows hold each 已完成, 2025-03-31 and 华东师范大学 once, not once per row. A column
    # whose values turn out mostly distinct (titles, numbers) stops being pooled.
    parsers = [(j, f, f.key, f.read, {} if f.type not in _UNPOOLED else None) for j, f in fields]
    warned = [f for _j, f in fields if f.type in _WARNED]
    unit_col, id_col, rev_col = (seen.get(h) for h in (UNIT_HEADER, ID_HEADER, REVISION_HEADER))
    # Each row is read padded to the header's width and one blank cell more, at its end, which
    # stands for the input columns the sheet lacks.
    width = max(columns, default=0) + 1
    input_cells = operator.itemgetter(*[seen.get(f.key, -1) for f in kind.input_fields], -1)
    machine_cols = [(j, h) for h, j in ((UNIT_HEADER, unit_col), (ID_HEADER, id_col), (REVISION_HEADER, rev_col))]
    machine_cols = [(j, h) for j, h in machine_cols if j is not None]
    empty = dict.fromkeys(f.key for f in kind.input_fields)  # every input field, in order
    keys = tuple(empty)
    block: list[tuple] = []  # rows read and checked, until a RowBlock's worth
    pooled_rows = 0
    exported = result.meta.digests.get(kind.sheet, {}) if result.meta else {}
    signed = result.signed
    formula_rows = {r for r, _c in formula_cells}
    rows = itertools.chain(head[header_index + 1 :], stream)

    def read_row(i: int, raw: list[object]) -> None:
        """One row, cell by cell, every issue named: what a batch falls back on when a cell of it
        is not as the fast path expects (an invalid value, a warning, a formula, a bad id)."""
        nonlocal block, parsers, pooled_rows
        excel_row = i + 1
        raw = [*raw, *[None] * (width - len(raw)), None]
        bad = False
        # Values a spreadsheet cannot hold are refused where they are read: the fields' parsers
        # refuse them (Field.parse), the machine columns here.
        for j, header in machine_cols:
            problem = _unholdable(raw[j])
            if problem:
                result.add(sheet, excel_row, header, problem)
                bad = True
        if bad:
            return
        cells = input_cells(raw)
        digest = cells_digest(cells[:-1])
        id_text = _cell_text(raw, id_col)
        record_id = _record_id(id_text)  # as the app writes it; others are normalised
        # A row exactly as the app exported it was checked when it was entered; its warnings (a
        # credit code's check character) were seen then. Its values are still parsed and checked
        # like any other's: a digest says "unchanged since export", never "valid".
        revision = _revision(raw[rev_col]) if id_text and rev_col is not None else None
        sent = exported.get(record_id) if record_id else None
        if sent is not None and sent[1] != digest:
            before = resaved_text("\x1f".join([c if type(c) is str else _raw_text(c) for c in cells[:-1]]))
            if before is not None and sent[1] == _digest(before):
                digest = sent[1]  # \r\n line ends a re-save made \n (see layout.resaved_text)
        as_exported = sent is not None and sent[1] == digest
        untouched = as_exported and sent[0] == revision and i not in formula_rows
        values: dict[str, object] = empty.copy()
        pooled_rows += 1
        if pooled_rows == _POOL_CHECK:
            parsers = [(j, f, k, r, p if p is None or _pays(f, p) else None) for j, f, k, r, p in parsers]
        for j, f, key, read, pool in parsers:
            if i in formula_rows and (i, j) in formula_cells:
                result.add(
                    sheet, excel_row, f.label, "该单元格是公式但没有保存计算结果，请在 Excel/WPS 中打开并保存后再导入"
                )
                bad = True
                continue
            try:
                value = read(raw[j])
            except InvalidValue as exc:
                result.add(sheet, excel_row, f.label, str(exc))
                bad = True
                continue
            if pool is not None and (type(value) is str or type(value) is date):  # (1 == 1.0 == True)
                value = pool.setdefault(value, value)
            values[key] = value
        if not untouched:
            for f in warned:
                warning = f.warning(values[f.key])
                if warning:
                    result.add(sheet, excel_row, f.label, warning, warning=True)
        if not bad and not id_text and kind.reports_nothing(values):
            return  # a pre-filled row the clerk left alone: nothing reported for the period
        if not bad:
            for key, message in kind.check_row(values):
                result.add(sheet, excel_row, kind.field(key).label, message)
                bad = True
        unit = _cell_text(raw, unit_col)
        if id_text:
            if record_id is None:
                result.add(sheet, excel_row, ID_HEADER, f"记录ID“{id_text[:40]}”无效；新增的行请留空记录ID")
                bad = True
            if revision is None:
                result.add(sheet, excel_row, REVISION_HEADER, "有记录ID的行必须有版本号（正整数），请勿修改这两列")
                bad = True
        if not bad:
            if signed and not untouched:
                result.uncovered.append((sheet, excel_row))
            kind.complete(values)
            block.append(
                (
                    excel_row,
                    tuple(values.values()),
                    unit or None,
                    record_id,
                    revision,
                    digest,
                    as_exported,
                    sent is not None and not as_exported,
                )
            )
            if len(block) == BLOCK_ROWS:  # the rows so far go into column arrays, their objects let go
                result.blocks.append(RowBlock(kind.sheet, keys, block))
                block = []

    # The fast path reads a batch of rows column by column (each field's reader mapped over its
    # column, the digests and ids row by row): the usual batch, every cell valid and no warning.
    # Any batch it is not sure of is read again row by row above, which names every issue in order.
    value_pos = {f.key: p for p, f in enumerate(kind.input_fields)}
    inputs_at = [seen.get(f.key) for f in kind.input_fields]  # sheet column of each input field, or None
    required_at = [value_pos[key] for key, _message in kind._required]  # noqa: SLF001 - the kind's own list
    natural = {k for ks in kind.natural_keys for k in ks}
    nothing_at = [value_pos[f.key] for f in kind.input_fields if f.key not in natural] if kind.period_field else None
    completes = "patent_type" in value_pos and "patent_no" in value_pos

    def read_batch(batch: list[tuple[int, list[object]]]) -> bool:
        nonlocal block, parsers, pooled_rows
        if formula_rows and any(i in formula_rows for i, _raw in batch):
            return False
        n = len(batch)
        raws = [raw for _i, raw in batch]
        longest = max(map(len, raws))
        if min(map(len, raws)) < longest:  # (calamine gives every row the sheet's width)
            raws = [raw if len(raw) == longest else [*raw, *[None] * (longest - len(raw))] for raw in raws]
        columns = list(zip(*raws, strict=True))
        nones = (None,) * n
        kinds_of: dict[int, set[type]] = {}

        def column(j: int | None) -> Sequence[object]:
            return nones if j is None or j >= longest else columns[j]

        def types(j: int) -> set[type]:  # the types of a column's cells
            found = kinds_of.get(j)
            if found is None:
                found = kinds_of[j] = set(map(type, column(j)))
            return found

        for j, _header in machine_cols:
            cells, found = column(j), types(j)
            if found in (_STR, _STR_OR_NONE):  # ids and units: only a text's length can be amiss
                if max(map(len, filter(None, cells)), default=0) > MAX_CELL_TEXT:
                    return False
            elif any(map(_unholdable, set(cells))):
                return False
        value_columns: list[Sequence[object]] = [nones] * len(keys)
        check_pools = pooled_rows < _POOL_CHECK <= pooled_rows + n
        for j, f, key, read, pool in parsers:
            cells = column(j)
            distinct = None
            try:
                found = types(j)
                if found == _STR and f.normal_column is not None and f.normal_column(cells):
                    value_columns[value_pos[key]] = cells  # as read() gives them, none warning
                    continue
                if f.read_text is not None and found == _STR and _plain_texts(cells):
                    values = list(map(f.read_text, cells))  # (the parser keeps what it has parsed)
                # A column whose texts repeat (choices, names, dates) is parsed once per distinct cell
                elif (pool is not None or f.type in _PARSED_ONCE) and _KEYED.issuperset(found):
                    texts = dict.fromkeys(cells)
                    distinct = dict(zip(texts, map(read, texts), strict=True))
                    if pool is not None and f.type in _POOLED:
                        found = distinct.values()
                        distinct = dict(zip(distinct, map(pool.setdefault, found, found), strict=True))
                    values = list(map(distinct.__getitem__, cells))
                else:
                    values = f.read_column(cells, found) if f.read_column is not None else None
                    if values is None:
                        values = list(map(read, cells))
                    if pool is not None and f.type in _POOLED:
                        values = list(map(pool.setdefault, values, values))
            except InvalidValue:
                return False
            value_columns[value_pos[key]] = values
            # a warning is shown unless its row is as exported: such a batch is read row by row
            if f.text_warning is not None:
                found = set(distinct.values() if distinct is not None else values)
                found.discard(None)
                if any(map(f.text_warning, found)):  # (the values of a type that warns are texts)
                    return False
        texts = []
        for j in inputs_at:
            if j is None:
                texts.append(blanks_of(n))
                continue
            cells, found = column(j), types(j)
            if found == _STR:
                texts.append(cells)
            elif found == _FLOAT:
                texts.append(list(map(float.__repr__, cells)))  # (_raw_text of a number)
            elif _TEXT_OR_NUMBER.issuperset(found):  # (a number column holding a text)
                texts.append([c if type(c) is str else "" if c is None else float.__repr__(c) for c in cells])
            elif _KEYED.issuperset(found):
                distinct = {c: c if type(c) is str else _raw_text(c) for c in dict.fromkeys(cells)}
                texts.append(list(map(distinct.__getitem__, cells)))
            else:
                texts.append([c if type(c) is str else _raw_text(c) for c in cells])
        joined = list(map("\x1f".join, zip(*texts, strict=True)))
        digests = list(map(_digest_bytes, joined))  # layout.cells_digest
        id_cells = column(id_col)
        ids = None if id_cells.count(None) == n else list(map(_text_of, id_cells))
        if ids is not None and exported:
            for k in [k for k, t in enumerate(joined) if "\n" in t]:  # a re-save's line ends (layout.resaved_text)
                sent_k = exported.get(rid) if ids[k] and (rid := _record_id(ids[k])) else None
                before = resaved_text(joined[k]) if sent_k is not None and sent_k[1] != digests[k].hex() else None
                if before is not None and sent_k[1] == (older := _digest_bytes(before)).hex():
                    digests[k] = older
        if unit_col is None:
            units: Sequence[str | None] = nones
        else:
            cells = column(unit_col)
            if _KEYED.issuperset(types(unit_col)):
                distinct = {c: _text_of(c) or None for c in dict.fromkeys(cells)}
                units = list(map(distinct.__getitem__, cells))
            else:
                units = [_text_of(c) or None for c in cells]
        # Checks across fields (a patent's type against its number) and what complete() derives
        # (that type from the number), once per distinct combination of the values they read.
        if kind.row_checks or completes:
            checked = _across(kind, keys, value_columns, completes)
            if checked is None:
                return False
            value_columns = checked
        revision_cells = column(rev_col)
        record_ids: bytes | None = None
        revisions: Sequence[int | None] | None = None
        uncovered: list[tuple[str, int]] = []
        joined_ids = "\n".join(ids) if ids is not None else ""
        if ids is not None and _id_lines(joined_ids, n):  # every row has an id, as the app writes them
            revisions = _revisions(revision_cells) if rev_col is not None else nones
            if None in revisions:
                return False
            record_ids = bytes.fromhex(joined_ids.replace("-", "").replace("\n", ""))
            listed = exported.listed(joined_ids, n) if type(exported) is RowDigests else None
            if listed is not None:  # the rows in the order they were exported: compared all at once
                sent_revisions, sent_digests = listed
                ours = b"".join(digests).hex()
                if ours == sent_digests:
                    flags = b"\x05" * n
                else:
                    flags = bytes(
                        [5 if ours[16 * k : 16 * k + 16] == sent_digests[16 * k : 16 * k + 16] else 6 for k in range(n)]
                    )
                if signed and not (flags == b"\x05" * n and list(sent_revisions) == revisions):
                    uncovered = [
                        (sheet, i + 1)
                        for (i, _raw), s, r, flag in zip(batch, sent_revisions, revisions, flags, strict=True)
                        if not (flag == 5 and s == r)
                    ]
                sent = None
            else:
                sent = exported.many(ids) if type(exported) is RowDigests else list(map(exported.get, ids))
                flags = bytes(
                    [
                        4 if s is None else 5 if s[1] == h else 6
                        for s, h in zip(sent, map(bytes.hex, digests), strict=True)
                    ]
                )
            if signed and sent is not None:
                uncovered = [
                    (sheet, i + 1)
                    for (i, _raw), s, r, flag in zip(batch, sent, revisions, flags, strict=True)
                    if not (flag == 5 and s[0] == r)
                ]
            kept = None
        elif ids is None and nothing_at is None:  # new rows only
            kept = None
            flags = bytes(n)
            uncovered = [(sheet, i + 1) for i, _raw in batch] if signed else []
        else:  # row by row: rows with ids and without, ids a spreadsheet changed, rows reporting nothing
            kept = []
            id_list: list[bytes] | None = [] if ids is not None else None
            revision_list: list[int | None] = []
            flag_list = []
            for k, values in enumerate(zip(*value_columns, strict=True)):
                id_text = ids[k] if ids is not None else ""
                if id_text:
                    record_id = _record_id(id_text)
                    revision = _revision(revision_cells[k]) if rev_col is not None else None
                    if record_id is None or revision is None:
                        return False
                    sent_k = exported.get(record_id)
                else:
                    if nothing_at is not None and all(values[p] in (None, "") for p in nothing_at):
                        continue  # a pre-filled row the clerk left alone: nothing reported for the period
                    record_id = revision = sent_k = None
                kept.append(k)
                revision_list.append(revision)
                if record_id is None:
                    if id_list is not None:
                        id_list.append(_NO_ID)
                    flag_list.append(0)
                    if signed:
                        uncovered.append((sheet, batch[k][0] + 1))
                    continue
                id_list.append(bytes.fromhex(record_id.replace("-", "")))
                as_exported = sent_k is not None and sent_k[1] == digests[k].hex()
                flag_list.append(as_exported | (sent_k is not None and not as_exported) << 1 | 4)
                if signed and not (as_exported and sent_k[0] == revision):
                    uncovered.append((sheet, batch[k][0] + 1))
            flags = bytes(flag_list)
            if id_list is not None:
                record_ids = b"".join(id_list)
                revisions = revision_list
            if len(kept) < n:
                value_columns = [[c[k] for k in kept] for c in value_columns]
                digests = [digests[k] for k in kept]
                units = [units[k] for k in kept]
            else:
                kept = None
        for p in required_at:
            if None in value_columns[p]:
                return False
        pooled_rows += n
        if check_pools:
            parsers = [(j, f, k, r, p if p is None or _pays(f, p) else None) for j, f, k, r, p in parsers]
        result.uncovered += uncovered
        count = n if kept is None else len(kept)
        if count:
            if block:
                result.blocks.append(RowBlock(kind.sheet, keys, block))
                block = []
            excel_rows = [i + 1 for i, _raw in batch] if kept is None else [batch[k][0] + 1 for k in kept]
            result.blocks.append(
                RowBlock.of_columns(
                    kind.sheet,
                    keys,
                    excel_rows,
                    value_columns,
                    units,
                    record_ids if record_ids is not None else bytes(16 * count),
                    revisions if revisions is not None else (None,) * count,
                    b"".join(digests),
                    flags,
                )
            )
        return True

    batch: list[tuple[int, list[object]]] = []

    def read_rows(batch: list[tuple[int, list[object]]]) -> None:
        if not (FAST_PATH and read_batch(batch)):
            for i, raw in batch:
                read_row(i, raw)

    try:
        for i, raw in enumerate(rows, start=header_index + 1):
            first = raw[0] if raw else None  # a row whose first cell holds something is not blank
            if (first is None or (type(first) is str and not first.strip())) and all(is_blank(c) for c in raw):
                continue
            batch.append((i, raw))
            if len(batch) >= BLOCK_ROWS:
                full, batch = batch, []
                read_rows(full)
    except Exception:
        for i, raw in batch:  # what was read before the sheet turned out damaged, as before
            read_row(i, raw)
        raise
    if batch:
        read_rows(batch)
    if block:
        result.blocks.append(RowBlock(kind.sheet, keys, block))


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_NOT_ID = str.maketrans("", "", "0123456789abcdef-\n")  # (deletes what an id, or its line end, is made of)


def _id_lines(joined: str, n: int) -> bool:
    """Whether `joined` is n ids as the app writes them (canonical uuids, lower case), one a line:
    its length, where its dashes and line ends stand, and nothing but hex digits between them
    (what the pattern (?:ID\n)*ID says, without a pattern stepping through 74,000 characters)."""
    if len(joined) != 37 * n - 1 or joined.translate(_NOT_ID):
        return False
    dashes, ends = "-" * n, "\n" * (n - 1)
    if not (joined[8::37] == joined[13::37] == joined[18::37] == joined[23::37] == dashes and joined[36::37] == ends):
        return False
    return joined.count("-") == 4 * n and joined.count("\n") == n - 1  # (none where a hex digit stands)


def _revisions(cells: Sequence[object]) -> list[int | None]:
    """_revision of each cell, worked out once per distinct cell when the cells are numbers."""
    if _NUMBERS.issuperset(set(map(type, cells))):  # (-0.0 == 0.0: neither is a revision)
        distinct = {c: _revision(c) for c in dict.fromkeys(cells)}
        return list(map(distinct.__getitem__, cells))
    return list(map(_revision, cells))


_NUMBERS = frozenset({float, type(None)})


def _across(
    kind: Kind, keys: tuple[str, ...], columns: list[Sequence[object]], completes: bool
) -> list[Sequence[object]] | None:
    """The kind's checks across fields and complete() over a batch's value columns: the columns
    with what complete() filled in, None when a row breaks a check (the batch is then read row by
    row, every issue named). A check that says which fields it reads (`reads`) is run once per
    distinct combination of them in the batch, with those fields only; complete() only on the rows
    it fills (a blank 专利类型 beside a 专利号)."""
    at = {k: p for p, k in enumerate(keys)}
    by_row = []
    for check in kind.row_checks:
        reads = getattr(check, "reads", None)
        if reads is None or not all(k in at for k in reads):
            by_row.append(check)
            continue
        holds = getattr(check, "holds", None)
        if holds is not None and holds(*[columns[at[k]] for k in reads]):
            continue  # (decided for the whole columns at once)
        combinations = dict.fromkeys(zip(*[columns[at[k]] for k in reads], strict=True))
        broken = getattr(check, "broken", None)
        if broken is not None:
            if any(itertools.starmap(broken, combinations)):
                return None
            continue
        for combination in combinations:
            if check(dict(zip(reads, combination, strict=True))):
                return None
    if by_row:
        for values in zip(*columns, strict=True):
            mapping = dict(zip(keys, values, strict=True))
            if any(check(mapping) for check in by_row):
                return None
    if not completes:
        return columns
    numbers, types = columns[at["patent_no"]], columns[at["patent_type"]]
    filled = [k for k, (t, n) in enumerate(zip(types, numbers, strict=True)) if not t and n]
    if not filled:
        return columns
    types = list(types)
    for k in filled:
        mapping = {"patent_type": types[k], "patent_no": numbers[k]}
        kind.complete(mapping)
        types[k] = mapping["patent_type"]
    columns = list(columns)
    columns[at["patent_type"]] = types
    return columns


def _record_id(text: str) -> str | None:
    """A 记录ID cell's id as the app writes it (a spreadsheet may have changed its case), None when
    blank or not an id."""
    if not text or _CANONICAL_UUID.match(text):
        return text or None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _revision(cell: object) -> int | None:
    """A 版本 cell as a revision number, None when it is not one the app could have written."""
    if type(cell) is float and cell.is_integer() and 1 <= cell <= MAX_REVISION:
        return int(cell)
    if is_blank(cell) or isinstance(cell, bool):
        return None
    try:
        number = float(normalize_text(cell)) if not isinstance(cell, (int, float)) else float(cell)
    except ValueError:
        return None
    if not (math.isfinite(number) and number.is_integer() and 1 <= number <= MAX_REVISION):
        return None
    return int(number)


_CHOSEN = (FieldType.CHOICE, FieldType.CHOICES, FieldType.PERIOD)
_UNPOOLED = (FieldType.LONGTEXT,)  # a paragraph per row: never the same twice
_POOL_CHECK = 2000  # rows read before deciding which columns are worth pooling


def _pays(f: object, pool: dict) -> bool:
    """Whether a column's values repeat enough for a pool to save memory (a dict entry costs about
    as much as a short string): always for choices, else when at most half the values are new."""
    return getattr(f, "type", None) in _CHOSEN or len(pool) <= _POOL_CHECK // 2


_WARNED = (FieldType.CREDIT_CODE,)  # the types whose Field.warning may say something
# The types whose values are text or dates: a column of them is pooled (numbers are not: 0.0 == -0.0)
_POOLED = frozenset(FieldType) - {FieldType.INT, FieldType.AMOUNT, FieldType.NUMBER, FieldType.YES_NO}
FAST_PATH = True  # False: every row read cell by cell (the tests compare the two)


_KEYED = frozenset({str, type(None), date, datetime})  # cells that are equal only when alike (not 1 == 1.0 == True)
_STR = {str}
_FLOAT = {float}
_STR_OR_NONE = {str, type(None)}
_TEXT_OR_NUMBER = frozenset({str, float, type(None)})


def _plain_texts(cells: Sequence[str]) -> bool:
    """Whether none of the texts is empty, all spaces or longer than a cell holds."""
    return all(cells) and max(map(len, cells)) <= MAX_CELL_TEXT and not any(map(str.isspace, cells))


# Types whose texts are worth parsing once each, however few repeat (check digits, periods)
_PARSED_ONCE = frozenset({FieldType.PERIOD, FieldType.PATENT_NO, FieldType.CREDIT_CODE, FieldType.DATE})
_NO_ID = bytes(16)
_EMPTY_DIGEST = hashlib.blake2b(digest_size=8)


def _digest_bytes(text: str) -> bytes:
    """layout.cells_digest of a row's joined cell texts, as its 8 bytes (a copy of an empty hash
    updated: a little quicker than a new one made for each of a year's rows)."""
    h = _EMPTY_DIGEST.copy()
    h.update(text.encode("utf-8"))
    return h.digest()


@lru_cache(maxsize=8)
def blanks_of(n: int) -> tuple[str, ...]:
    return ("",) * n


def _digest(text: str) -> str:
    """layout.cells_digest of the cells whose texts are joined in `text`."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _cell_text(row: Sequence[object], j: int | None) -> str:
    if j is None or j >= len(row):
        return ""
    return _text_of(row[j])


def _text_of(cell: object) -> str:
    if type(cell) is str:
        if cell.isascii():
            return cell.strip()
        return _text(cell) if len(cell) <= 64 else normalize_text(cell)  # only names are worth keeping
    return normalize_text(cell)


@lru_cache(maxsize=4096)
def _text(cell: str) -> str:
    return normalize_text(cell)  # a unit's name, on every row of its file


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})$")


def sheet_parts(result: ReadResult, sheets: list[str]) -> dict[str, str]:
    """The zip part of each named sheet, as a reader resolves it from workbook.xml and its
    relationships. A sheet whose part is missing makes the file damaged."""
    parts: dict[str, str] = {}
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        try:
            workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError) as exc:
            result.add("", None, "", f"工作簿已损坏：工作簿结构无法读取（{_reason(exc)}）")
            raise _Refused from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        name = sheet.get("name")
        if name not in sheets:
            continue
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
        if part not in names:
            result.add(name or "", None, "", f"工作簿已损坏：工作表“{name}”的数据部件（{part}）缺失")
            raise _Refused
        parts[name] = part
    return parts


def _formulas_without_values(result: ReadResult, facts: WorkbookFacts, sheets: list[str]) -> dict[str, set]:
    """(row, column) indexes, 0-based, of formula cells that carry no stored result, per sheet.

    A reader cannot compute formulas, so such a cell cannot be imported; files saved by Excel, WPS
    or LibreOffice store the result beside the formula and pass."""
    found: dict[str, set[tuple[int, int]]] = {}
    parts = sheet_parts(result, [*sheets, META_SHEET])
    cell_tag, row_tag = f"{{{_NS['m']}}}c", f"{{{_NS['m']}}}row"
    with zipfile.ZipFile(result.path) as zf:
        for name, part in parts.items():
            if name == META_SHEET or not (part in facts.parts and facts.parts[part].formulas):
                continue
            cells = set()
            row = column = 0  # 1-based; a row or cell without a reference follows the one before
            try:
                with zf.open(part) as fh:
                    for event, el in ElementTree.iterparse(fh, events=("start", "end")):
                        if event == "start":
                            if el.tag == row_tag:
                                r = el.get("r", "")
                                row, column = (int(r) if _ascii_digits(r) else row + 1), 0
                            elif el.tag == cell_tag:
                                m = _REF.match(el.get("r", ""))
                                if m:
                                    row, column = int(m.group(2)), column_index(m.group(1))
                                else:
                                    column += 1
                            continue
                        if el.tag == cell_tag:
                            value = el.find("m:v", _NS)
                            # <v/> is empty for a formula never calculated; a string result may be empty
                            empty = value is None or (not value.text and el.get("t") not in ("str", "s", "inlineStr"))
                            if el.find("m:f", _NS) is not None and empty:
                                cells.add((max(row, 1) - 1, max(column, 1) - 1))
                            el.clear()
                        elif el.tag == row_tag:
                            el.clear()
            except ElementTree.ParseError as exc:
                result.add(name, None, "", f"工作表已损坏，无法读取（XML 错误：{exc}）")
                raise _Refused from None
            found[name] = cells
    return found


def get_column_letter(index: int) -> str:
    """1 → A, 27 → AA (as openpyxl's, without importing openpyxl for it)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]{10,40})</dcterms:modified>")


def last_saved(path: Path) -> datetime | None:
    """When a spreadsheet last saved the file (docProps/core.xml, which Excel, WPS and LibreOffice
    stamp on saving), in local time; None when the file does not say or cannot be read."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 64 << 10:  # a few hundred bytes in practice
                return None
            found = _MODIFIED.search(zf.read(info))
        if found is None:
            return None
        stamp = datetime.fromisoformat(found.group(1).decode("ascii").strip().replace("Z", "+00:00"))
        return stamp.astimezone().replace(tzinfo=None) if stamp.tzinfo else stamp  # (OSError before 1970 on Windows)
    except (OSError, KeyError, ValueError, OverflowError, UnicodeDecodeError, zipfile.BadZipFile):
        return None
