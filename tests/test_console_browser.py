"""The web console in a real browser: Debian's Chromium driven by Playwright, against the real
bot on the fake Bot API. Screenshots for docs/console.md are taken here (set
CONSOLE_SCREENSHOTS=docs/console to refresh them)."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from tests.console_helpers import broadcasting, link_for, running_console
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, make_settings
from tests.voice_helpers import ask, citizen, make_session, one_question

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS", "")

if not CHROMIUM.exists() and not os.environ.get("CI"):  # in CI a missing browser fails
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM}: apt-get install -y chromium "
        "(.ci/run installs it, and CI never skips these)",
        allow_module_level=True,
    )
from playwright.async_api import Page, async_playwright, expect  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotAPI) -> Settings:
    return make_settings(tmp_path, fake, flood_limit_per_minute=1000)


@asynccontextmanager
async def browser_page(*, phone: bool = False) -> AsyncIterator[Page]:
    """A fresh page in headless Chromium (a phone-sized one if asked); no network but ours."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            viewport = {"width": 390, "height": 844} if phone else {"width": 1100, "height": 800}
            context = await browser.new_context(viewport=viewport, locale="vi-VN")
            page = await context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            await browser.close()


async def shot(page: Page, name: str) -> None:
    """A small PNG for the docs, only when asked (CONSOLE_SCREENSHOTS=<folder>)."""
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def tiny_png() -> bytes:
    """A real 1x1 PNG, so the preview can show it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x8b\x1a\x1a")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def menu(page: Page, name: str):
    """A link of the main menu."""
    return page.get_by_label("Menu chính").get_by_role("link", name=name, exact=True)


async def sign_in(page: Page, link: str) -> None:
    await page.goto(link)
    await page.get_by_role("button", name="Đăng nhập").click()
    await expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


async def test_sign_in_by_link(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, browser_page() as page:
        await sign_in(page, await link_for(server, 900, "officer"))
        await expect(menu(page, "Chiến dịch")).to_be_visible()
        await shot(page, "tong-quan")
        await page.get_by_role("button", name="Đăng xuất").click()
        await expect(page.get_by_role("heading", name="Đã đăng xuất")).to_be_visible()
        await page.goto(f"http://127.0.0.1:{server.port}/cauhoi")
        await expect(page.get_by_role("heading", name="Vui lòng đăng nhập")).to_be_visible()


async def test_a_forged_or_replayed_link_is_refused(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, browser_page() as page:
        link = await link_for(server, 900, "officer")
        await sign_in(page, link)
        await page.context.clear_cookies()
        await page.goto(link)
        await page.get_by_role("button", name="Đăng nhập").click()
        await expect(
            page.get_by_role("heading", name="Liên kết đăng nhập không dùng được")
        ).to_be_visible()
        forged = link.rsplit("/", 1)[0] + "/" + "A" * 43
        await page.goto(forged)
        await page.get_by_role("button", name="Đăng nhập").click()
        await expect(
            page.get_by_role("heading", name="Liên kết đăng nhập không dùng được")
        ).to_be_visible()
        await page.goto(f"http://127.0.0.1:{server.port}/")
        await expect(page.get_by_role("heading", name="Vui lòng đăng nhập")).to_be_visible()


async def test_a_reviewer_cannot_open_officer_pages(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, browser_page() as page:
        await sign_in(page, await link_for(server, 901, "reviewer"))
        await expect(menu(page, "Câu hỏi")).to_be_visible()
        await expect(menu(page, "Chiến dịch")).to_have_count(0)
        for path in ("/chiendich", "/chiendich/moi", "/phien", "/baocao", "/canbo"):
            answer = await page.goto(f"http://127.0.0.1:{server.port}{path}")
            assert answer is not None and answer.status == 403
            await expect(page.get_by_role("heading", name="Không có quyền")).to_be_visible()


async def test_answer_a_question_and_the_citizen_receives_it(bot: TelegramBotDriver) -> None:
    _, ref = await one_question(bot, 501, "Nhà tôi là hộ cận nghèo, có được hỗ trợ BHYT không?")
    answer = "Có. Hộ cận nghèo được ngân sách hỗ trợ ít nhất 70% mức đóng BHYT."
    async with running_console(bot) as server, browser_page() as page:
        await sign_in(page, await link_for(server, 901, "reviewer"))
        await menu(page, "Câu hỏi").click()
        await expect(page.get_by_role("heading", name="Câu hỏi, góp ý (1)")).to_be_visible()
        await shot(page, "cau-hoi")
        await page.get_by_role("link", name=ref).click()
        await page.get_by_label("Câu trả lời gửi người dân").fill(answer)
        await page.get_by_role("button", name="Xem trước").click()
        await expect(page.locator("#xem-truoc")).to_contain_text(answer)
        await expect(page.locator("#xem-truoc")).to_contain_text(ref)
        before = len(bot.fake.transcript(501))
        await page.get_by_role("button", name="Gửi câu trả lời").click()
        await expect(page.get_by_role("cell", name="đã gửi tới người dân")).to_be_visible()
        received = [m.text or "" for m in bot.fake.transcript(501)[before:]]
        assert len(received) == 1 and answer in received[0] and ref in received[0]
        await page.get_by_role("link", name="Mở lại câu hỏi").click()
        await expect(page.locator("#trang-thai")).to_have_text("đã trả lời")


async def test_compose_and_send_a_campaign_and_recipients_receive_it(
    bot: TelegramBotDriver, tmp_path: Path
) -> None:
    for user in (601, 602):
        await citizen(bot, user)
    await citizen(bot, 603, commune="Xã Tri Lễ")
    async with broadcasting(bot), running_console(bot) as server, browser_page() as page:
        await sign_in(page, await link_for(server, 900, "officer"))
        await menu(page, "Chiến dịch").click()
        await page.get_by_role("link", name="Soạn chiến dịch mới").click()
        await page.get_by_label("Nội dung tin").fill(
            "**Thông báo** lịch khám sức khỏe miễn phí tại trạm y tế xã."
        )
        await page.get_by_label("Xã Quế Phong").check()
        await expect(page.locator("#so-nguoi-nhan")).to_contain_text("2 người nhận")
        await shot(page, "soan-chien-dich")
        await page.get_by_role("button", name="Xem trước").click()
        await expect(page.locator("#xem-telegram b")).to_have_text("Thông báo")
        await expect(page.locator("#xem-zalo")).to_contain_text("Không muốn nhận tin nữa?")
        await expect(page.locator("#tong-nguoi-nhan")).to_contain_text("2 người nhận")
        await page.get_by_role("button", name="Xác nhận gửi").click()
        await expect(page.get_by_text("Đã tạo chiến dịch.")).to_be_visible()
        for user in (601, 602):
            await bot.fake.wait_until(
                lambda u=user: any(
                    "lịch khám sức khỏe" in (m.text or "") for m in bot.fake.transcript(u)
                ),
                timeout=15,
            )
        assert not any("lịch khám" in (m.text or "") for m in bot.fake.transcript(603))
        await page.get_by_role("link", name="Về danh sách chiến dịch").click()
        await expect(page.locator("[data-o=sent]").first).to_have_text("2")
        await shot(page, "chien-dich")
        await page.get_by_role("link", name="#1").click()
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Tải kết quả gửi từng người").click()
        saved = tmp_path / "gui_tin.xlsx"
        await (await download_info.value).save_as(saved)
        sheet = load_workbook(saved).active
        assert sheet is not None
        statuses = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert statuses == ["Đã gửi", "Đã gửi"]


async def test_export_a_session_sheet(bot: TelegramBotDriver, tmp_path: Path) -> None:
    session = make_session(bot.store)
    await citizen(bot, 701)
    await ask(
        bot,
        701,
        session,
        "Vay vốn làm chuồng bò cần giấy tờ gì?",
        contact=("Lò Văn A", "0912345678"),
    )
    await citizen(bot, 702)
    await ask(bot, 702, session, "Thẻ BHYT của hộ nghèo có hạn bao lâu?")
    async with running_console(bot) as server, browser_page(phone=True) as page:
        await sign_in(page, await link_for(server, 900, "officer"))
        await page.goto(f"http://127.0.0.1:{server.port}/phien/{session.id}")
        await expect(page.get_by_text("2 câu hỏi")).to_be_visible()
        await expect(page.get_by_role("cell", name="Lò Văn A, 0912345678")).to_be_visible()
        await shot(page, "phien-dien-thoai")
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Tải bảng câu hỏi (Excel)").click()
        download = await download_info.value
        assert download.suggested_filename == f"phien_{session.id}.xlsx"
        saved = tmp_path / "phien.xlsx"
        await download.save_as(saved)
        book = load_workbook(saved)
        cells = {
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
            for value in row if value
        }  # fmt: skip
        assert "Vay vốn làm chuồng bò cần giấy tờ gì?" in cells
        assert "Lò Văn A" in cells and "0912345678" in cells


async def test_keyboard_only_sign_in_and_navigation(bot: TelegramBotDriver) -> None:
    async with running_console(bot) as server, browser_page() as page:
        await page.goto(await link_for(server, 901, "reviewer"))
        await page.keyboard.press("Tab")
        await expect(page.get_by_role("link", name="Bỏ qua menu")).to_be_focused()
        await page.keyboard.press("Tab")
        await expect(page.get_by_role("button", name="Đăng nhập")).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
        target = menu(page, "Câu hỏi")
        for _ in range(10):
            await page.keyboard.press("Tab")
            if await target.evaluate("link => link === document.activeElement"):
                break
        await expect(target).to_be_focused()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Câu hỏi, góp ý (0)")).to_be_visible()
