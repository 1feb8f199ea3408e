"""Daily follower reconciliation: who still follows the OA, compared with the database.

Follow and unfollow events missed while the bot was down (Zalo retries a webhook delivery for
minutes, not hours) leave the database wrong: a citizen who unfollowed would still be counted
as a recipient. Once a day the channel reads the whole follower list
(``/v3.0/oa/user/getlist``, 50 a page) and stops news to citizens who no longer follow
(``stopped_reason = unfollowed``, as the event would have). Followers the database does not
know are only counted: the bot cannot greet them outside the window, and they get onboarding
when they first write. A citizen who followed again is not re-subscribed without asking.
Nothing is changed unless the whole list was read.

With several replicas on one database, one of them reconciles each day: the first to try
takes the lease ``zalo-followers:<app>`` for a little less than a day (table ``leases``), and
the others skip that day. The list costs a request per 50 followers from the app's budget
(about 4,000 a minute, shared with every reply), so it is read once, not once per replica.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.channels import zalo_shapes as shapes
from bot.channels.zalo_client import ApiReply, ZaloClient
from bot.channels.zalo_tokens import TokenManager
from bot.core.clock import system_now
from bot.core.stops import StopReason, recipient_stopped
from bot.store import Store

log = logging.getLogger(__name__)

PAGE = 50  # Zalo's most per page
DAY_SECONDS = 24 * 3600.0
FIRST_CHECK_SECONDS = 600.0  # after a start, once the webhook has caught up
MAX_PAGES = 100_000  # 5 million followers: a runaway loop stops here
# Held, not given back, by the replica that reconciled today: shorter than a day, so that
# tomorrow's first replica to try gets it, whichever it is.
DAILY_LEASE = dt.timedelta(hours=23)


@dataclass(frozen=True)
class Reconciliation:
    """What one comparison found and did."""

    followers: int
    unfollowed: int  # citizens stopped because they no longer follow
    unknown: int  # followers who never wrote to the bot


class FollowerListIncomplete(Exception):
    """A page could not be read: nothing is changed."""


class FollowerReconciler:
    """Compares the OA's followers with the Zalo citizens in ``store``."""

    def __init__(self, client: ZaloClient, tokens: TokenManager, store: Store) -> None:
        self.client = client
        self.tokens = tokens
        self.store = store

    async def followers(self) -> set[str]:
        """Every follower's user id; raises FollowerListIncomplete if any page fails."""
        ids: set[str] = set()
        for page in range(MAX_PAGES):
            reply = await self.tokens.call(self._page(page))
            shapes.log_first("user/getlist", reply)
            if reply.error != 0:
                raise FollowerListIncomplete(f"page {page}: {reply.error} {reply.message}")
            people, total = shapes.follower_page_of(reply)
            ids.update(people)
            if not people or (page + 1) * PAGE >= total:
                return ids
        raise FollowerListIncomplete("too many pages")

    def _page(self, page: int) -> Callable[[str], Awaitable[ApiReply]]:
        query = {"offset": page * PAGE, "count": PAGE, "is_follower": True}
        return lambda token: self.client.get(token, "/v3.0/oa/user/getlist", query)

    async def reconcile(self) -> Reconciliation:
        """Read the list, stop those who left, count those unknown; what was found."""
        following = await self.followers()
        known = await self.store.read(lambda repos: repos.zalo.active_citizens())
        unfollowed = 0
        for citizen in known:
            if citizen.channel_id.partition(":")[2] not in following:
                await recipient_stopped(self.store, citizen.channel_id, StopReason.UNFOLLOWED)
                unfollowed += 1
        every = await self.store.read(lambda repos: repos.zalo.all_citizens())
        everyone = {c.channel_id.partition(":")[2] for c in every}
        result = Reconciliation(len(following), unfollowed, len(following - everyone))
        log.info(
            "Zalo followers reconciled: %d follow, %d stopped as unfollowed, %d never wrote",
            result.followers, result.unfollowed, result.unknown,
        )  # fmt: skip
        return result

    async def reconcile_today(self) -> Reconciliation | None:
        """Reconcile unless another replica has today (None then)."""
        name, holder = f"zalo-followers:{self.tokens.app_id}", self.tokens.holder
        now = system_now()
        ours = await self.store.write(
            lambda repos: repos.leases.acquire(name, holder, now=now, ttl=DAILY_LEASE)
        )
        if not ours:
            log.info("Zalo followers: another replica reconciles them today")
            return None
        return await self.reconcile()

    async def run_daily(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        """The daily job (cancelled by the channel's stop); a failure waits for the next day."""
        await sleep(FIRST_CHECK_SECONDS)
        while True:
            try:
                await self.reconcile_today()
            except Exception:
                log.exception("Zalo follower reconciliation failed; nothing was changed")
            await sleep(DAY_SECONDS)
