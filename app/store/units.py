"""Changing the unit list and this ledger's own unit (settings window, SPEC §1: units get renamed
and added). Adding and renaming with former names kept are in app.store.catalogue; this module merges
two units that are one, and changes the unit a ledger reports for, keeping a record of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, tuple_, update
from sqlalchemy.orm import Session

from app.store import catalogue, settings
from app.vocabulary.kinds import KINDS
from db.models import Base, Unit

UNIT_CHANGES = settings.SettingSpec("unit_changes", list, [], "Changes of this ledger's unit")


def unit_names(s: Session) -> dict[int, str]:
    """Unit id → its current name, for every unit of the list (closed ones too: old records name them)."""
    return dict(s.execute(select(Unit.id, Unit.name)).all())


def unit_name(s: Session, unit_id: int) -> str:
    return s.scalar(select(Unit.name).where(Unit.id == unit_id)) or ""


def _unit_columns() -> list:
    """Every column that names a unit (found from the schema, so a new table is not forgotten)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "units" for fk in column.foreign_keys):
                found.append(column)
    return found


@dataclass(frozen=True)
class MergePreview:
    keep: str
    merged: str
    records: dict[str, int]  # sheet → records that change owner

    @property
    def total(self) -> int:
        return sum(self.records.values())


def merge_preview(s: Session, keep: Unit, merged: Unit) -> MergePreview:
    counts = {}
    for kind in KINDS:
        n = s.scalar(select(func.count()).select_from(kind.model).where(kind.model.unit_id == merged.id)) or 0
        if n:
            counts[kind.sheet] = n
    return MergePreview(keep.name, merged.name, counts)


def merge_units(s: Session, keep: Unit, merged: Unit) -> MergePreview:
    """Two entries that are one unit (a typo, a unit added twice): everything of `merged` goes to
    `keep`, its names become former names of `keep` (so files sent under them still import), and
    the entry `merged` is removed."""
    if keep.id == merged.id:
        raise catalogue.UnitNameError("请选择两个不同的单位")
    own = str(settings.get(s, settings.UNIT))
    if merged.name == own:
        raise catalogue.UnitNameError(f"“{merged.name}”是本台账的填报单位，请保留它、并入另一个单位")
    preview = merge_preview(s, keep, merged)
    for column in _unit_columns():
        table = column.table
        others = [c for c in table.primary_key.columns if c is not column]
        if column.primary_key and others:  # link tables (task × unit, …): drop what `keep` already has
            has = select(*others).where(column == keep.id)
            s.execute(delete(table).where(column == merged.id, tuple_(*others).in_(has)))
        s.execute(update(table).where(column == merged.id).values({column.name: keep.id}))
    names = [n for n in [merged.name, *(merged.former_names or [])] if n != keep.name]
    keep.former_names = [*(keep.former_names or []), *[n for n in names if n not in (keep.former_names or [])]]
    s.delete(merged)
    s.flush()
    return preview


def change_own_unit(s: Session, new_name: str, reason: str = "") -> Unit:
    """This ledger now reports for `new_name`; the change is kept in UNIT_CHANGES (when, from, to)."""
    unit = catalogue.find_unit(s, new_name)
    if unit is None:
        raise catalogue.UnitNameError(f"没有名为“{new_name}”的单位")
    old = str(settings.get(s, settings.UNIT))
    if unit.name == old:
        return unit
    history = list(settings.get(s, UNIT_CHANGES))  # type: ignore[call-overload]
    history.append({"at": datetime.now().isoformat(timespec="seconds"), "from": old, "to": unit.name, "why": reason})
    settings.put(s, UNIT_CHANGES, history)
    settings.put(s, settings.UNIT, unit.name)
    return unit


def unit_changes(s: Session) -> list[dict[str, str]]:
    return list(settings.get(s, UNIT_CHANGES))  # type: ignore[call-overload]
