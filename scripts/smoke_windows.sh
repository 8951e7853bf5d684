#!/usr/bin/env bash
# Smoke-test the Windows program that scripts/build_windows.sh wrote, under Wine (SPEC §14), once on a
# Chinese Windows (code page 936) and once on an English one (1252):
#  - the portable zip, unpacked into a Chinese folder: init, demo, export, import, consolidate,
#    prefill, report (PDF and .docx), status, check;
#  - the installer, silent (/S), with no administrator rights: the installed program writes the
#    progress report as PDF and .docx into the ledger in the user's profile; the uninstaller (/S)
#    removes the program and keeps the ledger;
#  - the window opens under Xvfb: a screenshot per code page in build/windows/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
ZIP=$ROOT/dist/windows/ipledger-$VERSION-win64.zip
SETUP=$ROOT/dist/windows/ipledger-$VERSION-setup.exe
SHOTS=${SHOTS:-$ROOT/build/windows/screenshots}
test -s "$ZIP" && test -s "$SETUP" || { echo "smoke_windows: run scripts/build_windows.sh first" >&2; exit 1; }
t0=$SECONDS

# shellcheck source=scripts/wine_env.sh
source scripts/wine_env.sh
[ -x .venv/bin/python ] || bash scripts/setup.sh >/dev/null  # the host's Qt grabs the screen
command -v pdftotext >/dev/null || apt-get install -y -q poppler-utils >/dev/null

# The smoke test's traces in the (cached) prefix's user profile go before and after.
PROFILE=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
LOCALAPP=$PROFILE/AppData/Local
STARTMENU="$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
APPNAME=知识产权工作台账
clean_profile() {
  wineserver -k 2>/dev/null || true
  rm -rf "$LOCALAPP/Programs/IPLedger" "$LOCALAPP/PutuoIP" "$STARTMENU/$APPNAME.lnk"
  wine reg delete 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\IPLedger' /f </dev/null >/dev/null 2>&1 || true
}
work=$(mktemp -d)
xvfb_pid=""
finish() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  clean_profile
  rm -rf "$work"
}
trap finish EXIT
clean_profile

fail() { echo "smoke_windows ($cp): $*" >&2; exit 1; }
# run PROGRAM ARGS...: the Windows program in this round's code page; its output (UTF-8) in $out
run() {
  local rc=0
  out=$("wine_$lang" "$@") || rc=$?
  [ "$rc" -eq 0 ] || { printf '%s\n' "$out" | tail -20 >&2; fail "exit $rc: ${*##*/}"; }
}
# the text a code page can show: Chinese stays in 936, becomes '?' in 1252
seen() { if [ "$cp" = 936 ]; then grep -qF -- "$1" <<<"$out"; else grep -qF -- "$2" <<<"$out"; fi; }
pdf_has() { pdftotext "$1" - | tr -d ' \n' | grep -qF "$2" || fail "$1 has no “$2”"; }
docx_has() { unzip -p "$1" word/document.xml | grep -qF "$2" || fail "$1 has no “$2”"; }

# An X server for the window (and for Qt's PDF writer, which draws the report's chart)
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 30); do [ -s "$work/display" ] && break; sleep 1; done
[ -s "$work/display" ] || { echo "smoke_windows: Xvfb did not start" >&2; exit 1; }
export DISPLAY=:$(head -1 "$work/display")  # a free display number, whoever else runs an X server
grab() {  # grab FILE: the whole X screen as PNG
  QT_QPA_PLATFORM=xcb .venv/bin/python -c "
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)" "$1"
}
window_up() {  # a top-level window of the program, at least 800 pixels wide, is mapped
  xwininfo -root -children 2>/dev/null | grep -E '"[^"]*(知识产权|IP Ledger)[^"]*": \(' | grep -qE ' ([89][0-9]{2}|1[0-9]{3})x[0-9]+'
}

