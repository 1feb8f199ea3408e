"""Running the bot: every configured channel over one store, in one process."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Protocol

from bot.app import build_engine
from bot.broadcasts.service import BroadcastService
from bot.channels.console import run_console
from bot.channels.shared_server import WebhookServer
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.core.services import Services
from bot.logs import configure_logging
from bot.replicas.replica import Replica
from bot.store.backup import run_lock
from bot.voice.alerts import StaffAlertService
from bot.web.server import WebServer

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

    def mount_webhook(self, server: WebhookServer) -> None: ...


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
        engine.services.store.choices.purge_idle()
        if purged:
            log.info("purged %d idle dialogue states", purged)
        await asyncio.sleep(HOUSEKEEPING_INTERVAL_SECONDS)


def web_server(engine: DialogueEngine, settings: Settings, *, host: str | None = None) -> WebServer:
    """The one HTTP server of the process: the console, ``/healthz`` (and webhooks)."""
    return WebServer(
        engine.services,
        host=host or settings.http_host,
        port=settings.http_port,
        public_url=settings.public_url,
    )


class SenderDuty:
    """The broadcast service and staff alerts: what exactly one process per bot token and
    Zalo app runs (with several replicas, the holder of the sender lease)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.broadcasts: BroadcastService | None = None
        self.staff_alerts: StaffAlertService | None = None

    async def start(self) -> None:
        """Start both, or neither (a lease holder that fails to start gives the lease up)."""
        self.broadcasts = BroadcastService(self.services)
        self.staff_alerts = StaffAlertService(self.services)
        try:
            await self.broadcasts.start()
            await self.staff_alerts.start()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        if self.staff_alerts is not None:
            await self.staff_alerts.stop()
            self.staff_alerts = None
        if self.broadcasts is not None:
            await self.broadcasts.stop()
            self.broadcasts = None


def replica_of(
    engine: DialogueEngine, settings: Settings, channels: list[Channel], duty: SenderDuty
) -> Replica | None:
    """On PostgreSQL, the process is one of possibly several replicas (bot/replicas/)."""
    if engine.services.store.dialect != "postgresql":
        return None
    from bot.channels.telegram import TelegramChannel

    limiter = next((c.limiter for c in channels if isinstance(c, TelegramChannel)), None)
    return Replica(
        engine.services, settings, limiter=limiter, start_duty=duty.start, stop_duty=duty.stop
    )


@asynccontextmanager
async def running(
    settings: Settings, *, engine: DialogueEngine | None = None
) -> AsyncIterator[WebServer]:
    """Everything of a bot process, started: the web server (console, ``/healthz`` and the
    channels' webhooks on one port), the channels, the broadcast service, housekeeping."""
    engine = engine or build_engine(settings)
    web = web_server(engine, settings)
    channels = configured_channels(engine, settings)
    for channel in channels:
        channel.mount_webhook(web)  # on the one port; routes are fixed once it listens
    started = []
    duty = SenderDuty(engine.services)
    replica = replica_of(engine, settings, channels, duty)
    chores = asyncio.create_task(housekeeping(engine))
    try:
        await web.start()  # listening before Telegram is given the webhook URL
        for channel in channels:
            await channel.start()
            started.append(channel)
        web.channels_started([type(c).__name__.removesuffix("Channel") for c in started])
        # After the channels: campaigns push through them.
        await (replica.start() if replica is not None else duty.start())
        log.info("bot running on %s", ", ".join(type(c).__name__ for c in started))
        log.info("web console at %s", web.base_url)
        yield web
    finally:
        await web.stop()
        # Before the channels: messages in flight finish first.
        await (replica.stop() if replica is not None else duty.stop())
        chores.cancel()
        for channel in reversed(started):
            await channel.stop()
        engine.services.store.close()


