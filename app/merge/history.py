"""A record's history as a person reads it: who changed what, when, and from which import — with,
for a merge, which side was kept per field."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.merge.plan import SIDE_LABELS
from app.store import records, settings
from app.store.ledger import Ledger
from app.vocabulary.clock import local
from app.vocabulary.kinds import Kind
from db.models import ImportLog, RecordHistory, Unit

ACTIONS = {
    "insert": "新建",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    records.EVIDENCE_ADDED: "添加佐证材料",
    records.EVIDENCE_REMOVED: "移除佐证材料",
}


@dataclass(frozen=True)
class FieldEdit:
    label: str
    old: str
    new: str
    side: str = ""  # for a merge: 保留本台账的值 / 采用文件中的值


@dataclass
class HistoryEntry:
    when: datetime
    action: str  # 新建 / 修改 / 删除 / 恢复, or 添加佐证材料 “协议.pdf” / 移除佐证材料 “协议.pdf”
    who: str  # the unit whose file it was, or this ledger's own unit
    source: str  # "导入 3：长寿路街道_2025Q1.xlsx", or 本台账录入
    edits: list[FieldEdit] = field(default_factory=list)


def record_history(ledger: Ledger, kind: Kind, record_id: str) -> list[HistoryEntry]:
    """Newest first. Each entry keeps the state before it; the state after is the next one's
    before, or the record as it is now."""
    with ledger.session() as s:
        record = s.get(kind.model, record_id)
        if record is None:
            return []
        own = str(settings.get(s, settings.UNIT) or "")
        rows = s.scalars(
            select(RecordHistory).where(RecordHistory.record_id == record_id).order_by(RecordHistory.id)
        ).all()
        logs = {
            log.id: (log, name)
            for log, name in s.execute(
                select(ImportLog, Unit.name)
                .outerjoin(Unit, ImportLog.unit_id == Unit.id)
                .where(ImportLog.id.in_({r.import_id for r in rows if r.import_id}))
            )
        }
        states = [r.before for r in rows[1:]] + [records.snapshot(kind, record)]
        out = []
        for entry, after in zip(rows, states, strict=True):
            before = entry.before or {}
            if entry.import_id in logs:
                log, unit = logs[entry.import_id]
                who, source = unit or "（未注明单位）", f"导入 {log.id}：{log.file_name}"
            else:
                who, source = own, "本台账录入"
            sides = entry.merge or {}
            edits = [
                FieldEdit(
                    f.label,
                    _shown(f, before.get(f.key)),
                    _shown(f, after.get(f.key)),
                    SIDE_LABELS.get(sides.get(f.key, ""), ""),
                )
                for f in kind.input_fields
                if before.get(f.key) != after.get(f.key) or f.key in sides
            ]
            if entry.action == "insert":
                edits = [e for e in edits if e.new]
            action = ACTIONS.get(entry.action, entry.action)
            if entry.action in (records.EVIDENCE_ADDED, records.EVIDENCE_REMOVED):  # the file, no field edits
                action, edits = f"{action} “{(entry.merge or {}).get('evidence', '')}”", []
            elif entry.action == DEDUPE:  # two live reports of one task, resolved by migration 0010
                action, edits = _dedupe_text(entry.merge or {}), []
            out.append(HistoryEntry(local(entry.changed_at), action, who, source, edits))
        return out[::-1]


DEDUPE = "dedupe"


def _dedupe_text(merge: dict[str, object]) -> str:
    if "kept" in merge:
        kept = merge["kept"]
        return f"删除：与同一任务同一报告期的另一份报告重复，保留了那一份（记录ID {kept}）；本份内容仍在此记录中"
    dropped = "、".join(str(d) for d in merge.get("dropped") or [])
    return f"合并重复：同一任务同一报告期的另一份报告（记录ID {dropped}）已删除，其内容和修改记录仍在那条记录中"


def _shown(f, value: object) -> str:  # noqa: ANN001 - a kinds.Field
    return value if isinstance(value, str) else f.display(value)
