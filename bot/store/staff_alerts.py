"""How each staff member wants to hear about new questions, and what they were last told.

``mode`` is ``now`` (a message shortly after a question arrives, held during quiet hours),
``digest`` (one summary a day at ``digest_at``, local time) or ``off``. ``seen_id`` is the
newest queue item already announced to them; ``digest_on`` the local date of the last digest.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.migrate import MigrationSet, metadata
from bot.store.questions import questions
from bot.store.sql import rows, upsert

migrations = MigrationSet("staff_alerts")

MODES = ("now", "digest", "off")

staff_alerts = sa.Table(
    "staff_alerts",
    metadata,
    sa.Column("channel_id", sa.Text, primary_key=True),
    sa.Column("mode", sa.Text),
    sa.Column("digest_at", sa.Text),  # local "HH:MM"
    sa.Column("seen_id", sa.Integer),
    sa.Column("digest_on", sa.Text),  # local date of the last digest
)

_GET = sa.select(staff_alerts).where(staff_alerts.c.channel_id == sa.bindparam("channel_id"))
_NEWEST = sa.select(sa.func.max(questions.c.id))


@dataclass(frozen=True)
class AlertSetting:
    channel_id: str
    mode: str = "now"
    digest_at: str = "07:30"
    seen_id: int = 0
    digest_on: str = ""


class StaffAlerts:
    """Repository for ``staff_alerts``; a member without a row hears at once (``now``)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def get(self, channel_id: str) -> AlertSetting:
        """The member's setting; first asked, it starts after the newest item (no backlog)."""
        found = rows(self._conn.execute(_GET, {"channel_id": channel_id}))
        if found:
            return AlertSetting(**{k: v for k, v in found[0].items() if v is not None})
        setting = AlertSetting(channel_id, seen_id=self.newest_item())
        self.save(setting)
        return setting

    def save(self, setting: AlertSetting) -> None:
        if setting.mode not in MODES:
            raise ValueError(f"unknown alert mode {setting.mode!r}")
        upsert(self._conn, staff_alerts, setting.__dict__)

    def newest_item(self) -> int:
        return int(self._conn.execute(_NEWEST).scalar() or 0)

    def new_items(self, after_id: int, *, commune: str | None, limit: int = 50) -> list[dict]:
        """Pending queue items newer than ``after_id`` (of ``commune`` when given)."""
        q = questions
        query = sa.select(q).where(q.c.id > after_id, q.c.status == "pending")
        if commune is not None:
            query = query.where(q.c.commune == commune)
        return rows(self._conn.execute(query.order_by(q.c.id).limit(limit)))
