"""Feedback, complaints and suggestions about poverty-reduction work (/gopy).

Flow ``feedback``: choose a category → ``text`` (type it) → ``anonymity`` (send with the
account, so staff can reply, or anonymously) → sent, with a reference code. Anonymous feedback
keeps no link to the person; anyone may send it, consent or not.
"""

from __future__ import annotations

from bot.citizens.onboarding import ask_consent
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn
from bot.voice.abuse import is_abusive
from bot.voice.repeats import repeat_of, repeat_since
from bot.voice.topic_guess import guess_topic
from bot.voice.typed_text import FEEDBACK_LIMIT, typed_text

router = Router()

FLOW = "feedback"
CATEGORIES = ("gop_y", "phan_anh", "kien_nghi", "khac")
# Typed text at these steps is read as a button, a question answered mid-way, or asked again.
router.choice_step(FLOW, "category")
router.choice_step(FLOW, "anonymity")


def category_buttons(turn: Turn) -> list[list[Button]]:
    return [[Button(turn.t(f"gy_category_{c}"), f"gy:c:{c}")] for c in CATEGORIES]


@router.command("gopy", "Góp ý, phản ánh, kiến nghị về công tác giảm nghèo")
async def start(turn: Turn) -> None:
    """Ask which kind of feedback this is."""
    turn.set_state(FLOW, "category")
    turn.reply(turn.t("gy_intro"), category_buttons(turn))


@router.intent("gop_y.phan_anh")
async def start_intent(turn: Turn) -> None:
    await start(turn)


def anonymity_buttons(turn: Turn) -> list[list[Button]]:
    return [
        [Button(turn.t("gy_named_button"), "gy:a:n")],
        [Button(turn.t("gy_anonymous_button"), "gy:a:y")],
    ]


@router.action("gy")
async def feedback_button(turn: Turn) -> None:
    """``gy:c:<category>`` choose the category; ``gy:a:y|n`` anonymous or not."""
    match turn.args:
        case ("c", category) if category in CATEGORIES:
            turn.expect(FLOW)
            turn.set_state(FLOW, "text", category=category)
            turn.reply(turn.t("gy_ask_text", limit=FEEDBACK_LIMIT))
        case ("a", "y"):
            await submit(turn, turn.expect(FLOW, "anonymity").data, anonymous=True)
        case ("a", "n"):
            state = turn.expect(FLOW, "anonymity")
            if turn.citizen is None:
                # Only a consenting citizen can be answered; consent, then carry on here.
                turn.reply(turn.t("gy_need_consent"))
                ask_consent(turn, then="gy:a:n")
                return
            await submit(turn, state.data, anonymous=False)
        case _:
            raise StaleButton(turn.incoming.payload)


@router.step(FLOW, "text")
async def text_typed(turn: Turn) -> None:
    """The feedback itself."""
    state = turn.expect(FLOW, "text")
    text = typed_text(turn, limit=FEEDBACK_LIMIT)
    if text is None:
        return
    turn.set_state(FLOW, "anonymity", category=state.data["category"], text=text)
    turn.reply(turn.t("gy_ask_anonymity"), anonymity_buttons(turn))


async def submit(turn: Turn, data: dict, *, anonymous: bool) -> None:
    """Store the feedback (deduplicated) and confirm with its reference code."""
    if "text" not in data:
        raise StaleButton(turn.incoming.payload)
    store = turn.services.store
    citizen = turn.citizen
    text, category = data["text"], data["category"]
    # Only a named citizen's own earlier feedback counts as a repeat. Anonymous feedback keeps
    # no link to its author, so comparing it would match other people's: one would be told
    # another's reference code and lose their own words. (A double tap cannot repeat it: the
    # flow's state is cleared before the reply.)
    since = repeat_since(turn.services.clock())
    earlier = (
        []
        if anonymous or citizen is None
        else await store.read(
            lambda r: r.voice.queue.recent("feedback", citizen=citizen, since=since)
        )
    )
    repeat = repeat_of(text, earlier)
    turn.clear_state()
    if repeat is not None:
        turn.reply(turn.t("voice_repeat", ref=repeat.ref))
        return
    topic, intent = guess_topic(turn.services, text)
    flag = "abusive" if is_abusive(text) else None
    ref = await store.write(
        lambda r: r.voice.queue.submit(
            "feedback",
            text,
            citizen=citizen,
            prefix="GY",
            category=category,
            topic=topic,
            intent_guess=intent,
            anonymous=anonymous,
            flag=flag,
        )
    )
    if anonymous:
        # No citizen key and no reference code in the event: nothing may link the two.
        commune = citizen.commune if citizen else None
        channel = turn.incoming.channel
        store.defer(
            lambda r: r.events.record(
                "feedback_sent",
                channel=channel,
                commune=commune,
                value=category,
                outcome="anonymous",
            )
        )
        turn.reply(turn.t("gy_sent_anonymous", ref=ref))
    else:
        turn.event("feedback_sent", ref=ref, value=category, outcome="named")
        turn.reply(turn.t("gy_sent", ref=ref))
