"""The web console in tests: the real server on 127.0.0.1 beside the real Telegram bot."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.broadcasts.config import BroadcastConfig, ChannelPacing
from bot.broadcasts.service import BroadcastService
from bot.web.server import WebServer
from tests.harness import TelegramBotDriver

TOKEN_IN_LINK = re.compile(r"(http://\S+/dangnhap/[A-Za-z0-9_-]+)")
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


# Campaigns in console tests: no quiet hours (tests run at any hour), fast pacing.
FAST_BROADCASTS = BroadcastConfig(
    quiet_hours=None,
    backoff_seconds=0.01,
    pacing={"telegram": ChannelPacing(rate=500, concurrency=8, per_chat_interval=0.05)},
)


@asynccontextmanager
async def broadcasting(bot: TelegramBotDriver) -> AsyncIterator[BroadcastService]:
    """The broadcast service beside the bot, as ``serve`` runs it."""
    service = BroadcastService(bot.engine.services, config=FAST_BROADCASTS)
    await service.start()
    try:
        yield service
    finally:
        await service.stop()


class MovableClock:
    """UTC now, plus however far a test moved it."""

    def __init__(self) -> None:
        self.shift = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.shift


@asynccontextmanager
async def running_console(
    bot: TelegramBotDriver, *, public_url: str = "", clock: MovableClock | None = None
) -> AsyncIterator[WebServer]:
    server = WebServer(
        bot.engine.services,
        host="127.0.0.1",
        port=0,
        public_url=public_url,
        **({"clock": clock} if clock else {}),
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def link_for(server: WebServer, user: int, role: str | None = None) -> str:
    """A fresh sign-in link for ``telegram:<user>`` (given ``role`` first if asked)."""
    store = server.services.store
    if role is not None:
        store.staff.add(f"telegram:{user}", role, added_by="test")
    return await server.auth.issue_link(f"telegram:{user}", f"http://127.0.0.1:{server.port}")


async def use_link(client: httpx.AsyncClient, link: str) -> httpx.Response:
    """Open a sign-in link and press its button, as a browser does (GET, then POST)."""
    page = await client.get(link)
    nonce = CSRF_FIELD.search(page.text)
    return await client.post(link, data={"csrf": nonce[1] if nonce else ""})


@asynccontextmanager
async def signed_in(server: WebServer, user: int, role: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client holding a session of ``telegram:<user>`` with ``role``."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
        answer = await use_link(client, await link_for(server, user, role))
        assert answer.status_code == 303, answer.text
        yield client


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "no CSRF field on the page"
    return found[1]
