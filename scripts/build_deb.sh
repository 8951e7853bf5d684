#!/usr/bin/env bash
# Build the 信创 Linux package: dist/linux/ipledger_<version>_amd64.deb for 统信 UOS / 银河麒麟 (x86_64).
#
#   bash scripts/build_deb.sh        (as root or with sudo: it uses debootstrap and chroot)
#
# The frozen program must run on glibc 2.31 (UOS and Kylin of 2021 on), so it is not built on this
# machine's newer Debian: it is built in a Debian 11 (bullseye, glibc 2.31) root made with debootstrap,
# with CPython 3.11 compiled there (Debian 12's python3.11 source with its security patches: Debian 11
# has only 3.9) and PySide6 6.9.3 (the last line whose x86_64 wheels need only glibc 2.28). PyInstaller
# makes the one-folder build there, tools/glibc_floor.py checks with objdump -T that no ELF file needs
# a glibc symbol newer than 2.31 (the build fails otherwise, naming the file and symbol), and the
# package is installed with apt into a clean bullseye root and run there as an ordinary user.
#
# Caches (kept between runs, keyed on what went into them) are in /var/cache/ipledger-ci.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/debian_root.sh

GLIBC_MAX=2.31
SUITE=bullseye
PYSIDE=6.9.3
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
OUT=dist/linux/ipledger_${VERSION}_amd64.deb
# what the build root needs: compilers and headers for CPython, and the libraries Qt loads (PyInstaller
# imports Qt to find its plugins and bundles the libraries they need from this root)
BUILD_PACKAGES=(
  build-essential libssl-dev zlib1g-dev libffi-dev libsqlite3-dev libbz2-dev liblzma-dev libexpat1-dev
  uuid-dev ca-certificates dpkg-dev
  libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libx11-6 libx11-xcb1 libxkbcommon0
  libxkbcommon-x11-0 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0
  libxcb-render0 libgl1 libegl1
)
# what the package asks of the machine it is installed on: a Chinese font, the X libraries Qt's xcb
# platform needs (Qt's "X11 Requirements"), OpenGL/EGL from the graphics stack, glibc 2.31
DEPENDS="libc6 (>= 2.31), fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei | ttf-wqy-zenhei | fonts-arphic-ukai,
 libxcb1, libx11-xcb1, libxcb-cursor0, libxkbcommon-x11-0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,
 libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libegl1, libgl1,
 libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0 | libglib2.0-0t64"

start=$(date +%s)
host_tools
exec 9>"$CACHE/lock-deb"
flock 9  # one build at a time uses the cache and its roots
WORK="$CACHE/work-deb"
BUILD="$WORK/build-root"
TEST="$WORK/test-root"
trap umount_all EXIT
umount_all
for d in "$BUILD" "$TEST"; do for m in root/.cache/pip var/cache/apt/archives dev proc; do
  as_root umount -l "$d/$m" 2>/dev/null || true; done; done

# 1. The build root with CPython 3.11 (made once, kept as a tarball).
py_key=$(key_of python-v1 "$SUITE" "${BUILD_PACKAGES[@]}" "$(sed -n '/^build_python()/,/^}/p' "$0")")
py_tarball="$CACHE/$SUITE-amd64-python311-$py_key.tar.zst"
build_python() {
  # the source of Debian 12's python3.11 (3.11.2), with the upstream fixes Debian backported
  # (the part of its patch series from shutdown-deadlock.diff on; the rest is Debian's own layout)
  in_root "$BUILD" sh -c 'mkdir -p /build/py && cd /build/py && apt-get source --download-only -q python3.11 >/dev/null'
  in_root "$BUILD" sh -ec '
    cd /build/py && mkdir src && tar -xzf python3.11_*.orig.tar.gz -C src --strip-components=1
    tar -xJf python3.11_*.debian.tar.xz -C src && cd src
    for p in $(sed -n "/^shutdown-deadlock.diff/,\$p" debian/patches/series); do
      patch -p1 -s --forward -i debian/patches/$p
    done
    # a backported fix includes a core header in pyexpat.c, which Debian builds into the interpreter
    sed -i "1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif" Modules/pyexpat.c
    ./configure -q --prefix=/opt/python3.11 --enable-shared --with-system-expat --without-ensurepip \
      LDFLAGS="-Wl,-rpath,/opt/python3.11/lib" >/build/py/configure.log
    make -j"$(nproc)" -s >/build/py/make.log 2>&1 || { tail -40 /build/py/make.log; exit 1; }
    grep -A3 "Failed to build these modules" /build/py/make.log && exit 1
    make -s altinstall >/build/py/install.log 2>&1
    /opt/python3.11/bin/python3.11 -m ensurepip >/dev/null
    /opt/python3.11/bin/python3.11 -c "import ssl, sqlite3, lzma, bz2, ctypes, zlib, pyexpat, xml.etree.ElementTree"
    cd / && rm -rf /build/py'
}
if [ ! -s "$py_tarball" ]; then
  t=$(date +%s)
  make_base "$SUITE" amd64 "$BUILD"
  echo "deb-src $MIRROR bookworm main" >"$BUILD/etc/apt/sources.list.d/python-source.list"
  mount_root "$BUILD" "$SUITE-amd64"
  apt_in_root "$BUILD" "${BUILD_PACKAGES[@]}"
  build_python
  umount_all
  pack "$BUILD" "$py_tarball"
  echo "build root with CPython 3.11 made in $(elapsed "$t") (kept in $py_tarball)"
