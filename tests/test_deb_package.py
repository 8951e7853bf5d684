"""The 信创 Linux package (SPEC §14): what an office's UOS/Kylin PC gets from `dpkg -i`.

The checks of the .deb itself run when `bash scripts/build_deb.sh` has written it (CI builds it before
running this file again); the glibc checker is tested on this machine's own programs either way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]
DEB = ROOT / "dist" / "linux" / f"ipledger_{__version__}_amd64.deb"
sys.path.insert(0, str(ROOT / "tools"))
import glibc_floor  # noqa: E402

needs_objdump = pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) is not installed")
needs_deb = pytest.mark.skipif(not DEB.exists(), reason=f"{DEB.name} not built (bash scripts/build_deb.sh)")


def floor_check(path: Path, limit: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "glibc_floor.py"), str(path), "--max", limit],
        capture_output=True,
        text=True,
    )


@needs_objdump
def test_floor_check_fails_on_a_newer_glibc_and_names_file_and_symbol(tmp_path):
    # this machine's own `true` needs some GLIBC_2.x symbol: a limit below it must fail the check
    shutil.copy(shutil.which("true"), tmp_path / "true")
    (tmp_path / "notes.txt").write_text("not an ELF file")
    report = glibc_floor.scan(tmp_path)
    assert report.files == 1 and report.glibc is not None
    found = report.glibc.label
    result = floor_check(tmp_path, "2.0")
    assert result.returncode == 1
    assert f"glibc floor: {found} — true needs " in result.stdout
    assert f"@GLIBC_{found}" in result.stdout
    assert "newer than the allowed 2.0" in result.stderr
    assert floor_check(tmp_path, found).returncode == 0


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("deb")
    subprocess.run(["dpkg-deb", "-x", str(DEB), str(folder)], check=True)
    return folder


def control_field(name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(DEB), name], capture_output=True, text=True, check=True).stdout


@needs_deb
@needs_objdump
def test_no_elf_file_in_the_package_needs_glibc_newer_than_2_31(unpacked):
    report = glibc_floor.scan(unpacked)
    assert report.files > 50  # the program, CPython, Qt and its plugins
    assert report.glibc is not None
    worst = report.glibc
    assert worst.version <= (2, 31), f"{worst.file} needs {worst.symbol}@GLIBC_{worst.label}"


@needs_deb
def test_package_installs_under_opt_with_launcher_and_desktop_entry(unpacked):
    assert control_field("Package").strip() == "ipledger"
    assert control_field("Version").strip() == __version__
    assert control_field("Architecture").strip() == "amd64"
    program = unpacked / "opt" / "ipledger" / "ipledger"
    assert program.is_file() and program.stat().st_mode & 0o111
    launcher = (unpacked / "usr" / "bin" / "ipledger").read_text()
    assert "exec /opt/ipledger/ipledger" in launcher
    entry = (unpacked / "usr" / "share" / "applications" / "ipledger.desktop").read_text(encoding="utf-8")
    assert re.search(r"^Name=知识产权工作台账$", entry, re.M)
    assert re.search(r"^Exec=/usr/bin/ipledger gui$", entry, re.M)
    icon = re.search(r"^Icon=(\S+)$", entry, re.M).group(1)
    assert (unpacked / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{icon}.png").is_file()
    # nothing the user writes goes under /opt: the ledger is in the user's data folder
    assert not list((unpacked / "opt").rglob("*.db"))


@needs_deb
def test_package_depends_on_a_chinese_font_and_the_xcb_libraries():
    depends = [d.strip() for d in control_field("Depends").replace("\n", " ").split(",")]
    fonts = next(d for d in depends if "fonts-wqy-microhei" in d)
    assert "fonts-noto-cjk" in fonts and "ttf-wqy-zenhei" in fonts  # any one Chinese font will do
    for library in ("libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-xinerama0", "libegl1"):
        assert library in depends
    assert "libc6 (>= 2.31)" in depends
