"""A 60 MB evidence package (SPEC §15): time the unit's export (workbook + parts under the 20 MB mail
limit) and the bureau's import (checking every file, then applying), on real files.

    python -m bench.evidence_package [--mb 60]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pdf(size: int, label: str) -> bytes:
    payload = os.urandom(size)  # incompressible, as scanned PDFs and photos are
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
        + f"2 0 obj<</Length {size}>>stream\n".encode()
        + payload
        + f"\nendstream endobj\n% {label}\n%%EOF\n".encode()
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=60)
    args = parser.parse_args()
    from app.evidence import store
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import export_submission
    from app.store import records
    from app.store.ledger import Ledger
    from app.vocabulary.kinds import TASK_PROGRESS
    from app.vocabulary.periods import parse_period

    folder = Path(tempfile.mkdtemp(prefix="ipledger-bench-evidence-"))
    unit = Ledger(folder / "unit.db")
    unit.setup("长寿路街道")
    sizes = []  # files of 8, 6, 4 and 2 MB, round the tasks, until the total is reached
    left = args.mb * 1024 * 1024
    pattern = [8, 6, 4, 2]
    while left > 0:
        size = min(pattern[len(sizes) % 4] * 1024 * 1024, left)
        sizes.append(size)
        left -= size
    digests = {}
    t = time.perf_counter()
    with unit.session() as s:
        own = unit.own_unit(s).id
        for i, size in enumerate(sizes):
            rid = records.create(
                s, TASK_PROGRESS, own, {"period": "2025Q1", "task_number": i + 1, "status": "推进中", "progress": "x"}
            ).id
            data = pdf(size - 120, f"file {i}")
            a = store.attach(s, rid, f"佐证{i + 1}.pdf", data, own_unit_id=own)
            digests[a.name] = a.sha256
    attach_s = time.perf_counter() - t
    t = time.perf_counter()
    result = export_submission(unit, parse_period("2025Q1"), folder / "out" / "台账.xlsx")
    export_s = time.perf_counter() - t
    unit.close()
    bureau = Ledger(folder / "bureau.db")
    bureau.setup("区知识产权局")
    paths = [p.path for p in reversed(result.parts)]
    t = time.perf_counter()
    plan = plan_import(bureau, paths)
    plan_s = time.perf_counter() - t
    assert not plan.errors, plan.errors
    t = time.perf_counter()
    apply_plan(bureau, plan)
    apply_s = time.perf_counter() - t
    with bureau.session() as s:
        got = {a.name: hashlib.sha256(store.content(s, a.sha256)).hexdigest() for a in store.attached(s)}
    bureau.close()
    assert got == digests, "a file changed on the way"
    print(
        json.dumps(
            {
                "evidence_mb": round(sum(sizes) / 1024 / 1024, 1),
                "files": len(sizes),
                "parts": [round(p.size / 1024 / 1024, 2) for p in result.parts],
                "attach_s": round(attach_s, 2),
                "export_s": round(export_s, 2),
                "import_plan_s": round(plan_s, 2),
                "import_apply_s": round(apply_s, 2),
                "import_s": round(plan_s + apply_s, 2),
                "intact": True,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
