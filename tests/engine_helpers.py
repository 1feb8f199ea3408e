"""A dialogue engine without a channel, for tests where only the conversation logic matters."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.app import build_engine
from bot.config import ROOT, Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Incoming, Outgoing


class EngineChat:
    """Talk to the engine as ``console:<user>`` would, remembering the last buttons shown."""

    def __init__(self, tmp_path: Path, faq: object, **settings: object) -> None:
        base = Settings(db_path=tmp_path / "bot.db", content_dir=ROOT / "content")
        base = dataclasses.replace(base, **settings)  # type: ignore[arg-type]
        self.engine: DialogueEngine = build_engine(base, faq=faq)
        self.store = self.engine.services.store
        self.last: list[Outgoing] = []

    async def say(self, user: str, text: str) -> list[Outgoing]:
        self.last = await self.engine.handle(Incoming(user=user, text=text))
        return self.last

    async def press(self, user: str, label: str) -> list[Outgoing]:
        """Press the button starting with ``label`` among the last replies."""
        for reply in reversed(self.last):
            for button in reply.flat_buttons():
                if button.label.startswith(label):
                    return await self.send_payload(user, button.payload)
        raise AssertionError(f"no button {label!r} in {[r.text for r in self.last]}")

    async def send_payload(self, user: str, payload: str) -> list[Outgoing]:
        self.last = await self.engine.handle(Incoming(user=user, payload=payload))
        return self.last


def all_text(replies: list[Outgoing]) -> str:
    return "\n".join(reply.text for reply in replies)


def all_labels(replies: list[Outgoing]) -> list[str]:
    return [button.label for reply in replies for button in reply.flat_buttons()]
