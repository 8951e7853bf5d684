from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.vocabulary import validators as v


def with_check(digits: str) -> str:
    return f"{digits}.{v.patent_check_digit(digits)}"


patent_digits = st.builds(
    lambda year, kind, serial: f"{year}{kind}{serial:07d}",
    st.integers(1985, 2030),
    st.sampled_from("12389"),
    st.integers(0, 9_999_999),
)


def test_check_digit_follows_the_rule() -> None:
    # 2*2+0*3+1*4+0*5+1*6+0*7+1*8+8*9+8*2+5*3+4*4+0*5 = 141; 141 mod 11 = 9
    assert v.patent_check_digit("201010188540") == "9"
    # 2*2+0*3+2*4+3*5+1*6+0*7+1*8+2*9+3*2+4*3+5*4+6*5 = 127; 127 mod 11 = 6
    assert v.patent_check_digit("202310123456") == "6"
    # a remainder of 10 is written X: 1*2+0*3+...: found by search below, checked by the rule itself
    ten = next(
        f"2024100{n:05d}"
        for n in range(100000)
        if sum(int(d) * (2 + i % 8) for i, d in enumerate(f"2024100{n:05d}")) % 11 == 10
    )
    assert v.parse_patent_no(ten + "X") == ten + ".X"


@given(patent_digits)
def test_any_valid_number_normalises_from_every_written_form(digits: str) -> None:
    normal = with_check(digits)
    written = [
        normal,
        "ZL" + normal,
        f"ZL {digits[:4]} {digits[4]} {digits[5:]}.{normal[-1]}",
        normal.replace(".", ""),
        normal.lower(),
        normal.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
    ]
    for form in written:
        assert v.parse_patent_no(form) == normal


@given(patent_digits, st.integers(1, 10))
def test_a_wrong_check_digit_is_refused_and_the_right_one_named(digits: str, shift: int) -> None:
    right = v.patent_check_digit(digits)
    values = "0123456789X"
    wrong = values[(values.index(right) + shift) % 11]
    with pytest.raises(v.InvalidValue, match=f"应为 {right}"):
        v.parse_patent_no(f"{digits}.{wrong}")


def test_old_eight_digit_numbers_use_the_same_rule() -> None:
    assert v.parse_patent_no("ZL 98 1 23456." + v.patent_check_digit("98123456")) == with_check("98123456")
    assert v.patent_type_of(with_check("98223456")) == "实用新型"


@pytest.mark.parametrize(
    "bad,reason",
    [
        ("2023101234", "格式不对"),
        ("202310123456", "缺少校验位"),
        ("202340123456.1", "类型位"),
        ("专利一号", "格式不对"),
        ("20231012345²", "格式不对"),  # a superscript digit is a digit to Python, not a number's (it crashed)
    ],
)
def test_bad_patent_numbers_say_why(bad: str, reason: str) -> None:
    with pytest.raises(v.InvalidValue, match=reason):
        v.parse_patent_no(bad)


def test_patent_type_from_number() -> None:
    assert v.patent_type_of(with_check("202310123456")) == "发明"
    assert v.patent_type_of(with_check("202320123456")) == "实用新型"
    assert v.patent_type_of(with_check("202330123456")) == "外观设計".replace("計", "计")
    assert v.patent_type_of(with_check("202380123456")) == "发明"


# The example printed in GB 32100-2015 and a published company code (Huawei Technologies).
REAL_CREDIT_CODES = ["91350100M000100Y43", "914403001922038216"]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes_pass(code: str) -> None:
    assert v.parse_credit_code(code.lower()) == code
    assert v.credit_code_warning(code) is None


credit_bodies = st.text(alphabet=v.CREDIT_CHARS, min_size=17, max_size=17)


@given(credit_bodies)
def test_generated_credit_codes_pass_and_a_changed_check_warns(body: str) -> None:
    code = body + v.credit_check_char(body)
    assert v.credit_code_warning(v.parse_credit_code(f" {code[:9]} {code[9:]} ")) is None
    other = v.CREDIT_CHARS[(v.CREDIT_CHARS.index(code[-1]) + 1) % 31]
    warning = v.credit_code_warning(body + other)
    assert warning is not None and f"应为 {code[-1]}" in warning


def test_credit_code_format_errors_are_hard() -> None:
    with pytest.raises(v.InvalidValue, match="18位"):
        v.parse_credit_code("91310000132149")
    with pytest.raises(v.InvalidValue, match="I"):
        v.parse_credit_code("91310000132149237I")


