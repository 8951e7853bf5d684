"""Cell validators of SPEC §3, Qt-free: each takes what a person or a spreadsheet put in a cell and
returns one normal form, or raises InvalidValue with a reason in Chinese.

Shared by the forms, the workbook import and the demo generator.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－／：　ＸｘＺＬｚｌＱＨ（）；",
    "0123456789.,-/: XxZLzlQH();",
)


class InvalidValue(ValueError):
    """A cell value that cannot be accepted; str(exc) is the reason shown to the user."""


# What one spreadsheet cell can hold (Excel's specifications and limits): a longer text or a larger
# number cannot have come from Excel or WPS and could not be written back into a workbook.
MAX_TEXT = 32_767
MAX_NUMBER = 9.99e307
MAX_INTEGER = 2**53  # larger whole numbers lose digits in a spreadsheet (and overflow SQLite's integers)


def check_holdable(raw: object) -> None:
    """Raise InvalidValue for text over 32,767 characters, NaN, infinities and numbers beyond ±9.99E+307."""
    if isinstance(raw, str) and len(raw) > MAX_TEXT:
        raise InvalidValue(f"文字长达 {len(raw):,} 个字符，超过单元格上限 {MAX_TEXT:,} 个字符")
    if isinstance(raw, float) and not -MAX_NUMBER <= raw <= MAX_NUMBER:
        if math.isnan(raw) or math.isinf(raw):
            raise InvalidValue("数值无效（非数字或无穷大）")
        raise InvalidValue(f"数值 {raw:g} 超出单元格能保存的范围（±9.99E+307）")


def normalize_text(raw: object) -> str:
    """Trim, turn full-width digits and punctuation into ASCII, drop inner spaces at the ends."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).translate(FULLWIDTH).strip()


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- patent application numbers -------------------------------------------------------------------

PATENT_TYPES = {"1": "发明", "2": "实用新型", "3": "外观设计", "8": "发明", "9": "实用新型"}
# ASCII digits only: \d (and str.isdigit, int()) take other scripts' digits too (٣, ३), which would
# be stored as a patent number no search, column check (normal_patent_numbers) or office reads
_PATENT = re.compile(r"(?:ZL|CN)?([0-9]{8}|[0-9]{12})\.?([0-9X])\Z")


def patent_check_digit(digits: str) -> str:
    """Weights 2,3,…,9 repeating over the digits; sum mod 11; 10 is written X."""
    offset = _CHECK_OFFSETS.get(len(digits))
    if offset is not None and digits.isascii():  # each digit's byte less b"0": no int() a digit (every new patent's)
        return "0123456789X"[(sum(map(operator.mul, digits.encode(), _CHECK_WEIGHTS)) - offset) % 11]
    total = sum(map(operator.mul, map(int, digits), itertools.cycle(range(2, 10))))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


_CHECK_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9) * 2
_CHECK_OFFSETS = {n: 48 * sum(_CHECK_WEIGHTS[:n]) for n in range(1, len(_CHECK_WEIGHTS) + 1)}  # b"0" of n digits
# A number already in its normal form, as the app exports it and most files carry it: checked
# without the normalising (ASCII digits only: \d would take other scripts' digits too)
_NORMAL_PATENT = re.compile(r"[0-9]{4}[12389][0-9]{7}\.[0-9X]\Z")


@lru_cache(maxsize=16384)  # a unit's registry repeats in each quarter's file (its files come together)
def parse_patent_no(raw: object) -> str:
    """Normal form 202310123456.X: accepts a ZL prefix, spaces, full-width digits, no dot."""
    if type(raw) is str and _NORMAL_PATENT.match(raw) and patent_check_digit(raw[:12]) == raw[13]:
        return raw
    text = re.sub(r"\s+", "", normalize_text(raw)).upper()
    if not text:
        raise InvalidValue("专利号为空")
    m = _PATENT.match(text)
    if not m:
        foreign = "".join(dict.fromkeys(c for c in text if c.isdigit() and not c.isascii()))
        if foreign:
            raise InvalidValue(f"专利号“{raw}”格式不对：含有数字 {foreign}，专利号只用 0–9（半角或全角）书写")
        bare = re.sub(r"^(?:ZL|CN)", "", text).replace(".", "")
        if bare.isascii() and bare.isdigit() and len(bare) in (8, 12):
            raise InvalidValue(f"专利号“{raw}”缺少校验位，正确写法应为 {bare}.{patent_check_digit(bare)}")
        raise InvalidValue(f"专利号“{raw}”格式不对，应为 年份4位+类型1位+流水号7位+“.”+校验位，如 202310123456.X")
    digits, check = m.groups()
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    if type_digit not in PATENT_TYPES:
        raise InvalidValue(f"专利号“{raw}”的类型位是 {type_digit}，应为 1、2、3、8 或 9")
    expected = patent_check_digit(digits)
    if check != expected:
        raise InvalidValue(f"专利号“{raw}”校验位错误：按号码计算应为 {expected}，请核对号码")
    return f"{digits}.{check}"


