"""What the bureau takes in with a workbook (SPEC §15): a package, its parts in any order, or a
workbook with its files beside it. Every file is checked before anything is written; a package
with one bad file is refused whole, the message naming the file.

Checks, per package: a zip we can open, not too many entries, no entry expanding out of
proportion (zip bombs), no path leaving its folder, no link, no program or script, nothing the
manifest does not list; per listed file: present (else which part is missing), its size and sha256
as listed, its content the type its name says.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
import tempfile
import weakref
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.evidence.package import FOLDER, MANIFEST, PACKAGE_FORMAT, part_name
from app.evidence.types import NotAccepted, check_file, is_program_name, size_text
from app.exchange.layout import EvidenceEntry

MB = 1024 * 1024
MAX_ENTRIES = 2000  # entries in one package part
MAX_RATIO = 100  # an entry may expand at most 100 times (documents compress 5–10 times)
MAX_EXPANDED = 1024 * MB  # nor a part to more than 1 GB in all
MAX_FILE = 64 * MB  # no evidence file is larger (the setting's default is 20 MB)
MAX_MANIFEST = 4 * MB
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FILE_NAME_IN_TEXT = re.compile(r"[^\s；;，,、：:（）()“”\"'<>|*?/\\]+\.(?:pdf|jpe?g|png|docx|xlsx|ofd)", re.IGNORECASE)


@dataclass
class Received:
    """One evidence file that passed every check, waiting in a temporary folder."""

    entry: EvidenceEntry
    path: Path

    def data(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class Arrival:
    """What one input of the import is: a workbook to read (from a package, or as given) and the
    evidence that came with it, or the reasons the whole package is refused."""

    source: Path  # the package (its first part given) or the workbook
    workbook: Path | None = None
    problems: list[str] = field(default_factory=list)
    files: list[Received] = field(default_factory=list)
    manifest: list[EvidenceEntry] | None = None  # None: no package (a workbook as given)
    beside: dict[str, Path] = field(default_factory=dict)  # name → file found beside a workbook
    parts: list[Path] = field(default_factory=list)
    plain: bool = False  # a zip a unit made by hand: a filled workbook and its files, no manifest
    _tmp: object = None

    @property
    def package(self) -> bool:
        return self.manifest is not None

    @property
    def label(self) -> str:
        return self.source.name

    @property
    def shown_as(self) -> str:
        """The name the import shows for what came: a package's (a .zip) as the officer chose it,
        one name for all its parts (…_第1包.zip → ….zip); "" for a workbook given as it is."""
        if not is_package(self.source):
            return ""
        return re.sub(r"_第\d+包(?=\.zip$)", "", self.source.name, flags=re.IGNORECASE)


class _Tmp:
    """A temporary folder removed when its arrival is gone (or at exit)."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="ipledger-evidence-"))
        weakref.finalize(self, shutil.rmtree, self.path, True)


