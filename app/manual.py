"""The bundled Chinese manual (resources/help/manual.html). Its field reference is generated from
the record kinds (app/vocabulary/kinds.py), so it always names the fields, formats and choices the program
really uses."""

from __future__ import annotations

import html
import re

from app.paths import resource
from app.vocabulary.kinds import KINDS, Field, FieldType, Kind

FIELDS_MARK = "<!--FIELDS-->"
FORMATS = {
    FieldType.TEXT: "文字",
    FieldType.LONGTEXT: "文字（可多行）",
    FieldType.INT: "整数",
    FieldType.AMOUNT: "金额（万元），可写 1,000 或全角数字",
    FieldType.NUMBER: "数值",
    FieldType.DATE: "日期：2025-09-28、2025/9/28、2025.9.28、20250928 或 2025年9月28日",
    FieldType.CHOICE: "从下列取值中选一个",
    FieldType.CHOICES: "可多选，用“；”分隔",
    FieldType.YES_NO: "是 / 否",
    FieldType.PATENT_NO: (
        "专利申请号：4位年份、类型位、7位流水号、“.”、校验位，如 202310123456.6；可带“ZL”、空格或省略“.”"
    ),
    FieldType.CREDIT_CODE: "18位统一社会信用代码；校验位不符时提示，核对后可确认保留",
    FieldType.PERIOD: "报告期，如 2025年第三季度（2025Q3）、2025年3月（2025-03）、2025年上半年（2025H1）",
    FieldType.LIST: "多个号码用“；”分隔",
}
# Which section of the manual F1 opens for each page (the window's page names, see
# MainWindow.help_anchor); the record kinds' pages open their field tables.
ANCHORS = {
    "tasks": "tasks",
    "dashboard": "dashboard",
    "targets": "targets",
    "submissions": "submissions",
    "history": "undo",
    "review": "review",
    "deadlines": "deadlines",
    "comments": "comments",
}


def _format(f: Field) -> str:
    text = FORMATS[f.type]
    if f.type is FieldType.INT and (f.lo or f.hi):
        text += f"（{f.lo}–{f.hi}）" if f.hi else f"（不小于 {f.lo}）"
    if f.choices:
        text += "：" + "、".join(f.choices)
    return text


def _kind_table(kind: Kind) -> str:
    rows = []
    for f in kind.fields:
        name = html.escape(f.label) + (' <span class="req">*</span>' if f.required else "")
        note = "导出时自动填写" if f.derived else "" if f.hint in _format(f) else html.escape(f.hint)
        rows.append(f"<tr><td>{name}</td><td>{html.escape(_format(f))}</td><td>{note}</td></tr>")
    return (
        f'<h3><a name="{kind.key}"></a>{html.escape(kind.sheet)}</h3>'
        "<table><tr><th>字段</th><th>格式与取值</th><th>说明</th></tr>" + "".join(rows) + "</table>"
        "<p>另有机器列：填报单位、记录ID、版本（请勿修改）。</p>"
    )


def field_reference() -> str:
    return "\n".join(_kind_table(k) for k in KINDS)


# A line break between two Chinese characters of the source: HTML would show it as a space.
CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])")


def manual_html() -> str:
    template = resource("help/manual.html").read_text(encoding="utf-8")
    return CJK_BREAK.sub("", template).replace(FIELDS_MARK, field_reference())


def anchor_for(page: str) -> str:
    """The manual section for a page: a record kind's key, or one of ANCHORS' keys."""
    if page in ANCHORS:
        return ANCHORS[page]
    return page if any(k.key == page for k in KINDS) else "routine"
