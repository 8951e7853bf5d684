"""The ledger holds the unit's private signing key: its file, the files SQLite keeps beside it and
its backups are readable by their owner only, on real files (POSIX permissions; Windows: nothing)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.outgoing.submission import export_submission
from app.store import backups
from app.store.ledger import Ledger
from app.vocabulary.kinds import PATENT_LISTING
from app.vocabulary.periods import parse_period
from tests.conftest import add_listing, make_ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)  # as on a UOS desktop: others may read what a program makes
    yield
    os.umask(old)


def test_a_new_ledger_and_its_backups_are_the_owners_alone(tmp_path: Path, umask_022) -> None:
    """A new ledger, its -wal and -shm and its backups were 0644: another account at a shared UOS PC
    could copy the unit's signing key and sign files as the unit. Exported workbooks stay readable."""
    path = tmp_path / "新建" / "台账.db"
    office = make_ledger(path, "长寿路街道")
    try:
        add_listing(office)
        assert mode(path.parent) == 0o700  # made by the program
        assert mode(path) == 0o600
        for side in ("台账.db-wal", "台账.db-shm"):
            assert mode(path.parent / side) == 0o600, side
        made = backups.backup_now(path)
        assert mode(made) == 0o600 and mode(made.parent) == 0o700
        with sqlite3.connect(f"{made.as_uri()}?mode=ro", uri=True) as copy:  # a whole ledger, key and all
            assert copy.execute("SELECT count(*) FROM patent_listings").fetchone()[0] == 1
        sent = export_submission(office, parse_period("2025Q1"), tmp_path / "报送.xlsx").path
        assert mode(sent) == 0o644  # a workbook is for others to open
    finally:
        office.close()


def test_an_existing_ledger_is_tightened_as_it_is_opened(tmp_path: Path, umask_022) -> None:
    """A ledger an older version made (0644, its backups folder 0755) becomes its owner's alone when
    opened; one of another account's is opened as it is, never refused for its mode."""
    path = tmp_path / "office.db"
    office = make_ledger(path, "长寿路街道")
    record = add_listing(office)
    made = backups.backup_now(path)
    office.close()
    for p in (path, made, path.with_name("office.db-wal")):
        if p.exists():
            p.chmod(0o644)
    made.parent.chmod(0o755)
    office = Ledger(path)
    try:
        with office.session() as s:
            assert s.get(PATENT_LISTING.model, record) is not None
        assert mode(path) == 0o600
        assert mode(path.with_name("office.db-wal")) == 0o600
        backups.backup_now(path)
        assert mode(made.parent) == 0o700  # the older backups in it are out of others' reach
    finally:
        office.close()
    if os.getuid() != 0:
        return  # only root can give a file to another account
    path.chmod(0o644)
    os.chown(path, 65534, 65534)  # nobody's
    office = Ledger(path)
    try:
        with office.session() as s:
            assert s.get(PATENT_LISTING.model, record) is not None
        assert mode(path) == 0o644  # not this user's to change
    finally:
        office.close()


def _shared_folder(tmp_path: Path, folder_mode: int) -> Path:
    folder = tmp_path / "共享台账"
    folder.mkdir()
    folder.chmod(folder_mode)
    return folder


def test_a_ledger_shared_through_its_group_stays_shared(tmp_path: Path, umask_022) -> None:
    """An office shares one ledger between two local accounts through their group (the ledger 0660 in a
    group-writable folder, setgid): it was made 0600 on every open, and the other account could no
    longer open it. Now the share is kept, only others' access is taken away, and the backups folder
    lets the group write its backups (taken before each import) too; a new ledger is still 0600."""
    folder = _shared_folder(tmp_path, 0o2777)  # others' access too, by mistake
    path = folder / "台账.db"
    office = make_ledger(path, "长寿路街道")
    add_listing(office)
    office.close()
    assert mode(path) == 0o600  # a new ledger is its owner's alone, shared or not
    path.chmod(0o666)  # the office shares it (others' access too, by mistake)
    path.with_name("台账.db-wal").touch(0o666)
    path.with_name("台账.db-wal").chmod(0o666)
    office = Ledger(path)
    try:
        record = add_listing(office)
        assert mode(path) == 0o660
        assert mode(path.with_name("台账.db-wal")) == 0o660
        assert mode(folder) == 0o2777  # the folder is the office's to set, not the program's
        made = backups.backup_now(path)
        assert mode(made.parent) == 0o2770  # the group writes its backups in it, others cannot look in
        assert mode(made) == 0o660  # the other account lists and restores it
        with office.session() as s:
            assert s.get(PATENT_LISTING.model, record) is not None
    finally:
        office.close()


