"""How each staff member wants to hear about new questions, and what they were last told.

``mode`` is ``now`` (a message shortly after a question arrives, held during quiet hours),
``digest`` (one summary a day at ``digest_at``, local time) or ``off``. ``seen_id`` is the
newest queue item already announced to them; ``digest_on`` the local date of the last digest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database, Migrations

migrations = Migrations("staff_alerts")

MODES = ("now", "digest", "off")


@migrations()
def m001_staff_alerts(db: Database) -> None:
    db.table("staff_alerts").create(
        {"channel_id": str, "mode": str, "digest_at": str, "seen_id": int, "digest_on": str},
        pk="channel_id",
    )


@dataclass(frozen=True)
class AlertSetting:
    channel_id: str
    mode: str = "now"
    digest_at: str = "07:30"
    seen_id: int = 0
    digest_on: str = ""


class StaffAlerts:
    """Repository for ``staff_alerts``; a member without a row hears at once (``now``)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("staff_alerts")

    def get(self, channel_id: str) -> AlertSetting:
        """The member's setting; first asked, it starts after the newest item (no backlog)."""
        rows = list(self._table.rows_where("channel_id = ?", [channel_id], limit=1))
        if rows:
            return AlertSetting(**{k: v for k, v in rows[0].items() if v is not None})
        setting = AlertSetting(channel_id, seen_id=self.newest_item())
        self.save(setting)
        return setting

    def save(self, setting: AlertSetting) -> None:
        if setting.mode not in MODES:
            raise ValueError(f"unknown alert mode {setting.mode!r}")
        self._table.upsert(setting.__dict__, pk="channel_id")

    def newest_item(self) -> int:
        row = self._db.execute("SELECT max(id) FROM questions").fetchone()
        return int(row[0] or 0)

    def new_items(self, after_id: int, *, commune: str | None, limit: int = 50) -> list[dict]:
        """Pending queue items newer than ``after_id`` (of ``commune`` when given)."""
        where = "id > ? AND status = 'pending'"
        params: list[object] = [after_id]
        if commune is not None:
            where += " AND commune = ?"
            params.append(commune)
        return list(
            self._db.table("questions").rows_where(where, params, order_by="id", limit=limit)
        )
