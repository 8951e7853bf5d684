"""One place for where things are: bundled resources and the user's ledger and logs.

Resources are found next to the `resources` package, which is true in a source checkout, after
`pip install .` and inside a PyInstaller build (where the package lives under sys._MEIPASS).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import resources

APP_NAME = "IPLedger"
APP_AUTHOR = "PutuoIP"
LEDGER_ENV = "IPLEDGER_DB"


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Every file the program writes goes through here: the block writes to a temporary file
    beside `path` (same folder, so the move cannot cross disks), which replaces `path` only when
    the block ends without error. A crash, a full disk or a failed write leaves whatever stood
    under the real name before untouched, and no half-written file anywhere.

        with atomic_write(target) as tmp:
            workbook = xlsxwriter.Workbook(tmp)
            ...
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f"{path.suffix}.tmp", dir=path.parent)
    try:
        if os.name == "posix":  # mkstemp makes it the user's alone (0600): a file as any program makes it
            os.fchmod(fd, _mode_of(path))
    finally:
        os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int:
    """The permissions a file written to `path` gets: those of the file it replaces, else what the
    user's umask gives a new file (0644 as a rule) — an exported workbook or report in a shared folder
    is readable as one saved by Excel or WPS is. (A file that must stay private, the pgpass file, is
    made so inside the block.)"""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux says it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resource(name: str) -> Path:
    return Path(resources.__file__).resolve().parent / name


# platformdirs loads where a folder is asked for (~5 ms): not before the window's frame is shown
# when the ledger's place is given (--db), nor for a command that writes no log.


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_ledger_path() -> Path | str:
    """The ledger in use: IPLEDGER_DB if set (a file path or a database URL), else the place chosen
    in the window's settings (本机文件 or 数据库服务器), else ledger.db in the per-user data folder.
    A text is read by db.engine.parse_location (app.cli.common.ledger_path)."""
    return os.environ.get(LEDGER_ENV) or chosen_location() or data_dir() / "ledger.db"


def location_file() -> Path:
    """Where the window's settings keep the ledger's place (without any password: that goes to the
    user's pgpass file, where libpq looks for it)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=False)) / "location.txt"


def folders_file() -> Path:
    """Where the window keeps the folder last used for each kind of file (an export, a report, the
    files to import), for the next session: the user's own, beside location_file — never in the ledger,
    which a bureau's officers may share."""
    return location_file().with_name("folders.json")


def chosen_location() -> str | None:
    try:
        text = location_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


# What Windows refuses in a file name, path separators included, and control characters.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_DEVICE = re.compile(r"(?i)^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\.|$)")


def file_name_part(text: str) -> str:
    """`text` (a unit's name, a period code) made safe to put into a file name on Windows.

    Whatever the text, the result has no separator and no "..", so a name built from it stays in
    the folder it is joined to.
    """
    text = "".join("_" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(text))
    text = _UNSAFE_IN_FILE_NAME.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text).strip(" .")
    if _WINDOWS_DEVICE.match(text):
        text = "_" + text
    return text[:80] or "_"


def output_file(path: Path | str | None, name: str) -> Path:
    """Where a file named `name` by default is written: `path`; inside it when it is a folder (an
    existing one, or a path written with a trailing separator, ``-o 反馈/``); else the working folder."""
    if not path:
        return file_in_folder(Path.cwd(), name)
    text = str(path)
    if Path(path).is_dir() or text.endswith(("/", "\\")):
        Path(path).mkdir(parents=True, exist_ok=True)
        return file_in_folder(Path(path), name)
    return Path(path)


def file_in_folder(folder: Path, name: str) -> Path:
    """folder / name, refused (ValueError) if it would land anywhere but directly in `folder`."""
    target = Path(folder) / name
    if target.resolve().parent != Path(folder).resolve() or name != target.name:
        raise ValueError(f"文件名“{name}”不能用作 {folder} 中的文件名")
    return target
