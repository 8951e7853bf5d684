"""What an exchange workbook holds besides the data sheets: the cover sheet and the _meta sheet."""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from app.vocabulary.kinds import Field, FieldType, Kind
from app.vocabulary.periods import Period, PeriodError, parse_period

FORMAT_NAME = "IPLedger知识产权台账"
FORMAT_VERSION = 1
COVER_SHEET = "说明"
META_SHEET = "_meta"
TEMPLATE, SUBMISSION, CONSOLIDATED = "template", "submission", "consolidated"
# Who laid out a pre-filled workbook (_meta `issued_by`, covered by the signature like every _meta row):
# the bureau for a unit, or the unit for itself. An office attributes the key of a workbook the bureau
# issued to the bureau, and that of any other file of its own unit to its other PC
# (app.merge.planner.key_party); at the bureau the mark counts for nothing.
ISSUED_BY_BUREAU, ISSUED_BY_UNIT = "bureau", "unit"
FEEDBACK = "feedback"  # the bureau's comments on a submission (app.review.feedback), and the answers written into it
COMMENT_SHEET = "反馈意见"  # a feedback workbook's comments; a submission carries the unit's answers in one too
# Read-only columns a pre-filled workbook shows beside a task (SPEC §10); the import ignores them.
SECTION_HEADER, LAST_STATUS_HEADER, LAST_PROGRESS_HEADER = "所属章节", "上期推进状态", "上期进展情况"
REFERENCE_HEADERS = frozenset((SECTION_HEADER, LAST_STATUS_HEADER, LAST_PROGRESS_HEADER))
DIGEST_CHUNK = 30_000  # characters per _meta cell; Excel's limit is 32,767


@dataclass
class Tombstone:
    sheet: str
    record_id: str
    unit: str
    revision: int


@dataclass(frozen=True, order=True)
class EvidenceEntry:
    """One evidence file a workbook's records carry (SPEC §15): the same list as the package's
    manifest.json. Sorted by record and name in _meta, so that _meta reads the same every time."""

    record_id: str
    name: str
    size: int
    sha256: str
    media_type: str

    def as_dict(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "media_type": self.media_type,
        }


@dataclass
class Meta:
    """The hidden _meta sheet: who made the file, for which period, and what it deleted."""

    kind: str = TEMPLATE
    version: int = FORMAT_VERSION
    unit: str = ""
    period: Period | None = None  # parsed once, as the file is read; written as its code (2025Q1)
    unreadable_period: str = field(default="", compare=False)  # the cell as read, when it names no period
    submission_id: str = ""
    exported_at: str = ""
    app_version: str = ""
    ledger_id: str = ""
    issued_by: str = ""  # a pre-filled workbook's: ISSUED_BY_BUREAU or ISSUED_BY_UNIT
    tombstones: list[Tombstone] = field(default_factory=list)
    # sheet → record id → (revision, cells_digest of the row as exported)
    digests: dict[str, Mapping[str, tuple[int, str]]] = field(default_factory=dict)  # as read: RowDigests
    # The action plan the period's rows are reported under (its uid and name), and the plan itself
    # as JSON when the receiving ledger may not have it (see app.plans.carry).
    plan: str = ""
    plan_name: str = ""
    plan_data: str = ""
    # A feedback workbook's: the review state of the unit × period and its due date (ISO), as the bureau set them.
    review_state: str = ""
    due: str = ""
    # Evidence files of the records carried (SPEC §15); written sorted (record id, name).
    evidence: list[EvidenceEntry] = field(default_factory=list)
    comments_digest: str = ""  # a feedback workbook's: its comments as the bureau signed them
    # The ledger's key the writer signs _meta with (app.exchange.signing); None: written unsigned.
    signer: object = field(default=None, repr=False, compare=False)

    def rows(self) -> Iterable[list[object]]:
        yield ["format", FORMAT_NAME]
        for key in ("version", "kind", "unit", "period", "submission_id", "exported_at", "app_version", "ledger_id"):
            value = getattr(self, key)
            yield [key, "" if value is None else str(value)]
        if self.issued_by:
            yield ["issued_by", self.issued_by]
        if self.plan:
            yield ["plan", self.plan, self.plan_name]
        for start in range(0, len(self.plan_data), DIGEST_CHUNK):
            yield ["plan_data", self.plan_data[start : start + DIGEST_CHUNK]]
        for t in self.tombstones:
            yield ["tombstone", t.sheet, t.record_id, t.unit, str(t.revision)]
        for sheet, by_id in self.digests.items():
            packed = [f"{rid},{rev},{digest}" for rid, (rev, digest) in by_id.items()]
            chunk: list[str] = []
            size = 0
            for item in packed:
                if size + len(item) + 1 > DIGEST_CHUNK and chunk:
                    yield ["digests", sheet, ";".join(chunk)]
                    chunk, size = [], 0
                chunk.append(item)
                size += len(item) + 1
            if chunk:
                yield ["digests", sheet, ";".join(chunk)]
        for e in sorted(set(self.evidence)):
            yield ["evidence", e.record_id, e.name, str(e.size), e.sha256, e.media_type]

    @classmethod
    def from_rows(cls, rows: Iterable[list[object]]) -> Meta | None:
        """Parse _meta; None when the sheet is not ours. Raises ValueError when malformed."""
        meta = cls()
        ours = False
        for row in rows:
            cells = ["" if c is None else str(c).strip() for c in row]
            if not cells or not cells[0]:
                continue
            key = cells[0]
            value = cells[1] if len(cells) > 1 else ""
            if key == "format":
                ours = value == FORMAT_NAME
            elif key == "version":
                meta.version = int(float(value))
            elif key == "period":
                try:
                    meta.period = parse_period(value) if value else None
                except PeriodError:  # the reader says so (a damaged or forged file)
                    meta.unreadable_period = value
            elif key in (
                "kind",
                "unit",
                "submission_id",
                "exported_at",
                "app_version",
                "ledger_id",
                "issued_by",
                "review_state",
                "due",
                "comments_digest",
            ):
                setattr(meta, key, value)
            elif key == "plan":
                meta.plan, meta.plan_name = value, cells[2] if len(cells) > 2 else ""
            elif key == "plan_data":
                meta.plan_data += str(row[1]) if len(row) > 1 and row[1] is not None else ""  # unstripped
            elif key == "plan_name":  # a feedback workbook writes its plan pair by pair (app.plans.carry.meta_pairs)
                meta.plan_name = value
            elif key.startswith("plan_data_"):  # ... its pieces in order, none beginning or ending with a space
                meta.plan_data += value
            elif key == "tombstone":
                meta.tombstones.append(Tombstone(cells[1], cells[2], cells[3], int(float(cells[4]))))
            elif key == "evidence":
                cells += [""] * (6 - len(cells))
                size = int(float(cells[3])) if cells[3] else -1
                meta.evidence.append(EvidenceEntry(cells[1], cells[2], size, cells[4].lower(), cells[5]))
            elif key == "digests":
                by_id = meta.digests.get(cells[1])
                if by_id is None:
                    by_id = meta.digests[cells[1]] = RowDigests()
                if type(by_id) is RowDigests and by_id.add(cells[2]):
                    continue
                if type(by_id) is RowDigests:  # not as the app writes them: a plain dict
                    by_id = meta.digests[cells[1]] = dict(by_id.items())
                for item in cells[2].split(";"):
                    rid, rev, digest = item.split(",")
                    by_id[rid] = (int(rev), digest)
        return meta if ours else None


