"""The inbox: updates received by any replica, handled per person in arrival order.

With several replicas behind a load balancer a person's second message may reach another
process than their first. Each webhook update is written here first (committed before the
platform is answered); then whoever holds the person's advisory lock (PostgreSQL's
``pg_try_advisory_lock``, one per person, held by one replica's connection) handles that
person's pending rows in order (``bot/replicas/inbox.py``). Telegram and Zalo share the
table: ``user`` names the channel and the person (``telegram:123``, ``zalo:456``), so one
person's lock and flood window are per channel. A handled row loses its body at
once (what a citizen wrote is kept no longer than needed) and is kept, without it, for the
flood guard's one-minute window, then purged.

On SQLite there is one process: the lock is always granted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.store.leases import stamp
from bot.store.migrate import MigrationSet, metadata

if TYPE_CHECKING:  # alembic is imported only when a step runs
    from alembic.operations import Operations

migrations = MigrationSet("inbox")

LOCK_SPACE = 7_160_017  # the first key of every person's advisory lock (the second: a hash)
WINDOW = dt.timedelta(seconds=60)  # the flood guard's window; handled rows are kept this long

inbox = sa.Table(
    "inbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user", sa.Text, nullable=False),  # the channel id, e.g. telegram:123
    sa.Column("seq", sa.BigInteger, nullable=False),  # the platform's order (update_id)
    # What tells two updates with the same seq apart: Zalo orders by its timestamp, which two
    # events may share, so its event key (msg_id) is here; '' for Telegram (update_id).
    sa.Column("event", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("body", sa.Text),  # the update as received; NULL once handled
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("handled_at", sa.Text),
    sa.Column("verdict", sa.Text),  # the flood guard's: ok, warn, drop
    sa.Index("idx_inbox_user_received_at", "user", "received_at"),
    sa.Index("idx_inbox_handled_at", "handled_at"),
    # Telegram sends an update again when its answer was lost, maybe to another replica.
    sa.Index("idx_inbox_user_seq_event", "user", "seq", "event", unique=True),
)


@migrations()
def m001_inbox(op: Operations) -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text),
        sa.Column("received_at", sa.Text, nullable=False),
        sa.Column("handled_at", sa.Text),
        sa.Column("verdict", sa.Text),
    )
    op.create_index("idx_inbox_user_received_at", "inbox", ["user", "received_at"])
    op.create_index("idx_inbox_handled_at", "inbox", ["handled_at"])
    op.create_index("idx_inbox_user_seq", "inbox", ["user", "seq"], unique=True)


@migrations()
def m002_inbox_event(op: Operations) -> None:
    """Zalo's events through the inbox: its order (a timestamp) may repeat for two events."""
    op.add_column(
        "inbox", sa.Column("event", sa.Text, nullable=False, server_default=sa.text("''"))
    )
    op.drop_index("idx_inbox_user_seq", table_name="inbox")
    op.create_index("idx_inbox_user_seq_event", "inbox", ["user", "seq", "event"], unique=True)


_t = inbox
# An update already kept (a redelivery, to this or another replica) is not kept twice.
_PUT = sa.text(
    'INSERT INTO inbox ("user", seq, event, body, received_at) '
    "VALUES (:user, :seq, :event, :body, :received_at) "
    'ON CONFLICT ("user", seq, event) DO NOTHING'
)
_PENDING = (
    sa.select(_t.c.id, _t.c.seq, _t.c.body, _t.c.received_at)
    .where(_t.c.user == sa.bindparam("user"), _t.c.handled_at.is_(None))
    .order_by(_t.c.seq, _t.c.id)
    .limit(sa.bindparam("limit"))
)
_ANY_PENDING = (
    sa.select(_t.c.id).where(_t.c.user == sa.bindparam("user"), _t.c.handled_at.is_(None)).limit(1)
)
# What the flood guard needs around a batch: when each update of the person in the window
# came, and the verdict it had (NULL: not handled yet).
_WINDOW = (
    sa.select(_t.c.id, _t.c.received_at, _t.c.verdict)
    .where(
        _t.c.user == sa.bindparam("user"),
        _t.c.received_at > sa.bindparam("since"),
        _t.c.received_at <= sa.bindparam("until"),
    )
    .order_by(_t.c.received_at, _t.c.id)
)
_DONE = (
    sa.update(_t)
    .where(_t.c.id == sa.bindparam("row_id"))
    .values(handled_at=sa.bindparam("now"), verdict=sa.bindparam("new_verdict"), body=None)
)
_STRANDED = (
    sa.select(_t.c.user)
    .where(
        _t.c.handled_at.is_(None),
        _t.c.received_at < sa.bindparam("before"),
        _t.c.user.startswith(sa.bindparam("channel")),  # "zalo:": no LIKE wildcards
    )
    .group_by(_t.c.user)
    .order_by(sa.func.min(_t.c.id))
    .limit(sa.bindparam("limit"))
)
_PURGE = sa.delete(_t).where(
    _t.c.handled_at.is_not(None), _t.c.received_at < sa.bindparam("before")
)
_TRY_LOCK = sa.text("SELECT pg_try_advisory_lock(:space, hashtext(:user))")
_UNLOCK = sa.text("SELECT pg_advisory_unlock(:space, hashtext(:user))")


