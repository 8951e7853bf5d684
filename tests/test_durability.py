"""A killed process never loses a committed edit, and never corrupts the ledger."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import make_ledger

EDIT_THEN_DIE = """
import os, signal, sys
from datetime import date
from pathlib import Path
from app.store.ledger import Ledger
from app.vocabulary.kinds import PATENT_LISTING
from tests.conftest import add_record
ledger = Ledger(Path(sys.argv[1]))
add_record(ledger, PATENT_LISTING, patent_no="202310123456.6", title="提交后被强行结束", holder="甲",
           deal_mode="转让", listed_on=date(2025, 1, 5), listing_status="在架")
with ledger.session() as s:  # a second edit left open, as when the PC dies mid-typing
    s.execute(PATENT_LISTING.model.__table__.update().values(title="未提交的修改"))
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_committed_edit_survives_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    make_ledger(path, "长寿路街道").close()
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-c", EDIT_THEN_DIE, str(path)], cwd=root, capture_output=True, timeout=60)
    assert r.returncode == -9, r.stderr
    ledger = make_ledger(path, "长寿路街道")
    from app.store.ledger import health

    assert health(ledger).healthy
    with ledger.session() as s:
        assert s.scalars(select(PATENT_LISTING.model.title)).all() == ["提交后被强行结束"]
    ledger.close()
