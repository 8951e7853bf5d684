from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect

from app.vocabulary.kinds import KINDS, MACHINE_HEADERS
from app.vocabulary.validators import patent_type_of
from db.models import RecordMixin

# 情况说明 is in the mixin (every kind has it) and is also a field of every kind
COMMON = {c for c in dir(RecordMixin) if not c.startswith("_")} - {"explanation"}
# The plan a task report or indicator value was reported under: set from its period (or the
# workbook's _meta), never a sheet column.
PLAN_LINK = {"plan_id"}

SPEC_HEADERS = {
    "任务进展": "报告期 任务编号 任务内容 推进状态 进展情况 量化成果 存在问题 下步计划 佐证材料 填报人 "
    "联系电话 填报日期",
    "商标品牌指导站": "站点名称 依托单位 依托单位统一社会信用代码 所属街道镇 地址 揭牌日期 站点状态 "
    "本方案新建 服务类型 负责人 联系电话",
    "指导站服务": "站点名称 报告期 服务企业数 咨询次数 培训活动场次 辅导商标申请量 维权援助件数 备注",
    "专利超市挂牌": "专利号 专利名称 专利类型 专利权人 权利人类型 权利人统一社会信用代码 技术领域 法律状态 交易方式 "
    "挂牌价格(万元) 开放许可费标准 挂牌日期 挂牌状态",
    "专利交易": "交易类型 专利号 专利名称 让与方或许可方 受让方或被许可方 受让方统一社会信用代码 受让方所属街道镇 "
    "交易金额(万元) 合同日期 备案日期 经专利超市撮合",
    "质押融资": "出质企业 统一社会信用代码 所属街道镇 质权人 质物类型 质物清单 融资金额(万元) 质押登记号 登记日期 "
    "融资期限(月) 贴息金额(万元) 风险补偿 保险险种 保险金额(万元)",
    "指标": "指标编号 指标名称 报告期 数值 计量单位 口径说明",
}


def test_sheets_and_headers_are_the_spec_contract() -> None:
    # SPEC §9: every sheet ends with a 情况说明 column for the unit's explanations
    assert {k.sheet: " ".join(f.label for f in k.fields) for k in KINDS} == {
        sheet: f"{headers} 情况说明" for sheet, headers in SPEC_HEADERS.items()
    }
    assert MACHINE_HEADERS == ("填报单位", "记录ID", "版本")


def test_every_input_field_is_a_column_and_every_column_a_field() -> None:
    for kind in KINDS:
        columns = {c.key for c in inspect(kind.model).columns}
        assert {f.key for f in kind.input_fields} == columns - COMMON - PLAN_LINK, kind.sheet


def test_required_fields_and_row_rules() -> None:
    task = KINDS[0]
    assert task.check_row({"period": "2025Q1", "task_number": 3, "status": "未启动"}) == []
    assert task.check_row({"period": "2025Q1", "task_number": 3, "status": "推进中"}) == [
        ("progress", "推进状态不是“未启动”时，“进展情况”为必填项")
    ]
    assert ("status", "“推进状态”为必填项") in task.check_row({"period": "2025Q1", "task_number": 3})


def test_the_import_reader_of_every_field_agrees_with_parse() -> None:
    """Field.read takes the usual cell at once and leaves the rest to parse(): for any cell a
    spreadsheet can hold, both give the same value or the same message."""
    from datetime import date, datetime

    from app.vocabulary.validators import InvalidValue

    cells: list[object] = [
        None, "", "  ", "\t", "x", " 推进中 ", "推进中", "已完成", "是", "否", "2025Q1", "2025q1 ", "2025年第一季度",
        "202310123456.X", " ZL202310123456.X", "202310123456.9", "91310107MA1G8XXX1X", "91310107MA1G8XXX1",
        "12", "1,000", "3万元", "-1", "abc", "1；2", "x" * 40_000,
        0.0, -0.0, 1.0, 3.5, 53.0, 54.0, -2.0, 12.0000001, 1e20, 2.0**53 + 2, 9.99e307, 1e308,
        float("nan"), float("inf"), -float("inf"), True, False, 7,
        date(2025, 3, 1), datetime(2025, 3, 1, 0, 0), datetime(2025, 3, 1, 12, 30), 45000.0,
    ]  # fmt: skip

    def outcome(fn, cell):  # noqa: ANN001, ANN202
        try:
            return ("value", fn(cell))
        except InvalidValue as exc:
            return ("refused", str(exc))

    for kind in KINDS:
        for f in kind.input_fields:
            for cell in cells:
                assert outcome(f.read, cell) == outcome(f.parse, cell), (kind.key, f.key, cell)


def test_a_row_check_says_as_its_quick_form_does_whether_a_row_breaks_it() -> None:
    """The reader asks a check's quick form (check.broken) of a batch's distinct combinations; a
    combination it passes must be one the check itself passes, and the other way round."""
    import itertools

    numbers = [None, "", "202310123456.6", "202320123457.4", "202330123458.1", "98123456.5", "202380123459.X"]
    samples = {
        "status": [None, "", "未启动", "推进中", "已完成", "滞后"],
        "progress": [None, "", "做了一些工作"],
        "patent_no": numbers,
        "patent_type": [None, "", "发明", "实用新型", "外观设计"],
    }
    quick = [c for kind in KINDS for c in kind.row_checks if getattr(c, "broken", None) is not None]
    assert len(quick) == 2
    for check in quick:
        for values in itertools.product(*[samples[k] for k in check.reads]):
            assert check.broken(*values) == bool(check(dict(zip(check.reads, values, strict=True)))), values


