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

from bot.store.citizens import Citizen, Citizens, citizens
from bot.store.database import utcnow
from bot.store.migrate import MigrationSet, metadata
from bot.store.outage import deferrable
from bot.store.sql import upsert

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


_tok = zalo_tokens
_TOKENS = sa.select(
    _tok.c.access_token, _tok.c.refresh_token, _tok.c.expires_at, _tok.c.seed
).where(_tok.c.id == 1)
_seen = zalo_seen_events
# ON CONFLICT DO NOTHING (not a caught IntegrityError): a failed statement would abort the
# surrounding PostgreSQL transaction. Spelled alike by SQLite and PostgreSQL.
_REMEMBER = sa.text(
    "INSERT INTO zalo_seen_events (key, at) VALUES (:key, :at) ON CONFLICT (key) DO NOTHING"
)
_PRUNE = sa.delete(_seen).where(_seen.c.at < sa.bindparam("cutoff"))
_ch = zalo_choices
_CHOICES = sa.select(_ch.c.payloads).where(
    _ch.c.user == sa.bindparam("user"), _ch.c.at >= sa.bindparam("since")
)
_CLEAR_CHOICES = sa.delete(_ch).where(_ch.c.user == sa.bindparam("user"))
_c = citizens
_ON_ZALO = sa.select(_c).where(_c.c.channel_id.like("zalo:%")).order_by(_c.c.id)
_ACTIVE_ON_ZALO = _ON_ZALO.where(_c.c.stopped_at.is_(None))


def _ago(delta: dt.timedelta) -> str:
    return (dt.datetime.now(dt.UTC) - delta).isoformat(timespec="seconds")


class ZaloStore:
    """Repository for the ``zalo_*`` tables."""

    def __init__(self, conn: sa.Connection, *, citizens: Citizens) -> None:
        self._conn = conn
        self._remembered = 0
        citizens.add_deletion_hook(self._forget_citizen)

    # -- tokens --------------------------------------------------------------------------
    def tokens(self) -> TokenPair | None:
        row = self._conn.execute(_TOKENS).first()
        if row is None:
            return None
        access, refresh, expires_at, seed = row
        expires = dt.datetime.fromisoformat(expires_at) if expires_at else None
        return TokenPair(access, refresh, expires, seed or "")

    def save_tokens(self, pair: TokenPair) -> None:
        """Replace the stored pair (the old refresh token is spent once Zalo answered)."""
        upsert(
            self._conn,
            zalo_tokens,
            {
                "id": 1,
                "access_token": pair.access_token,
                "refresh_token": pair.refresh_token,
                "expires_at": pair.expires_at.isoformat() if pair.expires_at else None,
                "seed": pair.seed,
                "updated_at": utcnow(),
            },
        )

    # -- webhook deliveries --------------------------------------------------------------
    @deferrable  # in a storage outage (None) an event is answered rather than dropped
    def first_delivery(self, key: str) -> bool:
        """Remember ``key``; True the first time it is seen, False for a repeat."""
        inserted = self._conn.execute(_REMEMBER, {"key": key, "at": utcnow()}).rowcount == 1
        self._remembered += 1
        if self._remembered % PRUNE_EVERY == 0:
            self.prune_seen()
        return inserted

    def prune_seen(self, older_than: dt.timedelta = SEEN_EVENTS_KEEP) -> int:
        return self._conn.execute(_PRUNE, {"cutoff": _ago(older_than)}).rowcount

    # -- numbered choices ------------------------------------------------------------------
    def set_choices(self, user: str, payloads: list[str]) -> None:
        """Remember the payloads behind the numbers 1..n last shown to ``user``."""
        upsert(
            self._conn,
            zalo_choices,
            {"user": user, "payloads": json.dumps(payloads), "at": utcnow()},
        )

    def choice(self, user: str, number: int) -> str | None:
        """The payload of choice ``number`` (1-based) if it is recent, else None."""
        found = self._conn.execute(_CHOICES, {"user": user, "since": _ago(CHOICES_KEEP)}).scalar()
        if found is None:
            return None
        payloads: list[str] = json.loads(found)
        return payloads[number - 1] if 1 <= number <= len(payloads) else None

    def clear_choices(self, user: str) -> None:
        self._conn.execute(_CLEAR_CHOICES, {"user": user})

    # -- Zalo citizens -----------------------------------------------------------------------
    def all_citizens(self) -> list[Citizen]:
        """Every citizen on Zalo (follower reconciliation)."""
        return [Citizen.from_row(row) for row in self._conn.execute(_ON_ZALO).mappings()]

    def active_citizens(self) -> list[Citizen]:
        """Citizens on Zalo not stopped: those a lost unfollow event would leave wrong."""
        return [Citizen.from_row(row) for row in self._conn.execute(_ACTIVE_ON_ZALO).mappings()]

    def _forget_citizen(self, citizen: Citizen) -> None:
        self.clear_choices(citizen.channel_id)
