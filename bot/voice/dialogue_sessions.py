"""Questions for policy-dialogue sessions (/doithoai) and a citizen's own list (/cauhoicuatoi).

Flow ``dialogue``: pick a session → ``question`` (type it) → ``contact`` (leave a name and
phone? only with explicit consent, only for this question) → ``name`` → ``phone`` → sent,
with a reference code. The text waits in the dialogue state (SQLite) until it is sent, so a
restart in the middle resumes at the same step.
"""

from __future__ import annotations

from bot.citizens.onboarding import ask_consent
from bot.core.local_time import format_when, local_now, local_stamp
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.services import Services
from bot.core.turn import StaleButton, Turn, parse_id
from bot.store import Repositories
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueAnswer, QueueItem
from bot.voice.abuse import is_abusive
from bot.voice.contact_details import clean_name, normalise_phone
from bot.voice.repeats import repeat_of, repeat_since
from bot.voice.topic_guess import guess_topic
from bot.voice.typed_text import QUESTION_LIMIT, typed_text

router = Router()

FLOW = "dialogue"
router.choice_step(FLOW, "contact")
SHOWN_SESSIONS = 5


def describe_session(services: Services, session: DialogueSession) -> str:
    """The session as citizens and staff read it: when, where, which topics."""
    commune = services.deployment.commune(session.commune)
    return services.texts.get(
        "dt_session",
        when=format_when(session.starts_at),
        commune_name=commune.name if commune else session.commune,
        place=session.place,
        topics=session.topics or "—",
    )


async def upcoming_for(turn: Turn) -> list[DialogueSession]:
    citizen = turn.citizen
    commune = citizen.commune if citizen is not None else None
    now = local_now(turn.services)
    return await turn.services.store.read(lambda r: r.voice.sessions.upcoming(now, commune=commune))


@router.command("doithoai", "Lịch đối thoại chính sách, gửi câu hỏi trước buổi đối thoại")
async def schedule(turn: Turn) -> None:
    """Show the upcoming sessions of the citizen's commune, each with a button to ask."""
    sessions = await upcoming_for(turn)
    citizen = turn.citizen
    turn.event("dialogue_schedule_viewed", outcome=str(len(sessions)))
    if not sessions:
        turn.reply(turn.t("dt_none"))
        return
    blocks = [turn.t("dt_schedule_title")]
    if citizen is None or citizen.commune is None:
        blocks.append(turn.t("dt_all_communes"))
    rows = []
    for session in sessions[:SHOWN_SESSIONS]:
        blocks.append(describe_session(turn.services, session))
        label = turn.t("dt_ask_button", date=f"{session.starts_at:%d/%m}")
        rows.append([Button(label, f"dt:s:{session.id}")])
    turn.reply("\n\n".join(blocks), rows)


@router.intent("doi_thoai.lich")
async def schedule_intent(turn: Turn) -> None:
    await schedule(turn)


@router.intent("doi_thoai.gui_cau_hoi")
async def ask_intent(turn: Turn) -> None:
    """ "Gửi câu hỏi cho buổi đối thoại" (or "câu hỏi của tôi sao rồi"): the schedule with its
    ask buttons, and the citizen's own questions one tap away."""
    await schedule(turn)
    citizen = turn.citizen
    if citizen is None:
        return
    asked = await turn.services.store.read(lambda r: r.voice.queue.of_citizen(citizen, limit=1))
    if asked:
        turn.reply(
            turn.t("dt_my_questions_hint"), [[Button(turn.t("dt_my_questions_button"), "my:all")]]
        )


def start_question(turn: Turn, session: DialogueSession) -> None:
    turn.set_state(FLOW, "question", session=session.id)
    turn.reply(
        turn.t(
            "dt_ask_question",
            session=describe_session(turn.services, session),
            limit=QUESTION_LIMIT,
        )
    )


