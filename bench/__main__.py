"""Run every benchmark and print one table (absolute medians and ratios), also written as JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
# Every reporting unit of the plan, from the catalogue the app ships.
UNITS = [u["name"] for u in json.loads((ROOT / "resources" / "plan.json").read_text(encoding="utf-8"))["units"]]
QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def cli(*args: str) -> None:
    subprocess.run([PY, "-m", "app", *args], check=True, capture_output=True, cwd=ROOT)


def job(name: str, *args: object, repeat: int = 3, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median seconds and peak RSS over `repeat` fresh processes."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [PY, "-m", "bench.jobs", name, *map(str, args)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    result = combined(runs)  # (an import's ledger digest kept beside the medians)
    result["runs"] = repeat
    return result


def combined(runs: list[dict]) -> dict[str, object]:
    """The median of each figure over runs, and the ledger digest they share (or all of them, which
    says the import's result changed from run to run)."""
    out: dict[str, object] = {
        k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))
    }
    digests = sorted({str(r["digest"]) for r in runs if "digest" in r})
    if digests:
        out["digest"] = digests[0] if len(digests) == 1 else "DIFFERS " + " ".join(digests)
    return out


def wall(cmd: list[str], repeat: int = 5, env: dict[str, str] | None = None) -> dict[str, float]:
    """Median wall time of a whole command (cold start: the interpreter and Qt load every time)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(
            cmd,
            check=True,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        )
        times.append(time.perf_counter() - t)
    return {"seconds": statistics.median(times), "runs": repeat}


def build_units(work: Path, rows: int, tag: str) -> list[Path]:
    """25 unit ledgers filled by `ipledger demo`, each exporting the four quarters of 2025 (kept
    from an earlier run with --reuse)."""
    files = []
    for i, unit in enumerate(UNITS):
        db = work / f"{tag}-{i}.db"
        done = [work / f"{tag}-{i}-{q}.xlsx" for q in QUARTERS]
        if all(f.exists() for f in done):
            files += done
            continue
        db.unlink(missing_ok=True)
        cli("--db", str(db), "init", "--unit", unit, "--role", "office")
        unit_key(work, db, unit)
        cli("--db", str(db), "demo", "--units", "1", "--rows", str(rows), "--seed", str(100 + i))
        for q in QUARTERS:
            out = work / f"{tag}-{i}-{q}.xlsx"
            cli("--db", str(db), "export", "--period", q, "-o", str(out))
            files.append(out)
    return files


def unit_key(work: Path, db: Path, unit: str) -> None:
    """Every bench ledger of one unit signs with one key (the unit's PCs set up from one backup), kept
    in work/unit-keys.json: the bench's bureaus have confirmed it (SPEC §15), so the files merge."""
    import sqlite3

    known = json.loads((work / "unit-keys.json").read_text()) if (work / "unit-keys.json").exists() else {}
    conn = sqlite3.connect(db)
    try:
        with conn:
            if unit in known:
                conn.execute("UPDATE settings SET value = ? WHERE key = 'signing_key'", (known[unit],))
            else:
                (known[unit],) = conn.execute("SELECT value FROM settings WHERE key = 'signing_key'").fetchone()
    finally:
        conn.close()
    (work / "unit-keys.json").write_text(json.dumps(known, ensure_ascii=False))


# The bureau confirms each unit's key, as after the first phone call (one process for all of them).
TRUST = """
import json, sys
from pathlib import Path
from app.exchange.signing import SigningKey
from app.store import keys
from app.store.ledger import Ledger
with Ledger(sys.argv[1]) as bureau, bureau.session() as s:  # a file path or a database URL
    for unit, private in json.loads(Path(sys.argv[2]).read_text()).items():
        public = SigningKey.from_text(json.loads(private)).public
        keys.trust(s, unit, keys.fingerprint(public), public)
"""


def fresh_bureau(work: Path, name: str) -> Path:
    template = work / "bureau-empty.db"
    if template.exists() and not current_schema(template):
        template.unlink()  # (--reuse of an older checkout's: every import would first upgrade its copy)
    if not template.exists():
        cli("--db", str(template), "init", "--unit", "区知识产权局")
        if (work / "unit-keys.json").exists():
            run = [PY, "-c", TRUST, str(template), str(work / "unit-keys.json")]
            subprocess.run(run, check=True, capture_output=True, cwd=ROOT)
    target = work / name
    shutil.copy(template, target)
    return target


def current_schema(ledger: Path) -> bool:
    """Whether a ledger file is at this checkout's schema revision."""
    out = subprocess.run(
        [PY, "-c", "import sys; from db.engine import head_revision as h, stored_revision as s; "
         "from pathlib import Path; print(s(Path(sys.argv[1])) == h())", str(ledger)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return out.strip() == "True"


def one_unit_year(work: Path, name: str, unit: str, rows: int, seed: int, *only: str) -> Path:
    """One unit's 2025 submission (a whole year in one file), from `ipledger demo`."""
    out = work / f"{name}-2025.xlsx"
    if not out.exists():
        db = work / f"{name}.db"
        db.unlink(missing_ok=True)
        cli("--db", str(db), "init", "--unit", unit, "--role", "office")
        unit_key(work, db, unit)
        cli("--db", str(db), "demo", "--units", "1", "--rows", str(rows), "--seed", str(seed), *only)
        cli("--db", str(db), "export", "--period", "2025", "-o", str(out))
    return out


# A fresh process that reads every cell of a workbook with calamine and nothing else.
CALAMINE_READ = (
    "import sys; from python_calamine import CalamineWorkbook; wb = CalamineWorkbook.from_path(sys.argv[1]); "
    "print(sum(len(r) for n in wb.sheet_names for r in wb.get_sheet_by_name(n).to_python()))"
)

# The least a whole import could take: a fresh process that loads SQLAlchemy (as the program must),
# reads every cell with calamine and inserts each sheet's rows, each with a digest, into a new SQLite
# file as the ledger is kept (WAL, synchronous=FULL), in one transaction: no validation, no planning,
# no preview, no index. What in `ipledger import` is above it is the program's own work.
FLOOR = """
import hashlib, sqlite3, sys
import sqlalchemy.orm
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
for i, name in enumerate(wb.sheet_names):
    rows = wb.get_sheet_by_name(name).to_python()
    n = max(map(len, rows), default=0)
    if len(rows) < 2 or not n:
        continue
    cols = ", ".join(f"c{j}" for j in range(n))
    db.execute(f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, digest BLOB, {cols})")
    cell = lambda v: v if isinstance(v, (str, int, float)) else str(v)  # (dates as text)
    pad = [None] * n
    db.executemany(
        f"INSERT INTO t{i} (digest, {cols}) VALUES (?{', ?' * n})",
        ((hashlib.blake2b(repr(r).encode(), digest_size=16).digest(), *map(cell, r), *pad[len(r):]) for r in rows[1:]),
    )
db.commit()
db.close()
"""


def whole(cmd: list[str], repeat: int) -> dict[str, float]:
    """Median wall time and peak RSS of a whole command run as a fresh process (interpreter start,
    imports, work and exit). Peak RSS is the largest of the process and any helper it started."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [PY, "-m", "bench.jobs", "child", *cmd],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return {**{k: statistics.median(r[k] for r in runs) for k in runs[0]}, "runs": repeat}


def rows_in(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    n = 0
    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        n += sum(
            max(0, len(wb.get_sheet_by_name(s).to_python()) - 1) for s in wb.sheet_names if s not in ("说明", "_meta")
        )
    return n


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="one run each, smaller inputs (a smoke test)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--reuse", action="store_true", help="keep the input workbooks an earlier run built")
    parser.add_argument(
        "--only",
        choices=["whole", "server", "district"],
        help="only the whole-process and start figures, only the server's, or only the district's",
    )
    parser.add_argument(
        "--skip-slow", action="store_true", help="leave out the openpyxl read and pandas baselines (minutes each)"
    )
    parser.add_argument("--no-server", action="store_true", help="leave out the PostgreSQL server's figures")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    work = args.work
    if not args.reuse:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("*bureau*.db"):  # every run imports into fresh ledgers
        stale.unlink()
    results: dict[str, dict] = {}

    def row(name: str, measured: dict, baseline: str | None = None) -> None:
        results[name] = dict(measured)
        if baseline:
            results[name]["ratio_to"] = baseline
            results[name]["ratio"] = measured["seconds"] / results[baseline]["seconds"]
        print(
            f"{name:48s} {measured['seconds']:8.3f} s  {measured.get('rss_mb', 0):7.0f} MB"
            + (f"  ×{results[name]['ratio']:.2f} of {baseline}" if baseline else "")
            + (f"  (helper process {measured['helper_rss_mb']:.0f} MB)" if measured.get("helper_rss_mb") else "")
            + (f"  ledger digest {measured['digest']}" if measured.get("digest") else ""),
            flush=True,
        )

    def measure(scale: str, files: list[Path], db: Path, period: str, what: str) -> None:
        """Export of one submission, import + merge of all files, consolidation: each beside its baselines."""
        base_write = f"{scale}: raw openpyxl write_only"
        row(base_write, job("raw_openpyxl_write", db, period, work / f"{scale}-w1.xlsx", repeat=repeat))
        row(
            f"{scale}: raw xlsxwriter",
            job("raw_xlsxwriter_write", db, period, work / f"{scale}-w2.xlsx", repeat=repeat),
        )
        row(f"{scale}: export {what}", job("export", db, period, work / f"{scale}-w3.xlsx", repeat=repeat), base_write)
        base_read, pandas = f"{scale}: raw calamine read", f"{scale}: pandas read+concat+write"
        row(base_read, job("raw_calamine_read", *files, repeat=repeat))
        if not args.skip_slow:
            row(f"{scale}: raw openpyxl read_only", job("raw_openpyxl_read", *files, repeat=1))
            row(pandas, job("pandas", work / f"{scale}-pandas.xlsx", *files, repeat=1))
        runs = [job("import", fresh_bureau(work, f"{scale}-bureau-{k}.db"), *files, repeat=1) for k in range(repeat)]
        merged = f"{scale}: import + merge all"
        row(merged, combined(runs), base_read)
        if pandas in results:
            results[merged]["vs_pandas"] = results[merged]["seconds"] / results[pandas]["seconds"]
        bureau = work / f"{scale}-bureau-0.db"
        same_rows = f"{scale}: export of the consolidated rows (2025)"
        row(same_rows, job("export_rows", bureau, "2025", work / f"{scale}-c0.xlsx", repeat=repeat))
        row(
            f"{scale}: consolidate 2025",
            job("consolidate", bureau, "2025", work / f"{scale}-c.xlsx", repeat=repeat),
            same_rows,
        )

    if args.only in (None, "district"):
        scales(args, work, repeat, measure, row, district_only=args.only == "district")
    if args.only == "server" or (args.only is None and not args.no_server):
        server(args, work, repeat, row)
    if args.only in (None, "whole"):
        whole_process(args, work, repeat, row)
    machine = (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    load = os.getloadavg()
    args.out.write_text(
        json.dumps(
            {
                "machine": machine,
                "load_average_at_end": [round(x, 2) for x in load],
                "quick": args.quick,
                "results": results,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"machine: {machine}; load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\nwritten: {args.out}")


def scales(
    args: argparse.Namespace, work: Path, repeat: int, measure: Callable, row: Callable, *, district_only: bool = False
) -> None:
    # A district's year: 25 units × 4 quarters of about 2,000 rows each.
    t = time.perf_counter()
    district = build_units(work, 600 if args.quick else 4200, "d")
    print(
        f"built {len(district)} district submissions, {rows_in(district):,} rows, in {time.perf_counter() - t:.0f} s",
        flush=True,
    )
    measure("district", district, work / "d-0.db", "2025Q1", "one submission")
    late_in_the_year(work, district, repeat, row)
    if district_only:
        return

    # Stress: 100 submissions of about 1,000 rows, and one 100,000-row patent-listing submission.
    t = time.perf_counter()
    stress = build_units(work, 300 if args.quick else 2100, "s")
    big_db = work / "s-listings.db"
    big = one_unit_year(work, "s-listings", "区科委", 5000 if args.quick else 100000, 7, "--only", "专利超市挂牌")
    stress.append(big)
    print(
        f"built {len(stress)} stress submissions, {rows_in(stress):,} rows, in {time.perf_counter() - t:.0f} s",
        flush=True,
    )
    measure("stress", stress, big_db, "2025", "100k listings")
    row("stress: filter keystroke, 100k listings (GUI busy)", job("filter", big_db, repeat=repeat))


def late_in_the_year(work: Path, district: list[Path], repeat: int, row: Callable) -> None:
    """The officer's Q4 import goes into a ledger already holding Q1–Q3, not into an empty one: the
    same Q4 files imported into both (Q1–Q3 imported once, untimed, and the ledger copied for each
    run), so a cost that grows with what the ledger holds shows as the ratio between the two."""
    q4 = [f for f in district if f.stem.endswith("Q4")]
    held = fresh_bureau(work, "district-bureau-q1-q3.db")
    job("import", held, *(f for f in district if f not in q4), repeat=1, env={"BENCH_DIGEST": "0"})
    empty, full = [], []
    for k in range(repeat):
        empty.append(
            job("import", fresh_bureau(work, f"district-bureau-q4-{k}.db"), *q4, repeat=1, env={"BENCH_DIGEST": "0"})
        )
        target = work / f"district-bureau-q1-q4-{k}.db"
        shutil.copy(held, target)
        full.append(job("import", target, *q4, repeat=1))  # its digest: the whole year's, as imported at once
    base = "district: import Q4 into an empty bureau"
    row(base, combined(empty))
    row("district: import Q4 into a bureau holding Q1–Q3", combined(full), base)


class LockWatch:
    """Samples, while importers run, what their server connections do: the share of the samples in
    which one waits for a lock another holds (what would serialise imports of different units)."""

    def __init__(self, url: str) -> None:
        import threading

        from sqlalchemy import create_engine

        self.engine = create_engine(url)
        self.busy = self.waiting = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from sqlalchemy import text

        query = text(
            "SELECT wait_event_type FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND pid <> pg_backend_pid() AND datname = current_database() AND state = 'active'"
        )
        with self.engine.connect() as conn:
            while not self.done.wait(0.1):
                for (kind,) in conn.execute(query):
                    self.busy += 1
                    self.waiting += kind == "Lock"

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self.engine.dispose()
        return self.waiting / self.busy if self.busy else 0.0


def server(args: argparse.Namespace, work: Path, repeat: int, row: Callable) -> None:
    """The district's year (25 units × 4 quarters) imported and consolidated on an SQLite file and on a
    PostgreSQL server (Debian's, started here in a temporary folder as tests/pgserver.py does), then
    by 1, 2 and 4 officers importing different units' files at once into one server ledger."""
    sys.path.insert(0, str(ROOT))
    from tests.pgserver import Server

    district = build_units(work, 600 if args.quick else 4200, "d")
    pg = Server()
    try:

        def pg_bureau() -> str:
            url = pg.url(pg.create_database())
            cli("--db", url, "init", "--unit", "区知识产权局")
            # the units' keys confirmed, as fresh_bureau's are: else every file is held (待确认签名), not merged
            run = [PY, "-c", TRUST, url, str(work / "unit-keys.json")]
            subprocess.run(run, check=True, capture_output=True, cwd=ROOT)
            return url

        sqlite_name, pg_name = "server: district year import, SQLite", "server: district year import, PostgreSQL"
        runs = [job("import", fresh_bureau(work, f"p-bureau-{k}.db"), *district, repeat=1) for k in range(repeat)]
        row(sqlite_name, combined(runs))
        urls = [pg_bureau() for _ in range(repeat)]
        runs = [job("import", url, *district, repeat=1) for url in urls]
        row(pg_name, combined(runs), sqlite_name)
        c_sqlite = "server: consolidate 2025, SQLite"
        row(c_sqlite, job("consolidate", work / "p-bureau-0.db", "2025", work / "p-c1.xlsx", repeat=repeat))
        row(
            "server: consolidate 2025, PostgreSQL",
            job("consolidate", urls[0], "2025", work / "p-c2.xlsx", repeat=repeat),
            c_sqlite,
        )
        by_unit: dict[str, list[Path]] = {}
        for f in district:
            by_unit.setdefault(f.name.split("-")[1], []).append(f)
        groups = list(by_unit.values())
        one, first = None, None
        for n in (1, 2, 4):
            times, cpu, waits = [], [], []
            for _ in range(repeat):
                url = pg_bureau()
                shares = [[f for g in groups[i::n] for f in g] for i in range(n)]
                watch = LockWatch(url)
                t = time.perf_counter()
                procs = [
                    subprocess.Popen([PY, "-m", "bench.jobs", "import", url, *map(str, share)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, "BENCH_DIGEST": "0"})  # timed from here
                    for share in shares
                ]  # fmt: skip
                used, turns = 0.0, 0
                for p in procs:
                    out, err = p.communicate()
                    if p.returncode:
                        raise RuntimeError(err.decode(errors="replace")[-2000:])
                    done = json.loads(out.decode().strip().splitlines()[-1])
                    used += done["cpu_seconds"] + done["helper_cpu_seconds"]
                    turns += done["waited_for_another"]
                times.append(time.perf_counter() - t)
                waits.append(watch.stop())
                if turns:  # different units: an import told to wait for another is a serialisation
                    print(f"{'':48s} {turns} importer(s) waited for another's advisory lock", flush=True)
                cpu.append(used)
            name = f"server: district year by {n} concurrent importer{'s' if n > 1 else ''}"
            wall = statistics.median(times)
            row(
                name,
                {
                    "seconds": wall,
                    "runs": repeat,
                    # the importers' own CPU (with their read-ahead helpers) per second: on 2 cores, 2 is all
                    "client_cores": statistics.median(cpu) / wall,
                    # share of the importers' server time spent waiting for a lock another holds
                    "lock_wait_share": statistics.median(waits),
                    "load": os.getloadavg()[0],
                },
                one,
            )
            print(
                f"{'':48s} importers used {statistics.median(cpu) / wall:.2f} cores; "
                f"{statistics.median(waits):.0%} of their server time waited on a lock (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
            first = first or statistics.median(times)
            if n > 1:
                print(f"{'':48s} {first / statistics.median(times):.2f}× faster than one importer", flush=True)
            one = one or name
    finally:
        pg.stop()


def whole_process(args: argparse.Namespace, work: Path, repeat: int, row: Callable) -> None:
    """Whole processes as a user starts them: one large submission through `ipledger import`
    beside a fresh-process calamine read of it; the command line's and the window's start."""
    # An installed program starts from its modules' bytecode (pip install and the frozen build write
    # it), as PySide6, SQLAlchemy and the baselines' other packages here do; this checkout's may be
    # missing or stale (PYTHONDONTWRITEBYTECODE=1 keeps Python from writing it), and compiling the
    # app's sources at every start cost it ~15 % of the window's start and ~10 % of `ipledger imports`.
    compiled = [PY, "-m", "compileall", "-q", "app", "db", "resources"]
    subprocess.run(compiled, check=True, capture_output=True, cwd=ROOT)
    one = one_unit_year(work, "w-unit", UNITS[0], 1500 if args.quick else 36500, 11)
    n = rows_in([one])
    base = "whole: python -c calamine read of one submission"
    row(base, {**whole([PY, "-c", CALAMINE_READ, str(one)], repeat), "rows": n})
    row(
        f"whole: ipledger import of one {n:,}-row submission",
        {**whole_import(work, one, repeat), "rows": n},
        base,
    )
    floor = []
    for k in range(repeat):
        db = work / f"whole-floor-{k}.db"
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        floor.append(whole([PY, "-c", FLOOR, str(one), str(db)], 1))
    row("whole: floor (SQLAlchemy, calamine read, bare insert)", {**combined(floor), "rows": n}, base)
    row("start: bare python -c pass", whole([PY, "-c", "pass"], repeat))
    row("start: ipledger --help", whole([PY, "-m", "app", "--help"], repeat), "start: bare python -c pass")
    row(
        "start: ipledger imports (command line, open a ledger, list)",
        whole([PY, "-m", "app", "--db", str(fresh_bureau(work, "cli-bureau.db")), "imports"], repeat),
        "start: bare python -c pass",
    )
    bare = [
        PY,
        "-c",
        "from PySide6.QtCore import QTimer; from PySide6.QtWidgets import QApplication, QMainWindow; "
        "app = QApplication([]); w = QMainWindow(); w.show(); QTimer.singleShot(0, app.quit); app.exec()",
    ]
    row("start: bare PySide6 QMainWindow", wall(bare, 5 if repeat > 1 else 1))
    window_db = work / "d-0.db" if (work / "d-0.db").exists() else work / "w-unit.db"
    # Shown: the window's frame painted (the ledger opens after it); filled: the ledger in it.
    for what, smoke in (("shown", "shown"), ("filled", "1")):
        row(
            f"start: ipledger to {what} main window",
            wall(
                [PY, "-m", "app", "--db", str(window_db), "gui"], 5 if repeat > 1 else 1, {"IPLEDGER_SMOKE_EXIT": smoke}
            ),
            "start: bare PySide6 QMainWindow",
        )
    frozen = ROOT / "dist" / "ipledger" / "ipledger"
    if frozen.exists():
        for what, smoke in (("shown", "shown"), ("filled", "1")):
            row(
                f"start: frozen build to {what} main window",
                wall([str(frozen), "--db", str(window_db), "gui"], 5, {"IPLEDGER_SMOKE_EXIT": smoke}),
                "start: bare PySide6 QMainWindow",
            )


def whole_import(work: Path, one: Path, repeat: int) -> dict[str, float]:
    """`ipledger --db NEW import FILE` as a fresh process, a new bureau ledger each run."""
    runs = []
    for k in range(repeat):
        db = fresh_bureau(work, f"whole-bureau-{k}.db")
        runs.append(whole([PY, "-m", "app", "--db", str(db), "import", str(one)], 1))
        digest = subprocess.run(
            [PY, "-m", "bench.jobs", "digest", str(db)], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout
        runs[-1]["digest"] = json.loads(digest.strip().splitlines()[-1])["digest"]
    return combined(runs) | {"runs": repeat}


if __name__ == "__main__":
    main()
