#!/usr/bin/env bash
# Install the package as a user would (`pip install .`, not editable) into a throwaway virtual
# environment and run a command that needs every subpackage (template writes a workbook through
# app.exchange), from a folder outside the checkout so nothing is imported from the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --upgrade pip
# A copy of the source, so that the build leaves nothing (build/, *.egg-info) in the checkout.
mkdir "$tmp/src"
cp -r app db resources pyproject.toml README.md "$tmp/src"
"$tmp/venv/bin/python" -m pip install -q "$tmp/src"
cd "$tmp"
IPLEDGER_DB="$tmp/ledger.db" "$tmp/venv/bin/ipledger" template -o "$tmp/x.xlsx"
test -s "$tmp/x.xlsx"
IPLEDGER_DB="$tmp/ledger.db" "$tmp/venv/bin/ipledger" init --unit 长寿路街道
IPLEDGER_DB="$tmp/ledger.db" "$tmp/venv/bin/ipledger" import "$tmp/x.xlsx" --dry-run || [ $? -eq 1 ]
echo "non-editable install: template, init and import run"
