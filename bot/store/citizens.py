"""Citizens who consented: their channel id, optional profile and news subscription."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from bot.store.database import utcnow
from bot.store.migrate import metadata
from bot.store.outage import deferrable

HOUSEHOLD_CATEGORIES = ("ngheo", "can_ngheo", "moi_thoat_ngheo", "khac", "khong_tra_loi")

citizens = sa.Table(
    "citizens",
    metadata,
    # Never handed out twice (AUTOINCREMENT on SQLite, a sequence on PostgreSQL): events keep
    # a deleted citizen's id as an anonymous key, which a newcomer must not inherit.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("channel_id", sa.Text, nullable=False),  # e.g. telegram:123 — the only identifier
    sa.Column("consent_at", sa.Text, nullable=False),
    sa.Column("commune", sa.Text),
    sa.Column("village", sa.Text),
    sa.Column("household", sa.Text),  # one of HOUSEHOLD_CATEGORIES
    sa.Column("topics", sa.Text, server_default="[]"),  # JSON list of topic ids followed
    sa.Column("subscribed", sa.Integer, server_default="0"),
    sa.Column("stopped_at", sa.Text),
    sa.Column("stopped_reason", sa.Text),  # user | blocked | deactivated | unfollowed
    sa.Column("first_seen", sa.Text, nullable=False),
    sa.Column("last_seen", sa.Text, nullable=False),
    sa.Index("idx_citizens_channel_id", "channel_id", unique=True),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class Citizen:
    """A consenting citizen as stored. Fields are None when the citizen did not say."""

    id: int
    channel_id: str
    consent_at: str
    commune: str | None
    village: str | None
    household: str | None
    topics: tuple[str, ...]
    subscribed: bool
    stopped_at: str | None
    stopped_reason: str | None
    first_seen: str
    last_seen: str

    @classmethod
    def from_row(cls, row: dict) -> Citizen:
        return cls(
            id=row["id"],
            channel_id=row["channel_id"],
            consent_at=row["consent_at"],
            commune=row["commune"],
            village=row["village"],
            household=row["household"],
            topics=tuple(json.loads(row["topics"] or "[]")),
            subscribed=bool(row["subscribed"]),
            stopped_at=row["stopped_at"],
            stopped_reason=row["stopped_reason"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
        )


# Called with (db, citizen) inside the deletion transaction; features that keep personal
# data about a citizen register one so that /xoadulieu removes it too.
DeletionHook = Callable[[Database, Citizen], None]


class Citizens:
    """Repository for the ``citizens`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._table = db.table("citizens")
        self._deletion_hooks: list[DeletionHook] = []

    def get(self, channel_id: str) -> Citizen | None:
        rows = list(self._table.rows_where("channel_id = ?", [channel_id], limit=1))
        return Citizen.from_row(rows[0]) if rows else None

    def by_id(self, citizen_id: int) -> Citizen | None:
        try:
            return Citizen.from_row(self._table.get(citizen_id))
        except NotFoundError:
            return None

    def register(self, channel_id: str) -> Citizen:
        """Record consent for ``channel_id`` (idempotent) and return the citizen."""
        existing = self.get(channel_id)
        if existing:
            return existing
        now = utcnow()
        self._table.insert(
            {
                "channel_id": channel_id,
                "consent_at": now,
                "first_seen": now,
                "last_seen": now,
                "subscribed": 0,
                "topics": "[]",
            }
        )
        citizen = self.get(channel_id)
        assert citizen is not None
        return citizen

    def update(self, citizen: Citizen, **fields: object) -> Citizen:
        """Change profile fields; ``topics`` may be given as a sequence."""
        if "topics" in fields:
            fields["topics"] = json.dumps(list(fields["topics"]))  # type: ignore[call-overload]
        self._table.update(citizen.id, fields)
        updated = self.by_id(citizen.id)
        assert updated is not None
        return updated

    @deferrable  # the last-seen time may lag during a storage outage
    def touch(self, channel_id: str) -> None:
        self._db.execute(
            "UPDATE citizens SET last_seen = ? WHERE channel_id = ?", [utcnow(), channel_id]
        )

    def subscribe(self, citizen: Citizen) -> Citizen:
        return self.update(citizen, subscribed=1, stopped_at=None, stopped_reason=None)

    def stop(self, citizen: Citizen, reason: str) -> Citizen:
        """Stop all news to the citizen; ``reason`` is user, blocked, deactivated..."""
        return self.update(citizen, subscribed=0, stopped_at=utcnow(), stopped_reason=reason)

    def add_deletion_hook(self, hook: DeletionHook) -> None:
        self._deletion_hooks.append(hook)

    def delete(self, citizen: Citizen) -> None:
        """Delete the citizen and, through the hooks, every personal record about them."""
        with self._db.atomic():
            for hook in self._deletion_hooks:
                hook(self._db, citizen)
            self._db.execute(
                "UPDATE questions SET citizen_id = NULL, text = '' WHERE citizen_id = ?",
                [citizen.id],
            )
            # Events stay as anonymous counts under a key never given out again (AUTOINCREMENT);
            # their reference codes go, so nothing that quotes a code (the FAQ proposals file,
            # a staff chat) leads back to this key and the person's other events.
            self._db.execute("UPDATE events SET ref = NULL WHERE citizen_key = ?", [citizen.id])
            self._db.execute("DELETE FROM dialogue_state WHERE user = ?", [citizen.channel_id])
            self._table.delete(citizen.id)

    def count(self, where: str = "", params: list | None = None) -> int:
        return self._table.count_where(where or None, params or [])
