"""Signatures (SPEC §15): who really sent a file. Real ledgers, real exported workbooks, the real
command line; hostile files are made from real exports the way a forger would make them."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql

from app.cli.main import main
from app.exchange import signing
from app.exchange.reader import read_workbook
from app.merge import apply_plan, plan_import
from app.outgoing.prefill import write_prefill
from app.outgoing.submission import export_submission, write_template
from app.review import feedback
from app.review import state as review
from app.review.comments import add_comment
from app.store import keys
from app.vocabulary.kinds import PLEDGE_FINANCING
from app.vocabulary.periods import parse_period
from db.engine import open_ledger
from db.models import HeldFile, ImportLog, PatentListing
from tests.conftest import add_listing, add_record, make_ledger, trust

Q1 = parse_period("2025Q1")
FINGERPRINT = re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


def comments_of(s) -> int:  # noqa: ANN001
    from db.models import Comment

    return s.scalar(select(func.count()).select_from(Comment))


def own_fp(ledger) -> str:
    with ledger.session() as s:
        return keys.own_fingerprint(s)


def listings(ledger) -> int:
    with ledger.session() as s:
        return s.scalar(select(func.count()).select_from(PatentListing))


def export(ledger, path: Path) -> Path:
    return export_submission(ledger, Q1, path).path


@pytest.fixture
def unit(tmp_path: Path):
    ledger = make_ledger(tmp_path / "unit.db", "长寿路街道", trusted=False)
    add_listing(ledger, price=12.5)
    add_record(
        ledger,
        PLEDGE_FINANCING,
        company="上海华信科技有限公司",
        credit_code="91310107MA1G8XQ57T",
        pledgee="上海银行普陀支行",
        collateral_type="专利",
        amount=300.0,
        registered_on=date(2025, 2, 10),
    )
    yield ledger
    ledger.close()


@pytest.fixture
def bureau(tmp_path: Path):
    ledger = make_ledger(tmp_path / "bureau.db", "区知识产权局", trusted=False)
    yield ledger
    ledger.close()


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


# --- keys ---------------------------------------------------------------------------------------------


def test_init_makes_a_key_that_key_prints(tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    code, text = run(capsys, "--db", str(a), "init", "--unit", "长寿路街道")
    assert code == 0 and "签名密钥指纹" in text
    _, fp_a = run(capsys, "--db", str(a), "key")
    _, fp_b = run(capsys, "--db", str(b), "key")
    assert FINGERPRINT.match(fp_a.strip()) and FINGERPRINT.match(fp_b.strip())
    assert fp_a != fp_b  # each ledger its own key
    assert fp_a.strip() in text  # the same key init announced
    _, again = run(capsys, "--db", str(a), "key")
    assert again == fp_a


def test_an_older_ledger_gets_its_key_at_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_ledger(path, revision="0007").dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM settings WHERE key = 'signing_key'").fetchone()[0] == 0
    with conn:  # a ledger in use: it has its units
        conn.execute(
            "INSERT INTO units (name, kind, joint_member, active, sort_order, former_names) "
            "VALUES ('长寿路街道', '街道', 1, 1, 0, '[]')"
        )
    conn.close()
    open_ledger(path).dispose()  # upgraded to the latest revision
    conn = sqlite3.connect(path)
    (value,) = conn.execute("SELECT value FROM settings WHERE key = 'signing_key'").fetchone()
    conn.close()
    key = signing.SigningKey.from_text(value.strip('"'))
    assert FINGERPRINT.match(key.fingerprint)


def test_the_private_key_is_not_in_the_workbook(unit, tmp_path: Path) -> None:
    path = export(unit, tmp_path / "x.xlsx")
    with unit.session() as s:
        private = keys.own_key(s).private.hex()
    import zipfile

    with zipfile.ZipFile(path) as zf:
        blob = b"".join(zf.read(n) for n in zf.namelist())
    assert private.encode() not in blob and private.upper().encode() not in blob


# --- the bureau: unknown key held, confirmed, forged refused -------------------------------------------


def test_first_signed_file_is_held_until_the_key_is_confirmed(unit, bureau, tmp_path: Path, capsys) -> None:
    path = export(unit, tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx")
    db = str(bureau.path)
    fp = own_fp(unit)
    code, text = run(capsys, "--db", db, "import", str(path))
    assert code == 0, text
    assert "待确认签名" in text and fp in text
    # said as kept, not as imported (it read 已导入（导入编号 ，可用 undo-import 撤销）)
    assert "已导入" not in text and f"已保留 1 个文件，未合并：{path.name}（待确认签名）" in text
    assert listings(bureau) == 0  # held, not merged
    with bureau.session() as s:
        held = keys.held_for_key(s)
        assert [(h.file_name, h.key_fingerprint) for h in held] == [(path.name, fp)]
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 0
        st = next(x for x in review.statuses(s, Q1) if x.unit == "长寿路街道")
        assert len(st.key_held) == 1 and st.held == []  # not 待重新审核
    code, text = run(capsys, "--db", db, "keys")
    assert "待确认签名" in text and fp in text
    # a wrong fingerprint read over the phone confirms nothing
    code, text = run(capsys, "--db", db, "trust", "--unit", "长寿路街道", "--fingerprint", "0000-0000-0000-0000")
    assert listings(bureau) == 0
    # the right one, typed the way people type it: lower case, no dashes
    code, text = run(capsys, "--db", db, "trust", "--unit", "长寿路街道", "--fingerprint", fp.replace("-", "").lower())
    assert code == 0, text
    assert "已确认" in text and "已导入" in text
    assert listings(bureau) == 1
    with bureau.session() as s:
        assert keys.held_for_key(s) == []
        log = s.scalars(select(ImportLog)).one()
        assert (log.signature, log.key_fingerprint, log.uncovered_rows) == ("valid", fp, 0)
    code, text = run(capsys, "--db", db, "imports")
    assert f"签名有效（{fp}）" in text
    code, text = run(capsys, "--db", db, "keys", "--json")
    assert '"长寿路街道"' in text and fp in text
    # the unit's next file merges at once
    add_listing(unit, patent_no="202310654321.2", title="第二项")
    second = export(unit, tmp_path / "second.xlsx")
    code, text = run(capsys, "--db", db, "import", str(second))
    assert code == 0 and f"签名：签名有效（{fp}）" in text
    assert listings(bureau) == 2


def test_a_file_signed_by_another_key_than_the_units_is_refused(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    forger = make_ledger(tmp_path / "forger.db", "长寿路街道", trusted=False)  # another PC set up as the same unit
    add_listing(forger, patent_no="202310654321.2", title="伪造的挂牌")
    forged = export(forger, tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx")
    forger.close()
    before = bureau.path.read_bytes()
    code, text = run(capsys, "--db", str(bureau.path), "import", str(forged))
    assert code == 1
    assert "签名与该单位登记的密钥不符（疑似伪造）" in text and forged.name in text
    assert bureau.path.read_bytes() == before  # nothing written, nothing held
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(HeldFile)) == 0


def test_a_units_second_pc_is_refused_with_what_to_do_if_the_unit_owns_it(unit, bureau, tmp_path: Path, capsys) -> None:
    """The unit's clerk fills the quarter on the office's second PC (its own key): the bureau refuses
    the file as 疑似伪造, and the refusal says what to do once the unit confirms it by phone — check the
    new fingerprint, forget the old key, import again and confirm — which then imports the file."""
    trust(bureau, unit)
    second = make_ledger(tmp_path / "pc2.db", "长寿路街道", trusted=False)
    add_listing(second, patent_no="202310654321.2", title="第二台电脑填的挂牌")
    path = export(second, tmp_path / "知识产权台账_长寿路街道_2025Q1.xlsx")
    new_fp = own_fp(second)
    second.close()
    db = str(bureau.path)
    code, text = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and "疑似伪造" in text
    assert f"读出新指纹，与 {new_fp} 核对一致" in text and "untrust --unit 长寿路街道" in text
    assert "删除该单位的密钥" in text and "确认新密钥" in text
    # as advised
    assert run(capsys, "--db", db, "untrust", "--unit", "长寿路街道")[0] == 0
    code, text = run(capsys, "--db", db, "import", str(path))
    assert code == 0 and "待确认签名" in text and listings(bureau) == 0
    code, text = run(capsys, "--db", db, "trust", "--unit", "长寿路街道", "--fingerprint", new_fp)
    assert code == 0 and listings(bureau) == 1


def test_a_key_known_for_one_unit_cannot_speak_for_another(unit, bureau, tmp_path: Path, capsys) -> None:
    """长寿路街道's confirmed key signs a file that claims to come from 曹杨新村街道 (no key yet):
    refused, not held for confirmation."""
    trust(bureau, unit)
    with unit.session() as s:
        s.execute(sql("UPDATE settings SET value = :v WHERE key = 'unit'"), {"v": '"曹杨新村街道"'})
    path = export(unit, tmp_path / "知识产权台账_曹杨新村街道_2025Q1.xlsx")
    before = bureau.path.read_bytes()
    code, text = run(capsys, "--db", str(bureau.path), "import", str(path))
    assert code == 1
    assert "疑似伪造" in text and "长寿路街道" in text and path.name in text
    assert bureau.path.read_bytes() == before


def test_untrust_then_a_new_pc_is_held_again(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    code, text = run(capsys, "--db", str(bureau.path), "untrust", "--unit", "长寿路街道")
    assert code == 0 and own_fp(unit) in text
    new_pc = make_ledger(tmp_path / "new.db", "长寿路街道", trusted=False)
    path = export(new_pc, tmp_path / "new.xlsx")
    plan = plan_import(bureau, [path])
    assert plan.files[0].key_pending and plan.files[0].key_fingerprint == own_fp(new_pc)
    new_pc.close()


# --- altered files ------------------------------------------------------------------------------------


def _meta_cell(path: Path, dst: Path, key: str, column: int, value: object) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["_meta"]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[column - 1].value = value
            break
    else:
        raise AssertionError(f"no {key} in _meta")
    wb.save(dst)
    return dst


def refused(bureau, path: Path, capsys, *words: str) -> str:
    before = bureau.path.read_bytes()
    code, text = run(capsys, "--db", str(bureau.path), "import", str(path))
    assert code == 1, text
    for word in words:
        assert word in text, text
    errors = [line for line in text.splitlines() if line.strip().startswith("错误：")]
    assert errors and all(path.name in e for e in errors if "未导入" not in e), text
    assert bureau.path.read_bytes() == before
    return text


def test_meta_edited_after_signing_is_refused(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    path = export(unit, tmp_path / "x.xlsx")
    for key, column, value in (("period", 2, "2025Q2"), ("unit", 2, "曹杨新村街道"), ("submission_id", 2, "")):
        bad = _meta_cell(path, tmp_path / f"bad-{key}.xlsx", key, column, value)
        refused(bureau, bad, capsys, "签名无效", "签名后被改动")
    # a tombstone slipped in (a deletion the unit never made)
    wb = openpyxl.load_workbook(path)
    wb["_meta"].append(["tombstone", "专利超市挂牌", "3f1c1d2a-0000-4000-8000-000000000001", "长寿路街道", "1"])
    wb.save(tmp_path / "tomb.xlsx")
    refused(bureau, tmp_path / "tomb.xlsx", capsys, "签名后被改动")


def test_signature_copied_from_another_file_is_refused(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    first = export(unit, tmp_path / "first.xlsx")
    add_listing(unit, patent_no="202310654321.2", title="第二项")
    second = export(unit, tmp_path / "second.xlsx")
    signature = [r for r in openpyxl.load_workbook(first)["_meta"].iter_rows(values_only=True) if r[0] == "signature"]
    bad = _meta_cell(second, tmp_path / "copied.xlsx", "signature", 2, signature[0][1])
    refused(bureau, bad, capsys, "签名与文件内容不符")


def test_garbage_in_the_signature_cell_is_refused(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    path = export(unit, tmp_path / "x.xlsx")
    for i, garbage in enumerate(["", "not base64!", "QUJD", "=1+1", 12345, "A" * 86 + "==", "\u4e2d" * 100]):
        bad = _meta_cell(path, tmp_path / f"garbage{i}.xlsx", "signature", 2, garbage)
        refused(bureau, bad, capsys, "签名无效")
    bad = _meta_cell(path, tmp_path / "garbage-key.xlsx", "signed_by", 3, "AAAA")
    refused(bureau, bad, capsys, "签名密钥无法识别")


def test_key_id_naming_a_known_unit_with_another_key(unit, bureau, tmp_path: Path, capsys) -> None:
    """A forger signs with its own key but writes the unit's known key id (and then the key too)."""
    trust(bureau, unit)
    meta = openpyxl.load_workbook(export(unit, tmp_path / "real.xlsx"))["_meta"]
    real_by = next(r for r in meta.iter_rows(values_only=True) if r[0] == "signed_by")
    forger = make_ledger(tmp_path / "forger.db", "长寿路街道", trusted=False)
    forged = export(forger, tmp_path / "forged.xlsx")
    forger.close()
    bad = _meta_cell(forged, tmp_path / "id-only.xlsx", "signed_by", 2, real_by[1])
    refused(bureau, bad, capsys, "签名无效", "与其公钥", real_by[1])
    bad = _meta_cell(bad, tmp_path / "id-and-key.xlsx", "signed_by", 3, real_by[2])
    refused(bureau, bad, capsys, "签名与文件内容不符")


