"""What handlers can reach: the store, texts, the FAQ engine, and the channels."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
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
        self._windows: dict[str, dt.timedelta] = {}

    def register(self, channel: str, sender: Sender, *, window: dt.timedelta | None = None) -> None:
        """Add a channel. ``window``: how long after a person's last message the platform
        still lets the bot message them for free (Zalo: 7 days); None means no limit."""
        self._senders[channel] = sender
        if window is not None:
            self._windows[channel] = window

    def window(self, channel: str) -> dt.timedelta | None:
        """The channel's interaction window, or None if it has none."""
        return self._windows.get(channel)

    def channels(self) -> list[str]:
        return list(self._senders)

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
    # The clock answers are dated by (tests pass a fixed one); aware, any zone.
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    router: Router = field(default=None)  # type: ignore[assignment]  # set by build_engine
