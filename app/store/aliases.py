"""The other ids by which a unit knows a record this ledger holds (db.models.RecordAlias).

A unit's row that lands on a record of another id by its natural key (a task report, an indicator
value or a station's quarter it typed again: its other PC, or the program after a filled workbook)
leaves its id here, with the unit's revision and cells digest of it. Planning reads them once
(`load`) and merges the unit's later rows and tombstones of that id with the record, as if they
carried its id, against that revision; applying writes a row per import that merged the id
(`remember`), and undoing the import deletes its rows (`undo`): the id's state is its latest row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import RecordAlias, RecordHistory


@dataclass(frozen=True, slots=True)
class Alias:
    """What this ledger knows of a unit's id of a record it holds under another."""

    record_id: str  # the record this ledger holds
    unit_id: int
    revision: int  # the unit's revision of its id last merged here
    digest: str | None  # ... and the cells digest of that row (None after a tombstone)


def load(s: Session) -> dict[tuple[str, str], Alias]:
    """Every alias's latest state, by (kind key, the unit's id)."""
    q = select(
        RecordAlias.kind,
        RecordAlias.alias_id,
        RecordAlias.record_id,
        RecordAlias.unit_id,
        RecordAlias.revision,
        RecordAlias.digest,
    ).order_by(RecordAlias.id)
    return {(kind, alias_id): Alias(*rest) for kind, alias_id, *rest in s.execute(q)}


def remember(
    s: Session,
    known: dict[tuple[str, str], Alias],
    kind: str,
    alias_id: str,
    alias: Alias,
    import_id: int,
) -> None:
    """The unit's id `alias_id` of the record is now merged at `alias`'s revision (by the import
    `import_id`); written only when that says something new. `known`: the states read so far, kept
    up to date (one import may merge the id twice: two files of the batch)."""
    key = (kind, alias_id)
    if known.get(key) == alias:
        return
    known[key] = alias
    s.add(
        RecordAlias(
            kind=kind,
            alias_id=alias_id,
            unit_id=alias.unit_id,
            record_id=alias.record_id,
            revision=alias.revision,
            digest=alias.digest,
            import_id=import_id,
        )
    )


def undo(s: Session, import_id: int) -> None:
    """The ids the import merged are known again as before it."""
    s.execute(delete(RecordAlias).where(RecordAlias.import_id == import_id))


def unit_id_of(s: Session, record_id: str, unit_id: int) -> str:
    """The id the unit knows the record by, for what this ledger sends it about the record (the
    comments of a feedback workbook): the id of the unit's it was last merged from — an alias, unless
    an import since changed the record under its own id (the unit's PC that holds that one)."""
    latest = s.execute(
        select(RecordAlias.alias_id, RecordAlias.import_id)
        .where(RecordAlias.record_id == record_id, RecordAlias.unit_id == unit_id)
        .order_by(RecordAlias.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return record_id
    via_alias = select(RecordAlias.import_id).where(RecordAlias.record_id == record_id)
    own_since = s.scalar(
        select(RecordHistory.id)
        .where(
            RecordHistory.record_id == record_id,
            RecordHistory.import_id > latest[1],
            RecordHistory.import_id.not_in(via_alias),
        )
        .limit(1)
    )
    return record_id if own_since is not None else latest[0]
