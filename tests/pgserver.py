"""A throw-away PostgreSQL server for the tests and the benchmark (SPEC §13: a real server, no mock).

Debian's `postgresql` package (scripts/setup.sh test installs it) gives initdb and pg_ctl; the
server runs as an unprivileged user (root may not run it) from a temporary folder, listens on
127.0.0.1 at a free port and on a unix socket in that folder, and is removed when stopped. Its
superuser has a password (scram), so the tests go through the same URL and password paths as an
office's server; durability is off (fsync) because a test server's data need not survive a power cut.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

USER = "ipledger"
PASSWORD = "ledger-test-pw"
TEMPLATE = "ledger_template"


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        bindir = binaries()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (bash scripts/setup.sh test installs it)")
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="ipledger-pg-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:  # the server refuses to run as root
            self.user = "nobody"
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.data = self.folder / "data"
        self._template = False
        self._start()

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, user=self.user, cwd=self.folder)

    def _start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD)
        if self.user:
            os.chown(pwfile, pwd.getpwnam(self.user).pw_uid, -1)
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        pwfile.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB"
        )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                  "-o", options, "start")  # fmt: skip

    def url(self, dbname: str, *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql+psycopg://{USER}{secret}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):  # noqa: ANN201 - a psycopg connection in autocommit, over the unix socket
        import psycopg

        return psycopg.connect(host=str(self.folder), port=self.port, user=USER, dbname="postgres", autocommit=True)

    def create_database(self, name: str | None = None, *, migrated: bool = True) -> str:
        """An empty database, or (migrated) one whose schema the app's migrations already made: a
        copy of a template migrated once per server (the migrations' own run on an empty database
        is what `migrated=False` gives the tests that check it)."""
        name = name or "t_" + uuid.uuid4().hex[:12]
        template = "template0"
        if migrated:
            if not self._template:
                self._make_template()
            template = TEMPLATE
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def _make_template(self) -> None:
        from sqlalchemy.engine import make_url

        from db.engine import open_server

        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
        open_server(make_url(self.url(TEMPLATE))).dispose()
        self._template = True

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