async def open_session(turn: Turn, session_id: object) -> DialogueSession | None:
    """The session if it still takes questions; otherwise tell the citizen why not."""
    number = parse_id(session_id)
    session = (
        await turn.services.store.read(lambda r: r.voice.sessions.get(number))
        if number is not None
        else None
    )
    if session is None:
        raise StaleButton(turn.incoming.payload)
    if session.is_open(local_now(turn.services)):
        return session
    turn.clear_state()
    turn.reply(turn.t("dt_cancelled" if session.cancelled else "dt_past"))
    return None


@router.action("dt")
async def dialogue_button(turn: Turn) -> None:
    """``dt:s:<session>`` pick a session; ``dt:c:y|n`` leave contact details or not."""
    match turn.args:
        case ("s", session_id):
            session = await open_session(turn, session_id)
            if session is None:
                return
            if turn.citizen is None:
                turn.reply(turn.t("dt_need_consent"))
                ask_consent(turn, then=f"dt:s:{session.id}")
                return
            start_question(turn, session)
        case ("c", "y"):
            state = turn.expect(FLOW, "contact")
            turn.set_state(FLOW, "name", **state.data)
            skip = [[Button(turn.t("dt_contact_skip"), "dt:c:n")]]
            turn.reply(turn.t("dt_ask_name"), skip, asks_contact=True)
        case ("c", "n"):
            state = turn.expect(FLOW)
            if "text" not in state.data:
                raise StaleButton(turn.incoming.payload)
            await submit(turn, state.data, contact=None)
        case _:
            raise StaleButton(turn.incoming.payload)


@router.step(FLOW, "question")
async def question_typed(turn: Turn) -> None:
    """The question itself: checked, then the offer to leave contact details."""
    state = turn.expect(FLOW, "question")
    text = typed_text(turn, limit=QUESTION_LIMIT)
    if text is None or await open_session(turn, state.data["session"]) is None:
        return
    citizen = turn.citizen
    if citizen is None:  # consent withdrawn meanwhile (/xoadulieu from another device)
        turn.clear_state()
        turn.reply(turn.t("dt_need_consent"))
        return
    since, session_id = repeat_since(turn.services.clock()), state.data["session"]
    earlier = await turn.services.store.read(
        lambda r: r.voice.queue.recent(
            "dialogue", citizen=citizen, since=since, session_id=session_id
        )
    )
    repeat = repeat_of(text, earlier)
    if repeat is not None:
        turn.clear_state()
        turn.reply(turn.t("voice_repeat", ref=repeat.ref))
        return
    turn.set_state(FLOW, "contact", session=state.data["session"], text=text)
    turn.reply(turn.t("dt_ask_contact"), contact_buttons(turn))


def contact_buttons(turn: Turn) -> list[list[Button]]:
    return [
        [Button(turn.t("dt_contact_yes"), "dt:c:y")],
        [Button(turn.t("dt_contact_no"), "dt:c:n")],
    ]


@router.step(FLOW, "name")
@router.step(FLOW, "phone")
async def contact_detail_typed(turn: Turn) -> None:
    """The name, then the phone number (checked against Vietnamese formats); then send."""
    state = turn.expect(FLOW)
    skip = [[Button(turn.t("dt_contact_skip"), "dt:c:n")]]
    if turn.incoming.contact is not None:
        await shared(turn, state.data, turn.incoming.contact)
        return
    if turn.incoming.attachments and not turn.incoming.text:
        # A shared Telegram contact carries no number we read: ask for it typed.
        turn.reply(turn.t("voice_text_only"), skip)
        return
    if state.step == "name":
        name = clean_name(turn.incoming.text)
        if name is None:
            turn.reply(turn.t("dt_bad_name"), skip)
            return
        turn.set_state(FLOW, "phone", **state.data, name=name)
        turn.reply(turn.t("dt_ask_phone"), skip)
        return
    phone = normalise_phone(turn.incoming.text)
    if phone is None:
        turn.reply(turn.t("dt_bad_phone"), skip)
        return
    await submit(turn, state.data, contact=(state.data["name"], phone))


