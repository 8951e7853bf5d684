"""The progress report for a period (工作进展报告, SPEC §11): what the bureau sends upward.

Built here as plain data from the ledger — indicators against targets, the plan's tasks by section
with every responsible unit's status and progress text, the lagging and unreported tasks, and who
submitted when — and written elsewhere: as Word (app.reports.docx), as HTML for the window's preview
and the PDF (app.reports.html, printed by Qt in app.ui.reports.printing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.evidence import store as evidence_store
from app.reports.consolidated import NOT_MET, plan_indicators, submission_grid
from app.review import state as review
from app.store import catalogue, settings
from app.store.ledger import Ledger
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import Period, parse_period

LAGGING = "滞后"
NOT_REPORTED = "未报送"
TEXT_FIELDS = ("progress", "results", "problems", "next_steps")


@dataclass
class IndicatorLine:
    number: int
    name: str
    measure_unit: str
    year: int
    target: float | None
    reported: float | None
    computed: float | None
    rate: float | None  # completion, %
    state: str  # 已达标 / 未达标 / 无数据
    source: str = ""  # a ratio's reported value: whose, of which period (区统计局 2025年第四季度)

    @property
    def behind(self) -> bool:
        """未达标: shown in red in every form of the report (PDF, print, Word)."""
        return self.state == NOT_MET

    @property
    def value(self) -> float | None:
        return self.reported if self.reported is not None else self.computed


@dataclass
class UnitProgress:
    unit: str
    status: str  # one of kinds.STATUSES, or 未报送
    period: Period | None = None  # the period of the report it comes from (a year report shows the latest)
    progress: str = ""
    results: str = ""
    problems: str = ""
    next_steps: str = ""
    evidence: str = ""  # the names of its evidence files (佐证材料, SPEC §15), 、-separated

    @property
    def reported(self) -> bool:
        return self.status != NOT_REPORTED


@dataclass
class TaskEntry:
    number: int
    text: str
    leads: str  # as the plan names them
    units: list[UnitProgress] = field(default_factory=list)

    @property
    def reported(self) -> int:
        return sum(u.reported for u in self.units)

    @property
    def lagging(self) -> list[UnitProgress]:
        return [u for u in self.units if u.status == LAGGING]

    @property
    def unreported(self) -> list[UnitProgress]:
        return [u for u in self.units if not u.reported]


@dataclass
class Section:
    title: str  # as the plan numbers it: 三、推进知识产权… or （一）完善鼓励创新创造的政策导向
    level: int  # 1 section, 2 sub-section
    tasks: list[TaskEntry] = field(default_factory=list)
    name: str = ""  # the bare title: 推进知识产权高质量创造和高效益运用
    heading: str = ""  # as the report numbers it under its own headings: （一）推进… / 1．完善…


@dataclass
class PeriodSubmission:
    """One unit's submission for one quarter (or month) of the report's period."""

    period: Period
    standing: str  # as the 报送期限 page says it: 按时·待审核 / 已接收（逾期） / 未报送 / 未到截止日 …
    submitted: bool
    late: bool
    submitted_at: datetime | None
    due: date


@dataclass
class SubmissionLine:
    unit: str
    periods: list[PeriodSubmission]  # one for a quarter's report, four for a year's

    @property
    def submitted(self) -> int:
        return sum(p.submitted for p in self.periods)

    @property
    def late(self) -> int:
        return sum(p.late for p in self.periods)


@dataclass
class ProgressReport:
    period: Period
    unit: str  # whose ledger: the bureau
    made_on: date
    indicators: list[IndicatorLine]
    sections: list[Section]
    submissions: list[SubmissionLine]

    @property
    def title(self) -> str:
        return f"{self.period.label}知识产权工作进展报告"

    @property
    def tasks(self) -> list[TaskEntry]:
        return [t for sec in self.sections for t in sec.tasks]

    @property
    def lagging(self) -> list[tuple[TaskEntry, UnitProgress]]:
        return [(t, u) for t in self.tasks for u in t.lagging]

    @property
    def unreported(self) -> list[tuple[TaskEntry, list[UnitProgress]]]:
        return [(t, t.unreported) for t in self.tasks if t.unreported]

    @property
    def periods(self) -> list[Period]:
        """The quarters (or months) submissions are counted in: the period itself for a quarter."""
        return [p.period for p in self.submissions[0].periods] if self.submissions else [self.period]

    @property
    def submitted(self) -> int:
        """Submissions received (unit × quarter)."""
        return sum(s.submitted for s in self.submissions)

    @property
    def late(self) -> int:
        return sum(s.late for s in self.submissions)

    def submission_summary(self) -> str:
        """Who sent: per unit for one quarter, per unit × quarter (and whole units) over several."""
        n = len(self.submissions)
        if len(self.periods) == 1:
            return f"应报送单位 {n} 家，已报送 {self.submitted} 家，其中逾期 {self.late} 家。"
        every = sum(1 for s in self.submissions if s.submitted == len(self.periods))
        none = sum(1 for s in self.submissions if s.submitted == 0)
        missing = sum(1 for s in self.submissions for p in s.periods if p.standing == NOT_REPORTED)
        unit = "个季度" if self.periods[0].months == 3 else "个月" if self.periods[0].months == 1 else "期"
        return (
            f"共 {len(self.periods)} {unit}，应报送 {n * len(self.periods)} 期次（{n} 家单位），"
            f"已报送 {self.submitted} 期次，其中逾期 {self.late} 期次，逾期未报送 {missing} 期次；"
            f"{every} 家单位各期均已报送，{none} 家单位各期均未报送。"
        )

    def submission_rows(self) -> tuple[list[str], list[list[str]]]:
        """The 各单位报送情况 table (Word and PDF): for one quarter each unit's standing, when its file
        came and the due date; over several, a column per quarter with the standing and the day."""
        if len(self.periods) == 1:
            headers = ["单位", "报送情况", "报送时间", "截止日期"]
            rows = [
                [s.unit, p.standing, f"{p.submitted_at:%Y-%m-%d %H:%M}" if p.submitted_at else "—", f"{p.due:%Y-%m-%d}"]
                for s in self.submissions
                for p in s.periods
            ]
            return headers, rows
        headers = ["单位", *[p.label.removeprefix(f"{p.year}年") for p in self.periods]]
        rows = [
            [s.unit, *[p.standing + (f"\n{p.submitted_at:%m-%d}" if p.submitted_at else "") for p in s.periods]]
            for s in self.submissions
        ]
        return headers, rows

    def indicator_note(self) -> str:
        """The note under the indicator table: what 报告值 is, and whose value each ratio is."""
        sources = "；".join(f"指标{i.number}（{i.year}年）为{i.source}报送的数值" for i in self.indicators if i.source)
        return (
            "注：目标值为预期性指标；报告值为各单位本年最新一期报送（年初至该期末的累计数）之和，比率类指标不相加，取最新一期的报送值"
            + (f"（{sources}）" if sources else "")
            + "；台账计算值由质押融资记录汇总（疑似重复只计一次）。"
        )

    def summary(self) -> list[str]:
        """The opening paragraph's sentences."""
        tasks = self.tasks
        statuses: dict[str, int] = {}
        for t in tasks:
            for u in t.units:
                statuses[u.status] = statuses.get(u.status, 0) + 1
        # 滞后 and 未报送 have their own clause below: named once in the sentence
        counted = "，".join(f"{k} {v} 项次" for k, v in statuses.items() if k not in (NOT_REPORTED, LAGGING))
        met = [i for i in self.indicators if i.year == self.period.end.year and i.state == "已达标"]
        this_year = [i for i in self.indicators if i.year == self.period.end.year]
        return [
            "本报告期" + self.submission_summary(),
            f"行动方案 {len(tasks)} 项任务中，{sum(1 for t in tasks if t.reported)} 项有责任单位报送进展"
            + (f"（{counted}）" if counted else "")
            + f"；滞后 {len(self.lagging)} 项次，未报送 {sum(len(u) for _t, u in self.unreported)} 项次。",
            f"{self.period.end.year}年 {len(this_year)} 项指标中已达标 {len(met)} 项。" if this_year else "",
        ]


