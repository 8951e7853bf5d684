"""Planning an import: read each workbook, find who it speaks for, and put every row through the
merge rules against the ledger. Writes nothing; `apply.apply_plan` carries the plan out."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app import collector
from app.evidence import intake
from app.evidence import store as evidence_store
from app.exchange import signing
from app.exchange.layout import CONSOLIDATED, ISSUED_BY_UNIT, SUBMISSION, TEMPLATE, EvidenceEntry
from app.exchange.packed import EDITED_OUTSIDE, HAS_ID, UNTOUCHED, BlockColumns, PackedValues, RowBlock
from app.exchange.packed import _unpack as unpack  # noqa: PLC2701 - a row's values from its block
from app.exchange.read_ahead import read_all
from app.exchange.reader import Issue, ReadResult, Rows, SheetRow, last_saved
from app.merge.ledger_view import Existing, KindIndex, LedgerView
from app.merge.plan import (
    NO_FIELDS,
    NO_VALUES,
    PENDING_KEY,
    UNKNOWN_KEY,
    UNSIGNED,
    VALID,
    WRITES,
    BlockChunk,
    FilePlan,
    ImportPlan,
    IncomingFile,
    PlannedRows,
    RowPlan,
    RowRun,
    id_bytes,
    id_key,
    id_text,
)
from app.merge.plausibility import check_rows
from app.merge.rules import (
    CONFLICT,
    DELETED,
    DELETION,
    DIVERGED,
    EDITED,
    MOVED,
    NEW,
    OWN_UNIT,
    REFUSED,
    STALE,
    UNCHANGED,
    UPDATED,
    Incoming,
    Outcome,
    Speaker,
    decide,
)
from app.merge.twins import cannot_restore, cannot_undelete
from app.outgoing.submission import unreported_tasks, unreported_text
from app.plans import carry
from app.review import feedback, refused
from app.review import rules as review_rules
from app.review import state as review
from app.store import aliases, catalogue, keys, settings
from app.store.ledger import Ledger
from app.vocabulary.clock import local
from app.vocabulary.kinds import BY_SHEET, INDICATOR_VALUE, KINDS, STATION_SERVICE, TASK_PROGRESS, Kind
from app.vocabulary.periods import Period, PeriodError, parse_period
from db.models import HeldFile, ImportLog, RecordHistory, Unit

if TYPE_CHECKING:
    from app.merge.apply import EarlyApply

log = logging.getLogger(__name__)

# The kinds of which a unit has one record per period (and task, indicator or station): a row of
# another id for one the ledger holds is that record (see plan_row)
ONE_PER_PERIOD = (TASK_PROGRESS, INDICATOR_VALUE, STATION_SERVICE)
COLUMN_PLANNING = True  # new and unchanged rows planned column by column (tests compare with row by row)
NAMED_UNCHANGED = 300  # unchanged and stale rows keep no values; so many per file are named first
# Where a record id was first seen in a file, as one int (a 100,000-row file holds one a row):
# Excel row × _KIND_SLOTS + the kind's place in KINDS
_KIND_NO = {kind.key: i for i, kind in enumerate(KINDS)}
_KIND_SLOTS = 16
assert len(KINDS) <= _KIND_SLOTS


def plan_import(
    ledger: Ledger,
    paths: Iterable[Path],
    progress: Callable[[int, int], None] | None = None,
    *,
    consolidated: bool | Collection[Path] = False,
    template_unit: str | Mapping[Path, str] | None = None,
    early: EarlyApply | None = None,
) -> ImportPlan:
    """Read and compare every file with the ledger; writes nothing (but through `early`, which
    writes each file as soon as it is planned, for apply_plan to commit: an import with no preview).
    A consolidated workbook is planned only by deliberate choice (SPEC §8): `consolidated` is True
    for all, or the files chosen. `template_unit` names the unit a blank template speaks for (SPEC §8;
    `import --unit`): one name for every file, or a name per file (the preview's choice)."""
    paths = [Path(p) for p in paths]
    plan = _plan(ledger, paths, progress, consolidated, template_unit, early)
    order = sent_order(plan.files)
    if order != sorted(order):
        if early is not None:
            early.give_up()
        # One unit's files for one period are merged oldest first, as if each had come in its own
        # import: read the other way round, the older file would undo what the newer changed (a
        # record the newer deletes came back as new). Rare enough to read the batch again.
        plan = _plan(ledger, [paths[i] for i in order], progress, consolidated, template_unit)
    newer: dict[tuple[int, str], FilePlan] = {}
    for fp in reversed(plan.files):
        if fp.submission_of in newer:
            fp.newer_in_batch = newer[fp.submission_of]
            fp.issues.append(
                file_warning(
                    fp,
                    f"本批中还有该单位同期较新的文件“{fp.newer_in_batch.name}”：本文件先合并，"
                    "较新文件中的修改随后生效，本文件记为已被取代",
                )
            )
        if fp.submission_of:
            newer[fp.submission_of] = fp
    if plan.role == "bureau":
        _keep_refused(ledger, plan)
    return plan


def _keep_refused(ledger: Ledger, plan: ImportPlan) -> None:
    """A unit's file refused at the bureau is noted beside the ledger with its error list (the ledger
    itself stays as it was), so that 催报 tells the unit its file came and why it was not taken."""
    if not plan.refused:
        return
    from app.merge.errors_workbook import write_errors  # XlsxWriter (~35 ms) loads only when a file is refused

    for fp in plan.refused:
        meta = fp.read.meta
        unit = plan.unit_name(fp.unit_id) or (meta.unit if meta else "")
        period = fp.period or (meta.period if meta else None)
        if not unit or not period or not fp.read.hash or ledger.path is None:
            continue  # whose file it is cannot be told: nothing to remind anyone of
        try:
            path = refused.error_list_path(ledger.path, unit, period, fp.read.hash)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_errors(fp, path, unit)
            refused.record(ledger.path, unit, period, fp.name, fp.read.hash, [str(e) for e in fp.errors], path)
        except (OSError, ValueError):
            log.warning("could not keep the refused file %s for 催报", fp.name, exc_info=True)


def sent_order(files: list[FilePlan]) -> list[int]:
    """The files' positions with each unit's submissions for one period in the order the unit sent
    them (the others stay where they are)."""
    groups: dict[tuple[int, str], list[int]] = {}
    for i, fp in enumerate(files):
        if fp.submission_of and fp.sent_at:
            groups.setdefault(fp.submission_of, []).append(i)
    order = list(range(len(files)))
    for places in groups.values():
        by_time = sorted(places, key=lambda i: files[i].sent_at)  # type: ignore[arg-type, return-value]
        for place, i in zip(places, by_time, strict=True):
            order[place] = i
    return order


def file_warning(fp: FilePlan, message: str) -> Issue:
    return Issue(fp.name, "", None, "", message, warning=True)


def reported_period(periods: Collection[Period]) -> Period | None:
    """The one period a blank template reports for: the file is then that unit's submission for it
    (待审核, held once accepted), not left 未报送 with its rows in. Rows for a longer period ending
    with it (a 2025年度 row beside the fourth quarter's) are the closing quarter's too. None when the
    rows name none, or periods that do not end together."""
    if not periods:
        return None
    shortest = min(periods, key=lambda p: p.months)
    return shortest if all(p.end == shortest.end and p.covers(shortest) for p in periods) else None


def _plan(
    ledger: Ledger,
    paths: list[Path],
    progress: Callable[[int, int], None] | None,
    consolidated: bool | Collection[Path],
    template_unit: str | Mapping[Path, str] | None,
    early: EarlyApply | None = None,
) -> ImportPlan:
    role = ledger.role or "office"
    with collector.paused(), ledger.session() as s:
        own = catalogue.find_unit(s, str(settings.get(s, settings.UNIT)))
        view = LedgerView(s)
        files = []
        arrivals, loose = intake.gather(paths)  # packages checked and unpacked; evidence beside
        workbooks = [a.workbook for a in arrivals if a.workbook is not None]
        if early is not None and not early.suits(workbooks):
            early = None
        reads = read_all(workbooks)  # read ahead on large batches
        limit = evidence_store.max_file_size(s)
        for i, arrival in enumerate(arrivals):
            p = arrival.source
            read = next(reads) if arrival.workbook is not None else ReadResult(p)
            for problem in arrival.problems:
                read.add("", None, "", problem)
            consent = consolidated if isinstance(consolidated, bool) else p in consolidated
            picked = template_unit.get(p) if isinstance(template_unit, Mapping) else template_unit
            if feedback.is_feedback(read):
                fp = feedback_file(view, role, own, read)
            else:
                planner = FilePlanner(view, role, own, read, consent, picked or None)
                planner.arrival, planner.loose, planner.evidence_limit = arrival, loose, limit
                fp = planner.plan()
                fp.flags = check_rows(s, fp.name, fp.rows)
            fp.holder = arrival
            files.append(fp)
            if early is not None:
                early.planned(role, fp)
            if progress:
                progress(i + 1, len(arrivals))
    return ImportPlan(files, role, dict(view.unit_names), own.id if own is not None else None)


def feedback_file(view: LedgerView, role: str, own: Unit | None, read: ReadResult) -> FilePlan:
    """A feedback workbook, planned like any file: what it would change, refused with the reason
    when it cannot be imported here, or already imported."""
    fp = FilePlan(read)
    if read.errors:
        return fp
    earlier = view.s.scalar(
        select(ImportLog).where(ImportLog.file_hash == read.hash, ImportLog.undone_at.is_(None)).limit(1)
    )
    if earlier is not None:
        fp.already_imported_at = local(earlier.imported_at)
        return fp
    signer = FilePlanner(view, role, own, read, False)
    signer.fp = fp
    if not signer.check_signature():  # the bureau's key: refused (forged) or held until confirmed
        return fp
    signed_comments = read.meta.comments_digest if read.signed and read.meta is not None else None
    altered = signed_comments is not None and signed_comments != feedback.comments_digest(feedback.comment_rows(read))
    if role != "bureau" and altered:
        fp.issues.append(
            Issue(
                fp.name,
                feedback.SHEET,
                None,
                "",
                "意见在区局签名后被改动（意见编号、意见或当前值与签名不符），文件不能导入；请向区知识产权局索取原文件",
            )
        )
        return fp
    plan, problem = feedback.plan_feedback(view.s, role, own, read)
    if plan is None:
        fp.issues.append(Issue(fp.name, "", None, "", problem))
        return fp
    fp.feedback, fp.unit_id = plan, plan.unit_id  # (no period: the file is no submission for it)
    carried = carry.plan_to_add(view.s, read.meta) if carry.plans_come_down(role, False) else None
    fp.new_plan = str(carried["title"]) if carried else ""
    return fp


class FilePlanner:
    """One workbook against the ledger view (which grows with the records earlier files add)."""

    def __init__(
        self, view: LedgerView, role: str, own: Unit | None, read: ReadResult, consent: bool, picked: str | None = None
    ) -> None:
        self.view, self.role, self.own, self.consent = view, role, own, consent
        self.arrival: intake.Arrival | None = None  # the package or the workbook as given, with its evidence
        self.loose: list[Path] = []  # files given with the batch (a workbook's evidence beside it)
        self.evidence_limit = 20 * evidence_store.MB
        self.picked = picked  # the unit the user says a blank template speaks for
        self.fp = FilePlan(read)
        self.named: Counter[str] = Counter()
        self.names = view.unit_names
        self.plans: carry.FilePlans | None = None  # the plans the file's rows are reported under

    def plan(self) -> FilePlan:
        fp, read = self.fp, self.fp.read
        if self.arrival is not None:  # a package shows as the .zip the officer chose, not its workbook
            fp.came_as = self.arrival.shown_as
        if read.errors:
            return fp
        if read.hash and read.path.name == review.held_name(read.hash):  # a held file, re-opened
            held = self.view.s.scalar(select(HeldFile).where(HeldFile.file_hash == read.hash).limit(1))
            fp.came_as = held.file_name if held is not None else ""
        if read.hash and not self.picked and not (read.meta and read.meta.unit):
            # a blank template held for an accepted quarter speaks, re-opened, for the unit it was held for
            held = self.view.s.scalar(
                select(HeldFile).where(HeldFile.file_hash == read.hash).order_by(HeldFile.id.desc()).limit(1)
            )
            if held is not None:
                self.picked = self.names.get(held.unit_id)
        earlier = self.view.s.scalar(
            select(ImportLog).where(ImportLog.file_hash == read.hash, ImportLog.undone_at.is_(None)).limit(1)
        )
        if earlier is not None:
            fp.already_imported_at = local(earlier.imported_at)
            return fp
        speaker = self.speaker()
        if speaker is None:
            return fp
        fp.sent_at = self.sent_at()
        if not self.check_signature():
            return fp
        s, bureau = self.view.s, self.role == "bureau"
        if bureau and fp.unit_id is not None and fp.period and review.is_locked(s, fp.unit_id, fp.period):
            fp.held = True  # the unit × period is accepted: kept as 待重新审核, not merged
            fp.held_inputs = self.held_inputs()
            return fp
        self.check_plan_numbers()
        named = self.named_evidence()
        listed_rows = self.listed_evidence_rows()
        planned = self.plan_rows(speaker)
        self.take_evidence(named, listed_rows)
        meta = read.meta
        if meta and meta.kind != CONSOLIDATED:
            self.plan_tombstones(speaker)
        if meta and meta.kind == SUBMISSION and fp.unit_id is not None and meta.period:
            self.find_missing(planned)
            self.supersede()
            self.note_unreported()
            if self.role == "bureau":  # a re-sent file carries the unit's answers to the comments
                fp.answers = feedback.answers_in(self.view.s, fp.unit_id, read)
        fp.units_touched = sorted({self.names[u] for u in fp.rows.unit_ids(*WRITES)}, key=lambda n: n)
        # Only what applying needs is kept: 25 files of a year hold a few hundred thousand rows.
        read.rows = []
        return fp

    # --- evidence (SPEC §15) -------------------------------------------------------------------

    def held_inputs(self) -> list[Path]:
        """What a held file keeps, so that importing it later brings everything it came with:
        every part of a package, a zip as given, or the workbook and the evidence files beside it
        that its _meta lists or its 佐证材料 cells name."""
        arrival, read = self.arrival, self.fp.read
        if arrival is None:
            return [read.path]
        if arrival.package:
            return list(dict.fromkeys(arrival.parts or [arrival.source]))
        if intake.is_package(arrival.source):
            return [arrival.source]
        meta = read.meta
        if meta and meta.evidence:
            names = [e.name for e in sorted(set(meta.evidence))]
        else:
            names = [
                n for row in read.rows if row.kind is TASK_PROGRESS for n in intake.named_in(row.values.get("evidence"))
            ]
        found = intake.beside(read.path, list(dict.fromkeys(names)), self.loose)
        return [read.path, *(p for p in found.values() if p.is_file() and not p.is_symlink())]

    def named_evidence(self) -> dict[int, list[str]]:
        """Sheet row → files its 佐证材料 cell names, for a workbook without a package or an
        evidence list (a unit without the app names the files it sends beside the workbook)."""
        arrival, meta = self.arrival, self.fp.read.meta
        if arrival is None or arrival.package or (meta and meta.evidence):
            return {}
        out = {}
        for row in self.fp.read.rows_of(TASK_PROGRESS):
            if row.kind is TASK_PROGRESS:
                names = intake.named_in(row.values.get("evidence"))
                if names:
                    out[row.row] = names
        return out

    def listed_evidence_rows(self) -> dict[str, tuple[Kind, int]]:
        """Record id as the file writes it → (kind, sheet row), for the records its evidence list names.
        Read before planning lets go of the rows: a row matched by its natural key (a task report the
        bureau holds under another id — the unit's earlier filled workbook, or its new PC) is planned
        under the ledger's id, and its files are to follow it there."""
        meta = self.fp.read.meta
        if self.arrival is None or not (meta and meta.evidence):
            return {}
        wanted = {e.record_id.lower() for e in meta.evidence}
        return {
            r.record_id.lower(): (r.kind, r.row)
            for r in self.fp.read.rows
            if r.record_id and r.record_id.lower() in wanted
        }

    def take_evidence(self, named: dict[int, list[str]], listed_rows: Mapping[str, tuple[Kind, int]]) -> None:
        """Which evidence files go to which record: a package's (checked as it was unpacked), those
        a workbook's _meta lists, or those its 佐证材料 cells name; found beside the workbook."""
        fp, arrival, meta = self.fp, self.arrival, self.fp.read.meta
        if arrival is None:
            return
        listed = meta.evidence if meta else []
        try:
            if arrival.package:
                if sorted(set(listed)) != arrival.manifest:
                    self.file_issue("工作簿 _meta 中的佐证材料清单与包中的 manifest.json 不一致，文件已被改动")
                    return
                incoming = [(r.entry, r.path) for r in arrival.files]
            elif listed and arrival.plain:  # one of ours (its _meta lists files) without its manifest
                self.file_issue(
                    f"“{arrival.label}”中没有 manifest.json：本程序导出的佐证材料包已被改动，请让填报单位重新导出发送"
                )
                return
            elif listed:
                found = intake.beside(fp.read.path, [e.name for e in listed], self.loose)
                incoming = []
                for e in sorted(set(listed)):
                    if e.name not in found and evidence_store.holds(self.view.s, e.record_id, e.sha256, e.size):
                        incoming.append((e, None))  # sent in an earlier package: the bureau has it
                        continue
                    if e.name not in found:
                        self.file_issue(
                            f"工作簿列出的佐证材料“{e.name}”未随附：请导入同名的 .zip 佐证材料包，"
                            "或把该文件放在工作簿旁再导入"
                        )
                        continue
                    intake.check_beside(e.name, found[e.name], self.evidence_limit, e)
                    incoming.append((e, found[e.name]))
            else:
                incoming = self.named_beside(named)
        except intake.Refused as exc:
            self.file_issue(str(exc))
            return
        found = list(fp.rows.having_ids({entry.record_id for entry, _path in incoming}))
        rows = {r.record_id: r for r in found if r.action != STALE}
        present = {r.record_id for r in found}
        for entry, path in incoming:
            if entry.record_id not in rows and entry.record_id.lower() in listed_rows:
                kind, sheet_row = listed_rows[entry.record_id.lower()]
                merged = [r for r in fp.rows.at_sheet_rows(kind, [sheet_row]) if r.action != STALE]
                if merged:  # the row went to a record of another id: so do its files
                    entry = replace(entry, record_id=merged[0].record_id)
                    rows[entry.record_id] = merged[0]
            if entry.record_id not in rows:
                if entry.record_id not in present:
                    self.file_issue(f"佐证材料“{entry.name}”所属的记录（记录ID {entry.record_id}）不在本文件中")
                continue
            fp.evidence.append(IncomingFile(rows[entry.record_id].kind.key, entry, path))
        fp.evidence_synced = arrival.package or bool(listed)

    def named_beside(self, named: dict[int, list[str]]) -> list:
        by_row = {r.sheet_row: r for r in self.fp.rows.at_sheet_rows(TASK_PROGRESS, named)}
        wanted = [n for names in named.values() for n in names]
        arrival = self.arrival
        if arrival is not None and arrival.plain:  # a zip made by hand: its column is its manifest
            stray = sorted(set(arrival.beside) - set(wanted))
            if stray:
                raise intake.Refused(
                    f"“{arrival.label}”中的“{stray[0]}”没有写在任何一行的“佐证材料”列中，拒绝导入"
                    "（请在该任务的“佐证材料”列写明文件名，或从 zip 中删去它）"
                )
            found = {n: arrival.beside[n] for n in wanted if n in arrival.beside}
        else:
            found = intake.beside(self.fp.read.path, wanted, self.loose)
        out = []
        for row, names in sorted(named.items()):
            r = by_row.get(row)
            for name in names:
                if name not in found:
                    self.fp.issues.append(
                        Issue(
                            self.fp.name,
                            TASK_PROGRESS.sheet,
                            row,
                            "佐证材料",
                            f"写明的文件“{name}”未随附（可把它放在工作簿旁一起导入）",
                            warning=True,
                        )
                    )
                    continue
                if r is None:
                    continue
                sha, media, size = intake.check_beside(name, found[name], self.evidence_limit)
                out.append((EvidenceEntry(r.record_id, name, size, sha, media), found[name]))
        return out

    # --- who the file speaks for (SPEC §8) ----------------------------------------------------

    def speaker(self) -> Speaker | None:
        fp, meta = self.fp, self.fp.read.meta
        own_id = self.own.id if self.own is not None else None
        if meta and meta.kind == CONSOLIDATED:
            fp.consolidated = True
            units = sorted({r.unit for r in fp.read.rows if r.unit})
            fp.units_touched = units
            if self.role != "bureau":
                self.file_issue("这是区局的汇总工作簿，填报单位的台账不能导入；请导入本单位的报送文件或模板")
                return None
            if not self.consent:
                fp.needs_consent = True
                shown = "、".join(units[:8]) + (f" 等 {len(units)} 个单位" if len(units) > 8 else "")
                self.file_issue(
                    f"这是汇总工作簿，将改动{shown or '多个单位'}的记录；导入汇总工作簿须明确选择"
                    "（命令行加 --consolidated，窗口中确认导入该文件）"
                )
                return None
            return Speaker(self.role, None, own_id, consolidated=True)
        if self.picked and meta and meta.unit and self.picked != meta.unit:
            unit = self.view.find_unit(self.picked)
            if unit is None or unit.name != meta.unit:
                self.file_issue(f"本文件是“{meta.unit}”的，不是所选单位“{self.picked}”的；只有空白模板需要选择单位")
                return None
        if meta and meta.unit and meta.kind in (SUBMISSION, TEMPLATE):
            unit = self.view.find_unit(meta.unit)
            if unit is None:
                fp.issues.append(Issue(fp.name, "说明", None, "填报单位", self.view.unknown_unit(meta.unit)))
                return None
            if self.role == "office" and self.own is not None and unit.id != self.own.id:
                fp.issues.append(
                    Issue(
                        fp.name,
                        "说明",
                        None,
                        "填报单位",
                        f"这是“{unit.name}”的报送文件，本台账属于“{self.own.name}”，只能导入本单位的数据",
                    )
                )
                return None
            fp.unit_id, fp.period = unit.id, meta.period
            return Speaker(self.role, unit.id, own_id)
        if self.picked:  # a blank template: it speaks for the unit the user picked
            unit = self.view.find_unit(self.picked)
            if unit is None:
                self.file_issue(self.view.unknown_unit(self.picked))
                return None
            if self.role == "office" and self.own is not None and unit.id != self.own.id:
                self.file_issue(f"本台账属于“{self.own.name}”，只能导入本单位的数据，不能代“{unit.name}”导入")
                return None
            named = self.template_periods(unit.name)
            fp.unit_id, fp.period = unit.id, reported_period(named)
            if fp.period is None and len(named) > 1:
                fp.issues.append(
                    file_warning(
                        fp,
                        f"文件中的行属于多个报告期（{'、'.join(p.label for p in sorted(named))}），"
                        f"不计为{unit.name}任何一期的报送：审核和报送期限仍显示其未报送。请按报告期分成几个文件分别导入",
                    )
                )
            return Speaker(self.role, unit.id, own_id)
        if self.role == "office" and self.own is not None:
            return Speaker(self.role, self.own.id, own_id)
        return Speaker(self.role, None, own_id)  # a blank template at the bureau: each row names its unit

    def template_periods(self, unit: str) -> set[Period]:
        """The periods a blank template's period rows (任务进展, 指导站服务, 指标) name for the picked unit."""
        kinds = [k for k in KINDS if k.period_field]
        found = set()
        for r in self.fp.read.rows_of(*kinds):
            code = r.values.get(r.kind.period_field)
            if code and r.unit in (None, "", unit):
                try:
                    found.add(parse_period(str(code).strip()))
                except PeriodError:
                    continue  # the row's own error says so
        return found

    # --- who signed it (SPEC §15) ---------------------------------------------------------------

    def check_signature(self) -> bool:
        """Whose key signed the file, against the keys the ledger knows. False when the file goes no
        further: refused (signed by another key than its unit's: forged) or held until a person
        confirms the key (待确认签名)."""
        fp, read, s = self.fp, self.fp.read, self.view.s
        sig, meta = read.signature, read.meta
        if sig.state != signing.VALID or meta is None:
            fp.signature = UNSIGNED
            party = self.key_party() if meta is not None and self.role == "bureau" else None
            known = keys.key_of(s, party.id) if party is not None else None
            if known is not None and meta is not None and meta.kind == SUBMISSION:
                self.fp.issues.append(
                    file_warning(
                        fp,
                        f"本文件未签名，而“{party.name}”已登记签名密钥 {known.fingerprint}：用程序导出的文件都带签名，"
                        "请向该单位核实文件来源",
                    )
                )
            return True
        fp.key_fingerprint, fp.public_key = sig.fingerprint, sig.public
        if sig.public == keys.own_key(s).public:
            # This ledger wrote it: its own export or consolidation comes back signed; a pre-filled
            # workbook or template it sent out, filled without the app, is the unit's unsigned work.
            mine = meta.kind == CONSOLIDATED or (
                meta.kind == SUBMISSION
                and not meta.issued_by  # a pre-filled workbook (even its own) comes back as unsigned work
                and self.own is not None
                and fp.unit_id == self.own.id
            )
            fp.signature = VALID if mine else UNSIGNED
            return True
        party = self.key_party()
        if party is None:  # no unit the key should belong to (a template naming none)
            owner = keys.owner_of(s, sig.public)
            fp.signature = VALID if owner is not None else UNKNOWN_KEY
            fp.key_unit_id = owner.id if owner is not None else None
            self.note_uncovered()
            return True
        known = keys.key_of(s, party.id)
        if known is None:
            owner = keys.owner_of(s, sig.public)
            if owner is not None:
                self.file_issue(
                    f"签名与该单位登记的密钥不符（疑似伪造）：文件自称来自“{party.name}”，"
                    f"签名密钥（指纹 {sig.fingerprint}）却是“{owner.name}”登记的密钥"
                )
                return False
            fp.signature, fp.key_unit_id, fp.held = PENDING_KEY, party.id, True
            fp.held_inputs = self.held_inputs()
            return False
        if not keys.matches(known, sig.public):
            # A unit's new (or second) PC has a key of its own: the officer who took this for a forgery
            # had no way to know what to do once the unit says it is theirs (SPEC §15: untrust, confirm).
            advice = (
                f"。如该单位确已换用另一台电脑填报，请致电该单位读出新指纹，与 {sig.fingerprint} 核对一致后，"
                f"在“设置 → 签名密钥”中删除该单位的密钥（命令行：untrust --unit {party.name}），"
                "再导入本文件并确认新密钥；否则请勿导入"
                if self.role == "bureau"
                else ""
            )
            self.file_issue(
                f"签名与该单位登记的密钥不符（疑似伪造）：文件的签名密钥指纹为 {sig.fingerprint}，"
                f"“{party.name}”登记的指纹为 {known.fingerprint}{advice}"
            )
            return False
        fp.signature, fp.key_unit_id = VALID, party.id
        self.note_uncovered()
        return True

    def key_party(self) -> Unit | None:
        """The unit whose key should have signed the file. At the bureau: the unit it speaks for,
        whatever its _meta says of who laid it out. At an office: its own unit (the unit's other PC)
        for the unit's own submission, the bureau for what the bureau sends (feedback, consolidated
        and pre-filled workbooks, templates).

        A pre-filled workbook is a submission of the unit too; it says the bureau issued it in _meta
        (`issued_by`, under the bureau's signature). One written before that mark is known by its
        reference columns (上期推进状态 …), which only a pre-filled workbook has, or by a key already
        confirmed as the bureau's. A unit that writes the mark into its own file and signs it gains
        nothing: the bureau ignores it, and an office then asks for, or already knows, the bureau's
        fingerprint, which the unit's key does not have."""
        fp, meta, s = self.fp, self.fp.read.meta, self.view.s
        if self.role == "bureau":
            if meta is None or meta.kind == CONSOLIDATED or fp.unit_id is None:
                return None
            return s.get(Unit, fp.unit_id)
        bureau = self.view.find_unit(catalogue.BUREAU_UNIT)
        if self.own is None:
            return bureau
        mine = keys.key_of(s, self.own.id)
        if mine is not None and keys.matches(mine, fp.public_key):
            return self.own
        if bureau is not None and keys.owner_of(s, fp.public_key) == bureau:
            return bureau
        own_file = meta is not None and meta.kind == SUBMISSION and fp.unit_id == self.own.id
        if own_file and (meta.issued_by == ISSUED_BY_UNIT or not (meta.issued_by or fp.read.reference_columns)):
            return self.own
        return bureau

    def note_uncovered(self) -> None:
        """Rows edited (or added) after signing are taken, as edits outside the app are, and said to
        be outside the signature."""
        uncovered = self.fp.read.uncovered
        if not uncovered or self.fp.signature != VALID:
            return
        self.fp.uncovered_rows = len(uncovered)
        shown = "、".join(f"{sheet}第{row}行" for sheet, row in uncovered[:10])
        more = f"等 {len(uncovered)} 行" if len(uncovered) > 10 else ""
        self.fp.issues.append(
            file_warning(self.fp, f"{shown}{more}在签名后被修改或添加，不受签名保护（仍按表外修改导入，请核对）")
        )

    def check_plan_numbers(self) -> None:
        """Task and indicator numbers must be those of the plan each row is reported under."""
        meta = self.fp.read.meta
        comes_down = carry.plans_come_down(self.role, self.fp.consolidated)
        carried = carry.plan_to_add(self.view.s, meta) if comes_down else None
        self.fp.new_plan = str(carried["title"]) if carried else ""
        if not comes_down and (warning := carry.foreign_plan_warning(self.view.s, meta)):
            self.fp.issues.append(Issue(self.fp.name, "", None, "", warning, warning=True))
        plans = self.plans = carry.FilePlans(self.view.s, meta, carried=comes_down)
        for row in self.fp.read.rows_of(TASK_PROGRESS, INDICATOR_VALUE):  # (the kinds with plan numbers)
            problem = plans.problem(row.kind.key, row.values)
            if problem:
                self.row_issue(row, problem[1], column=problem[0])

    def file_issue(self, message: str) -> None:
        self.fp.issues.append(Issue(self.fp.name, "", None, "", message))

    def row_issue(self, row: SheetRow, message: str, column: str = "") -> None:
        self.fp.issues.append(Issue(self.fp.name, row.kind.sheet, row.row, column, message))

    def row_unit(self, row: SheetRow, speaker: Speaker) -> int | None:
        default = speaker.unit
        if not row.unit:
            if default is None:
                self.row_issue(
                    row,
                    "不知道这一行代表哪个单位：这是空白模板，请在导入预览中选择它代表的单位"
                    "（命令行加 --unit 单位名称），或在本行“填报单位”中填写单位名称",
                    column="填报单位",
                )
            return default
        unit = self.view.find_unit(row.unit)
        if unit is None:
            self.row_issue(row, self.view.unknown_unit(row.unit), column="填报单位")
            return None
        if default is not None and unit.id != default:
            self.row_issue(row, f"填报单位“{row.unit}”与本文件的单位“{self.names[default]}”不符", column="填报单位")
            return None
        return unit.id

    def refusal(self, outcome: Outcome, speaker: Speaker) -> str:
        owner = self.names.get(outcome.owner, "") if outcome.owner is not None else ""
        if outcome.refusal == MOVED:
            return f"记录ID属于“{owner}”，与本行的填报单位不符，请勿在不同单位之间复制整行"
        if outcome.refusal == OWN_UNIT:
            return f"该记录属于本台账的单位“{owner}”，汇总工作簿不能修改本单位的记录"
        sender = self.names.get(speaker.unit, "") if speaker.unit is not None else ""
        return f"该记录属于“{owner}”，本文件代表“{sender}”，只能新增、修改或删除“{sender}”自己的记录"

    # --- rows ----------------------------------------------------------------------------------

    def plan_rows(self, speaker: Speaker) -> int:
        """Plan the sheets' rows, block by block; how many rows the plan has from them."""
        fp = self.fp
        seen_keys: dict[tuple[object, ...], int] = {}
        seen_ids = SeenIds(fp.rows)  # record id → where it was first, not the row
        submission = fp.read.meta.submission_id if fp.read.meta else ""  # a returned workbook is known by it
        # Each block is let go of once planned (a 100,000-row sheet is not held twice)
        blocks, fp.read.blocks = fp.read.blocks, []
        blocks.reverse()
        while blocks:
            block = blocks.pop()
            if COLUMN_PLANNING:
                self.plan_block(block, speaker, seen_keys, seen_ids, submission)
            else:
                for row in Rows([block]):
                    self.plan_sheet_row(row, speaker, seen_keys, seen_ids, submission)
            del block
            # The values the block's rows keep are packed before the next block is decoded: the
            # batch's values are never all held as Python objects.
            fp.rows.pack()
        return len(fp.rows)

    def plan_block(
        self,
        block: RowBlock,
        speaker: Speaker,
        seen_keys: dict[tuple[object, ...], int],
        seen_ids: SeenIds,
        submission: str,
    ) -> None:
        """A block's rows, planned as plan_sheet_row plans them, column by column where the
        outcome needs no rule: a row with a record id that neither the ledger nor the batch so far
        knows is NEW (the rules give NEW to a row without a stored record), one that leaves its
        record as it is (same unit, revision and digest, neither deleted nor changed here) is
        UNCHANGED; neither needs a RowPlan, and a new row's values stay in the block. Every other
        row (no id, a 填报单位 to question, a refusal, a change; task reports, matched by their task
        too, and indicator values, converted) goes through plan_sheet_row, in its place."""
        kind, n = BY_SHEET[block.sheet], block.count
        if not n:
            return
        cols = block.columns()
        excel_rows, units, ids, revisions, digests, flags = (
            cols.rows,
            cols.units,
            cols.ids,
            cols.revisions,
            cols.digests,
            cols.flags,
        )
        index = self.view.indexes[kind.key]
        values: list[tuple[object, ...]] = []  # the rows' values, made when a row needs them whole
        plan, names, named, chunk, run = self.fp.rows, self.names, self.named, BlockChunk(block), RowRun()
        unit_of: dict[str | None, int | None] = {}
        refuse_own = speaker.own_unit if speaker.consolidated else None
        position, by_item = index.position, index.units_by_item
        by_rows = kind in ONE_PER_PERIOD  # (matched by unit × period too; indicator values converted)
        raws = [ids[j : j + 16] for j in range(0, 16 * n, 16)]
        places = list(map(position, raws))  # (where the ledger or the batch so far holds each id)
        # Ids seen earlier in the file, or twice in the block: each such row is looked up by itself
        check_seen = len(set(raws)) < n or not seen_ids.isdisjoint(raws)
        if not (by_rows or check_seen) and all(f & HAS_ID for f in flags):
            unit_ids = {name: self.quiet_unit(name, speaker) for name in set(units)}
            if None in unit_ids.values():
                pass  # a 填报单位 to question: row by row
            elif all(p is None for p in places):
                if refuse_own not in unit_ids.values():
                    self.plan_new_block(block, cols, raws, unit_ids, seen_ids)
                    return
            elif None not in places:
                row_units = [unit_ids[units[0]]] * n if len(unit_ids) == 1 else [unit_ids[u] for u in units]
                seen = index.unchanged_rows(places, row_units, revisions, digests)  # type: ignore[arg-type]
                if seen is not None:
                    self.plan_unchanged_block(block, cols, raws, row_units, *seen, seen_ids)  # type: ignore[arg-type]
                    return
        items = index.block_items(dict(zip(block.keys, cols.values, strict=True)), n)
        for i in range(n):
            flag = flags[i]
            fast = None
            if flag & HAS_ID and not by_rows:
                name = units[i]
                unit_id = unit_of[name] if name in unit_of else unit_of.setdefault(name, self.quiet_unit(name, speaker))
                raw = raws[i]
                if unit_id is not None and not (check_seen and raw in seen_ids):
                    digest, revision = digests[8 * i : 8 * i + 8], revisions[i]
                    at = position(raw) if check_seen else places[i]
                    if at is None:
                        fast = NEW if unit_id != refuse_own else None
                    elif revision and (seen := index.unchanged_by(at, unit_id, revision, digest)) is not None:
                        fast = UNCHANGED
            if fast is None:  # row by row, after the rows before it
                plan.extend_run(kind, chunk, run)
                run = RowRun()
                if not values:
                    values = list(zip(*cols.values, strict=True))
                row = SheetRow(
                    kind,
                    excel_rows[i],
                    unpack(block.keys, values[i]),
                    units[i],
                    id_text(ids[16 * i : 16 * i + 16]) if flag & HAS_ID else None,
                    revisions[i] or None,
                    digests[8 * i : 8 * i + 8].hex(),
                    bool(flag & UNTOUCHED),
                    bool(flag & EDITED_OUTSIDE),
                )
                self.plan_sheet_row(row, speaker, seen_keys, seen_ids, submission)
                continue
            seen_ids.quiet.add(raw)  # (the row is the plan's: where it was is read from there)
            item = items[i]
            if fast == NEW:
                revision = revision or 1
                source = (plan, len(plan) + len(run))
                index.add_new(raw, unit_id, revision, digest, source, item)
                run.new(unit_id, revision, excel_rows[i], raw, digest, bool(flag & EDITED_OUTSIDE), i)
            else:
                run.unchanged(unit_id, revision, excel_rows[i], raw, digest, *seen)
                named[UNCHANGED] += 1
                if named[UNCHANGED] <= NAMED_UNCHANGED:
                    if not values:
                        values = list(zip(*cols.values, strict=True))
                    run.extra[len(run) - 1] = {"known_as": kind.describe(unpack(block.keys, values[i]))}
            if item is not None and (owners := by_item.get(item, unit_id)) != unit_id:  # (index.owners, read here)
                others = owners - {unit_id} if isinstance(owners, set) else {owners}
                if others:
                    extra = run.extra.setdefault(len(run) - 1, {})
                    extra["duplicate_of"] = "、".join(sorted(names[u] for u in others))
        plan.extend_run(kind, chunk, run)

    def plan_new_block(
        self,
        block: RowBlock,
        cols: BlockColumns,
        raws: list[bytes],
        unit_ids: dict[str | None, int | None],
        seen_ids: SeenIds,
    ) -> None:
        """plan_block for a block whose rows are all NEW (every id unknown, every 填报单位 one the
        file may speak for): the index and the plan take the rows column by column."""
        kind, n = BY_SHEET[block.sheet], block.count
        units = [unit_ids[cols.units[0]]] * n if len(unit_ids) == 1 else [unit_ids[u] for u in cols.units]
        revisions = [r or 1 for r in cols.revisions]
        rows, start = self.fp.rows, len(self.fp.rows)
        values = dict(zip(block.keys, cols.values, strict=True))
        index = self.view.indexes[kind.key]
        others = index.add_block(raws, units, revisions, cols.digests, values, rows, start)  # type: ignore[arg-type]
        names = self.names
        duplicate_of = {i: "、".join(sorted(names[u] for u in units_too)) for i, units_too in others.items()}
        outside = bytes([1 if f & EDITED_OUTSIDE else 0 for f in cols.flags])
        chunk = BlockChunk(block)
        rows.extend_new(kind, chunk, units, revisions, cols.rows, cols.ids, cols.digests, outside, duplicate_of)  # type: ignore[arg-type]
        seen_ids.quiet.update(raws)

    def plan_unchanged_block(
        self,
        block: RowBlock,
        cols: BlockColumns,
        raws: list[bytes],
        units: list[int],
        seen_revisions: list[int],
        in_batch: bytes,
        seen_ids: SeenIds,
    ) -> None:
        """plan_block for a block whose rows all leave their records as they are (the index's
        unchanged_rows): appended column by column, the first NAMED_UNCHANGED of the file named and
        those another unit reports too marked, as the rows planned one by one are."""
        kind, n = BY_SHEET[block.sheet], block.count
        extra: dict[int, dict[str, object]] = {}
        left = NAMED_UNCHANGED - self.named[UNCHANGED]
        self.named[UNCHANGED] += n
        if left > 0:
            values = list(zip(*cols.values, strict=True))
            for i in range(min(left, n)):
                extra[i] = {"known_as": kind.describe(unpack(block.keys, values[i]))}
        index = self.view.indexes[kind.key]
        if index.cross_unit:
            by_item, names = index.units_by_item, self.names
            for i, item in enumerate(index.block_items(dict(zip(block.keys, cols.values, strict=True)), n)):
                unit_id = units[i]
                if item is not None and (owners := by_item.get(item, unit_id)) != unit_id:
                    others = owners - {unit_id} if isinstance(owners, set) else {owners}
                    if others:
                        extra.setdefault(i, {})["duplicate_of"] = "、".join(sorted(names[u] for u in others))
        self.fp.rows.extend_unchanged(
            kind, units, list(cols.revisions), cols.rows, cols.ids, cols.digests, seen_revisions, in_batch, extra
        )
        seen_ids.quiet.update(raws)

    def quiet_unit(self, name: str | None, speaker: Speaker) -> int | None:
        """The unit a row's 填报单位 names, as row_unit finds it, when the file may speak for it
        (row_unit says nothing of it); else None."""
        default = speaker.unit
        if not name:
            return default
        unit = self.view.find_unit(name)
        if unit is None or (default is not None and unit.id != default):
            return None
        return unit.id

    def plan_sheet_row(
        self,
        row: SheetRow,
        speaker: Speaker,
        seen_keys: dict[tuple[object, ...], int],
        seen_ids: SeenIds,
        submission: str,
    ) -> None:
        fp, view = self.fp, self.view
        unit_id = self.row_unit(row, speaker)
        if unit_id is None:
            return
        if row.kind is INDICATOR_VALUE and self.plans is not None:
            self.plans.convert(row.values)  # “5000万元” in an indicator counted in 亿元: 0.5
        index = view.indexes[row.kind.key]
        if row.record_id:
            raw = id_bytes(row.record_id)  # (16 bytes, not the id's text, are kept for the file)
            first = seen_ids.first(raw or row.record_id, row.row * _KIND_SLOTS + _KIND_NO[row.kind.key])
            first_kind, first_row = KINDS[first % _KIND_SLOTS], first // _KIND_SLOTS
            if first_row != row.row or first_kind is not row.kind:
                where = (
                    f"第 {first_row} 行" if first_kind is row.kind else f"工作表“{first_kind.sheet}”第 {first_row} 行"
                )
                self.row_issue(
                    row,
                    f"记录ID与{where}相同：同一条记录在文件中出现两次。复制来的行请清空“记录ID”和“版本”，作为新记录导入",
                    column="记录ID",
                )
                return
        else:
            for nk in index.keys_of(row.values, unit_id):
                if nk in seen_keys:
                    self.row_issue(
                        row, f"与第 {seen_keys[nk]} 行是同一条记录（{_key_text(row.kind, nk)}），请删去重复的行"
                    )
                seen_keys.setdefault(nk, row.row)
        incoming = Incoming(
            unit_id,
            row.revision,
            row.values,
            untouched=row.untouched,
            edited_outside=row.edited_outside,
            cells_digest=row.cells_digest,
            submission=submission,
        )
        rp = self.plan_row(row, incoming, index, speaker)
        if rp is not None:
            fp.rows.append(rp)

    def plan_row(self, row: SheetRow, incoming: Incoming, index: KindIndex, speaker: Speaker) -> RowPlan | None:
        kind, unit_id = row.kind, incoming.unit
        e = index.find(row.record_id, row.values, unit_id)
        alias = None  # the row's id is another the record is known by (app.store.aliases)
        by_key = False  # ... or becomes one now: the row landed on the record by its natural key
        if e is None and row.record_id and kind in ONE_PER_PERIOD:
            found = self.view.aliased(kind, row.record_id)
            if found is not None:  # merged here before: its revision and digest as last merged
                e, alias = found
            else:
                # A unit × period × task has one live report (db.models.TaskProgress), and one value of
                # an indicator, one quarter of a station (the form allows no second): another record of
                # the unit's for it — filled in on its other PC — is matched like a template row, unless
                # this file's tombstones delete the one stored (deleted and filled in again). Kept as a
                # second record, an indicator was summed twice in the year's figures. Its id is then
                # remembered as the record's (an alias), for the unit's later rows and tombstones of it.
                e = index.find(None, row.values, unit_id)
                if e is not None and e.id in self.tombstoned():
                    e = None
                if e is not None:
                    incoming, by_key = replace(incoming, revision=None), True
        stored = self.view.stored(kind, e, alias) if e is not None else None
        base = self.view.base(e) if e is not None and e.added is None else None
        outcome = decide(kind, incoming, stored, base, speaker)
        if outcome.action == REFUSED:
            self.row_issue(row, self.refusal(outcome, speaker), column="记录ID")
            return None
        if e is not None and e.deleted and (outcome.action == UPDATED or DELETION in outcome.fields):
            self.note_live_twin(row, index, e, conflict=outcome.action == CONFLICT)
        if outcome.action in (UNCHANGED, STALE, DIVERGED):
            values: Mapping[str, object] = NO_VALUES
        else:
            values = row.values if isinstance(row.values, PackedValues) else PackedValues(row.values)
        rp = RowPlan(
            kind,
            outcome.action,
            unit_id,
            row.record_id or str(uuid.uuid4()),
            row.revision or 1,
            values,
            row.cells_digest,
            row.row,
            fields=outcome.fields or NO_FIELDS,
            outside=outcome.outside,
        )
        if values is NO_VALUES:  # kept without values: named now, as far as the preview shows them
            self.named[outcome.action] += 1
            if self.named[outcome.action] <= NAMED_UNCHANGED:
                rp.known_as = kind.describe(row.values)
        item = index.item_of(row.values)
        if e is None:  # (the row is the plan's next: plan_sheet_row appends it)
            source = (self.fp.rows, len(self.fp.rows))
            index.add(rp.record_id, unit_id, rp.revision, rp.digest, row.values, source, item=item)
        else:
            rp.record_id, rp.seen = e.id, e.seen()
            if incoming.revision is None or alias is not None:
                # a template row carries no revision, and the unit numbers another id's revisions on
                # their own: the record's next one in this ledger
                rp.revision = e.revision + 1 if rp.action in (UPDATED, EDITED, CONFLICT) else e.revision
            rp.twin = by_key
            if (alias is not None or by_key) and row.revision is not None and rp.action not in (STALE, DIVERGED):
                rp.alias = (str(row.record_id), row.revision, row.cells_digest)
                later = aliases.Alias(e.id, e.unit_id, row.revision, row.cells_digest)
                self.view.aliases[(kind.key, str(row.record_id))] = later  # (the batch's later files find it)
        if item is not None:
            others = index.owners(item) - {unit_id}
            if others:
                rp.duplicate_of = "、".join(sorted(self.names[u] for u in others))
        return rp

    def note_live_twin(self, row: SheetRow, index: KindIndex, e: Existing, conflict: bool) -> None:
        """A task report this ledger deleted that the unit edited (a conflict) or restored (an
        update) since, while the task has another live report here: taking the unit's version cannot
        be done (one live report per task; app.merge.twins). In a conflict the officer may keep this
        ledger's deletion: a warning beside the row, and applying refuses only the unit's version. A
        restored report leaves no choice: an error of the file, refused alone like any bad file."""
        if row.kind is not TASK_PROGRESS:
            return
        twin = index.find(None, row.values, e.unit_id)
        if twin is None or twin.id == e.id or twin.id in self.tombstoned():
            return
        advise = cannot_restore if conflict else cannot_undelete
        message = advise(row.values.get("task_number"), row.values.get("period"), twin.id)
        self.fp.issues.append(Issue(self.fp.name, row.kind.sheet, row.row, "", message, warning=conflict))

    def tombstoned(self) -> set[str]:
        """The ids of the records this file's _meta deletes (a record it names by an alias too)."""
        meta = self.fp.read.meta
        if not meta:
            return set()
        ids = {t.record_id for t in meta.tombstones}
        for t in meta.tombstones:
            kind = BY_SHEET.get(t.sheet)
            found = self.view.aliased(kind, t.record_id) if kind in ONE_PER_PERIOD else None
            if found is not None:
                ids.add(found[0].id)
        return ids

    # --- tombstones, missing rows, superseded submissions --------------------------------------

    def plan_tombstones(self, speaker: Speaker) -> None:
        fp = self.fp
        for t in fp.read.meta.tombstones if fp.read.meta else []:
            kind = BY_SHEET.get(t.sheet)
            e = self.view.indexes[kind.key].get(t.record_id) if kind else None
            alias = None
            if e is None and kind in ONE_PER_PERIOD and (found := self.view.aliased(kind, t.record_id)):
                e, alias = found  # the unit deleted the record it knows by another id
            if kind is None or e is None or e.deleted:
                continue
            named = self.view.find_unit(t.unit) if t.unit else None
            unit_id = speaker.unit if speaker.unit is not None else (named.id if named else None)
            stored = self.view.stored(kind, e, alias)
            incoming = Incoming(unit_id, t.revision, tombstone=True)
            outcome = decide(kind, incoming, stored, None, speaker)
            name = kind.describe(stored.values)
            if outcome.action == REFUSED:
                fp.issues.append(
                    Issue(
                        fp.name,
                        "_meta",
                        None,
                        "删除记录",
                        f"删除{kind.sheet}“{name}”（记录ID {e.id}）被拒绝：{self.refusal(outcome, speaker)}",
                    )
                )
                continue
            if outcome.action == UNCHANGED:
                continue
            revision = t.revision
            if alias is not None:  # the record's next revision here; the unit's is the alias's
                revision = e.revision + 1 if outcome.action in (DELETED, CONFLICT) else e.revision
            fp.rows.append(
                RowPlan(
                    kind,
                    outcome.action,
                    e.unit_id,
                    e.id,
                    revision,
                    {},
                    "",
                    fields=outcome.fields,
                    seen=e.seen(),
                    known_as=name,
                    alias=(t.record_id, t.revision, None) if alias is not None and outcome.action != STALE else None,
                )
            )

    def find_missing(self, planned: int) -> None:
        """Records the unit sent before that this submission should carry but does not (the
        file's first `planned` rows are its sheets'): reported only."""
        fp = self.fp
        found = self.view.synced_ids(fp.unit_id, fp.period)  # type: ignore[arg-type]
        wanted = {id_key(rid) for rids in found.values() for rid in rids}
        if not wanted:
            return  # (a 100,000-row file of a unit new here: no set of its ids made)
        matched = fp.rows.ids(stop=planned, among=wanted)
        deleted = {r.record_id for r in fp.rows.with_action(DELETED, STALE, CONFLICT) if not r.values}
        for kind in KINDS:
            fp.missing += [(kind, rid) for rid in found[kind.key] if id_key(rid) not in matched and rid not in deleted]
        if fp.missing:
            later = self.arrived_later([rid for _kind, rid in fp.missing])
            fp.missing = [(kind, rid) for kind, rid in fp.missing if rid not in later]

    def arrived_later(self, ids: list[str]) -> set[str]:
        """Of these records, those that first came in a file the unit sent after this one (both
        times on the unit's clock): a file sent again from before they existed — the third
        quarter's, mailed again after the fourth's — cannot carry them, and they are not missing."""
        sent = self.fp.sent_at
        found: set[str] = set()
        if sent is None:
            return found
        for start in range(0, len(ids), 500):
            q = (
                select(RecordHistory.record_id)
                .join(ImportLog, ImportLog.id == RecordHistory.import_id)
                .where(
                    RecordHistory.record_id.in_(ids[start : start + 500]),
                    RecordHistory.action == "insert",
                    ImportLog.undone_at.is_(None),
                    ImportLog.exported_at > sent,
                )
            )
            found.update(self.view.s.scalars(q))
        return found

    def note_unreported(self) -> None:
        """Say how many of the unit's own tasks stay unreported for the period after this file
        (a pre-filled row the clerk left blank reports nothing)."""
        fp = self.fp
        unit = self.view.s.get(Unit, fp.unit_id)
        period = fp.period
        codes = {p.code for p in period.sub_periods()}
        sent = {
            r.values.get("task_number")
            for r in fp.rows.of_kind(TASK_PROGRESS)
            if r.action != DELETED and r.values.get("period") in codes
        }
        # A workbook that brings the plan of the period (the bureau's new plan) is read against it:
        # the unit's tasks are that plan's, not those of the plan this ledger had until now.
        comes_down = carry.plans_come_down(self.role, fp.consolidated)
        carried = carry.plan_to_add(self.view.s, fp.read.meta) if comes_down else None
        led = None if carried else self.view.tasks_of_unit(unit, period)  # type: ignore[arg-type]
        if carried and int(carried["start_year"]) <= period.year <= int(carried["end_year"]):
            led = [
                int(t["number"])
                for t in carried.get("tasks", [])
                if (t.get("all_members") and unit.joint_member) or unit.name in t.get("lead_units", [])
            ]
        missing = unreported_tasks(self.view.s, unit, period, also=sent, led=led)  # type: ignore[arg-type]
        if missing:
            fp.issues.append(
                Issue(fp.name, TASK_PROGRESS.sheet, None, "", unreported_text(missing, unit.name), warning=True)
            )

    def supersede(self) -> None:
        fp = self.fp
        earlier = self.view.s.scalars(
            select(ImportLog).where(
                ImportLog.unit_id == fp.unit_id,
                ImportLog.period == fp.period.code,
                ImportLog.undone_at.is_(None),
                ImportLog.superseded_by.is_(None),
            )
        ).all()
        for log in earlier:  # (ImportLog.exported_at holds when the unit sent the file)
            if fp.sent_at and log.exported_at and log.exported_at > fp.sent_at:
                fp.superseded_by = log.id
                fp.issues.append(
                    file_warning(
                        fp,
                        f"本文件早于 {log.exported_at:%Y-%m-%d %H:%M} 报送的同期文件（{log.file_name}），"
                        "其中较旧的行将作为过期跳过",
                    )
                )
            else:
                fp.supersedes.append(log.id)

    def sent_at(self) -> datetime | None:
        """When the unit sent the file (review_rules.sent_at): a pre-filled workbook this ledger
        wrote says when the unit's spreadsheet saved it."""
        meta = self.fp.read.meta
        try:
            exported = datetime.fromisoformat(meta.exported_at) if meta and meta.exported_at else None
        except ValueError:
            exported = None
        ours = bool(meta and self.view.ledger_id and meta.ledger_id == self.view.ledger_id)
        saved = last_saved(self.fp.read.path) if ours else None
        return review_rules.sent_at(exported, saved, ours, datetime.now())


class SeenIds:
    """The record ids met so far in a file, each with where it was first (Excel row × _KIND_SLOTS +
    the kind's place in KINDS). A row planned column by column is in the file's plan: its id is
    kept alone (a set of the ids the index holds too, no number a row of a 100,000-row file) and
    its place read from the plan when another row gives the same id."""

    __slots__ = ("at", "quiet", "rows")

    def __init__(self, rows: PlannedRows) -> None:
        self.rows = rows
        self.at: dict[bytes | str, int] = {}  # ids of rows planned row by row
        self.quiet: set[bytes] = set()  # ids (16 bytes) of rows planned column by column, in the plan

    def __contains__(self, key: bytes | str) -> bool:
        return key in self.quiet or key in self.at

    def isdisjoint(self, raws: list[bytes]) -> bool:
        return self.quiet.isdisjoint(raws) and self.at.keys().isdisjoint(raws)

    def first(self, key: bytes | str, where: int) -> int:
        """Where the id was first met; `where` when it is met now for the first time."""
        if key in self.quiet:
            i = self.rows.place_of_id(key)  # type: ignore[arg-type]
            return self.rows.sheet_row_at(i) * _KIND_SLOTS + _KIND_NO[self.rows.kind_at(i).key]
        return self.at.setdefault(key, where)


def _key_text(kind: Kind, nk: tuple[object, ...]) -> str:
    keys = nk[1]
    return "，".join(f"{kind.field(k).label} {v}" for k, v in zip(keys, nk[2:], strict=True) if k != "unit")
