"""The core behind the settings window: merging units, changing this ledger's unit, backups."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.store import backups, catalogue, records, settings, units
from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import add_listing


def test_merging_two_units_moves_their_records_and_keeps_the_names(ledgers) -> None:
    bureau = ledgers("区知识产权局")
    with bureau.session() as s:
        typo = catalogue.add_unit(s, "长寿街道", "街道")
        records.create(
            s,
            PATENT_LISTING,
            typo.id,
            {
                "patent_no": "202310123456.6",
                "title": "甲",
                "holder": "乙",
                "deal_mode": "转让",
                "listed_on": date(2025, 1, 5),
                "listing_status": "在架",
            },
        )
    with bureau.session() as s:
        keep, typo = catalogue.find_unit(s, "长寿路街道"), catalogue.find_unit(s, "长寿街道")
        assert units.merge_preview(s, keep, typo).records == {"专利超市挂牌": 1}
        units.merge_units(s, keep, typo)
    with bureau.session() as s:
        keep = catalogue.find_unit(s, "长寿路街道")
        assert catalogue.find_unit(s, "长寿街道") is keep  # a file sent under the wrong name still lands
        assert "长寿街道" in keep.former_names
        assert s.scalars(select(PATENT_LISTING.model.unit_id)).all() == [keep.id]
        assert [u.name for u in catalogue.units(s)].count("长寿路街道") == 1


def test_the_own_unit_cannot_be_merged_away(ledger) -> None:
    with ledger.session() as s:
        own, other = catalogue.find_unit(s, "长寿路街道"), catalogue.find_unit(s, "桃浦镇")
        with pytest.raises(catalogue.UnitNameError, match="本台账的填报单位"):
            units.merge_units(s, other, own)


def test_changing_the_own_unit_is_recorded(ledger) -> None:
    with ledger.session() as s:
        units.change_own_unit(s, "桃浦镇", "首次运行时选错")
    assert ledger.unit_name == "桃浦镇"
    with ledger.session() as s:
        (change,) = units.unit_changes(s)
        assert (change["from"], change["to"], change["why"]) == ("长寿路街道", "桃浦镇", "首次运行时选错")
        assert settings.get(s, settings.UNIT) == "桃浦镇"


def test_a_backup_is_described_and_restored(ledger) -> None:
    add_listing(ledger)
    copy = backups.backup_now(ledger.path)
    add_listing(ledger, patent_no="202320123456.1", title="后来加的")
    (info,) = [b for b in backups.backups(ledger.path) if b.path == copy]
    assert (info.unit, info.role, info.reason) == ("长寿路街道", "office", "手动备份")
    assert info.records["专利超市挂牌"] == 1
    before = backups.restore(ledger, copy)
    with ledger.session() as s:
        assert s.scalars(select(PATENT_LISTING.model.title)).all() == ["一种检测装置"]
    assert backups.describe(before, ledger.path.stem).records["专利超市挂牌"] == 2  # the restore can be undone


def test_chinese_sorts_in_pinyin_order(ledger) -> None:
    from app.store import browse
    from app.vocabulary import collation

    names = ["真如镇街道", "长寿路街道", "长风新村街道", "桃浦镇", "曹杨新村街道", "甘泉路街道", "万里街道"]
    assert collation.sorted_pinyin(names) == [
        "曹杨新村街道",
        "长风新村街道",
        "长寿路街道",
        "甘泉路街道",
        "桃浦镇",
        "万里街道",
        "真如镇街道",
    ]
    numbers = ["202310123456.6", "202320123456.1", "202330123456.7", "202310000001.5"]
    for number, title in zip(numbers, ["中文名称", "安全检测", "北斗导航", "Zeta装置"], strict=True):
        add_listing(ledger, patent_no=number, title=title)
    column = 3 + [f.key for f in PATENT_LISTING.input_fields].index("title")
    with ledger.session() as s:
        rows = browse.page(s, browse.Query(PATENT_LISTING, sort_key="title"), 0, 10)
    assert [row[column] for row in rows] == ["安全检测", "北斗导航", "Zeta装置", "中文名称"]
