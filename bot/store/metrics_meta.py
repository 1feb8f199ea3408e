"""Indexes for the reach reports, and a small key/value table noting demo data.

The reports (``bot.metrics``) count in SQL over ``events``. Each index below holds every
column its report query reads, in that query's GROUP BY order, so SQLite answers from the
index alone without sorting: a year of a million events is counted in well under a second.
``bot.metrics.queries`` names them in ``INDEXED BY``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("metrics")


@migrations()
def m001_report_indexes(db: Database) -> None:
    statements = (
        # People: GROUP BY citizen_key walks this index in order (reached, active, segment).
        "idx_events_metrics_citizen ON events "
        "(citizen_key, type, at, outcome, value, commune, village, household)",
        # Event counts by type, outcome, value and segment.
        "idx_events_metrics_cube ON events (type, outcome, value, commune, village, household, at)",
        # FAQ use by intent and topic (partial: most events have neither).
        "idx_events_metrics_intent ON events "
        "(type, intent, topic, outcome, value, at, commune, village) "
        "WHERE intent IS NOT NULL OR topic IS NOT NULL",
        # Broadcast outcomes by campaign.
        "idx_events_metrics_campaign ON events "
        "(campaign_id, type, at, citizen_key, commune, village) WHERE campaign_id IS NOT NULL",
        # Time to answer: a question's question_sent and question_answered share its ref.
        "idx_events_metrics_ref ON events (ref, type, at, value, commune, village) "
        "WHERE ref IS NOT NULL",
    )
    for statement in statements:
        db.execute("CREATE INDEX IF NOT EXISTS " + statement)
    # Marks a database filled by ``python -m bot seed-demo`` so every report says so.
    db.table("metrics_meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m002_campaign_index_by_person(db: Database) -> None:
    # Ordered by citizen within each campaign, one pass gives both the outcome counts and
    # the number of different recipients (count DISTINCT no longer sorts the whole year).
    db.execute("DROP INDEX IF EXISTS idx_events_metrics_campaign")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_events_metrics_campaign_people ON events "
        "(campaign_id, citizen_key, type, at, commune, village) WHERE campaign_id IS NOT NULL"
    )


class MetricsMeta:
    """Repository for ``metrics_meta``: notes about the data, e.g. that it is a demo."""

    def __init__(self, db: Database) -> None:
        self._table = db.table("metrics_meta")

    def get(self, key: str) -> str | None:
        rows = list(self._table.rows_where("key = ?", [key], limit=1))
        return rows[0]["value"] if rows else None

    def set(self, key: str, value: str) -> None:
        self._table.upsert({"key": key, "value": value}, pk="key")
