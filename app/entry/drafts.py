"""What the window keeps about data entry besides the records themselves.

- Drafts: a form that is not (yet) a valid record — a new record being typed, or an edit with an
  error in it — is kept as it is typed, so a killed process or a dead PC loses nothing (SPEC §7).
- Confirmed warnings: a 统一社会信用代码 whose check character fails is a warning the user may
  confirm (SPEC §3); the confirmation is remembered per record and field, for the value confirmed.

Both live in the ledger's settings table (key/JSON value), so no schema change is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import settings
from app.vocabulary.kinds import KINDS, FieldType, Kind
from app.vocabulary.validators import YES, InvalidValue
from db.models import Setting

DRAFT_PREFIX = settings.DRAFT_PREFIX
CONFIRMED_PREFIX = "confirmed:"


@dataclass(frozen=True)
class Draft:
    name: str  # which form: a kind key, or kind key plus period and task for a task report
    record_id: str | None  # None: a new record
    values: dict[str, Any]  # what was typed, as typed (dates as text)


def _draft_spec(name: str) -> settings.SettingSpec:
    return settings.SettingSpec(f"{DRAFT_PREFIX}{name}", dict, {}, "Unsaved form")


def save_draft(s: Session, name: str, record_id: str | None, values: dict[str, Any]) -> None:
    settings.put(s, _draft_spec(name), {"record_id": record_id, "values": dict(values)})


def load_draft(s: Session, name: str) -> Draft | None:
    """The draft kept for a form, None when there is none or it only repeats the saved record."""
    data = settings.get(s, _draft_spec(name))
    if not data or not data.get("values"):  # type: ignore[union-attr]
        return None
    draft = Draft(name, data.get("record_id"), dict(data["values"]))  # type: ignore[index,union-attr]
    return None if _repeats_saved(s, draft) else draft


def parse_typed(kind: Kind, key: str, raw: object) -> object:
    """A form's typed value as it would be saved (raises InvalidValue), as the form parses it."""
    f = kind.field(key)
    if f.type is FieldType.YES_NO and isinstance(raw, str):
        raw = raw == YES
    return f.parse(raw)


def same_as_saved(kind: Kind, typed: dict[str, Any], saved: dict[str, Any]) -> bool:
    """Whether what is typed saves to what is stored ("18" typed is the 18.0 stored)."""
    for key, raw in typed.items():
        if key not in saved:
            continue
        try:
            if parse_typed(kind, key, raw) != saved[key]:
                return False
        except (InvalidValue, KeyError):
            return False
    return True


_KIND_OF = {k.key: k for k in KINDS}


def _repeats_saved(s: Session, draft: Draft) -> bool:
    """A draft of an existing record's edit that says nothing the record does not (it was saved
    after the draft was kept, or the draft's text differs only in how a number is written)."""
    kind = _KIND_OF.get(draft.name)
    if kind is None or not draft.record_id:
        return False
    record = s.get(kind.model, draft.record_id)
    if record is None or record.deleted:
        return False
    saved = {f.key: getattr(record, f.key) for f in kind.input_fields}
    return same_as_saved(kind, draft.values, saved)


def clear_draft(s: Session, name: str) -> None:
    row = s.get(Setting, f"{DRAFT_PREFIX}{name}")
    if row is not None:
        s.delete(row)


def draft_names(s: Session) -> list[str]:
    """The forms that have a draft waiting, to offer them back on the next start (not one that
    only repeats the saved record)."""
    rows = s.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(DRAFT_PREFIX))).all()
    names = [key[len(DRAFT_PREFIX) :] for key, value in rows if value and value.get("values")]
    return sorted(name for name in names if load_draft(s, name) is not None)


def _confirmed_spec(record_id: str) -> settings.SettingSpec:
    return settings.SettingSpec(f"{CONFIRMED_PREFIX}{record_id}", dict, {}, "Confirmed warnings")


def confirmed(s: Session, record_id: str) -> dict[str, Any]:
    """Field key → the value whose warning the user confirmed."""
    return dict(settings.get(s, _confirmed_spec(record_id)))  # type: ignore[arg-type]


def confirm(s: Session, record_id: str, values: dict[str, Any]) -> None:
    """Remember confirmed warnings (field key → value); a later, different value warns again."""
    if not values:
        return
    settings.put(s, _confirmed_spec(record_id), {**confirmed(s, record_id), **values})
