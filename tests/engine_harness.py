"""Dialogue logic without HTTP: the real engine and a collecting channel.

``EngineDriver`` has the same ``say``/``press``/``onboard``/``restart`` as the Telegram
driver, but hands ``Incoming`` messages straight to ``DialogueEngine.handle`` and collects
the ``Outgoing`` replies (and messages pushed through the hub) per person, like Rasa's
``CollectingOutputChannel``. An engine turn takes milliseconds where a round trip through
python-telegram-bot and the fake Bot API takes a quarter of a second; adapter behaviour keeps
its HTTP tests.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import build_engine
from bot.config import ROOT, Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Attachment, Delivery, DeliveryStatus, Incoming, Outgoing
from tests.harness import BotDriver
from tests.postgres import on_test_backend

_TAG = re.compile(r"<[^>]+>")


@dataclass
class Received:
    """What a person sees of one ``Outgoing``: its text (HTML read as Telegram shows it)
    and its buttons as (label, payload) pairs."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    document_name: str | None = None
    photo: bool = False

    @classmethod
    def of(cls, message: Outgoing) -> Received:
        text = html.unescape(_TAG.sub("", message.text)) if message.html else message.text
        return cls(
            text=text.strip(),
            buttons=[(b.label, b.payload) for b in message.flat_buttons()],
            document_name=message.document.filename if message.document else None,
            photo=message.photo is not None,
        )


class CollectingSender:
    """The hub's sender for the test channel: pushed messages land in the transcript."""

    def __init__(self, transcripts: dict[str, list[Received]], channel: str) -> None:
        self.transcripts = transcripts
        self.channel = channel

    async def send(self, address: str, message: Outgoing) -> Delivery:
        self.transcripts[f"{self.channel}:{address}"].append(Received.of(message))
        return Delivery(DeliveryStatus.SENT, message_id=str(len(self.transcripts)))


class EngineDriver(BotDriver):
    """The engine over a database in ``tmp_path``, talked to as ``telegram:<user>``."""

    channel_name = "telegram"

    def __init__(self, tmp_path: Path, *, faq: object = None, **overrides: Any) -> None:
        base = Settings(db_path=tmp_path / "bot.db", content_dir=ROOT / "content")
        self.settings = on_test_backend(dataclasses.replace(base, **overrides))
        self._faq = faq
        self._engine: DialogueEngine | None = None
        self.transcripts: dict[str, list[Received]] = defaultdict(list)

    @property
    def engine(self) -> DialogueEngine:
        assert self._engine is not None
        return self._engine

    async def start(self) -> None:
        self._engine = build_engine(self.settings, faq=self._faq)
        sender = CollectingSender(self.transcripts, self.channel_name)
        self._engine.services.hub.register(self.channel_name, sender)

    async def stop(self) -> None:
        if self._engine is not None:
            self._engine.services.store.close()
            self._engine = None

    def transcript(self, user: int) -> list[Received]:
        return self.transcripts[self.user_id(user)]

    async def say(self, user: int, text: str | None = None, **media: Any) -> list[Received]:
        """``user`` sends ``text``, or media as the Telegram adapter reports it
        (``photo=True``, ``contact="09..."``, ``document="name.pdf"``...: typed attachments)."""
        attachments = tuple(
            Attachment(kind, filename=value if kind == "document" else None)
            for kind, value in media.items()
            if value
        )
        return await self._send(Incoming(self.user_id(user), text or "", attachments=attachments))

    async def press(self, user: int, label: str) -> list[Received]:
        """Press the button whose label starts with ``label`` on the latest keyboard."""
        for message in reversed(self.transcript(user)):
            for text, payload in message.buttons:
                if text == label or text.startswith(label):
                    return await self.press_data(user, payload)
        raise AssertionError(f"no button {label!r} for {user}")

    async def press_data(self, user: int, data: str) -> list[Received]:
        return await self._send(Incoming(self.user_id(user), payload=data))

    async def _send(self, incoming: Incoming) -> list[Received]:
        transcript = self.transcripts[incoming.user]
        before = len(transcript)
        replies = [Received.of(m) for m in await self.engine.handle(incoming)]
        pushed = transcript[before:]  # sent through the hub while the turn ran
        transcript.extend(replies)
        return pushed + replies


@asynccontextmanager
async def engine_chat(tmp_path: Path, faq: object, **overrides: Any) -> AsyncIterator[EngineDriver]:
    """A started ``EngineDriver`` (``overrides``: settings fields), stopped afterwards."""
    driver = EngineDriver(tmp_path, faq=faq, **overrides)
    await driver.start()
    try:
        yield driver
    finally:
        await driver.stop()