@pytest.mark.parametrize(
    "raw",
    [
        date(2025, 3, 1),
        datetime(2025, 3, 1, 9, 30),
        "2025-03-01",
        "2025/3/1",
        "2025.3.1",
        "2025年3月1日",
        "２０２５－０３－０１",
        45717,
        45717.0,
        " 2025-3-1 ",
        "20250301",
        20250301,  # typed into a cell, which keeps it as a number
        20250301.0,
        "2025年3月1号",
    ],
)
def test_dates_in_every_listed_form(raw: object) -> None:
    assert v.parse_date(raw) == date(2025, 3, 1)


@pytest.mark.parametrize("raw", ["2025-02-30", "明天", "2025-13-01", "3/1/2025"])
def test_bad_dates_are_refused(raw: str) -> None:
    with pytest.raises(v.InvalidValue):
        v.parse_date(raw)


@pytest.mark.parametrize(
    "raw,value",
    [
        (1000, 1000.0),
        ("1,000", 1000.0),
        ("１，０００", 1000.0),
        (" 12.5 ", 12.5),
        ("300万元", 300.0),
        (2.5, 2.5),
    ],
)
def test_amounts(raw: object, value: float) -> None:
    assert v.parse_number(raw) == value


@pytest.mark.parametrize(
    ("raw", "wan_yuan"),
    [("0.5亿元", 5000.0), ("2亿", 20000.0), ("5000元", 0.5), ("300万元", 300.0), ("300万", 300.0), (" 1,200 ", 1200.0)],
)
def test_an_amount_typed_in_another_money_unit_counts_in_wan_yuan(raw: str, wan_yuan: float) -> None:
    """融资金额(万元) typed as “0.5亿元” is 5000 万元, not 0.5 万元; “5000元” is 0.5 万元, not 5000."""
    from app.vocabulary.kinds import PLEDGE_FINANCING

    assert PLEDGE_FINANCING.field("amount").parse(raw) == wan_yuan


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_amounts_with_thousands_separators_round_trip(amount) -> None:
    assert v.parse_number(f"{amount:,}") == float(amount)


@pytest.mark.parametrize("raw", ["-5", "abc", "1.2.3", True])
def test_bad_amounts(raw: object) -> None:
    with pytest.raises(v.InvalidValue):
        v.parse_number(raw)


def test_enumerations_are_exact_after_trimming_and_name_the_choices() -> None:
    assert v.parse_choice(" 推进中 ", ("推进中", "已完成")) == "推进中"
    with pytest.raises(v.InvalidValue, match="推进中/已完成"):
        v.parse_choice("进行中", ("推进中", "已完成"))
    assert v.parse_choices("品牌培育;注册咨询；其他", ("注册咨询", "品牌培育", "其他")) == "注册咨询；品牌培育；其他"
    with pytest.raises(v.InvalidValue, match="咨询"):
        v.parse_choices("咨询", ("注册咨询",))
    assert v.parse_yes_no("是") is True and v.parse_yes_no("否") is False
    assert [v.parse_yes_no(t) for t in ("√", " ✓ ", "有", "×", "无")] == [True, True, True, False, False]
    with pytest.raises(v.InvalidValue, match="是.*否"):
        v.parse_yes_no("可能")


@given(patent_digits)
def test_a_patent_number_in_a_list_normalises_as_the_patent_number_does(digits: str) -> None:
    written = f"ZL {digits}{v.patent_check_digit(digits)}"  # prefix, space, no dot
    assert v.parse_list(f"{written}；第8812345号；国作登字-2024-F-00012345") == (
        f"{with_check(digits)}；第8812345号；国作登字-2024-F-00012345"
    )


def test_a_wrong_check_digit_in_a_list_names_the_item_and_other_numbers_stay_as_typed() -> None:
    with pytest.raises(v.InvalidValue, match="第 2 项.*202310234567.3.*应为 4"):
        v.parse_list("ZL202310234567.4；202310234567.3")
    assert v.parse_list("12345678; 2024-F-001") == "12345678；2024-F-001"  # trademarks, copyrights
    assert v.patent_list_problem("202310234567.4；12345678") is not None  # under 质物类型 专利 it must be one
    assert v.patent_list_problem("202310234567.4") is None


