"""What reaching people outside a channel's window needs to remember, per campaign run.

An Article broadcast goes once per run and channel: ``campaign_reach`` records that it went
(or why it could not), so a restart never broadcasts a second time. Rows of ``deliveries``
reached by an article or a template get the statuses ``article`` and ``template``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.campaigns import MARK_ROW, DeliveryRow, deliveries
from bot.store.citizens import citizens
from bot.store.migrate import MigrationSet, metadata
from bot.store.sql import upsert

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

_a, _d, _c = campaign_reach, deliveries, citizens
_RECORD = sa.select(_a.c.article_id, _a.c.article_error, _a.c.finished_at).where(
    _a.c.run_id == sa.bindparam("run_id"), _a.c.channel == sa.bindparam("channel")
)
_ON_CHANNEL = _c.c.channel_id.like(sa.bindparam("prefix"))
_OUTSIDE_ROWS = (
    sa.select(_d.c.id, _d.c.citizen_id, _d.c.status, _d.c.attempts, _c.c.channel_id)
    .select_from(_d.join(_c, _c.c.id == _d.c.citizen_id))
    .where(_d.c.run_id == sa.bindparam("run_id"), _d.c.status == "outside_window", _ON_CHANNEL)
    .order_by(_d.c.id)
)
_TEMPLATES_SINCE = (
    sa.select(sa.func.count())
    .select_from(_d.join(_c, _c.c.id == _d.c.citizen_id))
    .where(_d.c.status == "template", _d.c.updated_at >= sa.bindparam("since"), _ON_CHANNEL)
)


@dataclass(frozen=True)
class ReachRecord:
    article_id: str | None
    article_error: str | None
    finished_at: str | None


class ReachStore:
    """Repository for ``campaign_reach`` and the outside-window rows of ``deliveries``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def record(self, run_id: int, channel: str) -> ReachRecord | None:
        found = self._conn.execute(_RECORD, {"run_id": run_id, "channel": channel}).first()
        return ReachRecord(*found) if found is not None else None

    def save(self, run_id: int, channel: str, **fields: str | None) -> None:
        if unknown := fields.keys() - {"article_id", "article_error", "finished_at"}:
            raise ValueError(f"campaign_reach has no field {sorted(unknown)}")
        upsert(self._conn, campaign_reach, {"run_id": run_id, "channel": channel, **fields})

    def outside_rows(self, run_id: int, channel: str) -> list[tuple[DeliveryRow, str]]:
        """(row, channel id) of the run's recipients on ``channel`` left outside the window."""
        result = self._conn.execute(_OUTSIDE_ROWS, {"run_id": run_id, "prefix": f"{channel}:%"})
        return [(DeliveryRow(*row[:4]), row[4]) for row in result]

    def settle(self, row_ids: Sequence[int], status: str, *, now: str, error: str | None) -> None:
        """Mark many rows at once (the article reached them all); one transaction when run
        in ``store.write``."""
        if not row_ids:
            return
        sent_now = now if status == "article" else None
        self._conn.execute(
            MARK_ROW,
            [{"row_id": row_id, "new_status": str(status), "error": error, "now": now,
              "sent_now": sent_now, "bump": 0} for row_id in row_ids],
        )  # fmt: skip

    def templates_since(self, channel: str, since: str) -> int:
        """Template messages delivered on ``channel`` since ``since`` (for the month's budget)."""
        params = {"since": since, "prefix": f"{channel}:%"}
        return int(self._conn.execute(_TEMPLATES_SINCE, params).scalar_one())
