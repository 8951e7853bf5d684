"""The error list of a refused file as a workbook to send back to its unit (SPEC §4.6)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from app.exchange.printing import PrintSpec, setup_page
from app.merge.plan import FilePlan

HEADERS = ("工作表", "行", "列", "问题")
WIDTHS = (16, 8, 18, 80)


def write_errors(fp: FilePlan, path: Path, unit: str = "") -> Path:
    """One sheet 错误清单: where each error is (sheet, row, column) and what to fix, in the
    order the file has them; the title names the file so the unit knows which one to correct."""
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ws = wb.add_worksheet("错误清单")
        title = wb.add_format({"bold": True, "font_size": 13})
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        ws.write_string(0, 0, f"文件“{fp.name}”未能导入：请按下列各处修改后重新报送", title)
        ws.write_string(1, 0, f"共 {len(fp.errors)} 处错误" + (f"；填报单位：{unit}" if unit else ""))
        for j, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
            ws.write_string(3, j, label, head)
            ws.set_column(j, j, width)
        for i, e in enumerate(fp.errors, start=4):
            ws.write_string(i, 0, e.sheet or "（整个文件）", wrap)
            if e.row:
                ws.write_number(i, 1, e.row, wrap)
            else:
                ws.write_blank(i, 1, None, wrap)
            ws.write_string(i, 2, e.column or "", wrap)
            ws.write_string(i, 3, e.message, wrap)
        ws.freeze_panes(4, 0)
        last = 3 + len(fp.errors)
        setup_page(ws, PrintSpec(title=f"错误清单：{fp.name}", unit=unit), WIDTHS, header_rows=(3, 3), last_row=last)
    finally:
        wb.close()
    return path