def _rule_check_digit(digits: str) -> str:  # the rule as written: weights 2…9 repeating, mod 11, 10 is X
    rest = sum(int(d) * (2 + i % 8) for i, d in enumerate(digits)) % 11
    return "X" if rest == 10 else str(rest)


@given(st.from_regex(r"[0-9]{12}", fullmatch=True), st.sampled_from("0123456789X"))
def test_a_number_in_normal_form_is_taken_or_refused_as_the_rule_says(digits: str, check: str) -> None:
    """A number as the app writes it (most cells of a file) is checked without being normalised
    first: the same number, or the same refusal in the same words, as any other written form."""
    right = _rule_check_digit(digits)
    assert v.patent_check_digit(digits) == right
    written = f"{digits}.{check}"
    if digits[4] not in "12389":
        with pytest.raises(v.InvalidValue, match=f"^专利号“{written}”的类型位是 {digits[4]}，"):
            v.parse_patent_no(written)
    elif check != right:
        with pytest.raises(v.InvalidValue, match=f"^专利号“{re.escape(written)}”校验位错误：按号码计算应为 {right}，"):
            v.parse_patent_no(written)
    else:
        assert v.parse_patent_no(written) == written == v.parse_patent_no(f" ZL{digits}{check} ")
        assert v.parse_list(f"{written}；{written}") == f"{written}；{written}"


def test_a_list_in_normal_form_with_a_wrong_item_names_the_item() -> None:
    good, bad = with_check("202310234567"), "202310234567.3"
    with pytest.raises(v.InvalidValue, match=f"^第 3 项：专利号“{bad}”校验位错误：按号码计算应为 4，"):
        v.parse_list(f"{good}；{good}；{bad}")
    with pytest.raises(v.InvalidValue, match="^第 2 项：专利号“202340123456.1”的类型位是 4"):
        v.parse_list(f"{good}；202340123456.1")


@given(st.from_regex(r"[0-9]{1,40}", fullmatch=True))
def test_the_check_digit_of_any_number_of_digits_follows_the_rule(digits: str) -> None:
    assert v.patent_check_digit(digits) == _rule_check_digit(digits)


def test_digits_of_other_scripts_are_checked_as_before() -> None:
    arabic = "٢٠٢٣١٠١٢٣٤٥٦"  # 202310123456 in Arabic-Indic digits: Python's int() reads them
    assert v.patent_check_digit(arabic) == v.patent_check_digit("202310123456") == "6"


@given(st.text(alphabet=v.CREDIT_CHARS, min_size=17, max_size=17))
def test_the_credit_check_character_follows_the_standard(body: str) -> None:
    total = sum(v.CREDIT_CHARS.index(c) * w for c, w in zip(body, v.CREDIT_WEIGHTS, strict=True))
    assert v.credit_check_char(body) == v.CREDIT_CHARS[(31 - total % 31) % 31]
    code = body + v.credit_check_char(body)
    assert v.parse_credit_code(code) == code == v.parse_credit_code(f" {code.lower()} ")


def test_a_credit_code_with_a_character_not_used_is_refused_in_the_same_words() -> None:
    with pytest.raises(ValueError):
        v.credit_check_char("91310000132149I37")  # (what was never a code: the check cannot be computed)
    for code in ("91310000132149237I", "91310000132149237O", "9131000013214923７Z"):
        with pytest.raises(v.InvalidValue, match=f"^统一社会信用代码“{code}”含有不允许的字符 "):
            v.parse_credit_code(code)


def _taken_as_is(parse, text: str) -> bool:  # noqa: ANN001
    try:
        return parse(text) == text
    except v.InvalidValue:
        return False


# Texts a column may hold beside numbers in their normal form: other ways of writing them, and what
# a spreadsheet or a person may have put there instead
_ODD_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "\u3000",
        "\r\n",
        "\n",
        "²",
        "٣",
        "३",
        "Ｘ",
        "x",
        "ZL",
        ".",
        "X",
        "0",
        "I",
        "O",
        "nan",
        "inf",
        "1e308",
        "True",
    ]
)


