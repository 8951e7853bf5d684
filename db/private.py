"""The ledger's files are its owner's alone: a ledger holds the unit's private signing key
(app.store.keys), so on a PC several accounts share (a UOS street office) another account must not
copy the ledger, its -wal/-shm or its backups and sign files as the unit. New ones are made 0600 in
folders the program makes 0700; an existing ledger of this user's is tightened as it is opened,
never refused for its mode. Windows: nothing (its folders under the user's profile are private)."""

from __future__ import annotations

import contextlib
import os
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


def tighten(path: Path) -> None:
    """A file or folder of this user's that others may read becomes its owner's alone; another's,
    a missing one, or one whose mode cannot be changed (a read-only medium) is left as it is."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        st = path.stat()
        private = FOLDER_MODE if path.is_dir() else FILE_MODE
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            os.chmod(path, st.st_mode & private)


def tighten_ledger(path: Path) -> None:
    """A ledger file and what SQLite keeps beside it, as the ledger is opened."""
    tighten(path)
    for suffix in SIDE_FILES:
        tighten(path.with_name(path.name + suffix))
