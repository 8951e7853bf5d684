"""The collector pause around reading, planning and applying an import (app.collector)."""

from __future__ import annotations

import gc
import threading

from app import collector


def test_the_collector_is_paused_for_a_block_and_resumed_once_after_the_last() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested, as plan_import inside the window's job
            assert not gc.isenabled()
        assert not gc.isenabled()  # still inside the outer block
        inside = threading.Event()
        leave = threading.Event()

        def other_job() -> None:
            with collector.paused():
                inside.set()
                leave.wait(5)

        t = threading.Thread(target=other_job)
        t.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's block is still open
    leave.set()
    t.join(5)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_again_after_an_import(ledger, tmp_path) -> None:  # noqa: ANN001
    from app.merge import apply_plan, plan_import
    from app.outgoing.submission import write_template

    template = write_template(tmp_path / "t.xlsx")
    apply_plan(ledger, plan_import(ledger, [template]))
    assert gc.isenabled()
