"""What the dashboards show (SPEC §11), as plain data from the ledger; the window draws it.

The bureau's: indicators against targets for every plan year (reported and computed side by side),
who has submitted (已报 x / 应报 N, late, returned), task status by section with the lagging tasks,
totals by street and town. A unit's: its tasks reported this period, its due date, and what waits
for it (a returned submission, comments to answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app.entry import task_reports
from app.outgoing.submission import LAST_EXPORT
from app.reports.consolidated import duplicate_groups, load_records, street_table
from app.reports.progress import NOT_REPORTED, IndicatorLine, ProgressReport, TaskEntry, UnitProgress, build_report
from app.review import rules as review_rules
from app.review import state as review
from app.store import catalogue, settings
from app.store.ledger import Ledger
from app.store.units import unit_names
from app.vocabulary.kinds import BRAND_STATION, PATENT_DEAL, PATENT_LISTING, PLEDGE_FINANCING, STATUSES, TASK_PROGRESS
from app.vocabulary.periods import Period
from db.models import ReviewState

STATUS_ORDER = (*STATUSES, NOT_REPORTED)
RESENT = "已重新报送（待区局审核）"


def _exported_since_returned(s, unit_id: int, period: Period) -> bool:  # noqa: ANN001 - a Session
    """Whether the unit exported its submission after the bureau's return reached its ledger."""
    returned = s.get(ReviewState, (unit_id, period.code))
    last = str(settings.get(s, LAST_EXPORT))
    return bool(returned and returned.changed_at and last and datetime.fromisoformat(last) > returned.changed_at)


@dataclass
class BureauOverview:
    period: Period
    year: Period
    indicators: list[IndicatorLine]
    submissions: list[review.UnitStatus]
    by_section: list[tuple[str, dict[str, int]]]  # section → status → (task, unit) pairs
    lagging: list[tuple[TaskEntry, UnitProgress]]
    street_headers: list[str]
    streets: list[list[object]]  # street, then the 统计 sheet's figures for the year

    @property
    def expected(self) -> int:
        return len(self.submissions)

    @property
    def submitted(self) -> int:
        return sum(s.state != review_rules.NOT_SUBMITTED for s in self.submissions)

    @property
    def late(self) -> list[str]:
        return [s.unit for s in self.submissions if s.timeliness == review_rules.LATE]

    @property
    def returned(self) -> list[str]:
        return [s.unit for s in self.submissions if s.state == review_rules.RETURNED]

    @property
    def missing(self) -> list[str]:
        """Units past the due date with nothing in."""
        return [s.unit for s in self.submissions if s.timeliness == review_rules.MISSING]

    def indicators_met(self, year: int) -> tuple[int, int]:
        lines = [i for i in self.indicators if i.year == year]
        return sum(i.state == "已达标" for i in lines), len(lines)


def _by_section(report: ProgressReport) -> list[tuple[str, dict[str, int]]]:
    """Status counts per top-level section (三、…六、), its sub-sections rolled in."""
    out: list[tuple[str, dict[str, int]]] = []
    for sec in report.sections:
        if sec.level == 1 or not out:
            out.append((sec.title, dict.fromkeys(STATUS_ORDER, 0)))
        counts = out[-1][1]
        for task in sec.tasks:
            for u in task.units:
                counts[u.status] = counts.get(u.status, 0) + 1
    return out


def bureau_overview(ledger: Ledger, period: Period, today: date | None = None) -> BureauOverview:
    report = build_report(ledger, period, today)
    year = Period(date(period.year, 1, 1), 12)
    with ledger.session() as s:
        submissions = review.statuses(s, period, today=today)
        records = load_records(s, year, (BRAND_STATION, PATENT_LISTING, PATENT_DEAL, PLEDGE_FINANCING))
        groups = duplicate_groups(records, unit_names(s))
        streets = street_table(s, records, groups, year)
    return BureauOverview(
        period,
        year,
        report.indicators,
        submissions,
        _by_section(report),
        report.lagging,
        list(streets.headers),
        [list(r) for r in streets.rows],
    )


@dataclass
class UnitOverview:
    period: Period
    unit: str
    due: date
    state: str  # 未报送 / 待审核 / 已退回 / 已接收
    timeliness: str
    open_comments: int
    today: date
    tasks: list[tuple[int, str, str]] = field(default_factory=list)  # number, text, status or 未报送
    copied_tasks: set[int] = field(default_factory=set)  # reports still last period's word for word

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def reported(self) -> int:
        """Tasks reported this period; a copy of last period's report nobody checked does not count."""
        return sum(status != NOT_REPORTED and n not in self.copied_tasks for n, _t, status in self.tasks)

    @property
    def copied(self) -> int:
        """Tasks whose report is last period's, copied and not yet checked (复制上期，待核改)."""
        return sum(n in self.copied_tasks for n, _t, _status in self.tasks)

    @property
    def waiting(self) -> list[str]:
        """What the unit should attend to, in words."""
        items = []
        if self.state == review_rules.STATE_LABELS[review_rules.RETURNED]:
            items.append("区局已退回本期报送，请按意见修改后重新报送")
        elif self.state == RESENT:
            items.append("已按退回意见修改并重新导出报送文件，请确认已发送区局；等待区局审核")
        if self.open_comments:
            items.append(f"有 {self.open_comments} 条审核意见待答复")
        missing = len(self.tasks) - self.reported - self.copied
        if missing:
            items.append(f"本期还有 {missing} 项任务未填报进展")
        if self.copied:
            items.append(f"有 {self.copied} 项任务的进展为上期复制，待核改后再报送")
        if 0 <= self.days_left <= 10:
            items.append(f"距报送截止日期（{self.due:%Y-%m-%d}）还有 {self.days_left} 天，请按时导出报送文件")
        return items


def unit_overview(ledger: Ledger, period: Period, today: date | None = None) -> UnitOverview:
    with ledger.session() as s:
        unit = ledger.own_unit(s)
        status = review.statuses(s, period, today=today, units=[unit])[0]
        m = TASK_PROGRESS.model
        reported = dict(
            s.execute(
                select(m.task_number, m.status).where(
                    m.unit_id == unit.id,
                    m.period == period.code,
                    m.plan_id == catalogue.plan_id(s, period),  # a number of another plan is another task
                    m.deleted.is_(False),
                )
            ).all()
        )
        tasks = [
            (t.number, t.text, str(reported.get(t.number, NOT_REPORTED)))
            for t in catalogue.tasks_of_unit(s, unit, period)
        ]
        state = status.state_label
        if status.state == review_rules.RETURNED and _exported_since_returned(s, unit.id, period):
            state = RESENT  # the answers and fixes went out: no longer 区局已退回 on the dashboard
        return UnitOverview(
            period,
            unit.name,
            status.due,
            state,
            review_rules.TIMELINESS_LABELS[status.timeliness],
            status.open_comments,
            today or date.today(),
            tasks,
            task_reports.still_copied(s, unit.id, period),
        )
