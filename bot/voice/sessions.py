"""Officers manage policy-dialogue sessions in Telegram (/phien).

Create: commune → date and time → place → topics → confirm, then the offer to tell the
commune's subscribers. Edit one field; cancel (citizens who sent questions are told);
download the session's questions as a spreadsheet. Payloads ``ph:...``; flow ``session``.
"""

from __future__ import annotations

import datetime as dt

from bot.core.dates import DateError, example, parse_moment, problem_key
from bot.core.local_time import format_when, local_now
from bot.core.messages import Attachment, Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id
from bot.staff.access import OFFICERS, audit
from bot.store.voice import DialogueSession
from bot.voice import announce, export
from bot.voice.dialogue_sessions import describe_session

router = Router()

FLOW = "session"
router.choice_step(FLOW, "confirm", roles=OFFICERS)
router.choice_step(FLOW, "commune", roles=OFFICERS)
SHOWN = 8
RECENT = dt.timedelta(days=7)
FIELDS = {"w": "starts_at", "p": "place", "t": "topics"}


@router.command("phien", "Buổi đối thoại chính sách: tạo, sửa, hủy, tải câu hỏi", roles=OFFICERS)
async def sessions_command(turn: Turn) -> None:
    """Upcoming and last week's sessions, with what can be done to each."""
    services = turn.services
    now = local_now(services)
    sessions, counts = await services.store.read(
        lambda r: (r.voice.sessions.since(now - RECENT)[:SHOWN], r.voice.queue.counts_by_session())
    )
    lines, rows = [turn.t("ph_title")], []
    for session in sessions:
        by_status = counts.get(session.id, {})
        state = (
            "ph_state_cancelled"
            if session.cancelled
            else "ph_state_open"
            if session.is_open(now)
            else "ph_state_past"
        )
        lines.append(
            turn.t(
                "ph_line",
                id=session.id,
                state=turn.t(state),
                session=describe_session(services, session),
                total=sum(by_status.values()),
                pending=by_status.get("pending", 0),
            )
        )
        if session.is_open(now):
            rows.append([Button(turn.t("ph_edit_button", id=session.id), f"ph:e:{session.id}"),
                         Button(turn.t("ph_cancel_button", id=session.id), f"ph:x:{session.id}")])  # fmt: skip
        if not session.cancelled:
            rows.append([Button(turn.t("ph_questions_button", id=session.id), f"cq:l:s{session.id}:0"),
                         Button(turn.t("ph_download_button", id=session.id), f"ph:d:{session.id}")])  # fmt: skip
    if not sessions:
        lines.append(turn.t("ph_none"))
    rows.append([Button(turn.t("ph_new_button"), "ph:n")])
    turn.reply("\n\n".join(lines), rows)


async def session_arg(turn: Turn, *, open_only: bool) -> DialogueSession:
    """The session a ``ph:<action>:<session>`` button names (an open one when asked)."""
    raw = turn.args[1] if len(turn.args) > 1 else ""
    number = parse_id(raw)
    session = (
        await turn.services.store.read(lambda r: r.voice.sessions.get(number))
        if number is not None
        else None
    )
    if session is None:
        raise StaleButton(turn.incoming.payload)
    if open_only and not session.is_open(local_now(turn.services)):
        raise StaleButton(turn.incoming.payload)
    return session


@router.action("ph", roles=OFFICERS)
async def session_button(turn: Turn) -> None:
    """``ph:<action>[:<session>[:<field>]]``."""
    services = turn.services
    match turn.args:
        case ("l",):
            turn.clear_state()
            await sessions_command(turn)
        case ("n",):
            turn.set_state(FLOW, "commune")
            rows = [[Button(c.name, f"ph:c:{c.id}")] for c in services.deployment.communes]
            turn.reply(
                turn.t("ph_ask_commune"), [*rows, [Button(turn.t("cq_cancel_button"), "ph:l")]]
            )
        case ("c", commune) if services.deployment.commune(commune) is not None:
            turn.expect(FLOW, "commune")
            turn.set_state(FLOW, "when", commune=commune)
            turn.reply(turn.t("ph_ask_when", example=example(local_now(turn.services))))
        case ("ok",):
            await save(turn, turn.expect(FLOW, "confirm").data)
        case ("e", _):
            session = await session_arg(turn, open_only=True)
            rows = [[Button(turn.t(f"ph_field_{f}"), f"ph:f:{session.id}:{f}")] for f in FIELDS]
            turn.reply(turn.t("ph_ask_field", session=describe_session(services, session)), rows)
        case ("f", _, field) if field in FIELDS:
            session = await session_arg(turn, open_only=True)
            turn.set_state(FLOW, "edit", session=session.id, field=field)
            now = local_now(turn.services)
            turn.reply(
                turn.t(f"ph_ask_{field}" if field != "w" else "ph_ask_when", example=example(now))
            )
        case ("x", _):
            session = await session_arg(turn, open_only=True)
            turn.reply(
                turn.t("ph_cancel_confirm", session=describe_session(services, session)),
                [
                    [Button(turn.t("ph_cancel_yes"), f"ph:xy:{session.id}")],
                    [Button(turn.t("ph_cancel_no"), "ph:l")],
                ],
            )
        case ("xy", _):
            await cancel(turn, await session_arg(turn, open_only=True))
        case ("a", _):
            session = await session_arg(turn, open_only=True)
            await announce.announce_session(services, session, actor=turn.user)
            count = await services.store.read(lambda r: r.voice.count_subscribers(session.commune))
            turn.reply(turn.t("ph_announce_campaign", count=count))
        case ("d" | "dc" as what, _):
            await download(turn, await session_arg(turn, open_only=False), contacts=what == "dc")
        case _:
            raise StaleButton(turn.incoming.payload)