def _section_titles(s, period: Period) -> dict[int, tuple[str, str, int, int | None]]:  # noqa: ANN001
    """Section id → (title as the plan prints it, bare title, level, parent id), of the period's plan."""
    out = {}
    for sec in catalogue.sections(s, period):
        level = 1 if sec.parent_id is None else 2
        out[sec.id] = (catalogue.section_heading(sec), sec.title, level, sec.parent_id)
    return out


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers in official documents)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _number_headings(sections: list[Section]) -> None:
    """Number the plan's sections as the levels below the report's own 三、重点任务推进情况: sections
    （一）（二）…, their sub-sections 1．2．… — the plan's 三、/（一） under the report's 三、 would read
    as siblings of the report's headings."""
    top = sub = 0
    for sec in sections:
        if sec.level == 1:
            top, sub = top + 1, 0
            sec.heading = f"（{chinese_number(top)}）{sec.name}"
        else:
            sub += 1
            sec.heading = f"{sub}．{sec.name}"


def build_report(ledger: Ledger, period: Period, today: date | None = None) -> ProgressReport:
    with ledger.session() as s:
        units = catalogue.units(s)
        m = TASK_PROGRESS.model
        codes = [p.code for p in period.sub_periods()]
        latest: dict[tuple[int, int], tuple[Period, dict[str, object]]] = {}
        cols = [m.task_number, m.unit_id, m.period, m.status, m.id, *[getattr(m, k) for k in TEXT_FIELDS]]
        files = evidence_store.names_by_record(s)
        plan = catalogue.plan_id(s, period)
        for row in s.execute(select(*cols).where(m.deleted.is_(False), m.period.in_(codes), m.plan_id == plan)):
            number, unit_id, code, status, rid, *texts = row
            p = parse_period(code)
            key = (number, unit_id)
            if key not in latest or latest[key][0].as_of < p.as_of:
                values = {"status": status, **dict(zip(TEXT_FIELDS, texts, strict=True))}
                latest[key] = (p, {**values, "evidence": "、".join(files.get(rid, []))})
        titles = _section_titles(s, period)
        sections: dict[int, Section] = {}
        ordered: list[Section] = []
        for task in catalogue.tasks(s, period):
            title, name, level, parent = titles.get(task.section_id, ("", "", 1, None))
            if parent is not None and parent not in sections:
                sections[parent] = Section(titles[parent][0], 1, name=titles[parent][1])
                ordered.append(sections[parent])
            if task.section_id not in sections:
                sections[task.section_id] = Section(title, level, name=name)
                ordered.append(sections[task.section_id])
            leads = catalogue.lead_units_of(task, units)
            entry = TaskEntry(
                task.number,
                task.text,
                "区知识产权联席会议各成员单位" if task.all_members else "、".join(u.name for u in task.lead_units),
            )
            for u in leads:
                found = latest.get((task.number, u.id))
                if found is None:
                    entry.units.append(UnitProgress(u.name, NOT_REPORTED))
                else:
                    p, v = found
                    texts = {k: str(v[k] or "") for k in (*TEXT_FIELDS, "evidence")}
                    entry.units.append(UnitProgress(u.name, str(v["status"]), p, **texts))
            sections[task.section_id].tasks.append(entry)
        indicators = [
            IndicatorLine(int(r[0]), str(r[1]), str(r[2]), int(r[3]), r[4], r[5], r[6], r[7], str(r[8]), str(r[10]))
            for r in plan_indicators(s, period)
        ]
        # who sent what when, per quarter, as the consolidated workbook's 报送情况 has it
        _periods, grid = submission_grid(s, period, today, review.expected_units(s))
        submissions = [
            SubmissionLine(
                u.name,
                [
                    PeriodSubmission(
                        c.period, c.standing, c.submitted, c.late, c.sent, c.status.due if c.status else c.period.end
                    )
                    for c in cells
                ],
            )
            for u, cells in grid
        ]
        own = str(settings.get(s, settings.UNIT))
    _number_headings(ordered)
    return ProgressReport(period, own, today or date.today(), indicators, ordered, submissions)