# (user, seq, body) or (user, seq, body, event): an update as a channel hands it in.
Received = tuple[str, int, str] | tuple[str, int, str, str]


@dataclass(frozen=True)
class InboxRow:
    id: int
    seq: int
    body: str
    received_at: str


class Inbox:
    """Repository for ``inbox`` and the per-person advisory locks (PostgreSQL)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._postgres = conn.dialect.name == "postgresql"

    def put(self, received: list[Received], *, now: dt.datetime) -> None:
        """Keep updates received, as ``(user, seq, body)`` or ``(user, seq, body, event)``,
        until they are handled (an update seen within the last two minutes is not kept
        again)."""
        at = stamp(now)
        rows = [
            {"user": r[0], "seq": r[1], "body": r[2], "event": r[3] if len(r) > 3 else "",
             "received_at": at}
            for r in received
        ]  # fmt: skip
        self._conn.execute(_PUT, rows)

    def pending(self, user: str, *, limit: int = 20) -> list[InboxRow]:
        """``user``'s updates not yet handled, in the platform's order."""
        found = self._conn.execute(_PENDING, {"user": user, "limit": limit})
        return [InboxRow(r.id, r.seq, r.body or "", r.received_at) for r in found]

    def has_pending(self, user: str) -> bool:
        return self._conn.execute(_ANY_PENDING, {"user": user}).first() is not None

    def window(self, user: str, rows: list[InboxRow]) -> dict[int, tuple[str, str | None]]:
        """For the flood guard: id → ``(received_at, verdict)`` of ``user``'s updates from a
        minute before the first of ``rows`` to the last of them (verdict None: pending)."""
        if not rows:
            return {}
        first = dt.datetime.fromisoformat(min(r.received_at for r in rows))
        until = max(r.received_at for r in rows)
        found = self._conn.execute(
            _WINDOW, {"user": user, "since": stamp(first - WINDOW), "until": until}
        )
        return {row.id: (row.received_at, row.verdict) for row in found}

    def done(self, handled: list[tuple[int, str]], *, now: dt.datetime) -> None:
        """Rows handled, as ``(id, verdict)``: forget their bodies, keep when and the verdict."""
        if handled:
            at = stamp(now)
            self._conn.execute(
                _DONE, [{"row_id": i, "new_verdict": v, "now": at} for i, v in handled]
            )

    def stranded(self, channel: str, *, before: dt.datetime, limit: int = 100) -> list[str]:
        """People of ``channel`` with updates waiting since ``before`` (their replica died
        mid-way); each channel's inbox handles its own."""
        found = self._conn.execute(
            _STRANDED, {"channel": channel + ":", "before": stamp(before), "limit": limit}
        )
        return [row.user for row in found]

    def purge(self, *, before: dt.datetime) -> int:
        """Drop handled rows received before ``before`` (older than the flood window)."""
        return self._conn.execute(_PURGE, {"before": stamp(before)}).rowcount

    def try_lock(self, user: str) -> bool:
        """Take ``user``'s lock for this connection (session-level; never waits)."""
        if not self._postgres:
            return True  # one process: the in-memory per-person lock is enough
        return bool(self._conn.execute(_TRY_LOCK, {"space": LOCK_SPACE, "user": user}).scalar())

    def unlock(self, user: str) -> None:
        if self._postgres:
            self._conn.execute(_UNLOCK, {"space": LOCK_SPACE, "user": user})
