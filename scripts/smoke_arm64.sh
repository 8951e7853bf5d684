#!/usr/bin/env bash
# Smoke test of the source on ARM64 (统信 UOS / 银河麒麟 on Kunpeng, Phytium): an arm64 Debian 12 root
# made with debootstrap, run on this x86_64 machine under qemu-user-static (binfmt), with Debian's
# python3 (3.11) and the project's dependencies from PyPI (PySide6's aarch64 wheels). Runs the command
# line (init, demo, export, import, consolidate, report) and grabs the window offscreen into
# dist/linux/arm64-window.png (look at it).
#
#   bash scripts/smoke_arm64.sh            (as root or with sudo: debootstrap and chroot)
#   SMOKE_ARM64_FULL=1 bash scripts/smoke_arm64.sh   also runs the tests of the command line there
#
# The root with its venv is kept as a tarball in /var/cache/ipledger-ci, keyed on its Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian_root.sh

SUITE=bookworm
ARCH=arm64
PACKAGES=(
  python3 python3-venv ca-certificates
  # what Qt loads (offscreen platform, fonts, the report's PDF writer) and a Chinese font
  libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0 libgl1 libegl1 fonts-wqy-microhei
)

start=$(date +%s)
host_tools qemu-user-static
# binfmt: the kernel hands arm64 programs to qemu (the F flag opens the emulator now, so it works in a chroot)
[ -e /proc/sys/fs/binfmt_misc/register ] || as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || as_root sh -c 'cat /usr/lib/binfmt.d/qemu-aarch64.conf >/proc/sys/fs/binfmt_misc/register'
exec 9>"$CACHE/lock-arm64"
flock 9
ROOT="$CACHE/work-arm64/root"
trap umount_all EXIT
for m in root/.cache/pip var/cache/apt/archives dev proc; do as_root umount -l "$ROOT/$m" 2>/dev/null || true; done

# The root and its venv are kept keyed on the Debian packages only: pip under emulation is slow, so
# each run brings the venv up to the project's requirements (only what changed is installed).
key=$(key_of smoke-v1 "$SUITE" "$ARCH" "${PACKAGES[@]}" pytest pytest-qt hypothesis)
tarball="$CACHE/$SUITE-$ARCH-smoke-$key.tar.zst"
if [ ! -s "$tarball" ]; then
  t=$(date +%s)
  make_base "$SUITE" "$ARCH" "$ROOT"
  echo "arm64 base root in $(elapsed "$t")"
  mount_root "$ROOT" "$SUITE-$ARCH"
  apt_in_root "$ROOT" "${PACKAGES[@]}"
  project_requirements >"$ROOT/requirements.txt"
  in_root "$ROOT" python3 -m venv /venv
  in_root "$ROOT" /venv/bin/python -m pip install -q --upgrade pip
  in_root "$ROOT" /venv/bin/python -m pip install -q -r /requirements.txt pytest pytest-qt hypothesis
  umount_all
  pack "$ROOT" "$tarball"
  echo "arm64 root with the dependencies made in $(elapsed "$t") (kept in $tarball)"
else
  unpack "$tarball" "$ROOT"
fi
mount_root "$ROOT" "$SUITE-$ARCH"
t=$(date +%s)
project_requirements >"$ROOT/requirements.txt"
in_root "$ROOT" /venv/bin/python -m pip install -q -r /requirements.txt
echo "arm64 venv up to date with pyproject.toml in $(elapsed "$t")"
in_root "$ROOT" /venv/bin/python -c "import platform, PySide6, sys; print('python', sys.version.split()[0], \
  platform.machine(), 'glibc', platform.libc_ver()[1], 'PySide6', PySide6.__version__)"

t=$(date +%s)
copy_source "$ROOT/src"
cp -r tests "$ROOT/src/" && rm -rf "$ROOT/src/tests/__pycache__"
cat >"$ROOT/src/arm64_smoke.sh" <<'EOF'
set -eu
cd /src
py() { /venv/bin/python -m app "$@"; }
s=/tmp/smoke && rm -rf $s && mkdir -p $s
py --version
py --db $s/office.db init --unit 长寿路街道
py --db $s/office.db demo --units 2 --rows 40
for q in 2025Q1 2025Q2; do py --db $s/office.db export --period $q -o $s/长寿路街道-$q.xlsx; done
py --db $s/bureau.db init --unit 区知识产权局
py --db $s/bureau.db import $s/长寿路街道-2025Q1.xlsx $s/长寿路街道-2025Q2.xlsx >$s/import.txt
grep -q 长寿路街道 $s/import.txt
py --db $s/bureau.db consolidate --period 2025 -o $s/汇总.xlsx
test -s $s/汇总.xlsx
py --db $s/office.db report --period 2025 -o $s/report.pdf
test -s $s/report.pdf
QT_QPA_PLATFORM=offscreen /venv/bin/python - $s/bureau.db /tmp/arm64-window.png <<'PY'
import sys
from pathlib import Path

from app.store.ledger import Ledger
from app.ui.main import install_translators, make_app
from app.ui.window import MainWindow

app = make_app()
install_translators(app, "zh_CN")
window = MainWindow(Ledger(Path(sys.argv[1])))
window.resize(1366, 768)
window.show()
app.processEvents()
assert window.grab().save(sys.argv[2]), "the window grab was not saved"
print("window grabbed:", sys.argv[2])
PY
EOF
in_root "$ROOT" sh /src/arm64_smoke.sh
mkdir -p dist/linux
cp "$ROOT/tmp/arm64-window.png" dist/linux/arm64-window.png
echo "arm64 command line and window in $(elapsed "$t"): dist/linux/arm64-window.png"
if [ "${SMOKE_ARM64_FULL:-}" = 1 ]; then
  t=$(date +%s)
  in_root "$ROOT" sh -c 'cd /src && QT_QPA_PLATFORM=offscreen /venv/bin/python -m pytest -q -x -p no:cacheprovider \
    tests/test_cli.py tests/test_workbook.py'
  echo "arm64 tests in $(elapsed "$t")"
fi
umount_all
echo "smoke_arm64 OK in $(elapsed "$start")"