for cp in 936 1252; do
  tr=$SECONDS
  if [ "$cp" = 936 ]; then lang=cn; else lang=en; fi
  # ---- the portable program, unpacked into a folder with a Chinese name (and a space)
  base="$work/$cp/知识产权 台账"
  mkdir -p "$base/数据"
  unzip -q "$ZIP" -d "$base"
  CLI=$base/IPLedger/ipledger-cli.exe
  W=$(winpath "$base/数据")
  UNIT="$W\\长寿路街道.db"
  BUREAU="$W\\区局.db"
  run "$CLI" --version
  grep -qF "$VERSION" <<<"$out" || fail "--version: $out"
  run "$CLI" --db "$UNIT" init --unit 长寿路街道
  run "$CLI" --db "$UNIT" demo --units 2 --rows 40
  run "$CLI" --db "$UNIT" check
  seen "53 项任务，7 项指标" "53 ????7 ????" || fail "check: $out"
  for q in 2025Q1 2025Q2 2025Q3; do
    run "$CLI" --db "$UNIT" export --period $q -o "$W\\报送_$q.xlsx"
    test -s "$base/数据/报送_$q.xlsx" || fail "export $q wrote nothing"
  done
  run "$CLI" --db "$BUREAU" init --unit 区知识产权局
  # (not IPLEDGER_READ_AHEAD=1: the helper process that reads a large batch ahead hangs under Wine 8)
  run "$CLI" --db "$BUREAU" import "$W\\报送_2025Q1.xlsx" "$W\\报送_2025Q2.xlsx" "$W\\报送_2025Q3.xlsx"
  seen "长寿路街道" "?????" || fail "import: $out"
  run "$CLI" --db "$BUREAU" status --period 2025Q2 --json
  grep -q '"state"' <<<"$out" || fail "status --json: $out"
  run "$CLI" --db "$BUREAU" consolidate --period 2025 -o "$W\\汇总.xlsx"
  test -s "$base/数据/汇总.xlsx" || fail "consolidate wrote nothing"
  run "$CLI" --db "$BUREAU" prefill --all --period 2025Q4 -o "$W\\预填表"
  ls "$base/数据/预填表/"*长寿路街道_2025Q4.xlsx >/dev/null || fail "prefill --all: no workbook for 长寿路街道"
  run "$CLI" --db "$BUREAU" report --period 2025 -o "$W\\进展报告.pdf"
  run "$CLI" --db "$BUREAU" report --period 2025 -o "$W\\进展报告.docx"
  pdf_has "$base/数据/进展报告.pdf" "2025年01月01日"
  docx_has "$base/数据/进展报告.docx" "2025年01月01日"
  run "$CLI" --db "$BUREAU" check
  # a message that cannot be shown whole is shown in part, never an unexpected-error message
  grep -qE "UnicodeEncodeError|意外问题" <<<"$out" && fail "check: $out"
  if [ "$cp" = 936 ]; then
    # the window's file fields after Browse… show C:\Users\…, as the dialog offered it, never
    # C:/Users/… (the source under the Windows Python: Qt's dialogs answer with / there too)
    out=$(WPY scripts/windows_dialog_paths.py "$W") || { printf '%s\n' "$out" | tail -20 >&2; fail "a file field after Browse…"; }
  fi
  echo "smoke_windows ($cp): portable program OK ($((SECONDS - tr)) s)"

  # ---- the installer: silent, per user; the program and the ledger in the user's profile
  ti=$SECONDS
  run "$SETUP" /S
  wineserver -w
  INST=$LOCALAPP/Programs/IPLedger
  test -f "$INST/ipledger.exe" && test -f "$INST/ipledger-cli.exe" || fail "the installer put no program in $INST"
  test -f "$STARTMENU/$APPNAME.lnk" || fail "no Start-menu entry"
  wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\IPLedger' </dev/null 2>/dev/null \
    | grep -q "$VERSION" || fail "no uninstall entry"
  ICLI=$INST/ipledger-cli.exe
  if [ "$cp" = 936 ]; then
    run "$ICLI" init --unit 区知识产权局  # the default ledger: %LOCALAPPDATA%\PutuoIP\IPLedger\ledger.db
    run "$ICLI" import "$W\\报送_2025Q1.xlsx" "$W\\报送_2025Q2.xlsx"
  fi  # on the second round the ledger the first round made is still there (the uninstaller kept it)
  test -f "$LOCALAPP/PutuoIP/IPLedger/ledger.db" || fail "no ledger in the user's profile"
  run "$ICLI" check
  seen "53 项任务，7 项指标" "53 ????7 ????" || fail "installed check: $out"
  run "$ICLI" report --period 2025Q2 -o "$W\\安装版报告.pdf"
  run "$ICLI" report --period 2025Q2 -o "$W\\安装版报告.docx"
  pdf_has "$base/数据/安装版报告.pdf" "2025年04月01日"
  docx_has "$base/数据/安装版报告.docx" "2025年04月01日"

  # ---- the window: opens (and quits once shown), then a screenshot of it left open
  IPLEDGER_SMOKE_EXIT=1 run "$INST/ipledger.exe" --db "$UNIT" gui
  open_window() {
    (LC_ALL=$([ "$cp" = 936 ] && echo zh_CN.UTF-8 || echo en_US.UTF-8) wine "$INST/ipledger.exe" --db "$UNIT" gui \
      </dev/null 2>&1 | cat >/dev/null) &
    gui_pid=$!
    for _ in $(seq 60); do window_up && break; sleep 1; done
    window_up
  }
  if ! open_window; then
    # Seen once in CI (cp 1252, 2026-12-05) and not again in the same build: what is on the screen
    # instead is kept (a message box? a narrow window?), and the program is started once more
    mkdir -p "$SHOTS"
    xwininfo -root -children 2>/dev/null | grep -E '": \(' >&2 || true
    grab "$SHOTS/windows-cp$cp-not-opened.png" || true
    echo "smoke_windows ($cp): the window did not open within a minute (screen: $SHOTS/windows-cp$cp-not-opened.png); starting it again" >&2
    wineserver -k 2>/dev/null || true; wineserver -w
    wait "$gui_pid" || true
    open_window || fail "the window did not open within a minute, twice"
  fi
  sleep 4  # its first paint
  mkdir -p "$SHOTS"
  grab "$SHOTS/windows-cp$cp.png" || fail "could not grab the screen"
  wineserver -k; wineserver -w
  wait "$gui_pid" || true

  # ---- the uninstaller: the program goes, the ledger stays
  run "$INST/uninstall.exe" /S
  wineserver -w
  for _ in $(seq 20); do [ -e "$INST/ipledger.exe" ] || break; sleep 1; done
  [ -e "$INST/ipledger.exe" ] && fail "the uninstaller left the program"
  [ -e "$STARTMENU/$APPNAME.lnk" ] && fail "the uninstaller left the Start-menu entry"
  test -f "$LOCALAPP/PutuoIP/IPLedger/ledger.db" || fail "the uninstaller removed the ledger"
  echo "smoke_windows ($cp): installer, installed program, window and uninstaller OK ($((SECONDS - ti)) s)"
done
echo "smoke_windows: code pages 936 and 1252 passed in $((SECONDS - t0)) s; screenshots in $SHOTS"
