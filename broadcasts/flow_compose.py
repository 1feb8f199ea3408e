"""``/guitin``: an officer writes a message, picks the audience and the time, confirms.

Steps (flow ``broadcast``, kept in the store so a restart resumes): message → audience
(buttons, live recipient count) → when (now, a date, weekly, monthly) → confirm. The
officer sees an exact preview: the very message citizens will receive.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn
from bot.store.campaigns import Segment
from broadcasts import actions, compose, segments
from broadcasts.config import BroadcastConfig
from broadcasts.service import poke, running_service
from broadcasts.timing import (
    WEEKDAYS_VI,
    QuietHours,
    Recurrence,
    format_local,
    from_iso,
    parse_clock,
    parse_local,
    to_iso,
    utc_now,
)

router = Router()

FLOW = "broadcast"
OFFICERS = ("admin", "officer")
PAYLOAD_BYTES = 64
FIELD_CODES = {"c": "communes", "h": "households", "t": "topics"}
FILE_KINDS = ("photo", "document")


def now_of(turn: Turn) -> dt.datetime:
    """The running service's clock (tests inject one), else the real time."""
    service = running_service(turn.services)
    return service.clock() if service else utc_now()


def tz_of(turn: Turn) -> ZoneInfo:
    return ZoneInfo(turn.services.settings.timezone)


def cancel_row(turn: Turn) -> list[Button]:
    return [Button(turn.t("bc_cancel_button"), "bc:x")]


@router.command("guitin", "Soạn và gửi tin cho bà con đã đăng ký", roles=OFFICERS)
async def start(turn: Turn) -> None:
    """Ask for the message."""
    turn.set_state(FLOW, "message")
    turn.reply(turn.t("bc_ask_message"), [cancel_row(turn)])


@router.step(FLOW, "message")
async def receive_message(turn: Turn) -> None:
    """Take the officer's message (formatting, one photo or document), show the preview."""
    incoming = turn.incoming
    files = [a for a in incoming.attachments if a.kind in FILE_KINDS and a.file_id]
    if any(a.kind not in FILE_KINDS for a in incoming.attachments):
        turn.reply(turn.t("bc_unsupported_file"), [cancel_row(turn)])
        return
    text_html = incoming.html or compose.escape(incoming.text)
    photo = next((a for a in files if a.kind == "photo"), None)
    document = next((a for a in files if a.kind == "document"), None)
    draft = compose.Draft(
        html=text_html,
        photo_id=photo.file_id if photo else None,
        document_id=document.file_id if document and not photo else None,
        document_name=document.filename if document and not photo else None,
    )
    footer = turn.t("bc_footer")
    over = draft.overflow(footer)
    if over:
        turn.reply(turn.t("bc_too_long", over=over, limit=draft.limit()), [cancel_row(turn)])
        return
    data: dict[str, object] = {
        "html": draft.html,
        "photo": draft.photo_id,
        "doc": draft.document_id,
        "doc_name": draft.document_name,
        "seg": {},
    }
    turn.set_state(FLOW, "audience", **data)
    turn.reply(turn.t("bc_preview_intro"))
    turn.replies.append(compose.outgoing(draft, footer))
    ask_audience(turn, Segment())


def _segment(data: dict) -> Segment:
    seg = data.get("seg") or {}
    return Segment(
        communes=tuple(seg.get("communes", ())),
        households=tuple(seg.get("households", ())),
        topics=tuple(seg.get("topics", ())),
    )


def _save(turn: Turn, step: str, data: dict, segment: Segment | None = None) -> None:
    if segment is not None:
        data["seg"] = {
            "communes": list(segment.communes),
            "households": list(segment.households),
            "topics": list(segment.topics),
        }
    turn.set_state(FLOW, step, **data)


def ask_audience(turn: Turn, segment: Segment) -> None:
    """The audience summary with its live count, and the ways to change it."""
    campaigns = turn.services.store.campaigns
    count = campaigns.count_recipients(segment)
    rows = [
        [Button(turn.t("bc_audience_all_button", count=campaigns.count_recipients(Segment())), "bc:all")],
        [
            Button(turn.t("bc_audience_communes_button"), "bc:pick:c"),
            Button(turn.t("bc_audience_households_button"), "bc:pick:h"),
        ],
    ]  # fmt: skip
    if segments.choices(turn.services, "topics"):
        rows.append([Button(turn.t("bc_audience_topics_button"), "bc:pick:t")])
    if not segment.everyone:
        rows.append([Button(turn.t("bc_audience_clear_button"), "bc:clr")])
    rows.append([Button(turn.t("bc_audience_next_button", count=count), "bc:next")])
    rows.append(cancel_row(turn))
    audience = segments.describe(turn.services, segment)
    text = (
        turn.t("bc_ask_audience", audience=audience) + "\n" + turn.t("bc_count_line", count=count)
    )
    turn.reply(text, rows)


