"""What planning reads of the ledger, loaded once per plan: ids, natural keys and merge state of
every record, units by name, and — only for the few rows that need them — stored values and bases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.merge.plan import IN_BATCH, Seen
from app.merge.rules import Base, Stored
from app.store import bases, catalogue, settings
from app.store.units import unit_names
from app.vocabulary.kinds import KINDS, Kind
from db.models import Unit


@dataclass(slots=True)
class Existing:
    id: str
    unit_id: int
    revision: int
    synced_revision: int | None
    synced_digest: str | None
    locally_modified: bool
    deleted: bool
    added: dict[str, object] | None = None  # the values, for a record an earlier row of the batch adds

    def seen(self) -> Seen:
        return IN_BATCH if self.added is not None else Seen(self.revision, self.deleted, self.synced_digest)


class KindIndex:
    """One kind's records by id and by natural key, and which units report each real-world item."""

    def __init__(self, s: Session, kind: Kind) -> None:
        self.kind = kind
        m = kind.model
        self.cross_unit = bool(kind.same_item)  # the same item may come from two units
        key_columns = sorted({k for keys in (*kind.natural_keys, *kind.same_item) for k in keys if k != "unit"})
        cols = [m.id, m.unit_id, m.revision, m.synced_revision, m.synced_digest, m.locally_modified, m.deleted]
        cols += [getattr(m, k) for k in key_columns]
        self.by_id: dict[str, Existing] = {}
        self.by_key: dict[tuple[object, ...], Existing] = {}
        # item → the unit reporting it, or a set when several do (one int each: a set is 200 bytes)
        self.units_by_item: dict[tuple[object, ...], int | set[int]] = {}
        for row in s.execute(select(*cols)):
            e = Existing(*row[:7])
            self.by_id[e.id] = e
            if not e.deleted:
                self._index(e, dict(zip(key_columns, row[7:], strict=True)))

    def keys_of(self, values: Mapping[str, object], unit_id: int) -> list[tuple[object, ...]]:
        """Every natural key a row can be found by (质押融资 has two: 登记号, else code+date+amount)."""
        found = []
        for keys in self.kind.natural_keys:
            parts = tuple([unit_id if k == "unit" else values.get(k) for k in keys])
            if None not in parts and "" not in parts:
                found.append((unit_id, keys, *parts))
        return found

    def find(self, record_id: str | None, values: Mapping[str, object], unit_id: int) -> Existing | None:
        """The record a row names: by its 记录ID, or for a template row by its natural key."""
        if record_id:
            return self.by_id.get(record_id)
        return next((self.by_key[nk] for nk in self.keys_of(values, unit_id) if nk in self.by_key), None)

    def add(self, e: Existing, values: Mapping[str, object]) -> None:
        """A record the file itself adds: later rows of the batch find it like a stored one."""
        self.by_id[e.id] = e
        self._index(e, values)

    def _index(self, e: Existing, values: Mapping[str, object]) -> None:
        for nk in self.keys_of(values, e.unit_id):
            self.by_key[nk] = e
        if self.cross_unit and (item := self.kind.same_item_key(values)):
            owners = self.units_by_item.setdefault(item, e.unit_id)
            if isinstance(owners, set):
                owners.add(e.unit_id)
            elif owners != e.unit_id:
                self.units_by_item[item] = {owners, e.unit_id}

    def owners(self, item: tuple[object, ...]) -> set[int]:
        """The units that report this real-world item (a likely duplicate when more than one)."""
        owners = self.units_by_item.get(item)
        return set() if owners is None else owners if isinstance(owners, set) else {owners}


class LazyValues(Mapping[str, object]):
    """A stored record's field values, read from the ledger only when a rule asks for them."""

    def __init__(self, s: Session, kind: Kind, record_id: str) -> None:
        self._s, self._kind, self._id = s, kind, record_id
        self._values: dict[str, object] | None = None

    def _load(self) -> dict[str, object]:
        if self._values is None:
            record = self._s.get(self._kind.model, self._id)
            self._values = {f.key: getattr(record, f.key) for f in self._kind.input_fields} if record else {}
        return self._values

    def __getitem__(self, key: str) -> object:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


class LedgerView:
    """The ledger as planning sees it. Reads only; a plan made from it is checked again on apply."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.indexes = {kind.key: KindIndex(s, kind) for kind in KINDS}
        self.unit_names: dict[int, str] = unit_names(s)
        self.ledger_id = str(settings.get(s, settings.LEDGER_ID))  # which files this ledger wrote itself
        self._units: dict[str, Unit | None] = {}

    def find_unit(self, name: str) -> Unit | None:
        if name not in self._units:
            self._units[name] = catalogue.find_unit(self.s, name)
        return self._units[name]

    def unknown_unit(self, name: str) -> str:
        close = catalogue.close_unit_names(self.s, name)
        hint = f"，您是不是要找：{'、'.join(close)}" if close else "，请在单位列表中添加该单位或更正名称"
        return f"没有名为“{name}”的单位{hint}"

    def stored(self, kind: Kind, e: Existing) -> Stored:
        return Stored(
            e.unit_id,
            e.revision,
            e.synced_revision,
            e.locally_modified,
            e.deleted,
            e.added if e.added is not None else LazyValues(self.s, kind, e.id),
            e.synced_digest,
        )

    def base(self, e: Existing) -> Base | None:
        """What both sides last agreed on and what was sent since, when this ledger changed the
        record since (else not needed)."""
        if not e.locally_modified:
            return None
        kept = bases.load(self.s, e.id, e.synced_revision)
        return Base(kept[0], tuple(kept[1])) if kept is not None else None
