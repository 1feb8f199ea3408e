"""``python -m bot``: run the bot, the terminal demo, and staff administration."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from bot import db_cli
from bot.config import Settings
from bot.metrics import cli as metrics_cli
from bot.staff import cli as staff_cli
from bot.voice import cli as voice_cli

Command = Callable[[argparse.Namespace, Settings], int]


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run

    run(settings)
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import demo

    demo(settings, user=args.user)
    return 0


# Features add their own sub-commands: each entry is a function taking the sub-parsers
# object (``argparse._SubParsersAction``) and adding commands whose ``func`` is a ``Command``.
FEATURE_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []
FEATURE_COMMANDS.append(staff_cli.add_commands)
FEATURE_COMMANDS.append(voice_cli.add_commands)
FEATURE_COMMANDS.append(metrics_cli.add_commands)
FEATURE_COMMANDS.append(db_cli.add_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run", help="run every configured channel (Telegram, Zalo); the terminal demo if none"
    ).set_defaults(func=_run)
    demo = commands.add_parser("demo", help="chat with the bot in the terminal (stdin)")
    demo.add_argument("--user", default="demo", help="the demo citizen's id (default: demo)")
    demo.set_defaults(func=_demo)

    for add_commands in FEATURE_COMMANDS:
        add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Command = args.func
    return func(args, settings or Settings.from_env())


def console_main() -> None:
    """The ``giamngheo-bot`` command and ``python -m bot``: exit with :func:`main`'s status."""
    try:
        sys.exit(main())
    except BrokenPipeError:
        # Output piped into a command that stopped reading (``| head``): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
