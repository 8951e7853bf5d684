"""The ledger holds the unit's private signing key: its file, the files SQLite keeps beside it and
its backups are readable by their owner only, on real files (POSIX permissions; Windows: nothing)."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
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
        assert mode(made) == 0o600
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
