"""Pre-filled workbooks (一表同享, SPEC §10): the workbook a unit should return for a period, with
what the ledger already knows written in, so that a clerk without the app only checks and updates.

It is a submission of that unit (its `_meta` names the unit and the period), so it imports with the
full merge and without asking whom it speaks for: rows left alone are unchanged (their digests are
in `_meta`), edited rows are updates, added rows are new, rows deleted are reported as missing.
Each task the unit leads has its row with last period's status and progress beside it as
read-only reference; this period's cells stay blank — a row left blank reports nothing.

What the bureau sends a unit this way is, for the unit's records in it, a version the unit's next
file may start from: the bureau's ledger notes it as a merge base (app.store.bases.note_sent), so that a
field only the bureau changed after sending, or only the unit changed, is not asked as a conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.exchange.layout import (
    ISSUED_BY_BUREAU,
    ISSUED_BY_UNIT,
    LAST_PROGRESS_HEADER,
    LAST_STATUS_HEADER,
    SECTION_HEADER,
    SUBMISSION,
    Meta,
    cells_digest,
)
from app.outgoing.rows import EVIDENCE_HELP, FILL_HELP, RowBuilder, input_positions, new_meta
from app.paths import file_in_folder, file_name_part
from app.review import state as review
from app.store import bases, catalogue
from app.store.ledger import Ledger, SetupError
from app.store.selection import in_period
from app.vocabulary.clock import chinese_date
from app.vocabulary.kinds import (
    BRAND_STATION,
    INDICATOR_VALUE,
    KINDS,
    PATENT_DEAL,
    PATENT_LISTING,
    PLEDGE_FINANCING,
    STATION_SERVICE,
    TASK_PROGRESS,
    Kind,
)
from app.vocabulary.periods import Period
from db.models import PlanSection, Task, Unit

STREET_KINDS = ("街道", "镇")
REFERENCE = ((SECTION_HEADER, 22), (LAST_STATUS_HEADER, 10), (LAST_PROGRESS_HEADER, 30))
RETIRED_STATION = "已撤销"


@dataclass
class PrefillResult:
    unit: str
    path: Path
    tasks: int  # task rows laid out (the unit's lead tasks, and any other it reported)
    unreported: int  # of the lead tasks, those with no report for the period yet
    stations: int
    listings: int

    def summary(self) -> str:
        tasks = f"任务 {self.tasks} 项（本期未填报 {self.unreported} 项）"
        return f"{tasks}，指导站 {self.stations} 个，挂牌 {self.listings} 条"


def prefill_file_name(unit: str, period: Period) -> str:
    return f"预填报送表_{file_name_part(unit)}_{file_name_part(period.code)}.xlsx"


def prefill_units(ledger: Ledger) -> list[str]:
    """The units `prefill --all` writes for: every active unit but the bureau itself (it keeps its
    own ledger); an office writes only its own."""
    with ledger.session() as s:
        own = ledger.own_unit(s)
        if ledger.role != "bureau":
            return [own.name]
        return [u.name for u in catalogue.units(s) if u.id != own.id]


def write_prefill(ledger: Ledger, unit_name: str, period: Period, path: Path) -> PrefillResult:
    """The pre-filled workbook of one unit for `period`, written to `path`."""
    with ledger.session() as s:
        _refuse_outside_every_plan(s, period)
        unit = _unit(ledger, s, unit_name)
        return _write(s, unit, period, Path(path), _goes_to_unit(ledger, s, unit))


def write_prefills(
    ledger: Ledger, period: Period, folder: Path, progress: Callable[[int, int], None] | None = None
) -> list[PrefillResult]:
    """One pre-filled workbook per unit into `folder` (file names from the unit names, never paths)."""
    folder = Path(folder)
    with ledger.session() as s:
        _refuse_outside_every_plan(s, period)
    names = prefill_units(ledger)
    written = []
    for i, name in enumerate(names):
        with ledger.session() as s:
            unit = _unit(ledger, s, name)
            target = file_in_folder(folder, prefill_file_name(unit.name, period))
            written.append(_write(s, unit, period, target, _goes_to_unit(ledger, s, unit)))
        if progress:
            progress(i + 1, len(names))
    return written


def _refuse_outside_every_plan(s: Session, period: Period) -> None:
    problem = catalogue.outside_every_plan(s, period)
    if problem:
        raise SetupError(problem)


def _unit(ledger: Ledger, s: Session, name: str) -> Unit:
    unit = catalogue.find_unit(s, name)
    if unit is None:
        close = catalogue.close_unit_names(s, name)
        hint = f"您是不是要找：{'、'.join(close)}？" if close else "请用单位列表中的名称。"
        raise SetupError(f"没有名为“{name}”的单位。{hint}")
    if ledger.role != "bureau":
        own = ledger.own_unit(s)
        if unit.id != own.id:
            raise SetupError(f"本台账属于“{own.name}”，只能生成本单位的预填表")
    return unit


def _goes_to_unit(ledger: Ledger, s: Session, unit: Unit) -> bool:
    """Whether the workbook goes from the bureau to another unit, which will merge back against it
    (an office's own pre-fill, or the bureau's for itself, exchanges nothing)."""
    return ledger.role == "bureau" and unit.id != ledger.own_unit(s).id


def _note_sent(s: Session, sent: dict[Kind, dict[str, str]], submission_id: str) -> None:
    """The unit's records the workbook carries become versions the unit may start from (app.store.bases)."""
    for kind, digests in sent.items():
        m = kind.model
        ids = list(digests)
        for start in range(0, len(ids), 500):  # below SQLite's variable limit
            q = select(m).where(
                m.id.in_(ids[start : start + 500]), or_(m.synced_revision.is_(None), m.locally_modified.is_(True))
            )
            bases.note_sent(s, kind, [(r, digests[r.id]) for r in s.scalars(q)], submission_id)


