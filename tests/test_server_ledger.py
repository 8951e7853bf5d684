"""The bureau's shared ledger on a PostgreSQL server (SPEC §13): the address, the schema, several
officers at once (real concurrent processes), and the refusal of a file on a network folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.cli.main import main
from app.outgoing.submission import export_submission
from app.store import locks
from app.store.ledger import Ledger
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from app.vocabulary.validators import patent_check_digit
from db.models import ImportLog
from db.network import linux_network_type, network_location_message, windows_network_kind
from tests.conftest import add_listing, db_arg
from tests.pgserver import PASSWORD

Q1 = parse_period("2025Q1")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the address (issue 23 item 6) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root:pw@localhost/ledger",
        "postgresql+psycopg://user:pw@/",  # no host, no database
        "postgresql+psycopg://user:pw@localhost/",  # no database
    ],
)
def test_a_database_url_is_never_taken_for_a_folder(url: str, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "--db", url, "init", "--unit", "区知识产权局")
    assert code == 1
    assert "数据库" in err and "postgresql+psycopg://用户名:密码@服务器:端口/数据库名" in err
    assert list(tmp_path.iterdir()) == []  # no folder named after the scheme, no ledger file
    monkeypatch.setenv("IPLEDGER_DB", url)
    assert run(capsys, "check")[0] == 1
    assert list(tmp_path.iterdir()) == []


def test_init_on_an_empty_server_database_and_the_cli_on_it(pg_server, tmp_path, monkeypatch, capsys) -> None:
    name = pg_server.create_database(migrated=False)  # really empty: the app's migrations make the schema
    url = pg_server.url(name)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--db", url, "init", "--unit", "区知识产权局")
    assert code == 0 and "台账位置：postgresql://ipledger:***@127.0.0.1" in out
    assert PASSWORD not in out
    code, out, _ = run(capsys, "--db", url, "check")
    assert code == 0 and "完整性：正常" in out and "区知识产权局（区局汇总）" in out
    assert list(tmp_path.iterdir()) == []
    # The password from PGPASSWORD, as libpq takes it; a wrong one is told in Chinese.
    bare = pg_server.url(name, password=False)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert run(capsys, "--db", bare, "check")[0] == 0
    monkeypatch.setenv("PGPASSWORD", "wrong")
    code, _out, err = run(capsys, "--db", bare, "check")
    assert code == 1 and "用户名或密码不正确" in err
    # …or from a pgpass file.
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path.parent / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:ipledger:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert run(capsys, "--db", bare, "check")[0] == 0


def test_the_blank_template_from_a_server_ledger(pg_server, tmp_path, capsys) -> None:
    """An officer on the shared ledger writes the blank template for a unit without the app: written
    and signed with the ledger's key, as from a file ledger (it failed: AttributeError, no template)."""
    from app.exchange.reader import read_workbook

    url = pg_server.url(pg_server.create_database(migrated=False))
    assert run(capsys, "--db", url, "init", "--unit", "区知识产权局")[0] == 0
    fp = run(capsys, "--db", url, "key")[1].strip()
    target = tmp_path / "空白模板.xlsx"
    code, out, err = run(capsys, "--db", url, "template", "-o", str(target))
    assert code == 0 and str(target) in out and err == ""
    read = read_workbook(target)
    assert read.signature.fingerprint == fp and "任务进展" in read.sheets


def test_a_database_of_another_program_is_refused(pg_server, capsys) -> None:
    import psycopg

    name = pg_server.create_database(migrated=False)
    with psycopg.connect(host=str(pg_server.folder), port=pg_server.port, user="ipledger", dbname=name) as c:
        c.execute("CREATE TABLE customers (id int)")
    code, _out, err = run(capsys, "--db", pg_server.url(name), "check")
    assert code == 1 and "不是知识产权工作台账的数据库" in err


# --- several officers at once -------------------------------------------------------------------


