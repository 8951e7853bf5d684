"""Files that came from a unit and were refused (SPEC §9): kept beside the ledger, not in it — a refused
import writes nothing to the ledger — so that 催报 can tell the unit its file arrived, why it could not
be taken, and send the error list back, instead of saying nothing was received."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.paths import file_name_part
from app.vocabulary.periods import Period, parse_period

FOLDER = "refused"
LOG = "refused.jsonl"


@dataclass
class Refusal:
    unit: str
    period: Period
    file: str  # the name it came with
    at: datetime  # when it was refused (local time)
    errors: list[str]  # the first errors, as the preview said them
    count: int  # how many errors in all
    error_list: Path | None  # the 错误清单 workbook to send back


def folder(ledger_path: Path) -> Path:
    return Path(ledger_path).parent / FOLDER


def error_list_path(ledger_path: Path, unit: str, period: Period, file_hash: str) -> Path:
    """Where the error list of a refused file is kept (a name from the unit, never from the file)."""
    return folder(ledger_path) / f"{file_name_part(unit)}_{file_name_part(period.code)}_{file_hash[:12]}_错误清单.xlsx"


def record(
    ledger_path: Path, unit: str, period: Period, file: str, file_hash: str, errors: list[str], error_list: Path | None
) -> None:
    """Note that the unit's file for the period came and was refused (once per file content)."""
    folder(ledger_path).mkdir(parents=True, exist_ok=True)
    log = folder(ledger_path) / LOG
    if any(r.get("hash") == file_hash for r in _entries(log)):
        return
    entry = {
        "unit": unit,
        "period": period.code,
        "file": file,
        "hash": file_hash,
        "at": datetime.now().isoformat(timespec="seconds"),
        "errors": errors[:20],
        "count": len(errors),
        "error_list": str(error_list) if error_list else "",
    }
    with log.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _entries(log: Path) -> list[dict]:
    if not log.exists():
        return []
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash: the others still count
    return found


def latest(ledger_path: Path | None, unit: str, period: Period) -> Refusal | None:
    """The unit's latest refused file for the period, if any."""
    return latest_of_all(ledger_path).get((unit, period.code))


def latest_of_all(ledger_path: Path | None) -> dict[tuple[str, str], Refusal]:
    """Per (unit, period) the latest refused file, read once for a whole year view."""
    if ledger_path is None:
        return {}
    found: dict[tuple[str, str], Refusal] = {}
    for r in _entries(folder(ledger_path) / LOG):
        unit, period = str(r.get("unit", "")), str(r.get("period", ""))
        try:
            at = datetime.fromisoformat(r["at"])
            p = parse_period(period)  # the line's period code
        except (KeyError, TypeError, ValueError):  # PeriodError is a ValueError
            continue
        path = Path(r["error_list"]) if r.get("error_list") else None
        found[(unit, period)] = Refusal(
            unit,
            p,
            str(r.get("file", "")),
            at,
            [str(e) for e in r.get("errors", [])],
            int(r.get("count", 0)),
            path if path is not None and path.exists() else None,
        )
    return found
