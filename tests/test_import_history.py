"""The import history the bureau reads (导入记录 page, `ipledger imports`) and the unit names pages
show, read through the core rather than by the window."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.merge import apply_plan, plan_import, undo_import
from app.merge.imports import IN_EFFECT, STATE_LABELS, SUPERSEDED, UNDONE, import_history
from app.outgoing.submission import export_submission
from app.store.units import unit_name, unit_names
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, edit_record

Q1 = parse_period("2025Q1")


def _import(bureau, path: Path) -> None:
    plan = plan_import(bureau, [path])
    assert plan.errors == [], [str(e) for e in plan.errors]
    apply_plan(bureau, plan)


def test_history_newest_first_with_unit_period_state_and_changes(ledgers, tmp_path: Path) -> None:
    from app.vocabulary.kinds import PATENT_LISTING

    a, b, bureau = ledgers("长寿路街道"), ledgers("曹杨新村街道"), ledgers("区知识产权局")
    listing = add_listing(a)
    add_listing(b, patent_no="202310654321.2", listed_on=date(2025, 1, 9))
    _import(bureau, export_submission(a, Q1, tmp_path / "a1.xlsx").path)
    edit_record(a, PATENT_LISTING, listing, price=65.0)
    _import(bureau, export_submission(a, Q1, tmp_path / "a2.xlsx").path)
    _import(bureau, export_submission(b, Q1, tmp_path / "b1.xlsx").path)
    with bureau.session() as s:
        latest = import_history(s)[0].id
    undo_import(bureau, latest)

    with bureau.session() as s:
        entries = import_history(s)
        oldest_first = import_history(s, newest_first=False)
    seen = [(e.file_name, e.unit, e.period.code, e.state, e.changes) for e in entries]
    assert seen == [
        ("b1.xlsx", "曹杨新村街道", "2025Q1", UNDONE, "新增 1"),
        ("a2.xlsx", "长寿路街道", "2025Q1", IN_EFFECT, "更新 1"),
        ("a1.xlsx", "长寿路街道", "2025Q1", SUPERSEDED, "新增 1"),
    ]
    assert [e.id for e in oldest_first] == [e.id for e in reversed(entries)]
    assert [STATE_LABELS[e.state] for e in entries] == ["已撤销", "有效", "已被取代"]


def test_an_empty_ledger_has_no_history(ledger) -> None:
    with ledger.session() as s:
        assert import_history(s) == []


def test_unit_names_follow_a_rename(ledger) -> None:
    from app.store import catalogue

    with ledger.session() as s:
        own = ledger.own_unit(s)
        catalogue.rename_unit(s, own, "长寿路街道办事处")
    with ledger.session() as s:
        names = unit_names(s)
        assert names[own.id] == "长寿路街道办事处"
        assert unit_name(s, own.id) == "长寿路街道办事处"
        assert len(names) == len(catalogue.units(s, active_only=False))


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="sets the time zone (Unix)")
def test_times_the_ledger_stamps_are_shown_in_local_time(ledgers, tmp_path: Path, monkeypatch) -> None:
    """The ledger stamps its own times in UTC; a clerk in Shanghai reads them on the local clock:
    when a file was imported, when a record changed, and when a file now dropped in again was."""
    import time
    from datetime import datetime, timedelta

    from app.merge.history import record_history
    from app.vocabulary.kinds import PATENT_LISTING

    monkeypatch.setenv("TZ", "Asia/Shanghai")  # eight hours from UTC: a raw UTC time is far off
    time.tzset()
    try:
        unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
        listing = add_listing(unit)
        path = export_submission(unit, Q1, tmp_path / "a.xlsx").path
        _import(bureau, path)
        now = datetime.now()

        def close(when: datetime) -> bool:
            return abs(when - now) < timedelta(minutes=5)

        with bureau.session() as s:
            assert close(import_history(s)[0].imported_at)
        assert close(record_history(bureau, PATENT_LISTING, listing)[0].when)
        assert close(plan_import(bureau, [path]).files[0].already_imported_at)
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.both_backends
def test_a_change_without_a_merge_has_no_merge_in_the_history(ledgers, tmp_path: Path) -> None:
    """record_history.merge said "no merge" two ways: NULL for the rows an import wrote in bulk (its new
    records), the JSON null for those of the form and of an import's updates. Every writer now leaves
    it NULL, so a query for merged changes (merge IS NOT NULL) finds only merges, on both backends.
    (The window reads both as no merge: the column's readers go through the ORM, which makes both None.)"""
    from sqlalchemy import text

    from app.store import records
    from app.vocabulary.kinds import PATENT_LISTING

    unit, bureau = ledgers("长寿路街道"), ledgers("区知识产权局")
    listing = add_listing(unit)  # typed in the form
    add_listing(unit, patent_no="202310654321.2")
    edit_record(unit, PATENT_LISTING, listing, price=65.0)
    _import(bureau, export_submission(unit, Q1, tmp_path / "a1.xlsx").path)  # new records, in bulk
    edit_record(unit, PATENT_LISTING, listing, price=70.0)
    _import(bureau, export_submission(unit, Q1, tmp_path / "a2.xlsx").path)  # an update, no conflict
    edit_record(bureau, PATENT_LISTING, listing, title="一种检测装置（局改）")
    with bureau.session() as s:
        records.delete(s, PATENT_LISTING, s.get(PATENT_LISTING.model, listing))
    merged = {"unit": [], "bureau": [("update", {"price": "theirs"})]}  # the second file's price, taken
    seen = ((unit, "unit", {"insert", "update"}), (bureau, "bureau", {"insert", "update", "delete"}))
    for ledger, who, actions in seen:
        with ledger.session() as s:
            rows = s.execute(text("SELECT action, merge IS NULL, merge FROM record_history")).all()
        assert {row[0] for row in rows} == actions
        found = [(a, json.loads(m) if isinstance(m, str) else m) for a, no_merge, m in rows if not no_merge]
        assert found == merged[who]
