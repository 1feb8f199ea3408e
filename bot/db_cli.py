"""``python -m bot db backup|restore``: the database's backups, for the IT team.

Thin commands over :mod:`bot.store.backup`; an operator mistake is one line on stderr and
exit code 1, never a traceback. docs/deploy.md has the procedures (cron, restore steps).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.store.backup import BackupError, backup, restore


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


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    try:
        done = backup(settings.db_path, args.path)
    except (BackupError, OSError) as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    print(f"backup written: {done.path} ({done.size_bytes} bytes, {done.citizens} citizens)")
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
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
