"""The merge rules (SPEC §4.3 and §8) as one pure function: no session, no files, no clock.

`decide` takes what a workbook row (or a tombstone) says, what the ledger holds of that record, the
values both sides last agreed on (the base, with what this ledger sent the unit since: see
`started_from`) and who the file speaks for, and returns the outcome with a decision per field.
The planner loads those four things and calls it once per row; the decision table in
tests/test_merge_rules.py is the specification in executable form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.exchange.layout import canonical
from app.vocabulary.kinds import Kind

# Outcomes of a row.
NEW, UPDATED, UNCHANGED, STALE, CONFLICT, EDITED, DELETED, REFUSED, DIVERGED = (
    "new",
    "updated",
    "unchanged",
    "stale",
    "conflict",
    "edited",
    "deleted",
    "refused",
    # the unit's app sends a row exactly as it exported it, while this ledger holds what a spreadsheet
    # made of that same revision before it was sent: the unit's newer change stands, the difference
    # is noted (the unit's ledger and this one disagree)
    "diverged",
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
    # the _meta holds the row's digest as exported and the cells no longer match it: someone changed
    # the row in a spreadsheet after the unit's app wrote it
    edited_outside: bool = False
    cells_digest: str = ""
    submission: str = ""  # the submission id in the file's _meta (kept by a clerk's spreadsheet)


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
class Base:
    """What this ledger and the unit last agreed on for a record, and what this ledger sent the
    unit since (a pre-filled workbook: its submission id and the record's values in it), oldest first."""

    agreed: Mapping[str, object]
    sent: tuple[tuple[str, Mapping[str, object]], ...] = ()


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
    # the row was changed outside the unit's app, or this ledger keeps such a change against the
    # unit's app: the unit's ledger holds something else (shown, and sent back to be settled)
    outside: bool = False

    @property
    def conflicts(self) -> dict[str, FieldChange]:
        return {k: c for k, c in self.fields.items() if c.side == ASK}


def decide(
    kind: Kind, incoming: Incoming, stored: Stored | None, base: Base | Mapping[str, object] | None, speaker: Speaker
) -> Outcome:
    """The outcome of one row against the ledger (SPEC §4.3), refused when its sender may not
    change that record (SPEC §8). `base` is what both sides last agreed on (with what was sent
    since, or the agreed values alone), None when unknown."""
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
    kind: Kind, incoming: Incoming, stored: Stored | None, base: Base | Mapping[str, object] | None, speaker: Speaker
) -> Outcome:
    if stored is None:
        return Outcome(NEW, outside=incoming.edited_outside)
    theirs = incoming.values
    versions = started_from(base, incoming.submission)
    if incoming.revision is None:  # a hand-filled template row found by its natural key
        if _same(kind, incoming, stored):
            return Outcome(UNCHANGED)
        if stored.locally_modified:
            return _three_way(kind, theirs, stored.values, versions, UPDATED)
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
            return _three_way(kind, theirs, stored.values, versions, UPDATED)
        return Outcome(UPDATED, _take_theirs(kind, theirs, stored.values))
    # Same revision: unchanged, unless someone edited the row outside the app.
    if stored.locally_modified and incoming.untouched:
        return Outcome(UNCHANGED)  # this ledger's edit of a row the unit did not touch stands
    if _same(kind, incoming, stored):
        return Outcome(UNCHANGED)
    if stored.locally_modified:
        return _three_way(kind, theirs, stored.values, versions, EDITED, incoming.edited_outside)
    if incoming.untouched and speaker.role == "bureau":
        # The row is what the unit's app exported, yet this ledger, which changed nothing, holds
        # other values of the same revision: they came from a spreadsheet edit of an earlier file of
        # that revision, newer than the app's. It stands; the two ledgers now disagree.
        fields = {k: FieldChange(c.old, c.new, OURS) for k, c in _take_theirs(kind, theirs, stored.values).items()}
        return Outcome(DIVERGED, fields, outside=True)
    return Outcome(EDITED, _take_theirs(kind, theirs, stored.values), outside=True)


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


def started_from(base: Base | Mapping[str, object] | None, submission: str = "") -> tuple[Mapping[str, object], ...]:
    """The versions the unit's row may have started from: what "last imported or exported" means.

    The unit holds what both sides last agreed on (the version last imported from it) and, once
    this ledger sent it a workbook carrying the record, also what that workbook carried (a
    feedback workbook carries the values of the fields it comments on, the rest as agreed). A file
    that is one of those workbooks coming back (its _meta submission id; a spreadsheet keeps it)
    started from exactly what that workbook carried. Any other file (an export of the unit's own
    ledger, which may or may not have taken the sent workbook in) may have started from any of
    them: the agreed version and every one sent since, however often this ledger edited the record
    and sent it again in between. None of them counts any more once the unit's next version is
    merged (app/store/bases.py)."""
    if base is None:
        return ()
    if not isinstance(base, Base):
        return (base,)
    for sent_in, values in base.sent:
        if submission and sent_in == submission:
            return (values,)
    return (base.agreed, *(values for _sent_in, values in base.sent))


def field_side(f, theirs: object, ours: object, versions: tuple[Mapping[str, object], ...]) -> str:  # noqa: ANN001
    """Who takes a field both sides hold differently, given the versions the unit may have started
    from (`started_from`): the unit's value is one of them → the unit left the field alone, ours
    stands; ours is what all of them hold → only the unit changed it, theirs comes in; anything
    else (both changed it, or nothing says who did) → the user decides. A unit that set a field
    back to a value it held before is taken as leaving it alone: the record's history shows that
    ours was kept."""
    if not versions:
        return ASK
    if any(equal(f, theirs, v.get(f.key)) for v in versions):
        return OURS
    if all(equal(f, ours, v.get(f.key)) for v in versions):
        return THEIRS
    return ASK


def _three_way(
    kind: Kind,
    theirs: Mapping[str, object],
    ours: Mapping[str, object],
    versions: tuple[Mapping[str, object], ...],
    merged: str,
    outside: bool = False,
) -> Outcome:
    """Both sides changed the record: per field, a side that left it as agreed yields to the other;
    only a field both changed to different values is a conflict. Without a base every differing
    field is a conflict (nothing says who changed it)."""
    fields = {}
    for f in kind.input_fields:
        t, o = theirs.get(f.key), ours.get(f.key)
        if equal(f, t, o):
            continue
        fields[f.key] = FieldChange(o, t, field_side(f, t, o, versions))
    action = CONFLICT if any(c.side == ASK for c in fields.values()) else merged
    return Outcome(action, fields, outside=outside or merged == EDITED)
