"""Plausibility checks at import (SPEC §9): flagged with the values compared, never refusing a file.

- a reported indicator 3 (质押融资登记金额, 亿元) against the sum of the unit's 质押融资 records;
- a value far from the same unit's previous period (indicators, station services);
- a task status going backwards (已完成 → 推进中 / 未启动);
- a street name that is not a street or town of the unit list;
- a row whose 情况说明 asks for the record to be deleted (请删除): a unit without the app cannot
  delete, so it asks, and the bureau deletes it in its ledger once checked.

Each flag shows the row's 情况说明 when the unit wrote one; the bureau may mark it for follow-up,
which makes it a comment on that record and field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.merge.rules import CONFLICT, DELETED, EDITED, NEW, UPDATED
from app.outgoing.rows import DELETE_REQUEST
from app.review import comments
from app.store import catalogue
from app.vocabulary.kinds import (
    BRAND_STATION,
    EXPLANATION,
    INDICATOR_VALUE,
    KINDS,
    PATENT_DEAL,
    PLEDGE_FINANCING,
    STATION_SERVICE,
    TASK_PROGRESS,
    Kind,
)
from app.vocabulary.periods import Period, PeriodError, parse_period
from db.models import Unit

PLEDGE_INDICATOR = 3
WAN_PER_YI = 10_000  # 万元 per 亿元
FAR = 3.0  # a value more than three times, or less than a third of, the previous period's
SMALL = 5  # counts that change by less than this are never far
BACKWARDS = {"已完成": ("推进中", "未启动")}
STREET_FIELDS = {BRAND_STATION.key: "street", PLEDGE_FINANCING.key: "street", PATENT_DEAL.key: "grantee_street"}
SERVICE_COUNTS = ("companies_served", "consultations", "trainings", "trademark_filings", "enforcement_cases")


@dataclass
class Flag:
    """One unusual value in a file: where it is, what was compared, and the unit's explanation."""

    file: str
    sheet: str
    row: int | None
    column: str
    message: str
    kind: str
    record_id: str
    unit_id: int
    field: str
    explanation: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "record_id": self.record_id,
            "explanation": self.explanation,
        }

    def __str__(self) -> str:
        where = "，".join(x for x in (f"工作表“{self.sheet}”", f"第 {self.row} 行" if self.row else "") if x)
        note = f"（情况说明：{self.explanation}）" if self.explanation else "（未附情况说明）"
        return f"{where}，“{self.column}”：{self.message}{note}"