def test_a_column_read_in_one_go_gives_what_its_cells_read_one_by_one_give() -> None:
    """Field.read_column serves the usual column (texts that fit a cell, numbers in range, blanks
    among them) in one go: the same values as Field.read cell by cell; any other column it leaves
    to be read cell by cell (None), where the cell at fault is named."""
    from app.vocabulary.validators import InvalidValue

    columns: list[list[object]] = [
        [" 一 ", "二", "  ", "x" * 32_767], ["a", None, " b", ""], ["x" * 32_768, "a"], [None, "a", "x" * 40_000],
        [1.0, 2.5, 0.0, -0.0, 53.0], [None, 3.0, None], [1.0, -1.0], [1.0, float("nan")], [float("nan"), 1.0],
        [1e308, 1.0], [float("inf")], [2.0**53, 1.0], [2.0**53 + 2], [12.0000001, 3.0], [54.0, 1.0], [1.0, "2"],
        [1.23456789, 9.99e307], [None, None], ["", None], ["", " "], [], ["a", 1.0], [True, 1.0], [1.0, "", None, 2.0],
        ["", " \t", 3.5], ["1,000", 2.0], [" 3 ", ""], ["", -2.0], ["", float("nan")], [12.5, "", 7.0],
    ]  # fmt: skip

    def cell_by_cell(f, cells):  # noqa: ANN001, ANN202
        try:
            return [f.read(c) for c in cells]
        except InvalidValue:
            return "refused"

    served = 0
    for kind in KINDS:
        for f in kind.input_fields:
            if f.read_column is None:
                continue
            for cells in columns:
                found = set(map(type, cells))
                one_go = f.read_column(cells, found)
                if one_go is not None:
                    served += 1
                    expected = cell_by_cell(f, cells)
                    assert one_go == expected, (kind.key, f.key, cells)
                    assert [type(x) for x in one_go] == [type(x) for x in expected], (kind.key, f.key, cells)
                    assert [str(x) for x in one_go] == [str(x) for x in expected]  # (-0.0 stays -0.0)
    assert served > 20


_NUMBERS = st.sampled_from(
    ["202310123456.6", "202320123456.1", "202330123456.7", "202380123456.X", "202390123456.2", "98123456.7"]
    + ["202310123456.6 ", "２０２３１０１２３４５６.６", "202310123456", "", None, 5.0, "20231012345.66"]
)
_TYPES = st.sampled_from(["发明", "实用新型", "外观设计", "发明 ", "", None, "发", "其他", 1.0])


@given(st.lists(st.tuples(_NUMBERS, _TYPES), min_size=1, max_size=6))
def test_a_patent_type_checked_for_whole_columns_says_what_each_row_says(rows) -> None:  # noqa: ANN001
    """The reader decides 专利类型 against 专利号 for a batch's whole columns at once (check.holds):
    it holds only when no row breaks the check as the row-by-row check says (unsure: each row)."""
    from app.vocabulary.kinds import _patent_type_matches_number as check

    numbers, types = [n for n, _t in rows], [t for _n, t in rows]
    if check.holds(numbers, types):
        assert not any(check.broken(n, t) for n, t in rows)
        assert not any(check({"patent_no": n, "patent_type": t}) for n, t in rows)
    normal = [n for n in numbers if type(n) is str and n.isascii() and len(n) == 14 and n[12] == "."]
    assert check.holds(normal, list(map(patent_type_of, normal))) or not normal  # (taken at once when right)


_LISTS = st.sampled_from(
    ["202310123456.6", "202310123456.6；202320123456.1", "202310123456.5", "202310123456.6；", "；202310123456.6"]
    + [
        "202310123456.6;202320123456.1",
        "202310123456.6； 202320123456.1",
        "沪2023001",
        "",
        None,
        3.0,
        "２０２３１０１２３４５６.６",
    ]
)


@given(st.lists(st.tuples(st.sampled_from(["专利", "商标", "组合", "", None]), _LISTS), min_size=1, max_size=6))
def test_pledged_lists_checked_for_whole_columns_say_what_each_row_says(rows) -> None:  # noqa: ANN001
    """质物清单 under 质物类型 专利 is checked for a batch's whole columns at once (check.holds): it
    holds only when no row's check finds a problem (unsure: each row is checked)."""
    from app.vocabulary.kinds import _pledged_patents_are_patent_numbers as check

    types, lists = [t for t, _items in rows], [items for _t, items in rows]
    if check.holds(types, lists):
        assert not any(check({"collateral_type": t, "collateral_list": items}) for t, items in rows)
    right = ["202310123456.6；202320123456.1", "", "202330123456.7", "沪2023001"]
    assert check.holds(["专利", "专利", "专利", "商标"], right)  # (taken at once when right)
