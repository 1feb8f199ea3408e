"""What reaching people outside a channel's window needs to remember, per campaign run.

An Article broadcast goes once per run and channel: ``campaign_reach`` records that it went
(or why it could not), so a restart never broadcasts a second time. Rows of ``deliveries``
reached by an article or a template get the statuses ``article`` and ``template``.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlite_utils import Database

from bot.store.campaigns import DeliveryRow
from bot.store.migrate import MigrationSet, metadata

migrations = MigrationSet("reach")

campaign_reach = sa.Table(
    "campaign_reach",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Text),  # NULL until the article broadcast went
    sa.Column("article_error", sa.Text),  # why no article went (quota, refused…), else NULL
    sa.Column("finished_at", sa.Text),  # the run's outside-window recipients are all settled
)


@dataclass(frozen=True)
class ReachRecord:
    article_id: str | None
    article_error: str | None
    finished_at: str | None


class ReachStore:
    """Repository for ``campaign_reach`` and the outside-window rows of ``deliveries``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, run_id: int, channel: str) -> ReachRecord | None:
        rows = list(
            self._db.query(
                "SELECT article_id, article_error, finished_at FROM campaign_reach "
                "WHERE run_id = ? AND channel = ?",
                [run_id, channel],
            )
        )
        return ReachRecord(**rows[0]) if rows else None

    def save(self, run_id: int, channel: str, **fields: str | None) -> None:
        self._db.table("campaign_reach").upsert(
            {"run_id": run_id, "channel": channel, **fields}, pk=("run_id", "channel")
        )

    def outside_rows(self, run_id: int, channel: str) -> list[tuple[DeliveryRow, str]]:
        """(row, channel id) of the run's recipients on ``channel`` left outside the window."""
        cursor = self._db.execute(
            "SELECT d.id, d.citizen_id, d.status, d.attempts, c.channel_id FROM deliveries d "
            "JOIN citizens c ON c.id = d.citizen_id WHERE d.run_id = ? "
            "AND d.status = 'outside_window' AND c.channel_id LIKE ? ORDER BY d.id",
            [run_id, f"{channel}:%"],
        )
        return [(DeliveryRow(*row[:4]), row[4]) for row in cursor.fetchall()]

    def settle(self, row_ids: list[int], status: str, *, now: str, error: str | None) -> None:
        """Mark many rows at once (the article reached them all), in one transaction."""
        sent_at = now if status == "article" else None
        with self._db.atomic():
            self._db.conn.executemany(
                "UPDATE deliveries SET status = ?, error = ?, updated_at = ?, "
                "sent_at = COALESCE(?, sent_at) WHERE id = ?",
                [(status, error, now, sent_at, row_id) for row_id in row_ids],
            )

    def templates_since(self, channel: str, since: str) -> int:
        """Template messages delivered on ``channel`` since ``since`` (for the month's budget)."""
        cursor = self._db.execute(
            "SELECT COUNT(*) FROM deliveries d JOIN citizens c ON c.id = d.citizen_id "
            "WHERE d.status = 'template' AND d.updated_at >= ? AND c.channel_id LIKE ?",
            [since, f"{channel}:%"],
        )
        return int(cursor.fetchone()[0])
