"""Reach events for the periodic reports. Never message text, never a channel id."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.outage import deferrable

# The event types the reports understand; features add theirs here so the list stays one.
EVENT_TYPES = frozenset(
    {
        "consent_given",
        "consent_declined",
        "subscribed",
        "unsubscribed",
        "data_deleted",
        "profile_updated",
        "faq_answer",
        "faq_suggest",
        "faq_miss",
        "faq_feedback",
        "faq_details",  # a citizen pressed "Xem chi tiết" under an answer
        "menu_answer",
        "question_sent",
        "broadcast_delivered",
        "broadcast_failed",
        "broadcast_blocked",
        "broadcast_outside_window",
        "feedback_sent",
        "question_answered",
        "dialogue_schedule_viewed",  # a citizen saw the policy-dialogue schedule (voice)
        "session_announced",  # a new dialogue session was pushed to a subscriber (voice)
    }
)


class Events:
    """Repository for ``events``."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("events")

    @deferrable  # a reach event lost in a storage outage is a small undercount
    def record(
        self,
        type: str,
        *,
        channel: str,
        citizen: Citizen | None = None,
        **fields: Any,
    ) -> None:
        """Append one event; the citizen's segment is copied so reports survive deletion."""
        if type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type!r}")
        row: dict[str, object] = {"at": fields.pop("at", None) or utcnow(), "type": type}
        row["channel"] = channel
        if citizen is not None:
            row.update(
                citizen_key=citizen.id,
                commune=citizen.commune,
                village=citizen.village,
                household=citizen.household,
            )
        row.update(fields)
        self._table.insert(row)

    def faq_outcomes_since(self, since: str) -> dict[str, int]:
        """How many FAQ questions since ``since`` ended in each outcome (answer, suggest...)."""
        rows = self._db.execute(
            "SELECT outcome, count(*) FROM events WHERE type IN ('faq_answer', 'faq_suggest', "
            "'faq_miss') AND at >= ? GROUP BY outcome",
            [since],
        ).fetchall()
        return dict(rows)

    def count(self, type: str) -> int:
        return self._table.count_where("type = ?", [type])