async def shared(turn: Turn, data: dict, contact: tuple[str, str]) -> None:
    """Name and phone shared with one tap (Zalo's form): checked like typed ones."""
    name = clean_name(contact[0]) or data.get("name")
    phone = normalise_phone(contact[1])
    skip = [[Button(turn.t("dt_contact_skip"), "dt:c:n")]]
    if name is None:
        turn.set_state(FLOW, "name", **data)
        turn.reply(turn.t("dt_bad_name"), skip)
    elif phone is None:
        turn.set_state(FLOW, "phone", **{**data, "name": name})
        turn.reply(turn.t("dt_bad_phone"), skip)
    else:
        await submit(turn, data, contact=(name, phone))


async def submit(turn: Turn, data: dict, *, contact: tuple[str, str] | None) -> None:
    """Store the question (contact only if given) and confirm with its reference code."""
    session = await open_session(turn, data["session"])
    citizen = turn.citizen
    if session is None or citizen is None:
        return
    text = data["text"]
    topic, intent = guess_topic(turn.services, text)
    flag = "abusive" if is_abusive(text) else None
    ref = await turn.services.store.write(
        lambda r: r.voice.queue.submit(
            "dialogue",
            text,
            citizen=citizen,
            prefix="DT",
            commune=session.commune,
            session_id=session.id,
            topic=topic,
            intent_guess=intent,
            flag=flag,
            contact=contact,
        )
    )
    turn.clear_state()
    turn.event("question_sent", ref=ref, value="dialogue", topic=topic)
    key = "dt_sent_with_contact" if contact else "dt_sent"
    turn.reply(turn.t(key, ref=ref, when=format_when(session.starts_at)))


STATUS_KEYS = {
    "pending": "my_status_pending",
    "merged": "my_status_pending",
    "answered": "my_status_answered",
    "answered_at_session": "my_status_session",
    "rejected": "my_status_rejected",
}


@router.command("cauhoicuatoi", "Xem các câu hỏi, góp ý tôi đã gửi và câu trả lời")
async def my_questions(turn: Turn) -> None:
    """The citizen's latest questions with their status; answered ones can be re-read."""
    citizen = turn.citizen
    rows = (
        await turn.services.store.read(lambda r: r.voice.queue.of_citizen(citizen))
        if citizen
        else []
    )
    if not rows:
        turn.reply(turn.t("my_none"))
        return
    lines, buttons = [turn.t("my_title")], []
    for row in rows:
        excerpt = row.text if len(row.text) <= 80 else row.text[:79] + "…"
        status = turn.t(STATUS_KEYS.get(row.status, "my_status_pending"))
        lines.append(
            turn.t(
                "my_line",
                ref=row.ref,
                date=local_stamp(turn.services, row.created_at)[:10],
                kind=turn.t(f"voice_kind_{row.kind}"),
                status=status,
                text=excerpt,
            )
        )
        if row.status in ("answered", "answered_at_session"):
            buttons.append([Button(turn.t("my_read_button", ref=row.ref), f"my:{row.id}")])
    turn.reply("\n\n".join(lines), buttons)


@router.action("my")
async def my_answer(turn: Turn) -> None:
    """``my:<question>``: the answer to one of the citizen's own questions; ``my:all`` the list."""
    if turn.args == ("all",):
        await my_questions(turn)
        return
    number = parse_id(turn.args[0]) if turn.args else None
    citizen = turn.citizen
    if number is None or citizen is None:
        raise StaleButton(turn.incoming.payload)
    question, answer = await turn.services.store.read(lambda r: _with_answer(r, number))
    if question is None or question.citizen_id != citizen.id:
        raise StaleButton(turn.incoming.payload)
    if answer is None or not answer.text:
        turn.reply(turn.t("my_answered_at_session", ref=question.ref))
        return
    turn.reply(turn.t("voice_answer", ref=question.ref, answer=answer.text))


def _with_answer(
    repos: Repositories, question_id: int
) -> tuple[QueueItem | None, QueueAnswer | None]:
    """The question and its last answer, read together on the database thread."""
    question = repos.voice.queue.get(question_id)
    if question is None:
        return None, None
    return question, repos.voice.queue.last_answer(question_id)
