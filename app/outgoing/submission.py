"""A unit's submission for one reporting period (SPEC §5), and the blank template."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import __version__
from app.entry import task_reports
from app.exchange.layout import SUBMISSION, TEMPLATE, Meta, Tombstone, cells_digest
from app.paths import file_in_folder, file_name_part
from app.plans.carry import name_plan
from app.store import catalogue, settings
from app.store.ledger import Ledger
from app.store.units import unit_names
from app.vocabulary.kinds import KINDS, FieldType, Kind
from app.vocabulary.periods import Period
from app.vocabulary.validators import NO, YES
from db.models import TaskProgress, Unit, utcnow

LAST_EXPORT = settings.SettingSpec("last_export_at", str, "", "Last export")


def default_file_name(unit: str, period: Period) -> str:
    """The submission's file name: the unit's name made safe for a file name (never a path)."""
    return f"知识产权台账_{file_name_part(unit)}_{file_name_part(period.code)}.xlsx"


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    tombstones: int
    unreported: list[int] = field(default_factory=list)  # numbers of the unit's tasks not reported for the period
    copied: list[int] = field(default_factory=list)  # reports still word for word last period's (复制上期)

    def unreported_text(self) -> str:
        return unreported_text(self.unreported)

    def copied_text(self) -> str:
        return copied_text(self.copied)


def new_meta(s: Session, kind: str, unit: str, period: Period) -> Meta:
    """The _meta of a workbook this ledger writes for a period: a new submission id, when, by which
    version of the program from which ledger, and the plan the period is reported under."""
    meta = Meta(
        kind=kind,
        unit=unit,
        period=period.code,
        submission_id=str(uuid.uuid4()),
        exported_at=datetime.now().isoformat(),
        app_version=__version__,
        ledger_id=str(settings.get(s, settings.LEDGER_ID)),
    )
    name_plan(s, meta)  # the plan travels with the workbook
    return meta


def unreported_text(numbers: Sequence[int], who: str = "本单位") -> str:
    shown = "、".join(map(str, numbers[:12])) + ("等" if len(numbers) > 12 else "")
    return f"{who}牵头的 {len(numbers)} 项任务本期尚未填报推进情况（任务编号 {shown}）"


def copied_text(numbers: Sequence[int]) -> str:
    """The reports copied from last period that nobody has checked: they go out as this period's."""
    shown = "、".join(map(str, numbers[:12])) + ("等" if len(numbers) > 12 else "")
    return (
        f"{len(numbers)} 项任务的填报内容仍是上期复制、尚未核改（任务编号 {shown}），"
        "将原样作为本期进展报送；请核对，需要修改的改后再导出。"
    )


def unchecked_copies(ledger: Ledger, period: Period) -> list[int]:
    """The unit's tasks whose report for the period is still last period's, copied and unchecked:
    the export dialog names them before the file goes out."""
    with ledger.session() as s:
        return sorted(task_reports.still_copied(s, ledger.own_unit(s).id, period.code))


def unreported_tasks(s: Session, unit: Unit, period: Period, also: Iterable[int] = ()) -> list[int]:
    """The numbers of the tasks `unit` leads in the period's plan that it has not reported for the
    period (a report for a month or quarter inside it counts), besides those in `also`."""
    m = TaskProgress
    codes = [p.code for p in _sub_periods(period)]
    reported = set(
        s.scalars(select(m.task_number).where(m.unit_id == unit.id, m.deleted.is_(False), m.period.in_(codes)))
    )
    reported.update(also)
    return [t.number for t in catalogue.tasks_of_unit(s, unit, period) if t.number not in reported]


