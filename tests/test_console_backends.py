"""The web console against the real Telegram bot on both backends (``[sqlite]`` and
``[postgresql]``): what the console's own repository (``web``) and the converted ones
(``staff``, audit, ``citizens``) carry — getting a link in the bot, signing in, the admin's
staff pages and audit log, a removed role and signing out ending sessions.

Pages over repositories still being converted (the review queue, sessions, campaigns) are
covered on SQLite by tests/test_web_console.py and the browser tests.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from tests.console_helpers import TOKEN_IN_LINK, csrf_of, running_console, signed_in, use_link
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI, database: str) -> Settings:
    url = database if database.startswith("postgresql") else ""
    return make_settings(tmp_path, fake, db_url=url, flood_limit_per_minute=1000)


async def test_a_link_from_the_bot_signs_staff_in_once(bot: TelegramBotDriver) -> None:
    bot.store.staff.add("telegram:900", "admin", added_by="test")
    async with running_console(bot) as server:
        replies = await bot.say(900, "/dangnhap")
        found = TOKEN_IN_LINK.search(replies[0].text or "")
        assert found, replies[0].text
        link = "/dangnhap/" + found[1].rsplit("/", 1)[1]  # the test's server has its own port
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            signed = await use_link(client, link)
            assert signed.status_code == 303 and signed.headers["location"] == "/"
            assert "Cán bộ" in (await client.get("/canbo")).text
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as again:
            refused = await use_link(again, link)
            assert refused.status_code == 403  # a link works once
            assert (await again.get("/canbo")).status_code == 401
        citizen = await bot.say(555, "/dangnhap")
        assert not TOKEN_IN_LINK.search(citizen[0].text or "")


async def test_an_admin_manages_roles_and_reads_the_audit_log(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, signed_in(server, 902, "admin") as client:
        csrf = csrf_of((await client.get("/canbo")).text)
        added = {"csrf": csrf, "tai_khoan": "telegram:777", "vai_tro": "admin"}
        assert (await client.post("/canbo", data=added)).status_code == 303
        assert bot.store.staff.role_of("telegram:777") == "admin"
        async with signed_in(server, 777, "admin") as other:
            assert "telegram:902" in (await other.get("/canbo")).text
            removed = {"csrf": csrf, "tai_khoan": "telegram:777"}
            assert (await client.post("/canbo/xoa", data=removed)).status_code == 303
            assert (await other.get("/canbo")).status_code == 401  # signed out at once
        log = await client.get("/canbo/nhatky", params={"nguoi": "telegram:902"})
        assert "staff add" in log.text and "staff remove" in log.text
        assert "console sign-in" in log.text
        out = await client.post("/dangxuat", data={"csrf": csrf})
        assert out.status_code == 303
        assert (await client.get("/canbo")).status_code == 401


async def test_the_dashboard_after_signing_in(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, signed_in(server, 900, "officer") as client:
        page = await client.get("/")
        assert page.status_code == 200, page.text
        assert "Tổng quan" in page.text
