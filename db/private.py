"""The ledger's files are its owner's alone: a ledger holds the unit's private signing key
(app.store.keys), so on a PC several accounts share (a UOS street office) another account must not
copy the ledger, its -wal/-shm or its backups and sign files as the unit. New ones are made 0600 in
folders the program makes 0700; an existing ledger of this user's is tightened as it is opened,
never refused for its mode. Windows: nothing (its folders under the user's profile are private).

An office may share one ledger between two local accounts on purpose, through a group: the ledger
group-writable (0660) in a group-writable folder, where either account's SQLite can make the -wal
and -shm, with setgid or by accounts of the ledger's group (what one makes goes to that group, so
the other can open it). Such a share is kept: only what "others" may do is taken away, from the
ledger, its side files, its backups folder (2770: the other account writes into it before an import)
and its backups (0660: either account lists and restores the other's). A ledger the group may only
read (0644, what a umask of 022 makes) is no share: it becomes 0600."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a ledger (same mode as the ledger)


def make_folder(folder: Path) -> None:
    """The folder (and its missing parents) made if missing; the one made last is its owner's alone."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def create_file(path: Path) -> None:
    """An empty file made as its owner's alone before SQLite writes into it (SQLite makes a file
    0644 less the umask, and its -wal and -shm with the mode of the database file). Nothing if
    it exists already, or if it cannot be made (SQLite then says why, as it did)."""
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def share_group(ledger: Path) -> int | None:
    """The group a ledger is deliberately shared through, or None: the file and its folder are both
    group-writable (a group that may only read cannot use a ledger in WAL mode: it is no share), and
    what this account makes beside it (the -wal/-shm, backups) goes to that group: the folder has
    setgid, or this account is in the ledger's group and gives them to it. A group-writable folder
    without either is no share: the other account could not open the side files this one made."""
    if os.name == "nt":
        return None
    try:
        st = ledger.stat()
        folder = ledger.parent.stat()
    except OSError:
        return None
    if not st.st_mode & folder.st_mode & stat.S_IWGRP:
        return None
    if folder.st_mode & stat.S_ISGID or os.geteuid() == 0 or st.st_gid in (os.getegid(), *os.getgroups()):
        return st.st_gid
    return None


def shared_with_group(ledger: Path) -> bool:
    return share_group(ledger) is not None


def tighten(path: Path, group: int | None = None) -> None:
    """A file or folder of this user's that others may read becomes its owner's alone (with `group`,
    a shared ledger's: that group's too, and given to it); another's, a missing one, or one whose mode
    cannot be changed (a read-only medium) is left as it is."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        st = path.stat()
        if st.st_uid != os.getuid():
            return
        folder = path.is_dir()
        private = FOLDER_MODE if folder else FILE_MODE
        if group is not None:  # the group's as the owner's; a folder's setgid (its files go to the group) kept
            private |= (private >> 3) | (stat.S_ISGID if folder else 0)
            if st.st_gid != group:  # made by SQLite or this program with this account's own group
                os.chown(path, -1, group)
        if stat.S_IMODE(st.st_mode) & ~private:
            os.chmod(path, stat.S_IMODE(st.st_mode) & private)


def tighten_ledger(path: Path) -> None:
    """A ledger file and what SQLite keeps beside it, as the ledger is opened (and again once each
    connection has made its -wal/-shm: SQLite gives them this account's own group, not the folder's
    unless it has setgid, and the share's other account could not open the ledger while this one had
    it open)."""
    group = share_group(path)
    tighten(path, group)
    for suffix in SIDE_FILES:
        tighten(path.with_name(path.name + suffix), group)


def make_backup_folder(folder: Path, ledger: Path) -> None:
    """The ledger's backups folder, as private as the ledger: an older version's (0755) is tightened
    (its backups hold the signing key too)."""
    make_folder(folder)
    share_backup_folder(folder, ledger)


def share_backup_folder(folder: Path, ledger: Path) -> None:
    """A group share's backups folder lets the group write its backups too (the other account backs up
    before its imports) and read them (设置 → 备份 lists and restores either account's): 2770, the
    ledger's group, and this account's backups in it the ledger's group mode. Done by the owner as the
    ledger is opened too: an older version made the folder 0700, its backups 0600. Others lose access."""
    group = share_group(ledger)
    if group is not None:
        with contextlib.suppress(OSError):
            st = folder.stat()
            if st.st_uid == os.getuid():
                if st.st_gid != group:
                    os.chown(folder, -1, group)
                os.chmod(folder, (stat.S_IMODE(st.st_mode) & 0o770) | FOLDER_MODE | 0o070 | stat.S_ISGID)
        with contextlib.suppress(OSError):
            for backup in folder.glob(f"{ledger.stem}-*.db"):
                share_file(backup, ledger)
    tighten(folder, group)


def share_file(path: Path, ledger: Path) -> None:
    """A file of this account's made beside a shared ledger (a backup) takes the ledger's group and its
    group mode, so the other account may read (restore) it; a private ledger's stays the owner's."""
    group = share_group(ledger)
    if group is None:
        return
    with contextlib.suppress(OSError):
        st = path.stat()
        if st.st_uid != os.getuid():
            return
        if st.st_gid != group:
            os.chown(path, -1, group)
        os.chmod(path, FILE_MODE | (ledger.stat().st_mode & 0o060))
