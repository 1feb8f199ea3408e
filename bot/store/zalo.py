"""What the Zalo channel must remember across restarts.

- The OAuth token pair: Zalo refresh tokens are single-use, so the new pair is written here
  before it is used; losing it means an OA admin has to consent again in a browser.
- Webhook deliveries already processed (``msg_id``), so a retried delivery after a restart
  is not answered twice. Only the id and the time are kept.
- The numbered choices last shown to each person (more than five buttons become numbered
  lines): a reply with just the number then presses that button, even after a restart.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlite_utils import Database

from bot.store.citizens import Citizen, Citizens
from bot.store.database import utcnow
from bot.store.migrate import MigrationSet, metadata
from bot.store.outage import deferrable

migrations = MigrationSet("zalo")

SEEN_EVENTS_KEEP = dt.timedelta(days=3)  # Zalo retries a delivery for minutes, not days
CHOICES_KEEP = dt.timedelta(days=1)
PRUNE_EVERY = 500  # events remembered between two prunings

zalo_tokens = sa.Table(
    "zalo_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # 1: one OA
    sa.Column("access_token", sa.Text),
    sa.Column("refresh_token", sa.Text),
    # ISO-8601 UTC; NULL when unknown (a pair given by the admin)
    sa.Column("expires_at", sa.Text),
    sa.Column("seed", sa.Text),  # the token the admin configured that this pair descends from
    sa.Column("updated_at", sa.Text),
)

zalo_seen_events = sa.Table(
    "zalo_seen_events",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("at", sa.Text),
    sa.Index("idx_zalo_seen_events_at", "at"),
)

zalo_choices = sa.Table(
    "zalo_choices",
    metadata,
    sa.Column("user", sa.Text, primary_key=True),
    sa.Column("payloads", sa.Text),
    sa.Column("at", sa.Text),
)


@dataclass(frozen=True)
class TokenPair:
    """An OA access token with the refresh token that replaces it."""

    access_token: str
    refresh_token: str
    expires_at: dt.datetime | None = None
    seed: str = ""


def _ago(delta: dt.timedelta) -> str:
    return (dt.datetime.now(dt.UTC) - delta).isoformat(timespec="seconds")


class ZaloStore:
    """Repository for the ``zalo_*`` tables."""

    def __init__(self, db: Database, *, citizens: Citizens) -> None:
        self._db = db
        self._remembered = 0
        citizens.add_deletion_hook(self._forget_citizen)

    # -- tokens --------------------------------------------------------------------------
    def tokens(self) -> TokenPair | None:
        row = self._db.execute(
            "SELECT access_token, refresh_token, expires_at, seed FROM zalo_tokens WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        access, refresh, expires_at, seed = row
        expires = dt.datetime.fromisoformat(expires_at) if expires_at else None
        return TokenPair(access, refresh, expires, seed or "")

    def save_tokens(self, pair: TokenPair) -> None:
        """Replace the stored pair (committed at once: the old refresh token is now spent)."""
        self._db.table("zalo_tokens").upsert(
            {
                "id": 1,
                "access_token": pair.access_token,
                "refresh_token": pair.refresh_token,
                "expires_at": pair.expires_at.isoformat() if pair.expires_at else None,
                "seed": pair.seed,
                "updated_at": utcnow(),
            },
            pk="id",
        )

    # -- webhook deliveries --------------------------------------------------------------
    @deferrable  # in a storage outage (None) an event is answered rather than dropped
    def first_delivery(self, key: str) -> bool:
        """Remember ``key``; True the first time it is seen, False for a repeat."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO zalo_seen_events (key, at) VALUES (?, ?)", [key, utcnow()]
        )
        self._remembered += 1
        if self._remembered % PRUNE_EVERY == 0:
            self.prune_seen()
        return cursor.rowcount == 1

    def prune_seen(self, older_than: dt.timedelta = SEEN_EVENTS_KEEP) -> int:
        cursor = self._db.execute("DELETE FROM zalo_seen_events WHERE at < ?", [_ago(older_than)])
        return cursor.rowcount

    # -- numbered choices ------------------------------------------------------------------
    def set_choices(self, user: str, payloads: list[str]) -> None:
        """Remember the payloads behind the numbers 1..n last shown to ``user``."""
        self._db.table("zalo_choices").upsert(
            {"user": user, "payloads": json.dumps(payloads), "at": utcnow()}, pk="user"
        )

    def choice(self, user: str, number: int) -> str | None:
        """The payload of choice ``number`` (1-based) if it is recent, else None."""
        row = self._db.execute(
            "SELECT payloads FROM zalo_choices WHERE user = ? AND at >= ?",
            [user, _ago(CHOICES_KEEP)],
        ).fetchone()
        if row is None:
            return None
        payloads: list[str] = json.loads(row[0])
        return payloads[number - 1] if 1 <= number <= len(payloads) else None

    def clear_choices(self, user: str) -> None:
        self._db.execute("DELETE FROM zalo_choices WHERE user = ?", [user])

    def all_citizens(self) -> list[Citizen]:
        """Every citizen on Zalo (follower reconciliation)."""
        rows = self._db.table("citizens").rows_where("channel_id LIKE 'zalo:%'")
        return [Citizen.from_row(row) for row in rows]

    def active_citizens(self) -> list[Citizen]:
        """Citizens on Zalo not stopped: those a lost unfollow event would leave wrong."""
        return [c for c in self.all_citizens() if c.stopped_at is None]

    def _forget_citizen(self, citizen: Citizen) -> None:
        self._db.execute("DELETE FROM zalo_choices WHERE user = ?", [citizen.channel_id])