def _cli(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--db", url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_import_of_a_unit_and_period_waits_for_another_and_is_told_who(ledgers, tmp_path) -> None:
    street = ledgers("长寿路街道")
    add_listing(street)
    path = export_submission(street, Q1, tmp_path / "a.xlsx").path
    bureau = ledgers("区知识产权局")
    unit_id = street_unit_id(bureau)
    # Another officer's import of the same unit × period is under way (its transaction holds the lock).
    other = Ledger(bureau.location)
    try:
        with other.session() as s:
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": locks.key("unit-period", unit_id, "2025Q1")})
            proc = _cli(db_arg(bureau), "import", str(path))
            waited = ""
            deadline = time.monotonic() + 60
            while "正由" not in waited and time.monotonic() < deadline:
                waited += proc.stderr.readline()
            assert "长寿路街道 2025年第一季度的报送正由" in waited and "导入，等待其完成" in waited
            assert proc.poll() is None  # still waiting, nothing written
            with bureau.session() as s2:
                assert s2.scalar(select(func.count()).select_from(ImportLog)) == 0
        out, _err = proc.communicate(timeout=120)  # the other import ended: this one goes on
        assert proc.returncode == 0 and "已导入" in out
    finally:
        other.close()
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 1


def street_unit_id(ledger) -> int:  # noqa: ANN001
    from app.store import catalogue

    with ledger.session() as s:
        return catalogue.find_unit(s, "长寿路街道").id


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_imports_of_different_units_run_side_by_side(ledgers, tmp_path) -> None:
    bureau = ledgers("区知识产权局")
    files = []
    for unit in ("长寿路街道", "曹杨新村街道", "甘泉路街道"):
        office = ledgers(unit)
        add_listing(office, title=f"{unit}的专利")
        files.append(export_submission(office, Q1, tmp_path / f"{unit}.xlsx").path)
    runs = [_cli(db_arg(bureau), "import", str(f)) for f in files]
    results = [(p.wait(timeout=180), *p.communicate()) for p in runs]
    assert [code for code, _o, _e in results] == [0, 0, 0], results
    assert not any("正由" in err for _c, _o, err in results)  # none waited for another
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(ImportLog)) == 3
        assert s.scalar(select(func.count()).select_from(PATENT_LISTING.model)) == 3


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_an_import_killed_midway_leaves_nothing_half_written(ledgers, tmp_path) -> None:
    street = ledgers("长寿路街道")
    for i in range(150):
        digits = f"2023101{i:05d}"
        add_listing(street, patent_no=f"{digits}.{patent_check_digit(digits)}", title=f"专利{i:03d}")
    path = export_submission(street, Q1, tmp_path / "big.xlsx").path
    bureau = ledgers("区知识产权局")
    proc = _cli(db_arg(bureau), "import", str(path))
    time.sleep(2.5)  # somewhere in reading, planning or writing
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    with bureau.session() as s:
        logs = s.scalar(select(func.count()).select_from(ImportLog))
        listings = s.scalar(select(func.count()).select_from(PATENT_LISTING.model))
    assert (logs, listings) in ((0, 0), (1, 150))  # all of it or none of it
    # …and the same file imports afterwards.
    assert main(["--db", db_arg(bureau), "import", str(path)]) == 0
    with bureau.session() as s:
        assert s.scalar(select(func.count()).select_from(PATENT_LISTING.model)) == 150


# --- a network folder is refused -------------------------------------------------------------------


def test_a_ledger_on_a_network_file_system_is_refused(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "//server/share /mnt/share cifs rw 0 0\n"
        "fileserver:/export /srv/nfs nfs4 rw 0 0\n"
        "/dev/sdb1 /mnt/share/local ext4 rw 0 0\n"
    )
    assert linux_network_type(Path("/mnt/share/台账/ledger.db"), mounts) == "cifs"
    assert linux_network_type(Path("/srv/nfs/ledger.db"), mounts) == "nfs4"
    assert linux_network_type(Path("/mnt/share/local/ledger.db"), mounts) is None  # a local disk mounted inside
    assert linux_network_type(Path("/home/clerk/ledger.db"), mounts) is None
    assert windows_network_kind(r"\\fileserver\知识产权\ledger.db") == "UNC 路径"
    message = network_location_message(Path(r"\\fileserver\知识产权\ledger.db"))
    assert message and "网络文件夹" in message and "数据库服务器" in message
    assert network_location_message(tmp_path / "ledger.db") is None


def test_the_cli_refuses_a_unc_ledger(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, "--db", "//fileserver/share/ledger.db", "init", "--unit", "区知识产权局")
    assert code == 1 and "网络文件夹" in err and "数据库服务器" in err
    assert list(tmp_path.iterdir()) == []


def test_an_older_server_schema_is_upgraded(pg_server) -> None:
    from sqlalchemy.engine import make_url

    from db.engine import head_revision, open_server, stored_revision

    url = make_url(pg_server.url(pg_server.create_database(migrated=False)))
    open_server(url, revision="0003").dispose()  # a ledger made by an earlier version
    engine = open_server(url)
    try:
        assert stored_revision(engine) == head_revision()
        with Ledger(url) as ledger:
            ledger.setup("区知识产权局")
            assert ledger.role == "bureau"
    finally:
        engine.dispose()


def test_officers_opening_a_new_server_database_at_once_set_it_up_once(pg_server) -> None:
    url = pg_server.url(pg_server.create_database(migrated=False))
    runs = [_cli(url, "check") for _ in range(3)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in runs]
    assert all("Traceback" not in err and "IntegrityError" not in err for _c, _o, err in results), results
    assert [code for code, _o, _e in results] == [0, 0, 0], results


def test_which_folders_may_answer_slowly(tmp_path: Path) -> None:
    """The folders whose existence is not asked from the window (a server that is off makes Windows
    wait 20–40 s): decided from the path, the drive's type and the mount table alone."""
    from db.network import DRIVE_REMOTE, may_answer_slowly

    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n//server/share /mnt/share cifs rw 0 0\n")
    drives = {"Z:\\": DRIVE_REMOTE, "C:\\": 3, "D:\\": 2}.get  # a mapped drive, a disk, a USB stick

    def drive_type(root: str) -> int:
        return drives(root, 1)  # 1: no such drive (not mapped today)

    cases = [
        (r"\\fileserver\知识产权\报送", True, True),  # UNC, on Windows
        ("//fileserver/知识产权/报送", True, True),  # as Qt's file dialog writes it
        (r"\\?\UNC\fileserver\报送", True, True),
        (r"Z:\报送", True, True),  # a network drive, its server off or not
        (r"C:\Users\clerk\Documents\报送", True, False),
        (r"D:\报送", True, False),
        (r"Y:\报送", True, False),  # a drive not mapped today: Windows answers at once
        ("/mnt/share/报送", False, True),  # a network file system mounted on UOS
        ("/home/clerk/文档/报送", False, False),
        (r"\\fileserver\知识产权", False, True),
    ]
    for folder, on_windows, slow in cases:
        assert may_answer_slowly(folder, on_windows, drive_type, mounts) is slow, folder
