"""The oldest glibc a built program runs on: the newest GLIBC_x.y symbol version its ELF files need.

    python tools/glibc_floor.py PATH [--max 2.31]

PATH is a folder (a PyInstaller build) or a .deb (unpacked with dpkg-deb into a temporary folder).
Every ELF file under it is read with `objdump -T`; the undefined (needed) symbols carry the glibc
version they were linked against. Prints the floor with the file and symbol that set it, the worst
few files, and the newest GLIBCXX (libstdc++) version needed, for information. Exit code 1 when the
floor is newer than --max (the build fails), 0 otherwise. Standard library only: it runs on the
build machine's Python, in or outside a virtual environment.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# e.g. "0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.34) __libc_start_main"
_NEEDED = re.compile(r"\*UND\*\s+\S+\s+(?:\S+\s+)?\(?(GLIBC|GLIBCXX|CXXABI)_([0-9][0-9.]*)\)?\s+(\S+)")


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@dataclass(frozen=True)
class Need:
    version: tuple[int, ...]
    file: str
    symbol: str

    @property
    def label(self) -> str:
        return ".".join(map(str, self.version))


@dataclass
class Report:
    files: int
    glibc: Need | None  # the newest GLIBC_ version any file needs
    glibcxx: Need | None  # the newest GLIBCXX_ version (libstdc++), for information
    worst_files: list[Need]  # per file, its newest GLIBC_ need, newest first


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needs_of(path: Path) -> dict[str, Need]:
    """The newest needed version of each family (GLIBC, GLIBCXX, CXXABI) in one ELF file."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, errors="replace")
    worst: dict[str, Need] = {}
    for line in out.stdout.splitlines():
        m = _NEEDED.search(line)
        if not m:
            continue
        family, version, symbol = m.group(1), version_tuple(m.group(2)), m.group(3)
        if family not in worst or version > worst[family].version:
            worst[family] = Need(version, str(path), symbol)
    return worst


def scan(root: Path) -> Report:
    elf_files = sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))
    glibc: Need | None = None
    glibcxx: Need | None = None
    per_file: list[Need] = []
    for path in elf_files:
        worst = needs_of(path)
        rel = lambda need: Need(need.version, os.path.relpath(need.file, root), need.symbol)  # noqa: E731
        if "GLIBC" in worst:
            need = rel(worst["GLIBC"])
            per_file.append(need)
            if glibc is None or need.version > glibc.version:
                glibc = need
        if "GLIBCXX" in worst:
            need = rel(worst["GLIBCXX"])
            if glibcxx is None or need.version > glibcxx.version:
                glibcxx = need
    per_file.sort(key=lambda n: (n.version, n.file), reverse=True)
    return Report(len(elf_files), glibc, glibcxx, per_file)


def scan_path(path: Path) -> Report:
    if path.is_dir():
        return scan(path)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(path), tmp], check=True)
        return scan(Path(tmp))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a folder or a .deb")
    parser.add_argument("--max", default=None, help="the newest glibc allowed, e.g. 2.31 (exit 1 beyond it)")
    parser.add_argument("--top", type=int, default=5, help="how many of the worst files to list")
    args = parser.parse_args(argv)
    report = scan_path(args.path)
    print(f"{report.files} ELF files in {args.path}")
    if report.glibc is None:
        print("glibc floor: none (no file needs a versioned glibc symbol)")
    else:
        g = report.glibc
        print(f"glibc floor: {g.label} — {g.file} needs {g.symbol}@GLIBC_{g.label}")
        for need in report.worst_files[: args.top]:
            print(f"  GLIBC_{need.label:<6} {need.symbol:<28} {need.file}")
    if report.glibcxx is not None:
        x = report.glibcxx
        print(f"libstdc++ floor: GLIBCXX_{x.label} — {x.file} needs {x.symbol}")
    if args.max and report.glibc is not None and report.glibc.version > version_tuple(args.max):
        print(f"FAILED: glibc {report.glibc.label} is newer than the allowed {args.max}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
