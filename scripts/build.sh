#!/usr/bin/env bash
# Build the one-folder package with PyInstaller (dist/ipledger/) and smoke-test the frozen program.
# On Windows run the same steps in a Python venv: pip install -e .[build]; pyinstaller build.spec
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q -e ".[build]"
.venv/bin/pyinstaller --noconfirm --clean build.spec
smoke=$(mktemp -d)
./dist/ipledger/ipledger-cli --version
./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" init --unit 长寿路街道
./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" demo --units 2 --rows 40
./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" check | tee "$smoke/check.txt"
grep -q "53 项任务，7 项指标" "$smoke/check.txt"
# the progress report needs Qt's PDF writer, Qt Charts and python-docx's templates in the build
./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" report --period 2025 -o "$smoke/report.pdf"
./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" report --period 2025 -o "$smoke/report.docx"
test -s "$smoke/report.pdf" && test -s "$smoke/report.docx"
QT_QPA_PLATFORM=offscreen IPLEDGER_SMOKE_EXIT=1 ./dist/ipledger/ipledger --db "$smoke/smoke.db" gui
echo "frozen build OK: dist/ipledger"
