"""The terminal channel: a chat with the bot on stdin/stdout, scriptable with a pipe.

Buttons are shown as numbered choices; typing the number presses the button.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.core.engine import DialogueEngine
from bot.core.exits import RESUME_PAYLOAD
from bot.core.messages import Button, Delivery, DeliveryStatus, Incoming, Outgoing

CHANNEL = "console"


def render(message: Outgoing, first_number: int = 1, *, saved: Path | None = None) -> str:
    """Plain-text rendering of a message, buttons as numbered choices."""
    lines = [message.text]
    where = f" — đã lưu: {saved}" if saved is not None else ""
    if message.document is not None:
        lines.append(f"[tệp đính kèm: {message.document.filename}{where}]")
    elif message.photo is not None:
        lines.append(f"[ảnh: {message.photo.filename}{where}]")
    for number, button in enumerate(message.flat_buttons(), start=first_number):
        lines.append(f"  {number}. {button.unnumbered}")
    return "\n".join(lines)


class FileShelf:
    """Where the demo keeps files the bot sends (reports, exports), so they can be opened."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def keep(self, message: Outgoing) -> Path | None:
        document = message.document or message.photo
        if self.folder is None or document is None or document.data is None:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / Path(document.filename or "tep").name
        path.write_bytes(document.data)
        return path


class ConsoleSender:
    """Pushed messages (staff answers, news, broadcasts) are printed like replies."""

    def __init__(self, out: TextIO, shelf: FileShelf | None = None) -> None:
        self.out = out
        self.shelf = shelf or FileShelf(None)

    async def send(self, address: str, message: Outgoing) -> Delivery:
        text = render(message, saved=self.shelf.keep(message))
        print(f"\n[tin gửi tới {address}]\n{text}", file=self.out, flush=True)
        return Delivery(DeliveryStatus.SENT)


async def run_console(
    engine: DialogueEngine,
    *,
    user: str = "demo",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    greet: bool = True,
    files: Path | None = None,
) -> None:
    """Chat until end of input.

    Starts with ``/start`` so the greeting shows at once — or, when the person was in the
    middle of a flow before a restart, with that flow's last question. ``files`` is the
    folder where documents the bot sends are saved. ``stdin``/``stdout`` default to the
    process's streams as they are when the chat starts.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    shelf = FileShelf(files)
    engine.services.hub.register(CHANNEL, ConsoleSender(stdout, shelf))
    user_id = f"{CHANNEL}:{user}"
    store = engine.services.store
    # The choices shown before a restart still answer to their numbers.
    shown_before = await store.read(lambda repos: repos.choices.get(user_id))
    buttons = [Button(label, payload) for label, payload in shown_before.buttons]
    interactive = stdin.isatty()

    async def exchange(incoming: Incoming) -> None:
        nonlocal buttons
        replies = await engine.handle(incoming)
        shown: list[Button] = []
        for reply in replies:
            text = render(reply, first_number=len(shown) + 1, saved=shelf.keep(reply))
            print("\n🤖 " + text, file=stdout, flush=True)
            shown += reply.flat_buttons()
        if shown:
            buttons = shown

    if greet:
        state = await store.read(lambda repos: repos.states.get(user_id))
        if state is not None and (state.flow, state.step) in engine.router.steps:
            await exchange(Incoming(user=user_id, payload=RESUME_PAYLOAD))
        else:
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