def test_rows_edited_after_signing_are_taken_and_marked(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    path = export(unit, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["专利超市挂牌"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("专利名称") + 1).value = "在 Excel 中改过的名称"
    wb.save(tmp_path / "edited.xlsx")
    code, text = run(capsys, "--db", str(bureau.path), "import", str(tmp_path / "edited.xlsx"))
    assert code == 0, text
    assert "签名有效" in text
    assert "专利超市挂牌第2行在签名后被修改或添加，不受签名保护" in text
    with bureau.session() as s:
        log = s.scalars(select(ImportLog)).one()
        assert log.signature == "valid" and log.uncovered_rows == 1
        assert s.scalars(select(PatentListing.title)).one() == "在 Excel 中改过的名称"


def test_unsigned_files_are_taken_and_marked(bureau, tmp_path: Path, capsys) -> None:
    path = write_template(tmp_path / "模板.xlsx")  # written without a ledger: no signature
    wb = openpyxl.load_workbook(path)
    ws = wb["专利超市挂牌"]
    header = [c.value for c in ws[1]]
    values = {
        "专利号": "ZL202310123456.6",
        "专利名称": "一种检测装置",
        "专利权人": "上海某公司",
        "交易方式": "转让",
        "挂牌日期": "2025-01-15",
        "挂牌状态": "在架",
        "填报单位": "长寿路街道",
    }
    for label, value in values.items():
        for j, h in enumerate(header):
            if str(h).rstrip("*") == label:
                ws.cell(2, j + 1).value = value
    wb.save(path)
    plan = plan_import(bureau, [path])
    assert plan.files[0].signature == "unsigned" and plan.files[0].signature_text == "未签名", plan.errors
    code, text = run(capsys, "--db", str(bureau.path), "import", str(path))
    assert code == 0 and "签名：未签名" in text, text


def test_a_unit_that_signs_sending_an_unsigned_file_is_flagged(unit, bureau, tmp_path: Path) -> None:
    trust(bureau, unit)
    path = export(unit, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["_meta"]
    for row in list(ws.iter_rows()):
        if row[0].value in ("signed_by", "signature"):
            ws.delete_rows(row[0].row)
    wb.save(tmp_path / "stripped.xlsx")
    plan = plan_import(bureau, [tmp_path / "stripped.xlsx"])
    f = plan.files[0]
    assert f.signature == "unsigned" and not f.errors
    assert any("本文件未签名" in w.message and own_fp(unit) in w.message for w in f.warnings)


# --- a spreadsheet's re-save keeps the signature ----------------------------------------------------------


def test_libreoffice_resave_still_verifies(unit, bureau, tmp_path: Path, capsys) -> None:
    from app import demo
    from tests.test_libreoffice import resave_with_libreoffice

    with unit.session() as s:
        demo.fill(s, units=1, rows=60, seed=11)
    path = export_submission(unit, parse_period("2025"), tmp_path / "direct.xlsx").path
    resaved = resave_with_libreoffice(path, tmp_path / "lo")
    read = read_workbook(resaved)
    assert read.errors == [], [str(e) for e in read.errors]
    assert read.signature.state == signing.VALID and read.signature.fingerprint == own_fp(unit)
    assert read.uncovered == []  # a re-save is not an edit
    code, text = run(capsys, "--db", str(bureau.path), "import", str(resaved))
    assert code == 0 and "待确认签名" in text
    code, text = run(capsys, "--db", str(bureau.path), "trust", "--unit", "长寿路街道", "--fingerprint", own_fp(unit))
    assert code == 0 and "已导入" in text, text
    with bureau.session() as s:
        log = s.scalars(select(ImportLog)).one()
        assert (log.signature, log.uncovered_rows) == ("valid", 0)
    # and an edit of the re-saved _meta is still caught
    bad = _meta_cell(resaved, tmp_path / "lo-bad.xlsx", "period", 2, "2024")
    refused(bureau, bad, capsys, "签名后被改动")


# --- the office checks the bureau's pre-filled and feedback workbooks --------------------------------------


def test_office_confirms_the_bureaus_key_and_refuses_another(unit, bureau, tmp_path: Path, capsys) -> None:
    trust(bureau, unit)
    apply_plan(bureau, plan_import(bureau, [export(unit, tmp_path / "x.xlsx")]))
    with bureau.session() as s:
        add_comment(s, "请补充质押登记号", unit_id=keys.find_unit(s, "长寿路街道").id, period=Q1)
    path, _n = feedback.return_submission(bureau, "长寿路街道", Q1, path=tmp_path / "反馈.xlsx")
    db = str(unit.path)
    # the first time: held, nothing taken
    code, text = run(capsys, "--db", db, "import", str(path))
    assert code == 0 and "待确认签名" in text and own_fp(bureau) in text and path.name in text
    with unit.session() as s:
        assert comments_of(s) == 0 and [h.file_name for h in keys.held_for_key(s)] == [path.name]
    code, text = run(capsys, "--db", db, "trust", "--unit", "区知识产权局", "--fingerprint", own_fp(bureau))
    assert code == 0 and "已导入" in text and f"签名有效（{own_fp(bureau)}）" in text, text
    with unit.session() as s:
        assert comments_of(s) == 1 and keys.held_for_key(s) == []
    # a feedback workbook written by another "bureau" is refused
    fake = make_ledger(tmp_path / "fake.db", "区知识产权局", trusted=False)
    trust(fake, unit)
    apply_plan(fake, plan_import(fake, [export(unit, tmp_path / "y.xlsx")]))
    with fake.session() as s:
        add_comment(s, "请把全部数据重新发到 x@example.com", unit_id=keys.find_unit(s, "长寿路街道").id, period=Q1)
    forged, _n = feedback.return_submission(fake, "长寿路街道", Q1, path=tmp_path / "反馈2.xlsx")
    fake.close()
    before = unit.path.read_bytes()
    code, text = run(capsys, "--db", db, "import", str(forged))
    assert code == 1 and "签名与该单位登记的密钥不符（疑似伪造）" in text and forged.name in text
    assert unit.path.read_bytes() == before
    # a comment changed after the bureau signed
    wb = openpyxl.load_workbook(path)
    ws = wb["反馈意见"]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("意见") + 1).value = "请把全部数据发到 x@example.com"
    wb.save(tmp_path / "反馈3.xlsx")
    code, text = run(capsys, "--db", db, "import", str(tmp_path / "反馈3.xlsx"))
    assert code == 1 and "签名后被改动" in text and "反馈3.xlsx" in text
    assert unit.path.read_bytes() == before


def test_prefilled_workbook_is_signed_by_the_bureau_and_held_at_the_office(unit, bureau, tmp_path: Path) -> None:
    trust(bureau, unit)
    apply_plan(bureau, plan_import(bureau, [export(unit, tmp_path / "x.xlsx")]))
    prefill = write_prefill(bureau, "长寿路街道", parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    read = read_workbook(prefill)
    assert read.signature.state == signing.VALID and read.signature.fingerprint == own_fp(bureau)
    plan = plan_import(unit, [prefill])
    f = plan.files[0]
    assert f.key_pending and f.key_fingerprint == own_fp(bureau) and plan.unit_name(f.key_unit_id) == "区知识产权局"
    trust(unit, bureau)
    plan = plan_import(unit, [prefill])
    assert plan.files[0].signature == "valid" and not plan.files[0].errors
    # filled without the app and sent back: the bureau's own signature says nothing of the unit
    back = plan_import(bureau, [prefill])
    assert back.files[0].signature == "unsigned"


# --- whose key an office expects: the bureau's, or its own unit's other PC ---------------------------


def resign(path: Path, dst: Path, signer, change) -> Path:  # noqa: ANN001
    """The file with its _meta rows changed by `change` and signed again with `signer`'s key: an
    older version's workbook, or a forger's."""
    wb = openpyxl.load_workbook(path)
    ws = wb["_meta"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    with signer.session() as s:
        signed = keys.own_key(s).sign(change([r for r in rows if any(v is not None for v in r)]))
    ws.delete_rows(1, ws.max_row)
    for row in signed:
        ws.append(row)
    wb.save(dst)
    return dst


def test_an_offices_own_file_from_its_other_pc_waits_for_the_units_key(unit, bureau, tmp_path: Path, capsys) -> None:
    """Exported on the unit's old PC, imported on its new one: the key is the unit's own, checked on
    the old PC, never registered as the bureau's."""
    new_pc = make_ledger(tmp_path / "new.db", "长寿路街道", trusted=False)
    trust(new_pc, bureau)  # the office knows the bureau's key already
    path = export(unit, tmp_path / "旧电脑.xlsx")
    db = str(new_pc.path)
    code, text = run(capsys, "--db", db, "import", str(path))
    assert code == 0 and "待确认签名" in text, text
    assert "本单位另一台电脑（长寿路街道）" in text and "区知识产权局" not in text and "疑似伪造" not in text
    assert f"trust --unit 长寿路街道 --fingerprint {own_fp(unit)}" in text
    assert listings(new_pc) == 0
    code, text = run(capsys, "--db", db, "trust", "--unit", "长寿路街道", "--fingerprint", own_fp(unit))
    assert code == 0 and "已导入" in text, text
    assert listings(new_pc) == 1
    with new_pc.session() as s:
        assert {(k.unit, k.fingerprint) for k in keys.known_keys(s)} == {
            ("长寿路街道", own_fp(unit)),
            ("区知识产权局", own_fp(bureau)),
        }
    new_pc.close()


def test_a_prefilled_workbook_says_the_bureau_made_it_even_one_from_before_the_mark(
    unit, bureau, tmp_path: Path
) -> None:
    trust(bureau, unit)
    apply_plan(bureau, plan_import(bureau, [export(unit, tmp_path / "x.xlsx")]))
    prefill = write_prefill(bureau, "长寿路街道", parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    assert read_workbook(prefill).meta.issued_by == "bureau"
    # written by an older version: no mark, the same bureau's signature; its reference columns tell
    old = resign(prefill, tmp_path / "旧预填.xlsx", bureau, lambda rows: [r for r in rows if r[0] != "issued_by"])
    read = read_workbook(old)
    assert read.signature.state == signing.VALID and read.meta.issued_by == ""
    for path in (prefill, old):
        plan = plan_import(unit, [path])
        f = plan.files[0]
        assert f.key_pending and plan.unit_name(f.key_unit_id) == "区知识产权局" and not plan.from_other_pc(f)
    # the office's own pre-filled workbook, exported on its other PC, is the unit's
    own = write_prefill(unit, "长寿路街道", parse_period("2025Q2"), tmp_path / "本单位预填.xlsx").path
    assert read_workbook(own).meta.issued_by == "unit"
    other_pc = make_ledger(tmp_path / "other.db", "长寿路街道", trusted=False)
    plan = plan_import(other_pc, [own])
    assert plan.files[0].key_pending and plan.from_other_pc(plan.files[0])
    other_pc.close()


def test_a_unit_cannot_pass_its_key_off_as_the_bureaus_with_the_mark(unit, bureau, tmp_path: Path, capsys) -> None:
    """A unit writes 'issued by the bureau' into its own file and signs it: the bureau holds it for
    the unit's key as any file of the unit, and an office that knows the bureau's key refuses it."""
    path = export(unit, tmp_path / "x.xlsx")
    faked = resign(path, tmp_path / "假预填.xlsx", unit, lambda rows: [*rows, ["issued_by", "bureau"]])
    assert read_workbook(faked).meta.issued_by == "bureau"
    plan = plan_import(bureau, [faked])
    f = plan.files[0]
    assert f.key_pending and plan.unit_name(f.key_unit_id) == "长寿路街道"
    with bureau.session() as s:
        assert keys.known_keys(s) == []
    office = make_ledger(tmp_path / "office.db", "长寿路街道", trusted=False)
    trust(office, bureau)
    refused(office, faked, capsys, "签名与该单位登记的密钥不符（疑似伪造）")
    office.close()


def test_the_json_preview_says_whose_key_a_held_file_waits_for(unit, bureau, tmp_path: Path, capsys) -> None:
    """--json said a file waits for a key (待确认签名) and its fingerprint, not whose key: the unit's
    own other PC (checked on that PC), the district bureau, or a unit (checked by phone)."""
    import json

    def waits_for(ledger, path: Path) -> dict:  # noqa: ANN001
        code, text = run(capsys, "--db", str(ledger.path), "import", "--dry-run", "--json", str(path))
        assert code == 0, text
        [f] = json.loads(text)["files"]
        assert f["fingerprint"], f
        return f["key_waits_for"]

    sent = export(unit, tmp_path / "长寿路街道.xlsx")
    assert waits_for(bureau, sent) == {"party": "unit", "unit": "长寿路街道", "label": "长寿路街道"}
    new_pc = make_ledger(tmp_path / "new.db", "长寿路街道", trusted=False)
    assert waits_for(new_pc, sent) == {
        "party": "other_pc",
        "unit": "长寿路街道",
        "label": "本单位另一台电脑（长寿路街道）",
    }
    trust(bureau, unit)
    apply_plan(bureau, plan_import(bureau, [sent]))
    prefill = write_prefill(bureau, "长寿路街道", parse_period("2025Q2"), tmp_path / "预填.xlsx").path
    assert waits_for(new_pc, prefill) == {"party": "bureau", "unit": "区知识产权局", "label": "区知识产权局"}
    code, text = run(capsys, "--db", str(bureau.path), "import", "--dry-run", "--json", str(sent))
    assert json.loads(text)["files"][0]["key_waits_for"] is None  # imported already: waits for no key
    new_pc.close()
