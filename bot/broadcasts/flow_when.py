"""``/guitin``, second half: when the campaign goes out, then the confirmation.

Now, a date and time, weekly (a weekday and a time) or monthly (a day 1–28 and a time);
the summary warns when the first sending falls in quiet hours.
"""

from __future__ import annotations

import datetime as dt

from bot.broadcasts import actions, compose, segments
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.flow_state import (
    FLOW,
    cancel_row,
    now_of,
    save,
    segment_of,
    tz_of,
    window_note,
)
from bot.broadcasts.service import poke, running_service
from bot.broadcasts.timing import (
    WEEKDAYS_VI,
    QuietHours,
    Recurrence,
    format_local,
    from_iso,
    parse_clock,
    parse_local,
    to_iso,
)
from bot.core.dates import DateError, example, problem_key
from bot.core.exits import at_choice_step
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn
from bot.staff.access import OFFICERS

router = Router()


def ask_when(turn: Turn) -> None:
    """Now, a date, weekly or monthly."""
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


async def choose_when(turn: Turn, data: dict, choice: str) -> None:
    """``now`` goes to the confirmation; the others ask for a date or a rule."""
    if choice == "now":
        await confirm_prompt(turn, {**data, "at": None, "every": None})
    elif choice == "at":
        save(turn, "at", data)
        turn.reply(
            turn.t("bc_ask_at", example=example(now_of(turn).astimezone(tz_of(turn)))),
            [cancel_row(turn)],
        )
    elif choice == "wk":
        save(turn, "weekday", data)
        days = [Button(name, f"bc:wd:{i}") for i, name in enumerate(WEEKDAYS_VI)]
        rows = [days[i : i + 3] for i in range(0, len(days), 3)]
        turn.reply(turn.t("bc_ask_weekday"), [*rows, cancel_row(turn)])
    elif choice == "mo":
        save(turn, "monthly", data)
        turn.reply(turn.t("bc_ask_monthly"), [cancel_row(turn)])
    else:
        raise StaleButton(turn.incoming.payload)


@router.step(FLOW, "at", roles=OFFICERS)
async def receive_at(turn: Turn) -> None:
    """A date and time typed by the officer."""
    data = dict(turn.expect(FLOW).data)
    at = read_at(turn)
    if at is not None:
        await confirm_prompt(turn, {**data, "at": to_iso(at), "every": None})


def read_at(turn: Turn) -> dt.datetime | None:
    """The typed date and time (:mod:`bot.core.dates`), or None after saying what is wrong."""
    now, tz = now_of(turn), tz_of(turn)
    try:
        return parse_local(turn.incoming.text, now=now, tz=tz)
    except DateError as problem:
        key = problem_key(problem, "bc_bad_at")
        local = now.astimezone(tz)
        turn.reply(
            turn.t(key, now=format_local(now, tz), example=example(local)), [cancel_row(turn)]
        )
        return None


@router.step(FLOW, "weekly_time", roles=OFFICERS)
async def receive_weekly_time(turn: Turn) -> None:
    data = dict(turn.expect(FLOW).data)
    try:
        at = parse_clock(turn.incoming.text)
    except ValueError:
        turn.reply(turn.t("bc_bad_time"), [cancel_row(turn)])
        return
    rule = Recurrence("weekly", int(data.get("weekday", 0)), at)
    await confirm_prompt(turn, {**data, "at": None, "every": str(rule)})


@router.step(FLOW, "monthly", roles=OFFICERS)
async def receive_monthly(turn: Turn) -> None:
    data = dict(turn.expect(FLOW).data)
    day, _, clock = turn.incoming.text.strip().partition(" ")
    try:
        rule = Recurrence.parse(f"monthly:{day}@{parse_clock(clock):%H:%M}")
    except ValueError:
        turn.reply(turn.t("bc_bad_monthly"), [cancel_row(turn)])
        return
    await confirm_prompt(turn, {**data, "at": None, "every": str(rule)})


async def retyped_at_confirm(turn: Turn) -> None:
    """At the confirmation a typed date and time changes when a one-off campaign goes out."""
    data = dict(turn.expect(FLOW, "confirm").data)
    if data.get("every") is None and _looks_like_a_date(turn.incoming.text):
        at = read_at(turn)
        if at is not None:
            await confirm_prompt(turn, {**data, "at": to_iso(at)})
        return
    await at_choice_step(turn)


def _looks_like_a_date(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


router.choice_step(FLOW, "confirm", roles=OFFICERS, handler=retyped_at_confirm)


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


async def confirm_prompt(turn: Turn, data: dict) -> None:
    """Sum up audience and time; the campaign exists only after "Xác nhận"."""
    save(turn, "confirm", data)
    segment = segment_of(data)
    text = turn.t(
        "bc_confirm",
        audience=segments.describe(turn.services, segment),
        count=await turn.services.store.read(lambda r: r.campaigns.count_recipients(segment)),
        when=describe_when(turn, data),
    )
    text += await window_note(turn, segment)
    resumes = quiet_resume(turn, first_time(turn, data))
    if resumes is not None:
        text += "\n" + turn.t("bc_quiet_note", when=resumes)
    turn.reply(text, [[Button(turn.t("bc_confirm_button"), "bc:ok")], cancel_row(turn)])


def quiet_resume(turn: Turn, moment: dt.datetime) -> str | None:
    """When sending really starts if ``moment`` falls in quiet hours ("07:00 sáng mai")."""
    quiet = running_quiet_hours(turn)
    tz = tz_of(turn)
    if quiet is None or not quiet.contains(moment, tz):
        return None
    end = quiet.ends_after(moment, tz).astimezone(tz)
    today = now_of(turn).astimezone(tz).date()
    days = (end.date() - today).days
    part = "sáng " if end.hour < 11 else ""
    day = {0: "nay", 1: "mai"}.get(days)
    return f"{end:%H:%M} {part}{day}" if day and part else f"{end:%H:%M} ngày {end:%d/%m/%Y}"


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
    segment = segment_of(data)
    campaign = await actions.create(
        turn.services.store, draft, segment=segment, created_by=turn.user, now=now_of(turn),
        at=at, recurrence=rule, tz=tz_of(turn),
    )  # fmt: skip
    user, role, detail = turn.user, turn.role, f"#{campaign.id}"
    await turn.services.store.write(
        lambda r: r.audit.record(user, "campaign create", role=role, allowed=True, detail=detail)
    )
    turn.clear_state()
    if at is None and rule is None:
        count = await turn.services.store.read(lambda r: r.campaigns.count_recipients(segment))
        resumes = quiet_resume(turn, now_of(turn))
        if resumes is None:
            turn.reply(turn.t("bc_created_now", id=campaign.id, count=count))
        else:
            turn.reply(turn.t("bc_created_quiet", id=campaign.id, count=count, when=resumes))
    else:
        turn.reply(turn.t("bc_created_later", id=campaign.id, when=describe_when(turn, data)))
    poke(turn.services)
