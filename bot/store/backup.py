"""Online backups of the SQLite database, restoring one, and the lock that keeps the two apart.

A backup uses SQLite's backup API in a single step: it reads one consistent snapshot while the
bot goes on writing (WAL mode lets writers and a reader work at once), so it is safe to take
from cron beside the running bot. The copy is written to a temporary file, checked with
``PRAGMA integrity_check`` and then renamed into place, so a half-written backup never carries
the final name.

Restoring writes a backup over the live database through the same API, which replaces every
page in one transaction and deals with the WAL itself (copying the file over a database with a
``-wal`` beside it would corrupt it). It must not happen under a running bot: ``run`` and
``demo`` hold a shared lock on ``<database>.lock`` for their lifetime and restore takes it
exclusively, so it refuses while any bot process is running on that database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A bot database records its schema steps in one of these (the second before issue #16).
MIGRATIONS_TABLES = {"schema_migrations", "_sqlite_migrations"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


class BotRunning(BackupError):
    """Restore refused: a bot process holds the database's run lock."""


@dataclass(frozen=True)
class Copied:
    """A finished backup or restore."""

    path: Path
    size_bytes: int
    citizens: int


def lock_path(database: Path) -> Path:
    """The run-lock file that goes with ``database``."""
    return database.with_name(database.name + ".lock")


@contextlib.contextmanager
def run_lock(database: Path | str, *, exclusive: bool = False) -> Iterator[None]:
    """Hold the run lock of ``database``: shared for a bot, exclusive for a restore.

    Raises :class:`BotRunning` when ``exclusive`` and a bot holds it. A lock dies with its
    process, so a bot killed with ``kill -9`` leaves nothing to clean up. (No-op on Windows and
    for in-memory databases.)
    """
    if str(database) == ":memory:" or sys.platform == "win32":
        yield
        return
    import fcntl

    path = lock_path(Path(database))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            if exclusive:
                raise BotRunning(
                    f"a bot is running on {database}: stop it first "
                    "(systemctl stop giamngheo-bot / docker compose stop bot)"
                ) from None
            # Another bot is restoring? Wait for the restore rather than start mid-copy.
            fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def backup_target(target: Path, *, now: dt.datetime | None = None) -> Path:
    """``target`` itself, or a timestamped ``bot-YYYYMMDD-HHMMSS.db`` in it when a folder."""
    if target.is_dir():
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        return target / f"bot-{stamp}.db"
    return target


def backup(database: Path, target: Path) -> Copied:
    """Copy the live ``database`` to ``target`` (a new file, or a folder to put one in)."""
    if not database.is_file():
        raise BackupError(f"no database at {database}")
    target = backup_target(target)
    if target.exists():
        raise BackupError(f"{target} exists: choose a new name or a folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _connect(database) as source, _connect(partial) as copy:
            source.backup(copy)  # pages=-1: one step, one consistent snapshot
        citizens = _check(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Copied(target, target.stat().st_size, citizens)


def restore(backup_file: Path, database: Path) -> Copied:
    """Replace ``database`` with ``backup_file``; the old one is kept beside it first.

    Raises :class:`BotRunning` while a bot runs on ``database``, :class:`BackupError` when
    ``backup_file`` is not a sound bot database.
    """
    if not backup_file.is_file():
        raise BackupError(f"no backup at {backup_file}")
    citizens = _check(backup_file)
    with run_lock(database, exclusive=True):
        if database.is_file():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup(database, database.with_name(f"{database.name}.before-restore-{stamp}"))
        database.parent.mkdir(parents=True, exist_ok=True)
        with _connect(backup_file) as source, _connect(database) as live:
            source.backup(live)
        _check(database)
    return Copied(database, database.stat().st_size, citizens)


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def _check(path: Path) -> int:
    """Raise unless ``path`` is an intact bot database; its number of citizens."""
    try:
        with _connect(path) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if result != "ok":
                raise BackupError(f"{path} is damaged: {result}")
            if "citizens" not in tables or not tables & MIGRATIONS_TABLES:
                raise BackupError(f"{path} is not a database of this bot")
            return int(db.execute("SELECT count(*) FROM citizens").fetchone()[0])
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error})") from None