def is_package(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def gather(paths: Sequence[Path]) -> tuple[list[Arrival], list[Path]]:
    """The batch's inputs as arrivals (one per package, its parts grouped, and one per workbook),
    in the order given; and the loose files given beside (evidence named in a workbook's 佐证材料)."""
    arrivals: list[Arrival] = []
    loose: list[Path] = []
    groups: dict[str, Arrival] = {}
    for path in paths:
        if is_package(path):
            key, arrival = _open_part(path)
            if key and key in groups:
                groups[key].parts.append(path)
                continue
            if key:
                groups[key] = arrival
            arrivals.append(arrival)
        elif path.suffix.lower() in WORKBOOK_SUFFIXES or path.suffix.lower() == ".xls":
            arrivals.append(Arrival(path, workbook=path))
        else:
            loose.append(path)
    for arrival in arrivals:
        if arrival.plain:
            _unpack_plain(arrival)
        elif arrival.parts:
            _unpack(arrival)
    return arrivals, loose


def _open_part(path: Path) -> tuple[str, Arrival]:
    """(the submission the part belongs to, or "" when it cannot be told; its arrival)."""
    arrival = Arrival(path, parts=[path])
    try:
        with zipfile.ZipFile(path) as zf:
            if MANIFEST not in zf.namelist() and any(
                n.lower().endswith(WORKBOOK_SUFFIXES) for n in zf.namelist()[:MAX_ENTRIES]
            ):
                arrival.plain = True
                return "", arrival
            doc = _manifest(zf, path.name)
    except _Refuse as exc:
        arrival.parts = []
        arrival.problems.append(str(exc))
        return "", arrival
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        arrival.parts = []
        arrival.problems.append(f"“{path.name}”不是有效的佐证材料包（无法作为 zip 文件打开）")
        return "", arrival
    return f"{doc.get('submission_id')}|{doc.get('workbook_sha256')}", arrival


class _Refuse(Exception):
    pass


def _manifest(zf: zipfile.ZipFile, where: str) -> dict:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise _Refuse(f"“{where}”中没有 {MANIFEST}，不是本程序导出的佐证材料包") from None
    if info.file_size > MAX_MANIFEST:
        raise _Refuse(f"“{where}”中的 {MANIFEST} 过大（{size_text(info.file_size)}），文件已损坏或被改动")
    try:
        doc = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
        raise _Refuse(f"“{where}”中的 {MANIFEST} 无法读取（{type(exc).__name__}），文件已损坏或被改动") from None
    if not isinstance(doc, dict) or doc.get("format") != PACKAGE_FORMAT:
        raise _Refuse(f"“{where}”中的 {MANIFEST} 不是本程序的佐证材料清单")
    return doc


def _entries(doc: dict, where: str) -> list[tuple[EvidenceEntry, str, int]]:
    out = []
    files = doc.get("files")
    if not isinstance(files, list):
        raise _Refuse(f"“{where}”中的 {MANIFEST} 没有文件清单")
    for item in files:
        try:
            entry = EvidenceEntry(
                str(item["record_id"]),
                str(item["name"]),
                int(item["size"]),
                str(item["sha256"]).lower(),
                str(item["media_type"]),
            )
            out.append((entry, str(item["path"]), int(item.get("part", 1))))
        except (KeyError, TypeError, ValueError):
            raise _Refuse(f"“{where}”中的 {MANIFEST} 有一项无法读取，文件已损坏或被改动") from None
    return out


def _unsafe_path(name: str) -> bool:
    p = name.replace("\\", "/")
    return (
        p.startswith("/")
        or re.match(r"^[A-Za-z]:", p) is not None
        or any(part in ("..", "") for part in p.rstrip("/").split("/"))
        or "\x00" in p
    )


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode) or (info.create_system == 0 and bool(info.external_attr & 0x400))  # reparse point


def _unpack(arrival: Arrival) -> None:
    """Check every part of a package and take its workbook and files into a temporary folder;
    any problem refuses the package (arrival.problems), and then nothing is taken."""
    try:
        _unpack_parts(arrival)
    except _Refuse as exc:
        arrival.problems.append(str(exc))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        arrival.problems.append(f"“{arrival.label}”无法读取（{type(exc).__name__}），佐证材料包已损坏")
    if arrival.problems:
        arrival.files = []
        arrival.workbook = None