@pytest.mark.parametrize(
    ("folder_mode", "ledger_mode"),
    [(0o775, 0o644), (0o775, 0o640), (0o755, 0o660)],
    ids=["group-reads", "group-reads-only", "folder-not-shared"],
)
def test_a_ledger_the_group_cannot_use_is_made_the_owners(tmp_path: Path, umask_022, folder_mode, ledger_mode) -> None:
    """A ledger the group may only read (a umask of 022), or one in a folder where the group cannot make
    SQLite's -wal and -shm, is no share: it becomes its owner's alone as it is opened, as before."""
    folder = _shared_folder(tmp_path, folder_mode)
    path = folder / "台账.db"
    make_ledger(path, "长寿路街道").close()
    path.chmod(ledger_mode)
    with Ledger(path) as office, office.session() as s:
        assert office.own_unit(s).name == "长寿路街道"
    assert mode(path) == 0o600


# Two local accounts of an office, in one group (no /etc/passwd entry needed): each step runs in a
# child process that has dropped root for that account, as on the PC they share.
A_UID, B_UID, OFFICE_GID = 1001, 1002, 5000


def _become(uid: int) -> None:
    """This (child) process becomes account `uid`: its own group, OFFICE_GID beside it, umask 022."""
    os.setgroups([OFFICE_GID])
    os.setgid(uid)
    os.setuid(uid)
    os.umask(0o022)


def as_account(uid: int, step: Callable[[], object]) -> str:
    """`step` run as account `uid`: what it returns, or what it raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            _become(uid)
            said = f"ok {step()!r}"
        except BaseException as exc:  # noqa: BLE001 - told to the test
            said = f"{type(exc).__name__}: {exc}"
        os.write(write, said.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        said = answer.read().decode()
    os.waitpid(pid, 0)
    return said


@pytest.fixture
def office_share() -> Iterator[Path]:
    """The office's shared folder (group OFFICE_GID, setgid 2770) with A's ledger in it, shared 0660,
    somewhere both accounts can reach (pytest's own folders are root's alone)."""
    if os.getuid() != 0:
        pytest.skip("two accounts need root to start them")
    root = Path(tempfile.mkdtemp(prefix="ipledger-share-"))
    try:
        root.chmod(0o755)
        with make_ledger(root / "warm.db", "长寿路街道", trusted=False) as warm:
            # What backups import as they are used, imported here: the accounts cannot read root's
            # virtualenv (its Python's _strptime was missing to them).
            backups.restore(warm, backups.backup_now(warm.path))
        folder = root / "共享台账"
        folder.mkdir()
        os.chown(folder, 0, OFFICE_GID)
        folder.chmod(0o2770)
        path = folder / "台账.db"
        with make_ledger(path, "长寿路街道", trusted=False) as office:
            add_listing(office)
        os.chown(path, A_UID, OFFICE_GID)
        path.chmod(0o660)
        yield path
    finally:
        shutil.rmtree(root)


def _beside_backups(path: Path) -> list[str]:
    return sorted(p.name for p in backups.backup_dir(path).iterdir() if not p.name.endswith(".db"))


def test_each_account_of_a_share_reads_and_restores_the_others_backups(office_share: Path) -> None:
    """The backups of a group-shared ledger were 0600, their owner's: in 设置 → 备份 account A saw
    B's backup (taken before B's import) as 无法读取该备份：unable to open database file and could
    not restore it; listing a backup left a -wal and -shm beside it, the lister's alone."""
    path = office_share

    def b_imports() -> str:
        with Ledger(path) as office:
            made = backups.backup_now(path)  # as before each import
            add_listing(office, patent_no="202310654321.2")
            return made.name

    def a_lists_and_backs_up() -> tuple[list[str], str]:
        with Ledger(path):
            found = [info.error for info in backups.backups(path)]
            return found, backups.backup_now(path).name

    def b_restores(name: str) -> Callable[[], object]:
        def step() -> int:
            with Ledger(path) as office:
                backups.restore(office, backups.backup_dir(path) / name)
                with office.session() as s:
                    return s.query(PATENT_LISTING.model).count()

        return step

    b_made = as_account(B_UID, b_imports)
    assert b_made.startswith("ok "), b_made
    listed = as_account(A_UID, a_lists_and_backs_up)
    assert listed.startswith("ok ([''], "), listed  # B's backup read, no 无法读取该备份
    assert _beside_backups(path) == []  # nothing left beside the backups by listing them
    a_made = listed.split("'")[-2]
    assert as_account(B_UID, b_restores(a_made)) == "ok 2"  # A's backup (B's listing in it) put back
    assert _beside_backups(path) == []


