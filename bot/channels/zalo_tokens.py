"""The OA access token: kept in the store, refreshed before it expires, one refresh at a time.

Zalo refresh tokens are single-use. Two refreshes racing would spend the same token twice
and lose the pair, and a crash between receiving a new pair and saving it would too — after
either, an OA admin must consent again in a browser. So refreshes run under one lock and
the new pair is saved before it is used. The store is reached through its async API only: the
pair is read on the first use (or :meth:`TokenManager.load`), never while the loop waits.

Several bot processes on one database (replicas, docs/deploy.md section 8) share the pair:
before refreshing, a process looks whether the stored pair is newer than its own (another
refreshed it) and takes that; otherwise it refreshes holding the lease ``zalo-token:<app>``
(table ``leases``), so only one process spends the refresh token, and the others wait for
the pair it saves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.channels.zalo_client import TOKEN_EXPIRED, ApiReply, ZaloClient, ZaloUnavailable
from bot.core.clock import system_now
from bot.replicas.presence import replica_id
from bot.store import Repositories, Store, StoreError
from bot.store.zalo import TokenPair

log = logging.getLogger(__name__)

REFRESH_MARGIN = dt.timedelta(minutes=30)  # refresh this long before the 25 h expiry
RETRY_AFTER_REFUSAL = dt.timedelta(minutes=10)  # Zalo refused the refresh token
RETRY_AFTER_OUTAGE = dt.timedelta(seconds=30)  # Zalo could not be reached
# The refresh lease outlasts a refresh (the HTTP timeout is 10 s) and the save after it.
REFRESH_LEASE_TTL = dt.timedelta(seconds=60)
REFRESH_LEASE_WAIT = 20.0  # seconds a process waits for another's refresh before giving up
REFRESH_LEASE_POLL = 0.25


class TokenUnavailable(Exception):
    """No usable access token: refreshing failed (``transient`` if Zalo was unreachable)."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.transient = transient


FailureNotice = Callable[[TokenUnavailable], Awaitable[None]]


_utcnow = system_now


