"""Signing in without a password: one-time links, sessions, and a limiter for bad links.

A staff member asks the bot (``/dangnhap``) or an admin asks the command line
(``python -m bot staff link telegram:123``) for a link. The link carries a random token,
valid ``LINK_TTL`` and only once; the server keeps only its hash. Opening the link shows a
button (link previews in messengers fetch URLs, so a GET must not use the token up); pressing
it starts a session whose id lives in an HttpOnly cookie and whose hash lives in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.clock import system_now
from bot.store import Repositories, Store
from bot.store.web import WebSession

LINK_TTL = dt.timedelta(minutes=10)
SESSION_TTL = dt.timedelta(hours=8)  # a working day; then the link is asked for again
LINK_PATH = "/dangnhap/"

Clock = Callable[[], dt.datetime]


utc_now = system_now


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def digest(secret: str) -> str:
    """What the database keeps instead of a token or session id."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    """Who is signed in, with the role they hold right now (read on every request)."""

    channel_id: str
    role: str
    csrf: str
    session_hash: str


class Auth:
    """Issues and checks links and sessions over the store.

    Args:
        store: The bot's store (``store.web`` and ``store.staff``).
        clock: The current UTC time; tests move it forward to expire links and sessions.
    """

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock

    def issue_link(self, channel_id: str, base_url: str) -> str:
        """A one-time sign-in URL for a staff member (raises if they hold no role)."""
        if self.store.staff.role_of(channel_id) is None:
            raise PermissionError(f"{channel_id} is not staff")
        token = secrets.token_urlsafe(32)
        now = self.clock()
        self.store.web.add_link(
            digest(token), channel_id, now=_iso(now), expires_at=_iso(now + LINK_TTL)
        )
        return base_url.rstrip("/") + LINK_PATH + token

    def redeem(self, token: str) -> tuple[str, str] | None:
        """Use a link up: (session id for the cookie, channel id), or None if refused."""
        if not token or len(token) > 100:
            return None
        now = self.clock()
        channel_id = self.store.web.redeem_link(digest(token), now=_iso(now))
        if channel_id is None or self.store.staff.role_of(channel_id) is None:
            return None
        session_id = secrets.token_urlsafe(32)
        self.store.web.add_session(
            digest(session_id),
            channel_id,
            csrf=secrets.token_urlsafe(24),
            now=_iso(now),
            expires_at=_iso(now + SESSION_TTL),
        )
        return session_id, channel_id

    async def identify(self, session_id: str | None) -> Identity | None:
        """The signed-in staff member, or None (no cookie, expired, or role taken away).

        Asked on every request, so it reads on the database thread without holding the loop.
        """
        if not session_id or len(session_id) > 100:
            return None
        hashed = digest(session_id)
        now = _iso(self.clock())

        def look_up(r: Repositories) -> tuple[WebSession, str] | None:
            session = r.web.session(hashed, now=now)
            role = r.staff.role_of(session.channel_id) if session is not None else None
            return (session, role) if session is not None and role is not None else None

        found = await self.store.read(look_up)
        if found is None:
            return None
        session, role = found
        return Identity(session.channel_id, role, session.csrf, hashed)

    def sign_out(self, identity: Identity) -> None:
        self.store.web.end_session(identity.session_hash)


class BadLinkLimiter:
    """At most ``limit`` refused links per client address in ``window`` seconds.

    Tokens are 256 random bits, so guessing is hopeless anyway; the limit keeps a scanner
    from filling the log and tells a person who keeps pasting a stale link to ask again.
    """

    def __init__(
        self,
        *,
        limit: int = 5,
        window: float = 600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.monotonic = monotonic
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        now = self.monotonic()
        seen = self._failures.setdefault(client, deque())
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if not seen:
            del self._failures[client]
            return deque()
        return seen

    def blocked(self, client: str) -> bool:
        return len(self._recent(client)) >= self.limit

    def failed(self, client: str) -> None:
        self._recent(client)
        self._failures.setdefault(client, deque()).append(self.monotonic())
