"""Drive the real Zalo channel as people would: signed webhook events from the fake Zalo API.

``ZaloBotDriver`` has the interface of ``tests.harness.TelegramBotDriver``: ``say`` and
``press`` make the fake Zalo POST a signed event to the bot's webhook, wait until the bot has
handled it (replies sent), and return what the person received, each with ``.text`` and
``.buttons`` as (label, payload) pairs. Numbered choices (more than five buttons) are read
back from the text as buttons whose payload is the number a person would type.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.app import build_engine
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_events import ZaloEvent
from bot.config import ROOT, Settings
from bot.core.engine import DialogueEngine
from tests.fakes.zalo_api import FakeZaloAPI, ZaloMessage
from tests.harness import HANDLED_WITHIN, BotDriver, Completion, migrated, share_faq_cache
from tests.postgres import on_test_backend

_NUMBERED = re.compile(r"^(\d+)\. (.+)$")


def make_zalo_settings(tmp_path: Path, fake: FakeZaloAPI, **overrides: Any) -> Settings:
    """Settings for a Zalo-only bot talking to ``fake``, its webhook on a free local port."""
    base = Settings(db_path=share_faq_cache(tmp_path) / "bot.db", content_dir=ROOT / "content")
    return migrated(on_test_backend(dataclasses.replace(fake.bot_settings(base), **overrides)))


@dataclasses.dataclass
class Received:
    """One message as the person sees it on Zalo."""

    text: str
    buttons: list[tuple[str, str]]
    message: ZaloMessage


def read_message(message: ZaloMessage, number_hint: str) -> Received:
    """Template buttons as they are; numbered choices above the hint line as buttons too."""
    if message.buttons or not message.text.endswith(number_hint):
        return Received(message.text, list(message.buttons), message)
    choices: list[tuple[str, str]] = []
    for line in reversed(message.text.removesuffix(number_hint).rstrip("\n").split("\n")):
        match = _NUMBERED.match(line)
        if match is None:
            break
        choices.insert(0, (match[2], match[1]))
    return Received(message.text, choices, message)


class InstrumentedZaloChannel(ZaloChannel):
    """The real channel, noting each handled event so a test knows when replies are out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.completion = Completion()

    async def _on_event(self, event: ZaloEvent) -> None:
        try:
            await super()._on_event(event)
        finally:
            await self.completion.mark(event.key)

    async def wait_finished(self, key: str, timeout: float = HANDLED_WITHIN) -> None:
        await self.completion.wait(key, timeout)


def event_key(event: dict[str, Any]) -> str:
    msg_id = event.get("message", {}).get("msg_id")
    if msg_id:
        return str(msg_id)
    person = event.get("follower") or event.get("sender")
    return f"{event['event_name']}:{person['id']}:{event['timestamp']}"


class ZaloBotDriver(BotDriver):
    """A running bot on the fake Zalo API, and the means to talk to it as a person."""

    channel_name = "zalo"

    def __init__(
        self,
        fake: FakeZaloAPI,
        settings: Settings,
        *,
        faq: object = None,
        engine: DialogueEngine | None = None,
    ) -> None:
        """``engine``: run beside another channel on its engine (one process, one store)."""
        self.fake = fake
        self.settings = settings
        self._faq = faq
        self._shared_engine = engine
        self.channel: InstrumentedZaloChannel | None = None

    async def start(self) -> None:
        engine = self._shared_engine or build_engine(self.settings, faq=self._faq)
        self.channel = InstrumentedZaloChannel(engine, self.settings)
        await self.channel.start()
        self.fake.webhook_url = self.channel.webhook.url

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.stop()
            if self._shared_engine is None:
                self.channel.engine.services.store.close()
            self.channel = None

    def received(self, user: int) -> list[Received]:
        hint = self.engine.services.texts.get("zalo_number_hint")
        return [read_message(m, hint) for m in self.fake.received(str(user))]

    async def _exchange(self, user: int, send: Any) -> list[Received]:
        before = len(self.fake.received(str(user)))
        event = await send
        assert self.channel is not None
        await self.channel.wait_finished(event_key(event))
        return self.received(user)[before:]

    async def say(self, user: int, text: str) -> list[Received]:
        """``user`` writes ``text``; returns the replies."""
        return await self._exchange(user, self.fake.user_sends(str(user), text))

    async def press(self, user: int, label: str) -> list[Received]:
        """``user`` taps the button (or types the number of the choice) starting with ``label``."""
        for message in reversed(self.received(user)):
            for text, payload in message.buttons:
                if text == label or text.startswith(label):
                    return await self.say(user, payload)
        raise AssertionError(f"no button {label!r} for Zalo user {user}")

    async def follow(self, user: int) -> list[Received]:
        return await self._exchange(user, self.fake.user_follows(str(user)))

    async def share_contact(self, user: int, name: str, phone: str) -> list[Received]:
        """``user`` taps the contact form and shares ``name`` and ``phone``."""
        return await self._exchange(user, self.fake.user_submits_info(str(user), name, phone))

    async def unfollow(self, user: int) -> None:
        await self._exchange(user, self.fake.user_unfollows(str(user)))

    async def wait_for_messages(
        self, user: int, count: int, timeout: float = 10.0
    ) -> list[Received]:
        """Wait until the person holds at least ``count`` messages (pushed ones too)."""
        await self.fake.wait_until(
            lambda: len(self.fake.received(str(user))) >= count, timeout=timeout
        )
        return self.received(user)


@asynccontextmanager
async def running_zalo_bot(
    tmp_path: Path, faq: object, **fake_options: Any
) -> AsyncIterator[ZaloBotDriver]:
    """A fake Zalo API and a Zalo-only bot on it, for one test."""
    async with FakeZaloAPI(**fake_options) as fake:
        driver = ZaloBotDriver(fake, make_zalo_settings(tmp_path, fake), faq=faq)
        await driver.start()
        try:
            yield driver
        finally:
            await driver.stop()
