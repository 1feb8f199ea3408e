"""What handlers can reach: the store, texts, the FAQ engine, and the channels."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.core.messages import Delivery, DeliveryStatus, Outgoing

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.content import Deployment, Texts
    from bot.core.router import Router
    from bot.store import Store
    from faq.matcher import Matcher

log = logging.getLogger(__name__)


class Sender(Protocol):
    """A channel's way to push a message to a person outside a reply (staff answers, news)."""

    async def send(self, address: str, message: Outgoing) -> Delivery: ...


class ChannelHub:
    """Routes a pushed message to the channel named in the user id (``telegram:123``)."""

    def __init__(self) -> None:
        self._senders: dict[str, Sender] = {}

    def register(self, channel: str, sender: Sender) -> None:
        self._senders[channel] = sender

    def has(self, channel: str) -> bool:
        return channel in self._senders

    async def send(self, user: str, message: Outgoing) -> Delivery:
        channel, _, address = user.partition(":")
        sender = self._senders.get(channel)
        if sender is None:
            log.warning("no sender for channel %s", channel)
            return Delivery(DeliveryStatus.FAILED, error=f"channel {channel} not running")
        return await sender.send(address, message)


@dataclass
class Services:
    settings: Settings
    store: Store
    texts: Texts
    deployment: Deployment
    faq: Matcher | None
    hub: ChannelHub = field(default_factory=ChannelHub)
    router: Router = field(default=None)  # type: ignore[assignment]  # set by build_engine