class RowBuilder:
    """Turns ledger rows into sheet rows: derived columns filled in, yes/no spelt out."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.unit_name = unit_names(s)
        self._plans: dict[str, dict[str, dict[int, str]]] = {}  # period → texts of its plan

    def _plan_texts(self, period: object) -> dict[str, dict[int, str]]:
        """Task texts and indicator names of the plan a period belongs to."""
        key = str(period)
        if key not in self._plans:
            plan = catalogue.plan_of_period(self.s, key)
            self._plans[key] = {
                "task": catalogue.task_texts(self.s, plan),
                "indicator": {i.number: i.name for i in catalogue.indicators(self.s, plan)},
            }
        return self._plans[key]

    def cells(self, kind: Kind, values: dict[str, object], unit_id: int, record_id: str, revision: int) -> list:
        row: list[object] = []
        for f in kind.fields:
            if f.key == "task_text":
                row.append(self._plan_texts(values["period"])["task"].get(values["task_number"]))  # type: ignore[arg-type]
            elif f.key == "indicator_name":
                row.append(self._plan_texts(values["period"])["indicator"].get(values["indicator_number"]))  # type: ignore[arg-type]
            elif f.type is FieldType.YES_NO and values[f.key] is not None:
                row.append(YES if values[f.key] else NO)
            else:
                row.append(values[f.key])
        row += [self.unit_name[unit_id], record_id, revision]
        return row


def sheet_rows(
    kind: Kind, found: Iterable[tuple[dict[str, object], int, str, int]], builder: RowBuilder, meta: Meta
) -> Iterator[list]:
    """Sheet rows streamed from the ledger, each row's digest noted in `meta` as it goes by
    (the _meta sheet is written last), so that no sheet is ever held in memory whole."""
    inputs = input_positions(kind)
    digests = meta.digests.setdefault(kind.sheet, {})
    for values, unit_id, rid, rev in found:
        row = builder.cells(kind, values, unit_id, rid, rev)
        digests[rid] = (rev, cells_digest(row[k] for k in inputs))
        yield row


def input_positions(kind: Kind) -> list[int]:
    """Where a kind's input fields stand in its sheet rows (derived columns left out)."""
    return [i for i, f in enumerate(kind.fields) if not f.derived]


def record_rows(
    s: Session,
    kind: Kind,
    *conditions,
    keys: Sequence[str] | None = None,  # noqa: ANN002
) -> Iterator[tuple[dict[str, object], int, str, int]]:
    """(values, unit id, record id, revision) of the records matching the conditions, streamed;
    the values of every input field, or only of `keys`."""
    m = kind.model
    keys = list(keys) if keys is not None else [f.key for f in kind.input_fields]
    columns = [getattr(m, k) for k in keys]
    q = select(*columns, m.unit_id, m.id, m.revision).where(*conditions).order_by(m.created_at, m.id)
    for row in s.execute(q.execution_options(yield_per=5000)):
        yield dict(zip(keys, row[: len(keys)], strict=True)), row[-3], row[-2], row[-1]


def in_period(kind: Kind, period: Period, since: datetime | None):  # noqa: ANN201 - SQL expression
    """Which of a unit's records a submission for `period` carries (SPEC §5)."""
    m = kind.model
    if kind.period_field:
        codes = [p.code for p in _sub_periods(period)]
        wanted = getattr(m, kind.period_field).in_(codes)
    elif kind.date_field:
        wanted = getattr(m, kind.date_field).between(period.start, period.end)
    else:  # registries travel whole
        wanted = m.id.isnot(None)
    return or_(wanted, m.updated_at > since) if since else wanted


def _sub_periods(period: Period) -> list[Period]:
    """The period and every month, quarter and half-year inside it (a year report carries its quarters)."""
    found = []
    for months in (1, 3, 6, 12):
        if months > period.months:
            continue
        p = Period(period.start, months)
        while p.start <= period.end:
            found.append(p)
            p = p.next()
    return found


