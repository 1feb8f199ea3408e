"""The terminal channel: a chat with the bot on stdin/stdout, scriptable with a pipe.

Buttons are shown as numbered choices; typing the number presses the button.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.core.engine import DialogueEngine
from bot.core.messages import Button, Delivery, DeliveryStatus, Incoming, Outgoing

CHANNEL = "console"


def render(message: Outgoing, first_number: int = 1) -> str:
    """Plain-text rendering of a message, buttons as numbered choices."""
    lines = [message.text]
    if message.document is not None:
        lines.append(f"[tệp đính kèm: {message.document.filename}]")
    if message.photo is not None:
        lines.append(f"[ảnh: {message.photo.filename}]")
    for number, button in enumerate(message.flat_buttons(), start=first_number):
        lines.append(f"  {number}. {button.unnumbered}")
    return "\n".join(lines)


class ConsoleSender:
    """Pushed messages (staff answers, news) are printed like replies."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    async def send(self, address: str, message: Outgoing) -> Delivery:
        print(f"\n[tin gửi tới {address}]\n{render(message)}", file=self.out, flush=True)
        return Delivery(DeliveryStatus.SENT)


async def run_console(
    engine: DialogueEngine,
    *,
    user: str = "demo",
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    greet: bool = True,
) -> None:
    """Chat until end of input. Starts with ``/start`` so the greeting shows at once."""
    engine.services.hub.register(CHANNEL, ConsoleSender(stdout))
    user_id = f"{CHANNEL}:{user}"
    buttons: list[Button] = []
    interactive = stdin.isatty()

    async def exchange(incoming: Incoming) -> None:
        nonlocal buttons
        replies = await engine.handle(incoming)
        shown: list[Button] = []
        for reply in replies:
            print("\n🤖 " + render(reply, first_number=len(shown) + 1), file=stdout, flush=True)
            shown += reply.flat_buttons()
        if shown:
            buttons = shown

    if greet:
        await exchange(Incoming(user=user_id, text="/start"))
    while True:
        if interactive:
            print("\n👤 ", end="", file=stdout, flush=True)
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.rstrip("\n")
        if not interactive:
            print(f"\n👤 {text}", file=stdout, flush=True)
        choice = text.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(buttons):
            await exchange(Incoming(user=user_id, payload=buttons[int(choice) - 1].payload))
        else:
            await exchange(Incoming(user=user_id, text=text))
