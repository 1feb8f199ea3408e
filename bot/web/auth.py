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


@dataclass(frozen=True)
class SignedIn:
    """A link just used: the session id for the cookie, who signed in, their role."""

    session_id: str
    channel_id: str
    role: str


class Auth:
    """Issues and checks links and sessions over the store.

    Every check and change is one read or one transaction on the database thread
    (``store.read`` / ``store.write``), so the console never holds the event loop; only
    :meth:`issue_link_now` blocks, for the command line.

    Args:
        store: The bot's store (``web`` and ``staff`` repositories).
        clock: The current UTC time; tests move it forward to expire links and sessions.
    """

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock

    def _new_link(
        self, channel_id: str, base_url: str
    ) -> tuple[str, Callable[[Repositories], None]]:
        """(the URL, the write that records it, refusing someone who holds no role)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()

        def record(r: Repositories) -> None:
            if r.staff.role_of(channel_id) is None:
                raise PermissionError(f"{channel_id} is not staff")
            r.web.add_link(
                digest(token), channel_id, now=_iso(now), expires_at=_iso(now + LINK_TTL)
            )

        return base_url.rstrip("/") + LINK_PATH + token, record

    async def issue_link(self, channel_id: str, base_url: str) -> str:
        """A one-time sign-in URL for a staff member (raises PermissionError if they hold no role)."""
        url, record = self._new_link(channel_id, base_url)
        await self.store.write(record)
        return url

    def issue_link_now(self, channel_id: str, base_url: str) -> str:
        """:meth:`issue_link` for the command line, which may wait for the database."""
        url, record = self._new_link(channel_id, base_url)
        self.store.call(record)
        return url

    async def redeem(self, token: str) -> SignedIn | None:
        """Use a link up and start a session, in one transaction; None if refused (unknown,
        used, expired, or its holder's role was taken away meanwhile)."""
        if not token or len(token) > 100:
            return None
        now = self.clock()
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)

        def use(r: Repositories) -> SignedIn | None:
            channel_id = r.web.redeem_link(digest(token), now=_iso(now))
            role = r.staff.role_of(channel_id) if channel_id is not None else None
            if channel_id is None or role is None:
                return None
            r.web.add_session(
                digest(session_id),
                channel_id,
                csrf=csrf,
                now=_iso(now),
                expires_at=_iso(now + SESSION_TTL),
            )
            return SignedIn(session_id, channel_id, role)

        return await self.store.write(use)

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

    async def sign_out(self, identity: Identity) -> None:
        hashed = identity.session_hash
        await self.store.write(lambda r: r.web.end_session(hashed))


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