def _columns(normal: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Columns of texts: numbers in their normal form, some changed in one place or joined with an
    odd text, some odd texts alone."""
    changed = st.builds(lambda text, at, odd: text[:at] + odd + text[at + 1 :], normal, st.integers(0, 20), _ODD_TEXTS)
    joined = st.builds(
        lambda text, odd, before: odd + text if before else text + odd, normal, _ODD_TEXTS, st.booleans()
    )
    return st.lists(st.one_of(normal, normal, normal, changed, joined, _ODD_TEXTS), min_size=1, max_size=8)


_normal_patents = st.builds(
    lambda digits, wrong: with_check(digits)[:-1] + (wrong or with_check(digits)[-1]),
    patent_digits.filter(lambda d: len(d) == 12),
    st.sampled_from(["", "", "", "0", "X"]),
)


@given(_columns(_normal_patents))
def test_a_column_of_patent_numbers_is_normal_exactly_when_each_number_is(texts: list[str]) -> None:
    """The reader takes a whole column of patent numbers in their normal form at once
    (normal_patent_numbers): it says so exactly when parse_patent_no gives each one back unchanged
    (a wrong check digit, full-width digits, a line break, ², a space: read cell by cell)."""
    assert v.normal_patent_numbers(texts) == all(_taken_as_is(v.parse_patent_no, t) for t in texts)
    assert v.normal_patent_numbers(texts * 3) == v.normal_patent_numbers(texts)


_normal_credit_codes = st.builds(
    lambda body, wrong: body + (wrong or v.credit_check_char(body)),
    st.text(alphabet=v.CREDIT_CHARS, min_size=17, max_size=17),
    st.sampled_from(["", "", "", "0", "Y"]),
)


@given(_columns(_normal_credit_codes))
def test_a_column_of_credit_codes_is_normal_exactly_when_none_would_warn(texts: list[str]) -> None:
    """normal_credit_codes: every code is taken as it is and none warns of its check character,
    exactly as parse_credit_code and credit_code_warning say of each one."""
    each = all(_taken_as_is(v.parse_credit_code, t) and v.credit_code_warning(t) is None for t in texts)
    assert v.normal_credit_codes(texts) == each
    assert v.normal_credit_codes(texts * 3) == each


def test_a_long_column_is_checked_number_by_number() -> None:
    """The check digits of a column are summed for all its numbers at once: one wrong among
    thousands is found wherever it stands, and sums never spill from one number into the next."""
    patents = [with_check(f"{2000 + k % 30}{'12389'[k % 5]}{k * 7919 % 10**7:07d}") for k in range(5000)]
    codes = [body + v.credit_check_char(body) for body in (f"9131{k:013d}"[:17] for k in range(5000))]
    assert v.normal_patent_numbers(patents) and v.normal_credit_codes(codes)
    for at in (0, 2500, 4999):
        wrong = patents[at][:-1] + ("0" if patents[at][-1] != "0" else "1")
        assert not v.normal_patent_numbers([*patents[:at], wrong, *patents[at + 1 :]])
        wrong = codes[at][:-1] + ("0" if codes[at][-1] != "0" else "1")
        assert not v.normal_credit_codes([*codes[:at], wrong, *codes[at + 1 :]])
    assert v.normal_patent_numbers(["20" * 6 + ".X"] * 3) == (v.patent_check_digit("20" * 6) == "X")


@pytest.mark.parametrize("script", ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"])
def test_a_patent_number_in_another_scripts_digits_is_refused(script: str) -> None:
    """Arabic-Indic (and other scripts') digits are digits to \\d, str.isdigit and int(): a patent
    number written in them was taken and stored in them, a number no search, no column check and
    no patent office reads. It is refused, naming the digits; full-width digits are still taken."""
    number = with_check("202310123456")
    foreign = number.translate(str.maketrans("0123456789", script))
    with pytest.raises(v.InvalidValue, match="含有数字"):
        v.parse_patent_no(foreign)
    with pytest.raises(v.InvalidValue):
        v.parse_patent_no("ZL" + foreign.replace(".", ""))
    assert not v.normal_patent_numbers([foreign])
    assert v.parse_patent_no(number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == number
    code = "91310000MA1K3YJ12X"
    with pytest.raises(v.InvalidValue, match="不允许的字符"):
        v.parse_credit_code(code.translate(str.maketrans("0123456789", script)))


@given(st.text(alphabet="0123456789٣३².ZLX", min_size=8, max_size=16))
def test_a_patent_number_taken_is_ascii(text: str) -> None:
    try:
        number = v.parse_patent_no(text)
    except v.InvalidValue:
        return
    assert number.isascii() and v.normal_patent_numbers([number])