else
  unpack "$py_tarball" "$BUILD"
fi
mount_root "$BUILD" "$SUITE-amd64"

# 2. The project's dependencies in a venv there (wheels from pip's cache), PyInstaller, the build.
t=$(date +%s)
project_requirements >"$BUILD/build-requirements.txt"
printf 'PySide6-Essentials==%s\nPySide6-Addons==%s\nshiboken6==%s\n' "$PYSIDE" "$PYSIDE" "$PYSIDE" >"$BUILD/build-constraints.txt"
in_root "$BUILD" /opt/python3.11/bin/python3.11 -m venv /build/venv
in_root "$BUILD" /build/venv/bin/python -m pip install -q --upgrade pip
in_root "$BUILD" /build/venv/bin/python -m pip install -q -r /build-requirements.txt -c /build-constraints.txt \
  "pyinstaller>=6.5"
echo "dependencies installed in $(elapsed "$t")"
t=$(date +%s)
copy_source "$BUILD/build/src"
in_root "$BUILD" sh -c 'cd /build/src && /build/venv/bin/pyinstaller --noconfirm --clean \
  --distpath /build/dist --workpath /build/work build.spec >/build/pyinstaller.log 2>&1' ||
  { tail -40 "$BUILD/build/pyinstaller.log"; exit 1; }
cp "$BUILD/build/pyinstaller.log" "$WORK/pyinstaller.log"
test -x "$BUILD/build/dist/ipledger/ipledger" || { echo "PyInstaller did not build the program"; exit 1; }
echo "PyInstaller build in $(elapsed "$t")"

# 3. No ELF file may need a glibc newer than 2.31 (the check names the worst file and symbol).
python3 tools/glibc_floor.py "$BUILD/build/dist/ipledger" --max "$GLIBC_MAX"

# 4. The package: /opt/ipledger, a launcher in /usr/bin, a desktop entry and its icon.
t=$(date +%s)
PKG="$WORK/pkg"
rm -rf "$PKG" && mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
  "$PKG/usr/share/icons/hicolor/256x256/apps" "$PKG/usr/share/doc/ipledger"
cp -a "$BUILD/build/dist/ipledger" "$PKG/opt/ipledger"
cat >"$PKG/usr/bin/ipledger" <<'LAUNCHER'
#!/bin/sh
# IP Ledger (知识产权工作台账): without a command it opens the window; `ipledger --help` lists the commands.
# The ledger lives in the user's data folder (~/.local/share/IPLedger/ledger.db), never under /opt.
# The Qt in /opt/ipledger has no fcitx input plugin: fcitx5 also answers as IBus, so ask it that way.
case "${QT_IM_MODULE:-}" in fcitx*) QT_IM_MODULE=ibus; export QT_IM_MODULE ;; esac
exec /opt/ipledger/ipledger "$@"
LAUNCHER
cp resources/icons/ipledger.png "$PKG/usr/share/icons/hicolor/256x256/apps/ipledger.png"  # the window's icon too
cat >"$PKG/usr/share/applications/ipledger.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Version=1.0
Name=知识产权工作台账
Name[zh_CN]=知识产权工作台账
Name[en]=IP Ledger
GenericName=知识产权工作台账
Comment=填报、汇总和报告知识产权行动方案的推进情况
Comment[en]=Collect, merge and report a district's intellectual-property action plan
Exec=/usr/bin/ipledger gui
Icon=ipledger
Terminal=false
Categories=Office;
Keywords=知识产权;台账;汇总;填报;
StartupNotify=true
EOF
cat >"$PKG/usr/share/doc/ipledger/copyright" <<'EOF'
IP Ledger (知识产权工作台账). The program in /opt/ipledger bundles CPython 3.11 (PSF licence),
Qt 6 and PySide6 6.9 (LGPLv3) and the Python packages listed in the source's pyproject.toml.
EOF
size_kb=$(du -sk "$PKG" | cut -f1)
cat >"$PKG/DEBIAN/control" <<EOF
Package: ipledger
Version: $VERSION
Architecture: amd64
Maintainer: IP Ledger <ipledger@localhost>
Installed-Size: $size_kb
Depends: $DEPENDS
Section: misc
Priority: optional
Homepage: https://localhost/ipledger
Description: 知识产权工作台账 (IP Ledger)
 Collect, merge and report a district's intellectual-property action plan:
 units fill in workbooks, the bureau imports, reviews and consolidates them
 and writes the progress report (PDF and Word). Runs as the user; the ledger
 is kept in the user's data folder.
