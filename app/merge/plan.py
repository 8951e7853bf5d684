"""What planning produces and applying consumes: a plan per row, per file and for the batch."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType

from app.exchange.layout import SUBMISSION, EvidenceEntry
from app.exchange.packed import ChunkValues, PackedValues, RowBlock, RowChunk
from app.exchange.reader import Issue, ReadResult
from app.merge.plausibility import Flag
from app.merge.rules import (
    ASK,
    CONFLICT,
    DELETED,
    DELETION,
    DIVERGED,
    EDITED,
    NEW,
    OURS,
    STALE,
    THEIRS,
    UNCHANGED,
    UPDATED,
    FieldChange,
)
from app.review.feedback import FeedbackPlan
from app.store.catalogue import BUREAU_UNIT
from app.vocabulary.kinds import KINDS, Kind
from app.vocabulary.periods import Period

ACTION_LABELS = {
    NEW: "新增",
    UPDATED: "更新",
    UNCHANGED: "未变",
    STALE: "过期（已跳过）",
    CONFLICT: "冲突",
    EDITED: "表外修改（已采用）",
    DELETED: "删除",
    DIVERGED: "表外修改（保留本台账的值）",
}
# A row of another record id that landed on a record of the same task, indicator or station and
# period by that key (the unit typed it again: its other PC, or the program after a filled workbook)
TWIN_LABELS = {
    UNCHANGED: "未变（本期的同一记录，记录ID不同）",
    EDITED: "已采用（本期的同一记录，记录ID不同）",
    UPDATED: "已采用（本期的同一记录，记录ID不同）",
    CONFLICT: "冲突（本期的同一记录，记录ID不同）",
}
WRITES = (NEW, UPDATED, EDITED, CONFLICT, DELETED)
CHANGING = tuple(a for a in ACTION_LABELS if a != UNCHANGED)  # the rows the preview lists
SIDE_LABELS = {OURS: "保留本台账的值", THEIRS: "采用文件中的值", ASK: "待定"}

# What the import found of a file's signature (SPEC §15).
VALID, UNSIGNED, PENDING_KEY, UNKNOWN_KEY = "valid", "unsigned", "pending", "unknown"
SIGNATURE_LABELS = {
    VALID: "签名有效",
    UNSIGNED: "未签名",
    PENDING_KEY: "待确认签名",
    UNKNOWN_KEY: "签名有效（密钥未登记）",
}
PENDING_KEY_LABEL = SIGNATURE_LABELS[PENDING_KEY]

# What becomes of a file of the batch.
READY, REFUSED_FILE, ALREADY, HELD, EXCLUDED = "ready", "refused", "already", "held", "excluded"


@dataclass(frozen=True, slots=True)
class Seen:
    """The state of a record when the plan was made, checked again when it is applied."""

    revision: int
    deleted: bool
    synced_digest: str | None


IN_BATCH = Seen(-1, False, None)
NO_VALUES: Mapping[str, object] = MappingProxyType({})  # what unchanged and stale rows keep
NO_FIELDS: dict[str, FieldChange] = {}  # shared by every row without changed fields: never mutated
# a record an earlier file of the same batch adds: nothing to check


@dataclass(slots=True)
class RowPlan:
    kind: Kind
    action: str
    unit_id: int
    record_id: str
    revision: int
    values: Mapping[str, object]
    digest: str  # cells_digest of the row as received; kept as the record's synced_digest
    sheet_row: int | None = None
    fields: dict[str, FieldChange] = field(default_factory=dict)  # the fields that differ, with their side
    duplicate_of: str = ""  # the other unit reporting the same item
    # changed in a spreadsheet after the unit's app exported it (or this ledger keeps such a change
    # against the app's row): the unit's own ledger holds other values; a comment sends it back
    outside: bool = False
    seen: Seen | None = None  # None: the record did not exist
    # The record as a person knows it (patent number and title, company, task …), made when first
    # asked for: a 100,000-row file is named only as far as the preview shows it.
    known_as: str | None = None
    # The row carried another id than the record's (app.store.aliases): (that id, the unit's revision
    # of it, the row's cells digest), remembered once applied; `twin`: it landed on the record by its
    # natural key (its task, indicator or station and period), not by an id known here before
    alias: tuple[str, int, str | None] | None = None
    twin: bool = False

    @property
    def name(self) -> str:
        if self.known_as is None:
            self.known_as = self.kind.describe(self.values) if self.values else ""
        return self.known_as

    @property
    def label(self) -> str:
        if self.action == NEW and self.outside:
            return "新增（表外修改）"
        if self.twin:
            return TWIN_LABELS.get(self.action, ACTION_LABELS[self.action])
        return ACTION_LABELS[self.action]

    @property
    def conflicts(self) -> dict[str, tuple[object, object]]:
        """Fields both sides changed to different values: field → (ours, theirs)."""
        return {k: (c.old, c.new) for k, c in self.fields.items() if c.side == ASK}

    def field_label(self, key: str) -> str:
        return "删除" if key == DELETION else self.kind.field(key).label

    def display(self, key: str, value: object) -> str:
        if key == DELETION:
            return "已删除" if value else "有效"
        return self.kind.field(key).display(value)

    def where(self) -> str:
        return f"{self.kind.sheet} 第{self.sheet_row}行" if self.sheet_row else f"{self.kind.sheet}（_meta 删除记录）"


# --- a file's planned rows, held as column arrays ------------------------------------------------

_KIND_CODE = {kind.key: i for i, kind in enumerate(KINDS)}
_ACTIONS: list[str] = list(ACTION_LABELS)
_ACTION_CODE = {a: i for i, a in enumerate(_ACTIONS)}
# Flags per row
_OUTSIDE, _SEEN, _IN_BATCH, _SEEN_DELETED, _SEEN_DIGEST, _NO_DIGEST = 1, 2, 4, 8, 16, 32
_NO_SEEN_DIGEST = bytes(8)
_NEW_CODE, _UNCHANGED_CODE = _ACTION_CODE[NEW], _ACTION_CODE[UNCHANGED]
# An unchanged row's flags by whether an earlier file of the batch adds its record (0 or 1)
_UNCHANGED_FLAGS = bytes([_SEEN | _SEEN_DIGEST, _SEEN | _IN_BATCH]) + bytes(254)
PACK_ROWS = 2000  # rows per packed chunk of values (see app.exchange.packed.RowChunk)


def id_bytes(record_id: str) -> bytes | None:
    """A canonical uuid's 16 bytes, or None for an id in any other spelling (kept as text)."""
    global _last_id
    last = _last_id  # (a row's id is asked for several times in a row: by the file, the index, the plan)
    if last[0] == record_id:
        return last[1]
    raw = None
    if len(record_id) == 36 and record_id[8] == "-" and record_id[13] == "-" and record_id[18] == "-":
        h = record_id.replace("-", "")
        try:
            raw = bytes.fromhex(h)
        except ValueError:
            raw = None
        if raw is not None and not (len(raw) == 16 and record_id[23] == "-" and raw.hex() == h):
            raw = None
    _last_id = (record_id, raw)
    return raw