def ask_pick(turn: Turn, segment: Segment, code: str) -> None:
    """Toggle buttons for one field (✅ marks the chosen values)."""
    field = FIELD_CODES[code]
    chosen: tuple[str, ...] = getattr(segment, field)
    rows = []
    for value, label in segments.choices(turn.services, field):
        payload = f"bc:tg:{code}:{value}"
        if len(payload.encode()) <= PAYLOAD_BYTES:
            rows.append([Button(("✅ " if value in chosen else "") + label, payload)])
    if not rows:
        turn.reply(turn.t("bc_no_topics"))
        ask_audience(turn, segment)
        return
    rows.append([Button(turn.t("bc_done_button"), "bc:done")])
    count = turn.services.store.campaigns.count_recipients(segment)
    turn.reply(turn.t(f"bc_pick_{field}") + "\n" + turn.t("bc_count_line", count=count), rows)


def ask_when(turn: Turn) -> None:
    turn.reply(
        turn.t("bc_ask_when"),
        [
            [Button(turn.t("bc_when_now_button"), "bc:w:now")],
            [Button(turn.t("bc_when_at_button"), "bc:w:at")],
            [
                Button(turn.t("bc_when_weekly_button"), "bc:w:wk"),
                Button(turn.t("bc_when_monthly_button"), "bc:w:mo"),
            ],
            cancel_row(turn),
        ],
    )


@router.action("bc")
async def button(turn: Turn) -> None:
    """Every button of the flow: ``bc:<what>[:args]``."""
    what, *args = turn.args or ("",)
    if what == "x":
        turn.clear_state()
        turn.reply(turn.t("bc_compose_cancelled"))
        return
    data = dict(turn.expect(FLOW).data)
    segment = _segment(data)
    if what in ("all", "next"):
        segment = Segment() if what == "all" else segment
        if not turn.services.store.campaigns.count_recipients(segment):
            _save(turn, "audience", data, segment)
            turn.reply(turn.t("bc_no_recipients"))
            ask_audience(turn, segment)
            return
        _save(turn, "when", data, segment)
        ask_when(turn)
    elif what == "pick" and args and args[0] in FIELD_CODES:
        _save(turn, "audience", data)
        ask_pick(turn, segment, args[0])
    elif what == "tg" and len(args) == 2 and args[0] in FIELD_CODES:
        segment = segments.toggle(segment, FIELD_CODES[args[0]], args[1])
        _save(turn, "audience", data, segment)
        ask_pick(turn, segment, args[0])
    elif what in ("done", "clr"):
        segment = Segment() if what == "clr" else segment
        _save(turn, "audience", data, segment)
        ask_audience(turn, segment)
    elif what == "w" and args:
        await choose_when(turn, data, args[0])
    elif what == "wd" and args and args[0].isdigit() and int(args[0]) < 7:
        _save(turn, "weekly_time", {**data, "weekday": int(args[0])})
        turn.reply(turn.t("bc_ask_weekly_time"), [cancel_row(turn)])
    elif what == "ok":
        await confirm(turn, data)
    else:
        raise StaleButton(turn.incoming.payload)


async def choose_when(turn: Turn, data: dict, choice: str) -> None:
    """``now`` goes to the confirmation; the others ask for a date or a rule."""
    if choice == "now":
        confirm_prompt(turn, {**data, "at": None, "every": None})
    elif choice == "at":
        _save(turn, "at", data)
        turn.reply(turn.t("bc_ask_at"), [cancel_row(turn)])
    elif choice == "wk":
        _save(turn, "weekday", data)
        days = [Button(name, f"bc:wd:{i}") for i, name in enumerate(WEEKDAYS_VI)]
        rows = [days[i : i + 3] for i in range(0, len(days), 3)]
        turn.reply(turn.t("bc_ask_weekday"), [*rows, cancel_row(turn)])
    elif choice == "mo":
        _save(turn, "monthly", data)
        turn.reply(turn.t("bc_ask_monthly"), [cancel_row(turn)])
    else:
        raise StaleButton(turn.incoming.payload)


