"""``python -m bot db backup|restore|copy``: the database's backups and the move to PostgreSQL.

Thin commands over :mod:`bot.store.backup` and :mod:`bot.store.copy`; an operator mistake is
one line on stderr and exit code 1, never a traceback. docs/deploy.md has the procedures
(cron, restore steps, moving to PostgreSQL).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.store import StoreError
from bot.store.backup import BackupError, backup, restore, run_lock
from bot.store.copy import CopyError, copy_database
from bot.store.database import describe, is_postgres


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``db backup`` and ``db restore`` on ``python -m bot``."""
    db = commands.add_parser("db", help="database backups").add_subparsers(
        dest="db_command", required=True
    )
    save = db.add_parser(
        "backup", help="copy the live database to PATH (a new file, or a folder for a dated one)"
    )
    save.add_argument("path", type=Path)
    save.set_defaults(func=_backup)
    load = db.add_parser(
        "restore", help="replace the database with the backup at PATH (stop the bot first)"
    )
    load.add_argument("path", type=Path)
    load.set_defaults(func=_restore)
    move = db.add_parser(
        "copy",
        help="copy the SQLite database into an empty PostgreSQL database (stop the bot first)",
    )
    move.add_argument("--to", required=True, metavar="URL", help="postgresql://user:pw@host/name")
    move.add_argument(
        "--from", dest="source", type=Path, metavar="PATH", help="the SQLite file (default BOT_DB)"
    )
    move.set_defaults(func=_copy)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    if settings.db_url:
        print(
            "backup copies a SQLite file; for PostgreSQL use pg_dump (docs/deploy.md)",
            file=sys.stderr,
        )
        return 1
    try:
        done = backup(settings.db_path, args.path)
    except (BackupError, OSError) as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    print(f"backup written: {done.path} ({done.size_bytes} bytes, {done.citizens} citizens)")
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    if settings.db_url:
        print(
            "restore writes a SQLite file; for PostgreSQL use pg_restore (docs/deploy.md)",
            file=sys.stderr,
        )
        return 1
    try:
        done = restore(args.path, settings.db_path)
    except (BackupError, OSError) as error:
        print(f"restore refused: {error}", file=sys.stderr)
        return 1
    print(
        f"restored {args.path} into {done.path} ({done.citizens} citizens); "
        "the previous database is kept beside it as *.before-restore-*"
    )
    return 0


def _copy(args: argparse.Namespace, settings: Settings) -> int:
    source: Path = args.source or settings.db_path
    if not is_postgres(args.to):
        print("copy --to takes a PostgreSQL URL (postgresql://user:pw@host/name)", file=sys.stderr)
        return 1
    try:
        with run_lock(source, exclusive=True):  # rows written meanwhile would be left behind
            done = copy_database(
                source, args.to, progress=lambda table, rows: print(f"  {table}: {rows} rows")
            )
    except (BackupError, CopyError, OSError, *StoreError) as error:
        print(f"copy failed: {error}", file=sys.stderr)
        return 1
    print(
        f"copied {done.total} rows in {len(done.rows)} tables from {source} to "
        f"{describe(args.to)} in {done.seconds:.1f} s; set BOT_DB to that URL and start the bot"
    )
    return 0
