"""Every console page as markup: each form control has a label, each page one main heading,
and nothing from outside this server is loaded (no CDN, nothing fetched at run time)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.config import Settings
from tests.console_helpers import running_console, signed_in
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings
from tests.voice_helpers import one_question

PAGES = [
    "/",
    "/cauhoi",
    "/cauhoi/nhom",
    "/cauhoi/1",
    "/phien",
    "/phien/1",
    "/chiendich",
    "/chiendich/moi",
    "/baocao",
    "/noidung",
    "/noidung?hoi=chuan+ho+ngheo",
    "/canbo",
    "/canbo/nhatky",
]


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


class Controls(HTMLParser):
    """Collects form controls, label targets, headings and outside references."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.h1 = 0
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "label":
            self.label_depth += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag == "h1":
            self.h1 += 1
        for key in ("src", "href", "action"):
            target = values.get(key, "")
            if tag != "a" and target.startswith(("http:", "https:", "//")):
                self.outside.append(f"<{tag} {key}={target}>")
        kind = values.get("type", "")
        if tag in ("select", "textarea") or (
            tag == "input" and kind not in ("hidden", "submit", "button")
        ):
            self.controls.append({**values, "_tag": tag, "_wrapped": str(self.label_depth > 0)})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[dict[str, str]]:
        return [
            c
            for c in self.controls
            if c["_wrapped"] != "True"
            and c.get("id") not in self.label_for
            and not c.get("aria-label")
        ]


async def test_every_control_is_labelled_and_nothing_is_fetched_from_outside(
    bot: TelegramBotDriver,
) -> None:
    await one_question(bot, 501, "Hộ cận nghèo có được hỗ trợ BHYT không?")
    async with running_console(bot) as server, signed_in(server, 902, "admin") as client:
        for path in PAGES:
            answer = await client.get(path)
            assert answer.status_code == 200, path
            page = Controls()
            page.feed(answer.text)
            assert page.h1 == 1, f"{path}: {page.h1} main headings"
            assert page.unlabelled() == [], f"{path}: controls without a label"
            assert page.outside == [], f"{path}: loads from outside"
