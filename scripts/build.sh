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
# a batch import read ahead by a helper process: the frozen program must start itself as that helper
for q in 2025Q1 2025Q2 2025Q3; do ./dist/ipledger/ipledger-cli --db "$smoke/smoke.db" export --period $q -o "$smoke/$q.xlsx"; done
./dist/ipledger/ipledger-cli --db "$smoke/bureau.db" init --unit 区知识产权局
IPLEDGER_READ_AHEAD=1 XDG_STATE_HOME="$smoke/state" ./dist/ipledger/ipledger-cli --db "$smoke/bureau.db" \
    import "$smoke"/2025Q*.xlsx | tee "$smoke/import.txt"
grep -q "长寿路街道" "$smoke/import.txt"
if grep -rq "helper process" "$smoke/state"; then echo "the helper process did not read the files"; exit 1; fi
# one file: read by a child the frozen program forks as it starts (Linux), not by the program itself
./dist/ipledger/ipledger-cli --db "$smoke/bureau1.db" init --unit 区知识产权局
IPLEDGER_FORK=1 XDG_STATE_HOME="$smoke/state" ./dist/ipledger/ipledger-cli --db "$smoke/bureau1.db" \
    import "$smoke/2025Q1.xlsx" | tee "$smoke/import1.txt"
grep -q "长寿路街道" "$smoke/import1.txt"
if grep -rq "the child reading" "$smoke/state"; then echo "the forked child did not read the file"; exit 1; fi
QT_QPA_PLATFORM=offscreen IPLEDGER_SMOKE_EXIT=1 ./dist/ipledger/ipledger --db "$smoke/smoke.db" gui
echo "frozen build OK: dist/ipledger"
