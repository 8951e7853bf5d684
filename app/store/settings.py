"""The ledger's settings, each declared once with its type, default and label."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: object
    label: str  # English; translated in the UI


UNIT = SettingSpec("unit", str, "", "Reporting unit")
ROLE = SettingSpec("role", str, "", "Role")  # office / bureau
GRANULARITY = SettingSpec("period_granularity", str, "quarter", "Reporting period length")
CURRENT_PERIOD = SettingSpec("current_period", str, "", "Current reporting period")
LANGUAGE = SettingSpec("language", str, "zh_CN", "Language")
LEDGER_ID = SettingSpec("ledger_id", str, "", "Ledger id")
DUE_REMINDERS = SettingSpec("due_reminders", bool, True, "Remind of the period's due date")
# When the unit last exported its submission (app.outgoing.submission): what the next export carries.
LAST_EXPORT = SettingSpec("last_export_at", str, "", "Last export")

ROLES = ("office", "bureau")

# A form's typing kept as it is typed (app.entry.drafts).
DRAFT_PREFIX = "draft:"


def get(session: Session, spec: SettingSpec) -> object:
    row = session.get(Setting, spec.key)
    return spec.default if row is None else spec.type(row.value)


def put(session: Session, spec: SettingSpec, value: object) -> None:
    if not isinstance(value, spec.type):
        raise TypeError(f"{spec.key} expects {spec.type.__name__}")
    row = session.get(Setting, spec.key)
    if row is None:
        session.add(Setting(key=spec.key, value=value))
    else:
        row.value = value


def columns_spec(name: str) -> SettingSpec:
    return SettingSpec(f"hidden_columns:{name}", list, [], "Hidden columns")


# What a window keeps of its own state as it is used — a form's typing, the period in view, the
# columns shown — is never news for another program on the ledger (app.store.changes leaves it out).
WINDOW_STATE = (DRAFT_PREFIX, CURRENT_PERIOD.key, "hidden_columns:")
# Nor is the time of an export, which changes nothing another window shows: the first export adds it,
# and the window back from it said 已显示其他同事（或其他程序）所做的最新修改 with nobody else on the ledger.
NOT_NEWS = (*WINDOW_STATE, LAST_EXPORT.key)