# --- the workbook -------------------------------------------------------------------------------


class _Sheets:
    """The rows of each sheet, with the digests of the rows that name a record noted in `meta`."""

    def __init__(self, s: Session, unit: Unit, meta: Meta) -> None:
        self.s, self.unit, self.meta = s, unit, meta
        self.builder = RowBuilder(s)
        self.sent: dict[Kind, dict[str, str]] = {}  # kind → record id → digest of the row written

    def records(self, kind: Kind, *conditions) -> list[tuple[dict[str, object], str, int]]:  # noqa: ANN002
        """(values, id, revision) of the unit's live records matching the conditions. The revision
        is the one both sides last agreed on, so that a row the clerk leaves alone is unchanged."""
        m = kind.model
        keys = [f.key for f in kind.input_fields]
        q = (
            select(*[getattr(m, k) for k in keys], m.id, m.revision, m.synced_revision)
            .where(m.unit_id == self.unit.id, m.deleted.is_(False), *conditions)
            .order_by(m.created_at, m.id)
        )
        return [
            (dict(zip(keys, row[: len(keys)], strict=True)), row[-3], row[-1] if row[-1] is not None else row[-2])
            for row in self.s.execute(q)
        ]

    def row(self, kind: Kind, values: dict[str, object], record_id: str | None = None, revision: int = 0) -> list:
        full = {f.key: values.get(f.key) for f in kind.input_fields}
        cells = self.builder.cells(kind, full, self.unit.id, record_id or "", revision)
        if record_id:
            digest = cells_digest(cells[k] for k in input_positions(kind))
            self.meta.digests.setdefault(kind.sheet, {})[record_id] = (revision, digest)
            self.sent.setdefault(kind, {})[record_id] = digest
        else:
            cells[-2:] = [None, None]  # a new row: no 记录ID, no 版本
        return cells

    def tasks(self, period: Period) -> tuple[list[list], int]:
        """One row per task the unit leads (and any other it reported for the period), with the
        reference columns after 任务内容; and how many lead tasks have no report yet."""
        m = TASK_PROGRESS.model
        reported = {
            v["task_number"]: (v, rid, rev) for v, rid, rev in self.records(TASK_PROGRESS, m.period == period.code)
        }
        before = {
            v["task_number"]: v for v, _rid, _rev in self.records(TASK_PROGRESS, m.period == period.previous().code)
        }
        plan = catalogue.plan_of_period(self.s, period)
        leads = catalogue.tasks_of_unit(self.s, self.unit, plan)
        others = [t for t in catalogue.tasks(self.s, plan) if t.number in reported and t not in leads]
        at = [f.key for f in TASK_PROGRESS.fields].index("task_text") + 1
        rows = []
        for task in [*leads, *others]:
            if task.number in reported:
                values, rid, rev = reported[task.number]
                row = self.row(TASK_PROGRESS, values, rid, rev)
            else:
                row = self.row(TASK_PROGRESS, {"period": period.code, "task_number": task.number})
            last = before.get(task.number, {})
            row[at:at] = [self.section_label(task), last.get("status"), last.get("progress")]
            rows.append(row)
        return rows, sum(1 for t in leads if t.number not in reported)

    def stations(self) -> list[list]:
        return [self.row(BRAND_STATION, v, rid, rev) for v, rid, rev in self.records(BRAND_STATION)]

    def services(self, period: Period, station_names: Iterable[str]) -> list[list]:
        """Each working station's row for the period: its report if there is one, else a blank row."""
        kind = STATION_SERVICE
        found = self.records(kind, in_period(kind, period, None))
        rows = []
        for name in station_names:
            mine = [x for x in found if x[0]["station_name"] == name and x[0]["period"] == period.code]
            if not mine:
                rows.append(self.row(kind, {"station_name": name, "period": period.code}))
        for values, rid, rev in found:
            rows.append(self.row(kind, values, rid, rev))
        return rows

    def plain(self, kind: Kind, period: Period) -> list[list]:
        """The unit's records a submission for the period carries (SPEC §5), as they stand."""
        return [self.row(kind, v, rid, rev) for v, rid, rev in self.records(kind, in_period(kind, period, None))]

    def section_label(self, task: Task) -> str:
        section = task.section
        parent = self.s.get(PlanSection, section.parent_id) if section.parent_id else None
        if parent is not None:
            return f"{parent.number}、{parent.title}\n（{section.number}）{section.title}"
        return f"{section.number}、{section.title}"


