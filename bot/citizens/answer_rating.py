"""👎 on an answer, then "Gửi câu hỏi cho cán bộ": staff get what the citizen rated.

The question the citizen typed and the answer they were given go to the review queue, after
a one-tap confirmation that shows exactly what will be sent. The typed question is held in
memory only (like a missed question), never in the database until the citizen sends it; an
answer chosen from a menu is sent with the menu question's title.
"""

from __future__ import annotations

import time

from bot.citizens.answer_card import card_for
from bot.citizens.onboarding import ask_consent
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn

PREFIX = "rate"
KEEP_SECONDS = 30 * 60
EXCERPT = 300  # characters of the answer shown back and sent to staff


class AskedQuestions:
    """The last question each person typed that got an answer, for a while."""

    def __init__(self) -> None:
        self._asked: dict[str, tuple[float, str, str]] = {}

    def remember(self, user: str, text: str, intent_id: str) -> None:
        now = time.monotonic()
        for key in [k for k, (at, _, _) in self._asked.items() if now - at > KEEP_SECONDS]:
            del self._asked[key]
        self._asked[user] = (now, text, intent_id)

    def question(self, user: str, intent_id: str) -> str | None:
        entry = self._asked.get(user)
        return entry[1] if entry is not None and entry[2] == intent_id else None

    def forget(self, user: str) -> None:
        self._asked.pop(user, None)


def offer_button(turn: Turn, intent_id: str) -> Button:
    """ "Gửi câu hỏi cho cán bộ" under the thanks for a 👎; it always works."""
    return Button(turn.t("faq_send_to_staff"), f"{PREFIX}:o:{intent_id}")


def register(router: Router, asked: AskedQuestions) -> None:
    """Add the ``rate:o|y:<intent>`` buttons to the FAQ router that owns ``asked``."""

    def what_was_rated(turn: Turn, intent_id: str) -> tuple[str, str]:
        faq = turn.services.faq
        if faq is None or intent_id not in faq.catalog.intents:
            raise StaleButton(turn.incoming.payload)
        question = asked.question(turn.user, intent_id) or faq.catalog.intents[intent_id].title
        answer = card_for(turn, intent_id).first
        if len(answer) > EXCERPT:
            answer = answer[: EXCERPT - 1].rstrip() + "…"
        return question, answer

    @router.action(PREFIX)
    async def rated(turn: Turn) -> None:
        """``rate:o:<intent>`` shows what will be sent; ``rate:y:<intent>`` sends it."""
        if len(turn.args) != 2 or turn.args[0] not in ("o", "y"):
            raise StaleButton(turn.incoming.payload)
        step, intent_id = turn.args
        question, answer = what_was_rated(turn, intent_id)
        if turn.citizen is None:
            turn.reply(turn.t("faq_need_consent_to_send"))
            ask_consent(turn, then=f"{PREFIX}:o:{intent_id}")
            return
        if step == "o":
            turn.reply(
                turn.t("rate_confirm", question=question, answer=answer),
                [[Button(turn.t("rate_send_button"), f"{PREFIX}:y:{intent_id}")]],
            )
            return
        text = turn.t("rate_for_staff", question=question, answer=answer)
        citizen = turn.citizen
        ref = await turn.services.store.write(
            lambda r: r.questions.submit("faq_miss", citizen, text, intent_guess=intent_id)
        )
        asked.forget(turn.user)
        turn.event("question_sent", ref=ref, value="faq_rated")
        turn.reply(turn.t("faq_sent_to_staff", ref=ref))
