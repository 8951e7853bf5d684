"""A row's values packed as a tuple beside one shared map of positions, and many rows' values
packed into one pickled chunk."""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping

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