EOF
cat >"$PKG/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
EOF
cp "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
chmod 0755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm" "$PKG/usr/bin/ipledger"
mkdir -p dist/linux
rm -f dist/linux/ipledger_*_amd64.deb
# gzip: xz took over 10 minutes for the 180 MB on two busy cores; every dpkg reads gzip
dpkg-deb --root-owner-group -Zgzip --build "$PKG" "$OUT" >/dev/null
echo "packaged $OUT ($(du -h "$OUT" | cut -f1)) in $(elapsed "$t")"
umount_all

# 5. Installed with apt into a clean bullseye root (what it Depends on comes from Debian), run there
#    as an ordinary user: commands, the report, the window offscreen and on an X server (xcb).
t=$(date +%s)
make_base "$SUITE" amd64 "$TEST"
mount_root "$TEST" "$SUITE-amd64"
cp "$OUT" "$TEST/tmp/ipledger.deb"
apt_in_root "$TEST" /tmp/ipledger.deb xvfb
in_root "$TEST" useradd -m clerk
cat >"$TEST/tmp/smoke.sh" <<'EOF'
set -eu
cd "$HOME"
ipledger --version
ipledger init --unit 长寿路街道
test -f "$HOME/.local/share/IPLedger/ledger.db"  # the user's data folder, not /opt
ipledger demo --units 2 --rows 40
for q in 2025Q1 2025Q2; do ipledger export --period $q -o "$HOME/长寿路街道-$q.xlsx"; done
ipledger --db "$HOME/区局.db" init --unit 区知识产权局
ipledger --db "$HOME/区局.db" import "$HOME"/长寿路街道-2025Q*.xlsx >"$HOME/import.txt"
grep 长寿路街道 "$HOME/import.txt" | head -3
# one file: read by a child the program forks as it starts, not by the program itself
ipledger --db "$HOME/区局1.db" init --unit 区知识产权局
IPLEDGER_FORK=1 XDG_STATE_HOME="$HOME/state" ipledger --db "$HOME/区局1.db" import "$HOME/长寿路街道-2025Q1.xlsx" >"$HOME/import1.txt"
grep -q 长寿路街道 "$HOME/import1.txt"
if grep -rq "the child reading" "$HOME/state"; then echo "the forked child did not read the file"; exit 1; fi
ipledger --db "$HOME/区局.db" consolidate --period 2025 -o "$HOME/汇总.xlsx"
ipledger report --period 2025 -o "$HOME/report.pdf"
ipledger report --period 2025 -o "$HOME/report.docx"
test -s "$HOME/汇总.xlsx" && test -s "$HOME/report.pdf" && test -s "$HOME/report.docx"
QT_QPA_PLATFORM=offscreen IPLEDGER_SMOKE_EXIT=1 ipledger gui
Xvfb :7 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
sleep 2
DISPLAY=:7 QT_QPA_PLATFORM=xcb IPLEDGER_SMOKE_EXIT=1 ipledger gui
kill $xvfb
echo "installed package works as user $(id -un) on glibc $(ldd --version | head -1 | sed 's/.* //')"
EOF
in_root "$TEST" su clerk -c 'LANG=C.UTF-8 sh /tmp/smoke.sh'
umount_all
rm -rf "$TEST"
echo "install test in a clean $SUITE root in $(elapsed "$t")"
echo "build_deb OK: $OUT ($(du -h "$OUT" | cut -f1)) in $(elapsed "$start")"
