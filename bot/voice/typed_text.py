"""What citizens type into the voice flows: length, repeats, abuse.

Every check returns a text key (``content/texts/voice.yaml``) for a polite answer, or None.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.router import fold
from bot.core.turn import Turn

QUESTION_LIMIT = 1000  # a question to read out at a session: a few sentences
FEEDBACK_LIMIT = 2000
ANSWER_LIMIT = 3500  # staff answers: fits one Telegram message with the header
MIN_LETTERS = 6
REPEAT_WINDOW = dt.timedelta(days=1)

# Words that flag a message as abusive. Matched on whole words, accent-folded, so "dm",
# "đm" and "ĐM" all count. A flag only holds the item for a careful look: false positives
# cost a reviewer a second, so the list errs on the side of catching.
ABUSIVE_WORDS = frozenset(
    {
        "dm", "dmm", "dcm", "dkm", "vcl", "vkl", "vl", "clm", "cmm", "dit", "deo", "lon",
        "cac", "buoi", "dech", "oc cho", "do ngu", "thang ngu", "con ngu", "me may",
        "cha may", "bo may", "may ngu", "do cho", "chet tiet", "khon nan", "mat day",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W_]+")


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


def comparable(text: str) -> str:
    """Accent-folded words only: two submissions are repeats when these are equal."""
    return " ".join(_WORD.findall(fold(text)))


def repeat_of(text: str, earlier: list[dict]) -> dict | None:
    """The earlier submission with the same words, if any."""
    key = comparable(text)
    return next((row for row in earlier if comparable(row["text"] or "") == key), None)


def repeat_since(now: dt.datetime) -> str:
    """The UTC stamp from which an equal submission counts as a repeat (``now``: aware)."""
    return (now.astimezone(dt.UTC) - REPEAT_WINDOW).isoformat(timespec="seconds")


def is_abusive(text: str) -> bool:
    words = comparable(text).split()
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
    return any(w in ABUSIVE_WORDS for w in words) or bool(pairs & ABUSIVE_WORDS)
