"""A unit's name is checked when the unit is added or renamed, and never becomes a path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli.main import main
from app.outgoing.submission import default_file_name
from app.paths import file_name_part
from app.store import catalogue
from app.vocabulary.periods import parse_period

WINDOWS_REFUSES = set('\\/:*?"<>|')


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "子目录/../../x",
        "a\\b",
        "区局:2",
        "谁?",
        "星*",
        '引"号',
        "<尖>",
        "竖|线",
        "..",
        "x..y",
        ".隐藏",
        "结尾.",
        "CON",
        "con",
        "LPT1",
        "Nul.txt",
        "换\n行",
        "制\t表",
        "长" * 41,
    ],
)
def test_invalid_unit_names_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(catalogue.UnitNameError) as refused:
        catalogue.check_unit_name(name)
    assert any("\u4e00" <= c <= "\u9fff" for c in str(refused.value)), "the reason is in Chinese"


@pytest.mark.parametrize("name", ["长寿路街道", "区数据局（更名）", "Putuo IP Office", "区法院-知识产权庭", "CONSOLE"])
def test_real_unit_names_are_accepted(name: str) -> None:
    assert catalogue.check_unit_name(f"  {name} ") == name


def test_add_unit_checks_name_and_duplicates(ledger) -> None:
    with ledger.session() as s:
        unit = catalogue.add_unit(s, " 新设街道 ", "街道")
        assert unit.name == "新设街道"
        assert unit.sort_order == len(catalogue.units(s, active_only=False)) - 1
        with pytest.raises(catalogue.UnitNameError, match="已有"):
            catalogue.add_unit(s, "长寿路街道", "街道")
        with pytest.raises(catalogue.UnitNameError):
            catalogue.add_unit(s, "子目录/../../x", "街道")
        with pytest.raises(catalogue.UnitNameError, match="类型"):
            catalogue.add_unit(s, "某单位", "公司")
    with ledger.session() as s:
        assert catalogue.find_unit(s, "新设街道") is not None
        assert catalogue.find_unit(s, "子目录/../../x") is None


def test_rename_unit_keeps_the_former_name_and_refuses_a_bad_one(ledger) -> None:
    with ledger.session() as s:
        unit = catalogue.find_unit(s, "区数据局")
        with pytest.raises(catalogue.UnitNameError):
            catalogue.rename_unit(s, unit, "区数据局:新")
        with pytest.raises(catalogue.UnitNameError, match="已有"):
            catalogue.rename_unit(s, unit, "区法院")
        catalogue.rename_unit(s, unit, "区数据局（更名）")
    with ledger.session() as s:
        assert catalogue.find_unit(s, "区数据局").name == "区数据局（更名）"
        assert catalogue.find_unit(s, "区数据局（更名）").former_names == ["区数据局"]


@pytest.mark.parametrize(
    "name", ["子目录/../../x", "..", "a\\..\\..\\b", 'x:*?"<>|y', "CON", "lpt1", "tab\there", " . "]
)
def test_file_names_made_from_any_unit_name_stay_valid_on_windows(name: str) -> None:
    part = file_name_part(name)
    assert part and not (set(part) & WINDOWS_REFUSES)
    assert ".." not in part and not part.endswith((".", " "))
    assert part.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "LPT1", "COM1"}
    file_name = default_file_name(name, parse_period("2025Q1"))
    assert Path(file_name).name == file_name and not (set(file_name) & WINDOWS_REFUSES)


def test_export_of_a_unit_with_a_path_in_its_name_stays_in_the_folder(ledger_path: Path, tmp_path: Path) -> None:
    """A ledger whose unit got a hostile name before names were checked exports into the folder."""
    assert main(["--db", str(ledger_path), "init", "--unit", "长寿路街道"]) == 0
    from app.store import settings
    from app.store.ledger import Ledger

    with Ledger(ledger_path) as ledger, ledger.session() as s:
        catalogue.find_unit(s, "长寿路街道").name = "子目录/../../x"
        settings.put(s, settings.UNIT, "子目录/../../x")
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        assert main(["--db", str(ledger_path), "export", "--period", "2025Q1"]) == 0
    finally:
        os.chdir(cwd)
    written = [p.relative_to(tmp_path) for p in tmp_path.rglob("*.xlsx")]
    assert len(written) == 1 and written[0].parent == Path("a/b"), written
    assert written[0].name.startswith("知识产权台账_子目录_") and written[0].name.endswith("x_2025Q1.xlsx")
