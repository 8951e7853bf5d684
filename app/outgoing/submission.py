"""A unit's submission for one reporting period (SPEC §5), and the blank template."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.entry import task_reports
from app.exchange.layout import SUBMISSION, TEMPLATE, EvidenceEntry, Meta, Tombstone
from app.exchange.signing import SigningKey
from app.outgoing.rows import RowBuilder, cover_lines, new_meta, sheet_rows
from app.paths import atomic_write, file_name_part, output_file
from app.store import catalogue, settings
from app.store.ledger import Ledger
from app.store.selection import in_period, record_rows
from app.vocabulary.kinds import KINDS
from app.vocabulary.periods import Period
from db.models import TaskProgress, Unit, utcnow

LAST_EXPORT = settings.LAST_EXPORT


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
    # The package written when the records carry evidence (SPEC §15): its parts (path, bytes, files).
    parts: list = field(default_factory=list)
    evidence: int = 0  # evidence files the package carries
    mail_limit: int = 0  # the largest a part should be (bytes)

    @property
    def paths(self) -> list[Path]:
        return [p.path for p in self.parts] if self.parts else [self.path]

    def unreported_text(self) -> str:
        return unreported_text(self.unreported)

    def copied_text(self) -> str:
        return copied_text(self.copied)


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
        return sorted(task_reports.still_copied(s, ledger.own_unit(s).id, period))


def unreported_tasks(
    s: Session, unit: Unit, period: Period, also: Iterable[int] = (), led: Iterable[int] | None = None
) -> list[int]:
    """The numbers of the tasks `unit` leads in the period's plan (or `led`: those it leads in a plan a
    workbook brings) that it has not reported for the period (a report for a month or quarter inside
    it counts), besides those in `also`."""
    m = TaskProgress
    codes = [p.code for p in period.sub_periods()]
    reported = set(
        s.scalars(select(m.task_number).where(m.unit_id == unit.id, m.deleted.is_(False), m.period.in_(codes)))
    )
    reported.update(also)
    numbers = [t.number for t in catalogue.tasks_of_unit(s, unit, period)] if led is None else list(led)
    return [n for n in numbers if n not in reported]


def export_submission(ledger: Ledger, period: Period, path: Path | None = None) -> ExportResult:
    with ledger.session() as s:
        unit = ledger.own_unit(s)
        last = str(settings.get(s, LAST_EXPORT))
        since = datetime.fromisoformat(last) if last else None  # None: nothing was ever sent
        started = utcnow()
        builder = RowBuilder(s)
        meta = new_meta(s, SUBMISSION, unit.name, period)
        evidence = evidence_by_record(s)
        sheets = []
        for kind in KINDS:
            m = kind.model
            for rid, rev in s.execute(select(m.id, m.revision).where(m.unit_id == unit.id, m.deleted.is_(True))):
                meta.tombstones.append(Tombstone(kind.sheet, rid, unit.name, rev))
            # The first export carries every record, whatever its period: none has been sent yet.
            wanted = in_period(kind, period, since) if since else m.id.isnot(None)
            found = record_rows(s, kind, m.unit_id == unit.id, m.deleted.is_(False), wanted)
            sheets.append((kind, sheet_rows(kind, found, builder, meta, evidence)))
        target = output_file(path, default_file_name(unit.name, period))
        # With evidence the workbook goes into a package beside the chosen name (NAME.xlsx → NAME.zip)
        scratch = tempfile.TemporaryDirectory(prefix="ipledger-export-") if evidence else None
        workbook = Path(scratch.name) / target.name if scratch else target
        from app.exchange.writer import write_workbook  # XlsxWriter loads only when a file is written
        from app.review.feedback import answers_table  # the unit's answers to the bureau's comments travel along

        answers = answers_table(s, unit.id)
        tables = [answers] if answers else []
        parts, limit = [], 0
        try:
            counts = write_workbook(workbook, meta, lambda counts: cover_lines(meta, counts), sheets, tables)
            if meta.evidence:
                from app.evidence import package, store

                limit = store.mail_limit(s)
                parts = package.write_package(
                    workbook, meta, target.with_suffix(".zip"), lambda sha: store.content(s, sha), limit
                )
                target = parts[0].path
            elif workbook != target:  # the period's records carry no evidence: the workbook as ever
                with atomic_write(target) as tmp:
                    shutil.copyfile(workbook, tmp)
        finally:
            if scratch is not None:
                scratch.cleanup()
        settings.put(s, LAST_EXPORT, started.isoformat())
        unreported = unreported_tasks(s, unit, period)
        copied = sorted(task_reports.still_copied(s, unit.id, period))
    return ExportResult(target, counts, len(meta.tombstones), unreported, copied, parts, len(set(meta.evidence)), limit)


@dataclass
class EvidencePreview:
    """What an export for a period will carry as evidence, told before it is written."""

    files: int
    size: int
    parts: list[int]  # estimated bytes of each part (one: a single package)
    limit: int = 0  # the mail limit (bytes)
    too_big: list[str] = field(default_factory=list)  # files larger than the limit by themselves


def replaced_by_export(ledger: Ledger, period: Period, path: Path) -> list[Path]:
    """The files an export for `period` to `path` would replace: the workbook, or — its records
    carrying evidence — the package beside it instead (NAME.zip, or an earlier export's parts
    NAME_第N包.zip, which write_package removes)."""
    if evidence_preview(ledger, period) is None:
        return [path] if path.exists() else []
    from app.evidence.package import glob_escape

    parts = sorted(path.parent.glob(f"{glob_escape(path.stem)}_第*包.zip"))
    return [p for p in [path.with_suffix(".zip"), *parts] if p.exists()]


def evidence_preview(ledger: Ledger, period: Period) -> EvidencePreview | None:
    """The evidence the export for `period` would carry and the parts it would make; None when none."""
    from app.evidence import package, store

    with ledger.session() as s:
        unit = ledger.own_unit(s)
        links = evidence_by_record(s)
        if not links:
            return None
        last = str(settings.get(s, LAST_EXPORT))
        since = datetime.fromisoformat(last) if last else None
        carried: set[str] = set()
        for kind in KINDS:
            m = kind.model
            wanted = in_period(kind, period, since) if since else m.id.isnot(None)
            ids = select(m.id).where(m.unit_id == unit.id, m.deleted.is_(False), wanted, m.id.in_(list(links)))
            carried.update(s.scalars(ids))
        entries = [e for rid in carried for e in links[rid]]
        if not entries:
            return None
        limit = store.mail_limit(s)
    paths = package.assign_paths(entries)
    sizes = {path: next(e.size for e in entries if (e.name, e.sha256) == key) for key, path in paths.items()}
    base = 60_000 + 400 * len(entries)  # the workbook (a few tens of KB) and the manifest, in every part
    groups = package.split(sizes, base, limit)
    estimates = [base + sum(package.entry_cost(p, sizes[p]) for p in group) for group in groups]
    too_big = sorted({e.name for e in entries if e.size + base > limit})
    return EvidencePreview(len(set(entries)), sum(sizes.values()), estimates, limit, too_big)


def evidence_by_record(s: Session) -> dict[str, list[EvidenceEntry]]:
    """Every live evidence file of the ledger's records, by record id."""
    from app.evidence import store

    out: dict[str, list[EvidenceEntry]] = {}
    for a in store.attached(s):
        out.setdefault(a.record_id, []).append(EvidenceEntry(a.record_id, a.name, a.size, a.sha256, a.media_type))
    return out


def write_template(path: Path, signer: SigningKey | None = None) -> Path:
    """The blank template, signed with `signer` when a ledger writes it."""
    from app.exchange.writer import write_workbook

    meta = Meta(
        kind=TEMPLATE, exported_at=datetime.now().isoformat(timespec="seconds"), app_version=__version__, signer=signer
    )
    write_workbook(path, meta, lambda _counts: cover_lines(meta, {}), [(kind, []) for kind in KINDS])
    return Path(path)
