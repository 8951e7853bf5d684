"""A fuzz corpus of damaged and hostile workbooks, made from real exports with a fixed seed.

Hundreds of mutants -- zip level (truncation, bit flips, missing, duplicated and garbage parts), XML
level (cell types, shared strings, huge and non-finite numbers, invalid dates, far-away cells,
entities, long text, cells without references, broken XML) and _meta level (forged ids, revisions,
digests, tombstones, kinds, periods, units) -- each imported into a bureau ledger through the CLI.
For every one: exit 0, 1 or 2, never a traceback; when refused, a Chinese message naming the file
and the ledger byte for byte as it was; when accepted, every stored value valid and the records of
the bureau and of other units untouched.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import subprocess
import sys
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from app import demo
from app.cli.main import main
from app.merge import apply_plan, plan_import
from app.outgoing.submission import export_submission, write_template
from app.store.ledger import Ledger
from app.vocabulary.kinds import KINDS
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, make_ledger
from tests.workbooks import forge_digests, sheet_part

SEED = 20261125
PER_OPERATOR = 6  # mutants per operator and source workbook
CJK = re.compile(r"[\u4e00-\u9fff]")
CELL = re.compile(r'<c r="([A-Z]+)([0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
FAR_CELLS = ["XFD1048576", "A1048576", "ZZ100000", "AAA1", "XFD1", "B999999", "ZZZZ1", "A0", "A99999999"]
NUMBERS = ["1e400", "-1e400", "NaN", "inf", "-inf", "1.7e308", "9.99e307", "1e20", "-5", "0.0000001", "1e-320", "x"]
DATES = ["-1", "0", "3000000", "1e10", "45000.5", "2958466"]
DATE_TEXTS = ["2025-02-30", "2025年13月1日", "0000-00-00", "9999-12-31", "2025/2/29", "昨天"]
TYPES = ["s", "b", "e", "n", "str", "d", "inlineStr", "zz"]
PERIODS = ["2025Q5", "2025Q0", "2025-13", "2025H3", "", "二〇二五", "2024Q1", "1900", "2025Q1;DROP"]
KIND_NAMES = ["consolidated", "template", "submission", "feedback", "", "x" * 200]
UNITS = ["区知识产权局", "不存在的单位", "", "长寿路街道/../x", "曹杨新村街道"]


@dataclass
class Sources:
    """The real workbooks mutated, and the bureau ledger each mutant is imported into."""

    files: dict[str, Path]  # name → workbook
    bureau: Path
    folder: Path


def _shared_strings(src: Path, dst: Path) -> Path:
    """dst: src with every inline string moved into a shared-string table, as Excel and
    LibreOffice write them (the app's exports use inline strings)."""
    table: dict[str, int] = {}

    def share(m: re.Match[str]) -> str:
        return f'{m.group(1)} t="s"><v>{table.setdefault(m.group(2), len(table))}</v></c>'

    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename.startswith("xl/worksheets/"):
                inline = r'(<c r="[A-Z]+[0-9]+"[^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
                data = re.sub(inline, share, data.decode()).encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            zo.writestr(info.filename, data)
        items = "".join(f"<si><t>{t}</t></si>" for t in table)
        zo.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>',
        )
    return dst


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    folder = tmp_path_factory.mktemp("fuzz")
    unit = make_ledger(folder / "unit.db", "长寿路街道")
    with unit.session() as s:
        demo.fill(s, units=1, rows=40, seed=3)
    submission = export_submission(unit, parse_period("2025"), folder / "submission.xlsx").path
    unit.close()
    other = make_ledger(folder / "other.db", "曹杨新村街道")
    with other.session() as s:
        demo.fill(s, units=1, rows=12, seed=5)
    other_file = export_submission(other, parse_period("2025"), folder / "other.xlsx").path
    other.close()
    bureau = make_ledger(folder / "bureau.db", "区知识产权局")
    add_listing(bureau, patent_no="202310654321.2", title="区局自己的挂牌")
    plan = plan_import(bureau, [other_file])
    assert not plan.errors, plan.errors
    apply_plan(bureau, plan)
    bureau.close()
    # the other unit's key and signature, for the signature operators to borrow (the bureau knows it)
    rows = CalamineWorkbook.from_path(str(other_file)).get_sheet_by_name("_meta").to_python()
    _OTHER.update({str(r[0]): [str(c) for c in r] for r in rows if r and r[0] in ("signed_by", "signature")})
    files = {
        "submission": submission,
        "shared": _shared_strings(submission, folder / "shared.xlsx"),
        "template": write_template(folder / "template.xlsx"),
    }
    return Sources(files, folder / "bureau.db", folder)


