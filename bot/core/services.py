"""What handlers can reach: the store, texts, the FAQ engine, and the channels."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.core.clock import Clock
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.core.ports import CampaignScheduler, FileSource, Sender
from bot.core.tasks import BackgroundTasks

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core.content import Deployment, Texts
    from bot.core.router import Router
    from bot.store import Store
    from faq.matcher import Matcher

log = logging.getLogger(__name__)


class ChannelHub:
    """Routes a pushed message to the channel named in the user id (``telegram:123``)."""

    def __init__(self) -> None:
        self._senders: dict[str, Sender] = {}
        self._windows: dict[str, dt.timedelta] = {}
        self._file_sources: list[FileSource] = []
        self._reach: dict[str, Any] = {}

    def register_reach(self, channel: str, reach: Any) -> None:
        """Add a channel's means beyond its window (``bot.broadcasts.reach.Reach``: articles,
        paid templates); the core only keeps it for the broadcast engine."""
        self._reach[channel] = reach

    def reach(self, channel: str) -> Any | None:
        return self._reach.get(channel)

    def register_files(self, source: FileSource) -> None:
        """Add a channel that can hand over the bytes of its own file ids (Telegram)."""
        self._file_sources.append(source)

    async def fetch_file(self, file_id: str) -> bytes | None:
        """The bytes behind another channel's file id (a campaign photo composed on
        Telegram, sent on Zalo), or None when no channel knows it."""
        for source in self._file_sources:
            data = await source.fetch(file_id)
            if data is not None:
                return data
        return None

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

    def campaign_wait(self, channel: str) -> float:
        """Seconds campaigns on ``channel`` should hold off: a sender that reads its
        platform's budget (Zalo's rate-limit headers) says so with ``campaign_wait()``."""
        advise = getattr(self._senders.get(channel), "campaign_wait", None)
        return float(advise()) if callable(advise) else 0.0

    async def send(self, user: str, message: Outgoing) -> Delivery:
        channel, _, address = user.partition(":")
        sender = self._senders.get(channel)
        if sender is None:
            log.warning("no sender for channel %s", channel)
            return Delivery(DeliveryStatus.FAILED, error=f"channel {channel} not running")
        return await sender.send(address, message)


def _no_faq() -> Matcher | None:
    return None


@dataclass
class Services:
    """Everything a handler can reach. ``load_faq`` builds the FAQ matcher on first use of
    ``faq``: a command-line tool that never matches a question never pays for the index."""

    settings: Settings
    store: Store
    texts: Texts
    deployment: Deployment
    load_faq: Callable[[], Matcher | None] = field(default=_no_faq, repr=False)
    hub: ChannelHub = field(default_factory=ChannelHub)
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    scheduler: CampaignScheduler | None = None  # the broadcast service, while it runs
    # The one clock: answers are dated by it, events and audit stamped (tests fix it).
    clock: Clock = field(default_factory=Clock)
    router: Router = field(default_factory=lambda: _empty_router())

    @cached_property
    def faq(self) -> Matcher | None:
        """The FAQ matcher (None without FAQ content)."""
        return self.load_faq()


def _empty_router() -> Router:
    from bot.core.router import Router

    return Router()
