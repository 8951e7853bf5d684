"""Shared fixtures: every test gets its own ledger and never touches the user's folders."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The action plan's notice (the spec's seed/000_16ba785a0e610339.txt), kept inside the repository
# so that a fresh clone with nothing beside it runs the whole suite.
PLAN_TEXT = Path(__file__).resolve().parent / "data" / "plan_notice.txt"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("IPLEDGER_DB", raising=False)


@pytest.fixture(autouse=True)
def _leaks_fail_their_own_test():
    """A file left open in a reference cycle (a read-only workbook not closed) warns only when the
    collector frees it, which may be in any later test; collecting here fails the test that left it.
    What lived before the test is set aside first, so each collection only goes through the test's
    own objects (a full collection per test would add a minute to the suite)."""
    gc.freeze()
    yield
    gc.collect()
    gc.unfreeze()  # what a longer-lived fixture leaves when it ends is collected in a later test


BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked both_backends (or in a module so marked) that uses a ledger runs on an SQLite
    file and on a PostgreSQL server; every other test runs on SQLite only."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the whole run (tests/pgserver.py), started on first use."""
    from tests.pgserver import Server, binaries

    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: scripts/setup.sh test installs it")
        pytest.skip("PostgreSQL is not installed (bash scripts/setup.sh test installs it)")
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def new_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest):
    """Factory: where a new ledger goes — a file in tmp_path (SQLite), or a fresh empty database on
    the test server (PostgreSQL), dropped at the end of the test."""
    made: list[str] = []
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None

    def make(name: str = "ledger.db"):
        if server is None:
            return tmp_path / name
        made.append(server.create_database())
        return server.url(made[-1])

    yield make
    for name in made:
        server.drop_database(name)


@pytest.fixture
def ledger_path(new_location):
    """The test's ledger: a file path, or a database URL when the test runs on PostgreSQL."""
    return new_location("ledger.db")


@pytest.fixture
def ledger(ledger_path: Path):
    from app.store.ledger import Ledger

    with Ledger(ledger_path) as opened:
        opened.setup("长寿路街道")
        _acquaint(opened)
        yield opened


def make_ledger(path, unit: str, role: str | None = None, *, trusted: bool = True):  # noqa: ANN001 - a path or a URL
    """A ledger set up for `unit`. With `trusted` (the default) it and the other ledgers the test
    module made have confirmed each other's signing keys (see _acquainted); tests of a first
    contact, a forged or an unknown key pass trusted=False."""
    from app.store.ledger import Ledger

    ledger = Ledger(path)
    ledger.setup(unit, role)
    if trusted:
        _acquaint(ledger)
    return ledger


# Ledgers made in one test module, by path, with their unit, role and key: as in the field after
# the first phone call, the bureau knows each unit's key and each unit the bureau's (SPEC §15).
# Merges, reviews and reports are tested between acquainted ledgers; the keys' own tests
# (test_signatures) start from strangers.
_ACQUAINTED: dict[str, tuple[str, str, bytes]] = {}  # by db_arg: a file or a server's URL


@pytest.fixture(autouse=True, scope="module")
def _acquainted():
    _ACQUAINTED.clear()
    yield
    _ACQUAINTED.clear()


def _acquaint(ledger) -> None:  # noqa: ANN001
    from app.store import keys
    from app.store.ledger import Ledger

    with ledger.session() as s:
        me = (str(ledger.unit_name), str(ledger.role), keys.own_key(s).public)
    here = db_arg(ledger)
    _ACQUAINTED[here] = me
    for where, (unit, role, public) in list(_ACQUAINTED.items()):
        if where == here or role == me[1] or ("://" not in where and not Path(where).exists()):
            continue  # only between the bureau and the units
        _confirm(ledger, unit, public)
        try:
            other = Ledger(where)
        except Exception:  # noqa: BLE001 - a ledger an earlier test of the module dropped
            continue
        try:
            _confirm(other, me[0], me[2])
        finally:
            other.close()


def _confirm(ledger, unit: str, public: bytes) -> None:
    """`ledger` knows `public` as `unit`'s key (the latest ledger made for a unit is the one trusted)."""
    from app.store import keys

    with ledger.session() as s:
        if keys.own_key(s).public == public:  # databases cloned from one template share a key
            return
        known = keys.key_of(s, keys.find_unit(s, unit).id)
        if known is not None and known.public_key == public.hex():
            return
        if known is not None:
            keys.untrust(s, unit)
        keys.trust(s, unit, keys.fingerprint(public), public)


@pytest.fixture
def ledgers(new_location):
    """Factory of set-up ledgers (files in tmp_path, or databases on the test server), closed at the
    end of the test."""
    opened = []

    def make(unit: str, role: str | None = None, name: str | None = None):
        ledger = make_ledger(new_location(name or f"{unit}.db"), unit, role)
        opened.append(ledger)
        return ledger

    yield make
    for ledger in opened:
        ledger.close()


def add_record(ledger, kind, **values) -> str:
    """Create a record of this ledger's own unit, as the window would; returns its id."""
    from app.store import records

    with ledger.session() as s:
        unit = ledger.own_unit(s)
        full = {f.key: values.get(f.key) for f in kind.input_fields}
        return records.create(s, kind, unit.id, full).id


def edit_record(ledger, kind, record_id: str, **values) -> None:
    from app.store import records

    with ledger.session() as s:
        records.update(s, kind, s.get(kind.model, record_id), values)


def delete_record(ledger, kind, record_id: str) -> None:
    from app.store import records

    with ledger.session() as s:
        records.delete(s, kind, s.get(kind.model, record_id))


def record_values(ledger, kind, record_id: str) -> dict | None:
    with ledger.session() as s:
        record = s.get(kind.model, record_id)
        if record is None:
            return None
        return {f.key: getattr(record, f.key) for f in kind.input_fields} | {
            "revision": record.revision,
            "deleted": record.deleted,
            "unit_id": record.unit_id,
        }


def add_listing(ledger, **overrides) -> str:
    """A valid patent-supermarket listing of this ledger's unit, with any field overridden."""
    from datetime import date

    from app.vocabulary.kinds import PATENT_LISTING

    values = {
        "patent_no": "202310123456.6",
        "title": "一种检测装置",
        "holder": "华东师范大学",
        "deal_mode": "转让",
        "listed_on": date(2025, 1, 5),
        "listing_status": "在架",
        **overrides,
    }
    return add_record(ledger, PATENT_LISTING, **values)


def db_arg(ledger) -> str:  # noqa: ANN001 - app.store.ledger.Ledger
    """The ledger's place as `--db` takes it: its file, or its server's URL with the password."""
    if ledger.path is not None:
        return str(ledger.path)
    return ledger.url.render_as_string(hide_password=False)


def trust(receiver, *senders) -> None:
    """`receiver` confirms each sender ledger's signing key, as its clerk would after reading the
    fingerprint over the phone (`ipledger trust`): their signed files then merge instead of being
    held as 待确认签名 (SPEC §15)."""
    from app.store import keys

    for sender in senders:
        with sender.session() as s:
            unit, public = str(sender.unit_name), keys.own_key(s).public
        with receiver.session() as s:
            keys.trust(s, unit, keys.fingerprint(public), public)
