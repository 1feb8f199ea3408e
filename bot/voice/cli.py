"""Command-line equivalents of the voice features, for scripting and tests.

    python -m bot sessions add --commune que_phong --at "20/6/2025 8:00" --place "..." --topics "..."
    python -m bot sessions list [--all] [--json]
    python -m bot sessions cancel ID
    python -m bot questions list [--json] [--status pending] [--session ID] [--kind dialogue]
    python -m bot questions answer REF --text-file F
    python -m bot export questions --session ID --out F.xlsx [--format csv] [--with-contacts]
    python -m bot export feedback --out F.xlsx [--format csv] [--commune ID]

Commands that message citizens (answer, ``--notify``, cancel) connect to Telegram through the
Bot API with ``TELEGRAM_BOT_TOKEN`` and ``TELEGRAM_API_URL`` without polling, so they run beside
a running bot. Heavy imports happen inside the commands: ``python -m bot --help`` stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.store.voice_queue import STATUSES

if TYPE_CHECKING:
    from bot.core.services import Services
    from bot.store.voice import DialogueSession

ACTOR = "cli"
KINDS = ("faq_miss", "dialogue", "feedback")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``sessions``, ``questions`` and ``export`` to ``python -m bot``."""
    sessions = commands.add_parser("sessions", help="policy-dialogue sessions").add_subparsers(
        dest="sessions_command", required=True
    )
    add = sessions.add_parser("add", help="schedule a session")
    add.add_argument("--commune", required=True, help="commune id from content/deployment.yaml")
    add.add_argument("--at", required=True, help='local date and time, e.g. "20/6/2025 8:00"')
    add.add_argument("--place", required=True)
    add.add_argument("--topics", required=True)
    add.add_argument("--notify", action="store_true", help="tell the commune's subscribers")
    add.set_defaults(func=_sessions_add)
    listing = sessions.add_parser("list", help="upcoming sessions")
    listing.add_argument("--all", action="store_true", help="past and cancelled ones too")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=_sessions_list)
    cancel = sessions.add_parser("cancel", help="cancel a session and tell those who asked")
    cancel.add_argument("id", type=int)
    cancel.add_argument("--reason", default="")
    cancel.set_defaults(func=_sessions_cancel)

    questions = commands.add_parser("questions", help="the review queue").add_subparsers(
        dest="questions_command", required=True
    )
    qlist = questions.add_parser("list", help="queued questions and feedback, oldest first")
    qlist.add_argument("--json", action="store_true")
    qlist.add_argument("--status", choices=(*STATUSES, "all"), default="pending")
    qlist.add_argument("--session", type=int)
    qlist.add_argument("--commune")
    qlist.add_argument("--kind", choices=KINDS)
    qlist.set_defaults(func=_questions_list)
    answer = questions.add_parser("answer", help="answer a question and send it to the citizen")
    answer.add_argument("ref")
    answer.add_argument("--text-file", type=Path, required=True, help="UTF-8 text of the answer")
    answer.set_defaults(func=_questions_answer)

    export = commands.add_parser("export", help="spreadsheets for the dialogue team")
    what = export.add_subparsers(dest="export_command", required=True)
    for name in ("questions", "feedback"):
        sub = what.add_parser(name, help=f"{name} grouped by topic with counts")
        sub.add_argument("--out", type=Path, required=True)
        sub.add_argument("--format", choices=("xlsx", "csv"), help="default: from --out")
        sub.add_argument("--commune")
        if name == "questions":
            sub.add_argument("--session", type=int)
            sub.add_argument("--with-contacts", action="store_true",
                             help="add names and phones citizens left for their question")  # fmt: skip
        sub.set_defaults(func=_export)


@contextmanager
def opened(settings: Settings) -> Iterator[Services]:
    """The bot's services over the database, closed afterwards."""
    from bot.app import build_services

    services = build_services(settings)
    try:
        yield services
    finally:
        services.store.close()


@asynccontextmanager
async def messaging(settings: Settings) -> AsyncIterator[Services]:
    """Services whose hub reaches every configured channel (no receiving), closed afterwards."""
    from bot.app import build_engine
    from bot.runner import outbound

    engine = build_engine(settings)
    services = engine.services
    try:
        async with outbound(engine, settings) as channels:
            if not channels:
                print(
                    "No channel is configured (TELEGRAM_BOT_TOKEN, ZALO_*): "
                    "nothing can be sent to citizens",
                    file=sys.stderr,
                )
            yield services
            await services.tasks.drain()
    finally:
        services.store.close()


def create_session(services: Services, args: argparse.Namespace) -> DialogueSession | None:
    from bot.core.local_time import local_now, parse_when

    if services.deployment.commune(args.commune) is None:
        ids = ", ".join(c.id for c in services.deployment.communes)
        print(f"unknown commune {args.commune!r}; choose one of {ids}", file=sys.stderr)
        return None
    now = local_now(services)
    when = parse_when(args.at, now)
    if when is None or when <= now:
        print(f"--at {args.at!r} is not a future date and time", file=sys.stderr)
        return None
    session = services.store.voice.sessions.create(
        args.commune, when, args.place.strip(), args.topics.strip(), by=ACTOR
    )
    services.store.audit.record(ACTOR, "session create", role="admin", allowed=True,
                                detail=f"#{session.id} {session.commune} {when:%Y-%m-%dT%H:%M}")  # fmt: skip
    print(f"{session.id}\t{session.starts_at:%Y-%m-%d %H:%M}\t{session.commune}")
    return session


