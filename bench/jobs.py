"""One measured job per process: `python -m bench.jobs JOB ARGS…` prints {"seconds", "rss_mb"}.

The time covers the job's own work (not interpreter start-up, except for the start-up jobs,
which the orchestrator times from outside)."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    """Peak resident memory of this process. VmHWM belongs to the process image, unlike ru_maxrss,
    which Linux carries over from the parent across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def submission_rows(db: Path, period: str) -> list[tuple[str, list[str], list[list]]]:
    """The sheets of a submission as plain rows, for the raw writers to write."""
    from app.outgoing.rows import RowBuilder
    from app.store.ledger import Ledger
    from app.store.selection import in_period, record_rows
    from app.vocabulary.kinds import KINDS, MACHINE_HEADERS
    from app.vocabulary.periods import parse_period

    out = []
    with Ledger(db) as ledger, ledger.session() as s:
        unit = ledger.own_unit(s)
        builder = RowBuilder(s)
        for kind in KINDS:
            m = kind.model
            rows = [
                builder.cells(kind, v, u, rid, rev)
                for v, u, rid, rev in record_rows(
                    s, kind, m.unit_id == unit.id, m.deleted.is_(False), in_period(kind, parse_period(period), None)
                )
            ]
            out.append((kind.sheet, [f.label for f in kind.fields] + list(MACHINE_HEADERS), rows))
    return out


def job_export(db: str, period: str, out: str) -> None:
    # What export_submission imports where a file is written (XlsxWriter, the writer, the answers
    # table, the evidence store) loads before the clock starts, as the raw writers' library does
    import app.evidence.store
    import app.exchange.writer
    import app.review.feedback  # noqa: F401
    from app.outgoing.submission import LAST_EXPORT, export_submission
    from app.store import settings
    from app.store.ledger import Ledger
    from app.vocabulary.periods import parse_period
    from db.models import utcnow

    with Ledger(Path(db)) as ledger:
        # Every run exports the same rows, the period's, as the raw writers write them: a routine
        # export after an earlier one (the first export of a ledger carries every record it holds).
        with ledger.session() as s:
            settings.put(s, LAST_EXPORT, utcnow().isoformat())
        t = time.perf_counter()
        result = export_submission(ledger, parse_period(period), Path(out))
        report(time.perf_counter() - t, rows=sum(result.counts.values()))


def job_export_rows(db: str, period: str, out: str) -> None:
    """Every unit's records of the period (the rows of a consolidated workbook's record sheets)
    written as an export writes a submission: the same row builder, signed digests and writer, no
    report sheets. What consolidate is measured against."""
    from app.exchange.layout import CONSOLIDATED
    from app.exchange.writer import write_workbook
    from app.outgoing.rows import RowBuilder, cover_lines, new_meta, sheet_rows
    from app.store.ledger import Ledger
    from app.store.selection import in_period, record_rows
    from app.vocabulary.kinds import KINDS
    from app.vocabulary.periods import parse_period

    p = parse_period(period)
    with Ledger(db) as ledger:
        t = time.perf_counter()
        with ledger.session() as s:
            builder = RowBuilder(s)
            meta = new_meta(s, CONSOLIDATED, ledger.unit_name, p)
            sheets = [
                (kind, sheet_rows(kind, record_rows(s, kind, kind.model.deleted.is_(False), in_period(kind, p, None)),
                                  builder, meta))
                for kind in KINDS
            ]  # fmt: skip
            counts = write_workbook(Path(out), meta, lambda counts: cover_lines(meta, counts), sheets, [])
        report(time.perf_counter() - t, rows=sum(counts.values()))


def job_raw_openpyxl_write(db: str, period: str, out: str) -> None:
    from openpyxl import Workbook

    sheets = submission_rows(Path(db), period)
    t = time.perf_counter()
    wb = Workbook(write_only=True)
    for name, headers, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append(row)
    wb.save(out)
    report(time.perf_counter() - t)


