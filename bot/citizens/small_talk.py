"""Short messages that are not questions: thanks, abuse, a bare number, only emoji.

Each gets a short fitting reply instead of the FAQ's miss and its offer to forward the
message to staff (nothing here is a question staff could answer). Thanks are told apart
from the greeting the FAQ would give.
"""

from __future__ import annotations

import unicodedata

from bot.core.choices import key
from bot.core.keyboards import topic_menu_buttons
from bot.core.router import Router
from bot.core.turn import Turn
from bot.voice.abuse import is_abusive
from faq.question import asks

router = Router()

THANKS = ("cam on", "cám on", "thank", "thanks", "tks", "camon", "cmon")
ABUSE_ONLY_WORDS = 3  # a longer abusive message may carry a real question
THANKS_MAX_WORDS = 8  # longer messages that thank are usually also asking something


def kind_of(text: str) -> str | None:
    """``thanks``, ``abuse``, ``digits``, ``emoji`` or None for anything else."""
    stripped = "".join(text.split())
    if not stripped:
        return None
    if all(ch.isdigit() or ch in "+-.()" for ch in stripped):
        return "digits"
    if all(unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf", "Po") for ch in stripped):
        return "emoji"
    if is_abusive(text):
        return "abuse"
    words = key(text)
    # "cám ơn nghen, chuyển khoản vô đâu": a question after the thanks is answered.
    short = not asks(text) and len(words.split()) <= THANKS_MAX_WORDS
    if short and any(f" {t} " in f" {words} " or words.startswith(t) for t in THANKS):
        return "thanks"
    return None


@router.claims_text
async def answer(turn: Turn) -> bool:
    """Reply to small talk; False when the message should go to the FAQ."""
    kind = kind_of(turn.incoming.text)
    if kind is None:
        return False
    faq = turn.services.faq
    asks = len(turn.incoming.text.split()) > ABUSE_ONLY_WORDS
    if kind == "abuse" and asks and faq is not None and faq.match(turn.incoming.text).intent_id:
        return False  # a real question said in anger still gets its answer
    rows = topic_menu_buttons(turn) if kind in ("digits", "emoji") else None
    turn.reply(turn.t(f"small_talk_{kind}"), rows)
    return True
