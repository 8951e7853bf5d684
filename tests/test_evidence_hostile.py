"""Hostile evidence packages (SPEC §15): a real package mutated once per refusal. Each is refused
whole with a Chinese message naming the file, and the bureau's ledger stays as it was."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from app.evidence import store
from app.outgoing.submission import export_submission
from app.vocabulary.kinds import TASK_PROGRESS
from app.vocabulary.periods import parse_period
from db.models import EvidenceBlob, EvidenceLink, ImportLog
from tests import evidence_files as ef
from tests.conftest import add_record, make_ledger

Entries = list[tuple[zipfile.ZipInfo, bytes]]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real package of 长寿路街道 for 2025Q1: a task report with a PDF and a PNG."""
    folder = tmp_path_factory.mktemp("package")
    unit = make_ledger(folder / "unit.db", "长寿路街道")
    rid = add_record(unit, TASK_PROGRESS, period="2025Q1", task_number=1, status="推进中", progress="已签约")
    with unit.session() as s:
        own = unit.own_unit(s).id
        store.attach(s, rid, "协议.pdf", ef.pdf("协议", padding=5000), own_unit_id=own)
        store.attach(s, rid, "照片.png", ef.png(), own_unit_id=own)
    result = export_submission(unit, parse_period("2025Q1"), folder / "台账.xlsx")
    unit.close()
    return result.path


@pytest.fixture
def bureau_db(tmp_path: Path) -> Path:
    path = tmp_path / "bureau.db"
    make_ledger(path, "区知识产权局").close()
    return path


def entries(path: Path) -> Entries:
    with zipfile.ZipFile(path) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def write(path: Path, items: Entries) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in items:
            zf.writestr(info, data)
    return path


def manifest_of(items: Entries) -> dict:
    return json.loads(next(d for i, d in items if i.filename == "manifest.json"))


def with_manifest(items: Entries, doc: dict) -> Entries:
    body = json.dumps(doc, ensure_ascii=False).encode()
    return [(i, body if i.filename == "manifest.json" else d) for i, d in items]


def info(name: str, mode: int | None = None) -> zipfile.ZipInfo:
    z = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
    z.flag_bits |= 0x800
    if mode is not None:
        z.external_attr = mode << 16
    return z


def listed(items: Entries, name: str, data: bytes, path: str | None = None) -> Entries:
    """Add a file to the package and list it in manifest.json (as a forger would)."""
    doc = manifest_of(items)
    rid = doc["files"][0]["record_id"]
    path = path or f"佐证材料/{name}"
    doc["files"].append(
        {
            "name": name,
            "path": path,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "media_type": "application/pdf",
            "record_id": rid,
            "part": 1,
        }
    )
    return [*with_manifest(items, doc), (info(path), data)]


def replace(items: Entries, name: str, data: bytes) -> Entries:
    return [(i, data if i.filename == name else d) for i, d in items]


def flip(data: bytes) -> bytes:
    return data[:-3] + bytes([data[-3] ^ 1]) + data[-2:]


def bomb(items: Entries) -> Entries:
    """A listed 'PDF' that expands from a few KB to 60 MB: the deflated entry is written raw."""
    return [*items, (info("佐证材料/大.pdf"), b"%PDF-1.4\n" + b"\0" * (60 * 1024 * 1024))]


def many(items: Entries) -> Entries:
    return items + [(info(f"佐证材料/{n}.pdf"), b"%PDF-") for n in range(2100)]


def mark_encrypted(path: Path, name: str) -> None:
    """Set the 'encrypted' flag of one entry in the raw archive (zipfile never writes it)."""
    raw = bytearray(path.read_bytes())
    encoded = name.encode("utf-8")
    for sig, flags_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        start = 0
        while (at := raw.find(sig, start)) >= 0:
            n = int.from_bytes(raw[at + name_len_at : at + name_len_at + 2], "little")
            if bytes(raw[at + name_at : at + name_at + n]) == encoded:
                raw[at + flags_at] |= 0x1
            start = at + 4
    path.write_bytes(bytes(raw))


