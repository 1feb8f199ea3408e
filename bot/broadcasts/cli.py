"""``python -m bot.broadcasts``: campaigns from the command line, for scripting.

Commands change the database only; a running bot sees the change at its next re-read
(``BROADCAST_SYNC_SECONDS``). Sending is always done by the bot process (``python -m bot
run``), or by the benchmark (``python -m benchmarks.campaigns``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_services
from bot.broadcasts import actions, compose, report, segments
from bot.broadcasts.timing import Recurrence, format_local, from_iso, parse_local, utc_now
from bot.config import Settings
from bot.core.services import Services
from bot.store import Repositories
from bot.store.campaigns import Campaign


def _services(args: argparse.Namespace, settings: Settings) -> Services:
    if args.db:
        settings = dataclasses.replace(settings, db_path=Path(args.db))
    return build_services(settings, faq=None)


def _create(args: argparse.Namespace, services: Services) -> int:
    tz = ZoneInfo(services.settings.timezone)
    now = utc_now()
    raw = Path(args.text_file).read_text(encoding="utf-8").strip()
    draft = compose.Draft(
        html=raw if args.html else compose.escape(raw),
        photo_id=args.photo_id,
        document_id=args.document_id,
        document_name=args.document_name,
    )
    over = draft.overflow(services.texts.get("bc_footer"))
    if over:
        return _fail(f"the text is {over} characters over the limit of {draft.limit()}")
    segment = segments.parse(args.segment or ["all"])
    segments.check_known(services, segment)
    rule = Recurrence.parse(args.every) if args.every else None
    at = None
    if args.at and args.at != "now":
        at = parse_local(args.at, now=now, tz=tz)
        if at <= now and not rule:
            return _fail(f"{args.at} is in the past")
    officer = args.officer or "cli"
    campaign = services.store.call(
        lambda r: actions.create_in(r, draft, segment=segment, created_by=officer, now=now,
                                    at=at, recurrence=rule, tz=tz)
    )  # fmt: skip
    services.store.audit.record(
        "cli", "campaign create", role="admin", allowed=True, detail=f"#{campaign.id}"
    )
    count = services.store.campaigns.count_recipients(segment)
    assert campaign.next_run_at is not None
    when = format_local(from_iso(campaign.next_run_at), tz)
    print(f"campaign {campaign.id}: {count} recipients now, first sending at {when}")
    return 0


def _list(args: argparse.Namespace, services: Services) -> int:
    def read(r: Repositories) -> list[tuple[Campaign, report.RunReport]]:
        return [(c, report.read_latest(r, c.id)) for c in r.campaigns.recent(limit=args.limit)]

    for campaign, latest in services.store.call(read):
        print(report.list_line(services, campaign, latest))
    return 0


def _show(args: argparse.Namespace, services: Services) -> int:
    campaign = services.store.campaigns.get(args.id)
    if campaign is None:
        return _fail(f"no campaign {args.id}")
    tz = ZoneInfo(services.settings.timezone)
    latest = services.store.call(lambda r: report.read_latest(r, campaign.id))
    if args.json:
        done = latest.progress
        print(json.dumps({"id": campaign.id, "status": campaign.status, **done.as_dict()}))
    else:
        print(report.detail_text(services, campaign, tz, latest))
    return 0


def _change(args: argparse.Namespace, services: Services) -> int:
    tz = ZoneInfo(services.settings.timezone)
    try:
        store, campaign_id, now = services.store, args.id, utc_now()
        if args.command == "pause":
            campaign = store.call(lambda r: actions.pause_in(r, campaign_id, now=now))
        elif args.command == "resume":
            campaign = store.call(lambda r: actions.resume_in(r, campaign_id, now=now, tz=tz))
        else:
            campaign = store.call(lambda r: actions.cancel_in(r, campaign_id, now=now))
    except actions.ActionRefused as refused:
        return _fail(f"campaign {args.id}: cannot {args.command}, {refused}")
    services.store.audit.record(
        "cli", f"campaign {args.command}", role="admin", allowed=True, detail=f"#{args.id}"
    )
    print(f"campaign {campaign.id}: {campaign.status}")
    return 0


def _export(args: argparse.Namespace, services: Services) -> int:
    run = services.store.campaigns.latest_run(args.id)
    if run is None:
        return _fail(f"campaign {args.id} has not been sent yet")
    data = report.failures_csv(services.store.campaigns.failures(run.id))
    Path(args.out).write_bytes(data)
    rows = data.decode("utf-8-sig").count("\n") - 1
    print(f"{rows} recipient(s) not reached written to {args.out}")
    return 0


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot.broadcasts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str, func) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.add_argument("--db", help="database file (default: BOT_DB)")
        sub.set_defaults(func=func)
        return sub

    create = command("create", "create a campaign", _create)
    create.add_argument("--text-file", required=True, help="the message (UTF-8)")
    create.add_argument("--html", action="store_true", help="the file is Telegram-style HTML")
    create.add_argument(
        "--segment", action="append", metavar="SPEC",
        help="all | commune=ID[,ID] | household=ngheo[,...] | topic=ID[,ID]; repeat to combine",
    )  # fmt: skip
    create.add_argument("--at", help='local time "YYYY-MM-DD HH:MM" or "DD/MM HH:MM", or now')
    create.add_argument("--every", help="weekly:MON@08:00 or monthly:15@08:00")
    create.add_argument("--photo-id", help="a Telegram file_id to send as photo")
    create.add_argument("--document-id", help="a Telegram file_id to send as document")
    create.add_argument("--document-name")
    create.add_argument("--officer", help="channel id that receives the reports")
    listing = command("list", "list campaigns, newest first", _list)
    listing.add_argument("--limit", type=int, default=50)
    show = command("show", "a campaign's status and delivery report", _show)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true", help="counts as one JSON line")
    for name in ("pause", "resume", "cancel"):
        command(name, f"{name} a campaign", _change).add_argument("id", type=int)
    export = command("export-failures", "CSV of recipients not reached", _export)
    export.add_argument("id", type=int)
    export.add_argument("--out", required=True)
    return parser


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings or Settings.from_env()
    try:
        services = _services(args, settings)
    except ValueError as error:
        return _fail(str(error))
    try:
        return args.func(args, services)
    except (ValueError, OSError) as error:
        return _fail(str(error))
    finally:
        services.store.close()