def _number(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _period(code: object) -> Period | None:
    try:
        return parse_period(code)
    except PeriodError:
        return None


class Checker:
    """The checks of one file's changed rows against the ledger (loaded lazily, once per file)."""

    def __init__(self, s: Session, file: str) -> None:
        self.s = s
        self.file = file
        self.flags: list[Flag] = []
        self._streets: set[str] | None = None
        # What the checks compare with, loaded once per unit (a file holds a few thousand rows)
        self._pledges: dict[int, list[tuple[float, object]]] = {}
        self._previous: dict[tuple[str, int, str], dict[object, Mapping[str, object]]] = {}
        self._statuses: dict[int, dict[object, list[tuple[str, str]]]] = {}

    def flag(self, row, column: str, message: str, field: str) -> None:  # noqa: ANN001 - a merge RowPlan
        self.flags.append(
            Flag(
                self.file,
                row.kind.sheet,
                row.sheet_row,
                column,
                message,
                row.kind.key,
                row.record_id,
                row.unit_id,
                field,
                str(row.values.get("explanation") or ""),
            )
        )

    # --- indicator 3 against the pledges --------------------------------------------------------

    def pledges(
        self, rows: Iterable[tuple[bytes, int, tuple[object, ...]]], unit_id: int, start: date, end: date
    ) -> tuple[float, int]:
        """Sum (万元) and count of the unit's pledges registered in [start, end]: the ledger's,
        overridden by the file's rows, given as (id_key of the record id, unit, (amount, registered_on))."""
        if unit_id not in self._pledges:
            from app.merge.plan import id_key  # (app.merge.plan imports this module)

            m = PLEDGE_FINANCING.model
            found: dict[bytes, tuple[float, object]] = {
                id_key(rid): (amount or 0.0, day)
                for rid, amount, day in self.s.execute(
                    select(m.id, m.amount, m.registered_on).where(m.unit_id == unit_id, m.deleted.is_(False))
                )
            }
            for key, unit, (amount, day) in rows:
                if unit == unit_id:
                    found[key] = (float(amount or 0), day)
            # (only the dated ones ever count; in the order found, so that every sum adds up as before)
            self._pledges[unit_id] = [(a, day) for a, day in found.values() if isinstance(day, date)]
        inside = [a for a, day in self._pledges[unit_id] if start <= day <= end]
        return sum(inside), len(inside)

    def indicator_against_pledges(self, row, rows: list) -> None:  # noqa: ANN001
        v = row.values
        p = _period(v.get("period"))
        if v.get("indicator_number") != PLEDGE_INDICATOR or p is None or v.get("value") is None:
            return
        reported = float(v["value"])
        period_sum, n = self.pledges(rows, row.unit_id, p.start, p.end)
        ytd_sum, n_ytd = self.pledges(rows, row.unit_id, date(p.year, 1, 1), p.end)
        candidates = [period_sum / WAN_PER_YI, ytd_sum / WAN_PER_YI]
        tolerance = max(0.01, 0.05 * max(abs(reported), *candidates))
        if any(abs(reported - c) <= tolerance for c in candidates):
            return
        message = (
            f"报送 {_number(reported)} 亿元，按本单位质押融资记录合计：本期 {_number(candidates[0])} 亿元（{n} 笔）"
        )
        if p.start.month != 1 or p.months != 12:
            message += f"，年初至今 {_number(candidates[1])} 亿元（{n_ytd} 笔）"
        self.flag(row, "数值", message + "，两者不符", "value")

    # --- far from the previous period ------------------------------------------------------------

    def _previous_value(self, kind, unit_id: int, p: Period, key: tuple[str, object], field: str):  # noqa: ANN001, ANN202
        """The unit's value of `field` in the period before `p`, for the record whose `key` field
        has the given value (all of the unit's records of that period are loaded at once)."""
        code = p.previous().code
        cache = (kind.key, unit_id, code)
        if cache not in self._previous:
            m = kind.model
            fields = (key[0], *(SERVICE_COUNTS if kind is STATION_SERVICE else ("value",)))
            q = select(*(getattr(m, f) for f in fields)).where(
                m.unit_id == unit_id, m.deleted.is_(False), m.period == code
            )
            found: dict[object, Mapping[str, object]] = {}
            for values in self.s.execute(q):
                found.setdefault(values[0], dict(zip(fields, values, strict=True)))
            self._previous[cache] = found
        return self._previous[cache].get(key[1], {}).get(field)

    def far_from_previous(self, row) -> None:  # noqa: ANN001
        v = row.values
        p = _period(v.get("period"))
        if p is None:
            return
        if row.kind is INDICATOR_VALUE:
            checks = [("value", "数值", ("indicator_number", v.get("indicator_number")))]
        else:
            checks = [(f, row.kind.field(f).label, ("station_name", v.get("station_name"))) for f in SERVICE_COUNTS]
        for field, label, key in checks:
            now = v.get(field)
            if now is None:
                continue
            before = self._previous_value(row.kind, row.unit_id, p, key, field)
            if before is None or not _far(float(before), float(now), row.kind is INDICATOR_VALUE):
                continue
            prev = p.previous()
            self.flag(
                row,
                label,
                f"本期 {_number(float(now))}，上期（{prev.label}）{_number(float(before))}，相差较大，请核实",
                field,
            )

    # --- task status going backwards -----------------------------------------------------------

    def status_backwards(self, row) -> None:  # noqa: ANN001
        v = row.values
        p = _period(v.get("period"))
        if p is None or v.get("status") not in {s for after in BACKWARDS.values() for s in after}:
            return
        if row.unit_id not in self._statuses:
            m = TASK_PROGRESS.model
            found: dict[object, list[tuple[str, str]]] = {}
            q = select(m.task_number, m.period, m.status).where(m.unit_id == row.unit_id, m.deleted.is_(False))
            for number, code, status in self.s.execute(q):
                found.setdefault(number, []).append((code, status))
            self._statuses[row.unit_id] = found
        earlier = [
            (q, status)
            for code, status in self._statuses[row.unit_id].get(v.get("task_number"), ())
            if (q := _period(code)) is not None and q.end < p.start
        ]
        if not earlier:
            return
        q, status = max(earlier)
        if v["status"] in BACKWARDS.get(status, ()):
            self.flag(row, "推进状态", f"上期（{q.label}）为“{status}”，本期为“{v['status']}”，状态倒退", "status")

    # --- street names ------------------------------------------------------------------------------

    def streets(self) -> set[str]:
        if self._streets is None:
            self._streets = set()
            for u in self.s.scalars(select(Unit).where(Unit.kind.in_(("街道", "镇")))):
                self._streets |= {u.name, *(u.former_names or [])}
        return self._streets

    def street_is_a_unit(self, row) -> None:  # noqa: ANN001
        field = STREET_FIELDS[row.kind.key]
        name = row.values.get(field)
        if not name or name in self.streets():
            return
        close = [n for n in catalogue.close_unit_names(self.s, str(name)) if n in self.streets()]
        hint = f"，您是不是要找：{'、'.join(close)}" if close else ""
        label = row.kind.field(field).label
        self.flag(row, label, f"“{name}”不是单位列表中的街道镇{hint}", field)

    def deletion_asked(self, row) -> None:  # noqa: ANN001
        """A unit without the app asks in 情况说明 for the record to be deleted (the workbook's cover
        tells it so): the bureau checks and deletes it in its ledger."""
        if _asks_deletion(row.values.get("explanation")):
            self.flag(row, EXPLANATION.label, "填报单位要求删除这条记录：请核实后在台账中删除", "explanation")


def _far(before: float, now: float, any_size: bool) -> bool:
    if before <= 0 or now <= 0:
        return False
    if not any_size and abs(now - before) < SMALL:
        return False
    ratio = now / before
    return ratio >= FAR or ratio <= 1 / FAR


def _asks_deletion(explanation: object) -> bool:
    text = str(explanation or "").replace(" ", "")
    return DELETE_REQUEST in text or "申请删除" in text or "要求删除" in text


def check_rows(s: Session, file: str, rows: Iterable) -> list[Flag]:  # noqa: ANN001 - merge RowPlans
    """The flags of a file's rows that change the ledger (new, updated, edited, conflicting).
    A plan's rows are gone through by their values: a RowPlan is made only for a row a check
    reads as a whole (the few indicator, station and task rows) or flags."""
    pledges = _Later(lambda: list(_pledges_of(rows)))  # (before the indicators)
    checker = Checker(s, file)
    for places, kind, (names, explanations) in _picked(rows):
        if kind.key in _WHOLE_ROW_KEYS:
            for at in places:
                r = rows[at]  # type: ignore[index]
                if kind is INDICATOR_VALUE:
                    checker.indicator_against_pledges(r, pledges)  # type: ignore[arg-type]
                    checker.far_from_previous(r)
                elif kind is STATION_SERVICE:
                    checker.far_from_previous(r)
                elif kind is TASK_PROGRESS:
                    checker.status_backwards(r)
                checker.deletion_asked(r)
            continue
        # (a street, for the kinds that have one: a stretch gone through row by row only when it
        # names one that is not a street, or says something)
        named = {name for name in set(names) if name}
        if (not named or named <= checker.streets()) and not any(explanations):
            continue
        for at, name, explanation in zip(places, names, explanations, strict=True):
            if name and name not in checker.streets():
                checker.street_is_a_unit(rows[at])  # type: ignore[index]
            if explanation and _asks_deletion(explanation):
                checker.deletion_asked(rows[at])  # type: ignore[index]
    return checker.flags


_WHOLE_ROW = (INDICATOR_VALUE, STATION_SERVICE, TASK_PROGRESS)
_WHOLE_ROW_KEYS = frozenset(k.key for k in _WHOLE_ROW)  # (a Kind compared by == compares all its fields)
# What check_rows reads of every other row: its street (a field no kind has: None) and 情况说明
_PICKS = {k.key: (STREET_FIELDS.get(k.key, ""), "explanation") for k in KINDS}
_CHANGING = (NEW, UPDATED, EDITED, CONFLICT, DELETED)


class _Later:
    """A list made when first gone through."""

    def __init__(self, make) -> None:  # noqa: ANN001
        self._make, self._items = make, None

    def __iter__(self):  # noqa: ANN204
        if self._items is None:
            self._items = self._make()
        return iter(self._items)


def _pledges_of(rows: Iterable) -> Iterable[tuple[bytes, int, tuple[object, ...]]]:  # noqa: ANN001 - RowPlans
    """(id_key of the record id, unit, (amount, registered_on)) of the pledges among the rows that
    keep values (of a plan: read column by column, no RowPlan made a row)."""
    from app.merge.plan import id_key  # (app.merge.plan imports this module)

    fields_of_kind = getattr(rows, "fields_of_kind", None)
    if fields_of_kind is not None:
        return fields_of_kind(PLEDGE_FINANCING, _PLEDGE_FIELDS)
    return (
        (id_key(r.record_id), r.unit_id, tuple(r.values.get(k) for k in _PLEDGE_FIELDS))
        for r in rows
        if r.kind is PLEDGE_FINANCING and r.values
    )


_PLEDGE_FIELDS = ("amount", "registered_on")


def _picked(rows: Iterable) -> Iterable[tuple[Sequence[int], Kind, list[Sequence[object]]]]:
    """(places, kind, [streets, 情况说明]) of stretches of the rows with values (of a plan: those
    that change the ledger, read a reader's block at a time; unchanged, stale and diverged rows
    keep none); of a list of rows, each alone."""
    picked_stretches = getattr(rows, "picked_stretches", None)  # a plan's rows, read column by column
    if picked_stretches is not None:
        return picked_stretches(_CHANGING, _PICKS)
    return (
        (range(i, i + 1), r.kind, [(r.values.get(k),) for k in _PICKS[r.kind.key]])
        for i, r in enumerate(rows)
        if r.values
    )


def mark_follow_up(s: Session, flags: Iterable[Flag], period_of: Mapping[str, Period] | None = None) -> int:
    """The bureau follows flags up: each becomes a comment on its record and field (after the
    import, so that new records exist)."""
    n = 0
    for f in flags:
        comments.add_comment(
            s,
            f"核对：{f.message}",
            record_id=f.record_id,
            field=f.field,
            follow_up=True,
            period=(period_of or {}).get(f.record_id),
        )
        n += 1
    return n
