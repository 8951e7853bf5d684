"""The error list of a refused file as a workbook to send back to its unit (SPEC §4.6): the errors
that refused it, and apart from them the 提示 the preview showed (a credit code whose check
character fails, an unusual value) so that the unit checks those too before it sends the file again."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import xlsxwriter

from app.exchange.printing import PrintSpec, setup_page
from app.merge.plan import FilePlan
from app.paths import atomic_write

ERROR, NOTICE = "错误", "提示"
HEADERS = ("类别", "工作表", "行", "列", "问题")
WIDTHS = (7, 16, 8, 18, 76)


class Entry(NamedTuple):
    category: str  # 错误 / 提示
    sheet: str
    row: int | None
    column: str
    message: str


def entries(fp: FilePlan) -> list[Entry]:
    """The errors in the order the file has them, then the 提示: the reader's and the merge's warnings
    and the plausibility flags, each with the unit's 情况说明 when it wrote one."""
    found = [Entry(ERROR, e.sheet, e.row, e.column, e.message) for e in fp.errors]
    found += [Entry(NOTICE, w.sheet, w.row, w.column, w.message) for w in fp.warnings]
    for f in fp.flags:
        note = f"（情况说明：{f.explanation}）" if f.explanation else "（如数值无误，请在该行“情况说明”列说明）"
        found.append(Entry(NOTICE, f.sheet, f.row, f.column, f.message + note))
    return found


def write_errors(fp: FilePlan, path: Path, unit: str = "") -> Path:
    """One sheet 错误清单: where each error and each 提示 is (sheet, row, column) and what to fix or
    check; the title names the file so the unit knows which one to correct."""
    path = Path(path)
    found = entries(fp)
    notices = sum(e.category == NOTICE for e in found)
    with atomic_write(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        try:
            ws = wb.add_worksheet("错误清单")
            title = wb.add_format({"bold": True, "font_size": 13})
            head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
            wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
            error_mark = wb.add_format({"bold": True, "font_color": "#C00000", "valign": "top", "border": 1})
            notice_mark = wb.add_format(
                {"bold": True, "font_color": "#9C5700", "bg_color": "#FFF2CC", "valign": "top", "border": 1}
            )
            ws.write_string(0, 0, f"文件“{fp.name}”未能导入：请按下列各处修改后重新报送", title)
            counts = f"共 {len(fp.errors)} 处错误" + (f"、{notices} 处提示" if notices else "")
            ws.write_string(1, 0, counts + (f"；填报单位：{unit}" if unit else ""))
            if notices:
                ws.write_string(
                    2, 0, "“错误”必须修改；“提示”不妨碍导入，请核对，确认无误的可保留，并在该行“情况说明”列说明。"
                )
            for j, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
                ws.write_string(3, j, label, head)
                ws.set_column(j, j, width)
            for i, e in enumerate(found, start=4):
                ws.write_string(i, 0, e.category, error_mark if e.category == ERROR else notice_mark)
                ws.write_string(i, 1, e.sheet or "（整个文件）", wrap)
                if e.row:
                    ws.write_number(i, 2, e.row, wrap)
                else:
                    ws.write_blank(i, 2, None, wrap)
                ws.write_string(i, 3, e.column or "", wrap)
                ws.write_string(i, 4, e.message, wrap)
            ws.freeze_panes(4, 0)
            last = 3 + len(found)
            setup_page(
                ws, PrintSpec(title=f"错误清单：{fp.name}", unit=unit), WIDTHS, header_rows=(3, 3), last_row=last
            )
        finally:
            wb.close()
    return path
