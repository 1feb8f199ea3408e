"""What a bot process runs to be one of several replicas on one PostgreSQL database."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.core.services import Services
from bot.replicas.lease import Duty, LeaseKeeper
from bot.replicas.presence import Presence, SharedLimit, replica_id

log = logging.getLogger(__name__)


def sender_lease(settings: Settings) -> str:
    """The lease of the one campaign sender of this bot token and Zalo app."""
    parts = []
    if settings.telegram_token:
        parts.append("telegram=" + settings.telegram_token.partition(":")[0])  # the bot's id
    if settings.zalo_app_id:
        parts.append("zalo=" + settings.zalo_app_id)
    return "senders:" + ",".join(parts)


class Replica:
    """Heartbeats (the send limit's share) and the sender lease (campaigns, staff alerts).

    Args:
        services: the process's services (store, clock).
        settings: names the lease after the bot token and Zalo app.
        limiter: the Telegram send limiter whose global rate is shared (None: no Telegram).
        start_duty: starts what only the lease holder runs.
        stop_duty: stops it.
    """

    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        limiter: SharedLimit | None,
        start_duty: Duty,
        stop_duty: Duty,
    ) -> None:
        self.id = replica_id()
        store, clock = services.store, services.clock
        self.presence = (
            Presence(store, self.id, limiter, clock=clock) if limiter is not None else None
        )
        self.lease = LeaseKeeper(
            store,
            sender_lease(settings),
            self.id,
            clock=clock,
            on_gain=start_duty,
            on_loss=stop_duty,
        )

    async def start(self) -> None:
        log.info("replica %s: sharing the bot with the other replicas", self.id)
        if self.presence is not None:
            await self.presence.tick()  # a share before the first message goes out
            self.presence.start()
        self.lease.start()

    async def stop(self) -> None:
        await self.lease.stop()
        if self.presence is not None:
            await self.presence.stop()
