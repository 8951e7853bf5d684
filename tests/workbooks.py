"""Taking real exports apart: rewrite, drop or add the parts of a workbook's zip, find a sheet's
part, forge the per-row digests of _meta. Used by the hostile-file tests and the fuzz corpus."""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from app.exchange.layout import META_SHEET, Meta, cells_digest
from app.vocabulary.kinds import BY_SHEET, ID_HEADER

Change = Callable[[bytes], bytes] | bytes | None  # new content, a function of the old, or None to drop


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rebuild(src: Path, dst: Path, changes: Mapping[str, Change] = (), add: Mapping[str, bytes] = ()) -> Path:
    """dst: src with the parts in `changes` replaced (or dropped) and those in `add` appended."""
    changes = dict(changes)
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            data = zi.read(info)
            if info.filename in changes:
                change = changes[info.filename]
                if change is None:
                    continue
                data = change(data) if callable(change) else change
            zo.writestr(info.filename, data)
        for name, data in dict(add).items():
            zo.writestr(name, data)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part holding a sheet (xl/worksheets/sheetN.xml), read from workbook.xml and its rels."""
    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', workbook).group(1)
    target = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def set_meta(path: Path, dst: Path, key: str, value: str) -> Path:
    """dst: path with the _meta entry `key` (version, period, kind…) set to `value` (as text)."""
    part = sheet_part(path, "_meta")

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        pattern = rf"(<t>{re.escape(key)}</t></is></c><c r=\"B\d+\" t=\"inlineStr\"><is><t>)([^<]*)(</t>)"
        new, n = re.subn(pattern, lambda m: m.group(1) + value + m.group(3), text, count=1)
        assert n == 1, f"_meta has no {key}"
        return new.encode("utf-8")

    return rebuild(path, dst, {part: change})


def forge_digests(path: Path, dst: Path) -> Path:
    """dst: path with every _meta row digest recomputed from the rows as they now stand, as an
    attacker who edited cells would do to make them pass for untouched."""
    wb = CalamineWorkbook.from_path(str(path))
    fresh: dict[str, str] = {}
    for name in wb.sheet_names:
        kind = BY_SHEET.get(name)
        if kind is None:
            continue
        rows = wb.get_sheet_by_name(name).to_python()
        header = [str(c) for c in rows[0]]
        cols = [header.index(f.label) if f.label in header else None for f in kind.input_fields]
        id_col = header.index(ID_HEADER)
        for row in rows[1:]:
            if row[id_col]:
                fresh[str(row[id_col])] = cells_digest([row[j] if j is not None else None for j in cols])
    part = sheet_part(path, "_meta")

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        return re.sub(
            r"([0-9a-f-]{36}),(\d+),([0-9a-f]{16})",
            lambda m: f"{m.group(1)},{m.group(2)},{fresh.get(m.group(1), m.group(3))}",
            text,
        ).encode("utf-8")

    return rebuild(path, dst, {part: change})


def replace_cell(path: Path, dst: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    """dst: path with cell `ref` of `sheet` replaced by `cell_xml` (a whole <c>…</c> element)."""
    part = sheet_part(path, sheet)

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', lambda _m: cell_xml, text, count=1)
        assert n == 1, f"{sheet} has no cell {ref}"
        return new.encode("utf-8")

    return rebuild(path, dst, {part: change})


def cell_ref(path: Path, sheet: str, header: str, row: int = 2) -> str:
    """The reference (J2) of the cell under `header` in `row` of `sheet`."""
    from app.exchange.reader import get_column_letter

    headers = [str(c) for c in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()[0]]
    return f"{get_column_letter(headers.index(header) + 1)}{row}"


def meta_of(path: Path) -> Meta:
    """The workbook's _meta, the file closed after (a read-only workbook keeps it open until closed,
    and the ResourceWarning would surface in whichever later test the collector happens to run)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return Meta.from_rows(wb[META_SHEET].iter_rows(values_only=True))
    finally:
        wb.close()


def stamp_saved(path: Path, dst: Path, when: str) -> Path:
    """dst: path as a spreadsheet saved it at `when` (docProps/core.xml's dcterms:modified, e.g.
    "2025-07-08T02:30:00Z"; "" for a stamp that says nothing)."""

    def change(xml: bytes) -> bytes:
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.encode(), xml)

    return rebuild(path, dst, {"docProps/core.xml": change})


def resign(path: Path, ledger) -> Path:  # noqa: ANN001 - a Ledger
    """Sign `path`'s _meta again, as it now stands, with `ledger`'s key (the signature rows' cells
    rewritten in place): a file its unit's own program (or whoever holds the unit's key) wrote with
    this content. For tests of what the merge does with a _meta the signature cannot object to
    (SPEC §15: the signature says who sent it, not whether it is right)."""
    from app.store import keys

    with ledger.session() as s:
        key = keys.own_key(s)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("_meta").to_python()
    rows = [key.key_row() if r and r[0] == "signed_by" else r for r in rows]  # in place: the order counts
    signed = {"signed_by": key.key_row(), "signature": ["signature", key.signature_of(rows)]}
    meta_xml = ""
    with contextlib.suppress(AttributeError, KeyError):  # openpyxl writes the workbook's XML its own way
        meta_xml = parts(path)[sheet_part(path, "_meta")].decode("utf-8")
    if "<t>signature</t>" not in meta_xml:
        wb = openpyxl.load_workbook(path)  # saved by openpyxl (shared strings): set the cells there
        for row in wb["_meta"].iter_rows():
            if row[0].value in signed:
                for cell, value in zip(row[1:], signed[row[0].value][1:], strict=False):
                    cell.value = value
        wb.save(path)
        return path
    part = sheet_part(path, "_meta")

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        for name, cells in signed.items():
            row = re.search(rf"<t>{name}</t></is></c>(.*?)</row>", text, re.S)
            assert row, f"_meta has no {name} row"
            values = iter(cells[1:])

            def put(m: re.Match[str], values=values) -> str:
                return m.group(1) + str(next(values)) + m.group(3)

            body = re.sub(r"(<is><t>)([^<]*)(</t>)", put, row.group(1))
            text = text[: row.start(1)] + body + text[row.end(1) :]
        return text.encode("utf-8")

    path_out = rebuild(path, path.with_name(path.stem + ".resigned.xlsx"), {part: change})
    path_out.replace(path)
    return path
