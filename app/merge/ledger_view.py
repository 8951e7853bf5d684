"""What planning reads of the ledger, loaded once per plan: ids, natural keys and merge state of
every record, units by name, and — only for the few rows that need them — stored values and bases."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from app.merge.plan import IN_BATCH, Seen, digest_bytes, id_bytes, id_text
from app.merge.rules import Base, Stored
from app.store import aliases, bases, catalogue, settings
from app.store.selection import in_period
from app.store.units import unit_names
from app.vocabulary.kinds import KINDS, Kind
from app.vocabulary.kinds import _compared as compared  # noqa: PLC2701 - same_item_key's, column-wise
from app.vocabulary.periods import Period
from db.models import Task, Unit


@dataclass(slots=True)
class Existing:
    """A record as the index knows it, made when a row asks for it."""

    id: str
    unit_id: int
    revision: int
    synced_revision: int | None
    synced_digest: str | None
    locally_modified: bool
    deleted: bool
    added: Mapping[str, object] | None = None  # the values, for a record an earlier row of the batch adds

    def seen(self) -> Seen:
        return IN_BATCH if self.added is not None else Seen(self.revision, self.deleted, self.synced_digest)


_MODIFIED, _DELETED, _DIGEST, _ADDED = 1, 2, 4, 8
_NO_DIGEST = bytes(8)


class KindIndex:
    """One kind's records by id and by natural key, and which units report each real-world item.

    Held as arrays by position, not one object per record: ids as 16 bytes, revisions as ints,
    digests as 8 bytes; a record an earlier row of the batch adds points to that row of the plan."""

    def __init__(self, s: Session, kind: Kind) -> None:
        self.kind = kind
        m = kind.model
        self.cross_unit = bool(kind.same_item)  # the same item may come from two units
        key_columns = sorted({k for keys in (*kind.natural_keys, *kind.same_item) for k in keys if k != "unit"})
        cols = [m.id, m.unit_id, m.revision, m.synced_revision, m.synced_digest, m.locally_modified, m.deleted]
        cols += [getattr(m, k) for k in key_columns]
        self._at: dict[bytes | str, int] = {}  # record id → position
        self.position = self._at.get  # where the record with this id (16 bytes) is held, if the kind has it
        self._ids = bytearray()  # 16 bytes per record (zero: the id is text, in _text)
        self._unit = array("i")
        self._revision = array("q")
        self._synced = array("q")  # the synced revision, -1 for none
        self._digest = bytearray()  # 8 bytes per record
        self._flags = bytearray()
        self._text: dict[int, dict[str, str]] = {}  # an id or digest in another spelling, by position
        # A record the batch adds (positions from _stored on): where its values are, the plan's rows
        # (by place in _plans) and the row, held as two ints a record (or its values, when given)
        self._plans: list[object] = []
        self._added_plan = array("i")  # -1: the values are in _added_values
        self._added_row = array("q")
        self._added_values: dict[int, Mapping[str, object]] = {}
        # natural key → position (the latest record that has it). The natural keys of the records a
        # block of the batch adds are put in only when a row is looked up by its key (a row without
        # an id, a task report): a 100,000-row file of rows with ids adds none (see _pending).
        self.by_key: dict[tuple[object, ...], int] = {}
        self._pending: list[list[int]] = []  # [start, stop) ranges of added positions not yet in by_key
        # item → the unit reporting it, or a set when several do (one int each: a set is 200 bytes).
        # An item of one field (专利号 of a listing) is that field's value, not a tuple around it.
        self.units_by_item: dict[object, int | set[int]] = {}
        self._one_part = len(kind.same_item) == 1 and len(kind.same_item[0]) == 1
        # (as _index indexes each record, with the key fields' places in the row: no dict a record)
        natural = [
            (keys, [None if k == "unit" else 7 + key_columns.index(k) for k in keys]) for keys in kind.natural_keys
        ]
        same = [(keys, [7 + key_columns.index(k) for k in keys]) for keys in kind.same_item] if self.cross_unit else []
        put, by_key, by_item = self._put, self.by_key, self.units_by_item
        for row in s.connection().execute(select(*cols)):  # (plain rows: no ORM processing a row)
            at = put(*row[:7])
            if row[6]:
                continue
            unit_id = row[1]
            for keys, places in natural:
                parts = tuple([unit_id if j is None else row[j] for j in places])
                if None not in parts and "" not in parts:
                    by_key[(unit_id, keys, *parts)] = at
            for keys, places in same:
                parts = tuple([compared(row[j]) for j in places])
                if None not in parts and "" not in parts:
                    item = parts[0] if self._one_part else (keys, *parts)
                    owners = by_item.setdefault(item, unit_id)
                    if isinstance(owners, set):
                        owners.add(unit_id)
                    elif owners != unit_id:
                        by_item[item] = {owners, unit_id}
                    break
        self._stored = len(self._flags)

    def _put(
        self,
        record_id: str,
        unit_id: int,
        revision: int,
        synced_revision: int | None,
        synced_digest: str | None,
        locally_modified: bool,
        deleted: bool,
    ) -> int:
        at = len(self._flags)
        text: dict[str, str] = {}
        raw = id_bytes(record_id)
        if raw is None:
            text["id"] = record_id
        self._at[raw if raw is not None else record_id] = at
        self._ids += raw if raw is not None else bytes(16)
        self._unit.append(unit_id)
        self._revision.append(revision)
        self._synced.append(-1 if synced_revision is None else synced_revision)
        flags = (_MODIFIED if locally_modified else 0) | (_DELETED if deleted else 0)
        packed = _NO_DIGEST
        if synced_digest is not None:
            flags |= _DIGEST
            digest = digest_bytes(synced_digest)
            if digest is None:
                text["digest"] = synced_digest
            else:
                packed = digest
        self._digest += packed
        self._flags.append(flags)
        if text:
            self._text[at] = text
        return at

    def _existing(self, at: int, record_id: str | None = None) -> Existing:
        text = self._text.get(at, _NO_TEXT)
        flags = self._flags[at]
        digest = None
        if flags & _DIGEST:
            digest = text["digest"] if "digest" in text else self._digest[8 * at : 8 * at + 8].hex()
        synced = self._synced[at]
        added = self._added_values_at(at) if at >= self._stored else None
        return Existing(
            record_id or text.get("id") or id_text(bytes(self._ids[16 * at : 16 * at + 16])),
            self._unit[at],
            self._revision[at],
            None if synced < 0 else synced,
            digest,
            bool(flags & _MODIFIED),
            bool(flags & _DELETED),
            added,  # type: ignore[arg-type]
        )

    def get(self, record_id: str) -> Existing | None:
        """The record with this id (stored, or added by an earlier row of the batch)."""
        raw = id_bytes(record_id)
        at = self._at.get(raw if raw is not None else record_id)
        return None if at is None else self._existing(at, record_id)

    def __contains__(self, record_id: str) -> bool:
        raw = id_bytes(record_id)
        return (raw if raw is not None else record_id) in self._at

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
            return self.get(record_id)
        if self._pending:
            self._key_pending()
        at = next((self.by_key[nk] for nk in self.keys_of(values, unit_id) if nk in self.by_key), None)
        return None if at is None else self._existing(at)

    def add(
        self,
        record_id: str,
        unit_id: int,
        revision: int,
        digest: str,
        values: Mapping[str, object],
        source: tuple[object, int] | None = None,
        *,
        item: tuple[object, ...] | None | bool = False,
    ) -> None:
        """A record the file itself adds: later rows of the batch find it like a stored one, with
        its values read from `source` (the plan's rows and the row's place) when given. `item`:
        the kind's same_item_key of the values, when the caller has it."""
        at = self._put(record_id, unit_id, revision, revision, digest, False, False)
        self._note_added(at, source, values)
        self._index(at, unit_id, values, item)

    def unchanged_by(self, at: int, unit_id: int, revision: int, digest: bytes) -> tuple[int, bool] | None:
        """Whether a row of `unit_id`, `revision` and cells digest `digest` (8 bytes) leaves the
        record at `at` unchanged without comparing values (rules.decide: the same unit, the
        synced revision, the synced digest, neither deleted nor changed here): then the record's
        revision and whether an earlier file of the batch adds it; else None."""
        flags = self._flags[at]
        if flags & (_MODIFIED | _DELETED) or not flags & _DIGEST or at in self._text or self._unit[at] != unit_id:
            return None
        synced = self._synced[at]
        if (synced if synced >= 0 else self._revision[at]) != revision or self._digest[8 * at : 8 * at + 8] != digest:
            return None
        return self._revision[at], at >= self._stored

    def unchanged_rows(
        self, places: Sequence[int], units: Sequence[int], revisions: Sequence[int], digests: bytes
    ) -> tuple[list[int], bytes] | None:
        """unchanged_by for each row of a block (its record at places[i], its unit, revision — 0
        for none — and 8-byte digest): the records' revisions and, 1 a row, whether an earlier file
        of the batch adds the record; None as soon as one row does not leave its record as it is."""
        seen_revisions, in_batch = [], bytearray()
        unchanged_by = self.unchanged_by
        for i, at in enumerate(places):
            revision = revisions[i]
            seen = unchanged_by(at, units[i], revision, digests[8 * i : 8 * i + 8]) if revision else None
            if seen is None:
                return None
            seen_revisions.append(seen[0])
            in_batch.append(seen[1])
        return seen_revisions, bytes(in_batch)

    def add_new(
        self,
        raw_id: bytes,
        unit_id: int,
        revision: int,
        digest: bytes,
        source: tuple[object, int],
        item: object,
    ) -> None:
        """`add` for a row whose id (16 bytes) and digest (8 bytes) are given as bytes, with its
        same-item key (as block_keys gives it; None for none) already made. Its natural keys are
        put in by_key when a row is first looked up by one (see _pending)."""
        at = len(self._flags)
        self._at[raw_id] = at
        self._ids += raw_id
        self._unit.append(unit_id)
        self._revision.append(revision)
        self._synced.append(revision)
        self._digest += digest
        self._flags.append(_DIGEST)
        self._note_added(at, source, None)
        self._pend(at, at + 1)
        if item is not None:
            owners = self.units_by_item.setdefault(item, unit_id)
            if isinstance(owners, set):
                owners.add(unit_id)
            elif owners != unit_id:
                self.units_by_item[item] = {owners, unit_id}

    def add_block(
        self,
        raw_ids: list[bytes],
        units: Sequence[int],
        revisions: Sequence[int],
        digests: bytes,
        columns: Mapping[str, Sequence[object]],
        rows: object,
        start: int,
    ) -> dict[int, set[int]]:
        """Records a block of the file adds (ids none of them known), column by column as `add`
        adds them one by one: each with its values read from `rows` (the plan's rows) at `start`
        onwards. Returns, by place in the block, the other units that report the same item."""
        at0, n = len(self._flags), len(raw_ids)
        self._at.update(zip(raw_ids, range(at0, at0 + n), strict=True))
        self._ids += b"".join(raw_ids)
        self._unit.extend(units)
        self._revision.extend(revisions)
        self._synced.extend(revisions)
        self._digest += digests
        self._flags += bytes([_DIGEST]) * n
        if not (self._plans and self._plans[-1] is rows):
            self._plans.append(rows)
        self._added_plan.extend(array("i", [len(self._plans) - 1]) * n)
        self._added_row.extend(range(start, start + n))
        self._pend(at0, at0 + n)
        others: dict[int, set[int]] = {}
        if not self.cross_unit:
            return others
        for i, item in enumerate(self._items(columns, n)):
            if item is None:
                continue
            unit_id = units[i]
            owners = self.units_by_item.setdefault(item, unit_id)
            if isinstance(owners, set):
                owners.add(unit_id)
            elif owners != unit_id:
                owners = self.units_by_item[item] = {owners, unit_id}
            if isinstance(owners, set) and len(owners) > 1:
                others[i] = owners - {unit_id}
        return others

    def _note_added(self, at: int, source: tuple[object, int] | None, values: Mapping[str, object] | None) -> None:
        if source is None:
            self._added_plan.append(-1)
            self._added_row.append(0)
            self._added_values[at] = values  # type: ignore[assignment]
            return
        rows, i = source
        if not (self._plans and self._plans[-1] is rows):
            self._plans.append(rows)
        self._added_plan.append(len(self._plans) - 1)
        self._added_row.append(i)

    def block_items(self, columns: Mapping[str, Sequence[object]], n: int) -> list[object]:
        """For a block's value columns: every row's same-item key as item_of gives it (None for
        none, or the kind has none)."""
        return self._items(columns, n) if self.cross_unit else [None] * n

    def _items(self, columns: Mapping[str, Sequence[object]], n: int) -> list[object]:
        """Each of a block's rows' same-item key as item_of gives it (None for none)."""
        missing = (None,) * n
        if self._one_part:
            (keys,) = self.kind.same_item
            out = []
            for value in columns.get(keys[0], missing):
                part = compared(value)
                out.append(None if part is None or part == "" else part)
            return out
        items: list[object] = [None] * n
        item_columns = [(keys, [columns.get(k, missing) for k in keys]) for keys in self.kind.same_item]
        for i in range(n):
            for keys, cols in item_columns:
                parts = tuple([compared(c[i]) for c in cols])
                if None not in parts and "" not in parts:
                    items[i] = (keys, *parts)
                    break
        return items

    def item_of(self, values: Mapping[str, object]) -> object:
        """The real-world item a row is about (kind.same_item_key), as this index keys it: the
        value itself for an item of one field. None for none, or when the kind has no items."""
        if not self.cross_unit:
            return None
        item = self.kind.same_item_key(values)
        return item[1] if item is not None and self._one_part else item

    def _pend(self, start: int, stop: int) -> None:
        pending = self._pending
        if pending and pending[-1][1] == start:
            pending[-1][1] = stop
        else:
            pending.append([start, stop])

    def _key_pending(self) -> None:
        """The natural keys of the records added since the last lookup by key, put in by_key as
        adding them would have: a key is the latest record's that has it (the highest position)."""
        pending, self._pending = self._pending, []
        by_key, keys_of, unit = self.by_key, self.keys_of, self._unit
        for start, stop in pending:
            for at in range(start, stop):
                for nk in keys_of(self._added_values_at(at), unit[at]):
                    if by_key.get(nk, -1) < at:
                        by_key[nk] = at

    def _added_values_at(self, at: int) -> Mapping[str, object]:
        k, i = self._added_plan[at - self._stored], self._added_row[at - self._stored]
        return self._added_values[at] if k < 0 else self._plans[k].values_at(i)  # type: ignore[attr-defined]

    def _index(
        self, at: int, unit_id: int, values: Mapping[str, object], item: tuple[object, ...] | None | bool = False
    ) -> None:
        for nk in self.keys_of(values, unit_id):
            self.by_key[nk] = at
        if not self.cross_unit:
            return
        if item is False:
            item = self.item_of(values)
        if item is not None:
            owners = self.units_by_item.setdefault(item, unit_id)  # type: ignore[arg-type]
            if isinstance(owners, set):
                owners.add(unit_id)
            elif owners != unit_id:
                self.units_by_item[item] = {owners, unit_id}  # type: ignore[index]

    def owners(self, item: object) -> set[int]:
        """The units that report this real-world item (a likely duplicate when more than one)."""
        owners = self.units_by_item.get(item)
        return set() if owners is None else owners if isinstance(owners, set) else {owners}