def normal_patent_numbers(texts: Sequence[str]) -> bool:
    """Whether every text is a patent number in its normal form with its right check digit (each
    one parse_patent_no gives back as it is), decided for a whole column at once: one pattern over
    the joined texts, and the check digits summed position by position over all the numbers (a
    column of 14,600 numbers in ~1 ms, not ~20)."""
    if not texts:
        return True
    joined = "\n".join(texts)
    if len(joined) != 15 * len(texts) - 1 or not _PATENT_LINES.fullmatch(joined):
        return False  # (a text holding a line break is not 14 characters long between two)
    data = joined.encode("ascii") + b"\n"  # 15 bytes a number
    # Each position's digits turned into their weighted term mod 11 (at most 10) by one table, the
    # terms of a number added as bytes of one large integer: 12 terms stay below 256, no carry.
    total = sum(int.from_bytes(data[i::15].translate(table), "little") for i, table in enumerate(_PATENT_TERMS))
    return total.to_bytes(len(texts), "little").translate(_PATENT_CHECKS) == data[13::15]


_PATENT_LINES = re.compile(r"(?:[0-9]{4}[12389][0-9]{7}\.[0-9X]\n)*[0-9]{4}[12389][0-9]{7}\.[0-9X]")
_PATENT_TERMS = [bytes(w * (b - 48) % 11 if 48 <= b <= 57 else 0 for b in range(256)) for w in _CHECK_WEIGHTS[:12]]
_PATENT_CHECKS = bytes(ord("0123456789X"[t % 11]) for t in range(256))  # a sum of terms → its check digit


def patent_search_text(text: str) -> str:
    """What a patent number typed into a search box (whole or in part, as printed on a certificate:
    "ZL 2024 2056 7890.3", full-width digits, no dot) looks like in the stored normal form."""
    try:
        return parse_patent_no(text)
    except InvalidValue:
        return re.sub(r"^(?:ZL|CN)", "", re.sub(r"\s+", "", normalize_text(text)).upper())


def patent_type_of(patent_no: str) -> str:
    if len(patent_no) == 14 and patent_no[12] == ".":  # the normal form (every row's check)
        return PATENT_TYPES[patent_no[4]]
    digits = patent_no.split(".")[0]
    return PATENT_TYPES[digits[4] if len(digits) == 12 else digits[2]]


# --- unified social credit codes (GB 32100-2015) ----------------------------------------------------

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    if len(first17) != len(CREDIT_WEIGHTS):
        raise ValueError(f"17 characters expected, not {len(first17)}")
    if first17.isascii():  # each character's value by one translate of its bytes (every new company's)
        values = first17.encode().translate(_CREDIT_VALUES)
        if 255 not in values:
            total = sum(map(operator.mul, values, CREDIT_WEIGHTS))
            return CREDIT_CHARS[(31 - total % 31) % 31]
    total = sum(map(operator.mul, map(CREDIT_CHARS.index, first17), CREDIT_WEIGHTS))  # (raises as it did)
    return CREDIT_CHARS[(31 - total % 31) % 31]


_CREDIT_VALUES = bytes(CREDIT_CHARS.find(chr(b)) % 256 for b in range(256))  # not one of them: 255
_NORMAL_CREDIT = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}\Z")  # CREDIT_CHARS, as the app exports a code


@lru_cache(maxsize=16384)  # the same companies come back in each quarter's file
def parse_credit_code(raw: object) -> str:
    """18 characters of 0-9 and A-Z without I, O, S, V, Z; the check is a separate warning."""
    if type(raw) is str and _NORMAL_CREDIT.match(raw):
        return raw
    text = re.sub(r"\s+", "", normalize_text(raw)).upper()
    if len(text) != 18:
        raise InvalidValue(f"统一社会信用代码“{raw}”应为18位，现为{len(text)}位")
    bad = sorted({c for c in text if c not in CREDIT_CHARS})
    if bad:
        raise InvalidValue(f"统一社会信用代码“{raw}”含有不允许的字符 {'、'.join(bad)}（不使用 I、O、S、V、Z）")
    return text


def credit_search_text(text: str) -> str:
    """A credit code typed into a search box, whole or in part, in the stored form."""
    return re.sub(r"\s+", "", normalize_text(text)).upper()


@lru_cache(maxsize=16384)
def credit_code_warning(code: str) -> str | None:
    """A failed check character is a warning the user may confirm: real codes with bad checks exist."""
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码 {code} 校验位应为 {expected}，请核对（确认无误可保留）"
    return None


