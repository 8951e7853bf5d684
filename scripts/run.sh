#!/usr/bin/env bash
# Set up (if needed) and open IP Ledger. Extra arguments go to the ipledger command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/ipledger "$@"
