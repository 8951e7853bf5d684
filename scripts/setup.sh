#!/usr/bin/env bash
# Set up everything IP Ledger needs on a Debian/Ubuntu machine: the system libraries Qt's xcb
# platform needs, a CJK font, (with "test") LibreOffice Calc for the round-trip tests, and a
# Python virtual environment in .venv with the app installed in it.
#   bash scripts/setup.sh          # to run the app
#   bash scripts/setup.sh test     # to run the tests as well
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
packages=(
  # what Qt's xcb platform plugin loads (see Qt's "Qt for X11 Requirements")
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0
  fonts-wqy-microhei  # Chinese text in the window and in the screenshots
)
if [ "${1:-}" = "test" ]; then
  packages+=(libreoffice-calc)  # tests re-save workbooks with real LibreOffice
  packages+=(libreoffice-writer)  # tests open the Word report in LibreOffice
  packages+=(postgresql)  # tests start their own PostgreSQL server (initdb, pg_ctl) in a temporary folder
  packages+=(poppler-utils)  # tests read the PDF report's text and count printed pages (pdftotext, pdfinfo)
fi
"$PYTHON" -m venv --help >/dev/null 2>&1 || packages+=(python3-venv python3-pip)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "Please install these system packages: ${missing[*]}" >&2
  fi
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