_NO_TEXT: dict[str, str] = {}


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
        # the other ids units know records by (app.store.aliases): few, read whole
        self.aliases: dict[tuple[str, str], aliases.Alias] = aliases.load(s)
        self.unit_names: dict[int, str] = unit_names(s)
        self.ledger_id = str(settings.get(s, settings.LEDGER_ID))  # which files this ledger wrote itself
        self._units: dict[str, Unit | None] = {}
        self._tasks: dict[str, list[Task]] = {}  # the plan's tasks, by period (planning reads only)
        self._missing: dict[str, Select] = {}  # find_missing's query, by period

    def tasks_of_unit(self, unit: Unit, period: Period) -> list[int]:
        """The numbers of the tasks `unit` leads in the period's plan (catalogue.tasks_of_unit), the
        plan's tasks read once a batch."""
        if period.code not in self._tasks:
            self._tasks[period.code] = catalogue.tasks(self.s, period)
        return [
            t.number for t in self._tasks[period.code] if (t.all_members and unit.joint_member) or unit in t.lead_units
        ]

    def synced_ids(self, unit_id: int, period: Period) -> dict[str, list[str]]:
        """The ids of the unit's records, not deleted and sent or received before, that a submission
        for the period carries (in_period), by kind: one query for every kind."""
        q = self._missing.get(period.code)
        if q is None:
            parts = []
            for no, kind in enumerate(KINDS):
                m = kind.model
                parts.append(
                    select(literal(no).label("kind"), m.id.label("id")).where(
                        m.unit_id == bindparam("unit"),
                        m.deleted.is_(False),
                        m.synced_revision.isnot(None),
                        in_period(kind, period, None),
                    )
                )
            q = self._missing[period.code] = union_all(*parts)
        found: dict[str, list[str]] = {kind.key: [] for kind in KINDS}
        keys = [kind.key for kind in KINDS]
        for no, rid in self.s.execute(q, {"unit": unit_id}):
            found[keys[no]].append(rid)
        return found

    def find_unit(self, name: str) -> Unit | None:
        if name not in self._units:
            self._units[name] = catalogue.find_unit(self.s, name)
        return self._units[name]

    def unknown_unit(self, name: str) -> str:
        close = catalogue.close_unit_names(self.s, name)
        hint = f"，您是不是要找：{'、'.join(close)}" if close else "，请在单位列表中添加该单位或更正名称"
        return f"没有名为“{name}”的单位{hint}"

    def aliased(self, kind: Kind, record_id: str) -> tuple[Existing, aliases.Alias] | None:
        """The record a unit knows by the id `record_id` that this ledger holds under another
        (app.store.aliases), with what was last merged of that id; None when it is no alias."""
        alias = self.aliases.get((kind.key, record_id))
        if alias is None:
            return None
        e = self.indexes[kind.key].get(alias.record_id)
        return None if e is None else (e, alias)

    def stored(self, kind: Kind, e: Existing, alias: aliases.Alias | None = None) -> Stored:
        """What the rules are given of the record; for a row or tombstone of one of its aliases,
        with the revision and digest of that id last merged as the ones both sides agreed on."""
        return Stored(
            e.unit_id,
            e.revision,
            e.synced_revision if alias is None else alias.revision,
            e.locally_modified,
            e.deleted,
            e.added if e.added is not None else LazyValues(self.s, kind, e.id),
            e.synced_digest if alias is None else alias.digest,
        )

    def base(self, e: Existing) -> Base | None:
        """What both sides last agreed on and what was sent since, when this ledger changed the
        record since (else not needed)."""
        if not e.locally_modified:
            return None
        kept = bases.load(self.s, e.id, e.synced_revision)
        return Base(kept[0], tuple(kept[1])) if kept is not None else None