def test_an_older_versions_backups_folder_is_opened_to_the_group(office_share: Path) -> None:
    """On a ledger an older version used, the backups folder was 0700 and its backups 0600 (in WAL
    mode) until A's next backup: every import B started was refused (无法在备份文件夹…生成导入前的台账备份)
    and B's 设置 → 备份 could not read A's backups. A opening the ledger now opens them to the group."""
    path = office_share

    def a_used_an_older_version() -> None:
        folder = backups.backup_dir(path)
        folder.mkdir(mode=0o700)
        old = folder / "台账-20251001-090000-000000-manual.db"
        with sqlite3.connect(path) as ledger, sqlite3.connect(old) as copy:
            ledger.backup(copy)  # as older versions copied: in WAL mode, 0600 (umask 077 of the program)
        ledger.close()
        copy.close()
        old.chmod(0o600)
        with Ledger(path) as office:  # this version, no backup taken yet
            add_listing(office, patent_no="202310222222.2")

    def b_imports_and_lists() -> tuple[str, list[str]]:
        with Ledger(path):
            made = backups.backup_now(path)  # as before each import
            return made.name, [info.error for info in backups.backups(path)]

    assert as_account(A_UID, a_used_an_older_version) == "ok None"
    said = as_account(B_UID, b_imports_and_lists)
    assert said.startswith("ok (") and said.endswith(", ['', ''])"), said
    assert _beside_backups(path) == []  # A's older copy, in WAL mode, read leaving nothing beside it


@contextlib.contextmanager
def open_by(uid: int, path: Path) -> Iterator[None]:
    """Account `uid` has the ledger open meanwhile (a listing written, the window left open)."""
    ready_read, ready_write = os.pipe()
    done_read, done_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(ready_read)
        os.close(done_write)
        try:
            _become(uid)
            with Ledger(path) as office:
                add_listing(office, patent_no="202310222222.2")
                os.write(ready_write, b"ok")
                os.read(done_read, 1)
        except BaseException as exc:  # noqa: BLE001 - told to the test
            os.write(ready_write, f"{type(exc).__name__}: {exc}".encode())
        os._exit(0)
    os.close(ready_write)
    os.close(done_read)
    try:
        said = os.read(ready_read, 4096).decode()
        assert said == "ok", said
        yield
    finally:
        os.write(done_write, b"x")
        os.waitpid(pid, 0)
        os.close(ready_read)
        os.close(done_write)


def test_a_share_without_setgid_gives_the_side_files_the_ledgers_group(office_share: Path) -> None:
    """The office's folder group-writable but without setgid: the -wal and -shm SQLite made as A opened
    the ledger got A's own group, and B could not open the ledger while A had it open (无法打开台账文件).
    A, in the ledger's group, now gives them that group."""
    path = office_share
    path.parent.chmod(0o770)

    def b_adds() -> int:
        with Ledger(path) as office:
            add_listing(office, patent_no="202310654321.2")
            with office.session() as s:
                return s.query(PATENT_LISTING.model).count()

    with open_by(A_UID, path):
        assert as_account(B_UID, b_adds) == "ok 3"  # A's listing too, not yet in the ledger file
        for side in ("台账.db-wal", "台账.db-shm"):
            assert path.with_name(side).stat().st_gid == OFFICE_GID, side
