"""Citizens who consented: their channel id, optional profile and news subscription."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot.store.database import utcnow
from bot.store.migrate import metadata
from bot.store.outage import deferrable
from bot.store.sql import atomic, upsert

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
    def from_row(cls, row: Mapping[Any, Any]) -> Citizen:
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


# Called with the citizen inside the deletion transaction, on the database thread: features
# that keep personal data about a citizen register one (on their own repository, which shares
# the connection) so that /xoadulieu removes it too.
DeletionHook = Callable[[Citizen], None]

_c = citizens
_BY_CHANNEL = sa.select(_c).where(_c.c.channel_id == sa.bindparam("channel_id")).limit(1)
_BY_ID = sa.select(_c).where(_c.c.id == sa.bindparam("citizen_id"))
_TOUCH = (
    sa.update(_c)
    .where(_c.c.channel_id == sa.bindparam("of_channel"))
    .values(last_seen=sa.bindparam("now"))
)
_DELETE = sa.delete(_c).where(_c.c.id == sa.bindparam("citizen_id"))
_COUNT_ALL = sa.select(sa.func.count()).select_from(_c)
_COUNT_SUBSCRIBED = _COUNT_ALL.where(_c.c.subscribed == 1)
# Profile fields a caller may change (``update``); the id and channel id never change.
_CHANGEABLE = frozenset(c.name for c in _c.columns) - {"id", "channel_id"}


@functools.cache
def _update_statement(fields: frozenset[str]) -> sa.Update:
    """One UPDATE per set of changed fields, built once (building costs more than running)."""
    values: dict[str, Any] = {name: sa.bindparam(f"v_{name}") for name in sorted(fields)}
    return sa.update(_c).where(_c.c.id == sa.bindparam("citizen_id")).values(values)


class Citizens:
    """Repository for the ``citizens`` table."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._deletion_hooks: list[DeletionHook] = []

    def get(self, channel_id: str) -> Citizen | None:
        row = self._conn.execute(_BY_CHANNEL, {"channel_id": channel_id}).mappings().first()
        return Citizen.from_row(row) if row else None

    def by_id(self, citizen_id: int) -> Citizen | None:
        row = self._conn.execute(_BY_ID, {"citizen_id": citizen_id}).mappings().first()
        return Citizen.from_row(row) if row else None

    def register(self, channel_id: str) -> Citizen:
        """Record consent for ``channel_id`` (idempotent, also when two processes race)."""
        existing = self.get(channel_id)
        if existing:
            return existing
        now = utcnow()
        row = {
            "channel_id": channel_id,
            "consent_at": now,
            "first_seen": now,
            "last_seen": now,
            "subscribed": 0,
            "topics": "[]",
        }
        upsert(self._conn, citizens, row, key=["channel_id"], update=[])
        citizen = self.get(channel_id)
        assert citizen is not None
        return citizen

    def update(self, citizen: Citizen, **fields: object) -> Citizen:
        """Change profile fields; ``topics`` may be given as a sequence."""
        unknown = set(fields) - _CHANGEABLE
        if unknown:
            raise ValueError(f"not a changeable citizen field: {', '.join(sorted(unknown))}")
        if "topics" in fields:
            fields["topics"] = json.dumps(list(fields["topics"]))  # type: ignore[call-overload]
        if fields:
            params = {f"v_{name}": value for name, value in fields.items()}
            self._conn.execute(
                _update_statement(frozenset(fields)), {"citizen_id": citizen.id, **params}
            )
        updated = self.by_id(citizen.id)
        assert updated is not None
        return updated

    @deferrable  # the last-seen time may lag during a storage outage
    def touch(self, channel_id: str) -> None:
        self._conn.execute(_TOUCH, {"of_channel": channel_id, "now": utcnow()})

    def subscribe(self, citizen: Citizen) -> Citizen:
        return self.update(citizen, subscribed=1, stopped_at=None, stopped_reason=None)

    def stop(self, citizen: Citizen, reason: str) -> Citizen:
        """Stop all news to the citizen; ``reason`` is user, blocked, deactivated..."""
        return self.update(citizen, subscribed=0, stopped_at=utcnow(), stopped_reason=reason)

    def add_deletion_hook(self, hook: DeletionHook) -> None:
        """Run ``hook`` when a citizen is deleted, after the hooks added before it."""
        self._deletion_hooks.append(hook)

    def delete(self, citizen: Citizen) -> None:
        """Delete the citizen and, through the hooks, every personal record about them."""
        with atomic(self._conn):
            for hook in self._deletion_hooks:
                hook(citizen)
            self._conn.execute(_DELETE, {"citizen_id": citizen.id})

    def count(self, *, subscribed: bool = False) -> int:
        """How many citizens consented (``subscribed``: of them, how many receive news)."""
        query = _COUNT_SUBSCRIBED if subscribed else _COUNT_ALL
        return int(self._conn.execute(query).scalar_one())
