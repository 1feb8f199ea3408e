"""What citizens type into the voice flows: text, long enough and not too long.

Every check returns a text key (``content/texts/voice.yaml``) for a polite answer, or None.
"""

from __future__ import annotations

from bot.core.turn import Turn

QUESTION_LIMIT = 1000  # a question to read out at a session: a few sentences
FEEDBACK_LIMIT = 2000
ANSWER_LIMIT = 3500  # staff answers: fits one Telegram message with the header
MIN_LETTERS = 6


def text_problem(text: str, *, limit: int) -> str | None:
    """``voice_empty``, ``voice_too_short`` or ``voice_too_long`` — or None if usable."""
    if not text.strip():
        return "voice_empty"
    if len(text) > limit:
        return "voice_too_long"
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS or len(text.split()) < 2:
        return "voice_too_short"
    return None


def typed_text(turn: Turn, *, limit: int) -> str | None:
    """The text typed at a flow step, or None after telling the person what is wrong."""
    text = turn.incoming.text
    problem = (
        "voice_text_only"
        if turn.incoming.attachments and not text
        else text_problem(text, limit=limit)
    )
    if problem:
        turn.reply(turn.t(problem, length=len(text), limit=limit))
        return None
    return text
