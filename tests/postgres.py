"""A throwaway PostgreSQL server on 127.0.0.1 for the tests, and fresh databases on it.

``PostgresServer.start`` runs Debian's ``initdb`` into a temporary folder and ``pg_ctl start``
on a free port (as the ``postgres`` user when the tests run as root: the server refuses to
run as root). Durability is switched off (``fsync=off``): the data dies with the test run.
Each test gets its own database, copied from a migrated template (``CREATE DATABASE …
TEMPLATE``), which takes a few milliseconds instead of migrating again.

``BOT_TEST_POSTGRES_URL`` points the tests at an existing server instead (a superuser URL,
e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``); ``BOT_TEST_POSTGRES=required``
(set by ``.ci/run``) turns "no server could be started" from a skip into a failure.

``BOT_TEST_BACKEND=postgresql`` runs the whole suite on PostgreSQL: every bot the tests start
(``tests.harness.make_settings``) gets a fresh database of its own on this process's server
instead of a SQLite file, dropped when the test ends. Tests that open a SQLite file on purpose
(backups, upgrades of old files, ``db copy``) still do.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bot.config import Settings

REQUIRED = os.environ.get("BOT_TEST_POSTGRES", "") == "required"
TEMPLATE = "bot_template"
# Which database the bots of the whole suite use: "sqlite" (the default) or "postgresql".
BACKEND = os.environ.get("BOT_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    raise SystemExit(f"BOT_TEST_BACKEND must be sqlite or postgresql, not {BACKEND!r}")


class NoServer(Exception):
    """No PostgreSQL server can be started here; the message says why and what to install."""


def find_bindir() -> Path:
    """Where ``initdb`` and ``pg_ctl`` are: ``BOT_TEST_PG_BIN``, Debian's folders, or PATH."""
    if configured := os.environ.get("BOT_TEST_PG_BIN"):
        if not (Path(configured) / "initdb").exists():
            raise NoServer(f"BOT_TEST_PG_BIN={configured} holds no initdb")
        return Path(configured)
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if debian:
        return Path(debian[-1]).parent
    if found := shutil.which("initdb"):
        return Path(found).parent
    raise NoServer(
        "PostgreSQL's initdb was not found: install Debian's `postgresql` package "
        "(apt-get install postgresql), or set BOT_TEST_POSTGRES_URL to a server"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server: ``admin_url`` reaches its ``postgres`` database as superuser."""

    admin_url: str
    folder: Path | None = None
    bindir: Path | None = None
    _owner: list[str] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls) -> PostgresServer:
        if url := os.environ.get("BOT_TEST_POSTGRES_URL"):
            return cls(admin_url=url)
        bindir = find_bindir()
        folder = Path(tempfile.mkdtemp(prefix="bot-test-pg-"))
        owner: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            runuser = shutil.which("runuser")
            if runuser is None:
                raise NoServer("running as root and `runuser` is missing")
            shutil.chown(folder, "postgres", "postgres")
            owner = [runuser, "-u", "postgres", "--"]
        data, port = folder / "data", free_port()
        server = cls(f"postgresql://postgres@127.0.0.1:{port}/postgres", folder, bindir, owner)
        try:
            server._run(
                "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions",
            )  # fmt: skip
            options = (
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            )
            server._run(
                "pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
                "-w", "-t", "60", "start",
            )  # fmt: skip
        except (OSError, subprocess.CalledProcessError) as error:
            log = folder / "server.log"
            said = getattr(error, "stderr", b"") or b""
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            server.stop()
            raise NoServer(
                f"the test server did not start: {said.decode(errors='replace')[-400:]} {tail}"
                f"({error})"
            ) from None
        return server

    def _run(self, program: str, *args: str) -> None:
        assert self.bindir is not None
        command = [*self._owner, str(self.bindir / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def url(self, database: str) -> str:
        return self.admin_url.rsplit("/", 1)[0] + "/" + database

    @contextlib.contextmanager
    def admin(self) -> Iterator[psycopg.Connection]:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            yield conn

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); its URL."""
        name = f"bot_test_{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template}" if template else ""
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.folder is None:
            return
        if (self.folder / "data" / "postmaster.pid").exists():
            with contextlib.suppress(OSError, subprocess.CalledProcessError):
                self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class _Shared:
    """This test process's one server, started on first use and stopped at exit; the
    migrated template databases are copied from; the databases made for the running test."""

    server: PostgresServer | None = None
    template: str | None = None
    made_for_test: dict[str, str] = {}  # the SQLite path a test gave → its database's URL


def shared_server() -> PostgresServer:
    """The process's server (``NoServer`` when none can be started here)."""
    if _Shared.server is None:
        _Shared.server = PostgresServer.start()
        atexit.register(_Shared.server.stop)
    return _Shared.server


def template_database() -> str:
    """The name of a database migrated to the newest schema, made once per process."""
    if _Shared.template is None:
        from bot.store import Store  # the tests' store, imported only when a server runs

        url = shared_server().create_database()
        Store.open(url).close()
        _Shared.template = url.rsplit("/", 1)[1]
    return _Shared.template


def database_for_test(path: Path) -> str:
    """The PostgreSQL database standing in for the SQLite file ``path`` in the running test:
    fresh and migrated on first use, the same one for the same path (a restarted bot finds
    its data); dropped after the test (``drop_test_databases``, autouse in conftest)."""
    key = str(path)
    if key not in _Shared.made_for_test:
        server = shared_server()
        _Shared.made_for_test[key] = server.create_database(template=template_database())
    return _Shared.made_for_test[key]


def drop_test_databases() -> None:
    made, _Shared.made_for_test = _Shared.made_for_test, {}
    for url in made.values():
        shared_server().drop_database(url)


def on_test_backend(settings: Settings) -> Settings:
    """``settings`` with the database of the suite's backend: unchanged on SQLite, and with
    ``BOT_TEST_BACKEND=postgresql`` a database standing in for its SQLite file."""
    if BACKEND != "postgresql" or settings.db_url:
        return settings
    return dataclasses.replace(settings, db_url=database_for_test(settings.db_path))
