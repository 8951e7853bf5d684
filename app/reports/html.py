"""The progress report as HTML in the subset Qt's rich text understands (QTextDocument): the window
previews and prints it, and Qt writes it to PDF (app.ui.reports.printing). Same content, same order as
the Word document (app.reports.docx)."""

from __future__ import annotations

from html import escape

from app.reports.consolidated import late_cell
from app.reports.progress import LAGGING, NOT_REPORTED, ProgressReport, TaskEntry, UnitProgress
from app.vocabulary.clock import chinese_date

CHART_URL = "chart://indicators.png"  # the image the printer registers with the document
CHART_WIDTH = 600  # px at 96 dpi: an A4 page less 2 cm margins is about 640 px wide
H1 = '<h1 style="font-size:16pt; margin-top:12px;{extra}">{text}</h1>'
H2 = '<h2 style="font-size:13pt; margin-top:10px;">{text}</h2>'
H3 = '<h3 style="font-size:12pt; margin-top:8px;">{text}</h3>'
TASK = '<p style="font-size:10.5pt; font-weight:bold; margin-top:8px;">{text}</p>'

TABLE = '<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse: collapse;">'
LAGGING_STYLE = ' style="color:#C00000; font-weight:bold;"'


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


NEW_PAGE = '<p style="page-break-before: always; margin:0; font-size:1pt;"></p>'
NEW_PAGE_TABLE = TABLE.replace('style="', 'style="page-break-before: always; ')


class Tables:
    """The report's tables, numbered in order, each cut where the printed pages need it: `breaks`
    holds (table, row) — a row that must begin a new page (its table goes on there, its header
    repeated), or row 0: the table and what leads into it begin a new page. Qt's layout splits a
    table row across pages (the unit's name and status on one page, the rest of its progress on
    the next) and knows no "keep with next" (app.ui.reports.printing finds the rows it split).
    `pieces` lists each table as laid out: (table, first row)."""

    def __init__(self, breaks: frozenset[tuple[int, int]] = frozenset(), kept: frozenset[int] = frozenset()) -> None:
        self.breaks = breaks
        self.pieces: list[tuple[int, int]] = []
        self.count = 0
        # Headings kept with what follows them (Qt knows no keep-with-next either): group k runs from
        # the anchor keep<k> (its first heading) to the anchor with<k> (the first line it leads
        # into, a table's first row or a paragraph); the groups in `kept` begin a new page.
        self.kept = kept
        self.groups = 0
        self.led: dict[int, int] = {}  # table → the group leading into it

    def keep(self, headings: str) -> tuple[int, str]:
        """A new group's number and its headings' HTML, marked (and on a new page if it must)."""
        k, self.groups = self.groups, self.groups + 1
        return k, (NEW_PAGE if k in self.kept else "") + headings.replace(">", f'><a name="keep{k}"></a>', 1)

    def lead_into(self, k: int) -> None:
        """Group k leads into the next table: its first row ends the group."""
        self.led[self.count] = k

    def __call__(
        self, headers: list[str], rows: list[list[str]], widths: list[int] | None = None, lead: str = ""
    ) -> str:
        n, self.count = self.count, self.count + 1
        head = "".join(
            f'<th bgcolor="#DDEBF7"{f" width={w}%" if widths else ""}>{escape(h)}</th>'
            for h, w in zip(headers, widths or [0] * len(headers), strict=True)
        )
        cuts = sorted({r for t, r in self.breaks if t == n and 0 < r < len(rows)})
        out = [NEW_PAGE if (n, 0) in self.breaks else "", lead]
        if n in self.led and rows:
            rows = [[f'<a name="with{self.led[n]}"></a>{rows[0][0]}', *rows[0][1:]], *rows[1:]]
        for start, end in zip([0, *cuts], [*cuts, len(rows)], strict=True):
            self.pieces.append((n, start))
            body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows[start:end])
            out.append(f"{NEW_PAGE_TABLE if start else TABLE}<thead><tr>{head}</tr></thead>{body}</table>")
        if not rows:
            self.pieces.append((n, 0))
        return "".join(out)


def _progress(u: UnitProgress) -> str:
    parts = [escape(u.progress)] if u.progress else []
    for label, text in (
        ("量化成果", u.results),
        ("存在问题", u.problems),
        ("下步计划", u.next_steps),
        ("佐证材料", u.evidence),
    ):
        if text:
            parts.append(f"<b>{label}：</b>{escape(text)}")
    return "<br>".join(parts) or '<span style="color:#808080;">（未填写进展情况）</span>'


def _task(task: TaskEntry, table: Tables, headings: str = "") -> str:
    """A task: its heading (after `headings`, the section's when it is the first task in it), the
    lead units, all kept on the page of its table's first row or its 未报送 line."""
    k, marked = table.keep(headings + TASK.format(text=f"任务{task.number}　{escape(task.text)}"))
    lead = [
        marked,
        f"<p><b>牵头单位：</b>{escape(task.leads or '—')}　　已报送 {task.reported}/{len(task.units)} 家</p>",
    ]
    out = []
    reported = [u for u in task.units if u.reported]
    if reported:
        table.lead_into(k)
        rows = [
            [
                escape(u.unit),
                f"<span{LAGGING_STYLE if u.status == LAGGING else ''}>{escape(u.status)}</span>",
                _progress(u),
            ]
            for u in reported
        ]
        out.append(table(["责任单位", "推进状态", "进展情况"], rows, [18, 12, 70], lead="".join(lead)))
    else:
        out += lead
    missing = [u.unit for u in task.units if not u.reported]
    if missing:
        mark = "" if reported else f'<a name="with{k}"></a>'
        out.append(f"<p>{mark}<b>{NOT_REPORTED}（{len(missing)} 家）：</b>{escape('、'.join(missing))}</p>")
    return "".join(out)


