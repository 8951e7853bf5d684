#!/usr/bin/env bash
# Build the Windows program on this Linux machine (SPEC §14):
#   dist/windows/ipledger-<version>-setup.exe   per-user installer (no administrator rights), silent with /S
#   dist/windows/ipledger-<version>-win64.zip   the portable folder
# PyInstaller runs with the official Windows CPython 3.11 and win_amd64 wheels under Wine
# (scripts/wine_env.sh makes that prefix once per pyproject.toml and caches it); NSIS makes the installer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
OUT=dist/windows
t0=$SECONDS

# shellcheck source=scripts/wine_env.sh
source scripts/wine_env.sh
t_prefix=$((SECONDS - t0))

# PyInstaller under Wine: build/windows holds its work files, $OUT/ipledger the one-folder program.
rm -rf "$OUT" build/windows
mkdir -p "$OUT" build/windows
log=build/windows/pyinstaller.log
if ! wine_cn "$WINE_PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$(winpath "$ROOT/$OUT")" --workpath "$(winpath "$ROOT/build/windows")" build.spec >"$log" 2>&1; then
  tail -40 "$log"
  echo "build_windows: PyInstaller failed (whole log: $log)" >&2
  exit 1
fi
wineserver -w
t_freeze=$((SECONDS - t0 - t_prefix))
prog=$OUT/ipledger
test -f "$prog/ipledger.exe" && test -f "$prog/ipledger-cli.exe"

# The stubs that stand in for what Wine 8.0 lacks belong to the prefix, never to the product: on a
# real Windows 10/11 icuuc.dll is the system's own, and bcryptprimitives.dll too.
stubs=$(find "$prog" -iname icuuc.dll -o -iname bcryptprimitives.dll -o -iname 'icu*.dll' | head)
if [ -n "$stubs" ]; then
  echo "build_windows: Wine's stub DLLs got into the product: $stubs" >&2
  exit 1
fi

# The portable zip: one folder IPLedger\ with ipledger.exe (the window) and ipledger-cli.exe.
stage=build/windows/stage
rm -rf "$stage" && mkdir -p "$stage" && cp -r "$prog" "$stage/IPLedger"
(cd "$stage" && zip -q -r "$ROOT/$OUT/ipledger-$VERSION-win64.zip" IPLedger)

# The installer (Debian's makensis; Unicode, per user).
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSOURCE="$ROOT/$prog" \
  -DICON="$ROOT/resources/icons/ipledger.ico" -DOUTFILE="$ROOT/$OUT/ipledger-$VERSION-setup.exe" \
  installer/windows/ipledger.nsi
t_total=$((SECONDS - t0))
for f in "$OUT/ipledger-$VERSION-setup.exe" "$OUT/ipledger-$VERSION-win64.zip"; do
  test -s "$f"
  echo "$f  $(du -h "$f" | cut -f1)"
done
echo "build_windows: prefix ${t_prefix}s, PyInstaller ${t_freeze}s, total ${t_total}s (program folder $(du -sh "$prog" | cut -f1))"
