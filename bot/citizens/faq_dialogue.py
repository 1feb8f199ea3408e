"""Free-text questions: answer, suggest, or admit a miss and offer to ask staff.

Every outcome writes a reach event with the intent id and outcome, never the text. The text
of a missed question is kept in memory only until the citizen chooses to send it to staff.

The conversation is used: the last answered intent (or the first offered by a clarifying
question or among suggestions, with the second offered) is kept in the dialogue state (flow
``faq``; ids, the household statuses the person named such as ``ho_can_ngheo``, and a time,
never text), so a follow-up such as "còn hộ cận nghèo thì sao?" or "thế còn bảo hiểm y
tế?" is read in its light, also after a restart, for :data:`FOLLOW_UP_TTL_SECONDS`. A
second question in the same message gets a button; two sibling intents too close to choose
get a short question with both as buttons.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.citizens import answer_rating
from bot.citizens.answer_card import card_for, details_row
from bot.citizens.onboarding import ask_consent
from bot.core.exits import in_flow
from bot.core.keyboards import intent_buttons, topic_menu_buttons
from bot.core.messages import Button
from bot.core.router import Router, intent_behind_flow
from bot.core.turn import StaleButton, Turn
from faq.matcher import OFFERED_CONTEXTS, keeps_context

PENDING_TTL_SECONDS = 30 * 60
FOLLOW_UP_TTL_SECONDS = 30 * 60
FLOW = "faq"
# The longest question quoted back when it is outside the answers (a phone screen's lines).
QUOTED_PART = 120


def last_answered(turn: Turn) -> str | None:
    """The intent answered to this person within :data:`FOLLOW_UP_TTL_SECONDS`, if any; in a
    flow an answer started (the feedback form), that answer's intent."""
    state = turn.state
    if state is None:
        return None
    if state.flow != FLOW:
        return intent_behind_flow(turn)
    at = state.data.get("at")
    if (
        not isinstance(at, int | float)
        or turn.services.clock().timestamp() - at > FOLLOW_UP_TTL_SECONDS
    ):
        return None
    intent = state.data.get("intent")
    return intent if isinstance(intent, str) else None


def carried_household(turn: Turn) -> tuple[str, ...]:
    """The household statuses this person named while :func:`last_answered` holds
    (:attr:`faq.matcher.Match.household`)."""
    state = turn.state
    if state is None or state.flow != FLOW or last_answered(turn) is None:
        return ()
    raw = state.data.get("household")
    return tuple(s for s in raw if isinstance(s, str)) if isinstance(raw, list) else ()


def offered_with_it(turn: Turn) -> tuple[str, ...]:
    """The other intents offered with :func:`last_answered` when it was only offered (a
    clarifying question, suggestions): a follow-up is read in the light of each."""
    state = turn.state
    if state is None or state.flow != FLOW or last_answered(turn) is None:
        return ()
    raw = state.data.get("offered")
    return tuple(i for i in raw if isinstance(i, str)) if isinstance(raw, list) else ()


def remember_answered(
    turn: Turn,
    intent_id: str,
    household: Sequence[str] | None = None,
    offered: Sequence[str] = (),
) -> None:
    """Keep the answered intent, or the first one offered (a clarifying question,
    suggestions) with the ``offered`` after it, for follow-ups (never over another flow's
    state), with the household statuses the conversation has named (None: those already
    kept, as after a button)."""
    state = turn.state
    if household is None:
        household = carried_household(turn)
    if state is None or state.flow == FLOW:
        turn.remember_state(
            FLOW,
            "answered",
            intent=intent_id,
            household=list(household),
            offered=list(offered),
            at=turn.services.clock().timestamp(),
        )


def answer_text(turn: Turn, intent_id: str) -> str:
    """The first message of an answer as in force today (see :mod:`bot.citizens.answer_card`)."""
    return card_for(turn, intent_id).first


def show_answer(
    turn: Turn,
    intent_id: str,
    *,
    extra: list[list[Button]] | None = None,
    rate: bool = True,
    others: Sequence[str] = (),
) -> None:
    """Reply with an answer, "Xem chi tiết", action buttons, related questions and 👍/👎.

    ``others``: what else the message may have asked (a letter's runner-ups,
    :attr:`faq.matcher.Match.others`), offered instead of the answer's related questions.
    """
    faq = turn.services.faq
    assert faq is not None
    intent = faq.catalog.intents[intent_id]
    card = card_for(turn, intent_id)
    rows = details_row(turn, intent_id, card) + list(extra or [])
    offered = list(others) or intent.related
    rows += intent_buttons(turn, offered[:2])  # with "Xem chi tiết": four rows at most
    if rate:
        rows.append(
            [Button("👍 Hữu ích", f"fb:u:{intent_id}"), Button("👎 Chưa đúng", f"fb:d:{intent_id}")]
        )
    turn.reply(card.first, rows)