def _led(table: Tables, headings: str, following: str) -> str:
    """`headings` kept on the page of the paragraph `following` (<p ...>...</p>) begins."""
    k, marked = table.keep(headings)
    return marked + following.replace(">", f'><a name="with{k}"></a>', 1)


def _led_table(table: Tables, headings: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """`headings` kept on the page of the table's first row."""
    if not rows:
        return headings + table(headers, rows, widths)
    k, marked = table.keep(headings)
    table.lead_into(k)
    return table(headers, rows, widths, lead=marked)


def report_html(report: ProgressReport, with_chart: bool = True, tables: Tables | None = None) -> str:
    """The report; its tables cut for the printed pages as `tables` says (see Tables)."""
    table = tables if tables is not None else Tables()
    p = report.period
    cover = (
        '<div align="center"><br><br><br><br><br><br><br><br>'
        f'<p style="font-size:26pt; font-weight:bold;">{escape(report.title)}</p><br><br>'
        f'<p style="font-size:14pt;">报告期：{escape(p.label)}（{chinese_date(p.start)}—{chinese_date(p.end)}）</p>'
        f'<p style="font-size:14pt;">编制单位：{escape(report.unit)}</p>'
        f'<p style="font-size:14pt;">编制日期：{chinese_date(report.made_on)}</p></div>'
    )
    parts = [cover, H1.format(text="一、总体情况", extra=" page-break-before: always;")]
    parts += [f"<p>{escape(s)}</p>" for s in report.summary() if s]
    indicators = H1.format(text="二、主要指标完成情况", extra="")
    if with_chart:
        parts.append(_led(table, indicators, f'<p align="center"><img src="{CHART_URL}" width="{CHART_WIDTH}"></p>'))
    else:
        parts.append(indicators)
    rows = [
        [
            str(i.number),
            escape(i.name),
            escape(i.measure_unit),
            str(i.year),
            _number(i.target),
            _number(i.reported),
            _number(i.computed),
            f"{i.rate:g}%" if i.rate is not None else "—",
            f"<span{LAGGING_STYLE if i.behind else ''}>{escape(i.state)}</span>",
        ]
        for i in report.indicators
    ]
    parts.append(
        table(
            ["序号", "指标", "单位", "年度", "目标值", "报告值", "台账计算值", "完成率", "状态"],
            rows,
            [6, 28, 6, 7, 9, 10, 11, 13, 10],  # 完成率 holds 10566.7% on one line
        )
    )
    parts.append(f"<p>{escape(report.indicator_note())}</p>")
    # a heading never ends a page: it goes with its first task, table row or paragraph
    headings = H1.format(text="三、重点任务推进情况", extra="")
    for sec in report.sections:
        headings += (H2 if sec.level == 1 else H3).format(text=escape(sec.heading))
        for t in sec.tasks:
            parts.append(_task(t, table, headings))
            headings = ""
    parts.append(headings)
    parts.append(H1.format(text="四、滞后及未报送任务", extra=" page-break-before: always;"))
    lagging = H2.format(text="（一）推进滞后的任务")
    if report.lagging:
        rows = [[f"任务{t.number}", escape(u.unit), _progress(u)] for t, u in report.lagging]
        parts.append(_led_table(table, lagging, ["任务", "责任单位", "进展情况"], rows, [12, 18, 70]))
    else:
        parts.append(_led(table, lagging, "<p>本报告期没有报送为“滞后”的任务。</p>"))
    unreported = H2.format(text="（二）尚未报送进展的任务")
    if report.unreported:
        rows = [[f"任务{t.number}", escape("、".join(u.unit for u in units))] for t, units in report.unreported]
        parts.append(_led_table(table, unreported, ["任务", "未报送单位"], rows, [12, 88]))
    else:
        parts.append(_led(table, unreported, "<p>每项任务的责任单位均已报送进展。</p>"))
    submissions = H1.format(text="五、各单位报送情况", extra="") + f"<p>{escape(report.submission_summary())}</p>"
    headers, rows = report.submission_rows()

    def cell(text: str) -> str:
        return f"<span{LAGGING_STYLE if late_cell(text) else ''}>{escape(text).replace(chr(10), '<br>')}</span>"

    widths = [30, 28, 24, 18] if len(headers) == 4 else [24, *[76 // (len(headers) - 1)] * (len(headers) - 1)]
    parts.append(
        _led_table(table, submissions, headers, [[escape(r[0]), *[cell(c) for c in r[1:]]] for r in rows], widths)
    )
    return f"<html><head><meta charset='utf-8'></head><body>{''.join(parts)}</body></html>"
