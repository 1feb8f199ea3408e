"""Indexes for the reach reports, and a small key/value table noting demo data.

The reports (``bot.metrics``) count in SQL over ``events``. Each index below holds every
column its report query reads, in that query's GROUP BY order, so SQLite answers from the
index alone without sorting: a year of a million events is counted in well under a second.
``bot.store.reports`` names them in ``INDEXED BY`` on SQLite.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bot.store.events import events
from bot.store.migrate import MigrationSet, metadata
from bot.store.sql import upsert

migrations = MigrationSet("metrics")


def _partial(condition: str) -> dict[str, Any]:
    """A partial index's condition, for both dialects."""
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


c = events.c
# People: GROUP BY citizen_key walks this index in order (reached, active, segment).
sa.Index(
    "idx_events_metrics_citizen",
    c.citizen_key, c.type, c.at, c.outcome, c.value, c.commune, c.village, c.household,
)  # fmt: skip
# Event counts by type, outcome, value and segment.
sa.Index(
    "idx_events_metrics_cube",
    c.type, c.outcome, c.value, c.commune, c.village, c.household, c.at,
)  # fmt: skip
# FAQ use by intent and topic (partial: most events have neither).
sa.Index(
    "idx_events_metrics_intent",
    c.type, c.intent, c.topic, c.outcome, c.value, c.at, c.commune, c.village,
    **_partial("intent IS NOT NULL OR topic IS NOT NULL"),
)  # fmt: skip
# Broadcast outcomes by campaign, ordered by citizen within each campaign: one pass gives both
# the outcome counts and the number of different recipients.
sa.Index(
    "idx_events_metrics_campaign_people",
    c.campaign_id, c.citizen_key, c.type, c.at, c.commune, c.village,
    **_partial("campaign_id IS NOT NULL"),
)  # fmt: skip
# Time to answer: a question's question_sent and question_answered share its ref.
sa.Index(
    "idx_events_metrics_ref",
    c.ref, c.type, c.at, c.value, c.commune, c.village,
    **_partial("ref IS NOT NULL"),
)  # fmt: skip

# Marks a database filled by ``python -m bot seed-demo`` so every report says so.
metrics_meta = sa.Table(
    "metrics_meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
)

_GET = sa.select(metrics_meta.c.value).where(metrics_meta.c.key == sa.bindparam("key"))


class MetricsMeta:
    """Repository for ``metrics_meta``: notes about the data, e.g. that it is a demo."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get(self, key: str) -> str | None:
        return self._conn.execute(_GET, {"key": key}).scalar()

    def set(self, key: str, value: str) -> None:
        upsert(self._conn, metrics_meta, {"key": key, "value": value})
