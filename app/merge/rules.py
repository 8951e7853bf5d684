"""The merge rules (SPEC §4.3 and §8) as one pure function: no session, no files, no clock.

`decide` takes what a workbook row (or a tombstone) says, what the ledger holds of that record, the
values both sides last agreed on (the base) and who the file speaks for, and returns the outcome
with a decision per field. The planner loads those four things and calls it once per row; the
decision table in tests/test_merge_rules.py is the specification in executable form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.exchange.layout import canonical
from app.kinds import Kind

# Outcomes of a row.
NEW, UPDATED, UNCHANGED, STALE, CONFLICT, EDITED, DELETED, REFUSED = (
    "new",
    "updated",
    "unchanged",
    "stale",
    "conflict",
    "edited",
    "deleted",
    "refused",
)
# Sides of a field: keep this ledger's value, take the file's, or let the user decide.
OURS, THEIRS, ASK = "ours", "theirs", "ask"
# A pseudo-field: whether the record is deleted (a tombstone against an edited record is decided
# like any other field: keep ours / take theirs).
DELETION = "_deleted"

# Why a row is refused (SPEC §8); the planner words the message with the owner's name.
OTHER_UNIT = "other_unit"  # a submission naming a record of another unit (or of the bureau)
OWN_UNIT = "own_unit"  # a consolidated workbook changing a record of this ledger's own unit
MOVED = "moved"  # the row's 填报单位 differs from the record's owner (a row copied between units)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a file speaks for (SPEC §8)."""

    role: str  # this ledger's role: "office" or "bureau"
    unit: int | None  # the one unit a submission or filled template speaks for
    own_unit: int | None = None  # the importing ledger's own unit
    consolidated: bool = False  # a consolidated workbook, imported by deliberate choice


@dataclass(frozen=True, slots=True)
class Incoming:
    """A row of the file, or a tombstone of its _meta."""

    unit: int | None  # the owner the row names (its 填报单位, or the file's unit)
    revision: int | None  # None: a template row, matched by natural key
    values: Mapping[str, object] = field(default_factory=dict)
    tombstone: bool = False
    untouched: bool = False  # the cells are those the app exported (the _meta digest matches)
    cells_digest: str = ""


@dataclass(frozen=True, slots=True)
class Stored:
    """What the ledger holds of the record. `values` may load lazily: most rows never read it."""

    unit: int
    revision: int
    synced_revision: int | None
    locally_modified: bool
    deleted: bool
    values: Mapping[str, object]
    synced_digest: str | None = None


@dataclass(frozen=True, slots=True)
class FieldChange:
    old: object  # ours (the ledger's value)
    new: object  # theirs (the file's value)
    side: str  # OURS, THEIRS, or ASK (a conflict)


@dataclass(slots=True)
class Outcome:
    action: str
    fields: dict[str, FieldChange] = field(default_factory=dict)  # field key → change, only those that differ
    refusal: str = ""  # OTHER_UNIT / OWN_UNIT / MOVED when action is REFUSED
    owner: int | None = None  # the owner of the record a refused row names

    @property
    def conflicts(self) -> dict[str, FieldChange]:
        return {k: c for k, c in self.fields.items() if c.side == ASK}


def decide(
    kind: Kind, incoming: Incoming, stored: Stored | None, base: Mapping[str, object] | None, speaker: Speaker
) -> Outcome:
    """The outcome of one row against the ledger (SPEC §4.3), refused when its sender may not
    change that record (SPEC §8). `base` is what both sides last agreed on, None when unknown."""
    owner = stored.unit if stored is not None else incoming.unit
    if speaker.unit is not None and owner != speaker.unit:
        return Outcome(REFUSED, refusal=OTHER_UNIT, owner=owner)
    if stored is not None and incoming.unit is not None and incoming.unit != stored.unit:
        return Outcome(REFUSED, refusal=MOVED, owner=stored.unit)
    outcome = (
        _tombstone(incoming, stored, speaker) if incoming.tombstone else _row(kind, incoming, stored, base, speaker)
    )
    writes = outcome.action not in (UNCHANGED, STALE)
    if speaker.consolidated and writes and owner is not None and owner == speaker.own_unit:
        return Outcome(REFUSED, refusal=OWN_UNIT, owner=owner)
    return outcome


def _synced(stored: Stored) -> int:
    """The revision both sides last agreed on (an office ledger has no sync: its own revision)."""
    return stored.synced_revision if stored.synced_revision is not None else stored.revision


