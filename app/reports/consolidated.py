"""The bureau's consolidated workbook (SPEC §5): every unit's records for a period plus the reports
against the plan — indicators vs targets, the task matrix, who submitted, totals by street and town,
and likely duplicates (counted once in every total)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exchange.layout import CONSOLIDATED, Chart, Table
from app.outgoing.rows import RowBuilder, cover_lines, new_meta, sheet_rows
from app.review import state as review
from app.review.rules import LATE, NOT_SUBMITTED
from app.store import catalogue, settings
from app.store.ledger import Ledger
from app.store.selection import in_period, record_rows
from app.store.units import unit_names
from app.vocabulary.kinds import (
    BRAND_STATION,
    INDICATOR_VALUE,
    KINDS,
    PATENT_DEAL,
    PATENT_LISTING,
    PLEDGE_FINANCING,
    TASK_PROGRESS,
    Kind,
)
from app.vocabulary.periods import Period, parse_period
from db.models import ImportLog

STREETS_AND_TOWNS = ("街道", "镇")
NOT_RESPONSIBLE = "—"
NOT_REPORTED = "未报送"


@dataclass
class Records:
    """The live records of every unit that a consolidation for a period covers, per kind."""

    by_kind: dict[str, list[tuple[dict[str, object], int, str, int]]]

    def of(self, kind: Kind) -> list[tuple[dict[str, object], int, str, int]]:
        return self.by_kind.get(kind.key, [])


# What the reports read of each kind: at 100,000 listings, loading every field would double the
# memory a consolidation needs.
REPORT_FIELDS = {
    TASK_PROGRESS.key: ("period", "task_number", "status", "plan_id"),
    BRAND_STATION.key: ("status", "street"),
    PATENT_LISTING.key: ("patent_no", "price", "listed_on"),
    PATENT_DEAL.key: ("patent_no", "grantee", "contract_date", "grantee_street", "amount"),
    PLEDGE_FINANCING.key: ("registration_no", "credit_code", "registered_on", "amount", "street"),
    INDICATOR_VALUE.key: ("indicator_number", "period", "value", "plan_id"),
}


NOT_MET = "未达标"  # an indicator's state below its year's target


def late_cell(text: str) -> bool:
    """A cell of a 报送情况 table shown in red, in the workbook and the report: a period sent late
    (逾期) or not sent (未报送)."""
    return "逾期" in text or text.startswith(NOT_REPORTED)


def _report_fields(kind: Kind) -> tuple[str, ...]:
    """What the reports read of a kind: its own figures and what tells its likely duplicates."""
    same = [k for keys in kind.same_item for k in keys]
    return tuple(dict.fromkeys([*REPORT_FIELDS.get(kind.key, ()), *same]))


def load_records(s: Session, period: Period, kinds: Sequence[Kind] = KINDS) -> Records:
    return Records(
        {
            k.key: list(
                record_rows(s, k, k.model.deleted.is_(False), in_period(k, period, None), keys=_report_fields(k))
            )
            for k in kinds
        }
    )


def duplicate_groups(records: Records, unit_names: dict[int, str]) -> list[tuple[Kind, tuple, list[tuple[int, str]]]]:
    """The same real-world item (as its Kind's `same_item` says) reported by more than one unit:
    (kind, key, [(unit id, record id)])."""
    groups = []
    for kind in KINDS:
        if not kind.same_item:
            continue
        items: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
        for values, unit_id, rid, _rev in records.of(kind):
            key = kind.same_item_key(values)
            if key:
                items[key].append((unit_id, rid))
        groups += [(kind, key, members) for key, members in items.items() if len({u for u, _ in members}) > 1]
    return groups


def counted_once(records: Records, kind: Kind, groups) -> list[tuple[dict[str, object], int, str, int]]:  # noqa: ANN001
    """The kind's records with every likely duplicate but the first reported one left out."""
    skip = {rid for k, _key, members in groups if k is kind for _u, rid in members[1:]}
    return [r for r in records.of(kind) if r[2] not in skip]


def indicator_rows(
    s: Session,
    records: Records,
    years: Sequence[int],
    groups,  # noqa: ANN001
    plan: catalogue.PlanRef = None,
    through: date | None = None,
) -> list[list]:
    """Per year, then per indicator: [number, name, measure unit, year, target, reported, computed,
    completion %, state, note]. Reported: the sum of each unit's latest value of the year (a ratio:
    the bureau's own); computed: from the ledger's records where the plan's indicator allows it.
    `through`: only what was reported for periods ending by then, and registered by then (a
    third-quarter report does not take in the fourth quarter's figures)."""
    latest: dict[tuple[int, int, int], tuple[Period, float]] = {}  # (indicator, year, unit) → latest value
    plan_id = catalogue.plan_id(s, plan)
    for values, unit_id, _rid, _rev in records.of(INDICATOR_VALUE):
        if values.get("plan_id", plan_id) != plan_id:
            continue  # reported under another plan: its numbers mean other indicators
        p = parse_period(values["period"])
        if through is not None and p.end > through:
            continue
        key = (values["indicator_number"], p.end.year, unit_id)
        if key not in latest or latest[key][0].as_of < p.as_of:
            latest[key] = (p, float(values["value"]))
    bureau = catalogue.find_unit(s, catalogue.BUREAU_UNIT)
    names = unit_names(s)
    pledged = defaultdict(float)  # 亿元 by year, from 质押融资, duplicates counted once
    for values, _u, _rid, _rev in counted_once(records, PLEDGE_FINANCING, groups):
        if through is None or values["registered_on"] <= through:
            pledged[values["registered_on"].year] += float(values["amount"]) / 10_000  # 万元 → 亿元
    rows = []
    indicators = catalogue.indicators(s, plan)  # the indicators of the period's plan
    for year in years:  # a year's rows stand together: each year is one series of the chart
        for ind in indicators:
            targets = {t.year: t.target for t in ind.targets}
            reports = {u: pv for (n, y, u), pv in latest.items() if n == ind.number and y == year}
            source = ""
            if not summed(ind) and reports:
                # A ratio is not added up: the value of the latest period counts, from the unit that
                # reported it (the bureau's own when it reported that period too), and says so.
                unit_id, (p, reported) = max(
                    reports.items(), key=lambda item: (item[1][0].end, item[0] == (bureau.id if bureau else -1))
                )
                source = f"{names.get(unit_id, '')} {p.label}"
            elif not summed(ind):
                reported = None
            else:
                reported = round(sum(v for _p, v in reports.values()), 4) if reports else None
            computed = round(pledged.get(year, 0.0), 4) if ind.number == 3 else None
            value = computed if reported is None else reported
            target = targets.get(year)
            rate = round(value / target * 100, 1) if value is not None and target else None
            state = "无数据" if value is None else ("已达标" if target is not None and value >= target else NOT_MET)
            name = f"{ind.group}：{ind.name}" if ind.group else ind.name
            rows.append(
                [
                    ind.number,
                    name,
                    ind.measure_unit,
                    year,
                    target,
                    reported,
                    computed,
                    rate,
                    state,
                    "预期性指标" if ind.expected else "",
                    source,
                ]
            )
    return rows


def summed(ind) -> bool:  # noqa: ANN001 - a db Indicator
    """Whether the units' values of an indicator add up to the district's (counts, amounts), or the
    indicator is a ratio (a percentage, a per-capita figure) that one unit reports for the district."""
    return not (ind.measure_unit == "%" or ind.name.startswith("每万人口") or "率" in ind.name)


def plan_indicators(s: Session, period: Period) -> list[list]:
    """indicator_rows for every year of the period's plan up to the period's end, each year as it
    stood when the period ended (the current year to date)."""
    targets = catalogue.targets(s, period)
    years = sorted({year for by_year in targets.values() for year in by_year if year <= period.end.year})
    return _indicator_rows_through(s, period, years)


def _indicator_rows_through(s: Session, period: Period, years: Sequence[int]) -> list[list]:
    records = Records(defaultdict(list))
    for year in years:
        for key, found in load_records(
            s, Period(date(year, 1, 1), 12), (INDICATOR_VALUE, PLEDGE_FINANCING)
        ).by_kind.items():
            records.by_kind[key] += found
    groups = duplicate_groups(records, unit_names(s))
    return indicator_rows(s, records, years, groups, period, through=period.end)


TARGET_HEADER, RATE_HEADER, STATE_HEADER, SOURCE_HEADER = "目标值", "完成率(%)", "状态", "报告值来源"


def indicator_table(s: Session, period: Period) -> Table:
    """The period's years' indicators against their targets, to the period's end (the consolidated
    workbook's 指标完成情况 and the window's page; the progress report's are the same figures)."""
    years = sorted({period.year, period.end.year})
    rows = _indicator_rows_through(s, period, years)
    indicators = {r[0] for r in rows}
    top = max((r[7] or 0 for r in rows), default=0)
    chart = Chart(
        "指标完成率（%，超过 200% 的截断显示，数值见标签）" if top > 200 else "指标完成率（%）",
        category_column=1,
        series=[(f"{year}年", 7, i * len(indicators), (i + 1) * len(indicators) - 1) for i, year in enumerate(years)],
        y_title="完成率（%）",
        value_max=200 if top > 200 else None,
    )
    return Table(
        "指标完成情况",
        [
            "指标编号",
            "指标名称",
            "计量单位",
            "年度",
            TARGET_HEADER,
            "报告值",
            "据台账计算值",
            RATE_HEADER,
            STATE_HEADER,
            "备注",
            SOURCE_HEADER,
        ],
        rows,
        widths=(9, 36, 9, 7, 9, 10, 13, 11, 9, 12, 22),
        note="报告值：各单位本年最新一期报送之和（各期报送的是年初至该期末的累计数）；比率类（百分比、每万人口）不相加，取最新一期的报送值，"
        "“报告值来源”列写明是哪个单位哪一期报送的；据台账计算值：由质押融资记录汇总，疑似重复只计一次",
        charts=[chart] if indicators else [],
        alarm=lambda value: value == NOT_MET,
    )


def own_indicator_table(s: Session, period: Period) -> Table:
    """A unit's own figures beside the district's targets, for an office's window: no completion
    rate and no 达标 state, as one street's figures are only a part of the district's."""
    district = indicator_table(s, period)
    keep = [j for j, h in enumerate(district.headers) if h not in (RATE_HEADER, STATE_HEADER)]
    headers = [("全区目标值" if h == TARGET_HEADER else h) for h in district.headers]
    return Table(
        district.name,
        [headers[j] for j in keep],
        [[row[j] for j in keep] for row in district.rows],
        note="目标值为全区的年度目标；报告值为本单位报送的数值，据台账计算值由本单位的质押融资记录汇总。"
        "是否达标由区知识产权局汇总全区后判断。",
    )


def task_matrix(s: Session, records: Records, plan: catalogue.PlanRef = None) -> Table:
    units = catalogue.units(s)
    latest: dict[tuple[int, int], tuple[Period, str]] = {}
    plan_id = catalogue.plan_id(s, plan)
    for values, unit_id, _rid, _rev in records.of(TASK_PROGRESS):
        if values.get("plan_id", plan_id) != plan_id:
            continue  # reported under another plan: its numbers mean other tasks
        p = parse_period(values["period"])
        key = (values["task_number"], unit_id)
        if key not in latest or latest[key][0].as_of < p.as_of:
            latest[key] = (p, str(values["status"]))
    rows = []
    for task in catalogue.tasks(s, plan):
        leads = {u.id for u in catalogue.lead_units_of(task, units)}
        lead_text = "区知识产权联席会议各成员单位" if task.all_members else "、".join(u.name for u in task.lead_units)
        cells = [
            latest.get((task.number, u.id), (None, NOT_REPORTED))[1] if u.id in leads else NOT_RESPONSIBLE
            for u in units
        ]
        reported = sum(1 for u in units if (task.number, u.id) in latest and u.id in leads)
        rows.append([task.number, _shortened(task.text), lead_text, f"{reported}/{len(leads)}", *cells])
    # Wide enough (with some 25 units) to print two pages across at a readable size, the task
    # number and text repeated on both (app.exchange.printing), rather than one page at ~4 pt.
    return Table(
        "任务推进矩阵",
        ["任务编号", "任务内容", "牵头单位", "已报送/应报送", *[u.name for u in units]],
        rows,
        widths=(6, 40, 24, 8, *[8] * len(units)),
        note="各单位最新一期报送的推进状态；“—”表示非该任务责任单位",
    )


TASK_TEXT_CHARS = 42  # two lines of the matrix's 任务内容 column


def _shortened(text: str, limit: int = TASK_TEXT_CHARS) -> str:
    """The task's text, or its beginning with “…” when longer: a cut must show."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class SubmissionCell:
    """One unit × period of a report over one or more periods: how it stands for review (None for a
    unit the ledger does not wait for, such as its own) and the files that answer for it."""

    period: Period
    status: review.UnitStatus | None
    files: list[ImportLog]
    own: bool = False

    @property
    def sent(self) -> datetime | None:
        """When the unit's submission came, as the review has it and judges 按时/逾期 by (the first
        file; one received by post is dated when it arrived), else when the latest file not
        superseded was sent."""
        if self.status is not None and (self.status.first_submitted_at or self.status.submitted_at):
            return self.status.first_submitted_at or self.status.submitted_at  # what 按时/逾期 is judged by
        if not self.files:
            return None
        current = [x for x in self.files if x.superseded_by is None]
        return review.sent_time(current[-1] if current else self.files[-1])

    @property
    def submitted(self) -> bool:
        return bool(self.files) or (self.status is not None and self.status.state != NOT_SUBMITTED)

    @property
    def late(self) -> bool:
        return self.status is not None and self.status.timeliness == LATE

    @property
    def standing(self) -> str:
        """As the 报送期限 page says it: 按时·待审核, 已退回, 已接收（逾期）, 未报送, 未到截止日…"""
        st = self.status
        if self.files:
            # a file with no review state yet (a unit outside the expected list) still counts as sent
            return st.standing if st and st.state != NOT_SUBMITTED else "已报送"
        return st.standing if st else NOT_REPORTED

    def text(self, standing: bool = True) -> str:
        """The cell of the 报送情况 sheet: the standing (or 已报送) and the day the counted file was sent."""
        if self.own:
            return "本台账"
        if not self.files:
            return self.standing if standing else NOT_REPORTED
        extra = f"（另有 {len(self.files) - 1} 份被取代）" if len(self.files) > 1 else ""
        return f"{self.standing if standing else '已报送'} {self.sent:%Y-%m-%d}{extra}"


def submission_grid(
    s: Session, period: Period, today: date | None = None, units: Sequence | None = None
) -> tuple[list[Period], list[tuple[object, list[SubmissionCell]]]]:
    """The quarters (or months) of the period, and per unit its cell in each: the one account of who
    sent what when, for the 报送情况 sheet and page and the progress report over several periods."""
    units = catalogue.units(s) if units is None else units
    granularity_months = 3 if period.months >= 3 else period.months
    periods = _periods_in(period, granularity_months)
    logs = s.scalars(
        select(ImportLog)
        .where(ImportLog.undone_at.is_(None), ImportLog.unit_id.isnot(None))
        .order_by(ImportLog.imported_at)
    ).all()
    by_unit: dict[int, list[tuple[Period, ImportLog]]] = defaultdict(list)
    for log in logs:
        if log.period:
            by_unit[log.unit_id].append((parse_period(log.period), log))
    own = str(settings.get(s, settings.UNIT))
    # each unit × period as the 报送期限 page shows it: on time or late, and the review state
    status = {p: {st.unit_id: st for st in review.statuses(s, p, today)} for p in periods}
    grid = []
    for u in units:
        cells = []
        for p in periods:
            # a year's submission answers for its quarters, a month's for its quarter
            found = [log for q, log in by_unit.get(u.id, []) if q.covers(p) or p.covers(q)]
            cells.append(SubmissionCell(p, status[p].get(u.id), found, own=u.name == own))
        grid.append((u, cells))
    return periods, grid


def submission_table(s: Session, period: Period, *, standing: bool = False) -> Table:
    """Units × periods: when each unit's file that counts was exported. With `standing` (the
    consolidated workbook, read where there is no 报送期限 page beside it) each cell also says
    on time or late and the review state, as the 报送期限 page does."""
    periods, grid = submission_grid(s, period)
    rows = [[u.name, u.kind, *[c.text(standing) for c in cells]] for u, cells in grid]
    return Table(
        "报送情况",
        ["填报单位", "类别", *[p.label for p in periods]],
        rows,
        widths=(16, 9, *[26] * len(periods)),
        alarm=lambda value: isinstance(value, str) and late_cell(value),
    )


def _periods_in(period: Period, months: int) -> list[Period]:
    if months >= period.months:
        return [period]
    p, found = Period(period.start, months), []
    while p.start <= period.end:
        found.append(p)
        p = p.next()
    return found


def street_table(s: Session, records: Records, groups, period: Period) -> Table:  # noqa: ANN001
    """Per street and town: stations opened (as they stand), and the period's listings (by 挂牌日期:
    a listing travels with every submission, but counts in the period it was listed), deals and
    pledges; likely duplicates counted once."""
    names = unit_names(s)
    streets = [u.name for u in catalogue.units(s) if u.kind in STREETS_AND_TOWNS]
    other = "区级部门及其他"
    stats: dict[str, list[float]] = {name: [0] * 7 for name in [*streets, other]}

    def bucket(name: object) -> list[float]:
        return stats[name] if name in stats else stats[other]

    for values, _u, _rid, _rev in counted_once(records, BRAND_STATION, groups):
        if values["status"] == "已揭牌":
            bucket(values["street"])[0] += 1
    for values, unit_id, _rid, _rev in counted_once(records, PATENT_LISTING, groups):
        if values["listed_on"] is None or not period.contains(values["listed_on"]):
            continue
        b = bucket(names.get(unit_id))
        b[1] += 1
        b[2] += float(values["price"] or 0)
    for values, _u, _rid, _rev in counted_once(records, PATENT_DEAL, groups):
        b = bucket(values["grantee_street"])
        b[3] += 1
        b[4] += float(values["amount"] or 0)
    for values, _u, _rid, _rev in counted_once(records, PLEDGE_FINANCING, groups):
        b = bucket(values["street"])
        b[5] += 1
        b[6] += float(values["amount"] or 0)
    rows = [[name, *[round(x, 4) for x in row]] for name, row in stats.items()]
    rows.append(["合计", *[round(sum(r[i + 1] for r in rows), 4) for i in range(7)]])
    return Table(
        "统计",
        [
            "街道镇",
            "已揭牌指导站",
            "挂牌专利数",
            "挂牌价格合计(万元)",
            "专利交易笔数",
            "交易金额合计(万元)",
            "质押融资笔数",
            "融资金额合计(万元)",
        ],
        rows,
        widths=(16, 12, 11, 17, 12, 17, 12, 17),
    )


def duplicate_table(s: Session, records: Records, groups) -> Table:  # noqa: ANN001
    names = unit_names(s)
    rows = []
    for kind, key, members in groups:
        keys = key[0]
        what = "，".join(f"{kind.field(k).label} {v}" for k, v in zip(keys, key[1:], strict=True))
        rows.append(
            [
                kind.sheet,
                what,
                "、".join(names[u] for u, _ in members),
                len(members),
                names[members[0][0]],
                "；".join(rid for _u, rid in members),
            ]
        )
    return Table(
        "疑似重复",
        ["工作表", "同一事项", "报送单位", "条数", "计入合计的单位", "记录ID"],
        rows,
        widths=(14, 44, 30, 6, 14, 60),
        printed=5,  # the record ids are for finding the rows in the program, not for paper
        empty="未发现疑似重复记录",
    )


def evidence_table(s: Session, period: Period) -> Table | None:
    """佐证材料: every evidence file of the period's records, by unit and record (SPEC §15); None
    when there is none."""
    from app.evidence import store
    from app.evidence.types import FileType
    from app.review.comments import describe

    links = store.names_by_record(s)
    if not links:
        return None
    names = unit_names(s)
    by_record = {}
    for a in store.attached(s):
        by_record.setdefault(a.record_id, []).append(a)
    rows = []
    for kind in KINDS:
        m = kind.model
        ids = list(by_record)
        for start in range(0, len(ids), 500):
            q = select(m).where(m.id.in_(ids[start : start + 500]), m.deleted.is_(False), in_period(kind, period, None))
            for record in s.scalars(q):
                for a in by_record[record.id]:
                    rows.append(
                        [
                            names.get(record.unit_id, ""),
                            kind.sheet,
                            describe(kind, record),
                            a.name,
                            round(a.size / 1024, 1),
                            FileType(a.media_type).label,
                            a.sha256,
                            record.id,
                        ]
                    )
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    return Table(
        "佐证材料",
        ["填报单位", "工作表", "记录", "文件名", "大小(KB)", "类型", "sha256", "记录ID"],
        rows,
        widths=(14, 12, 40, 30, 10, 12, 66, 38),
        note=f"共 {len(rows)} 个文件；文件本身保存在台账中，可在程序中打开该记录查看",
        printed=6,
    )


def _counted(rows: Iterable, step: Callable[[], None]) -> Iterator:
    """The rows, then a step of progress once the sheet is written."""
    yield from rows
    step()


def consolidate(
    ledger: Ledger, period: Period, path: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[Path, dict[str, int]]:
    """Write the consolidated workbook; `progress(done, total)` follows the sheets as they are made."""
    total = 1 + len(KINDS) + 1  # the reports, each record sheet, the finished file
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    with ledger.session() as s:
        records = load_records(s, period)
        names = unit_names(s)
        groups = duplicate_groups(records, names)
        builder = RowBuilder(s)
        meta = new_meta(s, CONSOLIDATED, str(settings.get(s, settings.UNIT)), period)
        tables = [
            indicator_table(s, period),
            task_matrix(s, records, period),
            submission_table(s, period, standing=True),
            street_table(s, records, groups, period),
            duplicate_table(s, records, groups),
        ]
        evidence = evidence_table(s, period)
        if evidence is not None:
            tables.append(evidence)
        del records  # the reports are made; the sheets stream from the ledger again
        step()
        sheets = []
        for kind in KINDS:
            found = record_rows(s, kind, kind.model.deleted.is_(False), in_period(kind, period, None))
            sheets.append((kind, _counted(sheet_rows(kind, found, builder, meta), step)))
        from app.exchange.writer import write_workbook  # XlsxWriter loads only when a file is written

        duplicates = ((), ("疑似重复", f"{len(groups)} 组（汇总统计中每组只计一次）"))
        counts = write_workbook(path, meta, lambda counts: [*cover_lines(meta, counts), *duplicates], sheets, tables)
    step()
    return path, counts
