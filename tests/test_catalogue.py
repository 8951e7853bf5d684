"""The shipped catalogue (resources/plan.json, loaded into every new ledger) against the plan itself."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.store import catalogue
from db.models import Unit
from tests.conftest import PLAN_TEXT

ALL_MEMBERS = "区知识产权联席会议各成员单位"


def plan_tasks() -> dict[int, tuple[str, list[str]]]:
    """Task number → (text, lead units) read straight from the notice.

    The notice has page breaks inside tasks, so lines are joined, then each task runs from its
    number to the next one; a section heading between two tasks is cut off after the lead units.
    """
    text = PLAN_TEXT.read_text(encoding="utf-8").split("---")[0]
    body = re.sub(r"[#*]", "", re.sub(r"\s*\n\s*", "", text))
    body = body[body.index("推进知识产权高质量创造和高效益运用") :]
    starts, pos = [], 0
    for number in range(1, 54):
        m = re.compile(rf"(?<!\d){number}\.").search(body, pos)
        starts.append((number, m.start(), m.end()))
        pos = m.end()
    found = {}
    for i, (number, _start, after) in enumerate(starts):
        chunk = body[after : starts[i + 1][1] if i + 1 < len(starts) else len(body)]
        chunk = re.sub(r"(?<=[）)])\s*(?:[三四五六]、|[（(][一二三四五六七八九十]+[）)]).*$", "", chunk)
        m = re.fullmatch(r"\s*(.+)[（(]([^（）()]+)[）)]", chunk)
        found[number] = (m.group(1), m.group(2).split("、"))
    return found


@pytest.fixture(scope="module")
def notice() -> dict[int, tuple[str, list[str]]]:
    tasks = plan_tasks()
    assert sorted(tasks) == list(range(1, 54)), "the notice should be read as 53 numbered tasks"
    return tasks


def test_every_task_matches_the_plan(ledger, notice) -> None:
    with ledger.session() as s:
        tasks = {t.number: t for t in catalogue.tasks(s)}
        assert sorted(tasks) == list(range(1, 54))
        for number, (text, leads) in notice.items():
            task = tasks[number]
            assert task.text[:12] == text[:12], number
            assert task.text == text.strip(), number
            assert task.all_members == (ALL_MEMBERS in leads), number
            assert [u.name for u in task.lead_units] == sorted(
                [u for u in leads if u != ALL_MEMBERS], key=lambda n: [u.name for u in catalogue.units(s)].index(n)
            ), number


def test_tasks_sit_in_their_sections(ledger) -> None:
    with ledger.session() as s:
        t14 = catalogue.task(s, 14)
        assert t14.section.number == "四" and "商标品牌" in t14.section.title
        t51 = catalogue.task(s, 51)
        assert t51.section.number == "六" and t51.section.parent_id is None


def test_every_indicator_target_matches_the_plan(ledger) -> None:
    lines = PLAN_TEXT.read_text(encoding="utf-8").splitlines()
    table = [ln.split("\t") for ln in lines if ln.count("\t") == 3 and not ln.startswith("编号")]
    assert len(table) == 7
    with ledger.session() as s:
        indicators = catalogue.indicators(s)
        assert len(indicators) == 7
        for indicator, (_number, name, t24, t25) in zip(indicators, table, strict=True):
            assert indicator.name.replace(" ", "") in name.replace(" ", "")
            assert {t.year: t.target for t in indicator.targets} == {2024: float(t24), 2025: float(t25)}
        assert catalogue.indicator(s, 3).measure_unit == "亿元"
        assert catalogue.indicator(s, 4).measure_unit == "%"


def test_units_are_the_spec_list(ledger) -> None:
    with ledger.session() as s:
        units = {u.name: u.kind for u in s.scalars(select(Unit))}
    assert len(units) == 25
    assert units["长征镇"] == "镇" and units["长寿路街道"] == "街道" and units["区公安分局"] == "区级部门"
    assert sum(1 for k in units.values() if k in ("街道", "镇")) == 10


def test_member_tasks_reach_every_member_unit(ledger) -> None:
    with ledger.session() as s:
        street = catalogue.find_unit(s, "长寿路街道")
        court = catalogue.find_unit(s, "区法院")
        assert [t.number for t in catalogue.tasks_of_unit(s, street)] == [1, 9, 18, 31, 48, 51, 52, 53]
        court_tasks = [t.number for t in catalogue.tasks_of_unit(s, court)]
        assert {23, 28, 29, 33, 37, 38, 50} <= set(court_tasks)


def test_renamed_unit_is_found_by_its_former_name(ledger) -> None:
    with ledger.session() as s:
        unit = catalogue.find_unit(s, "区数据局")
        unit.former_names = ["区大数据中心"]
        unit.name = "区数据局（更名）"
    with ledger.session() as s:
        assert catalogue.find_unit(s, "区大数据中心").name == "区数据局（更名）"


def test_the_notice_reader_gives_exactly_the_shipped_plan() -> None:
    """The reader a bureau uses to load a new plan reads the 2024–2025 notice into resources/plan.json."""
    from app.plans.notice import read_notice

    draft = read_notice(PLAN_TEXT)
    assert draft.issues == []
    shipped = {k: v for k, v in catalogue.plan_data().items() if k != "units"}
    assert draft.clean() == shipped