_last_id: tuple[str, bytes | None] = ("", None)


def id_key(record_id: str) -> bytes:
    """A record id as one bytes key: a canonical uuid's 16 bytes, any other id its UTF-8 text."""
    raw = id_bytes(record_id)
    return raw if raw is not None else record_id.encode()


def id_text(raw: bytes) -> str:
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def id_texts(raw: bytes) -> list[str]:
    """id_text of each 16 bytes of `raw`, the hex digits put in place column by column (a slice
    assignment each of the 32, not a string formatted a row: 25,724 ids ~15 → ~6 ms)."""
    digits = raw.hex().encode()
    out = bytearray(b"-" * (len(digits) // 32 * 36))
    for at, to in enumerate(_ID_PLACES):
        out[to::36] = digits[at::32]
    text = out.decode()
    return [text[k : k + 36] for k in range(0, len(text), 36)]


_ID_PLACES = [p + (p >= 8) + (p >= 12) + (p >= 16) + (p >= 20) for p in range(32)]  # a digit's place in the text


def digest_bytes(digest: str) -> bytes | None:
    if len(digest) != 16:
        return None
    try:
        raw = bytes.fromhex(digest)
    except ValueError:
        return None
    return raw if raw.hex() == digest else None


class BlockChunk:
    """The values of a reader's block whose rows are all planned new, read from the block itself
    (read like a RowChunk): nothing is copied or packed again. The block decoded last is kept, so
    reading row after row decodes it once."""

    __slots__ = ("block", "keys")

    def __init__(self, block: RowBlock) -> None:
        self.block, self.keys = block, block.keys

    def columns(self) -> list[tuple[object, ...]]:
        """One tuple per field, in `keys` order."""
        return self.block.columns().values

    def rows(self) -> list[tuple[object, ...]]:
        global _block_decoded
        last = _block_decoded  # (one read of the global: planning and the window's threads share it)
        if last[0] is self:
            return last[1]
        rows = list(zip(*self.columns(), strict=True))
        _block_decoded = (self, rows)
        return rows


_block_decoded: tuple[BlockChunk | None, list[tuple[object, ...]]] = (None, [])


class RowRun:
    """Rows of one block planned without a RowPlan each (new ones, unchanged ones), one tuple a
    row until they are appended together, column by column (PlannedRows.extend_run): action,
    unit, revision, sheet row, id (16 bytes), digest (8 bytes), flags, seen revision, seen digest
    and the row's place in the block (its values; -1 for none)."""

    __slots__ = ("extra", "rows")

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, int, int, bytes, bytes, int, int, bytes, int]] = []
        self.extra: dict[int, dict[str, object]] = {}  # by place in the run

    def __len__(self) -> int:
        return len(self.rows)

    def new(self, unit: int, revision: int, row: int, raw_id: bytes, digest: bytes, outside: bool, pos: int) -> None:
        """A row planned NEW (a RowPlan without `seen`), its values the block's at `pos`."""
        self.rows.append(
            (_NEW_CODE, unit, revision, row, raw_id, digest, _OUTSIDE if outside else 0, 0, _NO_SEEN_DIGEST, pos)
        )

    def unchanged(
        self, unit: int, revision: int, row: int, raw_id: bytes, digest: bytes, seen_revision: int, in_batch: bool
    ) -> None:
        """A row planned UNCHANGED against a record as it was seen: not deleted, of
        `seen_revision`, its synced digest `digest` (IN_BATCH when an earlier file adds it)."""
        seen = (_SEEN | _IN_BATCH, 0, _NO_SEEN_DIGEST) if in_batch else (_SEEN | _SEEN_DIGEST, seen_revision, digest)
        self.rows.append((_UNCHANGED_CODE, unit, revision, row, raw_id, digest, *seen, -1))


