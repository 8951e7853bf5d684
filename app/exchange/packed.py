"""A row's values packed as a tuple beside one shared map of positions, and many rows' values
packed into one pickled chunk."""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

_POSITIONS: dict[tuple[str, ...], dict[str, int]] = {}
_KEYS: dict[int, tuple[str, ...]] = {}  # id of a positions map → its keys (the maps live as long as the module)


class PackedValues(Mapping[str, object]):
    """A row's values as a tuple beside one shared key → position map: a third of a dict's memory,
    and a year of submissions keeps some 200,000 rows from the reader until they are written."""

    __slots__ = ("_pos", "_values")

    def __init__(self, values: Mapping[str, object]) -> None:
        self._pos = _positions(tuple(values))
        self._values = tuple(values.values())

    def __reduce__(self) -> tuple[object, tuple[tuple[str, ...], tuple[object, ...]]]:
        # One keys tuple for all rows alike: pickle writes it once per batch (rows read in another process)
        return (_unpack, (_KEYS[id(self._pos)], self._values))

    def __getitem__(self, key: str) -> object:
        return self._values[self._pos[key]]

    def get(self, key: str, default: object = None) -> object:  # read for every key of every row
        i = self._pos.get(key)
        return default if i is None else self._values[i]

    def __contains__(self, key: object) -> bool:
        return key in self._pos

    def __setitem__(self, key: str, value: object) -> None:  # kind.complete() may fill a field
        items = dict(zip(self._pos, self._values, strict=True))
        items[key] = value
        self.__init__(items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


def _positions(keys: tuple[str, ...]) -> dict[str, int]:
    pos = _POSITIONS.get(keys)
    if pos is None:
        pos = _POSITIONS[keys] = {k: i for i, k in enumerate(keys)}
        _KEYS[id(pos)] = keys
    return pos


def _unpack(keys: tuple[str, ...], values: tuple[object, ...]) -> PackedValues:
    packed = PackedValues.__new__(PackedValues)
    packed._pos, packed._values = _positions(keys), values  # noqa: SLF001
    return packed


class RowChunk:
    """Many rows' values of one kind, pickled into one bytes object: a plan keeps the 140,000 new
    rows of a district's year until they are written in a tenth of the memory they take as Python
    objects. A chunk is decoded when its values are read (applying reads them chunk by chunk);
    the chunk decoded last is kept, so reading row after row decodes it once."""

    __slots__ = ("_blob", "keys")

    def __init__(self, keys: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
        self.keys = keys
        self._blob = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self) -> list[tuple[object, ...]]:
        global _decoded
        last = _decoded  # (one read of the global: planning and the window's threads share it)
        if last[0] is self:
            return last[1]
        rows = pickle.loads(self._blob)  # noqa: S301 - bytes this process pickled itself
        _decoded = (self, rows)
        return rows


_decoded: tuple[RowChunk | None, list[tuple[object, ...]]] = (None, [])


class ChunkValues(Mapping[str, object]):
    """One row's values inside a RowChunk, read as a mapping like PackedValues."""

    __slots__ = ("_chunk", "_i", "_pos", "_set")

    def __init__(self, chunk: RowChunk, i: int) -> None:
        self._chunk, self._i, self._pos = chunk, i, _positions(chunk.keys)
        self._set: dict[str, object] | None = None  # a field filled after packing (kind.complete)

    def __getitem__(self, key: str) -> object:
        if self._set is not None and key in self._set:
            return self._set[key]
        return self._chunk.rows()[self._i][self._pos[key]]

    def get(self, key: str, default: object = None) -> object:
        i = self._pos.get(key)
        if i is None:
            return default
        if self._set is not None and key in self._set:
            return self._set[key]
        return self._chunk.rows()[self._i][i]

    def __contains__(self, key: object) -> bool:
        return key in self._pos

    def __setitem__(self, key: str, value: object) -> None:
        if key not in self._pos:
            raise KeyError(key)
        if self.get(key) != value:
            self._set = {**(self._set or {}), key: value}

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


def pack_rows(values: list[PackedValues], size: int) -> list[ChunkValues]:
    """The rows' values (PackedValues of one kind, alike in keys) packed into chunks of `size`."""
    out: list[ChunkValues] = []
    for start in range(0, len(values), size):
        part = values[start : start + size]
        chunk = RowChunk(_KEYS[id(part[0]._pos)], [v._values for v in part])  # noqa: SLF001
        out += [ChunkValues(chunk, i) for i in range(len(part))]
    return out


class RowBlock:
    """Up to BLOCK_ROWS rows of one sheet as the reader validated them, held as one bytes object of
    column arrays: each field's values as one column (a value repeated down the column is written
    once), row numbers and revisions as 32-bit arrays, record ids and cell digests as raw bytes.
    A 100,000-row sheet read in the helper process is a few such blocks, not 100,000 Python rows:
    sent across as bytes and turned back into rows only while the rows are planned."""

    __slots__ = ("_blob", "count", "keys", "sheet")

    def __init__(self, sheet: str, keys: tuple[str, ...], rows: list[tuple]) -> None:
        """`rows` as (Excel row, values in `keys` order, unit, record id, revision, digest, untouched,
        edited outside), the id a canonical uuid or None, the digest 16 hex digits."""
        excel_rows, values, units, ids, revisions, digests, untouched, outside = zip(*rows, strict=True)
        self._pack(
            sheet,
            keys,
            excel_rows,
            list(zip(*values, strict=True)),
            units,
            b"".join(_NO_ID if rid is None else bytes.fromhex(rid.replace("-", "")) for rid in ids),
            revisions,
            bytes.fromhex("".join(digests)),
            bytes(u | o << 1 | (rid is not None) << 2 for u, o, rid in zip(untouched, outside, ids, strict=True)),
        )

    @classmethod
    def of_columns(
        cls,
        sheet: str,
        keys: tuple[str, ...],
        excel_rows: Sequence[int],
        columns: Sequence[Sequence[object]],
        units: Sequence[str | None],
        ids: bytes,
        revisions: Sequence[int | None],
        digests: bytes,
        flags: bytes,
    ) -> RowBlock:
        """A block made from columns as the reader's fast path has them (see BlockColumns), no row
        made as a tuple on the way."""
        block = cls.__new__(cls)
        block._pack(sheet, keys, excel_rows, columns, units, ids, revisions, digests, flags)  # noqa: SLF001
        return block

    def _pack(
        self,
        sheet: str,
        keys: tuple[str, ...],
        excel_rows: Sequence[int],
        columns: Sequence[Sequence[object]],
        units: Sequence[str | None],
        ids: bytes,
        revisions: Sequence[int | None],
        digests: bytes,
        flags: bytes,
    ) -> None:
        self.sheet, self.keys, self.count = sheet, keys, len(excel_rows)
        if len(set(units)) == 1:  # one unit's file: its name once, not a column of it
            units = (units[0], len(units))
        self._blob = pickle.dumps(
            (
                array("I", excel_rows).tobytes(),
                [c if type(c) is tuple else tuple(c) for c in columns],
                tuple(units),
                ids,
                array("I", [r or 0 for r in revisions]).tobytes(),
                digests,
                flags,
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )

    def columns(self) -> BlockColumns:
        """The block's columns as stored: ids and digests as raw bytes, for a reader of whole
        columns (planning rows that are all new needs no row as Python objects)."""
        excel_rows, columns, units, ids, revisions, digests, flags = pickle.loads(self._blob)  # noqa: S301 - ours
        if len(units) == 2 and type(units[1]) is int:  # (a unit is text or None)
            units = (units[0],) * units[1]
        return BlockColumns(array("I", excel_rows), columns, units, ids, array("I", revisions), digests, flags)

    def decoded_raw(self) -> Iterator[tuple]:
        """The rows as decoded() gives them, but the record id as its 16 bytes (None when the row
        has none) and the cells digest as its 8 bytes: nothing turned into text."""
        excel_rows, columns, units, ids, revisions, digests, flags = self.columns()
        keys = self.keys
        for i, values in enumerate(zip(*columns, strict=True)):
            flag = flags[i]
            yield (
                excel_rows[i],
                _unpack(keys, values),
                units[i],
                ids[16 * i : 16 * i + 16] if flag & HAS_ID else None,
                revisions[i] or None,
                digests[8 * i : 8 * i + 8],
                bool(flag & UNTOUCHED),
                bool(flag & EDITED_OUTSIDE),
            )

    def decoded(self) -> Iterator[tuple]:
        """The rows as given, each with its values as PackedValues."""
        excel_rows, columns, units, ids, revisions, digests, flags = self.columns()
        keys = self.keys
        for i, values in enumerate(zip(*columns, strict=True)):
            flag = flags[i]
            rid = _uuid_text(ids[16 * i : 16 * i + 16].hex()) if flag & HAS_ID else None
            yield (
                excel_rows[i],
                _unpack(keys, values),
                units[i],
                rid,
                revisions[i] or None,
                digests[8 * i : 8 * i + 8].hex(),
                bool(flag & UNTOUCHED),
                bool(flag & EDITED_OUTSIDE),
            )


# A row's flags in BlockColumns.flags
UNTOUCHED, EDITED_OUTSIDE, HAS_ID = 1, 2, 4


class BlockColumns(NamedTuple):
    """A RowBlock's rows column by column."""

    rows: array  # Excel row numbers
    values: list[tuple[object, ...]]  # one tuple per field, in the block's `keys` order
    units: tuple[str | None, ...]  # 填报单位 as written, None when blank
    ids: bytes  # 16 bytes per row: the record id's uuid (zero bytes when the row has none: see HAS_ID)
    revisions: array  # 0 for none
    digests: bytes  # 8 bytes per row (the cells digest)
    flags: bytes  # per row: UNTOUCHED | EDITED_OUTSIDE | HAS_ID


BLOCK_ROWS = 2000
_NO_ID = bytes(16)


def _uuid_text(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