@router.step(FLOW, "at")
async def receive_at(turn: Turn) -> None:
    """A date and time typed by the officer."""
    data = dict(turn.expect(FLOW).data)
    now, tz = now_of(turn), tz_of(turn)
    try:
        at = parse_local(turn.incoming.text, now=now, tz=tz)
    except ValueError:
        turn.reply(turn.t("bc_bad_at"), [cancel_row(turn)])
        return
    if at <= now:
        turn.reply(turn.t("bc_past_at", now=format_local(now, tz)), [cancel_row(turn)])
        return
    confirm_prompt(turn, {**data, "at": to_iso(at), "every": None})


@router.step(FLOW, "weekly_time")
async def receive_weekly_time(turn: Turn) -> None:
    data = dict(turn.expect(FLOW).data)
    try:
        at = parse_clock(turn.incoming.text)
    except ValueError:
        turn.reply(turn.t("bc_bad_time"), [cancel_row(turn)])
        return
    rule = Recurrence("weekly", int(data.get("weekday", 0)), at)
    confirm_prompt(turn, {**data, "at": None, "every": str(rule)})


@router.step(FLOW, "monthly")
async def receive_monthly(turn: Turn) -> None:
    data = dict(turn.expect(FLOW).data)
    day, _, clock = turn.incoming.text.strip().partition(" ")
    try:
        rule = Recurrence.parse(f"monthly:{day}@{parse_clock(clock):%H:%M}")
    except ValueError:
        turn.reply(turn.t("bc_bad_monthly"), [cancel_row(turn)])
        return
    confirm_prompt(turn, {**data, "at": None, "every": str(rule)})


@router.step(FLOW, "audience")
@router.step(FLOW, "when")
@router.step(FLOW, "weekday")
@router.step(FLOW, "confirm")
async def buttons_only(turn: Turn) -> None:
    """Free text where a button is expected: say so, change nothing."""
    turn.reply(turn.t("bc_use_buttons"), [cancel_row(turn)])


def describe_when(turn: Turn, data: dict) -> str:
    tz = tz_of(turn)
    if data.get("every"):
        first = format_local(first_time(turn, data), tz)
        return f"{Recurrence.parse(data['every']).describe()} (lần đầu: {first})"
    if data.get("at"):
        return format_local(from_iso(data["at"]), tz)
    return turn.t("bc_when_now")


def first_time(turn: Turn, data: dict) -> dt.datetime:
    """When the campaign will first go out."""
    if data.get("every"):
        return Recurrence.parse(data["every"]).next_after(now_of(turn), tz_of(turn))
    return from_iso(data["at"]) if data.get("at") else now_of(turn)


def confirm_prompt(turn: Turn, data: dict) -> None:
    """Sum up audience and time; the campaign exists only after "Xác nhận"."""
    _save(turn, "confirm", data)
    segment = _segment(data)
    text = turn.t(
        "bc_confirm",
        audience=segments.describe(turn.services, segment),
        count=turn.services.store.campaigns.count_recipients(segment),
        when=describe_when(turn, data),
    )
    quiet = running_quiet_hours(turn)
    if quiet is not None and quiet.contains(first_time(turn, data), tz_of(turn)):
        text += "\n" + turn.t(
            "bc_quiet_note", start=f"{quiet.start:%H:%M}", end=f"{quiet.end:%H:%M}"
        )
    turn.reply(text, [[Button(turn.t("bc_confirm_button"), "bc:ok")], cancel_row(turn)])


def running_quiet_hours(turn: Turn) -> QuietHours | None:
    service = running_service(turn.services)
    if service is not None:
        return service.config.quiet_hours
    return BroadcastConfig.from_env(timezone=turn.services.settings.timezone).quiet_hours


async def confirm(turn: Turn, data: dict) -> None:
    """Create the campaign and wake the scheduler."""
    turn.expect(FLOW, "confirm")
    draft = compose.Draft(data["html"], data.get("photo"), data.get("doc"), data.get("doc_name"))
    rule = Recurrence.parse(data["every"]) if data.get("every") else None
    at = from_iso(data["at"]) if data.get("at") else None
    segment = _segment(data)
    campaign = actions.create(
        turn.services.store, draft, segment=segment, created_by=turn.user, now=now_of(turn),
        at=at, recurrence=rule, tz=tz_of(turn),
    )  # fmt: skip
    turn.services.store.audit.record(
        turn.user, "campaign create", role=turn.role, allowed=True, detail=f"#{campaign.id}"
    )
    turn.clear_state()
    if at is None and rule is None:
        count = turn.services.store.campaigns.count_recipients(segment)
        turn.reply(turn.t("bc_created_now", id=campaign.id, count=count))
    else:
        turn.reply(turn.t("bc_created_later", id=campaign.id, when=describe_when(turn, data)))
    poke(turn.services)