def export_submission(ledger: Ledger, period: Period, path: Path | None = None) -> ExportResult:
    with ledger.session() as s:
        unit = ledger.own_unit(s)
        last = str(settings.get(s, LAST_EXPORT))
        since = datetime.fromisoformat(last) if last else None  # None: nothing was ever sent
        started = utcnow()
        builder = RowBuilder(s)
        meta = new_meta(s, SUBMISSION, unit.name, period)
        sheets = []
        for kind in KINDS:
            m = kind.model
            for rid, rev in s.execute(select(m.id, m.revision).where(m.unit_id == unit.id, m.deleted.is_(True))):
                meta.tombstones.append(Tombstone(kind.sheet, rid, unit.name, rev))
            # The first export carries every record, whatever its period: none has been sent yet.
            wanted = in_period(kind, period, since) if since else m.id.isnot(None)
            found = record_rows(s, kind, m.unit_id == unit.id, m.deleted.is_(False), wanted)
            sheets.append((kind, sheet_rows(kind, found, builder, meta)))
        target = Path(path) if path else file_in_folder(Path.cwd(), default_file_name(unit.name, period))
        from app.exchange.writer import write_workbook  # XlsxWriter loads only when a file is written
        from app.review.feedback import answers_table  # the unit's answers to the bureau's comments travel along

        answers = answers_table(s, unit.id)
        tables = [answers] if answers else []
        counts = write_workbook(target, meta, lambda counts: cover_lines(meta, counts), sheets, tables)
        settings.put(s, LAST_EXPORT, started.isoformat())
        unreported = unreported_tasks(s, unit, period)
        copied = sorted(task_reports.still_copied(s, unit.id, period.code))
    return ExportResult(target, counts, len(meta.tombstones), unreported, copied)


def write_template(path: Path) -> Path:
    from app.exchange.writer import write_workbook

    meta = Meta(kind=TEMPLATE, exported_at=datetime.now().isoformat(timespec="seconds"), app_version=__version__)
    write_workbook(path, meta, lambda _counts: cover_lines(meta, {}), [(kind, []) for kind in KINDS])
    return Path(path)


# How a unit without the app asks for a record to be deleted: in the row's 情况说明 (every sheet has
# it); the bureau's import flags the row (app.merge.plausibility) and deletes it in its ledger if right.
DELETE_REQUEST = "请删除"
DELETE_REQUEST_HELP = f"记录需要删除时（如重复录入、填错），请在该行“情况说明”列写“{DELETE_REQUEST}”并注明原因"

FILL_HELP = [
    ("填写说明", "每类记录一张工作表，第一行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。"),
    ("", "红色表头为必填项；有下拉列表的列请从列表中选择；日期写作 2025-03-01 或 2025年3月1日。"),
    ("", "报告期写作 2025Q1（季度）、2025-03（月）、2025H1（半年）或 2025（年）。"),
    (
        "",
        "各表金额单位为万元；“指标”表的数值按该指标在行动方案中的计量单位填写（如亿元、件、%），"
        "计量单位一栏写同样的单位或留空。",
    ),
    ("", "填报单位、记录ID、版本三列由程序填写：新增的行请留空记录ID和版本，不要复制他行的记录ID。"),
    ("", "请不要删除行：删除一行不会删除台账中的记录。已下架的挂牌、已撤销的指导站请改“挂牌状态”“站点状态”。"),
    ("", f"{DELETE_REQUEST_HELP}；区知识产权局导入时会看到，核实后在台账中删除。"),
]


def cover_lines(meta: Meta, counts: dict[str, int]) -> Sequence[Sequence[object]]:
    title = {TEMPLATE: "知识产权工作台账 — 空白填报模板", SUBMISSION: "知识产权工作台账 — 报送文件"}.get(
        meta.kind, "知识产权工作台账 — 汇总文件"
    )
    period = ""
    if meta.period:
        from app.vocabulary.periods import parse_period

        period = f"{parse_period(meta.period).label}（{meta.period}）"
    lines: list[Sequence[object]] = [
        (title,),
        ("填报单位", meta.unit or "（见各表“填报单位”列）"),
        ("报告期", period or "（见各表“报告期”列）"),
        ("导出时间", meta.exported_at.replace("T", " ")[:19]),
        ("程序版本", f"知识产权工作台账 {meta.app_version}，文件格式第 {meta.version} 版"),
        (),
    ]
    if counts:
        lines.append(("各表记录数", ""))
        lines += [(sheet, n) for sheet, n in counts.items()]
        lines.append(())
    lines += FILL_HELP
    return lines
