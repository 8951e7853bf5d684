"""What planning produces and applying consumes: a plan per row, per file and for the batch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from app.exchange.layout import SUBMISSION, EvidenceEntry
from app.exchange.packed import PackedValues  # noqa: F401 - re-exported for the planner
from app.exchange.reader import Issue, ReadResult
from app.merge.plausibility import Flag
from app.merge.rules import (
    ASK,
    CONFLICT,
    DELETED,
    DELETION,
    DIVERGED,
    EDITED,
    NEW,
    OURS,
    STALE,
    THEIRS,
    UNCHANGED,
    UPDATED,
    FieldChange,
)
from app.review.feedback import FeedbackPlan
from app.store.catalogue import BUREAU_UNIT
from app.vocabulary.kinds import Kind
from app.vocabulary.periods import Period

ACTION_LABELS = {
    NEW: "新增",
    UPDATED: "更新",
    UNCHANGED: "未变",
    STALE: "过期（已跳过）",
    CONFLICT: "冲突",
    EDITED: "表外修改（已采用）",
    DELETED: "删除",
    DIVERGED: "表外修改（保留本台账的值）",
}
WRITES = (NEW, UPDATED, EDITED, CONFLICT, DELETED)
SIDE_LABELS = {OURS: "保留本台账的值", THEIRS: "采用文件中的值", ASK: "待定"}

# What the import found of a file's signature (SPEC §15).
VALID, UNSIGNED, PENDING_KEY, UNKNOWN_KEY = "valid", "unsigned", "pending", "unknown"
SIGNATURE_LABELS = {
    VALID: "签名有效",
    UNSIGNED: "未签名",
    PENDING_KEY: "待确认签名",
    UNKNOWN_KEY: "签名有效（密钥未登记）",
}
PENDING_KEY_LABEL = SIGNATURE_LABELS[PENDING_KEY]

# What becomes of a file of the batch.
READY, REFUSED_FILE, ALREADY, HELD, EXCLUDED = "ready", "refused", "already", "held", "excluded"


@dataclass(frozen=True, slots=True)
class Seen:
    """The state of a record when the plan was made, checked again when it is applied."""

    revision: int
    deleted: bool
    synced_digest: str | None


IN_BATCH = Seen(-1, False, None)
NO_VALUES: Mapping[str, object] = MappingProxyType({})  # what unchanged and stale rows keep
NO_FIELDS: dict[str, FieldChange] = {}  # shared by every row without changed fields: never mutated
# a record an earlier file of the same batch adds: nothing to check


@dataclass(slots=True)
class RowPlan:
    kind: Kind
    action: str
    unit_id: int
    record_id: str
    revision: int
    values: Mapping[str, object]
    digest: str  # cells_digest of the row as received; kept as the record's synced_digest
    sheet_row: int | None = None
    fields: dict[str, FieldChange] = field(default_factory=dict)  # the fields that differ, with their side
    duplicate_of: str = ""  # the other unit reporting the same item
    # changed in a spreadsheet after the unit's app exported it (or this ledger keeps such a change
    # against the app's row): the unit's own ledger holds other values; a comment sends it back
    outside: bool = False
    seen: Seen | None = None  # None: the record did not exist
    # The record as a person knows it (patent number and title, company, task …), made when first
    # asked for: a 100,000-row file is named only as far as the preview shows it.
    known_as: str | None = None

    @property
    def name(self) -> str:
        if self.known_as is None:
            self.known_as = self.kind.describe(self.values) if self.values else ""
        return self.known_as

    @property
    def label(self) -> str:
        if self.action == NEW and self.outside:
            return "新增（表外修改）"
        return ACTION_LABELS[self.action]

    @property
    def conflicts(self) -> dict[str, tuple[object, object]]:
        """Fields both sides changed to different values: field → (ours, theirs)."""
        return {k: (c.old, c.new) for k, c in self.fields.items() if c.side == ASK}

    def field_label(self, key: str) -> str:
        return "删除" if key == DELETION else self.kind.field(key).label

    def display(self, key: str, value: object) -> str:
        if key == DELETION:
            return "已删除" if value else "有效"
        return self.kind.field(key).display(value)

    def where(self) -> str:
        return f"{self.kind.sheet} 第{self.sheet_row}行" if self.sheet_row else f"{self.kind.sheet}（_meta 删除记录）"


@dataclass(frozen=True)
class IncomingFile:
    """An evidence file the file brings for one of its records, checked and waiting on disk."""

    kind: str
    entry: EvidenceEntry
    path: Path


@dataclass
class FilePlan:
    read: ReadResult
    unit_id: int | None = None  # the submitting unit (None for templates and consolidations)
    period: Period | None = None  # the period the unit's file is for (its _meta's)
    rows: list[RowPlan] = field(default_factory=list)
    already_imported_at: datetime | None = None
    missing: list[tuple[Kind, str]] = field(default_factory=list)  # (kind, record id) not in the file
    supersedes: list[int] = field(default_factory=list)
    superseded_by: int | None = None
    newer_in_batch: FilePlan | None = None  # the same unit's later file for the period, in this batch
    sent_at: datetime | None = None  # when the unit sent it (review_rules.sent_at)
    issues: list[Issue] = field(default_factory=list)
    consolidated: bool = False  # a consolidated workbook (it speaks for several units)
    needs_consent: bool = False  # ... refused until the user deliberately chooses to import it
    units_touched: list[str] = field(default_factory=list)  # whose records the file changes (SPEC §8)
    came_as: str = ""  # the name a held file came with (it is kept under a name of its own)
    answers: int = 0  # answers to the bureau's comments the file carries (its 反馈意见 sheet)
    # The officer's choices: leave the file out of this import; a side for all its conflicts.
    included: bool = True
    conflict_side: str | None = None
    # The review cycle (SPEC §9): the unit × period is accepted, so the file is kept as 待重新审核
    # (shown, not merged) until the bureau re-opens the period.
    held: bool = False
    held_inputs: list[Path] = field(default_factory=list)  # what is kept when held: the file as it came, whole
    flags: list[Flag] = field(default_factory=list)  # plausibility (SPEC §9): unusual values, never refused
    # An action plan the file carries that the ledger lacks: added when the file is imported
    # (the preview names it); the plan's name, or "".
    new_plan: str = ""
    # A feedback workbook: the comments (or answers), review state and due date it carries; no rows.
    feedback: FeedbackPlan | None = None
    # Evidence (SPEC §15): the files the file brings, and whether its list is the records' whole
    # evidence (a package or a workbook's _meta list), so that files the unit removed go here too.
    evidence: list[IncomingFile] = field(default_factory=list)
    evidence_synced: bool = False
    holder: object = None  # keeps the package's temporary folder (workbook, evidence) while planned
    # The signature (SPEC §15): its state, the key's fingerprint and whose key it is (the unit it was
    # confirmed for, or, while PENDING_KEY, the unit that must confirm it); rows edited after signing.
    signature: str = UNSIGNED
    key_fingerprint: str = ""
    public_key: bytes = b""
    key_unit_id: int | None = None
    uncovered_rows: int = 0

    @property
    def name(self) -> str:
        return self.came_as or self.read.name

    def log_counts(self) -> dict[str, int]:
        """What the import log keeps of what the file did."""
        if self.feedback is not None:
            return {self.feedback.count_key: self.feedback.changes}
        return {a: self.count(a) for a in ACTION_LABELS}

    @property
    def source(self) -> Path:
        """The file the user gave: the package (its first part given), or the workbook."""
        return getattr(self.holder, "source", None) or self.read.path

    def evidence_of(self, record_id: str) -> list[IncomingFile]:
        return [f for f in self.evidence if f.entry.record_id == record_id]

    @property
    def key_pending(self) -> bool:
        """Held (not merged) as 待确认签名 until the key is confirmed."""
        return self.signature == PENDING_KEY

    @property
    def signature_text(self) -> str:
        """签名有效 3F2A-91C0-7B1E-44D2 / 未签名 / 待确认签名 …, as the preview and 导入记录 show it."""
        return signature_text(self.signature, self.key_fingerprint)

    @property
    def errors(self) -> list[Issue]:
        return self.read.errors + [i for i in self.issues if not i.warning]

    @property
    def warnings(self) -> list[Issue]:
        return self.read.warnings + [i for i in self.issues if i.warning]

    @property
    def submission_of(self) -> tuple[int, Period] | None:
        """(unit id, period) when the file is a unit's submission for a period."""
        meta = self.read.meta
        if self.unit_id is not None and self.period is not None and meta and meta.kind == SUBMISSION:
            return self.unit_id, self.period
        return None

    @property
    def status(self) -> str:
        if self.already_imported_at is not None:
            return ALREADY
        if self.errors:
            return REFUSED_FILE
        if self.held:
            return HELD
        return READY if self.included else EXCLUDED

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass
class ImportPlan:
    files: list[FilePlan]
    role: str
    unit_names: dict[int, str] = field(default_factory=dict)
    own_unit_id: int | None = None  # the ledger's own unit (at an office, the key of its other PC is its own)

    @property
    def errors(self) -> list[Issue]:
        return [e for f in self.files for e in f.errors]

    @property
    def refused(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == REFUSED_FILE]

    @property
    def to_apply(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == READY]

    @property
    def held(self) -> list[FilePlan]:
        return [f for f in self.files if f.status == HELD and f.included]

    def counts(self) -> dict[str, int]:
        rows = [r for f in self.files if f.status != REFUSED_FILE for r in f.rows]
        return {
            "new": sum(r.action == NEW for r in rows),
            "updated": sum(r.action in (UPDATED, EDITED) for r in rows),
            "edited_outside": sum(r.outside for r in rows),
            "unchanged": sum(r.action == UNCHANGED for r in rows),
            "stale": sum(r.action == STALE for r in rows),
            "conflicts": sum(r.action == CONFLICT for r in rows),
            "duplicates": sum(bool(r.duplicate_of) for r in rows),
            "deleted": sum(r.action == DELETED for r in rows),
            "missing": sum(len(f.missing) for f in self.files),
            "errors": len(self.errors),
        }

    def unit_name(self, unit_id: int | None) -> str:
        return self.unit_names.get(unit_id, "") if unit_id is not None else ""

    def from_other_pc(self, f: FilePlan) -> bool:
        """Whether the key a held file waits for is the office's own unit's: its other PC's, to be
        checked on that PC, not over the phone with the bureau."""
        return self.role != "bureau" and f.key_unit_id is not None and f.key_unit_id == self.own_unit_id

    def key_waits_for(self, f: FilePlan) -> dict[str, str] | None:
        """Whose key a file held for its signature (待确认签名) waits for, as --json says it: this
        unit's other PC (checked on that PC), the district bureau, or a unit (checked with them by
        phone); None for a file that waits for no key."""
        if not f.key_pending:
            return None
        unit = self.unit_name(f.key_unit_id)
        if self.from_other_pc(f):
            return {"party": "other_pc", "unit": unit, "label": f"本单位另一台电脑（{unit}）"}
        if unit == BUREAU_UNIT:
            return {"party": "bureau", "unit": unit, "label": unit}
        return {"party": "unit", "unit": unit, "label": unit}

    def as_json(self) -> dict[str, object]:
        """The preview as one JSON object: SPEC §6's keys, and per file every row that changes
        something, named as a person knows it, with each changed field old → new."""
        counts = self.counts()
        names = self.unit_names
        return {
            "files": [
                {
                    "file": str(f.source),
                    "hash": f.read.hash,
                    "status": f.status,
                    "already_imported": bool(f.already_imported_at),
                    "held": f.held,
                    "signature": f.signature,
                    "fingerprint": f.key_fingerprint,
                    "key_waits_for": self.key_waits_for(f),
                    "uncovered_rows": f.uncovered_rows,
                    "unit": self.unit_name(f.unit_id),
                    "period": f.period.code if f.period else "",
                    "consolidated": f.consolidated,
                    "units_touched": f.units_touched,
                    "counts": {a: f.count(a) for a in ACTION_LABELS},
                    "missing": len(f.missing),
                    "warnings": [w.as_dict() for w in f.warnings],
                    "flags": [x.as_dict() for x in f.flags],
                    "errors": [e.as_dict() for e in f.errors],
                    "rows": [_row_json(r, names) for r in f.rows if r.action != UNCHANGED],
                    "feedback": f.feedback.as_json() if f.feedback else None,
                    "evidence": [x.entry.as_dict() for x in f.evidence],
                }
                for f in self.files
            ],
            **{k: counts[k] for k in ("new", "updated", "unchanged", "stale", "conflicts", "duplicates")},
            "deleted": counts["deleted"],
            "missing": counts["missing"],
            "edited_outside": counts["edited_outside"],
            "errors": [e.as_dict() for e in self.errors],
        }


def signature_text(state: str | None, fingerprint: str | None) -> str:
    if not state:
        return ""
    label = SIGNATURE_LABELS.get(state, state)
    return f"{label}（{fingerprint}）" if fingerprint and state != UNSIGNED else label


def _row_json(r: RowPlan, names: dict[int, str]) -> dict[str, object]:
    out: dict[str, object] = {
        "sheet": r.kind.sheet,
        "row": r.sheet_row,
        "record_id": r.record_id,
        "record": r.name,
        "unit": names.get(r.unit_id, ""),
        "action": r.action,
    }
    if r.duplicate_of:
        out["duplicate_of"] = r.duplicate_of
    if r.outside:
        out["edited_outside"] = True
    if r.fields:
        out["fields"] = [
            {
                "field": r.field_label(k),
                "old": _json_value(c.old),
                "new": _json_value(c.new),
                "side": c.side,
            }
            for k, c in r.fields.items()
        ]
    return out


def _json_value(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def rows_of(files: Iterable[FilePlan], action: str) -> list[RowPlan]:
    return [r for f in files for r in f.rows if r.action == action]