def _unpack_parts(arrival: Arrival) -> None:
    tmp = _Tmp()
    arrival._tmp = tmp
    docs: dict[int, dict] = {}
    listed: dict[str, tuple[EvidenceEntry, int]] = {}  # path → (entry, part)
    entries: list[EvidenceEntry] = []
    workbook_name = ""
    parts_total = 0
    found: dict[str, Path] = {}
    for part_path in arrival.parts:
        with zipfile.ZipFile(part_path) as zf:
            where = part_path.name
            doc = _manifest(zf, where)
            number, total = int(doc.get("part", 1)), int(doc.get("parts", 1))
            if not parts_total:
                parts_total = total
                workbook_name = str(doc.get("workbook", ""))
                for entry, path, part in _entries(doc, where):
                    listed.setdefault(path, (entry, part))
                    entries.append(entry)
                if not workbook_name.lower().endswith(".xlsx") or "/" in workbook_name or "\\" in workbook_name:
                    raise _Refuse(f"“{where}”中的 {MANIFEST} 所列工作簿名称“{workbook_name[:60]}”无效")
            if number in docs:
                continue  # the same part given twice
            docs[number] = doc
            for info in _check_entries(zf, where):
                name = info.filename
                if name == MANIFEST:
                    continue
                if name == workbook_name:
                    if arrival.workbook is None:
                        target = tmp.path / workbook_name
                        _extract(zf, info, target, MAX_FILE, where)
                        if _sha256(target) != str(doc.get("workbook_sha256", "")).lower():
                            raise _Refuse(f"“{where}”中的工作簿“{name}”与清单记载的 sha256 不符，文件已被改动")
                        arrival.workbook = target
                    continue
                if name not in listed:
                    raise _Refuse(f"“{where}”中的“{name[:120]}”不在佐证材料清单（{MANIFEST}）中，拒绝导入")
                if name in found:
                    continue
                entry, _part = listed[name]
                if info.file_size != entry.size:
                    raise _Refuse(
                        f"“{where}”中的“{name}”大小为 {info.file_size} 字节，"
                        f"与清单记载的 {entry.size} 字节不符，文件已被改动"
                    )
                target = tmp.path / "files" / str(len(found))
                _extract(zf, info, target, entry.size, where)
                digest = _sha256(target)
                if digest != entry.sha256:
                    raise _Refuse(
                        f"“{where}”中的“{name}”的 sha256 与清单不符"
                        f"（{digest[:12]}… ≠ {entry.sha256[:12]}…），文件已被改动"
                    )
                _check_type(PurePosixPath(name).name, target, where, entry)
                found[name] = target
    stem = PurePosixPath(workbook_name).stem
    missing_parts = [n for n in range(1, parts_total + 1) if n not in docs]
    if missing_parts:
        names = "、".join(part_name(stem, n, parts_total) for n in missing_parts)
        raise _Refuse(
            f"佐证材料包“{stem}”共 {parts_total} 包，缺少第 {'、'.join(map(str, missing_parts))} 包（{names}）；"
            "请把各包一起导入"
        )
    if arrival.workbook is None:
        raise _Refuse(f"“{arrival.label}”中没有清单所列的工作簿“{workbook_name}”")
    absent = [p for p in listed if p not in found]
    if absent:
        more = f"等 {len(absent)} 个文件" if len(absent) > 1 else ""
        raise _Refuse(f"佐证材料清单列出的“{absent[0]}”{more}不在“{arrival.label}”中，拒绝导入")
    arrival.manifest = sorted(set(entries))
    by_key = {(e.name, e.sha256): found[p] for p, (e, _part) in listed.items()}
    arrival.files = [Received(e, by_key[(e.name, e.sha256)]) for e in arrival.manifest]


