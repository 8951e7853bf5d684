"""What the forms offer and warn about while a clerk types: drop-down lists for the street (own
street first) and the station (this unit's stations), and likely duplicates (the same patent
number, pledge registration number or station name already in the ledger)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import catalogue
from app.vocabulary.collation import sorted_pinyin
from app.vocabulary.kinds import BRAND_STATION, INDICATOR_VALUE, PATENT_LISTING, PLEDGE_FINANCING, STATION_SERVICE, Kind
from db.models import Unit

STREET_KINDS = ("街道", "镇")
STREET_FIELDS = ("street", "grantee_street")  # 所属街道镇, 受让方所属街道镇
STATION_FIELD = "station_name"  # 指导站服务 → 站点名称
# Per kind, the field whose value should be unique in the ledger, and how a person names it.
UNIQUE = {PATENT_LISTING.key: "patent_no", PLEDGE_FINANCING.key: "registration_no", BRAND_STATION.key: "name"}


def streets(s: Session, own: Unit) -> list[str]:
    """The streets and towns, this unit's own first (when it is one), then the others in plan order."""
    names = [u.name for u in catalogue.units(s) if u.kind in STREET_KINDS]
    if own.name in names:
        names.remove(own.name)
        names.insert(0, own.name)
    return names


def stations(s: Session, unit_id: int | None) -> list[str]:
    """Station names of a unit (every unit's for None), in pinyin order."""
    m = BRAND_STATION.model
    q = select(m.name).where(m.deleted.is_(False))
    if unit_id is not None:
        q = q.where(m.unit_id == unit_id)
    return sorted_pinyin(set(s.scalars(q)))


def duplicates(s: Session, kind: Kind, value: object, unit_id: int | None, exclude_id: str | None) -> list[str]:
    """Who already has a record of `kind` with this unique value (unit names; "本单位" for the
    own unit), other than the record being edited."""
    key = UNIQUE.get(kind.key)
    if key is None or value in (None, ""):
        return []
    m = kind.model
    q = select(Unit.id, Unit.name).select_from(m).join(Unit, Unit.id == m.unit_id)
    q = q.where(getattr(m, key) == value, m.deleted.is_(False))
    if kind is BRAND_STATION and unit_id is not None:  # a station name is unique within a unit
        q = q.where(m.unit_id == unit_id)
    if exclude_id:
        q = q.where(m.id != exclude_id)
    return ["本单位" if uid == unit_id else name for uid, name in s.execute(q).all()]


def duplicate_message(kind: Kind, holders: list[str]) -> str:
    label = kind.field(UNIQUE[kind.key]).label
    who = "、".join(dict.fromkeys(holders))
    return f"{who}已有{label}相同的“{kind.sheet}”记录，请确认不是重复录入"


# Kinds a unit reports once per period and item: one 指标 value per indicator and period, one
# 指导站服务 row per station and period. Reports take one value of each; a second record of the
# same would make the figure depend on which of the two is read first.
ONCE_PER_PERIOD = {INDICATOR_VALUE.key, STATION_SERVICE.key}


def twin_problem(
    s: Session, kind: Kind, values: dict[str, object], unit_id: int | None, exclude_id: str | None
) -> str | None:
    """Why a record cannot be saved as it stands: its unit (`unit_id`, or for a record being edited
    its owner) already has another record of the same indicator (or station) and period."""
    if kind.key not in ONCE_PER_PERIOD:
        return None
    keys = [k for k in kind.natural_keys[0] if k != "unit"]
    if any(values.get(k) in (None, "") for k in keys):
        return None
    m = kind.model
    if exclude_id:
        unit_id = s.scalar(select(m.unit_id).where(m.id == exclude_id))
    if unit_id is None:
        return None
    q = select(m.id).where(m.unit_id == unit_id, m.deleted.is_(False), *[getattr(m, k) == values[k] for k in keys])
    if exclude_id:
        q = q.where(m.id != exclude_id)
    if s.scalar(q.limit(1)) is None:
        return None
    return f"本单位已有“{kind.describe(values)}”的记录，同一报告期只填一条：请在列表中找到那条记录修改，不要另建"