def normal_credit_codes(texts: Sequence[str]) -> bool:
    """Whether every text is a credit code in its normal form (each one parse_credit_code gives
    back as it is) with its right check character (none of them warns), decided for a whole column
    at once as normal_patent_numbers does."""
    if not texts:
        return True
    joined = "\n".join(texts)
    if len(joined) != 19 * len(texts) - 1 or not _CREDIT_LINES.fullmatch(joined):
        return False
    data = joined.encode("ascii") + b"\n"  # 19 bytes a code
    n = len(texts)
    total = 0
    # Terms mod 31 (at most 30) added as bytes of one large integer, folded back mod 31 before a
    # byte could pass 255: after 8 terms, then 7 more (30 + 7 × 30), then the last 2.
    for start, end in ((0, 8), (8, 15), (15, 17)):
        if start:
            total = int.from_bytes(total.to_bytes(n, "little").translate(_MOD_31), "little")
        for i in range(start, end):
            total += int.from_bytes(data[i::19].translate(_CREDIT_TERMS[i]), "little")
    return total.to_bytes(n, "little").translate(_CREDIT_CHECKS) == data[17::19]


_CREDIT_LINES = re.compile(r"(?:[0-9A-HJ-NPQRTUWXY]{18}\n)*[0-9A-HJ-NPQRTUWXY]{18}")
_CREDIT_TERMS = [bytes(w * max(CREDIT_CHARS.find(chr(b)), 0) % 31 for b in range(256)) for w in CREDIT_WEIGHTS]
_MOD_31 = bytes(t % 31 for t in range(256))
_CREDIT_CHECKS = bytes(ord(CREDIT_CHARS[(31 - t % 31) % 31]) for t in range(256))


# --- dates, numbers, enumerations -----------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


_YYYYMMDD = (1900_01_01, 2999_12_31)  # no date serial number is this large (9999-12-31 is 2,958,465)


def parse_date(raw: object) -> date:
    """Excel dates, serial numbers, 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日 (or 1号), 20250301
    (also typed into a cell as a number, which the spreadsheet keeps as 20250301)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and _YYYYMMDD[0] <= raw <= _YYYYMMDD[1]:
        raw = str(int(raw)) if float(raw).is_integer() else raw  # 20250301 typed into a cell
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # A date cell that a spreadsheet turned into its serial number.
        if 1 <= raw < 2958466 and not (isinstance(raw, float) and math.isnan(raw)):
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        raise InvalidValue(f"“{raw}”不是日期")
    text = normalize_text(raw).replace(" ", "") if "年" in str(raw) else normalize_text(raw)
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise InvalidValue(f"日期“{raw}”不存在") from None
    raise InvalidValue(f"“{raw}”不是日期，应写作 2025-03-01、2025/3/1 或 2025年3月1日")


# An amount column counts in 万元: an amount typed with another money unit is converted to it.
WAN_YUAN = "万元"
_TO_WAN_YUAN = {"万元": 1, "万": 1, "亿元": 10_000, "亿": 10_000, "元": 0.0001}
# A column whose unit depends on the row (an indicator's 数值: 亿元 for one, 件 for another): a value
# typed with a money unit keeps it (WrittenIn), converted where the row's unit is known.
AS_WRITTEN = "as written"
MONEY_WRITTEN = {"万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元", "元": "元"}


class WrittenIn(float):
    """A number typed with its money unit (“5000万元”) in a column whose unit the row decides:
    app.store.catalogue.in_indicator_unit converts it to the indicator's unit."""

    __slots__ = ("unit",)

    def __new__(cls, value: float, unit: str) -> WrittenIn:
        number = super().__new__(cls, value)
        number.unit = unit
        return number

    def __reduce__(self) -> tuple[type[WrittenIn], tuple[float, str]]:  # rows read in another process
        return (WrittenIn, (float(self), self.unit))

    def __repr__(self) -> str:
        return f"WrittenIn({float(self)!r}, {self.unit!r})"


