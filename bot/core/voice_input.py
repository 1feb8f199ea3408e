"""The voice flows' checks and helpers, by concern, under one name for their callers.

``typed_text`` (length, repeats, abuse), ``contact_details`` (names, phones), ``local_time``
(now, stamps, typed dates) and ``topic_guess`` (the FAQ topic of a question).
"""

from __future__ import annotations

from bot.core.local_time import WEEKDAYS, format_when, local_now, local_stamp, parse_when
from bot.voice.contact_details import clean_name, normalise_phone
from bot.voice.topic_guess import guess_topic, topic_title
from bot.voice.typed_text import (
    ABUSIVE_WORDS,
    ANSWER_LIMIT,
    FEEDBACK_LIMIT,
    MIN_LETTERS,
    QUESTION_LIMIT,
    REPEAT_WINDOW,
    comparable,
    is_abusive,
    repeat_of,
    repeat_since,
    text_problem,
    typed_text,
)

__all__ = [
    "ABUSIVE_WORDS",
    "ANSWER_LIMIT",
    "FEEDBACK_LIMIT",
    "MIN_LETTERS",
    "QUESTION_LIMIT",
    "REPEAT_WINDOW",
    "WEEKDAYS",
    "clean_name",
    "comparable",
    "format_when",
    "guess_topic",
    "is_abusive",
    "local_now",
    "local_stamp",
    "normalise_phone",
    "parse_when",
    "repeat_of",
    "repeat_since",
    "text_problem",
    "topic_title",
    "typed_text",
]
