"""``python -m bot``: run the bot, the terminal demo, and staff administration."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from bot import db_cli
from bot.config import Settings
from bot.metrics import cli as metrics_cli
from bot.staff import cli as voice_cli
from bot.store import ROLES, Store

Command = Callable[[argparse.Namespace, Settings], int]


def _staff_add(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings.database)
    member = store.staff.add(args.user, args.role, added_by="cli")
    store.audit.record(
        "cli", "staff add", role="admin", allowed=True, detail=f"{args.user} {args.role}"
    )
    print(f"{member.channel_id}\t{member.role}")
    return 0


def _staff_list(args: argparse.Namespace, settings: Settings) -> int:
    for member in Store.open(settings.database).staff.list():
        print(f"{member.channel_id}\t{member.role}\t{member.added_at}")
    return 0


def _staff_remove(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings.database)
    if not store.staff.remove(args.user):
        print(f"{args.user} is not staff", file=sys.stderr)
        return 1
    store.audit.record("cli", "staff remove", role="admin", allowed=True, detail=args.user)
    return 0


def _staff_link(args: argparse.Namespace, settings: Settings) -> int:
    from bot.web.auth import Auth
    from bot.web.command import console_base_url

    store = Store.open(settings.database)
    try:
        link = Auth(store).issue_link(args.user, console_base_url(settings))
    except PermissionError:
        print(f"{args.user} is not staff: add a role first (staff add)", file=sys.stderr)
        return 1
    store.audit.record("cli", "staff link", role="admin", allowed=True, detail=args.user)
    print(link)
    return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run

    run(settings)
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import demo

    demo(settings, user=args.user)
    return 0


def _channel_user(value: str) -> str:
    channel, sep, ident = value.partition(":")
    if not sep or not channel or not ident:
        raise argparse.ArgumentTypeError("use a channel-qualified id such as telegram:123456")
    return value


# Features add their own sub-commands: each entry is a function taking the sub-parsers
# object (``argparse._SubParsersAction``) and adding commands whose ``func`` is a ``Command``.
FEATURE_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []
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

    staff = commands.add_parser("staff", help="manage staff roles").add_subparsers(
        dest="staff_command", required=True
    )
    add = staff.add_parser("add", help="give a person a staff role")
    add.add_argument("user", type=_channel_user, help="e.g. telegram:123456")
    add.add_argument("--role", choices=ROLES, required=True)
    add.set_defaults(func=_staff_add)
    staff.add_parser("list", help="list staff").set_defaults(func=_staff_list)
    remove = staff.add_parser("remove", help="take a person's staff role away")
    remove.add_argument("user", type=_channel_user)
    remove.set_defaults(func=_staff_remove)
    link = staff.add_parser("link", help="print a one-time sign-in link to the web console")
    link.add_argument("user", type=_channel_user, help="a staff member, e.g. telegram:123456")
    link.set_defaults(func=_staff_link)
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