@dataclass(frozen=True)
class Chart:
    """A native chart over a report table's columns (the writer makes it an Excel chart).

    Each series is (name, value column, first data row, last data row), rows counted from 0 within
    the table's data rows; the categories are `category_column` over the first series' rows."""

    title: str
    category_column: int
    series: Sequence[tuple[str, int, int, int]]
    y_title: str = ""
    kind: str = "bar"  # horizontal bars: long Chinese category names stay readable
    value_max: float | None = None  # cut the axis here so that one outlier does not flatten the rest


@dataclass
class Table:
    """A report sheet of a consolidation: a title, a note, one header row and rows of values.

    Columns from `printed` on (machine columns such as 记录ID) stay outside the print area."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()
    note: str = ""
    printed: int | None = None
    charts: Sequence[Chart] = ()
    # What the row under the header says when there are no rows, so that the page shows the section
    # was looked at (a sheet of only its header reads as a mistake or a sheet not filled in).
    empty: str = "无"
    # A cell this answers True for is written red and bold (未达标, a period sent late or not at all),
    # as the progress report shows it.
    alarm: Callable[[object], bool] | None = None

    TITLE_ROWS = 2  # the title and the note stand above the header row


def canonical(f: Field, value: object) -> str:
    """One text form of a stored value, the same whether it came from the ledger or a re-saved file."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    if f.type in (FieldType.AMOUNT, FieldType.NUMBER):
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    return loose_line_ends(str(value))