def _sessions_add(args: argparse.Namespace, settings: Settings) -> int:
    if not args.notify:
        with opened(settings) as services:
            return 0 if create_session(services, args) else 1

    async def run() -> int:
        from bot.voice.announce import announce_session

        async with messaging(settings) as services:
            session = create_session(services, args)
            if session is None:
                return 1
            campaign = await announce_session(services, session, actor=ACTOR)
            print(f"announced (campaign #{campaign})", file=sys.stderr)
            return 0

    return asyncio.run(run())


def _sessions_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core.local_time import local_now

    with opened(settings) as services:
        sessions_repo = services.store.voice.sessions
        found = sessions_repo.all() if args.all else sessions_repo.upcoming(local_now(services))
        counts = services.store.voice.queue.counts_by_session()
        rows = [
            {
                "id": s.id,
                "commune": s.commune,
                "starts_at": s.starts_at.isoformat(timespec="minutes"),
                "place": s.place,
                "topics": s.topics,
                "status": s.status,
                "questions": sum(counts.get(s.id, {}).values()),
                "pending": counts.get(s.id, {}).get("pending", 0),
            }
            for s in found
        ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']}\t{r['starts_at']}\t{r['commune']}\t{r['status']}\t"
                  f"{r['questions']} questions ({r['pending']} pending)\t{r['place']}")  # fmt: skip
    return 0


def _sessions_cancel(args: argparse.Namespace, settings: Settings) -> int:
    async def run() -> int:
        async with messaging(settings) as services:
            sessions_repo = services.store.voice.sessions
            session = sessions_repo.get(args.id)
            if session is None or session.cancelled:
                print(f"no scheduled session {args.id}", file=sys.stderr)
                return 1
            session = sessions_repo.cancel(session, by=ACTOR, reason=args.reason)
            services.store.audit.record(ACTOR, "session cancel", role="admin", allowed=True,
                                        detail=f"#{session.id} {args.reason}".strip())  # fmt: skip
            from bot.voice.announce import announce_cancellation

            told = await announce_cancellation(services, session, actor=ACTOR)
            print(f"cancelled session {session.id}; telling {told} citizens who asked")
            return 0

    return asyncio.run(run())


LISTED = ("ref", "kind", "status", "created_at", "commune", "session_id", "topic", "category",
          "anonymous", "flag", "merged_into", "text")  # fmt: skip


def _questions_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core.local_time import local_stamp
    from bot.store.voice_queue import QueueFilter

    status = None if args.status == "all" else args.status
    f = QueueFilter(session_id=args.session, commune=args.commune, kind=args.kind, status=status)
    with opened(settings) as services:
        queue = services.store.voice.queue
        items = queue.listing(f, limit=100_000)
        last = queue.last_answers([item.id for item in items])
        rows = []
        for item in items:
            answer = last.get(item.id)
            fields = {key: getattr(item, key) for key in LISTED}
            fields["anonymous"] = int(item.anonymous)  # as the JSON listing always showed it
            rows.append(fields | {"answer": answer and answer.text})
        local = {r["ref"]: local_stamp(services, r["created_at"]) for r in rows}
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            text = " ".join(r["text"].split())
            when = local[r["ref"]]
            print(f"{r['ref']}\t{r['status']}\t{r['kind']}\t{when}\t"
                  f"{r['commune'] or '-'}\t{r['flag'] or ''}\t{text[:100]}")  # fmt: skip
    return 0


def _questions_answer(args: argparse.Namespace, settings: Settings) -> int:
    from bot.core.messages import nfc
    from bot.voice import answers
    from bot.voice.typed_text import ANSWER_LIMIT

    try:
        text = nfc(args.text_file.read_text(encoding="utf-8")).strip()
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read {args.text_file}: {error}", file=sys.stderr)
        return 1
    if not text or len(text) > ANSWER_LIMIT:
        print(
            f"the answer must have 1 to {ANSWER_LIMIT} characters (has {len(text)})",
            file=sys.stderr,
        )
        return 1

    async def run() -> int:
        async with messaging(settings) as services:
            question = services.store.voice.queue.by_ref(args.ref)
            if question is None:
                print(f"no question {args.ref}", file=sys.stderr)
                return 1
            if question.status != "pending":
                print(f"{question.ref} is {question.status}, not pending", file=sys.stderr)
                return 1
            report = await answers.answer(services, question, text, actor=ACTOR)
            for ref, code in report.outcomes:
                print(f"{ref}\t{code}")
            for ref, code in report.undelivered:
                print(f"not delivered: {ref} ({code})", file=sys.stderr)
            return 0

    return asyncio.run(run())


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.voice import export

    fmt = args.format or ("csv" if args.out.suffix.lower() == ".csv" else "xlsx")
    questions = args.export_command == "questions"
    with opened(settings) as services:
        sessions = services.store.voice.sessions
        if questions and args.session is not None and sessions.get(args.session) is None:
            print(f"no session {args.session}", file=sys.stderr)
            return 1
        if questions:
            selection = export.Selection(session_id=args.session, commune=args.commune,
                                         contacts=args.with_contacts)  # fmt: skip
            write = export.questions_csv if fmt == "csv" else export.questions_xlsx
        else:
            selection = export.Selection(commune=args.commune)
            write = export.feedback_csv if fmt == "csv" else export.feedback_xlsx
        data = asyncio.run(write(services, selection))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            args.out.write_text(data, encoding="utf-8")
        else:
            args.out.write_bytes(data)
        detail = f"{args.export_command} {fmt} {selection}"
        services.store.audit.record(ACTOR, "export", role="admin", allowed=True, detail=detail)
    print(args.out)
    return 0
