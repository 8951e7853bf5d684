"""The package a unit sends when its records carry evidence (SPEC §15): a zip holding the
workbook, the files under 佐证材料/ and manifest.json; split into parts under the mail limit.

Every part holds the workbook and the whole manifest (which says in which part each file is), so
that any one part tells what the submission is and which parts are still missing.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.exchange.layout import FORMAT_NAME, EvidenceEntry, Meta
from app.paths import atomic_write

FOLDER = "佐证材料"
MANIFEST = "manifest.json"
PACKAGE_FORMAT = f"{FORMAT_NAME}/佐证材料包"
PACKAGE_VERSION = 1
ENTRY_OVERHEAD = 200  # bytes a zip entry costs besides its content and twice its name
MARGIN = 64 * 1024  # room kept under the mail limit for what the estimate misses


@dataclass(frozen=True)
class Part:
    path: Path
    size: int
    files: int


def canonical_json(data: object) -> bytes:
    """One byte form of a JSON value: sorted keys, no spaces, UTF-8 (what a signature may cover)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def part_name(stem: str, number: int, parts: int) -> str:
    return f"{stem}.zip" if parts == 1 else f"{stem}_第{number}包.zip"


def assign_paths(entries: Sequence[EvidenceEntry]) -> dict[tuple[str, str], str]:
    """(name, sha256) → its path in the package: one file per content and name; two different
    files of one name (on two records) get （2）… in the second name."""
    paths: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for e in sorted(entries):
        key = (e.name, e.sha256)
        if key in paths:
            continue
        name, n = e.name, 2
        stem, suffix = PurePosixPath(e.name).stem, PurePosixPath(e.name).suffix
        while name.lower() in taken:
            name = f"{stem}（{n}）{suffix}"
            n += 1
        taken.add(name.lower())
        paths[key] = f"{FOLDER}/{name}"
    return paths


def entry_cost(path: str, size: int) -> int:
    return size + ENTRY_OVERHEAD + 2 * len(path.encode("utf-8"))


def split(files: dict[str, int], base: int, limit: int) -> list[list[str]]:
    """Files (path → size) into parts each of at most `limit` bytes with `base` bytes in every
    part (workbook and manifest): the largest first, each into the first part it fits (a file too
    large for any part gets a part of its own)."""
    room = max(limit - base - MARGIN, 1)
    parts: list[list[str]] = []
    free: list[int] = []
    for path in sorted(files, key=lambda p: (-files[p], p)):
        cost = entry_cost(path, files[path])
        for i, left in enumerate(free):
            if cost <= left:
                parts[i].append(path)
                free[i] -= cost
                break
        else:
            parts.append([path])
            free.append(room - cost)
    return [sorted(p) for p in parts] or [[]]


def manifest(
    meta: Meta, workbook_name: str, workbook_sha: str, paths: dict, part_of: dict, number: int, parts: int
) -> dict:
    return {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "unit": meta.unit,
        "period": meta.period.code if meta.period else "",
        "submission_id": meta.submission_id,
        "workbook": workbook_name,
        "workbook_sha256": workbook_sha,
        "part": number,
        "parts": parts,
        "files": [
            {**e.as_dict(), "path": paths[(e.name, e.sha256)], "part": part_of[paths[(e.name, e.sha256)]]}
            for e in sorted(set(meta.evidence))
        ],
    }


def write_package(workbook: Path, meta: Meta, target: Path, content: Callable[[str], bytes], limit: int) -> list[Part]:
    """Write the package(s) for `workbook` (already written, its _meta = `meta`) as target (a .zip
    path: NAME.zip, or NAME_第1包.zip … when over `limit`); returns the parts written."""
    target = Path(target)
    stem = target.stem
    workbook_name = f"{stem}.xlsx"
    data = workbook.read_bytes()
    workbook_sha = hashlib.sha256(data).hexdigest()
    paths = assign_paths(meta.evidence)
    sizes = {path: next(e.size for e in meta.evidence if (e.name, e.sha256) == key) for key, path in paths.items()}
    shas = {path: key[1] for key, path in paths.items()}
    base = len(data) + ENTRY_OVERHEAD * 2 + 400 * (len(meta.evidence) + 5)  # workbook (stored) and manifest
    groups = split(sizes, base, limit)
    part_of = {path: i + 1 for i, group in enumerate(groups) for path in group}
    written: list[Part] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f"{glob_escape(stem)}_第*包.zip"):  # parts of an earlier export of the same name
        old.unlink(missing_ok=True)
    for i, group in enumerate(groups, start=1):
        path = target.with_name(part_name(stem, i, len(groups)))
        with atomic_write(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
            body = canonical_json(manifest(meta, workbook_name, workbook_sha, paths, part_of, i, len(groups)))
            zf.writestr(_info(MANIFEST, zipfile.ZIP_DEFLATED), body)
            zf.writestr(_info(workbook_name, zipfile.ZIP_STORED), data)
            for member in group:
                zf.writestr(_info(member, zipfile.ZIP_STORED), content(shas[member]))
        written.append(Part(path, path.stat().st_size, len(group)))
    return written


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _info(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    info.flag_bits |= 0x800  # the name is UTF-8 (Chinese names read right in Windows' own zip folders)
    return info