# --- mutation operators: (rng, parts of the source) → parts, or raw bytes for zip-level damage ---------

Parts = dict[str, bytes]
Operator = Callable[[random.Random, Parts, Path], "Parts | bytes"]


def _zip(parts: Parts, duplicate: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicated name, which is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
            if duplicate:
                zf.writestr(duplicate, parts[duplicate][: len(parts[duplicate]) // 2])
    return buffer.getvalue()


def _data_sheets(src: Path) -> list[str]:
    return [sheet_part(src, k.sheet) for k in KINDS]


def _with_rows(parts: Parts, src: Path) -> list[str]:
    found = [p for p in _data_sheets(src) if b'<row r="2"' in parts[p]]
    return found or _data_sheets(src)


def _edit_cell(rng: random.Random, parts: Parts, src: Path, new: Callable[[re.Match[str]], str]) -> Parts:
    part = rng.choice(_with_rows(parts, src))
    text = parts[part].decode()
    cells = [m for m in CELL.finditer(text) if m.group(2) != "1"] or list(CELL.finditer(text))
    m = rng.choice(cells)
    parts[part] = (text[: m.start()] + new(m) + text[m.end() :]).encode()
    return parts


def truncate(rng, parts, src):  # noqa: ANN001, ANN201
    data = src.read_bytes()
    return data[: rng.randrange(0, len(data))]


def flip_any_bit(rng, parts, src):  # noqa: ANN001, ANN201
    data = bytearray(src.read_bytes())
    for _ in range(rng.choice((1, 1, 2, 8))):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def flip_in_part(rng, parts, src):  # noqa: ANN001, ANN201
    with zipfile.ZipFile(src) as zf:
        info = rng.choice([i for i in zf.infolist() if i.compress_size > 8])
    data = bytearray(src.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + rng.randrange(info.compress_size)] ^= 1 << rng.randrange(8)
    return bytes(data)


def drop_part(rng, parts, src):  # noqa: ANN001, ANN201
    del parts[rng.choice(sorted(parts))]
    return parts


def duplicate_part(rng, parts, src):  # noqa: ANN001, ANN201
    return _zip(parts, duplicate=rng.choice(sorted(parts)))


def garbage_part(rng, parts, src):  # noqa: ANN001, ANN201
    name = rng.choice(sorted(parts))
    parts[name] = rng.choice([b"", b"\x00" * 64, rng.randbytes(300), b"<?xml version='1.0'?><a>", parts[name][::-1]])
    return parts


def cut_xml(rng, parts, src):  # noqa: ANN001, ANN201
    name = rng.choice([n for n in parts if n.endswith(".xml")])
    parts[name] = parts[name][: rng.randrange(len(parts[name]))]
    return parts


def cell_type(rng, parts, src):  # noqa: ANN001, ANN201
    def new(m: re.Match[str]) -> str:
        attrs = re.sub(r'\st="[^"]*"', "", m.group(3)) + f' t="{rng.choice(TYPES)}"'
        return f'<c r="{m.group(1)}{m.group(2)}"{attrs}>{m.group(4) or "<v>1</v>"}</c>'

    return _edit_cell(rng, parts, src, new)


def number(rng, parts, src):  # noqa: ANN001, ANN201
    value = rng.choice(NUMBERS)
    return _edit_cell(rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}"><v>{value}</v></c>')


def date(rng, parts, src):  # noqa: ANN001, ANN201
    if rng.random() < 0.5:
        value = rng.choice(DATES)  # s="4": the date style of the app's exports
        return _edit_cell(rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}" s="4"><v>{value}</v></c>')
    text = rng.choice(DATE_TEXTS)
    return _edit_cell(
        rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}" t="inlineStr"><is><t>{text}</t></is></c>'
    )


def long_text(rng, parts, src):  # noqa: ANN001, ANN201
    text = rng.choice(["长", "=", "a", "&amp;"]) * rng.choice((32_767, 32_768, 40_000, 100_000))
    return _edit_cell(
        rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}" t="inlineStr"><is><t>{text}</t></is></c>'
    )


def far_cell(rng, parts, src):  # noqa: ANN001, ANN201
    part = rng.choice(_data_sheets(src) + [sheet_part(src, "_meta")])
    ref = rng.choice(FAR_CELLS)
    row = re.sub(r"[A-Z]", "", ref) or "1"
    cell = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    parts[part] = parts[part].replace(b"</sheetData>", cell.encode() + b"</sheetData>")
    return parts


def entity(rng, parts, src):  # noqa: ANN001, ANN201
    part = rng.choice(_with_rows(parts, src) + ["xl/workbook.xml", "[Content_Types].xml"])
    head, _, rest = parts[part].partition(b"?>")
    payload = rng.choice(
        [
            b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
            b'<!DOCTYPE r SYSTEM "file:///etc/passwd">',
            b"<!--" + b" " * rng.choice((10, 5000, 70_000)) + b'--><!DOCTYPE r [<!ENTITY x "y">]>',
        ]
    )
    if rng.random() < 0.3:  # a character reference XML forbids, or an undefined entity
        parts[part] = parts[part].replace(b"</t>", rng.choice([b"&#0;</t>", b"&undefined;</t>", b"&#xD800;</t>"]), 1)
    else:
        parts[part] = head + b"?>" + payload + rest
    return parts


def no_references(rng, parts, src):  # noqa: ANN001, ANN201
    part = rng.choice(_with_rows(parts, src))
    text = parts[part].decode()
    if rng.random() < 0.5:
        text = re.sub(r'<c r="[A-Z]+[0-9]+"', "<c", text)
    else:
        text = re.sub(r'<row r="[0-9]+"', "<row", text)
    if rng.random() < 0.5:
        text = text.replace("<c", "<c><f>1/0</f></c><c", 1)
    parts[part] = text.encode()
    return parts


def shared_index(rng, parts, src):  # noqa: ANN001, ANN201
    if "xl/sharedStrings.xml" in parts and rng.random() < 0.3:
        sst = parts["xl/sharedStrings.xml"]
        parts["xl/sharedStrings.xml"] = re.sub(
            rb'uniqueCount="\d+"', f'uniqueCount="{rng.choice((0, 10**9, 4 * 10**9, -1))}"'.encode(), sst
        )
        return parts
    index = rng.choice(["99999", "-1", "1.5", "x", "", "4294967296"])
    return _edit_cell(rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}" t="s"><v>{index}</v></c>')


def _meta_text(parts: Parts, src: Path) -> tuple[str, str]:
    part = sheet_part(src, "_meta")
    return part, parts[part].decode()


def _set_meta_value(parts: Parts, src: Path, key: str, value: str) -> Parts:
    part, text = _meta_text(parts, src)
    pattern = rf"(<t>{re.escape(key)}</t></is></c><c r=\"B\d+\" t=\"inlineStr\"><is><t>)([^<]*)(</t>)"
    parts[part] = re.sub(pattern, lambda m: m.group(1) + value + m.group(3), text, count=1).encode()
    return parts


def _add_meta_row(parts: Parts, src: Path, cells: list[str]) -> Parts:
    part, text = _meta_text(parts, src)
    row = "".join(f'<c r="{chr(65 + j)}999" t="inlineStr"><is><t>{c}</t></is></c>' for j, c in enumerate(cells))
    parts[part] = text.replace("</sheetData>", f'<row r="999">{row}</row></sheetData>').encode()
    return parts


# --- signatures (SPEC §15): every one of these is refused ---------------------------------------------

_OTHER: dict[str, list[str]] = {}  # the other unit's signed_by and signature rows (sources fills it)


def _set_meta_row(parts: Parts, src: Path, key: str, cells: list[str]) -> Parts:
    """The _meta row whose key is `key` replaced by `cells` (added at the end when there is none)."""
    part, text = _meta_text(parts, src)
    found = re.search(rf'<row r="([0-9]+)"[^>]*>(?:(?!</row>).)*?<t>{re.escape(key)}</t>.*?</row>', text, re.S)
    n = found.group(1) if found else "998"
    row = "".join(f'<c r="{chr(65 + j)}{n}" t="inlineStr"><is><t>{c}</t></is></c>' for j, c in enumerate(cells))
    new = f'<row r="{n}">{row}</row>'
    text = text.replace(found.group(0), new) if found else text.replace("</sheetData>", new + "</sheetData>")
    parts[part] = text.encode()
    return parts


def signature_garbage(rng, parts, src):  # noqa: ANN001, ANN201
    """Garbage in the signature cell (or a signature row added to an unsigned file)."""
    garbage = rng.choice(["", "x", "QUJD", "=1+1", "A" * 86 + "==", "中文签名", "-1e400", "&lt;script&gt;", "A" * 5000])
    return _set_meta_row(parts, src, "signature", ["signature", garbage])


def signature_copied(rng, parts, src):  # noqa: ANN001, ANN201
    """The signature of another unit's real file pasted in, with its key or without."""
    parts = _set_meta_row(parts, src, "signature", _OTHER["signature"])
    return _set_meta_row(parts, src, "signed_by", _OTHER["signed_by"]) if rng.random() < 0.5 else parts


def meta_after_signing(rng, parts, src):  # noqa: ANN001, ANN201
    """_meta edited after signing to values that are valid in themselves: only the signature tells."""
    key, value = rng.choice(
        [
            ("period", "2024"),
            ("unit", "曹杨新村街道"),
            ("submission_id", str(uuid.UUID(int=rng.getrandbits(128)))),
            ("exported_at", "2025-01-01T00:00:00"),
            ("app_version", "9.9"),
        ]
    )
    part, text = _meta_text(parts, src)
    if "<t>signature</t>" not in text:  # an unsigned source: a signature it never had
        return signature_copied(rng, parts, src)
    if rng.random() < 0.3:
        return _add_meta_row(parts, src, ["tombstone", KINDS[0].sheet, str(uuid.uuid4()), "长寿路街道", "1"])
    return _set_meta_value(parts, src, key, value)


def key_of_known_unit(rng, parts, src):  # noqa: ANN001, ANN201
    """The key id (and maybe the key) of a unit the bureau knows, over a signature made with another key."""
    other = _OTHER["signed_by"]
    part, text = _meta_text(parts, src)
    mine = re.search(r"<t>signed_by</t></is></c><c [^>]*><is><t>([^<]*)</t></is></c><c [^>]*><is><t>([^<]*)</t>", text)
    key = other[2] if rng.random() < 0.5 or mine is None else mine.group(2)
    parts = _set_meta_row(parts, src, "signed_by", ["signed_by", other[1], key])
    if mine is None:  # an unsigned source
        parts = _set_meta_row(parts, src, "signature", _OTHER["signature"])
    return parts


SIGNATURE_OPERATORS = [signature_garbage, signature_copied, meta_after_signing, key_of_known_unit]


def meta_entry(rng, parts, src):  # noqa: ANN001, ANN201
    key, value = rng.choice(
        [
            ("period", rng.choice(PERIODS)),
            ("kind", rng.choice(KIND_NAMES)),
            ("unit", rng.choice(UNITS)),
            ("version", rng.choice(["inf", "1e20", "0", "-1", "2", "1.0", "NaN", "x"])),
            ("exported_at", rng.choice(["", "2025-13-01", "yesterday", "2099-01-01T00:00:00"])),
            ("submission_id", rng.choice(["", "1", str(uuid.UUID(int=rng.getrandbits(128)))])),
            ("format", rng.choice(["", "other"])),
        ]
    )
    return _set_meta_value(parts, src, key, value)


def _record_ids(parts: Parts) -> list[str]:
    found = set()
    for data in parts.values():
        found |= set(re.findall(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", data))
    return sorted(x.decode() for x in found)


def tombstone(rng, parts, src):  # noqa: ANN001, ANN201
    """Tombstones naming records of this file, of nothing, of other units and of the bureau (the
    bureau ledger's ids are not in the file; random ones stand in for them)."""
    ids = _record_ids(parts) or [str(uuid.uuid4())]
    rid = rng.choice([rng.choice(ids), str(uuid.UUID(int=rng.getrandbits(128))), "not-an-id", ""])
    sheet = rng.choice([k.sheet for k in KINDS] + ["不存在的表"])
    unit = rng.choice(["长寿路街道", "曹杨新村街道", "区知识产权局", ""])
    revision = rng.choice(["1", "2", "999", "0", "-1", "inf", "1e20", "x"])
    return _add_meta_row(parts, src, ["tombstone", sheet, rid, unit, revision])


def digests(rng, parts, src):  # noqa: ANN001, ANN201
    part, text = _meta_text(parts, src)
    choice = rng.randrange(3)
    if choice == 0:  # garbage in place of a digest list
        garbage = rng.choice(["x", ",,", "a,b", "1,2,3,4"])
        text = re.sub(r"([0-9a-f-]{36}),(\d+),([0-9a-f]{16})", lambda m: garbage, text, count=1)
    elif choice == 1:  # a digest for a revision the row does not have
        revision = rng.choice(["0", "99", "1e20"])
        text = re.sub(r"([0-9a-f-]{36}),(\d+),", lambda m: f"{m.group(1)},{revision},", text, count=1)
    else:
        text = (
            text.replace("</sheetData>", "").replace("</worksheet>", "")
            + '<row r="998"><c r="A998" t="inlineStr"><is><t>digests</t></is></c></row></sheetData></worksheet>'
        )
    parts[part] = text.encode()
    return parts


def forged_row(rng, parts, src):  # noqa: ANN001, ANN201
    """A row edited to an invalid value whose _meta digest is then recomputed to match."""
    bad = rng.choice(
        [
            "<v>-5</v>",
            "<v>1e308</v>",
            "<is><t>NOT-A-PATENT</t></is>",
            "<is><t>=cmd|' /C calc'!A0</t></is>",
            "<is><t>2025Q5</t></is>",
            "<is><t>不是可选值</t></is>",
            "<is><t>91310107MA1G8XQ5IO</t></is>",
        ]
    )
    attrs = ' t="inlineStr"' if bad.startswith("<is>") else ""
    return _edit_cell(rng, parts, src, lambda m: f'<c r="{m.group(1)}{m.group(2)}"{attrs}>{bad}</c>')


def record_id(rng, parts, src):  # noqa: ANN001, ANN201
    ids = _record_ids(parts)
    if not ids:
        return cell_type(rng, parts, src)
    old = rng.choice(ids)
    new = rng.choice(
        [rng.choice(ids), str(uuid.UUID(int=rng.getrandbits(128))), "0", "x" * 40, old.upper(), "{" + old + "}"]
    )
    name = rng.choice([n for n in parts if n.startswith("xl/worksheets/")])
    parts[name] = parts[name].replace(old.encode(), new.encode(), rng.choice((1, 2)))
    return parts


def revision(rng, parts, src):  # noqa: ANN001, ANN201
    value = rng.choice(["0", "-1", "2", "99", "1e20", "inf", "NaN", "1.5", "9999999999"])
    part = rng.choice(_with_rows(parts, src))
    text = parts[part].decode()
    # the 版本 column is the last one a data row fills: its last <v> of a numeric cell
    rows = re.findall(r'<row r="([0-9]+)"', text)
    if len(rows) > 1:
        row = rng.choice(rows[1:])
        text = re.sub(
            rf'(<row r="{row}".*?)<c r="([A-Z]+){row}"><v>[^<]*</v></c></row>',
            lambda m: f'{m.group(1)}<c r="{m.group(2)}{row}"><v>{value}</v></c></row>',
            text,
            count=1,
            flags=re.S,
        )
    parts[part] = text.encode()
    return parts


OPERATORS: list[Operator] = [
    truncate, flip_any_bit, flip_in_part, drop_part, duplicate_part, garbage_part, cut_xml,  # zip
    cell_type, number, date, long_text, far_cell, entity, no_references, shared_index,  # XML
    meta_entry, tombstone, digests, forged_row, record_id, revision,  # _meta
    *SIGNATURE_OPERATORS,  # the signature over _meta
]  # fmt: skip
FORGED = {forged_row, record_id, revision, number, date, cell_type}  # digests recomputed for some


def mutants(sources: Sources) -> Iterator[tuple[str, Path]]:
    """(what was done, the mutant's file), the same every run."""
    rng = random.Random(SEED)
    out = sources.folder / "mutants"
    out.mkdir(exist_ok=True)
    for source_name, src in sources.files.items():
        with zipfile.ZipFile(src) as zf:
            original = {i.filename: zf.read(i) for i in zf.infolist()}
        for op in OPERATORS:
            for k in range(PER_OPERATOR):
                label = f"{source_name}-{op.__name__}-{k}"
                path = out / f"{label}.xlsx"
                result = op(rng, dict(original), src)
                path.write_bytes(result if isinstance(result, bytes) else _zip(result))
                if op in FORGED and source_name != "template" and rng.random() < 0.5:
                    try:
                        forge_digests(path, out / f"{label}-f.xlsx")
                    except Exception:  # noqa: BLE001, S112 - a mutant the forger cannot read stays unforged
                        pass
                    else:
                        shutil.move(out / f"{label}-f.xlsx", path)
                        label += "+forged"
                yield label, path


def records(db: Path) -> dict[tuple[str, str], dict[str, object]]:
    """Every record of the ledger: (kind, id) → its fields, owner, revision and deletion."""
    found = {}
    with Ledger(db) as ledger, ledger.session() as s:
        for kind in KINDS:
            for record in s.scalars(select(kind.model)):
                values = {f.key: getattr(record, f.key) for f in kind.input_fields}
                found[(kind.key, record.id)] = values | {
                    "unit_id": record.unit_id,
                    "revision": record.revision,
                    "deleted": record.deleted,
                }
    return found


def invalid_values(db: Path) -> list[str]:
    """Stored values the validators would refuse (each parses to itself when valid)."""
    problems = []
    by_key = {k.key: k for k in KINDS}
    for (kind_key, rid), values in records(db).items():
        kind = by_key[kind_key]
        for f in kind.input_fields:
            value = values[f.key]
            if value is None:
                continue
            try:
                ok = f.parse(value) == value
            except Exception as exc:  # noqa: BLE001
                ok, value = False, f"{value!r}: {exc}"
            if not ok:
                problems.append(f"{kind.sheet} {rid} {f.label} = {str(value)[:60]}")
        problems += [f"{kind.sheet} {rid}: {m}" for _k, m in kind.check_row(values)]
    return problems


def test_fuzz_corpus(sources: Sources, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pristine = sources.bureau.read_bytes()
    before = records(sources.bureau)  # the bureau's own records and another unit's
    tried = refused = accepted = usage = signed = 0
    problems: list[str] = []
    for label, path in mutants(sources):
        tried += 1
        db = tmp_path / "ledger.db"
        db.write_bytes(pristine)
        for extra in ("-wal", "-shm"):
            db.with_name(db.name + extra).unlink(missing_ok=True)
        shutil.rmtree(tmp_path / "backups", ignore_errors=True)
        code = main(["--db", str(db), "import", "--json", str(path)])
        out = capsys.readouterr()
        text = out.out + out.err
        if "Traceback" in text or code not in (0, 1, 2):
            problems.append(f"{label}: exit {code}: {text[-300:]}")
            continue
        if any(f"-{op.__name__}-" in label for op in SIGNATURE_OPERATORS):
            signed += 1
            if code != 1 or "签名" not in text:
                problems.append(f"{label}: a forged or broken signature was not refused (exit {code}): {text[-300:]}")
        if code == 0:
            accepted += 1
            problems += [f"{label}: accepted an invalid value: {p}" for p in invalid_values(db)]
            after = records(db)
            changed = [key for key, values in before.items() if after.get(key) != values]
            problems += [f"{label}: changed a record of another unit or of the bureau: {key}" for key in changed]
            continue
        usage += code == 2
        refused += code == 1
        messages = _messages(out.out, out.err)
        if not messages or not all(CJK.search(m) for m in messages):
            problems.append(f"{label}: refused without a Chinese message: {text[-300:]}")
        elif not any(path.name in m for m in messages):
            problems.append(f"{label}: the message does not name the file: {messages[:2]}")
        if db.read_bytes() != pristine:
            problems.append(f"{label}: refused but the ledger changed")
    print(
        f"\nfuzz corpus: {tried} mutants tried, {refused} refused cleanly, {accepted} accepted valid, {usage} usage; "
        f"{signed} with a forged or broken signature"
    )
    assert tried >= 300
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems in {tried} mutants)"


def _messages(stdout: str, stderr: str) -> list[str]:
    """The refusal's messages: the JSON errors (file and message) or the lines on stderr."""
    found = []
    try:
        plan = json.loads(stdout)
    except ValueError:
        plan = None
    if isinstance(plan, dict):
        for e in plan.get("errors", []):
            found.append(f"{e.get('file')}：{e.get('message')}")
    found += [line for line in stderr.splitlines() if line.strip()]
    return found


@pytest.mark.parametrize("op", [truncate, flip_in_part, far_cell, entity, forged_row, key_of_known_unit])
def test_a_few_mutants_from_a_separate_process(sources: Sources, tmp_path: Path, op: Operator) -> None:
    """The same through the installed entry point, as a script would run it."""
    rng = random.Random(SEED)
    src = sources.files["submission"]
    with zipfile.ZipFile(src) as zf:
        original = {i.filename: zf.read(i) for i in zf.infolist()}
    result = op(rng, original, src)
    path = tmp_path / f"{op.__name__}.xlsx"
    path.write_bytes(result if isinstance(result, bytes) else _zip(result))
    if op is forged_row:
        path = forge_digests(path, tmp_path / "forged.xlsx")
    db = tmp_path / "ledger.db"
    shutil.copy(sources.bureau, db)
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in r.stdout + r.stderr
    assert r.returncode == 1, r.stdout + r.stderr
    assert path.name in r.stdout + r.stderr and CJK.search(r.stderr + r.stdout)
    assert db.read_bytes() == sources.bureau.read_bytes()