def _raw_text(value: object) -> str:
    """A cell as written by us and as read back by calamine (and, mostly, after a re-save)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# "id,revision,digest;…" as the app writes them: canonical ids, revisions of up to 9 digits, 16 hex digits
_DIGEST_ITEMS = re.compile(rf"{_ID},[1-9][0-9]{{0,8}},[0-9a-f]{{16}}(?:;{_ID},[1-9][0-9]{{0,8}},[0-9a-f]{{16}})*")


class RowDigests(Mapping[str, tuple[int, str]]):
    """The _meta's digests of one sheet's rows as read, record id → (revision, cells digest), held
    as the ids' joined text and two arrays rather than a dict: 100,000 exported rows take some 5 MB,
    not 23. Looked up a batch of rows at a time in the order the _meta lists them (the order the
    rows were exported in); any other lookup builds an index of positions once."""

    __slots__ = ("_digests", "_ids", "_index", "_next", "_parts", "_revisions", "_seen")

    def __init__(self) -> None:
        self._parts: list[str] = []  # ids, each followed by "\n", one string per _meta cell
        self._ids = ""
        self._revisions = array("l")
        self._digests: list[str] = []  # 16 hex digits each, joined per _meta cell
        self._index: dict[str, int] | None = None
        self._seen: set[int] = set()  # the ids' hashes: an id listed twice makes it a dict
        self._next = 0  # where the next batch is looked for

    def add(self, text: str) -> bool:
        """The items of one _meta cell; False when they are not as the app writes them, or repeat an id."""
        if not _DIGEST_ITEMS.fullmatch(text):
            return False
        flat = text.replace(";", ",").split(",")
        ids = flat[0::3]
        seen = self._seen
        size = len(seen)
        seen.update(map(hash, ids))
        if len(seen) != size + len(ids):
            return False
        self._parts.append("\n".join(ids) + "\n")
        self._revisions.extend(map(int, flat[1::3]))
        self._digests.append("".join(flat[2::3]))
        return True

    def _text(self) -> str:
        if self._parts:
            self._ids += "".join(self._parts)
            self._digests = ["".join(self._digests)]
            self._parts = []
            self._seen = set()
        return self._ids

    def listed(self, joined: str, m: int) -> tuple[array, str] | None:
        """When the m ids joined by "\\n" are the next m listed, in that order: their revisions and
        their digests joined; None otherwise."""
        text, p = self._text(), self._next
        if m and len(joined) == 37 * m - 1 and text.startswith(joined, 37 * p) and text[37 * (p + m) - 1] == "\n":
            self._next = p + m
            return self._revisions[p : p + m], self._digests[0][16 * p : 16 * (p + m)]
        return None

    def many(self, ids: list[str]) -> list[tuple[int, str] | None]:
        """(revision, digest) of each id, None for an id not listed."""
        text, p, m = self._text(), self._next, len(ids)
        if m and text[37 * p : 37 * (p + m)] == "\n".join(ids) + "\n":  # the next m listed, in order
            self._next = p + m
            digests = self._digests[0]
            revisions = self._revisions[p : p + m]
            return [(r, digests[16 * i : 16 * i + 16]) for i, r in enumerate(revisions, start=p)]
        return list(map(self.get, ids))

    def get(self, rid: str, default: object = None) -> tuple[int, str] | None:  # type: ignore[override]
        index = self._index
        if index is None:
            text = self._text()
            index = self._index = {text[37 * i : 37 * i + 36]: i for i in range(len(self._revisions))}
        i = index.get(rid)
        if i is None:
            return default  # type: ignore[return-value]
        return self._revisions[i], self._digests[0][16 * i : 16 * i + 16]

    def __getitem__(self, rid: str) -> tuple[int, str]:
        found = self.get(rid)
        if found is None:
            raise KeyError(rid)
        return found

    def __iter__(self) -> Iterator[str]:
        text = self._text()
        return (text[37 * i : 37 * i + 36] for i in range(len(self._revisions)))

    def __len__(self) -> int:
        return len(self._revisions)

    def revision_range(self) -> tuple[int, int]:
        """The smallest and largest revision listed ((1, 1) when none is)."""
        return (min(self._revisions), max(self._revisions)) if self._revisions else (1, 1)


def cells_digest(cells: Iterable[object]) -> str:
    """Fingerprint of a row's input cells as they stand in the sheet, in field order. The _meta
    sheet keeps it per exported row: a row that still matches was not touched outside the app,
    so the import can take it without validating it again. Written as every version writes it
    (a bureau not yet upgraded reads it); a re-save that dropped the \r of \r\n line ends is
    recognised on reading (resaved_text)."""
    text = "\x1f".join([c if type(c) is str else _raw_text(c) for c in cells])  # most cells are text
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def resaved_text(joined: str) -> str | None:
    """A row's joined cell texts (see cells_digest) as they stood before a spreadsheet re-saved the
    file, when that can be told: a text the unit holds with Windows line ends goes out as _x000D_,
    and LibreOffice re-saving the untouched file drops that \r (a lone \r it keeps). A row whose
    digest no longer matches, holding \n and no \r, is taken as exported when its texts with
    \r\n line ends match. (Mixed or doubled line ends in one row are not recovered: flagged.)"""
    return joined.replace("\n", "\r\n") if "\n" in joined and "\r" not in joined else None


def loose_line_ends(text: str) -> str:
    """A text as compared (never as stored): \r\n as \n. Ledgers hold texts with Windows line
    ends (pasted, or typed in Excel and imported) as they came, and send them so; a spreadsheet
    re-saving the file may drop the \r (LibreOffice does, a lone \r it keeps). Digests and
    values are compared this way, so neither a re-save nor an older ledger's \r\n reads as an edit."""
    return text.replace("\r\n", "\n") if "\r\n" in text else text


def row_digest(kind: Kind, values: Mapping[str, object]) -> str:
    """A short fingerprint of a row's content, to tell a row edited outside the app."""
    text = "\x1f".join(canonical(f, values.get(f.key)) for f in kind.input_fields)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