class TokenManager:
    """Hands out a valid access token and refreshes it when due.

    Args:
        store: Where the pair lives.
        client: The Zalo API client (its OAuth URL is used).
        app_id: The Zalo app id.
        app_secret: The app's secret key (header ``secret_key`` of the refresh call).
        seed_access: ``ZALO_ACCESS_TOKEN``: used until it expires, unless the store already
            holds a pair that descends from the same configured tokens.
        seed_refresh: ``ZALO_REFRESH_TOKEN``.
        on_failure: Awaited once per failure episode with the failure (the admin notice).
        clock: Current UTC time (tests move it).
        holder: This process, as the refresh lease names it (other replicas see it).
    """

    def __init__(
        self,
        store: Store,
        client: ZaloClient,
        *,
        app_id: str,
        app_secret: str,
        seed_access: str = "",
        seed_refresh: str = "",
        on_failure: FailureNotice | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
        holder: str = "",
    ) -> None:
        self.store = store
        self.client = client
        self.app_id = app_id
        self.app_secret = app_secret
        self.on_failure = on_failure
        self.clock = clock
        self.holder = holder or replica_id()
        self._lease = f"zalo-token:{app_id}"
        self._lock = asyncio.Lock()
        self._failure: TokenUnavailable | None = None
        self._retry_at: dt.datetime | None = None
        self._notified = False
        self._seed = TokenPair(seed_access, seed_refresh, None, seed_refresh or seed_access)
        self._pair: TokenPair | None = None
        self._loaded = False

    async def load(self) -> None:
        """Read the stored pair, or adopt the configured one (once; later calls do nothing)."""
        async with self._lock:
            if not self._loaded:
                self._pair = await self.store.write(self._adopt)
                self._loaded = True

    def _adopt(self, repos: Repositories) -> TokenPair | None:
        """On the database thread, in one transaction: the pair to use from now on."""
        stored = repos.zalo.tokens()
        configured = self._seed
        # A configured pair the store has not seen means the admin consented again: adopt it.
        # Otherwise the stored pair is newer than the configured one (it was refreshed).
        if configured.seed and (stored is None or stored.seed != configured.seed):
            repos.zalo.save_tokens(configured)
            log.info("Zalo: using the access token from the configuration")
            return configured
        return stored

    @property
    def pair(self) -> TokenPair | None:
        """The pair in use (None before :meth:`load` or when none is configured)."""
        return self._pair

    def _due(self, pair: TokenPair) -> bool:
        if not pair.access_token:
            return True
        return pair.expires_at is not None and pair.expires_at - REFRESH_MARGIN <= self.clock()

    async def access_token(self) -> str:
        """A token to call the API with, refreshed first if it expires soon."""
        if not self._loaded:
            await self.load()
        pair = self._pair
        if pair is None:
            raise TokenUnavailable("no Zalo token is configured", transient=False)
        if self._due(pair):
            return await self.refresh(stale=pair.access_token)
        return pair.access_token

    async def call(self, request: Callable[[str], Awaitable[ApiReply]]) -> ApiReply:
        """``request(access_token)``; on an invalid or expired token, refresh and retry once.

        Raises TokenUnavailable (no token) and ZaloUnavailable (network, 5xx) as they come.
        """
        token = await self.access_token()
        reply = await request(token)
        if reply.error in TOKEN_EXPIRED:
            log.info("Zalo refused the access token (%s); refreshing", reply.error)
            reply = await request(await self.refresh(stale=token))
        return reply

    async def refresh_if_due(self) -> None:
        """For the periodic check: refresh now if the token expires soon."""
        if not self._loaded:
            await self.load()
        pair = self._pair
        if pair is not None and pair.refresh_token and self._due(pair):
            await self.refresh(stale=pair.access_token)

    async def refresh(self, *, stale: str) -> str:
        """Replace the access token ``stale`` (Zalo refused it or it is due) and return the new one.

        Raises:
            TokenUnavailable: Zalo refused the refresh token or could not be reached.
        """
        try:
            async with self._lock:
                return await self._refresh_locked(stale)
        except TokenUnavailable as failure:
            if not self._notified:
                self._notified = True
                if self.on_failure is not None:
                    await self.on_failure(failure)
            raise

    async def _refresh_locked(self, stale: str) -> str:
        pair = self._pair
        if pair is not None and pair.access_token != stale and not self._due(pair):
            return pair.access_token  # another task refreshed while this one waited
        if newer := await self._newer_stored(stale):
            return newer  # another process refreshed
        if self._failure is not None and self._retry_at and self.clock() < self._retry_at:
            raise self._failure
        waited = 0.0
        while not await self._take_lease():
            if waited >= REFRESH_LEASE_WAIT:
                raise self._failed("another bot process is still refreshing", transient=True)
            await asyncio.sleep(REFRESH_LEASE_POLL)
            waited += REFRESH_LEASE_POLL
            if newer := await self._newer_stored(stale):
                return newer
        try:
            if newer := await self._newer_stored(stale):
                return newer  # refreshed between the look above and the lease
            return await self._refresh_leased()
        finally:
            await self._give_lease_back()

    async def _newer_stored(self, stale: str) -> str | None:
        """The stored access token when another process saved a pair after ``stale``'s
        (then it is used from now on); None when there is still a refresh to do. A newer
        stored pair is adopted either way: its refresh token is the one not spent yet."""
        try:
            stored = await self.store.read(lambda repos: repos.zalo.tokens())
        except StoreError:
            return None  # refresh as one process would; saving says if the store is out
        current = self._pair
        if stored is None or not stored.access_token or stored.access_token == stale:
            return None
        if current is not None:
            if stored.access_token == current.access_token:
                return None
            if current.expires_at is not None and (
                stored.expires_at is None or stored.expires_at <= current.expires_at
            ):
                return None  # ours is newer (saving it failed): the stored one is spent
        self._pair = stored
        if self._due(stored):
            return None
        self._failure, self._retry_at, self._notified = None, None, False
        log.info("Zalo access token taken from the database (refreshed by another process)")
        return stored.access_token

    async def _take_lease(self) -> bool:
        now, name, holder = self.clock(), self._lease, self.holder
        try:
            return await self.store.write(
                lambda repos: repos.leases.acquire(name, holder, now=now, ttl=REFRESH_LEASE_TTL)
            )
        except StoreError:
            return True  # the database is out of reach: refresh as one process would

    async def _give_lease_back(self) -> None:
        name, holder = self._lease, self.holder
        try:
            await self.store.write(lambda repos: repos.leases.release(name, holder))
        except StoreError:
            log.warning("Zalo: the token refresh lease could not be given back; it expires")

    async def _refresh_leased(self) -> str:
        """Spend the refresh token (this process alone holds the lease) and save the pair."""
        pair = self._pair
        if pair is None or not pair.refresh_token:
            raise self._failed("no Zalo refresh token is configured", transient=False)
        try:
            answer = await self.client.refresh_token(
                app_id=self.app_id, app_secret=self.app_secret, refresh_token=pair.refresh_token
            )
        except ZaloUnavailable as error:
            raise self._failed(f"Zalo OAuth unreachable ({error})", transient=True) from error
        if not answer.get("access_token") or not answer.get("refresh_token"):
            reason = answer.get("error_name") or answer.get("message") or "no token in answer"
            raise self._failed(f"Zalo refused the refresh ({answer.get('error')}: {reason})")
        expires_in = int(answer.get("expires_in") or 0)  # Zalo sends it as a string
        new = TokenPair(
            access_token=str(answer["access_token"]),
            refresh_token=str(answer["refresh_token"]),
            expires_at=self.clock() + dt.timedelta(seconds=expires_in) if expires_in else None,
            seed=pair.seed,
        )
        await self._save(new)
        self._pair = new
        self._failure, self._retry_at, self._notified = None, None, False
        log.info("Zalo access token refreshed; valid until %s", new.expires_at)
        return new.access_token

    async def _save(self, new: TokenPair) -> None:
        """Save ``new`` before anything uses it: the old refresh token is already spent.

        It waits in the queue as patiently as bookkeeping does (a lock held by a command-line
        run beside the bot), not the few seconds a citizen's reply may wait. Should saving
        still fail, the pair is kept in memory and used: dropping it would stop Zalo now, while
        keeping it works until the next refresh, which saves the pair after it.
        """
        try:
            await self.store.write_soon(lambda repos: repos.zalo.save_tokens(new))
        except StoreError:
            log.exception(
                "ZALO TOKEN PAIR NOT SAVED: it is used from memory; if the bot restarts before "
                "the next refresh, an OA admin must grant the app access again"
            )

    def _failed(self, reason: str, *, transient: bool = False) -> TokenUnavailable:
        wait = RETRY_AFTER_OUTAGE if transient else RETRY_AFTER_REFUSAL
        self._failure = TokenUnavailable(reason, transient=transient)
        self._retry_at = self.clock() + wait
        log.error(
            "ZALO TOKEN REFRESH FAILED: %s. Zalo messages cannot be sent until it succeeds%s",
            reason,
            ""
            if transient
            else "; an OA admin may have to grant the app access again and "
            "set ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN",
        )
        return self._failure
