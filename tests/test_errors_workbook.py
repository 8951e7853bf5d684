"""The error list of a refused file, sent back to its unit: the errors, and the 提示 the preview
showed (a failing credit-code check) marked apart, so the unit checks those too."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.merge import plan_import
from app.merge.errors_workbook import write_errors
from app.outgoing.submission import write_template
from app.vocabulary.kinds import PLEDGE_FINANCING
from tests.conftest import make_ledger

BAD_CHECK = "91310107MA1K88888X"  # the check character should be N


def test_the_error_list_carries_the_warnings_marked_apart(tmp_path: Path) -> None:
    path = write_template(tmp_path / "质押.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[PLEDGE_FINANCING.sheet]
    headers = [c.value for c in ws[1]]
    base = {"出质企业": "上海长寿科技有限公司", "质权人": "上海农商银行", "质物类型": "商标", "融资金额(万元)": 100}
    ws.append([{**base, "统一社会信用代码": BAD_CHECK, "登记日期": "2025-09-28"}.get(h) for h in headers])
    ws.append([{**base, "统一社会信用代码": "91310107MA1K88888N", "登记日期": "2025-13-40"}.get(h) for h in headers])
    wb.save(path)
    bureau = make_ledger(tmp_path / "bureau.db", "区知识产权局")
    try:
        fp = plan_import(bureau, [path], template_unit="长寿路街道").files[0]
    finally:
        bureau.close()
    assert fp.errors and fp.warnings  # refused, and the preview showed a 提示
    saved = write_errors(fp, tmp_path / "错误清单.xlsx", "长寿路街道")
    wb = openpyxl.load_workbook(saved)
    rows = list(wb["错误清单"].iter_rows(values_only=True))
    wb.close()
    assert "1 处错误、1 处提示" in rows[1][0]
    listed = {(r[0], r[1], r[2], r[3]): r[4] for r in rows[4:]}
    assert "2025-13-40" in listed[("错误", "质押融资", 3, "登记日期")]
    assert "校验位应为 N" in listed[("提示", "质押融资", 2, "统一社会信用代码")]