CASES: dict[str, tuple[Callable[[Entries], Entries], str]] = {
    "size differs": (lambda e: replace(e, "佐证材料/协议.pdf", ef.pdf("协议", padding=5001)), "协议.pdf"),
    "sha256 differs": (
        lambda e: replace(e, "佐证材料/协议.pdf", flip(dict((i.filename, d) for i, d in e)["佐证材料/协议.pdf"])),
        "协议.pdf",
    ),
    "type differs from name": (lambda e: listed(e, "报告.pdf", ef.png()), "报告.pdf"),
    "path escapes (..)": (lambda e: [*e, (info("../逃逸.pdf"), ef.pdf())], "../逃逸.pdf"),
    "path escapes (inside)": (lambda e: [*e, (info("佐证材料/../../逃逸.pdf"), ef.pdf())], "逃逸.pdf"),
    "absolute path": (lambda e: [*e, (info("/etc/passwd.pdf"), ef.pdf())], "/etc/passwd.pdf"),
    "drive letter": (lambda e: [*e, (info("C:/Windows/x.pdf"), ef.pdf())], "C:/Windows/x.pdf"),
    "symlink entry": (lambda e: [*e, (info("佐证材料/链接.pdf", stat.S_IFLNK | 0o777), b"/etc/passwd")], "链接.pdf"),
    "program (.exe)": (lambda e: listed(e, "setup.exe", b"MZ\x90\x00" + b"\0" * 64), "setup.exe"),
    "script (.js)": (lambda e: [*e, (info("佐证材料/run.js"), b"WScript.Echo(1)")], "run.js"),
    "script (.ps1)": (lambda e: listed(e, "a.ps1", b"Write-Host 1"), "a.ps1"),
    "shortcut (.lnk)": (lambda e: [*e, (info("佐证材料/协议.pdf.lnk"), b"L\0\0\0")], "协议.pdf.lnk"),
    "installer (.msi)": (lambda e: [*e, (info("install.msi"), b"\xd0\xcf\x11\xe0")], "install.msi"),
    "program named .pdf": (lambda e: listed(e, "发票.pdf", b"MZ\x90\x00" + b"\0" * 64), "发票.pdf"),
    "zip bomb (ratio)": (bomb, "大.pdf"),
    "zip bomb (entries)": (many, "个文件"),
    "not in manifest": (lambda e: [*e, (info("佐证材料/多出.pdf"), ef.pdf())], "多出.pdf"),
    "listed but absent": (lambda e: [(i, d) for i, d in e if i.filename != "佐证材料/照片.png"], "照片.png"),
    "encrypted entry": (lambda e: e, "协议.pdf"),
    "manifest edited after export": (
        lambda e: listed(e, "补充.pdf", ef.pdf("补充")),
        "manifest.json",
    ),
    "workbook replaced": (
        lambda e: replace(e, "台账.xlsx", dict((i.filename, d) for i, d in e)["台账.xlsx"] + b"\0"),
        "台账.xlsx",
    ),
    "manifest missing": (lambda e: [(i, d) for i, d in e if i.filename != "manifest.json"], "manifest.json"),
    "manifest not JSON": (lambda e: replace(e, "manifest.json", b"{not json"), "manifest.json"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_package_is_refused_naming_the_file(
    case: str, package: Path, bureau_db: Path, tmp_path: Path, capsys
) -> None:
    mutate, named = CASES[case]
    items = entries(package)
    if case == "zip bomb (ratio)":  # deflate for real, so the entry is small in the archive
        target = write(tmp_path / "台账.zip", items)
        with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(info("佐证材料/大.pdf"), b"%PDF-1.4\n" + b"\0" * (60 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    else:
        target = write(tmp_path / "台账.zip", mutate(items))
    if case == "encrypted entry":
        mark_encrypted(target, "佐证材料/协议.pdf")
    code = main(["--db", str(bureau_db), "import", str(target)])
    out, err = capsys.readouterr()
    assert code == 1
    assert named in out and "台账" in out, out
    assert "Traceback" not in out + err
    from app.store.ledger import Ledger

    with Ledger(bureau_db) as ledger, ledger.session() as s:  # nothing written
        assert s.query(ImportLog).count() == 0
        assert s.query(EvidenceLink).count() == 0 and s.query(EvidenceBlob).count() == 0
        assert s.query(TASK_PROGRESS.model).count() == 0


def test_not_a_zip_at_all(bureau_db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "台账.zip"
    bad.write_bytes(b"\x00garbage" * 100)
    assert main(["--db", str(bureau_db), "import", str(bad)]) == 1
    assert "台账.zip" in capsys.readouterr().out


def test_the_untouched_package_imports(package: Path, bureau_db: Path, capsys) -> None:
    """The control: the same package unmutated goes in, both files intact."""
    assert main(["--db", str(bureau_db), "import", str(package)]) == 0
    assert main(["--db", str(bureau_db), "attachments", "--json"]) == 0
    got = json.loads(capsys.readouterr().out.split("\n[", 1)[-1].join(["[", ""]))
    assert {x["name"] for x in got} == {"协议.pdf", "照片.png"}


def test_a_link_beside_a_workbook_is_refused(bureau_db: Path, tmp_path: Path, capsys) -> None:
    """A unit without the app names a file in 佐证材料 and sends a link in its place."""
    import openpyxl

    from app.outgoing.prefill import write_prefill
    from app.store.ledger import Ledger

    with Ledger(bureau_db) as bureau:
        path = write_prefill(bureau, "长寿路街道", parse_period("2025Q1"), tmp_path / "预填.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb[TASK_PROGRESS.sheet]
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers.index("任务编号") + 1).value == 1)
    ws.cell(row, headers.index("推进状态") + 1, "推进中")
    ws.cell(row, headers.index("进展情况") + 1, "已签约")
    ws.cell(row, headers.index("佐证材料") + 1, "协议.pdf")
    wb.save(path)
    secret = ef.write(tmp_path / "elsewhere", "secret.pdf", ef.pdf())
    (tmp_path / "协议.pdf").symlink_to(secret)
    assert main(["--db", str(bureau_db), "import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "协议.pdf" in out and "链接" in out
    with Ledger(bureau_db) as ledger, ledger.session() as s:
        assert s.query(ImportLog).count() == 0 and s.query(EvidenceLink).count() == 0


def test_deflate_bomb_is_caught_before_it_is_expanded() -> None:
    """The ratio check reads the archive's header, not the data: 60 MB of zeros deflate to ~60 KB."""
    assert len(zlib.compress(b"\0" * (60 * 1024 * 1024))) < 100_000
