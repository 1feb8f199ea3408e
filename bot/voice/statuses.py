"""The statuses of a citizen's question and of a dialogue session.

Their values are the strings the store writes today (``bot/store/voice_queue.py``,
``bot/store/voice.py``), so a member compares equal to a stored value and the store can
adopt these types later without a migration.
"""

from __future__ import annotations

import enum


class QuestionStatus(enum.StrEnum):
    """Where a question stands in the review queue."""

    PENDING = "pending"
    MERGED = "merged"  # joined another question; answered with it
    ANSWERED = "answered"
    ANSWERED_AT_SESSION = "answered_at_session"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the citizen deleted their data

    @property
    def closed(self) -> bool:
        """Finished: the question left the queue and takes no new action."""
        return self in CLOSED


CLOSED = frozenset(
    {
        QuestionStatus.ANSWERED,
        QuestionStatus.ANSWERED_AT_SESSION,
        QuestionStatus.REJECTED,
        QuestionStatus.WITHDRAWN,
    }
)


class SessionStatus(enum.StrEnum):
    """A dialogue session."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