class PlannedRows:
    """A file's planned rows, held as column arrays rather than one Python object per row: kind
    and action as small ints, unit, revision and sheet row as int arrays, record ids as 16 bytes and
    digests as 8 bytes each, the values a row keeps packed in chunks. A district's year plans some
    400,000 rows; each takes some 60 bytes here besides its values until the plan is applied.

    Read like the list of RowPlan it replaces: iterating (or indexing) makes each RowPlan as it is
    read. The few rows that carry more (changed fields, a duplicate's units, a name given early)
    keep it beside, by position."""

    __slots__ = (
        "_action",
        "_chunks",
        "_counts",
        "_digest",
        "_extra",
        "_flags",
        "_ids",
        "_kind",
        "_loose",
        "_names",
        "_packed",
        "_revision",
        "_row",
        "_seen_digest",
        "_seen_revision",
        "_unit",
        "_vchunk",
        "_vpos",
    )

    def __init__(self, rows: Iterable[RowPlan] = ()) -> None:
        self._kind = bytearray()
        self._action = bytearray()
        self._flags = bytearray()
        self._unit = array("i")
        self._revision = array("q")
        self._row = array("I")  # the sheet row, 0 for none
        self._ids = bytearray()  # 16 bytes per row (zero: the id is text, in _extra)
        self._digest = bytearray()  # 8 bytes per row
        self._seen_revision = array("q")
        self._seen_digest = bytearray()  # 8 bytes per row
        self._vchunk = array("i")  # the row's values: -1 none, -2 loose (in _loose), else a chunk
        self._vpos = array("I")  # ... and the row's place in it
        self._chunks: list[RowChunk | BlockChunk] = []
        self._loose: dict[int, Mapping[str, object]] = {}  # values not (yet) packed, by position
        self._extra: dict[int, dict[str, object]] = {}  # what few rows carry besides, by position
        # a row's name when that is all it carries besides (the first unchanged rows of a file, named
        # for the preview): a string, not a dict a row (100 files: 30,000 of them)
        self._names: dict[int, str] = {}
        self._counts: Counter[str] = Counter()
        self._packed = 0  # rows before this one have had their values packed
        for r in rows:
            self.append(r)

    def __len__(self) -> int:
        return len(self._action)

    def __bool__(self) -> bool:
        return len(self._action) > 0

    def append(self, r: RowPlan) -> None:
        i = len(self._action)
        extra: dict[str, object] = {}
        self._kind.append(_KIND_CODE[r.kind.key])
        code = _ACTION_CODE.get(r.action)
        if code is None:
            code = _ACTION_CODE[r.action] = len(_ACTIONS)
            _ACTIONS.append(r.action)
        self._action.append(code)
        self._counts[r.action] += 1
        self._unit.append(r.unit_id)
        self._revision.append(r.revision)
        self._row.append(r.sheet_row or 0)
        raw = id_bytes(r.record_id)
        if raw is None:
            extra["record_id"] = r.record_id
            raw = bytes(16)
        self._ids += raw
        flags = _OUTSIDE if r.outside else 0
        digest = digest_bytes(r.digest)
        if digest is None:
            flags |= _NO_DIGEST
            if r.digest:
                extra["digest"] = r.digest
            digest = _NO_SEEN_DIGEST
        self._digest += digest
        seen, seen_digest = r.seen, _NO_SEEN_DIGEST
        if seen is IN_BATCH:
            flags |= _SEEN | _IN_BATCH
            self._seen_revision.append(0)
        elif seen is not None:
            flags |= _SEEN | (_SEEN_DELETED if seen.deleted else 0)
            self._seen_revision.append(seen.revision)
            if seen.synced_digest is not None:
                flags |= _SEEN_DIGEST
                packed = digest_bytes(seen.synced_digest)
                if packed is None:
                    extra["seen_digest"] = seen.synced_digest
                else:
                    seen_digest = packed
        else:
            self._seen_revision.append(0)
        self._seen_digest += seen_digest
        self._flags.append(flags)
        values = r.values
        if not values:
            self._vchunk.append(-1)
            self._vpos.append(0)
            if values is not NO_VALUES:
                self._loose[i] = values
                self._vchunk[i] = -2
        else:
            self._vchunk.append(-2)
            self._vpos.append(0)
            self._loose[i] = values
        if r.fields:
            extra["fields"] = r.fields
        if r.duplicate_of:
            extra["duplicate_of"] = r.duplicate_of
        if r.known_as is not None:
            extra["known_as"] = r.known_as
        if r.alias is not None:
            extra["alias"] = r.alias
        if r.twin:
            extra["twin"] = True
        self._put_extra(i, extra)

    def extend_new(
        self,
        kind: Kind,
        chunk: BlockChunk,
        units: Sequence[int],
        revisions: Sequence[int],
        sheet_rows: Sequence[int],
        ids: bytes,
        digests: bytes,
        outside: bytes,
        duplicate_of: Mapping[int, str],
    ) -> None:
        """A block's rows, all planned NEW, appended column by column (as appending each one's
        RowPlan would): ids as 16 bytes and digests as 8 bytes each, `outside` 1 for a row changed
        outside the unit's app, the values those of `chunk`, `duplicate_of` by place in the block."""
        n, start = len(sheet_rows), len(self._action)
        self._kind += bytes([_KIND_CODE[kind.key]]) * n
        self._action += bytes([_ACTION_CODE[NEW]]) * n
        self._counts[NEW] += n
        self._unit.extend(units)
        self._revision.extend(revisions)
        self._row.extend(sheet_rows)
        self._ids += ids
        self._digest += digests
        self._seen_revision.frombytes(bytes(self._seen_revision.itemsize * n))
        self._seen_digest += bytes(8 * n)
        self._flags += outside  # (_OUTSIDE is 1)
        at = len(self._chunks)
        self._chunks.append(chunk)
        self._vchunk.extend(array("i", [at]) * n)
        self._vpos.extend(range(n))
        for off, units_too in duplicate_of.items():
            self._extra[start + off] = {"duplicate_of": units_too}

    def extend_run(self, kind: Kind, chunk: BlockChunk, run: RowRun) -> None:
        """A run of a block's rows planned without a RowPlan each, appended as appending each
        one's RowPlan would; the new ones' values are those of `chunk` (the block's)."""
        n, start = len(run.rows), len(self._action)
        if not n:
            return
        actions, units, revisions, rows, ids, digests, flags, seen_revisions, seen_digests, vpos = zip(
            *run.rows, strict=True
        )
        self._kind += bytes([_KIND_CODE[kind.key]]) * n
        codes = bytes(actions)
        self._action += codes
        for code in set(codes):
            self._counts[_ACTIONS[code]] += codes.count(code)
        self._unit.extend(units)
        self._revision.extend(revisions)
        self._row.extend(rows)
        self._ids += b"".join(ids)
        self._digest += b"".join(digests)
        self._seen_revision.extend(seen_revisions)
        self._seen_digest += b"".join(seen_digests)
        self._flags += bytes(flags)
        at = -1
        if any(p >= 0 for p in vpos):
            if not (self._chunks and self._chunks[-1] is chunk):
                self._chunks.append(chunk)
            at = len(self._chunks) - 1
        self._vchunk.extend([at if p >= 0 else -1 for p in vpos])
        self._vpos.extend([p if p >= 0 else 0 for p in vpos])
        for off, extra in run.extra.items():
            self._put_extra(start + off, extra)

    def _put_extra(self, i: int, extra: dict[str, object]) -> None:
        if len(extra) == 1 and "known_as" in extra:
            self._names[i] = str(extra["known_as"])
        elif extra:
            self._extra[i] = extra

    def extend_unchanged(
        self,
        kind: Kind,
        units: Sequence[int],
        revisions: Sequence[int],
        sheet_rows: Sequence[int],
        ids: bytes,
        digests: bytes,
        seen_revisions: Sequence[int],
        in_batch: bytes,
        extra: Mapping[int, dict[str, object]],
    ) -> None:
        """A block's rows, all planned UNCHANGED, appended column by column as RowRun.unchanged and
        extend_run append them one by one: each against its record as seen (of `seen_revisions`,
        its synced digest the row's own) or, where in_batch is 1, one an earlier file adds; `extra`
        (names, duplicates) by place in the block."""
        n, start = len(sheet_rows), len(self._action)
        self._kind += bytes([_KIND_CODE[kind.key]]) * n
        self._action += bytes([_UNCHANGED_CODE]) * n
        self._counts[UNCHANGED] += n
        self._unit.extend(units)
        self._revision.extend(revisions)
        self._row.extend(sheet_rows)
        self._ids += ids
        self._digest += digests
        if any(in_batch):
            self._seen_revision.extend([0 if b else r for r, b in zip(seen_revisions, in_batch, strict=True)])
            self._seen_digest += b"".join(
                _NO_SEEN_DIGEST if b else digests[8 * i : 8 * i + 8] for i, b in enumerate(in_batch)
            )
        else:
            self._seen_revision.extend(seen_revisions)
            self._seen_digest += digests
        self._flags += in_batch.translate(_UNCHANGED_FLAGS)
        self._vchunk.extend(array("i", [-1]) * n)
        self._vpos.extend(array("I", [0]) * n)
        for off, more in extra.items():
            self._put_extra(start + off, more)

    def pack(self) -> None:
        """The values of the rows appended since the last pack, put into chunks (rows alike in
        keys, enough of them to be worth it): the batch's values are never all held as objects."""
        groups: dict[int, list[int]] = {}
        loose = self._loose
        for i in range(self._packed, len(self._action)):
            values = loose.get(i)
            if type(values) is PackedValues:
                groups.setdefault(id(values._pos), []).append(i)  # noqa: SLF001 - rows alike in keys
        self._packed = len(self._action)
        for places in groups.values():
            if len(places) < PACK_ROWS // 4:
                continue  # a few rows: not worth a chunk
            keys = tuple(loose[places[0]])
            for start in range(0, len(places), PACK_ROWS):
                part = places[start : start + PACK_ROWS]
                chunk = RowChunk(keys, [loose.pop(i)._values for i in part])  # type: ignore[attr-defined]  # noqa: SLF001
                at = len(self._chunks)
                self._chunks.append(chunk)
                for pos, i in enumerate(part):
                    self._vchunk[i], self._vpos[i] = at, pos

    def values_at(self, i: int) -> Mapping[str, object]:
        at = self._vchunk[i]
        if at == -1:
            return NO_VALUES
        if at == -2:
            return self._loose[i]
        return ChunkValues(self._chunks[at], self._vpos[i])

    def record_id_at(self, i: int) -> str:
        raw = self._ids[16 * i : 16 * i + 16]
        if raw == _ZERO_ID and i in self._extra and "record_id" in self._extra[i]:
            return str(self._extra[i]["record_id"])
        return id_text(bytes(raw))

    def action_at(self, i: int) -> str:
        return _ACTIONS[self._action[i]]

    def kind_at(self, i: int) -> Kind:
        return KINDS[self._kind[i]]

    def sheet_row_at(self, i: int) -> int:
        return self._row[i]

    def place_of_id(self, raw: bytes) -> int:
        """The first row with this record id (16 bytes); -1 for none."""
        ids, at = self._ids, self._ids.find(raw)
        while at > 0 and at % 16:
            at = ids.find(raw, at + 1)
        return at // 16 if at >= 0 else -1

    def __getitem__(self, i: int | slice) -> RowPlan | list[RowPlan]:
        n = len(self._action)
        if isinstance(i, slice):
            return [self._row_plan(j) for j in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self._row_plan(i)

    def _row_plan(self, i: int) -> RowPlan:
        extra = self._extra.get(i, _NO_EXTRA)
        flags = self._flags[i]
        if not flags & _SEEN:
            seen = None
        elif flags & _IN_BATCH:
            seen = IN_BATCH
        else:
            digest = None
            if flags & _SEEN_DIGEST:
                digest = (
                    str(extra["seen_digest"]) if "seen_digest" in extra else self._seen_digest[8 * i : 8 * i + 8].hex()
                )
            seen = Seen(self._seen_revision[i], bool(flags & _SEEN_DELETED), digest)  # type: ignore[arg-type]
        digest_text = str(extra.get("digest", "")) if flags & _NO_DIGEST else self._digest[8 * i : 8 * i + 8].hex()
        return RowPlan(
            KINDS[self._kind[i]],
            _ACTIONS[self._action[i]],
            self._unit[i],
            str(extra["record_id"]) if "record_id" in extra else id_text(bytes(self._ids[16 * i : 16 * i + 16])),
            self._revision[i],
            self.values_at(i),
            digest_text,
            self._row[i] or None,
            fields=extra.get("fields", NO_FIELDS),  # type: ignore[arg-type]
            duplicate_of=str(extra.get("duplicate_of", "")),
            outside=bool(flags & _OUTSIDE),
            seen=seen,
            known_as=extra.get("known_as", self._names.get(i)),  # type: ignore[arg-type]
            alias=extra.get("alias"),  # type: ignore[arg-type]
            twin=bool(extra.get("twin")),
        )

    def __iter__(self) -> Iterator[RowPlan]:
        for i in range(len(self._action)):
            yield self._row_plan(i)

    def aliased(self) -> Iterator[RowPlan]:
        """The rows that carried another id than their record's (RowPlan.alias), in order."""
        for i in sorted(i for i, extra in self._extra.items() if "alias" in extra):
            yield self._row_plan(i)

    def with_action(self, *actions: str, kind: Kind | None = None) -> Iterator[RowPlan]:
        """The rows planned to do one of `actions` (of `kind` if given), in order; the others
        are not made."""
        codes = {_ACTION_CODE[a] for a in actions if a in _ACTION_CODE}
        action, kinds, want = self._action, self._kind, None if kind is None else _KIND_CODE[kind.key]
        for i in range(len(action)):
            if action[i] in codes and (want is None or kinds[i] == want):
                yield self._row_plan(i)

    def new_records(self, kind: Kind, size: int) -> Iterator[list[tuple[object, ...]]]:
        """The rows of `kind` planned NEW, in order and `size` at a time, each as what a new record
        is made of: its values in kind.input_fields order, then record id, unit, revision and
        digest (as a RowPlan has them); made without a RowPlan or a mapping per row, and a stretch
        of rows read from one chunk in a row (a reader's block, all new) a slice at a time."""
        want, code = _KIND_CODE[kind.key], _ACTION_CODE[NEW]
        keys = tuple(f.key for f in kind.input_fields)
        action, vchunk, vpos = self._action, self._vchunk, self._vpos
        # rows told one by one: an id kept as text, a digest not of 8 bytes
        texts = {i for i, x in self._extra.items() if "record_id" in x or "digest" in x}
        odd = self._flags.translate(_NO_DIGEST_ONLY)
        out: list[tuple[object, ...]] = []
        for kind_run in _run(want).finditer(self._kind):
            for run in _run(code).finditer(action, *kind_run.span()):
                i, e = run.span()
                while i < e:
                    at, j = vchunk[i], i + 1
                    if at >= 0 and odd.find(1, i, e) != i and i not in texts:
                        chunk = self._chunks[at]
                        j = i + vchunk[i:e].count(at)  # (the rows of one chunk come together)
                        ahead = odd.find(1, i, j)
                        j = ahead if ahead >= 0 else j
                        j = min([j, *(k for k in texts if i < k < j)])
                        v0 = vpos[i]
                        j = _stretch(vchunk, vpos, i, j)
                        out += self._new_stretch(chunk, keys, i, j, v0)
                        i = j
                        while len(out) >= size:
                            yield out[:size]
                            out = out[size:]
                        continue
                    out.append(self._new_record(i, keys))
                    i = j
                    if len(out) == size:
                        yield out
                        out = []
        if out:
            yield out

    def _new_stretch(
        self, chunk: RowChunk | BlockChunk, keys: tuple[str, ...], i: int, j: int, v0: int
    ) -> list[tuple[object, ...]]:
        """new_records of the rows i..j-1, their values rows v0.. of `chunk`, ids and digests of 16 and 8 bytes."""
        values = chunk.rows()[v0 : v0 + j - i]
        pick = _reorder(chunk.keys, keys)
        if pick is not None:
            values = list(map(pick, values))
        rids = id_texts(bytes(self._ids[16 * i : 16 * j]))
        d = self._digest[8 * i : 8 * j].hex()
        digests = [d[k : k + 16] for k in range(0, len(d), 16)]
        return list(zip(values, rids, self._unit[i:j], self._revision[i:j], digests, strict=True))

    def _new_record(self, i: int, keys: tuple[str, ...]) -> tuple[object, ...]:
        """new_records of row i alone."""
        at = self._vchunk[i]
        if at >= 0:
            chunk = self._chunks[at]
            row = chunk.rows()[self._vpos[i]]
            pick = _reorder(chunk.keys, keys)
            values = row if pick is None else pick(row)
        else:
            mapping = self.values_at(i)
            values = tuple([mapping.get(k) for k in keys])
        more = self._extra.get(i, _NO_EXTRA)
        rid = str(more["record_id"]) if "record_id" in more else id_text(bytes(self._ids[16 * i : 16 * i + 16]))
        flags, digests = self._flags, self._digest
        digest = str(more.get("digest", "")) if flags[i] & _NO_DIGEST else digests[8 * i : 8 * i + 8].hex()
        return (values, rid, self._unit[i], self._revision[i], digest)

    def picked_with_action(
        self, actions: Sequence[str], picks: Mapping[str, tuple[str, ...]]
    ) -> Iterator[tuple[int, Kind, tuple[object, ...]]]:
        """(place, kind, values of the fields picks[kind.key] in that order, None for a field the
        row lacks) of the rows planned to do one of `actions` that keep values, in order: each read
        from its chunk's rows, no mapping or RowPlan made a row."""
        codes = {_ACTION_CODE[a] for a in actions if a in _ACTION_CODE}
        action, kinds, vchunk, vpos, chunks = self._action, self._kind, self._vchunk, self._vpos, self._chunks
        chunk_at, rows, pick = -1, [], None
        for i in range(len(action)):
            at = vchunk[i]
            if at == -1 or action[i] not in codes:
                continue
            kind = KINDS[kinds[i]]
            want = picks[kind.key]
            if at >= 0:
                if at != chunk_at:
                    chunk_at, rows, pick = at, chunks[at].rows(), {}
                got = pick.get(kind.key)
                if got is None:
                    got = pick[kind.key] = _reorder(chunks[at].keys, want) or tuple
                yield i, kind, got(rows[vpos[i]])
            else:
                values = self._loose[i]
                if values:
                    yield i, kind, tuple([values.get(k) for k in want])

    def picked_stretches(
        self, actions: Sequence[str], picks: Mapping[str, tuple[str, ...]]
    ) -> Iterator[tuple[range, Kind, list[tuple[object, ...]]]]:
        """What picked_with_action gives, a stretch of rows at a time: (their places, their kind,
        one tuple a field of picks[kind.key] holding the rows' values, None where a row lacks it),
        a stretch being rows of one kind read from one chunk in a row (a reader's block) or one row
        alone: the values taken column by column, no tuple made a row."""
        codes = {_ACTION_CODE[a] for a in actions if a in _ACTION_CODE}
        mask = self._action.translate(bytes(1 if b in codes else 0 for b in range(256)))
        kinds, vchunk, vpos, chunks = self._kind, self._vchunk, self._vpos, self._chunks
        columns_at, columns = -1, []
        for span in _run(1).finditer(mask):
            i, e = span.span()
            while i < e:
                at, kind = vchunk[i], KINDS[kinds[i]]
                want = picks[kind.key]
                if at == -1:
                    i += 1
                    continue
                if at == -2:
                    values = self._loose[i]
                    if values:
                        yield range(i, i + 1), kind, [(values.get(k),) for k in want]
                    i += 1
                    continue
                v0 = vpos[i]
                j = _stretch(vchunk, vpos, i, min(_run(kinds[i]).match(kinds, i, e).end(), i + vchunk[i:e].count(at)))
                chunk = chunks[at]
                if at != columns_at:  # (a block's columns as stored; a packed chunk's rows turned)
                    columns_at = at
                    block = type(chunk) is BlockChunk
                    columns = chunk.columns() if block else list(zip(*chunk.rows(), strict=True))
                places = {k: n for n, k in enumerate(chunk.keys)}
                yield (
                    range(i, j),
                    kind,
                    [columns[places[k]][v0 : v0 + j - i] if k in places else (None,) * (j - i) for k in want],
                )
                i = j

    def fields_of_kind(self, kind: Kind, fields: Sequence[str]) -> Iterator[tuple[bytes, int, tuple[object, ...]]]:
        """(record id as id_key gives it, unit, values of `fields` in that order, None for a field
        the row lacks) of the rows of `kind` that keep values, whatever their action, in order: read
        from their chunks' rows, no RowPlan or mapping made a row."""
        want, kinds, vchunk, vpos, chunks = _KIND_CODE[kind.key], self._kind, self._vchunk, self._vpos, self._chunks
        ids, extra = self._ids, self._extra
        chunk_at, rows, pick = -1, [], None
        i = kinds.find(want)
        while i >= 0:
            at = vchunk[i]
            got: tuple[object, ...] | None = None
            if at >= 0:
                if at != chunk_at:
                    chunk_at, rows = at, chunks[at].rows()
                    pick = _reorder(chunks[at].keys, tuple(fields))
                got = rows[vpos[i]] if pick is None else pick(rows[vpos[i]])
            elif at == -2 and (values := self._loose[i]):
                got = tuple([values.get(k) for k in fields])
            if got is not None:
                raw = bytes(ids[16 * i : 16 * i + 16])
                if raw == _ZERO_ID and "record_id" in extra.get(i, _NO_EXTRA):
                    raw = id_key(str(extra[i]["record_id"]))
                yield raw, self._unit[i], got
            i = kinds.find(want, i + 1)

    def of_kind(self, kind: Kind) -> Iterator[RowPlan]:
        """The rows of one kind, in order; the others are not made."""
        want = _KIND_CODE[kind.key]
        for i, k in enumerate(self._kind):
            if k == want:
                yield self._row_plan(i)

    def having_ids(self, record_ids: Iterable[str]) -> Iterator[RowPlan]:
        """The rows of these record ids, in order; the others are not made."""
        wanted = {id_key(rid) for rid in record_ids}
        if not wanted:
            return
        texts = {i: id_key(str(x["record_id"])) for i, x in self._extra.items() if "record_id" in x}
        ids = self._ids
        for i in range(len(self._action)):
            key = texts[i] if i in texts else bytes(ids[16 * i : 16 * i + 16])
            if key in wanted:
                yield self._row_plan(i)

    def at_sheet_rows(self, kind: Kind, sheet_rows: Iterable[int]) -> Iterator[RowPlan]:
        """The rows of `kind` from these sheet rows, in order."""
        want, wanted = _KIND_CODE[kind.key], set(sheet_rows)
        for i, (k, row) in enumerate(zip(self._kind, self._row, strict=True)):
            if k == want and row in wanted:
                yield self._row_plan(i)

    def unit_ids(self, *actions: str) -> set[int]:
        """The units of the rows planned to do one of `actions`."""
        codes = {_ACTION_CODE[a] for a in actions if a in _ACTION_CODE}
        return {u for a, u in zip(self._action, self._unit, strict=True) if a in codes}

    def changed(self) -> Iterator[RowPlan]:
        """The rows with changed fields that update, conflict, delete or diverge, and those changed
        outside the unit's app: what the preview names one by one, in order."""
        codes = {_ACTION_CODE[a] for a in (CONFLICT, UPDATED, EDITED, DELETED, DIVERGED)}
        with_fields = {i for i, x in self._extra.items() if x.get("fields") and self._action[i] in codes}
        outside = {i for i, flags in enumerate(self._flags) if flags & _OUTSIDE}
        for i in sorted(with_fields | outside):
            yield self._row_plan(i)

    def kinds_with(self, action: str) -> list[Kind]:
        """The kinds of the rows planned to do `action`, in the order they first come."""
        code = _ACTION_CODE.get(action)
        if code is None:
            return []
        found: dict[int, None] = {}
        for run in _run(code).finditer(self._action):
            found.update(dict.fromkeys(self._kind[run.start() : run.end()]))
        return [KINDS[k] for k in found]

    def outside_rows(self) -> Iterator[RowPlan]:
        """The rows changed outside the unit's app (see RowPlan.outside), in order."""
        for i, flags in enumerate(self._flags):
            if flags & _OUTSIDE:
                yield self._row_plan(i)

    def count(self, action: str) -> int:
        return self._counts[action]

    def extras(self) -> Iterator[RowPlan]:
        """The rows that carry changed fields, a duplicate or a name (few), in order."""
        for i in sorted(self._extra.keys() | self._names.keys()):
            yield self._row_plan(i)

    def outside(self) -> int:
        """How many rows were changed outside the unit's app (see RowPlan.outside)."""
        return sum(1 for f in self._flags if f & _OUTSIDE)

    def edited_outside(self) -> int:
        """How many rows the preview calls 表外修改 in any way: those changed outside the unit's app,
        new or not, and those it lists as 表外修改 (a pre-filled or template row that changes a
        record: EDITED without the flag)."""
        labelled = {_ACTION_CODE[EDITED], _ACTION_CODE[DIVERGED]}
        return sum(1 for a, f in zip(self._action, self._flags, strict=True) if f & _OUTSIDE or a in labelled)

    def new_outside(self) -> int:
        """How many of the rows new to this ledger were changed outside the unit's app (新增（表外修改）)."""
        new = _ACTION_CODE[NEW]
        return sum(1 for a, f in zip(self._action, self._flags, strict=True) if a == new and f & _OUTSIDE)

    def duplicates(self) -> int:
        """How many rows another unit reports too (see RowPlan.duplicate_of)."""
        return sum(1 for x in self._extra.values() if x.get("duplicate_of"))

    def ids(self, stop: int | None = None, among: Collection[bytes] | None = None) -> set[bytes]:
        """The record ids of the rows before `stop` (all by default), as id_key gives them; only
        those `among` these when given (no set of every row's id is made)."""
        stop = len(self._action) if stop is None else stop
        texts = {i: str(x["record_id"]) for i, x in self._extra.items() if "record_id" in x}
        ids = bytes(self._ids[: 16 * stop])
        raws = (ids[16 * i : 16 * i + 16] for i in range(stop) if i not in texts)
        out = set(raws) if among is None else {raw for raw in raws if raw in among}
        for i, text in texts.items():
            key = id_key(text)
            if i < stop and (among is None or key in among):
                out.add(key)
        return out


_ZERO_ID = bytes(16)
_NO_DIGEST_ONLY = bytes(1 if b & _NO_DIGEST else 0 for b in range(256))  # (flags → 1 where no digest)


def _stretch(vchunk: array, vpos: array, i: int, j: int) -> int:
    """The end (at most j, at least i + 1) of a stretch of rows from i whose values are rows of one
    chunk one after another."""
    at, v0 = vchunk[i], vpos[i]
    while j > i + 1 and (vchunk[i:j].count(at) != j - i or vpos[i:j] != array("I", range(v0, v0 + j - i))):
        j = i + (j - i) // 2
    return j


def _run(code: int) -> re.Pattern[bytes]:
    """A pattern matching a run of the byte `code` (compiled once, when first asked for)."""
    pattern = _RUNS.get(code)
    if pattern is None:
        pattern = _RUNS[code] = re.compile(re.escape(bytes([code])) + b"+")
    return pattern


_RUNS: dict[int, re.Pattern[bytes]] = {}


def _reorder(have: tuple[str, ...], want: tuple[str, ...]) -> Callable[[tuple[object, ...]], tuple[object, ...]] | None:
    """A row's values in `have` order made into `want` order (None when they are the same)."""
    if have == want:
        return None
    places = {k: i for i, k in enumerate(have)}
    at = [places.get(k, -1) for k in want]
    if len(at) >= 2 and min(at) >= 0:
        return itemgetter(*at)  # (a tuple, made without a Python call a row)
    return lambda values: tuple([values[j] if j >= 0 else None for j in at])


_NO_EXTRA: dict[str, object] = {}


@dataclass(frozen=True)
class IncomingFile:
    """An evidence file the file brings for one of its records, checked and waiting on disk (no
    path: a file the ledger already holds for the record, not sent again)."""

    kind: str
    entry: EvidenceEntry
    path: Path | None


@dataclass
class FilePlan:
    read: ReadResult
    unit_id: int | None = None  # the submitting unit (None for templates and consolidations)
    period: Period | None = None  # the period the unit's file is for (its _meta's)
    rows: PlannedRows = field(default_factory=PlannedRows)
    already_imported_at: datetime | None = None
    missing: list[tuple[Kind, str]] = field(default_factory=list)  # (kind, record id) not in the file
    supersedes: list[int] = field(default_factory=list)
    superseded_by: int | None = None
    newer_in_batch: FilePlan | None = None  # the same unit's later file for the period, in this batch
    sent_at: datetime | None = None  # when the unit sent it (review_rules.sent_at)
    issues: list[Issue] = field(default_factory=list)
    consolidated: bool = False  # a consolidated workbook (it speaks for several units)
    needs_consent: bool = False  # ... refused until the user deliberately chooses to import it
    units_touched: list[str] = field(default_factory=list)  # whose records the file changes (SPEC §8)
    came_as: str = ""  # the name it is shown by: a package's .zip as chosen, or the name a held file came with
    answers: int = 0  # answers to the bureau's comments the file carries (its 反馈意见 sheet)
    # The officer's choices: leave the file out of this import; a side for all its conflicts.
    included: bool = True
    conflict_side: str | None = None
    # The review cycle (SPEC §9): the unit × period is accepted, so the file is kept as 待重新审核
    # (shown, not merged) until the bureau re-opens the period.
    held: bool = False
    held_inputs: list[Path] = field(default_factory=list)  # what is kept when held: the file as it came, whole
    flags: list[Flag] = field(default_factory=list)  # plausibility (SPEC §9): unusual values, never refused
    # An action plan the file carries that the ledger lacks: added when the file is imported
    # (the preview names it); the plan's name, or "".
    new_plan: str = ""
    # A feedback workbook: the comments (or answers), review state and due date it carries; no rows.
    feedback: FeedbackPlan | None = None
    # Evidence (SPEC §15): the files the file brings, and whether its list is the records' whole
    # evidence (a package or a workbook's _meta list), so that files the unit removed go here too.
    evidence: list[IncomingFile] = field(default_factory=list)
    evidence_synced: bool = False
    holder: object = None  # keeps the package's temporary folder (workbook, evidence) while planned
    # The signature (SPEC §15): its state, the key's fingerprint and whose key it is (the unit it was
    # confirmed for, or, while PENDING_KEY, the unit that must confirm it); rows edited after signing.
    signature: str = UNSIGNED
    key_fingerprint: str = ""
    public_key: bytes = b""
    key_unit_id: int | None = None
    uncovered_rows: int = 0

    @property
    def name(self) -> str:
        return self.came_as or self.read.name

    def log_counts(self) -> dict[str, int]:
        """What the import log keeps of what the file did."""
        if self.feedback is not None:
            return {self.feedback.count_key: self.feedback.changes}
        return {a: self.count(a) for a in ACTION_LABELS}

    @property
    def source(self) -> Path:
        """The file the user gave: the package (its first part given), or the workbook."""
        return getattr(self.holder, "source", None) or self.read.path

    def evidence_of(self, record_id: str) -> list[IncomingFile]:
        return [f for f in self.evidence if f.entry.record_id == record_id]

    @property
    def key_pending(self) -> bool:
        """Held (not merged) as 待确认签名 until the key is confirmed."""
        return self.signature == PENDING_KEY

    @property
    def signature_text(self) -> str:
        """签名有效 3F2A-91C0-7B1E-44D2 / 未签名 / 待确认签名 …, as the preview and 导入记录 show it."""
        return signature_text(self.signature, self.key_fingerprint)

    @property
    def errors(self) -> list[Issue]:
        return self.read.errors + [i for i in self.issues if not i.warning]

    @property
    def warnings(self) -> list[Issue]:
        return self.read.warnings + [i for i in self.issues if i.warning]

    @property
    def submission_of(self) -> tuple[int, Period] | None:
        """(unit id, period) when the file is a unit's submission for a period."""
        meta = self.read.meta
        if self.unit_id is not None and self.period is not None and meta and meta.kind == SUBMISSION:
            return self.unit_id, self.period
        return None

    @property
    def status(self) -> str:
        if self.already_imported_at is not None:
            return ALREADY
        if self.errors:
            return REFUSED_FILE
        if self.held:
            return HELD
        return READY if self.included else EXCLUDED

    def count(self, action: str) -> int:
        return self.rows.count(action)


@dataclass
class ImportPlan:
    files: list[FilePlan]
    role: str
    unit_names: dict[int, str] = field(default_factory=dict)
    own_unit_id: int | None = None  # the ledger's own unit (at an office, the key of its other PC is its own)

    @property
    def errors(self) -> list[Issue]:
        return [e for f in self.files for e in f.errors]

    @property
    def refused(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == REFUSED_FILE]

    @property
    def to_apply(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == READY]

    @property
    def held(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == HELD and f.included]

    def counts(self) -> dict[str, int]:
        rows = [f.rows for f in self.files if f.status != REFUSED_FILE]
        return {
            "new": sum(r.count(NEW) for r in rows),
            # as each file's line counts them: 更新 are updates, 表外修改 every row changed outside
            # the app (an edited pre-filled row was 表外修改（已采用） there and 更新 in the total)
            "updated": sum(r.count(UPDATED) for r in rows),
            "edited_outside": sum(r.edited_outside() for r in rows),
            "edited_outside_new": sum(r.new_outside() for r in rows),  # of those, rows new to this ledger
            "unchanged": sum(r.count(UNCHANGED) for r in rows),
            "stale": sum(r.count(STALE) for r in rows),
            "conflicts": sum(r.count(CONFLICT) for r in rows),
            "duplicates": sum(r.duplicates() for r in rows),
            "deleted": sum(r.count(DELETED) for r in rows),
            "missing": sum(len(f.missing) for f in self.files),
            "errors": len(self.errors),
        }

    def unit_name(self, unit_id: int | None) -> str:
        return self.unit_names.get(unit_id, "") if unit_id is not None else ""

    def from_other_pc(self, f: FilePlan) -> bool:
        """Whether the key a held file waits for is the office's own unit's: its other PC's, to be
        checked on that PC, not over the phone with the bureau."""
        return self.role != "bureau" and f.key_unit_id is not None and f.key_unit_id == self.own_unit_id

    def key_waits_for(self, f: FilePlan) -> dict[str, str] | None:
        """Whose key a file held for its signature (待确认签名) waits for, as --json says it: this
        unit's other PC (checked on that PC), the district bureau, or a unit (checked with them by
        phone); None for a file that waits for no key."""
        if not f.key_pending:
            return None
        unit = self.unit_name(f.key_unit_id)
        if self.from_other_pc(f):
            return {"party": "other_pc", "unit": unit, "label": f"本单位另一台电脑（{unit}）"}
        if unit == BUREAU_UNIT:
            return {"party": "bureau", "unit": unit, "label": unit}
        return {"party": "unit", "unit": unit, "label": unit}

    def as_json(self) -> dict[str, object]:
        """The preview as one JSON object: SPEC §6's keys, and per file every row that changes
        something, named as a person knows it, with each changed field old → new."""
        counts = self.counts()
        names = self.unit_names
        return {
            "files": [
                {
                    "file": str(f.source),
                    "hash": f.read.hash,
                    "status": f.status,
                    "already_imported": bool(f.already_imported_at),
                    "held": f.held,
                    "signature": f.signature,
                    "fingerprint": f.key_fingerprint,
                    "key_waits_for": self.key_waits_for(f),
                    "uncovered_rows": f.uncovered_rows,
                    "unit": self.unit_name(f.unit_id),
                    "period": f.period.code if f.period else "",
                    "consolidated": f.consolidated,
                    "units_touched": f.units_touched,
                    "counts": {a: f.count(a) for a in ACTION_LABELS},
                    "missing": len(f.missing),
                    "warnings": [w.as_dict() for w in f.warnings],
                    "flags": [x.as_dict() for x in f.flags],
                    "errors": [e.as_dict() for e in f.errors],
                    "rows": [_row_json(r, names) for r in f.rows.with_action(*CHANGING)],
                    "feedback": f.feedback.as_json() if f.feedback else None,
                    "evidence": [x.entry.as_dict() for x in f.evidence],
                }
                for f in self.files
            ],
            **{k: counts[k] for k in ("new", "updated", "unchanged", "stale", "conflicts", "duplicates")},
            "deleted": counts["deleted"],
            "missing": counts["missing"],
            "edited_outside": counts["edited_outside"],
            "errors": [e.as_dict() for e in self.errors],
        }


def signature_text(state: str | None, fingerprint: str | None) -> str:
    if not state:
        return ""
    label = SIGNATURE_LABELS.get(state, state)
    return f"{label}（{fingerprint}）" if fingerprint and state != UNSIGNED else label


def _row_json(r: RowPlan, names: dict[int, str]) -> dict[str, object]:
    out: dict[str, object] = {
        "sheet": r.kind.sheet,
        "row": r.sheet_row,
        "record_id": r.record_id,
        "record": r.name,
        "unit": names.get(r.unit_id, ""),
        "action": r.action,
    }
    if r.alias is not None:  # the file's id of the record, another than this ledger's (app.store.aliases)
        out["file_record_id"] = r.alias[0]
    if r.twin:
        out["matched_by_key"] = True  # landed on the record by its task, indicator or station and period
    if r.duplicate_of:
        out["duplicate_of"] = r.duplicate_of
    if r.outside:
        out["edited_outside"] = True
    if r.fields:
        out["fields"] = [
            {
                "field": r.field_label(k),
                "old": _json_value(c.old),
                "new": _json_value(c.new),
                "side": c.side,
            }
            for k, c in r.fields.items()
        ]
    return out


def _json_value(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def rows_of(files: Iterable[FilePlan], action: str) -> list[RowPlan]:
    return [r for f in files for r in f.rows.with_action(action)]
