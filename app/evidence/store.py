"""The ledger's evidence files: attach, list, detach (soft) and read back (SPEC §15).

A file's content is stored once (EvidenceBlob, by sha256); each record carries it under a name
(EvidenceLink). Attaching or detaching is a change to the record: its revision goes up, so the
record travels in the unit's next export with its files, and the history keeps the state before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.evidence.types import FileType, NotAccepted, check_file, size_text
from app.store import records, settings
from app.vocabulary.kinds import KINDS, Kind
from app.vocabulary.periods import Period
from db.models import EvidenceBlob, EvidenceLink, RecordMixin, utcnow

MAX_FILE_MB = settings.SettingSpec("evidence_max_file_mb", int, 20, "Largest evidence file (MB)")
MAIL_LIMIT_MB = settings.SettingSpec("evidence_mail_limit_mb", int, 20, "Largest package part (MB)")
MB = 1024 * 1024
BY_KEY = {k.key: k for k in KINDS}


class EvidenceError(ValueError):
    """A file that cannot be attached or detached; the message (Chinese) names it."""


@dataclass(frozen=True)
class Attached:
    """One file on one record, as lists and packages show it."""

    link_id: int
    kind: str
    record_id: str
    name: str
    size: int
    sha256: str
    media_type: str
    added_at: datetime

    @property
    def type_label(self) -> str:
        return FileType(self.media_type).label

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    def as_dict(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
            "media_type": self.media_type,
        }


def find_record(s: Session, record_id: str) -> tuple[Kind, RecordMixin]:
    for kind in KINDS:
        record = s.get(kind.model, record_id)
        if record is not None and not record.deleted:
            return kind, record
    raise EvidenceError(f"找不到记录ID为 {record_id} 的记录")


def max_file_size(s: Session) -> int:
    return int(settings.get(s, MAX_FILE_MB)) * MB


def mail_limit(s: Session) -> int:
    return int(settings.get(s, MAIL_LIMIT_MB)) * MB


def safe_name(name: str) -> str:
    """A file's own name, without any folder part (a name never becomes a path)."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    base = "".join("_" if (ord(c) < 32 or c in '<>:"|?*') else c for c in base)
    if not base or base in (".", ".."):
        raise EvidenceError(f"文件名“{name}”不能用作佐证材料的名称")
    return base[:200]


def check_content(s: Session | None, name: str, data: bytes, limit: int | None = None) -> FileType:
    """The type of a file about to be attached; EvidenceError naming it when it may not be."""
    limit = limit if limit is not None else (max_file_size(s) if s is not None else 20 * MB)
    if len(data) > limit:
        raise EvidenceError(
            f"“{name}”有 {size_text(len(data))}，超过佐证材料每个文件 {size_text(limit)} 的上限（可在设置中调整）"
        )
    if not data:
        raise EvidenceError(f"“{name}”是空文件")
    try:
        return check_file(name, data)
    except NotAccepted as exc:
        raise EvidenceError(str(exc)) from None


def store_blob(s: Session, data: bytes, media_type: str, sha: str | None = None) -> str:
    sha = sha or hashlib.sha256(data).hexdigest()
    if s.get(EvidenceBlob, sha) is None:
        s.add(EvidenceBlob(sha256=sha, size=len(data), media_type=media_type, data=data))
        s.flush()
    return sha


def live_links(s: Session, record_id: str | None = None) -> list[EvidenceLink]:
    q = select(EvidenceLink).where(EvidenceLink.removed_at.is_(None))
    if record_id is not None:
        q = q.where(EvidenceLink.record_id == record_id)
    return list(s.scalars(q.order_by(EvidenceLink.record_id, EvidenceLink.name, EvidenceLink.id)))


def holds(s: Session, record_id: str, sha256: str, size: int) -> bool:
    """Whether this ledger already has exactly this file (same content) for this record, brought by
    an earlier file of its unit or attached here: a workbook re-sent without it loses nothing."""
    q = (
        select(EvidenceLink.id)
        .join(EvidenceBlob, EvidenceBlob.sha256 == EvidenceLink.sha256)
        .where(EvidenceLink.record_id == record_id, EvidenceLink.sha256 == sha256, EvidenceBlob.size == size)
    )
    return s.scalar(q.limit(1)) is not None