async def serve(settings: Settings, *, engine: DialogueEngine | None = None) -> None:
    """Run the bot process until SIGINT/SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running(settings, engine=engine):
        await stop.wait()


def run(settings: Settings) -> None:
    """``python -m bot run``: every configured channel (Telegram, Zalo), else the terminal demo."""
    if not settings.telegram_token and not settings.zalo_enabled:
        print(
            "Chưa cấu hình kênh nào (Telegram, Zalo): chạy bản thử trên dòng lệnh.\n"
            "(No TELEGRAM_BOT_TOKEN and no ZALO_* settings: starting the terminal demo. "
            "Ctrl-D to quit.)",
            file=sys.stderr,
        )
        demo(settings, with_console=True)
        return
    configure_logging(settings.log_format)
    from bot.channels.telegram_webhook import WebhookConfigError

    try:
        with run_lock(settings.db_path):  # `db restore` refuses while this is held
            asyncio.run(serve(settings))
    except WebhookConfigError as error:
        print(f"Không khởi động được: thiếu mã bí mật webhook.\n{error}", file=sys.stderr)
        raise SystemExit(2) from None


DEMO_STAFF = "console:quantri"  # not the terminal citizen: the demo chat stays a citizen's


async def demo_console(engine: DialogueEngine, settings: Settings) -> WebServer | None:
    """The web console beside the terminal demo, on this machine only, signed in as an admin
    of the demo (the person at the terminal can run ``python -m bot staff add`` anyway)."""
    store = engine.services.store
    if store.staff.role_of(DEMO_STAFF) is None:
        store.staff.add(DEMO_STAFF, "admin", added_by="demo")
    web = web_server(engine, settings, host="127.0.0.1")
    try:
        await web.start()
    except OSError as error:
        print(
            f"(Bảng điều khiển web không mở được cổng {settings.http_port}: {error})",
            file=sys.stderr,
        )
        return None
    print(
        f"Bảng điều khiển web: {web.base_url}\n"
        f"Đăng nhập (một lần, trong 10 phút): {await web.sign_in_link(DEMO_STAFF)}\n",
        file=sys.stderr,
    )
    return web


DEMO_DRAIN_SECONDS = 10  # at the end of piped input, time for broadcasts just started


def demo(settings: Settings, *, user: str = "demo", with_console: bool = False) -> None:
    """``python -m bot demo``: chat in the terminal, with the same services as ``run``
    (``make run`` without a channel also opens the web console on this machine).

    Broadcasts really go out (to the console users of the demo database), files the bot sends
    are saved in ``demo_files_dir`` (named when the demo starts), staff alerts run, and piped
    input is not slowed by the flood limit meant for messengers.
    """
    configure_logging(settings.log_format, level=logging.WARNING)
    if not sys.stdin.isatty():
        settings = dataclasses.replace(settings, flood_limit_per_minute=sys.maxsize)
    files = demo_files_dir(settings)
    print(f"(Tệp trợ lý gửi — báo cáo, danh sách — được lưu ở: {files})", file=sys.stderr)

    async def main() -> None:
        engine = build_engine(settings)
        web = await demo_console(engine, settings) if with_console else None
        broadcasts = BroadcastService(engine.services)
        staff_alerts = StaffAlertService(engine.services)
        chores = asyncio.create_task(housekeeping(engine))
        try:
            await broadcasts.start()
            await staff_alerts.start()
            await run_console(engine, user=user, files=files)
            async with asyncio.timeout(DEMO_DRAIN_SECONDS):
                await broadcasts.wait_idle()
        except TimeoutError:
            log.warning("a broadcast was still sending when the demo ended")
        finally:
            if web is not None:
                await web.stop()
            await staff_alerts.stop()
            await broadcasts.stop()
            chores.cancel()
            engine.services.store.close()

    with run_lock(settings.db_path):
        asyncio.run(main())


def demo_files_dir(settings: Settings) -> Path:
    """The folder beside the demo database where sent files are kept."""
    return settings.db_path.parent / "demo-files"