def _write(s: Session, unit: Unit, period: Period, path: Path, to_unit: bool) -> PrefillResult:
    from app.exchange.writer import SheetExtras, write_workbook  # XlsxWriter loads only when a file is written

    meta = new_meta(s, SUBMISSION, unit.name, period)
    meta.issued_by = ISSUED_BY_BUREAU if to_unit else ISSUED_BY_UNIT  # whose key an office expects on it
    sheets = _Sheets(s, unit, meta)
    task_rows, unreported = sheets.tasks(period)
    station_rows = sheets.stations()
    station_values = [v for v, _rid, _rev in sheets.records(BRAND_STATION)]
    working = [v["name"] for v in station_values if v["status"] != RETIRED_STATION]
    listing_rows = sheets.plain(PATENT_LISTING, period)
    rows = {
        TASK_PROGRESS.key: task_rows,
        BRAND_STATION.key: station_rows,
        STATION_SERVICE.key: sheets.services(period, working),
        PATENT_LISTING.key: listing_rows,
        PATENT_DEAL.key: sheets.plain(PATENT_DEAL, period),
        PLEDGE_FINANCING.key: sheets.plain(PLEDGE_FINANCING, period),
        INDICATOR_VALUE.key: sheets.plain(INDICATOR_VALUE, period),
    }
    streets = [u.name for u in catalogue.units(s) if u.kind in STREET_KINDS]
    lists = {"所属街道镇": streets, "站点名称": [v["name"] for v in station_values] or [""]}
    fixed = {"unit": unit.name}
    extras = {kind.sheet: SheetExtras(**fixed) for kind in KINDS}
    extras[TASK_PROGRESS.sheet] = SheetExtras(reference=REFERENCE, after="task_text", **fixed)
    for kind, key in ((BRAND_STATION, "street"), (PLEDGE_FINANCING, "street"), (PATENT_DEAL, "grantee_street")):
        extras[kind.sheet] = SheetExtras(lists={key: "所属街道镇"}, **fixed)
    extras[STATION_SERVICE.sheet] = SheetExtras(lists={"station_name": "站点名称"}, **fixed)
    due = review.due_date(s, period)
    counts = {"tasks": len(task_rows), "unreported": unreported, "stations": len(station_rows)}
    counts["listings"] = len(listing_rows)

    def cover(sheet_counts: dict[str, int]) -> Sequence[Sequence[object]]:
        return cover_lines(meta, period, counts, due, sheet_counts)

    write_workbook(path, meta, cover, [(kind, rows[kind.key]) for kind in KINDS], extras=extras, lists=lists)
    if to_unit:  # written: what the unit holds now is a base of its next file (SPEC §4.3)
        _note_sent(s, sheets.sent, meta.submission_id)
    return PrefillResult(unit.name, path, counts["tasks"], unreported, counts["stations"], counts["listings"])


def cover_lines(
    meta: Meta, period: Period, counts: dict[str, int], due: date | None, sheet_counts: dict[str, int]
) -> list[Sequence[object]]:
    """The cover: whose and which period, then what to check and how to return it in three lines."""
    due_text = chinese_date(due, padded=False) if due else ""
    lines: list[Sequence[object]] = [
        (f"知识产权工作台账 — {meta.unit} {period.label}预填报送表",),
        ("填报单位", meta.unit),
        ("报告期", f"{period.label}（{period.code}）"),
        (),
        ("请按三步填报：", ""),
        (
            "第一步 填写任务",
            f"“任务进展”表已列出本单位牵头的 {counts['tasks']} 项任务：逐项选择本期“推进状态”，填写“进展情况”。"
            "灰色列是上期情况，仅供参考；留空的任务视为本期未填报。",
        ),
        (
            "第二步 核对名录",
            f"核对“商标品牌指导站”（{counts['stations']} 个）和“专利超市挂牌”（{counts['listings']} 条）："
            "有变化的直接修改，新增的在表末另起一行（记录ID留空）；不要删除行，需要删除的记录在“情况说明”列写“请删除”。",
        ),
        (
            "第三步 保存发回",
            "保存本文件（保持 .xlsx 格式），用电子邮件发回区知识产权局"
            + (f"，请于 {due_text} 前发回。" if due_text else "。"),
        ),
        ("佐证材料", EVIDENCE_HELP),
        (),
        ("生成时间", meta.exported_at.replace("T", " ")[:19]),
        ("程序版本", f"知识产权工作台账 {meta.app_version}，文件格式第 {meta.version} 版"),
        (),
        ("各表预填行数", ""),
        *[(sheet, n) for sheet, n in sheet_counts.items()],
        (),
        *FILL_HELP,
    ]
    return lines
