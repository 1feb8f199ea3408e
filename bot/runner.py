"""Running the bot: every configured channel over one store, in one process."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from bot.app import build_engine
from bot.channels.console import run_console
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.logs import configure_logging
from bot.store.backup import running
from broadcasts.service import BroadcastService

log = logging.getLogger(__name__)


class Channel(Protocol):
    """A messenger channel run by :func:`serve`.

    ``start``/``stop`` receive and send; ``open_outbound``/``close_outbound`` only register
    the channel's sender, for command-line tools that message citizens beside a running bot.
    """

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def open_outbound(self) -> None: ...

    async def close_outbound(self) -> None: ...


def configured_channels(engine: DialogueEngine, settings: Settings) -> list[Channel]:
    """Every channel whose settings are present: Telegram, Zalo, or both."""
    from bot.channels.telegram import TelegramChannel

    channels: list[Channel] = []
    if settings.telegram_token:
        channels.append(TelegramChannel(engine, settings))
    if settings.zalo_enabled:
        from bot.channels.zalo import ZaloChannel

        channels.append(ZaloChannel(engine, settings))
    return channels


@asynccontextmanager
async def outbound(engine: DialogueEngine, settings: Settings) -> AsyncIterator[list[Channel]]:
    """Register every configured channel's sender on the hub, without receiving updates."""
    opened: list[Channel] = []
    try:
        for channel in configured_channels(engine, settings):
            await channel.open_outbound()
            opened.append(channel)
        yield opened
    finally:
        for channel in reversed(opened):
            await channel.close_outbound()


HOUSEKEEPING_INTERVAL_SECONDS = 3600


async def housekeeping(engine: DialogueEngine) -> None:
    """Hourly: drop dialogue state nobody touched for a day (it may hold half-typed input)."""
    while True:
        purged = engine.services.store.states.purge_idle()
        if purged:
            log.info("purged %d idle dialogue states", purged)
        await asyncio.sleep(HOUSEKEEPING_INTERVAL_SECONDS)


async def serve(settings: Settings, *, engine: DialogueEngine | None = None) -> None:
    """Run the messenger channels until SIGINT/SIGTERM."""
    engine = engine or build_engine(settings)
    channels = configured_channels(engine, settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    started = []
    broadcasts = BroadcastService(engine.services)
    chores = asyncio.create_task(housekeeping(engine))
    try:
        for channel in channels:
            await channel.start()
            started.append(channel)
        await broadcasts.start()  # after the channels: campaigns push through them
        log.info("bot running on %s", ", ".join(type(c).__name__ for c in started))
        await stop.wait()
    finally:
        await broadcasts.stop()  # before the channels: messages in flight finish first
        chores.cancel()
        for channel in reversed(started):
            await channel.stop()
        engine.services.store.close()


def run(settings: Settings) -> None:
    """``python -m bot run``: every configured channel (Telegram, Zalo), else the terminal demo."""
    if not settings.telegram_token and not settings.zalo_enabled:
        print(
            "Chưa cấu hình kênh nào (Telegram, Zalo): chạy bản thử trên dòng lệnh.\n"
            "(No TELEGRAM_BOT_TOKEN and no ZALO_* settings: starting the terminal demo. "
            "Ctrl-D to quit.)",
            file=sys.stderr,
        )
        demo(settings)
        return
    configure_logging(settings.log_format)
    from bot.channels.telegram_webhook import WebhookConfigError

    try:
        with running(settings.db_path):  # `db restore` refuses while this is held
            asyncio.run(serve(settings))
    except WebhookConfigError as error:
        print(f"Không khởi động được: thiếu mã bí mật webhook.\n{error}", file=sys.stderr)
        raise SystemExit(2) from None


def demo(settings: Settings, *, user: str = "demo") -> None:
    """``python -m bot demo``: chat in the terminal on the bundled content."""
    configure_logging(settings.log_format, level=logging.WARNING)

    async def main() -> None:
        engine = build_engine(settings)
        try:
            await run_console(engine, user=user)
        finally:
            engine.services.store.close()

    with running(settings.db_path):
        asyncio.run(main())
