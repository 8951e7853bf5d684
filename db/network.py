"""Refusing an SQLite ledger on a network folder (SPEC §13): SQLite's locking does not hold over SMB
or NFS, and two officers writing one file there corrupt it. A shared ledger lives on a server."""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Callable
from pathlib import Path

NETWORK_FILE_SYSTEMS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "fuse.sshfs",
                        "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "lustre"}  # fmt: skip

ADVICE = (
    "台账文件 {path} 位于网络文件夹（{where}）。多台电脑通过网络共享同一个台账文件会损坏数据，"
    "本程序不在网络文件夹中打开台账。请把台账放在本机磁盘上；需要多人同时使用时，"
    "请在 设置 → 台账位置 中选择“数据库服务器”（如 PostgreSQL）。"
)


def _mount_point_type(path: Path, mounts: str) -> str | None:
    """The file system type of the longest mount point containing path, from /proc/mounts text."""
    best, kind = "", None
    target = str(path)
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def linux_network_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    try:
        mounts = mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    kind = _mount_point_type(path, mounts)
    return kind if kind and kind.lower() in NETWORK_FILE_SYSTEMS else None


DRIVE_REMOTE = 4  # GetDriveTypeW: a network drive


def _drive_type(root: str) -> int:
    """Windows' type of a drive (C:\\), known locally: a mapped drive whose server is off answers at once."""
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]


def windows_network_kind(
    path: str, on_windows: bool | None = None, drive_type: Callable[[str], int] = _drive_type
) -> str | None:
    if path.startswith(("\\\\", "//")):
        return "UNC 路径"
    if not (sys.platform == "win32" if on_windows is None else on_windows):
        return None
    drive = ntpath.splitdrive(path)[0]
    if not drive:
        return None
    if drive_type(drive + "\\") == DRIVE_REMOTE:
        return f"网络驱动器 {drive}"
    return None


def may_answer_slowly(
    folder: str,
    on_windows: bool | None = None,
    drive_type: Callable[[str], int] = _drive_type,
    mounts_file: Path = Path("/proc/mounts"),
) -> bool:
    """Whether asking the system about `folder` (does it exist?) may wait on a network: Windows takes
    20–40 s to give up on a server that is off. A UNC path, a network drive, a folder on a network file
    system (Linux). Decided without touching the folder: a drive's type and the mount table are local."""
    on_windows = sys.platform == "win32" if on_windows is None else on_windows
    if windows_network_kind(folder, on_windows, drive_type):
        return True
    return not on_windows and linux_network_type(Path(os.path.abspath(folder)), mounts_file) is not None


def _existing(path: Path) -> Path:
    """The ledger file, or the nearest folder of it that exists (a new ledger's folder)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def network_location_message(path: Path) -> str | None:
    """The refusal for a ledger file on a network folder, None for a local one."""
    raw = str(path)
    kind = windows_network_kind(raw)
    if kind is None and sys.platform.startswith("linux"):
        try:
            resolved = _existing(path.expanduser().absolute()).resolve()
        except OSError:
            return None
        fs = linux_network_type(resolved)
        kind = f"网络文件系统 {fs}" if fs else None
    return ADVICE.format(path=path, where=kind) if kind else None
