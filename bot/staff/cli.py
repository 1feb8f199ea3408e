"""``python -m bot staff add|list|remove|link``: who has which staff role."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.store import ROLES, Store


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
        link = Auth(store).issue_link_now(args.user, console_base_url(settings))
    except PermissionError:
        print(f"{args.user} is not staff: add a role first (staff add)", file=sys.stderr)
        return 1
    store.audit.record("cli", "staff link", role="admin", allowed=True, detail=args.user)
    print(link)
    return 0


def _channel_user(value: str) -> str:
    channel, sep, ident = value.partition(":")
    if not sep or not channel or not ident:
        raise argparse.ArgumentTypeError("use a channel-qualified id such as telegram:123456")
    return value


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``staff`` to ``python -m bot``."""
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
