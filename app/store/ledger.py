"""A ledger opened for use: the engine, transactions, and who this ledger belongs to."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from app.store import catalogue, settings
from app.vocabulary import collation
from app.vocabulary.kinds import KINDS
from db.backup import BUSY_TIMEOUT_S
from db.engine import (
    SCHEMA_LOCK,
    Location,
    describe_location,
    head_revision,
    integrity_problems,
    open_ledger,
    parse_location,
    session_factory,
    stored_revision,
)
from db.models import Unit

# How long a write of this thread waits for another program's write to end (SQLite's busy timeout,
# in ms): BUSY_TIMEOUT_S but in Ledger.briefly().
_WAIT_MS: ContextVar[int] = ContextVar("wait_ms", default=BUSY_TIMEOUT_S * 1000)


def _busy_timeout(dbapi_conn, record, _proxy) -> None:  # noqa: ANN001 - the pool's checkout event
    wait = _WAIT_MS.get()
    if record.info.get("wait_ms", BUSY_TIMEOUT_S * 1000) != wait:
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(wait)}")
        record.info["wait_ms"] = wait


def is_locked(exc: BaseException) -> bool:
    """Whether `exc` is SQLite's "database is locked": another program holds the write lock."""
    import sqlite3

    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and ("locked" in str(orig) or "busy" in str(orig))


class SetupError(ValueError):
    """The ledger cannot be set up as asked; the message is for the user."""


class Ledger:
    """A ledger in a file (SQLite; `path` is the file) or on a database server (PostgreSQL; `url` is
    its address and `path` is None: there is no file to copy or back up)."""

    def __init__(self, location: Path | str | Location) -> None:
        self.location = parse_location(location)
        self.path: Path | None = self.location if isinstance(self.location, Path) else None
        self.url = None if isinstance(self.location, Path) else self.location
        self._open()
        with self.session() as s:
            if self.on_server:  # two officers opening a new database at once: one seeds, the other waits
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
            if not catalogue.is_seeded(s):
                catalogue.seed_catalogue(s)
                settings.put(s, settings.LEDGER_ID, str(uuid.uuid4()))
                from app.store import keys  # a new ledger's signing key (SPEC §15)

                keys.own_key(s)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as s:
            yield s

    @contextmanager
    def briefly(self, wait_ms: int) -> Iterator[None]:
        """Writes in the block wait at most `wait_ms` for another program's write to end (a file
        ledger; a server's locks are per row), then raise its "database is locked" (is_locked):
        the window's saves while typing, which must not freeze it for an import's length."""
        token = _WAIT_MS.set(wait_ms)
        try:
            yield
        finally:
            _WAIT_MS.reset(token)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def on_server(self) -> bool:
        return self.url is not None

    @property
    def where(self) -> str:
        """Where the ledger is, as shown to people (a server's address without its password)."""
        return describe_location(self.location)

    def _open(self) -> None:
        self.engine = open_ledger(self.location)
        if not self.on_server:
            # Chinese sorts in pinyin order in SQL too (ORDER BY … COLLATE pinyin); a server has no
            # such collation, and app.store.browse sorts in Python there.
            event.listen(self.engine, "connect", collation.register)
            event.listen(self.engine, "checkout", _busy_timeout)
            self.engine.dispose()  # connections opened while migrating lack the collation
        self._sessions = session_factory(self.engine)

    def reopen(self) -> None:
        """Open the file again (after a backup was put in its place)."""
        self.engine.dispose()
        self._open()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- who this ledger belongs to -----------------------------------------------------------

    def setup(self, unit_name: str, role: str | None = None) -> Unit:
        with self.session() as s:
            unit = catalogue.find_unit(s, unit_name)
            if unit is None:
                close = catalogue.close_unit_names(s, unit_name)
                hint = f"您是不是要找：{'、'.join(close)}？" if close else "请用单位列表中的名称。"
                raise SetupError(f"没有名为“{unit_name}”的单位。{hint}")
            role = role or ("bureau" if unit.name == catalogue.BUREAU_UNIT else "office")
            if role not in settings.ROLES:
                raise SetupError(f"角色“{role}”无效，应为 office 或 bureau")
            settings.put(s, settings.UNIT, unit.name)
            settings.put(s, settings.ROLE, role)
            s.expunge(unit)
            return unit

    @property
    def unit_name(self) -> str:
        with self.session() as s:
            return str(settings.get(s, settings.UNIT))

    @property
    def role(self) -> str:
        with self.session() as s:
            return str(settings.get(s, settings.ROLE))

    def own_unit(self, s: Session) -> Unit:
        unit = catalogue.find_unit(s, str(settings.get(s, settings.UNIT)))
        if unit is None:
            raise SetupError("本台账尚未设置填报单位，请先运行 init --unit 单位名称")
        return unit


@dataclass
class HealthReport:
    path: Path | str
    schema: str | None
    latest_schema: str
    problems: list[str]
    units: int
    tasks: int  # of the plan in force this year
    indicators: int
    counts: dict[str, tuple[int, int]]  # sheet → (live, deleted)
    unit_name: str
    role: str
    plans: list[tuple[str, str, int, int]] = field(default_factory=list)  # name, years, tasks, indicators

    @property
    def healthy(self) -> bool:
        return not self.problems and self.schema == self.latest_schema


def health(ledger: Ledger) -> HealthReport:
    problems = integrity_problems(ledger.engine)
    with ledger.session() as s:
        counts = {}
        for kind in KINDS:
            rows = dict(s.execute(select(kind.model.deleted, func.count()).group_by(kind.model.deleted)).all())
            counts[kind.sheet] = (rows.get(False, 0), rows.get(True, 0))
        current = catalogue.plan_of_year(s, date.today().year) if catalogue.is_seeded(s) else None
        return HealthReport(
            path=ledger.path or ledger.where,
            schema=stored_revision(ledger.path or ledger.engine),
            latest_schema=head_revision(),
            problems=problems,
            units=s.scalar(select(func.count()).select_from(Unit)) or 0,
            tasks=len(catalogue.tasks(s, current)),
            indicators=len(catalogue.indicators(s, current)),
            counts=counts,
            unit_name=str(settings.get(s, settings.UNIT)),
            role=str(settings.get(s, settings.ROLE)),
            plans=[
                (p.name, p.years_label, len(catalogue.tasks(s, p)), len(catalogue.indicators(s, p)))
                for p in catalogue.plans(s)
            ],
        )
