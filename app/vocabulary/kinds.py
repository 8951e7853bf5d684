"""The seven record kinds, each described once (SPEC §2).

A Kind names its exchange sheet and its fields; a Field names its column header, type, whether it is
required and its allowed values. The forms, the table columns, the workbook sheets, import validation
and merge matching are all driven from these descriptions, so adding a field is one edit here plus a
column and a migration in db/.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from app.vocabulary import validators as v
from app.vocabulary.periods import parse_period

if TYPE_CHECKING:
    from db import models


class FieldType(str, Enum):
    TEXT = "text"
    LONGTEXT = "longtext"
    INT = "int"
    AMOUNT = "amount"  # 万元
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    CHOICES = "choices"  # several of the allowed values
    YES_NO = "yes_no"
    PATENT_NO = "patent_no"
    CREDIT_CODE = "credit_code"
    PERIOD = "period"
    LIST = "list"  # numbers separated by ；


# Columns a spreadsheet must keep as typed: in a General cell Excel and WPS turn 021-6123 4567 into
# a number without its 0, 2025-03 into a date and a long patent number into 2.02E+12.
TEXT_TYPES = frozenset(
    {
        FieldType.TEXT,
        FieldType.LONGTEXT,
        FieldType.CHOICE,
        FieldType.CHOICES,
        FieldType.YES_NO,
        FieldType.PATENT_NO,
        FieldType.CREDIT_CODE,
        FieldType.PERIOD,
        FieldType.LIST,
    }
)


@dataclass(frozen=True)
class Field:
    key: str  # attribute of the db model
    label: str  # the exchange header, a data constant (not a translation)
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    lo: int = 0
    hi: int | None = None
    derived: bool = False  # filled on export from the catalogue; ignored on import
    width: int = 14  # column width in the workbook, in characters
    hint: str = ""  # shown in the template and as a tooltip

    def parse(self, raw: object) -> object:
        """The stored value of a cell, None when blank; raises InvalidValue."""
        if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
            return None
        kind = type(raw)
        if (kind is str and len(raw) > v.MAX_TEXT) or (kind is float and not -v.MAX_NUMBER <= raw <= v.MAX_NUMBER):
            v.check_holdable(raw)  # raises: a value no spreadsheet cell can hold
        return _PARSERS[self.type](self, raw)

    @cached_property
    def read(self) -> Callable[[object], object]:
        """parse() for the cells of an import, one call per cell of a year's submissions: the usual
        cell (clean text, an allowed value, a number in range, a date) is taken at once, any other
        goes through parse()."""
        return _fast_reader(self)

    @cached_property
    def read_text(self) -> Callable[[str], object] | None:
        """What read() does with a text cell that is not blank and fits a cell, for the types whose
        value a cached parser decides from the text alone (period, patent number, credit code): a
        column of such cells is read by it without read()'s tests cell by cell. None for others."""
        return _CACHED.get(self.type)

    @cached_property
    def read_column(self) -> Callable[[Sequence[object], set[type]], list[object] | None] | None:
        """read() over a column of cells whose types are known (`found`: the set of them), in one
        go for the usual column (texts that fit a cell, numbers in range, blanks among them): the
        same values as read() cell by cell, or None when the column is not usual (read it cell by
        cell then, which names what is wrong). None for the types it does not serve."""
        return _column_reader(self)

    @cached_property
    def normal_column(self) -> Callable[[Sequence[str]], bool] | None:
        """For a column of texts: whether every one is already the value read() gives for it and
        none warns (a column of patent numbers as the app exports them), decided for the whole
        column at once; False sends the column the usual way. None for types without it."""
        return _NORMAL_COLUMNS.get(self.type)

    @cached_property
    def text_warning(self) -> Callable[[str], str | None] | None:
        """warning() of a text value, for the types that may warn (None: no text ever warns)."""
        return v.credit_code_warning if self.type is FieldType.CREDIT_CODE else None

    def warning(self, value: object) -> str | None:
        if self.type is FieldType.CREDIT_CODE and isinstance(value, str):
            return v.credit_code_warning(value)
        return None

    def display(self, value: object) -> str:
        """The value as a person reads it in a table or a text cell."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return v.YES if value else v.NO
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return f"{value:,.4f}".rstrip("0").rstrip(".") if self.type is FieldType.AMOUNT else f"{value:g}"
        return str(value)


def _text(f: Field, raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else v.normalize_text(raw)


def _choice(f: Field, raw: object) -> str:
    return raw if raw in f.choices else v.parse_choice(raw, f.choices)  # the common case first


@lru_cache(maxsize=4096)
def _period_code(raw: object) -> str:
    return parse_period(raw).code


def _cached_period(raw: object) -> str:
    try:
        return _period_code(raw)
    except ValueError as exc:
        raise v.InvalidValue(str(exc)) from None


# One parser per field type, looked up once per cell (the import validates every cell).
_PARSERS: dict[FieldType, Callable[[Field, object], object]] = {
    FieldType.TEXT: _text,
    FieldType.LONGTEXT: _text,
    FieldType.INT: lambda f, raw: v.parse_int(raw, lo=f.lo, hi=f.hi),
    FieldType.AMOUNT: lambda f, raw: v.parse_number(raw, what="金额", unit=v.WAN_YUAN),
    # (an indicator's 数值, whose unit the indicator decides: “5000万元” keeps its unit, see WrittenIn)
    FieldType.NUMBER: lambda f, raw: v.parse_number(raw, what="数值", unit=v.AS_WRITTEN),
    FieldType.DATE: lambda f, raw: v.parse_date(raw),
    FieldType.CHOICE: _choice,
    FieldType.CHOICES: lambda f, raw: v.parse_choices(raw, f.choices),
    FieldType.YES_NO: lambda f, raw: v.parse_yes_no(raw),
    FieldType.PATENT_NO: lambda f, raw: v.parse_patent_no(raw),
    FieldType.CREDIT_CODE: lambda f, raw: v.parse_credit_code(raw),
    FieldType.PERIOD: lambda f, raw: _cached_period(raw),
    FieldType.LIST: lambda f, raw: v.parse_list(raw),
}


_CACHED: dict[FieldType, Callable[[str], object]] = {
    FieldType.PERIOD: _cached_period,
    FieldType.PATENT_NO: v.parse_patent_no,
    FieldType.CREDIT_CODE: v.parse_credit_code,
}


_NORMAL_COLUMNS: dict[FieldType, Callable[[Sequence[str]], bool]] = {
    FieldType.PATENT_NO: v.normal_patent_numbers,
    FieldType.CREDIT_CODE: v.normal_credit_codes,
}


def _fast_reader(f: Field) -> Callable[[object], object]:
    parse = f.parse
    if f.type in (FieldType.TEXT, FieldType.LONGTEXT):

        def read(raw: object) -> object:
            return (raw.strip() or None) if type(raw) is str and len(raw) <= v.MAX_TEXT else parse(raw)

    elif f.type is FieldType.CHOICE:
        allowed = frozenset(f.choices)

        def read(raw: object) -> object:
            return raw if raw in allowed else parse(raw)

    elif f.type is FieldType.INT:
        lo, hi = f.lo, v.MAX_INTEGER if f.hi is None else f.hi

        def read(raw: object) -> object:
            return int(raw) if type(raw) is float and lo <= raw <= hi and raw.is_integer() else parse(raw)

    elif f.type in (FieldType.AMOUNT, FieldType.NUMBER):

        def read(raw: object) -> object:
            return round(raw, 6) if type(raw) is float and 0 <= raw <= v.MAX_NUMBER else parse(raw)

    elif f.type is FieldType.DATE:

        def read(raw: object) -> object:
            return raw if type(raw) is date else parse(raw)

    elif f.type in _CACHED:  # a text the cached parser decides from the text alone
        cached = _CACHED[f.type]

        def read(raw: object) -> object:
            if type(raw) is str and raw and len(raw) <= v.MAX_TEXT and not raw.isspace():
                return cached(raw)
            return parse(raw)

    else:
        return parse
    return read


_STR, _STR_OR_NONE = frozenset({str}), frozenset({str, type(None)})
_FLOAT, _FLOAT_TEXT_OR_NONE = frozenset({float}), frozenset({float, str, type(None)})


def _in_range(numbers: Sequence[float], lo: float, hi: float) -> bool:
    """Whether every number lies within lo..hi (a NaN makes the sum NaN: not within)."""
    if not numbers:
        return True
    total = sum(numbers)
    return total == total and lo <= min(numbers) and max(numbers) <= hi


def _column_reader(f: Field) -> Callable[[Sequence[object], set[type]], list[object] | None] | None:
    if f.type in (FieldType.TEXT, FieldType.LONGTEXT):

        def column(cells: Sequence[object], found: set[type]) -> list[object] | None:
            if found == _STR and max(map(len, cells), default=0) <= v.MAX_TEXT:
                return [t or None for t in map(str.strip, cells)]
            if found == _STR_OR_NONE and max(map(len, filter(None, cells)), default=0) <= v.MAX_TEXT:
                return [None if c is None else c.strip() or None for c in cells]
            return None

    elif f.type in (FieldType.AMOUNT, FieldType.NUMBER, FieldType.INT):
        if f.type is FieldType.INT:
            lo, hi = f.lo, v.MAX_INTEGER if f.hi is None else f.hi
            convert: Callable[[float], object] = int
        else:
            lo, hi = 0, v.MAX_NUMBER
            convert = _round6

        def column(cells: Sequence[object], found: set[type]) -> list[object] | None:
            if found == _FLOAT:
                numbers = cells
            elif found <= _FLOAT_TEXT_OR_NONE:  # blank cells among numbers: "" as a reader gives them
                numbers = [c for c in cells if type(c) is float]
                if str in found and any(c.strip() for c in cells if type(c) is str):
                    return None  # a number written as text (“1,000”, “3万元”): read cell by cell
            else:
                return None
            if not _in_range(numbers, lo, hi) or (convert is int and not all(map(float.is_integer, numbers))):
                return None
            if numbers is cells:
                return list(map(convert, cells))
            return [convert(c) if type(c) is float else None for c in cells]

    else:
        return None
    return column


def _round6(number: float) -> float:
    return round(number, 6)


RowCheck = Callable[[Mapping[str, object]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Kind:
    key: str
    sheet: str  # exchange sheet name
    title: str  # English title, translated in the UI
    # The db.models class, by name: loaded when first asked for (Kind.model), so that what only
    # reads workbooks (the read-ahead helper process) never loads SQLAlchemy and the ORM.
    model_name: str
    fields: tuple[Field, ...]
    # Ways to match a row that has no 记录ID; the first whose fields are all filled is used.
    natural_keys: tuple[tuple[str, ...], ...]
    # What makes two units' records the same real-world item (a likely duplicate: flagged at import,
    # listed in 疑似重复, counted once in every total); the first whose fields are all filled is used.
    # Empty: every unit's record is its own (its task reports, its indicator values, summed).
    same_item: tuple[tuple[str, ...], ...] = ()
    period_field: str | None = None  # rows bound to a reporting period
    date_field: str | None = None  # dated rows travel in the period their date falls in
    filter_field: str | None = None  # the choice a table is filtered by (status, type)
    row_checks: tuple[RowCheck, ...] = field(default=())
    # How a person names one record, e.g. "202310123456.6 一种检测装置" (import preview, history).
    name_format: str = ""

    def __repr__(self) -> str:
        return f"Kind({self.key})"

    def __reduce__(self) -> tuple[object, tuple[str]]:  # pickled as its name: rows read in another process
        return (kind_on_sheet, (self.sheet,))

    @cached_property
    def model(self) -> type[models.RecordMixin]:
        from db import models

        return getattr(models, self.model_name)

    @cached_property  # read for every cell of an import
    def input_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.derived)

    @cached_property
    def _by_key(self) -> dict[str, Field]:
        return {f.key: f for f in self.fields}

    @cached_property
    def _required(self) -> tuple[tuple[str, str], ...]:
        return tuple((f.key, f"“{f.label}”为必填项") for f in self.input_fields if f.required)

    def field(self, key: str) -> Field:
        return self._by_key[key]  # a dict: read for every cell named in the merge and the forms

    def check_row(self, values: Mapping[str, object]) -> list[tuple[str, str]]:
        """Rules across fields: (field key, message) for each broken one."""
        problems = [(key, message) for key, message in self._required if values.get(key) is None]
        for check in self.row_checks:
            problems += check(values)
        return problems

    def reports_nothing(self, values: Mapping[str, object]) -> bool:
        """A period-bound row that names only what it is about (task and period, station and
        period) reports nothing: the row a pre-filled workbook lays out and the clerk left blank."""
        if not self.period_field:
            return False
        keys = {k for keys in self.natural_keys for k in keys}
        return all(values.get(f.key) in (None, "") for f in self.input_fields if f.key not in keys)

    def complete(self, values: dict[str, object]) -> None:
        """Fill what can be derived from other fields (e.g. the patent type from its number)."""
        if "patent_type" in values and not values.get("patent_type") and values.get("patent_no"):
            values["patent_type"] = v.patent_type_of(str(values["patent_no"]))

    def describe(self, values: Mapping[str, object]) -> str:
        """The record as a person knows it: patent number and title, company, station, task …"""
        shown = _Shown(self, values)
        return " ".join(self.name_format.format_map(shown).split())

    def natural_key(self, values: Mapping[str, object]) -> tuple[object, ...] | None:
        for keys in self.natural_keys:  # read for every row of an import
            parts = tuple([values.get(k) for k in keys])
            if None not in parts and "" not in parts:
                return (keys, *parts)
        return None

    def same_item_key(self, values: Mapping[str, object]) -> tuple[object, ...] | None:
        """The real-world item a record is about, as `same_item` defines it for the kind; texts
        compared without their spaces (“长寿路 商标品牌指导站” is the same station)."""
        for keys in self.same_item:
            parts = tuple([_compared(values.get(k)) for k in keys])
            if None not in parts and "" not in parts:
                return (keys, *parts)
        return None


def _compared(value: object) -> object:
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 5000.0 from a workbook, 5000 from the ledger
    return value


class _Shown(dict):
    """Field values as displayed, looked up by key while a name_format is filled in."""

    def __init__(self, kind: Kind, values: Mapping[str, object]) -> None:
        super().__init__()
        self.kind, self.values = kind, values

    def __missing__(self, key: str) -> str:
        return self.kind.field(key).display(self.values.get(key))


# Columns every data sheet carries after the kind's own (SPEC §2).
UNIT_HEADER = "填报单位"
ID_HEADER = "记录ID"
REVISION_HEADER = "版本"
MACHINE_HEADERS = (UNIT_HEADER, ID_HEADER, REVISION_HEADER)

# 情况说明 (SPEC §9): where a unit explains a value the import will flag as unusual, or answers a
# comment of the bureau. Every kind ends with it; it is an ordinary, optional text field.
EXPLANATION = Field("explanation", "情况说明", FieldType.LONGTEXT, width=24, hint="数值异常或对区局意见的说明")

STATUSES = ("未启动", "推进中", "已完成", "持续推进", "滞后")
F = FieldType


def _reading(
    *keys: str, broken: Callable[..., bool] | None = None, holds: Callable[..., bool] | None = None
) -> Callable[[RowCheck], RowCheck]:
    """Marks a row check that reads only these fields (`check.reads`): the reader checks a batch of
    rows once per distinct combination of them, not row by row. `broken` (`check.broken`), given
    those fields' values in order, says whether the check finds a problem (without a mapping made
    and a message written for each of a year's 170,000 combinations). `holds` (`check.holds`),
    given those fields' columns, True when no row of them breaks the check, decided for the columns
    at once; False when it cannot tell (each combination is checked then)."""

    def mark(check: RowCheck) -> RowCheck:
        setattr(check, "reads", keys)  # noqa: B010 - an attribute of a function
        setattr(check, "broken", broken)  # noqa: B010
        setattr(check, "holds", holds)  # noqa: B010
        return check

    return mark


@_reading("status", "progress", broken=lambda status, progress: status not in (None, "未启动") and not progress)
def _progress_unless_not_started(values: Mapping[str, object]) -> list[tuple[str, str]]:
    if values.get("status") not in (None, "未启动") and not values.get("progress"):
        return [("progress", "推进状态不是“未启动”时，“进展情况”为必填项")]
    return []


def _types_match_numbers(numbers: Sequence[object], given: Sequence[object]) -> bool:
    """Whether every row has a number in its normal form and the type its type digit says: the
    type digits of the joined numbers and the given types compared as two strings of initials."""
    if set(map(type, numbers)) != _STR or set(map(type, given)) != _STR or set(map(len, numbers)) != {14}:
        return False
    joined = "".join(numbers)
    if joined[12::14] != "." * len(numbers):
        return False
    return joined[4::14].translate(_TYPE_INITIALS) == "".join(map(_INITIALS.get, given, itertools.repeat("?")))


_INITIALS = {t: t[0] for t in set(v.PATENT_TYPES.values())}  # 发明 → 发 (the three differ in their first character)
_TYPE_INITIALS = str.maketrans({d: "?" for d in "0123456789"} | {d: t[0] for d, t in v.PATENT_TYPES.items()})


@_reading(
    "patent_no",
    "patent_type",
    broken=lambda number, given: bool(number and given) and v.patent_type_of(str(number)) != given,
    holds=_types_match_numbers,
)
def _patent_type_matches_number(values: Mapping[str, object]) -> list[tuple[str, str]]:
    number, given = values.get("patent_no"), values.get("patent_type")
    if number and given and v.patent_type_of(str(number)) != given:
        return [("patent_type", f"专利类型“{given}”与专利号 {number} 的类型位（{v.patent_type_of(str(number))}）不符")]
    return []


def _pledged_lists_are_patent_numbers(types: Sequence[object], lists: Sequence[object]) -> bool:
    """Whether the 质物清单 of every row pledging 专利 holds patent numbers in their normal form with
    their right check digits only (parse_patent_no takes each as it is): all of them checked at once."""
    pledged = [items for given, items in zip(types, lists, strict=True) if given == "专利" and items]
    if not pledged:
        return True
    if set(map(type, pledged)) != _STR:
        return False
    return v.normal_patent_numbers("；".join(pledged).split("；"))


@_reading("collateral_type", "collateral_list", holds=_pledged_lists_are_patent_numbers)
def _pledged_patents_are_patent_numbers(values: Mapping[str, object]) -> list[tuple[str, str]]:
    """质物类型 专利: every item of 质物清单 is a patent number (a 组合 may mix kinds: there only the
    items that look like patent numbers are checked, by the field itself)."""
    items = values.get("collateral_list")
    if values.get("collateral_type") == "专利" and items:
        problem = v.patent_list_problem(str(items))
        if problem:
            return [("collateral_list", problem)]
    return []


TASK_PROGRESS = Kind(
    key="task_progress",
    sheet="任务进展",
    title="Task progress",
    model_name="TaskProgress",
    fields=(
        Field("period", "报告期", F.PERIOD, required=True, width=10, hint="如 2025Q1"),
        Field("task_number", "任务编号", F.INT, required=True, lo=1, hi=53, width=9),
        Field("task_text", "任务内容", derived=True, width=40),
        Field("status", "推进状态", F.CHOICE, required=True, choices=STATUSES, width=10),
        Field("progress", "进展情况", F.LONGTEXT, width=40, hint="推进状态不是“未启动”时必填"),
        Field("results", "量化成果", F.LONGTEXT, width=24),
        Field("problems", "存在问题", F.LONGTEXT, width=24),
        Field("next_steps", "下步计划", F.LONGTEXT, width=24),
        Field("evidence", "佐证材料", width=20),
        Field("reporter", "填报人", width=10),
        Field("phone", "联系电话", width=14),
        Field("report_date", "填报日期", F.DATE, width=12),
        EXPLANATION,
    ),
    filter_field="status",
    name_format="任务 {task_number}（{period}）",
    natural_keys=(("unit", "period", "task_number"),),
    period_field="period",
    row_checks=(_progress_unless_not_started,),
)

BRAND_STATION = Kind(
    key="brand_station",
    sheet="商标品牌指导站",
    title="Trademark brand stations",
    model_name="BrandStation",
    fields=(
        Field("name", "站点名称", required=True, width=24),
        Field("host_org", "依托单位", required=True, width=24),
        Field("host_credit_code", "依托单位统一社会信用代码", F.CREDIT_CODE, width=22),
        Field("street", "所属街道镇", required=True, width=12),
        Field("address", "地址", width=28),
        Field("opened_on", "揭牌日期", F.DATE, width=12),
        Field("status", "站点状态", F.CHOICE, required=True, choices=("筹建中", "已揭牌", "已撤销"), width=10),
        Field("new_under_plan", "本方案新建", F.YES_NO, width=10),
        Field(
            "service_types",
            "服务类型",
            F.CHOICES,
            choices=("注册咨询", "品牌培育", "维权援助", "地理标志", "其他"),
            width=24,
            hint="可多选，用“；”分隔",
        ),
        Field("manager", "负责人", width=10),
        Field("phone", "联系电话", width=14),
        EXPLANATION,
    ),
    filter_field="status",
    name_format="{name}",
    natural_keys=(("unit", "name"),),
    same_item=(("name", "host_org", "address"), ("name", "host_org", "street")),
)

STATION_SERVICE = Kind(
    key="station_service",
    sheet="指导站服务",
    title="Station services",
    model_name="StationService",
    fields=(
        Field("station_name", "站点名称", required=True, width=24),
        Field("period", "报告期", F.PERIOD, required=True, width=10),
        Field("companies_served", "服务企业数", F.INT, width=11),
        Field("consultations", "咨询次数", F.INT, width=10),
        Field("trainings", "培训活动场次", F.INT, width=12),
        Field("trademark_filings", "辅导商标申请量", F.INT, width=14),
        Field("enforcement_cases", "维权援助件数", F.INT, width=12),
        Field("note", "备注", F.LONGTEXT, width=24),
        EXPLANATION,
    ),
    name_format="{station_name}（{period}）",
    natural_keys=(("unit", "station_name", "period"),),
    same_item=(("station_name", "period"),),
    period_field="period",
)

PATENT_LISTING = Kind(
    key="patent_listing",
    sheet="专利超市挂牌",
    title="Patent supermarket listings",
    model_name="PatentListing",
    fields=(
        Field("patent_no", "专利号", F.PATENT_NO, required=True, width=17),
        Field("title", "专利名称", required=True, width=28),
        Field(
            "patent_type",
            "专利类型",
            F.CHOICE,
            choices=("发明", "实用新型", "外观设计"),
            width=10,
            hint="空白时按专利号推定",
        ),
        Field("holder", "专利权人", required=True, width=22),
        Field("holder_type", "权利人类型", F.CHOICE, choices=("高校", "科研院所", "企业", "个人", "其他"), width=10),
        Field("holder_credit_code", "权利人统一社会信用代码", F.CREDIT_CODE, width=22),
        Field("tech_field", "技术领域", width=14),
        Field("legal_status", "法律状态", F.CHOICE, choices=("有效", "审中", "失效"), width=10),
        Field(
            "deal_mode",
            "交易方式",
            F.CHOICE,
            required=True,
            choices=("转让", "普通许可", "独占许可", "排他许可", "开放许可"),
            width=10,
        ),
        Field("price", "挂牌价格(万元)", F.AMOUNT, width=13),
        Field("open_licence_fee", "开放许可费标准", width=18),
        Field("listed_on", "挂牌日期", F.DATE, required=True, width=12),
        Field("listing_status", "挂牌状态", F.CHOICE, required=True, choices=("在架", "已成交", "已下架"), width=10),
        EXPLANATION,
    ),
    filter_field="listing_status",
    name_format="{patent_no} {title}",
    natural_keys=(("patent_no",),),
    same_item=(("patent_no",),),
    row_checks=(_patent_type_matches_number,),
)

PATENT_DEAL = Kind(
    key="patent_deal",
    sheet="专利交易",
    title="Patent deals",
    model_name="PatentDeal",
    fields=(
        Field("deal_type", "交易类型", F.CHOICE, required=True, choices=("转让", "许可", "开放许可"), width=10),
        Field("patent_no", "专利号", F.PATENT_NO, required=True, width=17),
        Field("title", "专利名称", width=28),
        Field("grantor", "让与方或许可方", required=True, width=22),
        Field("grantee", "受让方或被许可方", required=True, width=22),
        Field("grantee_credit_code", "受让方统一社会信用代码", F.CREDIT_CODE, width=22),
        Field("grantee_street", "受让方所属街道镇", width=14),
        Field("amount", "交易金额(万元)", F.AMOUNT, width=13),
        Field("contract_date", "合同日期", F.DATE, required=True, width=12),
        Field("filing_date", "备案日期", F.DATE, width=12),
        Field("via_supermarket", "经专利超市撮合", F.YES_NO, width=13),
        EXPLANATION,
    ),
    filter_field="deal_type",
    name_format="{patent_no} {title} → {grantee}",
    natural_keys=(("patent_no", "grantee", "contract_date"),),
    same_item=(("patent_no", "grantee", "contract_date"),),
    date_field="contract_date",
)

PLEDGE_FINANCING = Kind(
    key="pledge_financing",
    sheet="质押融资",
    title="IP pledge financing",
    model_name="PledgeFinancing",
    fields=(
        Field("company", "出质企业", required=True, width=22),
        Field("credit_code", "统一社会信用代码", F.CREDIT_CODE, required=True, width=22),
        Field("street", "所属街道镇", width=12),
        Field("pledgee", "质权人", required=True, width=20, hint="银行或担保机构"),
        Field(
            "collateral_type",
            "质物类型",
            F.CHOICE,
            required=True,
            choices=("专利", "商标", "著作权", "数据知识产权", "组合"),
            width=12,
        ),
        Field(
            "collateral_list", "质物清单", F.LIST, width=28, hint="多个号码用“；”分隔；专利写专利号，如 202310123456.6"
        ),
        Field("amount", "融资金额(万元)", F.AMOUNT, required=True, width=13),
        Field("registration_no", "质押登记号", width=20),
        Field("registered_on", "登记日期", F.DATE, required=True, width=12),
        Field("term_months", "融资期限(月)", F.INT, width=11),
        Field("interest_subsidy", "贴息金额(万元)", F.AMOUNT, width=13),
        Field("risk_compensation", "风险补偿", F.YES_NO, width=9),
        Field("insurance_type", "保险险种", width=14),
        Field("insurance_amount", "保险金额(万元)", F.AMOUNT, width=13),
        EXPLANATION,
    ),
    filter_field="collateral_type",
    name_format="{company} {registration_no}",
    natural_keys=(("registration_no",), ("credit_code", "registered_on", "amount")),
    same_item=(("registration_no",), ("credit_code", "registered_on", "amount")),
    date_field="registered_on",
    row_checks=(_pledged_patents_are_patent_numbers,),
)

# What a reported indicator value is: the year's reports take each unit's latest value of the year
# (app.reports.consolidated.indicator_rows), so a quarter's value is the year so far, never the
# quarter alone, or the year's report would count only the fourth quarter.
INDICATOR_VALUE_HINT = "本年累计：填当年1月1日至报告期末的合计（如第二季度填1—6月合计）；比率类填报告期末的值"

INDICATOR_VALUE = Kind(
    key="indicator_value",
    sheet="指标",
    title="Indicators",
    model_name="IndicatorValue",
    fields=(
        Field("indicator_number", "指标编号", F.INT, required=True, lo=1, hi=7, width=9),
        Field("indicator_name", "指标名称", derived=True, width=30),
        Field("period", "报告期", F.PERIOD, required=True, width=10),
        Field("value", "数值", F.NUMBER, required=True, width=10, hint=INDICATOR_VALUE_HINT),
        Field("measure_unit", "计量单位", width=9),
        Field("note", "口径说明", F.LONGTEXT, width=30),
        EXPLANATION,
    ),
    name_format="指标 {indicator_number}（{period}）",
    natural_keys=(("indicator_number", "unit", "period"),),
    period_field="period",
)

KINDS: tuple[Kind, ...] = (
    TASK_PROGRESS,
    BRAND_STATION,
    STATION_SERVICE,
    PATENT_LISTING,
    PATENT_DEAL,
    PLEDGE_FINANCING,
    INDICATOR_VALUE,
)
BY_SHEET = {k.sheet: k for k in KINDS}


def kind_on_sheet(sheet: str) -> Kind:
    return BY_SHEET[sheet]