def parse_number(raw: object, *, what: str = "数值", unit: str | None = None) -> float:
    """Numbers, "1,000", full-width digits, a trailing 万元 or %. Never negative. With `unit` 万元
    (an amount column) a value typed in 亿元 or 元 is converted: “0.5亿元” is 5000, “5000元” 0.5;
    with AS_WRITTEN a value typed with a money unit keeps it (WrittenIn)."""
    if isinstance(raw, bool):
        raise InvalidValue(f"“{raw}”不是{what}")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = normalize_text(raw).replace(",", "").replace(" ", "")
        suffix = re.search(r"(万元|亿元|万|亿|元|件|%)$", text)
        text = text[: suffix.start()] if suffix else text
        try:
            value = float(text)
        except ValueError:
            raise InvalidValue(f"“{raw}”不是有效的{what}") from None
        if unit == WAN_YUAN and suffix and suffix.group(1) in _TO_WAN_YUAN:
            value *= _TO_WAN_YUAN[suffix.group(1)]
        elif unit == AS_WRITTEN and suffix and suffix.group(1) in MONEY_WRITTEN:
            if math.isnan(value) or math.isinf(value) or value < 0 or value > MAX_NUMBER:
                return parse_number(text, what=what)  # refused in the same words
            return WrittenIn(round(value, 6), MONEY_WRITTEN[suffix.group(1)])
    if math.isnan(value) or math.isinf(value):
        raise InvalidValue(f"“{str(raw)[:40]}”不是有效的{what}")
    if value > MAX_NUMBER:
        raise InvalidValue(f"{what} {value:g} 过大，超出单元格能保存的范围（9.99E+307）")
    if value < 0:
        raise InvalidValue(f"{what}不能为负数（“{raw}”）")
    return round(value, 6)


def parse_int(raw: object, *, lo: int = 0, hi: int | None = None, what: str = "整数") -> int:
    value = parse_number(raw, what=what)
    if not value.is_integer():
        raise InvalidValue(f"“{raw}”应为整数")
    if value > MAX_INTEGER:
        raise InvalidValue(f"“{str(raw)[:40]}”过大，超出范围")
    number = int(value)
    if number < lo or (hi is not None and number > hi):
        raise InvalidValue(f"“{raw}”超出范围，应在 {lo}–{hi} 之间" if hi else f"“{raw}”应不小于 {lo}")
    return number


def parse_choice(raw: object, choices: tuple[str, ...]) -> str:
    text = normalize_text(raw)
    if text in choices:
        return text
    raise InvalidValue(f"“{raw}”不是可选值，应为：{'/'.join(choices)}")


def parse_choices(raw: object, choices: tuple[str, ...]) -> str:
    """Several values separated by ；or ; (also 、 and ,), stored joined by ；in canonical order."""
    parts = [p.strip() for p in re.split(r"[;；、,，]", normalize_text(raw)) if p.strip()]
    bad = [p for p in parts if p not in choices]
    if bad:
        raise InvalidValue(f"“{'、'.join(bad)}”不是可选值，可选：{'/'.join(choices)}，多个用“；”分隔")
    return "；".join(c for c in choices if c in parts)


YES, NO = "是", "否"


def parse_yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = normalize_text(raw)
    # also the ticks and crosses of a paper form, as clerks type them in WPS
    if text in (YES, "Y", "y", "TRUE", "True", "1", "√", "✓", "✔", "有"):
        return True
    if text in (NO, "N", "n", "FALSE", "False", "0", "×", "✗", "✘", "无"):
        return False
    raise InvalidValue(f"“{raw}”应填“是”或“否”")


# An item of a list that can only be a patent number: a ZL/CN prefix, or 12 digits (with or without
# its check digit and dot), or 8 digits, a dot and a check digit. A bare 7–9 digit number may be a
# trademark registration number and is left as typed.
_PATENT_LIKE = re.compile(r"^(?:ZL|CN)|^\d{12}\.?[0-9X]?$|^\d{8}\.[0-9X]$")


_NORMAL_PATENTS = re.compile(r"[0-9]{12}\.[0-9X](?:；[0-9]{12}\.[0-9X])*\Z")


def looks_like_patent_no(item: str) -> bool:
    return bool(_PATENT_LIKE.match(re.sub(r"\s+", "", normalize_text(item)).upper()))


def list_items(raw: object) -> list[str]:
    return [p.strip() for p in re.split(r"[;；]", normalize_text(raw)) if p.strip()]


def parse_list(raw: object) -> str:
    """A list of numbers separated by ；or ; stored joined by ；. An item that is a patent number is
    checked and stored in its normal form as 专利号 is (a wrong check digit is an error naming the
    item); other numbers (trademarks, copyrights) stay as typed."""
    if type(raw) is str and _NORMAL_PATENTS.match(raw):  # as the app exports a list of patents
        try:
            if all(parse_patent_no(p) == p for p in raw.split("；")):
                return raw
        except InvalidValue:
            pass  # named, with the item's place, below
    parts = list_items(raw)
    for i, item in enumerate(parts):
        if looks_like_patent_no(item):
            try:
                parts[i] = parse_patent_no(item)
            except InvalidValue as exc:
                raise InvalidValue(f"第 {i + 1} 项：{exc}") from None
    return "；".join(parts)


def patent_list_problem(items: str) -> str | None:
    """Why a list that should hold only patent numbers (质物类型 专利) does not, or None."""
    for i, item in enumerate(list_items(items)):
        try:
            parse_patent_no(item)
        except InvalidValue as exc:
            return f"质物类型为“专利”时，质物清单应为专利号：第 {i + 1} 项：{exc}"
    return None
