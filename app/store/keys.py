"""The ledger's own signing key and the keys it knows of others (SPEC §15).

The private key is a setting of the ledger (made at `init`, or when an older ledger is upgraded:
migration 0007); it leaves the ledger only in a backup, which copies the whole file. The known keys
are the units' (at the bureau) or the bureau's (at an office), each confirmed by a person who read
its fingerprint over the phone (`trust`); `untrust` forgets one (a unit's new PC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exchange.signing import SigningKey, fingerprint, normal_fingerprint  # noqa: F401 - fingerprint re-exported
from app.store import catalogue, settings
from app.vocabulary.clock import local
from db.models import HeldFile, KnownKey, Unit

SIGNING_KEY = settings.SettingSpec("signing_key", str, "", "Signing key")


class KeyError_(ValueError):  # noqa: N801 - not the builtin KeyError
    """A key step that does not apply; the message is for the user."""


def own_key(s: Session) -> SigningKey:
    """This ledger's key, made the first time it is asked for if the ledger has none."""
    text = str(settings.get(s, SIGNING_KEY))
    if text:
        return SigningKey.from_text(text)
    key = SigningKey.generate()
    settings.put(s, SIGNING_KEY, key.as_text())
    s.flush()
    return key


def own_fingerprint(s: Session) -> str:
    return own_key(s).fingerprint


@dataclass(frozen=True)
class Known:
    unit: str
    fingerprint: str
    confirmed_at: datetime  # local time
    pinned: bool  # the whole public key is known (seen in a file), not only its fingerprint

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "fingerprint": self.fingerprint,
            "confirmed_at": self.confirmed_at.isoformat(timespec="seconds"),
        }


def known_keys(s: Session) -> list[Known]:
    q = select(KnownKey, Unit).join(Unit, KnownKey.unit_id == Unit.id).order_by(Unit.sort_order, Unit.id)
    return [Known(u.name, k.fingerprint, local(k.confirmed_at), bool(k.public_key)) for k, u in s.execute(q)]


def key_of(s: Session, unit_id: int) -> KnownKey | None:
    return s.scalar(select(KnownKey).where(KnownKey.unit_id == unit_id))


def owner_of(s: Session, public: bytes) -> Unit | None:
    """The unit whose confirmed key this is, if any."""
    fp = fingerprint(public)
    for k in s.scalars(select(KnownKey).where(KnownKey.fingerprint == fp)):
        if not k.public_key or k.public_key == public.hex():
            return s.get(Unit, k.unit_id)
    return None


def matches(k: KnownKey, public: bytes) -> bool:
    if k.public_key:
        return k.public_key == public.hex()
    return k.fingerprint == fingerprint(public)


def pin(s: Session, unit_id: int, public: bytes) -> None:
    """Keep the whole key once a file signed with a key confirmed by its fingerprint arrives."""
    k = key_of(s, unit_id)
    if k is not None and not k.public_key and k.fingerprint == fingerprint(public):
        k.public_key = public.hex()


def unit_name(s: Session, unit_id: int | None) -> str:
    unit = s.get(Unit, unit_id) if unit_id is not None else None
    return unit.name if unit is not None else ""


def find_unit(s: Session, name: str) -> Unit:
    return catalogue.unit_named(s, name, KeyError_)


def trust(s: Session, unit_name: str, typed: str, public: bytes | None = None) -> tuple[Unit, list[HeldFile]]:
    """Confirm `unit`'s key by the fingerprint a person read out. Returns the unit and the files held
    for this key (待确认签名), which may now be imported."""
    unit = find_unit(s, unit_name)
    fp = normal_fingerprint(typed)
    if not fp:
        raise KeyError_(f"指纹“{typed}”格式不对：应为 16 位十六进制数字，如 3F2A-91C0-7B1E-44D2")
    if fp == own_fingerprint(s):
        raise KeyError_(f"指纹 {fp} 是本台账自己的密钥，不是“{unit.name}”的")
    held = held_for_key(s, unit.id, fp)
    waiting = {h.key_fingerprint for h in held_for_key(s, unit.id)}
    if waiting and not held and public is None:  # a misread fingerprint registers nothing
        raise KeyError_(
            f"指纹 {fp} 与“{unit.name}”待确认签名的文件的密钥（指纹 {'、'.join(sorted(waiting))}）不符，"
            "未登记；请再与该单位核对。如对方读出的指纹确实不同，文件可能是伪造的"
        )
    if public is None and held:
        public = bytes.fromhex(held[0].public_key)
    if public is not None and fingerprint(public) != fp:
        raise KeyError_(f"指纹 {fp} 与文件中的密钥（指纹 {fingerprint(public)}）不符")
    other = s.scalar(select(KnownKey).where(KnownKey.fingerprint == fp, KnownKey.unit_id != unit.id))
    if other is not None:
        raise KeyError_(f"指纹 {fp} 已登记为“{s.get(Unit, other.unit_id).name}”的密钥，不能再登记给“{unit.name}”")
    k = key_of(s, unit.id)
    if k is not None and k.fingerprint != fp:
        raise KeyError_(
            f"“{unit.name}”已登记密钥 {k.fingerprint}；"
            f"如该单位换了电脑，请先运行 untrust --unit {unit.name} 再确认新密钥"
        )
    if k is None:
        s.add(KnownKey(unit_id=unit.id, fingerprint=fp, public_key=public.hex() if public else None))
    elif public is not None and not k.public_key:
        k.public_key = public.hex()
    s.flush()
    return unit, held


def untrust(s: Session, unit_name: str) -> str:
    """Forget the unit's key; returns its fingerprint."""
    unit = find_unit(s, unit_name)
    k = key_of(s, unit.id)
    if k is None:
        raise KeyError_(f"“{unit.name}”没有登记的签名密钥")
    fp = k.fingerprint
    s.delete(k)
    s.flush()
    return fp


def held_for_key(s: Session, unit_id: int | None = None, fp: str | None = None) -> list[HeldFile]:
    """Files kept as 待确认签名 (not merged until their key is confirmed)."""
    q = select(HeldFile).where(HeldFile.outcome.is_(None), HeldFile.key_fingerprint.isnot(None)).order_by(HeldFile.id)
    if unit_id is not None:
        q = q.where(HeldFile.unit_id == unit_id)
    if fp is not None:
        q = q.where(HeldFile.key_fingerprint == fp)
    return list(s.scalars(q))