def attached(s: Session, record_id: str | None = None) -> list[Attached]:
    return [_attached(link) for link in live_links(s, record_id)]


def _attached(link: EvidenceLink) -> Attached:
    return Attached(
        link.id, link.kind, link.record_id, link.name, link.size, link.sha256, link.media_type, link.added_at
    )


def counts_by_record(s: Session, record_ids: list[str] | None = None) -> dict[str, int]:
    """How many files each record carries (records without any left out)."""
    out: dict[str, int] = {}
    for link in live_links(s):
        if record_ids is None or link.record_id in record_ids:
            out[link.record_id] = out.get(link.record_id, 0) + 1
    return out


def counts_by_unit(s: Session, period: Period) -> dict[int, int]:
    """How many evidence files each unit's records of a period carry (its submission's records)."""
    from sqlalchemy import func

    from app.store.selection import in_period

    out: dict[int, int] = {}
    for kind in KINDS:
        m = kind.model
        q = (
            select(m.unit_id, func.count(EvidenceLink.id))
            .join(EvidenceLink, EvidenceLink.record_id == m.id)
            .where(EvidenceLink.removed_at.is_(None), m.deleted.is_(False), in_period(kind, period, None))
            .group_by(m.unit_id)
        )
        for unit_id, n in s.execute(q):
            out[unit_id] = out.get(unit_id, 0) + n
    return out


def names_by_record(s: Session) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for link in live_links(s):
        out.setdefault(link.record_id, []).append(link.name)
    return out


def _unique_name(taken: set[str], name: str) -> str:
    if name not in taken:
        return name
    path = PurePosixPath(name)
    n = 2
    while f"{path.stem}（{n}）{path.suffix}" in taken:
        n += 1
    return f"{path.stem}（{n}）{path.suffix}"


def attach(s: Session, record_id: str, name: str, data: bytes, *, own_unit_id: int | None = None) -> Attached:
    """Attach `data` under `name` to the record; the same content already on it is not added twice.
    EvidenceError naming the file when it may not be attached."""
    kind, record = find_record(s, record_id)
    name = safe_name(name)
    file_type = check_content(s, name, data)
    sha = hashlib.sha256(data).hexdigest()
    links = live_links(s, record_id)
    for link in links:
        if link.sha256 == sha:
            return _attached(link)  # already attached (perhaps under another name)
    name = _unique_name({link.name for link in links}, name)
    store_blob(s, data, file_type.media_type, sha)
    _touch(s, kind, record, own_unit_id, records.EVIDENCE_ADDED, name)
    link = EvidenceLink(
        kind=kind.key, record_id=record_id, name=name, sha256=sha, size=len(data), media_type=file_type.media_type
    )
    s.add(link)
    s.flush()
    return _attached(link)


def attach_path(s: Session, record_id: str, path: Path, *, own_unit_id: int | None = None) -> Attached:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError(f"无法读取“{path.name}”：{exc.strerror or exc}") from None
    limit = max_file_size(s)
    if size > limit:
        raise EvidenceError(
            f"“{path.name}”有 {size_text(size)}，超过佐证材料每个文件 {size_text(limit)} 的上限（可在设置中调整）"
        )
    return attach(s, record_id, path.name, path.read_bytes(), own_unit_id=own_unit_id)


def detach(s: Session, record_id: str, name: str, *, own_unit_id: int | None = None) -> Attached:
    """Detach the file named `name` from the record (soft: `restore` brings it back)."""
    kind, record = find_record(s, record_id)
    for link in live_links(s, record_id):
        if link.name == name:
            _touch(s, kind, record, own_unit_id, records.EVIDENCE_REMOVED, name)
            link.removed_at = utcnow()
            s.flush()
            return _attached(link)
    names = "、".join(link.name for link in live_links(s, record_id)) or "（无）"
    raise EvidenceError(f"该记录没有名为“{name}”的佐证材料；它的佐证材料：{names}")


