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

FAQ_TYPES = ("faq_answer", "faq_suggest", "faq_miss")


class Events:
    """Repository for ``events``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

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
        self._conn.execute(events.insert().values(row))

    def faq_outcomes_since(self, since: str) -> dict[str, int]:
        """How many FAQ questions since ``since`` ended in each outcome (answer, suggest...)."""
        e = events
        query = (
            sa.select(e.c.outcome, sa.func.count())
            .where(e.c.type.in_(FAQ_TYPES), e.c.at >= since)
            .group_by(e.c.outcome)
        )
        return {outcome: count for outcome, count in self._conn.execute(query)}

    def count(self, type: str) -> int:
        query = sa.select(sa.func.count()).select_from(events).where(events.c.type == type)
        return int(self._conn.execute(query).scalar_one())