async def download(turn: Turn, session: DialogueSession, *, contacts: bool) -> None:
    """The session's questions as Excel; with the call-back contacts only when asked for.

    Citizens left a name and phone for a call-back after the session; the officer who calls
    them gets them on an explicit, audited request, not in every download.
    """
    selection = export.Selection(session_id=session.id, contacts=contacts)
    data = await export.questions_xlsx(turn.services, selection)
    suffix = "-lien-he" if contacts else ""
    name = f"cau-hoi-doi-thoai-{session.id}-{session.starts_at:%Y%m%d}{suffix}.xlsx"
    detail = f"session #{session.id} xlsx" + (" with contacts" if contacts else "")
    audit(turn, "export questions", detail)
    file = Attachment("document", filename=name, data=data)
    if contacts:
        turn.reply(turn.t("ph_download_contacts_caption", id=session.id), document=file)
        return
    turn.reply(turn.t("ph_download_caption", id=session.id), document=file)
    turn.reply(
        turn.t("ph_download_contacts_offer"),
        [[Button(turn.t("ph_download_contacts_button"), f"ph:dc:{session.id}")]],
    )


def read_value(turn: Turn, field: str) -> object | None:
    """The typed value for ``field`` (w, p, t), or None after telling what is wrong."""
    text = " ".join(turn.incoming.text.split())
    if turn.incoming.attachments and not text:
        turn.reply(turn.t("voice_text_only"))
        return None
    if field == "w":
        now = local_now(turn.services)
        try:
            return parse_moment(text, now=now)
        except DateError as problem:
            key = problem_key(problem, "ph_bad_when")
            turn.reply(turn.t(key, now=format_when(now), example=example(now)))
            return None
    limit = 200 if field == "p" else 300
    if not 3 <= len(text) <= limit:
        turn.reply(turn.t("ph_bad_text", limit=limit))
        return None
    return text


# A new session's typed steps: step -> (field, data key, next step, its question).
CREATE_STEPS = {
    "when": ("w", "when", "place", "ph_ask_p"),
    "place": ("p", "place", "topics", "ph_ask_t"),
    "topics": ("t", "topics", "confirm", None),
}


@router.step(FLOW, "when", roles=OFFICERS)
@router.step(FLOW, "place", roles=OFFICERS)
@router.step(FLOW, "topics", roles=OFFICERS)
async def detail_typed(turn: Turn) -> None:
    """Date and time, place, topics of a new session; then the summary to confirm."""
    state = turn.expect(FLOW)
    field, key, next_step, question = CREATE_STEPS[state.step]
    value = read_value(turn, field)
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = value.isoformat(timespec="minutes")
    data = {**state.data, key: value}
    turn.set_state(FLOW, next_step, **data)
    if question is not None:
        turn.reply(turn.t(question))
        return
    draft = DialogueSession(0, data["commune"], dt.datetime.fromisoformat(data["when"]),
                            data["place"], data["topics"], "scheduled", None, None)  # fmt: skip
    turn.reply(
        turn.t("ph_confirm", session=describe_session(turn.services, draft)),
        [[Button(turn.t("ph_save_button"), "ph:ok")], [Button(turn.t("cq_cancel_button"), "ph:l")]],
    )


async def save(turn: Turn, data: dict) -> None:
    """Create the confirmed session; offer to tell the commune's subscribers."""
    services = turn.services
    when = dt.datetime.fromisoformat(data["when"])
    if when <= local_now(services):
        turn.set_state(FLOW, "when", commune=data["commune"])
        turn.reply(turn.t("ph_when_past"))
        return
    commune, place, topics = data["commune"], data["place"], data["topics"]
    session = await services.store.write(
        lambda r: r.voice.sessions.create(commune, when, place, topics, by=turn.user)
    )
    turn.clear_state()
    audit(turn, "session create", f"#{session.id} {session.commune} {data['when']}")
    count = await services.store.read(lambda r: r.voice.count_subscribers(session.commune))
    turn.reply(
        turn.t(
            "ph_created", id=session.id, session=describe_session(services, session), count=count
        ),
        [
            [Button(turn.t("ph_announce_button", count=count), f"ph:a:{session.id}")],
            [Button(turn.t("ph_no_announce"), "ph:l")],
        ],
    )


@router.step(FLOW, "edit", roles=OFFICERS)
async def edit_typed(turn: Turn) -> None:
    """A new value for one field of an upcoming session."""
    state = turn.expect(FLOW, "edit")
    store, session_id = turn.services.store, state.data["session"]
    session = await store.read(lambda r: r.voice.sessions.get(session_id))
    if session is None or not session.is_open(local_now(turn.services)):
        turn.clear_state()
        raise StaleButton("session edit")
    field = state.data["field"]
    value = read_value(turn, field)
    if value is None:
        return
    found, change = session, {FIELDS[field]: value}
    session = await store.write(lambda r: r.voice.sessions.update(found, **change))
    turn.clear_state()
    audit(turn, "session edit", f"#{session.id} {FIELDS[field]}")
    turn.reply(
        turn.t("ph_edited", session=describe_session(turn.services, session)),
        [
            [Button(turn.t("ph_announce_again_button"), f"ph:a:{session.id}")],
            [Button(turn.t("cq_back_button"), "ph:l")],
        ],
    )


async def cancel(turn: Turn, session: DialogueSession) -> None:
    """Cancel the session; the citizens who sent it questions are told."""
    services, found = turn.services, session
    session = await services.store.write(lambda r: r.voice.sessions.cancel(found, by=turn.user))
    audit(turn, "session cancel", f"#{session.id}")
    told = await announce.announce_cancellation(services, session, actor=turn.user)
    turn.reply(turn.t("ph_cancelled", id=session.id, count=told))