def restore(s: Session, link_id: int, *, own_unit_id: int | None = None) -> None:
    """Undo a detach: the same link is live again."""
    link = s.get(EvidenceLink, link_id)
    if link is None or link.removed_at is None:
        return
    kind, record = find_record(s, link.record_id)
    _touch(s, kind, record, own_unit_id, records.EVIDENCE_ADDED, link.name)
    link.removed_at = None
    s.flush()


def remove_link(s: Session, link_id: int, *, own_unit_id: int | None = None) -> None:
    """Undo an attach (the content stays stored; another record may carry it)."""
    link = s.get(EvidenceLink, link_id)
    if link is None or link.removed_at is not None:
        return
    kind, record = find_record(s, link.record_id)
    _touch(s, kind, record, own_unit_id, records.EVIDENCE_REMOVED, link.name)
    link.removed_at = utcnow()
    s.flush()


def content(s: Session, sha256: str) -> bytes:
    blob = s.get(EvidenceBlob, sha256)
    if blob is None:
        raise EvidenceError(f"台账中没有内容为 {sha256[:12]}… 的佐证材料")
    return bytes(blob.data)


def _touch(s: Session, kind: Kind, record: RecordMixin, own_unit_id: int | None, action: str, name: str) -> None:
    """Attaching or detaching changes the record the unit owns: a new revision (so the record goes out
    in the next export) with the state before kept in its history. On another unit's record (the
    bureau's copy) only the link changes — the unit's revisions stay the unit's — and its history
    (修改记录) names the file, as at the unit."""
    if own_unit_id is not None and record.unit_id != own_unit_id:
        records.note(s, kind, record, action, name)
        return
    records.touch(s, kind, record, action, name)


# --- imports ----------------------------------------------------------------------------------


def take_evidence(s: Session, fp: object, import_id: int) -> int:
    """Store the evidence an import brings (a FilePlan's, checked when planned) and link it to its
    records, noting the import; when the file's list is its records' whole evidence, files it no
    longer lists that an earlier import brought are detached (noted too: undo brings them back).
    Returns the number of files linked."""
    incoming = getattr(fp, "evidence", [])
    by_record: dict[str, set[tuple[str, str]]] = {}
    for f in incoming:
        by_record.setdefault(f.entry.record_id, set()).add((f.entry.name, f.entry.sha256))
    added = 0
    if getattr(fp, "evidence_synced", False):
        links = live_links(s)
        rows = fp.rows.having_ids({link.record_id for link in links})  # type: ignore[attr-defined]
        carried = {r.record_id for r in rows if r.action != "stale"}
        for link in links:
            kept = by_record.get(link.record_id, set())
            if link.record_id in carried and link.import_id is not None and (link.name, link.sha256) not in kept:
                link.removed_at, link.removed_by_import = utcnow(), import_id
    for f in incoming:
        e = f.entry
        links = live_links(s, e.record_id)
        if any(link.sha256 == e.sha256 and link.name == e.name for link in links):
            continue
        if f.path is not None:
            store_blob(s, f.path.read_bytes(), e.media_type, e.sha256)
        elif s.get(EvidenceBlob, e.sha256) is None:  # (a file the ledger held when planned: kept since)
            raise EvidenceError(f"佐证材料“{e.name}”未随附，台账中也没有该文件")
        name = _unique_name({link.name for link in links}, e.name)
        s.add(
            EvidenceLink(
                kind=f.kind,
                record_id=e.record_id,
                name=name,
                sha256=e.sha256,
                size=e.size,
                media_type=e.media_type,
                import_id=import_id,
            )
        )
        added += 1
    s.flush()
    return added


def undo_evidence(s: Session, import_id: int) -> None:
    """Undoing an import: the files it linked go, those it detached come back."""
    for link in s.scalars(select(EvidenceLink).where(EvidenceLink.import_id == import_id)):
        s.delete(link)
    for link in s.scalars(select(EvidenceLink).where(EvidenceLink.removed_by_import == import_id)):
        link.removed_at, link.removed_by_import = None, None
    s.flush()
