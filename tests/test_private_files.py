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