def _tombstone(incoming: Incoming, stored: Stored | None, speaker: Speaker) -> Outcome:
    if stored is None or stored.deleted:
        return Outcome(UNCHANGED)
    base = _synced(stored)
    newer = incoming.revision is not None and (
        incoming.revision > base or (incoming.revision == base and speaker.role == "office")
    )
    if not newer:
        return Outcome(STALE)
    if stored.locally_modified:  # the unit deleted what this ledger edited since: the user decides
        return Outcome(CONFLICT, {DELETION: FieldChange(False, True, ASK)})
    return Outcome(DELETED, {DELETION: FieldChange(False, True, THEIRS)})


def _row(
    kind: Kind, incoming: Incoming, stored: Stored | None, base: Mapping[str, object] | None, speaker: Speaker
) -> Outcome:
    if stored is None:
        return Outcome(NEW)
    theirs = incoming.values
    if incoming.revision is None:  # a hand-filled template row found by its natural key
        if _same(kind, incoming, stored):
            return Outcome(UNCHANGED)
        if stored.locally_modified:
            return _three_way(kind, theirs, stored.values, base, UPDATED)
        return Outcome(EDITED if speaker.role == "bureau" else UPDATED, _take_theirs(kind, theirs, stored.values))
    synced = _synced(stored)
    if incoming.revision < synced or (stored.deleted and incoming.revision <= synced):
        return Outcome(STALE)
    if incoming.revision > synced:  # the unit changed the record since
        if stored.deleted and stored.locally_modified:  # ... which this ledger deleted meanwhile
            fields = _take_theirs(kind, theirs, stored.values)
            fields[DELETION] = FieldChange(True, False, ASK)
            return Outcome(CONFLICT, fields)
        if stored.locally_modified:
            return _three_way(kind, theirs, stored.values, base, UPDATED)
        return Outcome(UPDATED, _take_theirs(kind, theirs, stored.values))
    # Same revision: unchanged, unless someone edited the row outside the app.
    if stored.locally_modified and incoming.untouched:
        return Outcome(UNCHANGED)  # this ledger's edit of a row the unit did not touch stands
    if _same(kind, incoming, stored):
        return Outcome(UNCHANGED)
    if stored.locally_modified:
        return _three_way(kind, theirs, stored.values, base, EDITED)
    return Outcome(EDITED, _take_theirs(kind, theirs, stored.values))


def _same(kind: Kind, incoming: Incoming, stored: Stored) -> bool:
    """Whether the row holds what the ledger holds. Cheap when the cells are byte for byte those
    last received; otherwise the values are compared (a re-save may write 1 as 1.0)."""
    if not stored.locally_modified and stored.synced_digest and stored.synced_digest == incoming.cells_digest:
        return True
    ours = stored.values
    return all(equal(f, incoming.values.get(f.key), ours.get(f.key)) for f in kind.input_fields)


def equal(f, a: object, b: object) -> bool:  # noqa: ANN001 - a kinds.Field
    """Equal as stored values: 1 and 1.0, a date and its ISO text (a base kept as JSON)."""
    return a == b or canonical(f, a) == canonical(f, b)


def _take_theirs(kind: Kind, theirs: Mapping[str, object], ours: Mapping[str, object]) -> dict[str, FieldChange]:
    return {
        f.key: FieldChange(ours.get(f.key), theirs.get(f.key), THEIRS)
        for f in kind.input_fields
        if not equal(f, theirs.get(f.key), ours.get(f.key))
    }


def _three_way(
    kind: Kind, theirs: Mapping[str, object], ours: Mapping[str, object], base: Mapping[str, object] | None, merged: str
) -> Outcome:
    """Both sides changed the record: per field, a side that left it as agreed yields to the other;
    only a field both changed to different values is a conflict. Without a base every differing
    field is a conflict (nothing says who changed it)."""
    fields = {}
    for f in kind.input_fields:
        t, o = theirs.get(f.key), ours.get(f.key)
        if equal(f, t, o):
            continue
        if base is None:
            side = ASK
        elif equal(f, t, base.get(f.key)):
            side = OURS  # only this ledger changed it
        elif equal(f, o, base.get(f.key)):
            side = THEIRS  # only the unit changed it
        else:
            side = ASK
        fields[f.key] = FieldChange(o, t, side)
    action = CONFLICT if any(c.side == ASK for c in fields.values()) else merged
    return Outcome(action, fields)
