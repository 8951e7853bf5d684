"""The merge (SPEC §4): plan first, apply second.

`plan_import` reads workbooks and compares every row with the ledger, writing nothing; the CLI's
dry run, its summary and the window's preview all show that plan. `apply_plan` carries a plan out
in one transaction after a backup, logging the import so that `undo_import` can take it back.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import catalogue, records, review, settings
from app.exchange.layout import CONSOLIDATED, SUBMISSION, row_digest
from app.exchange.reader import Issue, ReadResult, SheetRow, read_workbook
from app.feedback import take_answers
from app.kinds import KINDS, Kind
from app.ledger import Ledger
from app.periods import parse_period
from app.submission import in_period
from db.backup import backup_ledger
from db.models import ImportLog, RecordHistory, Unit, utcnow

NEW, UPDATED, UNCHANGED, STALE, CONFLICT, EDITED, DELETED = (
    "new",
    "updated",
    "unchanged",
    "stale",
    "conflict",
    "edited",
    "deleted",
)
ACTION_LABELS = {
    NEW: "新增",
    UPDATED: "更新",
    UNCHANGED: "未变",
    STALE: "过期（已跳过）",
    CONFLICT: "冲突",
    EDITED: "表外修改（已采用）",
    DELETED: "删除",
}
OURS, THEIRS = "ours", "theirs"


class ImportRefused(Exception):
    """Applying a plan that has errors, or undoing what cannot be undone."""


@dataclass(slots=True)
class RowPlan:
    kind: Kind
    action: str
    unit_id: int
    record_id: str
    revision: int
    values: dict[str, object]
    digest: str  # cells_digest of the row as received; kept as the record's synced_digest
    sheet_row: int | None = None
    conflicts: dict[str, tuple[object, object]] = field(default_factory=dict)  # field → (ours, theirs)
    duplicate_of: str = ""  # the other unit reporting the same item

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass
class FilePlan:
    read: ReadResult
    unit_id: int | None = None  # the submitting unit (None for templates and consolidations)
    period: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    already_imported_at: datetime | None = None
    missing: list[tuple[Kind, str]] = field(default_factory=list)  # (kind, record id) not in the file
    supersedes: list[int] = field(default_factory=list)
    superseded_by: int | None = None
    issues: list[Issue] = field(default_factory=list)
    held: bool = False  # the unit × period is accepted: the file is kept as 待重新审核, not merged

    @property
    def name(self) -> str:
        return self.read.name

    @property
    def errors(self) -> list[Issue]:
        return self.read.errors + [i for i in self.issues if not i.warning]

    @property
    def warnings(self) -> list[Issue]:
        return self.read.warnings + [i for i in self.issues if i.warning]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass
class ImportPlan:
    files: list[FilePlan]
    role: str

    @property
    def errors(self) -> list[Issue]:
        return [e for f in self.files for e in f.errors]

    def counts(self) -> dict[str, int]:
        rows = [r for f in self.files for r in f.rows]
        return {
            "new": sum(r.action == NEW for r in rows),
            "updated": sum(r.action in (UPDATED, EDITED) for r in rows),
            "edited_outside": sum(r.action == EDITED for r in rows),
            "unchanged": sum(r.action == UNCHANGED for r in rows),
            "stale": sum(r.action == STALE for r in rows),
            "conflicts": sum(r.action == CONFLICT for r in rows),
            "duplicates": sum(bool(r.duplicate_of) for r in rows),
            "deleted": sum(r.action == DELETED for r in rows),
            "missing": sum(len(f.missing) for f in self.files),
            "errors": len(self.errors),
        }

    def as_json(self) -> dict[str, object]:
        counts = self.counts()
        return {
            "files": [
                {
                    "file": str(f.read.path),
                    "hash": f.read.hash,
                    "already_imported": bool(f.already_imported_at),
                    "held": f.held,
                    "counts": {a: f.count(a) for a in ACTION_LABELS},
                    "missing": len(f.missing),
                    "warnings": [w.as_dict() for w in f.warnings],
                }
                for f in self.files
            ],
            **{k: counts[k] for k in ("new", "updated", "unchanged", "stale", "conflicts", "duplicates")},
            "deleted": counts["deleted"],
            "missing": counts["missing"],
            "edited_outside": counts["edited_outside"],
            "errors": [e.as_dict() for e in self.errors],
        }


# --- planning -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Existing:
    id: str
    unit_id: int
    revision: int
    synced_revision: int | None
    synced_digest: str | None
    locally_modified: bool
    deleted: bool
    key: tuple[object, ...]


class _KindIndex:
    """What the ledger holds of one kind, loaded once per plan: ids, natural keys, merge state."""

    def __init__(self, s: Session, kind: Kind) -> None:
        self.kind = kind
        m = kind.model
        self.key_fields = [k for k in kind.natural_keys[0] if k != "unit"]
        self.cross_unit = "unit" not in kind.natural_keys[0]  # the same item may come from two units
        key_columns = sorted({k for keys in kind.natural_keys for k in keys if k != "unit"})
        self.key_columns = key_columns
        cols = [m.id, m.unit_id, m.revision, m.synced_revision, m.synced_digest, m.locally_modified, m.deleted]
        cols += [getattr(m, k) for k in key_columns]
        self.by_id: dict[str, _Existing] = {}
        self.by_key: dict[tuple[object, ...], _Existing] = {}
        self.units_by_item: dict[tuple[object, ...], set[int]] = defaultdict(set)
        for row in s.execute(select(*cols)):
            values = dict(zip(key_columns, row[7:], strict=True))
            e = _Existing(*row[:7], key=())
            self.by_id[e.id] = e
            if e.deleted:
                continue
            for nk in self.keys_of(values, e.unit_id):
                self.by_key[nk] = e
            if self.cross_unit and (item := kind.natural_key(values)):
                self.units_by_item[item].add(e.unit_id)

    def keys_of(self, values: Mapping[str, object], unit_id: int) -> list[tuple[object, ...]]:
        """Every natural key a row can be found by (质押融资 has two: 登记号, else code+date+amount)."""
        found = []
        for keys in self.kind.natural_keys:
            parts = tuple(unit_id if k == "unit" else values.get(k) for k in keys)
            if all(p not in (None, "") for p in parts):
                found.append((unit_id, keys, *parts))
        return found

    def add(self, e: _Existing, values: Mapping[str, object]) -> None:
        self.by_id[e.id] = e
        for nk in self.keys_of(values, e.unit_id):
            self.by_key[nk] = e
        if self.cross_unit and (item := self.kind.natural_key(values)):
            self.units_by_item[item].add(e.unit_id)


class Planner:
    def __init__(self, s: Session, role: str, own_unit: Unit | None) -> None:
        self.s = s
        self.role = role
        self.own = own_unit
        self.indexes = {kind.key: _KindIndex(s, kind) for kind in KINDS}
        self.unit_names = dict(s.execute(select(Unit.id, Unit.name)).all())
        self._units: dict[str, Unit | None] = {}

    def find_unit(self, name: str) -> Unit | None:
        if name not in self._units:
            self._units[name] = catalogue.find_unit(self.s, name)
        return self._units[name]

    def plan_file(self, read: ReadResult) -> FilePlan:
        plan = FilePlan(read)
        if read.errors:
            return plan
        meta = read.meta
        earlier = self.s.scalar(
            select(ImportLog).where(ImportLog.file_hash == read.hash, ImportLog.undone_at.is_(None))
        )
        if earlier is not None:
            plan.already_imported_at = earlier.imported_at
            return plan
        default_unit = self._file_unit(plan)
        if plan.errors:
            return plan
        if self.role == "bureau" and plan.unit_id is not None and review.is_locked(self.s, plan.unit_id, plan.period):
            plan.held = True
            return plan
        seen_keys: dict[tuple[object, ...], int] = {}
        matched: set[str] = set()
        for row in read.rows:
            unit_id = self._row_unit(plan, row, default_unit)
            if unit_id is None:
                continue
            index = self.indexes[row.kind.key]
            for nk in index.keys_of(row.values, unit_id):
                if nk in seen_keys and not row.record_id:
                    self._issue(
                        plan, row, f"与第 {seen_keys[nk]} 行是同一条记录（{_key_text(row.kind, nk)}），请删去重复的行"
                    )
                seen_keys.setdefault(nk, row.row)
            row_plan = self._plan_row(plan, row, unit_id, index)
            if row_plan is not None:
                plan.rows.append(row_plan)
                matched.add(row_plan.record_id)
        if meta and meta.kind != CONSOLIDATED:
            self._tombstones(plan)
        if meta and meta.kind == SUBMISSION and plan.unit_id is not None and meta.period:
            self._missing(plan, matched)
            self._supersede(plan)
        # Only what applying needs is kept: 25 files of a year hold a few hundred thousand rows.
        read.rows = []
        if meta:
            meta.digests = {}
        for rp in plan.rows:
            if rp.action in (UNCHANGED, STALE):
                rp.values = {}
        return plan

    def _file_unit(self, plan: FilePlan) -> int | None:
        meta = plan.read.meta
        if meta and meta.kind == SUBMISSION:
            unit = self.find_unit(meta.unit)
            if unit is None:
                plan.issues.append(Issue(plan.name, "说明", None, "填报单位", _unknown_unit(self.s, meta.unit)))
                return None
            if self.role == "office" and self.own is not None and unit.id != self.own.id:
                plan.issues.append(
                    Issue(
                        plan.name,
                        "说明",
                        None,
                        "填报单位",
                        f"这是“{unit.name}”的报送文件，本台账属于“{self.own.name}”，只能导入本单位的数据",
                    )
                )
                return None
            plan.unit_id, plan.period = unit.id, meta.period
            return unit.id
        if self.role == "office" and self.own is not None:
            return self.own.id
        return None

    def _row_unit(self, plan: FilePlan, row: SheetRow, default: int | None) -> int | None:
        if not row.unit:
            if default is None:
                self._issue(plan, row, "“填报单位”为空，请填写单位名称", column="填报单位")
            return default
        unit = self.find_unit(row.unit)
        if unit is None:
            self._issue(plan, row, _unknown_unit(self.s, row.unit), column="填报单位")
            return None
        if default is not None and unit.id != default:
            self._issue(
                plan, row, f"填报单位“{row.unit}”与本文件的单位“{self.unit_names[default]}”不符", column="填报单位"
            )
            return None
        return unit.id

    def _issue(self, plan: FilePlan, row: SheetRow, message: str, column: str = "") -> None:
        plan.issues.append(Issue(plan.name, row.kind.sheet, row.row, column, message))

    def _plan_row(self, plan: FilePlan, row: SheetRow, unit_id: int, index: _KindIndex) -> RowPlan | None:
        kind = row.kind
        digest = row.cells_digest
        existing = index.by_id.get(row.record_id) if row.record_id else None
        if existing is None and not row.record_id:
            existing = next((index.by_key[nk] for nk in index.keys_of(row.values, unit_id) if nk in index.by_key), None)
        if existing is not None and existing.unit_id != unit_id:
            self._issue(
                plan,
                row,
                f"记录ID属于“{self.unit_names[existing.unit_id]}”，与本行的填报单位不符，请勿在不同单位之间复制整行",
                column="记录ID",
            )
            return None
        rp = RowPlan(
            kind, NEW, unit_id, row.record_id or str(uuid.uuid4()), row.revision or 1, row.values, digest, row.row
        )
        if existing is None:
            if row.record_id is None:
                rp.revision = 1
            index.add(_Existing(rp.record_id, unit_id, rp.revision, rp.revision, digest, False, False, ()), row.values)
        else:
            rp.record_id = existing.id
            rp.action = self._compare(plan, row, existing)
            if rp.action == CONFLICT:
                ours = self._current_values(kind, existing.id)
                rp.conflicts = {k: (ours[k], v) for k, v in row.values.items() if ours.get(k) != v}
                if not rp.conflicts:
                    rp.action = UPDATED
            if row.revision is None:  # a template row carries no revision: the ledger's next one
                rp.revision = existing.revision + 1 if rp.action in (UPDATED, EDITED, CONFLICT) else existing.revision
        if index.cross_unit and (item := kind.natural_key(row.values)):
            others = index.units_by_item.get(item, set()) - {unit_id}
            if others:
                rp.duplicate_of = "、".join(sorted(self.unit_names[u] for u in others))
        return rp

    def _compare(self, plan: FilePlan, row: SheetRow, e: _Existing) -> str:
        synced = e.synced_revision is not None
        base = e.synced_revision if synced else e.revision
        if row.revision is None:  # hand-filled template row found by its natural key
            if self._same(row, e):
                return UNCHANGED
            return CONFLICT if e.locally_modified else (EDITED if self.role == "bureau" else UPDATED)
        if row.revision < base or (e.deleted and row.revision <= base):
            return STALE
        if row.revision > base:
            return CONFLICT if e.locally_modified else UPDATED
        exported = plan.read.meta.digests.get(row.kind.sheet, {}).get(row.record_id or "") if plan.read.meta else None
        edited_outside = exported is None or exported[1] != row.cells_digest
        if (e.locally_modified and not edited_outside) or self._same(row, e):
            return UNCHANGED  # (a bureau edit of a row the unit did not touch stands)
        return CONFLICT if e.locally_modified else EDITED

    def _same(self, row: SheetRow, e: _Existing) -> bool:
        """Whether the row holds what the ledger holds. Cheap when the cells are byte for byte those
        last received; otherwise the values are compared (a re-save may write 1 as 1.0)."""
        if e.synced_revision is not None and not e.locally_modified and e.synced_digest == row.cells_digest:
            return True
        return row_digest(row.kind, row.values) == row_digest(row.kind, self._current_values(row.kind, e.id))

    def _current_values(self, kind: Kind, record_id: str) -> dict[str, object]:
        record = self.s.get(kind.model, record_id)
        return {f.key: getattr(record, f.key) for f in kind.input_fields}

    def _tombstones(self, plan: FilePlan) -> None:
        meta = plan.read.meta
        for t in meta.tombstones if meta else []:
            kind = next((k for k in KINDS if k.sheet == t.sheet), None)
            e = self.indexes[kind.key].by_id.get(t.record_id) if kind else None
            if kind is None or e is None or e.deleted:
                continue
            base = e.synced_revision if e.synced_revision is not None else e.revision
            action = DELETED if t.revision > base or (t.revision == base and self.role == "office") else STALE
            plan.rows.append(RowPlan(kind, action, e.unit_id, e.id, t.revision, {}, ""))

    def _missing(self, plan: FilePlan, matched: set[str]) -> None:
        """Records the unit sent before that this submission should carry but does not: reported only."""
        period = parse_period(plan.period)
        deleted = {r.record_id for r in plan.rows if r.action in (DELETED, STALE) and not r.values}
        for kind in KINDS:
            m = kind.model
            q = select(m.id).where(
                m.unit_id == plan.unit_id,
                m.deleted.is_(False),
                m.synced_revision.isnot(None),
                in_period(kind, period, None),
            )
            plan.missing += [(kind, rid) for rid in self.s.scalars(q) if rid not in matched and rid not in deleted]

    def _supersede(self, plan: FilePlan) -> None:
        meta = plan.read.meta
        earlier = self.s.scalars(
            select(ImportLog).where(
                ImportLog.unit_id == plan.unit_id,
                ImportLog.period == plan.period,
                ImportLog.undone_at.is_(None),
                ImportLog.superseded_by.is_(None),
            )
        ).all()
        exported = datetime.fromisoformat(meta.exported_at) if meta and meta.exported_at else None
        for log in earlier:
            if exported and log.exported_at and log.exported_at > exported:
                plan.superseded_by = log.id
                plan.issues.append(
                    Issue(
                        plan.name,
                        "",
                        None,
                        "",
                        f"本文件早于 {log.exported_at:%Y-%m-%d %H:%M} 导出的同期报送（{log.file_name}），"
                        "其中较旧的行将作为过期跳过",
                        warning=True,
                    )
                )
            else:
                plan.supersedes.append(log.id)


def _unknown_unit(s: Session, name: str) -> str:
    close = catalogue.close_unit_names(s, name)
    hint = f"，您是不是要找：{'、'.join(close)}" if close else "，请在单位列表中添加该单位或更正名称"
    return f"没有名为“{name}”的单位{hint}"


def _key_text(kind: Kind, nk: tuple[object, ...]) -> str:
    keys = nk[1]
    return "，".join(f"{kind.field(k).label} {v}" for k, v in zip(keys, nk[2:], strict=True) if k != "unit")


def plan_import(
    ledger: Ledger, paths: Iterable[Path], progress: Callable[[int, int], None] | None = None
) -> ImportPlan:
    """Read and compare every file with the ledger; writes nothing."""
    role = ledger.role or "office"
    paths = list(paths)
    with ledger.session() as s:
        own = catalogue.find_unit(s, str(settings.get(s, settings.UNIT)))
        planner = Planner(s, role, own)
        files = []
        for i, p in enumerate(paths):
            files.append(planner.plan_file(read_workbook(Path(p))))
            if progress:
                progress(i + 1, len(paths))
    return ImportPlan(files, role)


# --- applying -----------------------------------------------------------------------------------


def apply_plan(
    ledger: Ledger,
    plan: ImportPlan,
    decisions: Mapping[tuple[str, str], str] | None = None,
    default: str = OURS,
    received: datetime | None = None,  # when the submissions arrived, if not when they were exported
) -> list[int]:
    """Carry the plan out in one transaction, after a backup. Conflicts are decided per
    (record id, field key): OURS keeps the ledger's value, THEIRS takes the file's."""
    if plan.errors:
        raise ImportRefused("导入计划中有错误，未写入任何数据")
    decisions = decisions or {}
    backup_ledger(ledger.path, reason="before-import")
    log_ids = []
    bureau = plan.role == "bureau"
    with ledger.session() as s:
        for fp in plan.files:
            if fp.already_imported_at is not None:
                continue
            meta = fp.read.meta
            exported_at = datetime.fromisoformat(meta.exported_at) if meta and meta.exported_at else None
            if fp.held:
                review.hold_file(s, ledger.path, fp.unit_id, fp.period, fp.read.path, fp.read.hash, exported_at)
                continue
            log = ImportLog(
                file_name=fp.name,
                file_hash=fp.read.hash,
                submission_id=meta.submission_id if meta else None,
                unit_id=fp.unit_id,
                period=fp.period or None,
                exported_at=datetime.fromisoformat(meta.exported_at) if meta and meta.exported_at else None,
                counts={a: fp.count(a) for a in ACTION_LABELS},
                superseded_by=fp.superseded_by,
            )
            s.add(log)
            s.flush()
            log_ids.append(log.id)
            for earlier in fp.supersedes:
                s.get(ImportLog, earlier).superseded_by = log.id
            if bureau and fp.unit_id is not None and fp.period:
                review.record_submission(s, fp.unit_id, fp.period, log.id, received or exported_at)
                review.close_held(s, fp.read.hash, review.MERGED)
                take_answers(s, fp.unit_id, fp.read.path)
            _insert_new(s, [r for r in fp.rows if r.action == NEW], log.id, bureau)
            for r in fp.rows:
                if r.action in (UPDATED, EDITED, CONFLICT):
                    _apply_update(s, r, log.id, bureau, decisions, default)
                elif r.action == DELETED:
                    record = s.get(r.kind.model, r.record_id)
                    records.delete(s, r.kind, record, import_id=log.id, revision=r.revision)
                    if bureau:
                        record.synced_revision, record.locally_modified = r.revision, False
    return log_ids


def _insert_new(s: Session, rows: list[RowPlan], import_id: int, bureau: bool) -> None:
    by_kind: dict[str, list[RowPlan]] = defaultdict(list)
    for r in rows:
        by_kind[r.kind.key].append(r)
    for rs in by_kind.values():
        records.bulk_create(
            s,
            rs[0].kind,
            [
                (
                    r.values,
                    {
                        "id": r.record_id,
                        "unit_id": r.unit_id,
                        "revision": r.revision,
                        "synced_revision": r.revision if bureau else None,
                        "synced_digest": r.digest if bureau else None,
                    },
                )
                for r in rs
            ],
            import_id=import_id,
        )


def _apply_update(
    s: Session, r: RowPlan, import_id: int, bureau: bool, decisions: Mapping[tuple[str, str], str], default: str
) -> None:
    record = s.get(r.kind.model, r.record_id)
    values = dict(r.values)
    kept_ours = False
    for key, (ours, _theirs) in r.conflicts.items():
        if decisions.get((r.record_id, key), default) == OURS:
            values[key] = ours
            kept_ours = True
    if record.deleted:
        record.deleted = False
    records.update(s, r.kind, record, values, import_id=import_id, revision=r.revision if bureau else None)
    if bureau:
        record.synced_revision, record.synced_digest = r.revision, r.digest
        record.locally_modified = kept_ours


# --- undo ---------------------------------------------------------------------------------------


def undo_import(ledger: Ledger, import_id: int) -> ImportLog:
    """Take an import back: records it added go, records it changed or deleted get their earlier
    state back. Refused when a record has been changed since, so that no later edit is lost."""
    backup_ledger(ledger.path, reason=f"before-undo-import-{import_id}")
    with ledger.session() as s:
        log = s.get(ImportLog, import_id)
        if log is None:
            raise ImportRefused(f"没有编号为 {import_id} 的导入记录")
        if log.undone_at is not None:
            raise ImportRefused(f"导入 {import_id}（{log.file_name}）已于 {log.undone_at:%Y-%m-%d %H:%M} 撤销")
        try:
            review.check_undo(s, log)
        except review.ReviewError as exc:
            raise ImportRefused(str(exc)) from None
        entries = s.scalars(
            select(RecordHistory).where(RecordHistory.import_id == import_id).order_by(RecordHistory.id.desc())
        ).all()
        last = max((e.id for e in entries), default=0)
        touched = {e.record_id for e in entries}
        later = s.scalars(
            select(RecordHistory.record_id).where(RecordHistory.id > last, RecordHistory.record_id.in_(touched))
        ).all()
        if later:
            raise ImportRefused(f"导入之后已有 {len(set(later))} 条相关记录被再次修改，不能撤销这次导入")
        kinds = {k.key: k for k in KINDS}
        for e in entries:
            kind = kinds[e.kind]
            record = s.get(kind.model, e.record_id)
            if e.action == "insert":
                s.delete(record)
            else:
                records.restore_snapshot(kind, record, e.before or {})
            s.delete(e)
        for earlier in s.scalars(select(ImportLog).where(ImportLog.superseded_by == import_id)):
            earlier.superseded_by = None
        log.undone_at = utcnow()
        review.after_undo(s, log)
        s.flush()
        s.expunge(log)
        return log