def job_raw_xlsxwriter_write(db: str, period: str, out: str) -> None:
    import xlsxwriter

    sheets = submission_rows(Path(db), period)
    t = time.perf_counter()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, headers, rows in sheets:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                if hasattr(value, "isoformat") and not isinstance(value, str):
                    ws.write_datetime(i, j, value, date_format)
                else:
                    ws.write(i, j, value)
    wb.close()
    report(time.perf_counter() - t)


def job_import(db: str, *files: str) -> None:
    from app.merge import apply_plan, plan_import
    from app.merge.apply import EarlyApply
    from app.store.ledger import Ledger

    t, cpu = time.perf_counter(), time.process_time()
    # as `ipledger import` imports (no preview to wait for: each file written as soon as it is planned)
    with Ledger(db) as ledger, EarlyApply(ledger) as early:  # a file path or a database URL
        plan = plan_import(ledger, [Path(f) for f in files], early=early)
        assert not plan.errors, [str(e) for e in plan.errors[:5]]
        # a file held (待确认签名: its unit's key not confirmed here) is stored, not merged: no figure
        assert not plan.held, f"{len(plan.held)} file(s) held, not merged: confirm the units' keys first"
        waited: list[str] = []  # told that another import holds its unit × period or file (after 3 s)
        apply_plan(ledger, plan, notify=waited.append, early=early)
        seconds, cpu, peak = time.perf_counter() - t, time.process_time() - cpu, rss_mb()
        rows = plan.counts()["new"]
        del plan
        # (after the figures: reading the ledger is not the import's; left out where several
        # importers share one ledger and are timed from outside)
        digest = ledger_digest(ledger) if os.environ.get("BENCH_DIGEST") != "0" else None
    helper = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process that read ahead, if one did
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": peak,
                "rows": rows,
                "waited_for_another": len(waited),
                "cpu_seconds": cpu,
                "helper_cpu_seconds": helper.ru_utime + helper.ru_stime,
                "helper_rss_mb": helper.ru_maxrss / 1024,
                **({"digest": digest} if digest else {}),
            }
        )
    )


def ledger_digest(ledger: object) -> str:
    """A fingerprint of what an import left in the ledger: every record's values and merge state,
    the review states, the import log's counts and the history's actions. Ids and timestamps are
    left out (an input rebuilt from the same demo seed gets new ids and export times), so it is the
    same for the same input files on every run, whichever way the import reads and applies them: a
    change of it means the import's result changed."""
    import hashlib

    from sqlalchemy import func, select

    from app.vocabulary.kinds import KINDS
    from db.models import ImportLog, RecordHistory, ReviewState, Unit

    def add(rows: object) -> None:
        # sorted here, not by the database: NULLs and text order differently in SQLite and PostgreSQL
        for line in sorted(repr(row) for row in rows):
            h.update(line.encode())

    h = hashlib.sha256()
    with ledger.session() as s:
        names = dict(s.execute(select(Unit.id, Unit.name)).all())
        for kind in KINDS:
            m = kind.model
            cols = [getattr(m, f.key) for f in kind.input_fields]
            cols += [m.revision, m.deleted, m.synced_revision, m.synced_digest, m.locally_modified, m.explanation]
            h.update(kind.key.encode())
            add((names.get(row[0]), *row[1:]) for row in s.execute(select(m.unit_id, *cols)).yield_per(5000))
        review = select(ReviewState.unit_id, ReviewState.period, ReviewState.state, ReviewState.submitted_at.is_(None))
        add((names.get(row[0]), *row[1:]) for row in s.execute(review))
        log = select(ImportLog.file_name, ImportLog.unit_id, ImportLog.period, ImportLog.counts,
                     ImportLog.signature, ImportLog.superseded_by.is_(None), ImportLog.uncovered_rows)  # fmt: skip
        add((row[0], names.get(row[1]), row[2], sorted(row[3].items()), *row[4:]) for row in s.execute(log))
        what = (RecordHistory.kind, RecordHistory.action)
        add(tuple(row) for row in s.execute(select(*what, func.count()).group_by(*what)))
    return h.hexdigest()[:16]


