"""Leases and heartbeats: how several bot processes on one database share one bot.

``leases`` holds one row per exclusive duty (the campaign sender of a bot token and Zalo app):
whoever holds an unexpired row does the duty, renews it every few seconds, and another
process takes it over once the holder stopped renewing (it died). ``replicas`` holds one row
per live process with what it asked of the shared send budget lately, so that each takes its
share of Telegram's per-token limit (``bot/replicas/presence.py``).

Times are ISO-8601 UTC text to the microsecond from the replicas' clocks (they compare as
text on both backends): the replicas' clocks must agree within well under a lease's TTL,
which NTP gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.migrate import MigrationSet, metadata

if TYPE_CHECKING:  # alembic is imported only when a step runs
    from alembic.operations import Operations

migrations = MigrationSet("leases")

leases = sa.Table(
    "leases",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),  # the duty, e.g. senders:telegram=123
    sa.Column("holder", sa.Text, nullable=False),  # the replica's id
    sa.Column("expires_at", sa.Text, nullable=False),
)

replicas = sa.Table(
    "replicas",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),  # host:pid:random
    sa.Column("expires_at", sa.Text, nullable=False),
    sa.Column("demand", sa.Float, nullable=False, server_default="0"),
    sa.Column("share", sa.Float, nullable=False, server_default="0"),  # of the send rate
)


@migrations()
def m001_leases_and_replicas(op: Operations) -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("holder", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
    )
    op.create_table(
        "replicas",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("expires_at", sa.Text, nullable=False),
        sa.Column("demand", sa.Float, nullable=False, server_default="0"),
        sa.Column("share", sa.Float, nullable=False, server_default="0"),
    )


# Take the lease when it is free or expired, renew it when it is ours; never steal a live one.
_TAKE = sa.text(
    "INSERT INTO leases (name, holder, expires_at) VALUES (:name, :holder, :expires_at) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at <= :now"
)
_HOLDER = sa.select(leases.c.holder, leases.c.expires_at).where(
    leases.c.name == sa.bindparam("name")
)
_RELEASE = sa.delete(leases).where(
    leases.c.name == sa.bindparam("name"), leases.c.holder == sa.bindparam("holder")
)
_BEAT = sa.text(
    "INSERT INTO replicas (id, expires_at, demand) VALUES (:id, :expires_at, :demand) "
    "ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, demand = excluded.demand"
)
_LIVE = (
    sa.select(replicas.c.id, replicas.c.demand, replicas.c.share)
    .where(replicas.c.expires_at > sa.bindparam("now"))
    .order_by(replicas.c.id)
)
_SET_SHARE = (
    sa.update(replicas)
    .where(replicas.c.id == sa.bindparam("replica"))
    .values(share=sa.bindparam("new_share"))
)
SHARES_LOCK = 7_160_018  # PostgreSQL: one replica at a time changes its share
_LOCK_SHARES = sa.text("SELECT pg_advisory_xact_lock(:key)")
_FORGET_DEAD = sa.delete(replicas).where(replicas.c.expires_at <= sa.bindparam("before"))
_LEAVE = sa.delete(replicas).where(replicas.c.id == sa.bindparam("id"))


def stamp(moment: dt.datetime) -> str:
    """A time as these tables keep it: UTC to the microsecond, fixed width (sorts as text)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class LiveReplica:
    id: str
    demand: float
    share: float


class Leases:
    """Repository for ``leases`` and ``replicas``. Every method is one or two statements:
    the executor runs each call as its own transaction (``store.write``)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def acquire(self, name: str, holder: str, *, now: dt.datetime, ttl: dt.timedelta) -> bool:
        """Take or renew ``name`` for ``holder`` until ``now + ttl``; whether it is held now."""
        self._conn.execute(
            _TAKE,
            {"name": name, "holder": holder, "expires_at": stamp(now + ttl), "now": stamp(now)},
        )
        found = self._conn.execute(_HOLDER, {"name": name}).first()
        return found is not None and found.holder == holder

    def holder(self, name: str, *, now: dt.datetime) -> str | None:
        """Who holds ``name`` now (None: nobody, or the lease expired)."""
        found = self._conn.execute(_HOLDER, {"name": name}).first()
        if found is None or found.expires_at <= stamp(now):
            return None
        return str(found.holder)

    def release(self, name: str, holder: str) -> None:
        """Give ``name`` up at once (a clean stop), if ``holder`` still has it."""
        self._conn.execute(_RELEASE, {"name": name, "holder": holder})

    def beat(self, replica: str, *, now: dt.datetime, ttl: dt.timedelta, demand: float) -> None:
        """Say ``replica`` is alive until ``now + ttl`` and how much it asked to send lately."""
        self._conn.execute(
            _BEAT, {"id": replica, "expires_at": stamp(now + ttl), "demand": float(demand)}
        )
        self._conn.execute(_FORGET_DEAD, {"before": stamp(now - ttl * 10)})

    def live(self, *, now: dt.datetime) -> list[LiveReplica]:
        """The replicas whose heartbeat has not expired, by id."""
        found = self._conn.execute(_LIVE, {"now": stamp(now)})
        return [LiveReplica(row.id, float(row.demand), float(row.share)) for row in found]

    def lock_shares(self) -> None:
        """Inside a write: wait until no other replica is changing its share (PostgreSQL;
        SQLite's write transactions are one at a time already)."""
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(_LOCK_SHARES, {"key": SHARES_LOCK})

    def set_share(self, replica: str, share: float) -> None:
        self._conn.execute(_SET_SHARE, {"replica": replica, "new_share": float(share)})

    def leave(self, replica: str) -> None:
        """A clean stop: the others take over this replica's share at once."""
        self._conn.execute(_LEAVE, {"id": replica})
