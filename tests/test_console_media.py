"""Files uploaded in the console do not outlive their use: a cancelled campaign's file and a
draft's file nobody confirmed are removed, a file a campaign still needs is kept."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import httpx
import pytest

from bot.config import Settings
from bot.web import media
from tests.console_helpers import csrf_of, running_console, signed_in
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings

PDF = b"%PDF-1.4 tiny"
PNG = b"\x89PNG\r\n\x1a\n tiny"
FILE_NAME = re.compile(r'name="tep_da_tai" value="([^"]+)"')


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


async def upload(client: httpx.AsyncClient, content: bytes, filename: str) -> str:
    """Preview a weekly campaign with a file attached; the kept file's name."""
    fields = {"csrf": csrf_of((await client.get("/chiendich/moi")).text), **WEEKLY}
    preview = await client.post(
        "/chiendich/xemtruoc", data=fields, files={"tep": (filename, content)}
    )
    found = FILE_NAME.search(preview.text)
    assert found and found[1], preview.text
    return found[1]


WEEKLY = {"noi_dung": "Lịch khám", "khi": "hangtuan", "thu": "MON", "gio": "08:00"}


async def confirm(client: httpx.AsyncClient, name: str) -> int:
    """Create the campaign from the preview, its file named by ``name``; its id."""
    fields = {"csrf": csrf_of((await client.get("/chiendich/moi")).text), **WEEKLY}
    made = await client.post("/chiendich/tao", data={**fields, "tep_da_tai": name, "ten_tep": "a"})
    assert made.status_code == 303, made.text
    return int(made.headers["location"].split("/")[2].split("?")[0])


def age(settings: Settings, name: str, hours: float) -> None:
    """Make a kept file look ``hours`` old."""
    path = media.folder(settings) / name
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


async def test_cancelling_a_campaign_removes_its_file(bot: TelegramBotDriver) -> None:
    async with (
        running_console(bot) as server,
        signed_in(server, 900, "officer") as client,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as anyone,
    ):
        name = await upload(client, PDF, "ke hoach.pdf")
        campaign_id = await confirm(client, name)
        assert bot.store.campaigns.get(campaign_id).document_id.endswith(f"/tep/{name}")
        assert (await anyone.get(f"/tep/{name}")).content == PDF
        csrf = csrf_of((await client.get(f"/chiendich/{campaign_id}")).text)
        cancelled = await client.post(f"/chiendich/{campaign_id}/huy", data={"csrf": csrf})
        assert cancelled.headers["location"].endswith("tb=cancelled")
        assert (await anyone.get(f"/tep/{name}")).status_code == 404
        assert not (media.folder(bot.engine.services.settings) / name).exists()


async def test_drafts_nobody_confirmed_go_after_a_day_and_files_in_use_stay(
    bot: TelegramBotDriver,
) -> None:
    settings = bot.engine.services.settings
    async with running_console(bot) as server, signed_in(server, 900, "officer") as client:
        used = await upload(client, PDF, "ke hoach.pdf")
        await confirm(client, used)
        abandoned = await upload(client, PNG, "anh.png")
        recent = await upload(client, PNG, "anh moi.png")
        for name in (used, abandoned):
            age(settings, name, media.DRAFT_HOURS + 1)
        age(settings, recent, media.DRAFT_HOURS - 1)
        newest = await upload(client, PDF, "thong bao.pdf")  # the next upload tidies up
    kept = {path.name for path in media.folder(settings).iterdir()}
    assert kept == {used, recent, newest}