def job_digest(db: str) -> None:
    """The ledger's digest (see ledger_digest), e.g. after a whole-process `ipledger import`."""
    from app.store.ledger import Ledger

    with Ledger(db) as ledger:
        print(json.dumps({"digest": ledger_digest(ledger)}))


def job_raw_openpyxl_read(*files: str) -> None:
    from openpyxl import load_workbook

    t = time.perf_counter()
    cells = 0
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    report(time.perf_counter() - t, cells=cells)


def job_raw_calamine_read(*files: str) -> None:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    cells = 0
    for f in files:
        wb = CalamineWorkbook.from_path(f)
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                cells += len(row)
    report(time.perf_counter() - t, cells=cells)


def job_pandas(out: str, *files: str) -> None:
    """What an analyst does by hand: read every sheet of every file, stack them, write one file."""
    import pandas as pd

    t = time.perf_counter()
    frames: dict[str, list] = {}
    for f in files:
        for name, frame in pd.read_excel(f, sheet_name=None).items():
            if not name.startswith("_") and name != "说明":
                frames.setdefault(name, []).append(frame)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, parts in frames.items():
            pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=name, index=False)
    report(time.perf_counter() - t)


def job_consolidate(db: str, period: str, out: str) -> None:
    import app.exchange.writer  # noqa: F401 - loaded before the clock, as export_rows has it
    from app.reports.consolidated import consolidate
    from app.store.ledger import Ledger
    from app.vocabulary.periods import parse_period

    with Ledger(db) as ledger:
        t = time.perf_counter()
        _path, counts = consolidate(ledger, parse_period(period), Path(out))
        report(time.perf_counter() - t, rows=sum(counts.values()))


def job_filter(db: str) -> None:
    """Open the listing page and type into its search box; per keystroke, the time the GUI thread
    is busy (what a user feels as lag) and the time until the filtered rows are shown."""
    import os
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from app.store.ledger import Ledger
    from app.ui.records.page import RecordPage
    from app.vocabulary.kinds import PATENT_LISTING

    app = QApplication([])
    ledger = Ledger(Path(db))
    with ledger.session() as s:
        unit_id = ledger.own_unit(s).id
    t = time.perf_counter()
    page = RecordPage(ledger, PATENT_LISTING, unit_id, False, QUndoStack(), {}, "2025Q1")
    page.resize(1366, 700)
    page.show()
    app.processEvents()
    opened = time.perf_counter() - t
    busy, results = [], []
    shown: list[float] = []
    show = page.model._show  # noqa: SLF001 - the slot that takes the rows in, on the GUI thread

    def timed_show(generation: int, result: object) -> None:
        t = time.perf_counter()
        show(generation, result)
        shown.append(time.perf_counter() - t)

    page.model._show = timed_show  # noqa: SLF001
    for text in ["华", "华东", "华东师", "华东师范", "检", "检测", "2023", "20231", "一种高", "一种高效"]:
        loop = QEventLoop()
        page.model.loaded.connect(loop.quit)
        t = time.perf_counter()
        page.model.set_query(text=text)  # what the search box does after its typing pause
        busy_start = time.perf_counter() - t
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        results.append(time.perf_counter() - t)
        page.model.loaded.disconnect(loop.quit)
        t = time.perf_counter()
        app.processEvents()  # painting the new rows
        busy.append(busy_start + (shown.pop() if shown else 0.0) + time.perf_counter() - t)
    report(
        statistics.median(busy),
        open_seconds=opened,
        busy_max=max(busy),
        result_median=statistics.median(results),
        rows=page.model.rowCount(),
    )


def job_child(*cmd: str) -> None:
    """A whole command as a fresh process: its wall time, and the peak RSS of the largest process
    it ran (itself or a helper it started: RUSAGE_CHILDREN keeps the maximum of the waited-for)."""
    import subprocess

    t = time.perf_counter()
    subprocess.run(list(cmd), check=True, capture_output=True)
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def report(seconds: float, **extra: object) -> None:
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb(), **extra}))


if __name__ == "__main__":
    globals()[f"job_{sys.argv[1]}"](*sys.argv[2:])
