"""Where the window's ledger is (SPEC §13): 本机文件 (a file on this PC) or 数据库服务器 (PostgreSQL).

The choice is kept in the user's configuration folder (app.paths.location_file) without the
password; a password is written to the user's pgpass file, where libpq (and so the driver) finds it
by itself — %APPDATA%\\postgresql\\pgpass.conf on Windows, ~/.pgpass elsewhere, or PGPASSFILE — so it
is never shown back, never in a URL on screen, and the same file serves psql and other tools.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL

from app.paths import atomic_write, chosen_location, location_file
from db.engine import LedgerError, parse_location, server_error_message

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> URL:
        return URL.create(
            "postgresql+psycopg", username=self.user, password=password or None, host=self.host,
            port=self.port, database=self.database,
        )  # fmt: skip

    @classmethod
    def of(cls, url: URL) -> Server:
        return cls(url.host or "", url.port or DEFAULT_PORT, url.database or "", url.username or "")


def pgpass_file() -> Path:
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _entry_key(server: Server) -> str:
    return ":".join(_escape(v) for v in (server.host, str(server.port), server.database, server.user)) + ":"


def has_saved_password(server: Server) -> bool:
    try:
        lines = pgpass_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.startswith(_entry_key(server)) for line in lines)


def save_password(server: Server, password: str) -> Path:
    """Keep the password in the user's pgpass file (readable by the user only), replacing an earlier
    one for the same server, database and user."""
    path = pgpass_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    key = _entry_key(server)
    lines = [line for line in lines if not line.startswith(key)] + [key + _escape(password)]
    with atomic_write(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if sys.platform != "win32":
            tmp.chmod(0o600)  # libpq ignores a pgpass file others can read
    return path


def chosen() -> str | None:
    return chosen_location()


def choose(location: Path | URL) -> None:
    """Use this ledger in the window (now, and at the next start; never with a password in it)."""
    if isinstance(location, URL):
        text = location.set(password=None).render_as_string(hide_password=False)
    else:
        text = str(location)
    with atomic_write(location_file()) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def choose_again(previous: str | None) -> None:
    """Put back the choice made before (a switch given up): `previous` as chosen() returned it."""
    if previous:
        with atomic_write(location_file()) as tmp:
            tmp.write_text(previous + "\n", encoding="utf-8")
    else:
        location_file().unlink(missing_ok=True)


def same_place(a: Path | URL, b: Path | URL) -> bool:
    """Whether two locations are one ledger (a file by its resolved path, a server's database by its
    address without the password)."""
    if isinstance(a, Path) or isinstance(b, Path):
        return isinstance(a, Path) and isinstance(b, Path) and a.expanduser().resolve() == b.expanduser().resolve()
    return a.set(password=None) == b.set(password=None)


def current_server() -> Server | None:
    text = chosen()
    if not text:
        return None
    try:
        location = parse_location(text)
    except LedgerError:
        return None
    return None if isinstance(location, Path) else Server.of(location)


def test_connection(server: Server, password: str | None = None) -> tuple[bool, str]:
    """Connect once (10 s at most) and say in Chinese what was found: a ledger (whose), an empty
    database the app can set up, another program's database, or why it failed."""
    from sqlalchemy import create_engine, inspect, text

    from db.engine import program_name

    engine = create_engine(
        server.url(password), connect_args={"connect_timeout": 10, "application_name": program_name()}
    )
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" in tables and "settings" in tables:
                unit = conn.execute(text("SELECT value FROM settings WHERE key = 'unit'")).scalar()
                whose = f"（{str(unit).strip(chr(34))}）" if unit else ""
                return True, f"连接成功：PostgreSQL {version}，数据库中已有台账{whose}。"
            if tables:
                return False, f"连接成功（PostgreSQL {version}），但该数据库中已有其他程序的数据表，不能用作台账。"
            return True, f"连接成功：PostgreSQL {version}，空数据库，首次使用时将建立台账。"
    except Exception as exc:  # noqa: BLE001 - every failure is told, none raised into the window
        return False, server_error_message(exc, server.url()) or f"无法连接数据库服务器：{type(exc).__name__}"
    finally:
        engine.dispose()