def build_router() -> Router:
    """The FAQ handlers; the pending-question memory belongs to this router instance."""
    router = Router()
    pending: dict[str, tuple[float, str, str | None]] = {}
    hinted: set[str] = set()  # people without a profile already told about /start (this run)
    asked = answer_rating.AskedQuestions()  # what a 👎 refers to
    answer_rating.register(router, asked)

    def remember(user: str, text: str, guess: str | None) -> None:
        now = time.monotonic()
        for key in [k for k, (at, _, _) in pending.items() if now - at > PENDING_TTL_SECONDS]:
            del pending[key]
        pending[user] = (now, text, guess)

    async def respond(
        turn: Turn,
        intent_id: str,
        event: str,
        household: Sequence[str] | None = None,
        others: Sequence[str] = (),
    ) -> None:
        faq = turn.services.faq
        assert faq is not None
        intent = faq.catalog.intents[intent_id]
        turn.event(event, intent=intent_id, topic=intent.topic, outcome="answer")
        if not keeps_context(intent_id):
            # The reply to thanks leaves the subject talked about the context of the next
            # message, as `faq.matcher.follow_conversation` reads a conversation.
            remember_answered(turn, intent_id, household)
        # Asked again inside the flow it started (how to send feedback while the form is
        # open), the answer itself is what is asked for; the flow waits where it was.
        started_it = intent_behind_flow(turn) == intent_id
        if (
            intent.kind != "action"
            or started_it
            or not await turn.services.router.run_intent(turn, intent_id)
        ):
            show_answer(turn, intent_id, others=others)

    @router.on_text
    async def question(turn: Turn) -> None:
        """Free text: match it against the FAQ."""
        faq = turn.services.faq
        if faq is None:
            turn.reply(turn.t("faq_placeholder"), topic_menu_buttons(turn))
            return
        first_contact = turn.state is None
        match = faq.match(
            turn.incoming.text,
            previous=last_answered(turn),
            household=carried_household(turn),
            offered=offered_with_it(turn),
        )
        if match.outcome == "answer" and match.intent_id:
            asked.remember(turn.user, turn.incoming.text, match.intent_id)
            await respond(turn, match.intent_id, "faq_answer", match.household, match.others)
            if match.also:
                # A second question in the message: offered, never silently dropped.
                turn.event("faq_suggest", intent=match.also[0], outcome="second_question")
                turn.reply(turn.t("faq_also"), intent_buttons(turn, match.also))
            if match.unanswered:
                # A question about a service the bot does not cover: said so, and it can go
                # to staff like any question the bot could not answer (``ask:send``).
                remember(turn.user, match.unanswered[0], None)
                say_outside(turn, match.unanswered[0])
        elif match.outcome == "clarify" and match.suggestions:
            remember(turn.user, turn.incoming.text, match.suggestions[0])
            # Typed instead of a button, the next message continues this subject ("ai thì
            # được?"): read in the light of the intents offered, as `python -m faq match`
            # reads a conversation (faq.matcher.follow_conversation).
            offered = match.suggestions[1:OFFERED_CONTEXTS]
            remember_answered(turn, match.suggestions[0], match.household, offered)
            turn.event("faq_suggest", intent=match.suggestions[0], outcome="clarify")
            rows = intent_buttons(turn, match.suggestions[:2])
            rows += intent_buttons(turn, match.also)
            rows.append([Button(turn.t("faq_none_of_these"), "miss")])
            turn.reply(turn.t("faq_clarify"), rows)
            if match.unanswered:
                # Beside the clarifying question, one the bot does not cover is said too;
                # sent to staff, the whole message goes (it holds that question).
                say_outside(turn, match.unanswered[0])
        elif match.outcome == "suggest" and match.suggestions:
            remember(turn.user, turn.incoming.text, match.suggestions[0])
            # Likewise after suggestions: "con ho can ngheo thi sao" typed under them asks
            # about the first one's subject for near-poor households (alone it is their
            # definition). Two-turn sets: 4 more right, 2 confidently wrong fewer, none lost.
            offered = match.suggestions[1:OFFERED_CONTEXTS]
            remember_answered(turn, match.suggestions[0], match.household, offered)
            turn.event("faq_suggest", intent=match.suggestions[0], outcome="suggest")
            rows = intent_buttons(turn, match.suggestions[:3])
            rows.append([Button(turn.t("faq_none_of_these"), "miss")])
            turn.reply(turn.t("faq_suggest"), rows)
        else:
            guess = match.suggestions[0] if match.suggestions else None
            remember(turn.user, turn.incoming.text, guess)
            turn.event("faq_miss", outcome="none")
            miss_reply(turn)
        # Not when the answer opened a form (feedback): its question must stay the last
        # message, the one "▶️ Tiếp tục" shows again after a question asked mid-way.
        if turn.citizen is None and first_contact and turn.user not in hinted and not in_flow(turn):
            if len(hinted) > 100_000:  # bounded memory; at worst someone sees the hint again
                hinted.clear()
            hinted.add(turn.user)
            turn.reply(turn.t("first_contact_hint"))

    def say_outside(turn: Turn, part: str) -> None:
        """Say that a question of the message is outside the answers, with the button that
        sends what was asked to staff."""
        turn.event("faq_miss", outcome="second_question")
        shown = part if len(part) <= QUOTED_PART else part[: QUOTED_PART - 1] + "…"
        turn.reply(
            turn.t("faq_part_outside", part=shown),
            [[Button(turn.t("faq_send_to_staff"), "ask:send")]],
        )

    def miss_reply(turn: Turn) -> None:
        rows = topic_menu_buttons(turn)
        rows.append([Button(turn.t("faq_send_to_staff"), "ask:send")])
        turn.reply(turn.t("faq_miss"), rows)

    @router.action("miss")
    async def none_of_these(turn: Turn) -> None:
        """The citizen said none of the suggestions fit."""
        turn.event("faq_miss", outcome="rejected_suggestions")
        miss_reply(turn)

    @router.action("q")
    async def menu_question(turn: Turn) -> None:
        """``q:<intent>``: a question chosen from a menu, a suggestion or related list."""
        faq = turn.services.faq
        if faq is None or len(turn.args) != 1 or turn.args[0] not in faq.catalog.intents:
            raise StaleButton(turn.incoming.payload)
        typed = pending.get(turn.user)
        if typed is not None:  # a suggestion for what they typed: 👎 sends their words
            asked.remember(turn.user, typed[1], turn.args[0])
        await respond(turn, turn.args[0], "menu_answer")

    @router.action("ask")
    async def send_to_staff(turn: Turn) -> None:
        """``ask:send``: record the last unanswered question for staff."""
        entry = pending.get(turn.user)
        if entry is None:
            turn.reply(turn.t("faq_nothing_to_send"))
            return
        citizen = turn.citizen
        if citizen is None:
            turn.reply(turn.t("faq_need_consent_to_send"))
            ask_consent(turn, then="ask:send")
            return
        _, text, guess = pending.pop(turn.user)
        ref = await turn.services.store.write(
            lambda r: r.questions.submit("faq_miss", citizen, text, intent_guess=guess)
        )
        turn.event("question_sent", ref=ref, value="faq_miss")
        turn.reply(turn.t("faq_sent_to_staff", ref=ref))

    @router.action("fb")
    async def feedback(turn: Turn) -> None:
        """``fb:u|d:<intent>``: 👍/👎 on an answer."""
        if len(turn.args) != 2 or turn.args[0] not in ("u", "d"):
            raise StaleButton(turn.incoming.payload)
        vote, intent_id = turn.args
        faq = turn.services.faq
        if faq is None or intent_id not in faq.catalog.intents:
            # Only an answer the bot gave can be rated: anything else is a forged payload and
            # must not reach the reports (it would land in officers' workbooks).
            raise StaleButton(turn.incoming.payload)
        turn.event("faq_feedback", intent=intent_id, value="up" if vote == "u" else "down")
        if vote == "u":
            turn.reply(turn.t("faq_thanks_up"))
        else:
            button = answer_rating.offer_button(turn, intent_id)
            turn.reply(turn.t("faq_thanks_down"), [[button]])

    @router.intent("bot.chao_hoi")
    async def greeting(turn: Turn) -> None:
        faq = turn.services.faq
        assert faq is not None
        turn.reply(turn.fill(faq.catalog.intents["bot.chao_hoi"].answer), topic_menu_buttons(turn))

    @router.intent("bot.huy_dang_ky")
    async def how_to_stop(turn: Turn) -> None:
        citizen = turn.citizen
        button = (
            Button(turn.t("unsubscribe_button"), "news:off")
            if citizen is not None and citizen.subscribed
            else Button(turn.t("subscribe_button"), "news:on")
        )
        show_answer(turn, "bot.huy_dang_ky", extra=[[button]], rate=False)

    @router.intent("bot.xoa_du_lieu")
    async def about_data(turn: Turn) -> None:
        extra = [[Button("📋 Xem thông tin của tôi", "profile")]]
        if turn.citizen is not None:
            extra.append([Button(turn.t("delete_button"), "del:ask")])
        show_answer(turn, "bot.xoa_du_lieu", extra=extra, rate=False)

    return router