def _check_entries(zf: zipfile.ZipFile, where: str) -> list[zipfile.ZipInfo]:
    """The entries of an archive, or _Refuse naming the first that escapes, links, runs or explodes."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _Refuse(f"“{where}”包含 {len(infos)} 个文件，超出常理（疑似压缩炸弹），拒绝导入")
    expanded = 0
    files = []
    for info in infos:
        name = info.filename
        if _unsafe_path(name):
            raise _Refuse(f"“{where}”中的“{name[:120]}”路径越出了其所在文件夹，拒绝导入")
        if _is_link(info):
            raise _Refuse(f"“{where}”中的“{name[:120]}”是链接（符号链接），拒绝导入")
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise _Refuse(f"“{where}”中的“{name[:120]}”已加密，无法核对，拒绝导入")
        if is_program_name(name):
            raise _Refuse(f"“{where}”中的“{name[:120]}”是程序或脚本，拒绝导入")
        expanded += info.file_size
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) + MB or expanded > MAX_EXPANDED:
            raise _Refuse(
                f"“{where}”中的“{name[:120]}”解压后有 {size_text(info.file_size)}，与其压缩大小"
                f"（{size_text(info.compress_size)}）不成比例（疑似压缩炸弹），拒绝导入"
            )
        files.append(info)
    return files


def _unpack_plain(arrival: Arrival) -> None:
    """A zip made by hand (a unit without the app): one filled workbook and the files its 佐证材料
    column names. Checked like a package; its files then count as lying beside the workbook, and one
    the column does not name is refused (the column is its manifest)."""
    where = arrival.label
    try:
        tmp = _Tmp()
        arrival._tmp = tmp
        with zipfile.ZipFile(arrival.source) as zf:
            infos = _check_entries(zf, where)
            books = [i for i in infos if i.filename.lower().endswith(WORKBOOK_SUFFIXES)]
            if len(books) != 1:
                names = "、".join(PurePosixPath(i.filename).name for i in books)
                raise _Refuse(f"“{where}”中有 {len(books)} 个工作簿（{names}），一个 zip 文件只能装一个填好的工作簿")
            for info in infos:
                name = PurePosixPath(info.filename).name
                if info is books[0]:
                    target = tmp.path / name
                    arrival.workbook = target
                else:
                    if name in arrival.beside:
                        raise _Refuse(f"“{where}”中有两个名为“{name}”的文件")
                    target = tmp.path / FOLDER / name
                    arrival.beside[name] = target
                _extract(zf, info, target, MAX_FILE, where)
    except _Refuse as exc:
        arrival.problems.append(str(exc))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        arrival.problems.append(f"“{where}”无法读取（{type(exc).__name__}），zip 文件已损坏")
    if arrival.problems:
        arrival.workbook, arrival.beside = None, {}


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int, where: str) -> None:
    """Copy one entry out, never more than `limit` bytes (a lying header is caught here too)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, target.open("wb") as out:
        while block := src.read(1 << 20):
            written += len(block)
            if written > limit:
                raise _Refuse(f"“{where}”中的“{info.filename}”比记载的大，文件已被改动或是压缩炸弹，拒绝导入")
            out.write(block)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_type(name: str, path: Path, where: str, entry: EvidenceEntry | None) -> str:
    data = path.read_bytes()
    try:
        found = check_file(name, data).media_type
    except NotAccepted as exc:
        raise _Refuse(f"“{where}”中的{exc}，拒绝导入") from None
    if entry is not None and found != entry.media_type:
        raise _Refuse(f"“{where}”中的“{name}”按内容是 {found}，与清单记载的 {entry.media_type} 不符，拒绝导入")
    return found


# --- a workbook with its files beside it --------------------------------------------------------


def named_in(text: object) -> list[str]:
    """File names written in a 佐证材料 cell."""
    return list(dict.fromkeys(m.group(0) for m in FILE_NAME_IN_TEXT.finditer(str(text or ""))))


def beside(workbook: Path, names: Iterable[str], loose: Sequence[Path]) -> dict[str, Path]:
    """name → the file of that name given with the workbook, or in its folder or its 佐证材料 folder."""
    given = {p.name: p for p in loose}
    out = {}
    for name in names:
        if name in given:
            out[name] = given[name]
            continue
        for folder in (workbook.parent, workbook.parent / FOLDER):
            candidate = folder / name
            if candidate.name == name and (candidate.is_file() or candidate.is_symlink()):
                out[name] = candidate
                break
    return out


def check_beside(name: str, path: Path, limit: int, expected: EvidenceEntry | None = None) -> tuple[str, str, int]:
    """(sha256, media type, size) of a file found beside a workbook; _Refuse naming it when it may
    not be taken."""
    where = path.parent.name or str(path.parent)
    if path.is_symlink():
        raise _Refuse(f"“{name}”是链接（快捷方式），不是文件本身，拒绝导入")
    size = path.stat().st_size
    if expected is not None and size != expected.size:
        raise _Refuse(f"“{name}”大小为 {size} 字节，与工作簿清单记载的 {expected.size} 字节不符，文件已被改动")
    if size > limit:
        raise _Refuse(f"“{name}”有 {size_text(size)}，超过佐证材料每个文件 {size_text(limit)} 的上限")
    digest = _sha256(path)
    if expected is not None and digest != expected.sha256:
        raise _Refuse(f"“{name}”的 sha256 与工作簿清单不符，文件已被改动")
    media = _check_type(name, path, where, expected)
    return digest, media, size


Refused = _Refuse
