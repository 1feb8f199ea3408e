"""Reach events for the periodic reports. Never message text, never a channel id."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bot.store.citizens import Citizen
from bot.store.database import utcnow
from bot.store.migrate import metadata
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


# Reach events for reports: never message text. ``citizen_key`` is the citizen's row id,
# an opaque number that no longer points to anyone once the citizen deletes their data.
# The reports' covering indexes are defined in ``bot.store.metrics_meta``.
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Text),
    sa.Column("type", sa.Text),
    sa.Column("channel", sa.Text),
    sa.Column("citizen_key", sa.Integer),
    sa.Column("commune", sa.Text),
    sa.Column("village", sa.Text),
    sa.Column("household", sa.Text),
    sa.Column("topic", sa.Text),
    sa.Column("intent", sa.Text),
    sa.Column("outcome", sa.Text),
    sa.Column("campaign_id", sa.Integer),
    sa.Column("ref", sa.Text),
    sa.Column("value", sa.Text),
    sa.Index("idx_events_at", "at"),
    sa.Index("idx_events_type_at", "type", "at"),
)

_e = events
_RECORD = events.insert()
_FORGET_REFS = (
    sa.update(events).where(events.c.citizen_key == sa.bindparam("citizen_id")).values(ref=None)
)
_FAQ_OUTCOMES = (
    sa.select(_e.c.outcome, sa.func.count())
    .where(
        _e.c.type.in_(("faq_answer", "faq_suggest", "faq_miss")), _e.c.at >= sa.bindparam("since")
    )
    .group_by(_e.c.outcome)
)
_COUNT = sa.select(sa.func.count()).select_from(_e).where(_e.c.type == sa.bindparam("type"))


class Events:
    """Repository for ``events``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: events stay as anonymous counts under a key never given out again;
        their reference codes go, so nothing that quotes a code (the FAQ proposals file, a
        staff chat) leads back to this key and the person's other events."""
        self._conn.execute(_FORGET_REFS, {"citizen_id": citizen.id})

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
        if unknown := row.keys() - events.c.keys():
            raise ValueError(f"events have no field {sorted(unknown)}")
        self._conn.execute(_RECORD, row)

    def faq_outcomes_since(self, since: str) -> dict[str, int]:
        """How many FAQ questions since ``since`` ended in each outcome (answer, suggest...)."""
        result = self._conn.execute(_FAQ_OUTCOMES, {"since": since})
        return {outcome: count for outcome, count in result}

    def count(self, type: str) -> int:
        return int(self._conn.execute(_COUNT, {"type": type}).scalar_one())
