"""What the core needs from the world outside it, as small types and protocols.

Features and channels depend on these; wiring (``bot.app``) fills them in. The core never
imports a concrete store or channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.core.messages import Delivery, Outgoing


class Sender(Protocol):
    """A channel's way to push a message to a person outside a reply (staff answers, news)."""

    async def send(self, address: str, message: Outgoing) -> Delivery: ...


class FileSource(Protocol):
    """A channel that stores files by its own ids and can return their bytes."""

    async def fetch(self, file_id: str) -> bytes | None: ...


class CampaignScheduler(Protocol):
    """The broadcast scheduler as other features see it (set while it runs)."""

    def request_sync(self) -> None:
        """Re-read campaigns now instead of at the next periodic sync."""


@dataclass(frozen=True)
class DialogueState:
    """Where a person is in a multi-step flow, and what the flow has gathered so far."""

    flow: str
    step: str
    data: dict = field(default_factory=dict)
