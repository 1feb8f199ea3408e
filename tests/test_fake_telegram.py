"""The fake Bot API, driven by the real python-telegram-bot over HTTP on 127.0.0.1.

If these pass, a test that runs the bot's ``Application`` against :class:`FakeBotAPI` sees
what a citizen would see, and the errors Telegram would give.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakes import FakeBotAPI

CITIZEN = 42


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echoes text back."""
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(f"Bạn nói: {update.message.text}")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets with HTML and a yes/no keyboard."""
    assert update.message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Có", callback_data="yes"),
                InlineKeyboardButton("Không", callback_data="no"),
            ]
        ]
    )
    await update.message.reply_html("<b>Xin chào</b>, bạn có hộ nghèo?", reply_markup=keyboard)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the press and replaces the question with the choice."""
    query = update.callback_query
    assert query is not None
    await query.answer("Đã ghi nhận")
    await query.edit_message_text(f"Bạn chọn: {query.data}")


def make_app(fake: FakeBotAPI) -> Application:
    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(answer))
    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(unknown_chats_exist=False) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as b:
        yield b


@pytest.fixture
async def polling(fake: FakeBotAPI) -> AsyncIterator[Application]:
    app = make_app(fake)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=2)
        yield app
        await app.updater.stop()
        await app.stop()


# -- through a polling Application ---------------------------------------------------------


async def test_text_round_trip(fake: FakeBotAPI, polling: Application) -> None:
    fake.user_sends(CITIZEN, "xin chào")
    [reply] = await fake.wait_for_reply(CITIZEN)
    assert (reply.method, reply.text, reply.chat_id) == (
        "sendMessage",
        "Bạn nói: xin chào",
        CITIZEN,
    )


async def test_command_reaches_command_handler(fake: FakeBotAPI, polling: Application) -> None:
    fake.user_sends(CITIZEN, "/start")
    [reply] = await fake.wait_for_reply(CITIZEN)
    assert reply.text == "Xin chào, bạn có hộ nghèo?"
    assert reply.raw_text == "<b>Xin chào</b>, bạn có hộ nghèo?"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 8}]
    assert reply.buttons == [("Có", "yes"), ("Không", "no")]


async def test_group_command_addressed_to_the_bot(fake: FakeBotAPI, polling: Application) -> None:
    fake.user_sends(CITIZEN, "/start@fake_test_bot", chat_type="group", chat_id=-100)
    [reply] = await fake.wait_for_reply(-100)
    assert reply.text == "Xin chào, bạn có hộ nghèo?" and fake.transcript(CITIZEN) == []


async def test_button_press_is_answered_and_edits(fake: FakeBotAPI, polling: Application) -> None:
    fake.user_sends(CITIZEN, "/start")
    [question] = await fake.wait_for_reply(CITIZEN)
    fake.user_presses(CITIZEN, "yes")
    answered = await fake.wait_for_answer(CITIZEN)
    [edit] = await fake.wait_for_reply(CITIZEN)
    assert answered.text == "Đã ghi nhận" and answered.data == "yes"
    assert edit.method == "editMessageText" and edit.edited_message_id == question.message_id
    assert edit.text == "Bạn chọn: yes" and edit.reply_markup is None
    with pytest.raises(ValueError, match="has no bot message"):
        fake.user_presses(CITIZEN, "no")  # the keyboard is gone after the edit


async def test_button_not_shown_cannot_be_pressed(fake: FakeBotAPI, polling: Application) -> None:
    fake.user_sends(CITIZEN, "/start")
    await fake.wait_for_reply(CITIZEN)
    with pytest.raises(ValueError, match="no button with callback_data 'maybe'"):
        fake.user_presses(CITIZEN, "maybe")


# -- updates -------------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(fake: FakeBotAPI, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    fake.user_sends(CITIZEN, "👋 /help now")
    [update] = await asyncio.wait_for(poll, 1.0)
    assert update.message is not None
    assert update.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 3, 5),)
    # Confirming with offset removes it; without, it would be delivered again.
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()


async def test_second_poller_terminates_the_first(fake: FakeBotAPI, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    async with Bot(fake.token, base_url=fake.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 1.0)


async def test_webhook_blocks_get_updates(fake: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_webhook("https://bot.example/hook", secret_token="s3cret")
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example/hook"
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_updates_are_pushed_to_a_webhook_with_the_secret(fake: FakeBotAPI) -> None:
    port = _free_port()
    app = make_app(fake)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="s3cret",
        )
        assert fake.webhook is not None and fake.webhook["secret_token"] == "s3cret"
        fake.user_sends(CITIZEN, "qua webhook")
        [reply] = await fake.wait_for_reply(CITIZEN)
        fake.webhook["secret_token"] = "wrong"
        fake.user_sends(CITIZEN, "bị từ chối")
        try:
            await fake.wait_until(lambda: bool(fake.webhook and fake.webhook["last_error_message"]))
        finally:
            await app.updater.stop()
            await app.stop()
    assert reply.text == "Bạn nói: qua webhook"
    assert fake.webhook["last_error_message"] == "Wrong response from the webhook: 403 Forbidden"
    assert fake.transcript(CITIZEN) == [reply]


# -- delivery errors -----------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["bot was blocked by the user", "user is deactivated"])
async def test_blocked_user_gives_forbidden(fake: FakeBotAPI, bot: Bot, reason: str) -> None:
    fake.user_sends(CITIZEN, "hi")
    fake.block(CITIZEN, reason)
    with pytest.raises(Forbidden, match=f"^Forbidden: {reason}$"):
        await bot.send_message(CITIZEN, "tin mới")
    assert fake.transcript(CITIZEN) == []
    fake.user_sends(CITIZEN, "/start")  # writing again unblocks, as on Telegram
    assert (await bot.send_message(CITIZEN, "chào lại")).text == "chào lại"


async def test_unknown_and_forgotten_chats_are_not_found(fake: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="^Chat not found$"):
        await bot.send_message(777, "ai đó?")
    fake.user_sends(CITIZEN, "hi")
    fake.forget_chat(CITIZEN)
    with pytest.raises(BadRequest, match="^Chat not found$"):
        await bot.send_message(CITIZEN, "còn đó không?")


async def test_injected_429_is_retry_after(
    fake: FakeBotAPI, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # the int form of retry_after is deprecated
    fake.user_sends(CITIZEN, "hi")
    fake.fail_next("sendMessage", status=429, retry_after=7, chat_id=CITIZEN)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CITIZEN, "tin")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.transcript(CITIZEN) == [] and fake.stats.rate_limited == 1
    await bot.send_message(CITIZEN, "tin")  # only the next one failed
    assert len(fake.transcript(CITIZEN)) == 1


async def test_injected_migration_is_chat_migrated(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi", chat_type="group", chat_id=-5)
    fake.fail_next("sendMessage", status=400, migrate_to_chat_id=-1001234567890)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-5, "tin nhóm")
    assert caught.value.new_chat_id == -1001234567890


async def test_stalled_reply_times_out_but_is_delivered(fake: FakeBotAPI) -> None:
    fake.user_sends(CITIZEN, "hi")
    fake.stall_next("sendMessage", seconds=0.3)
    request = HTTPXRequest(read_timeout=0.1)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as slow_bot:
        with pytest.raises(TimedOut):
            await slow_bot.send_message(CITIZEN, "tin quan trọng")
    assert [m.text for m in fake.transcript(CITIZEN)] == ["tin quan trọng"]


# -- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "ok"), [(4096, True), (4097, False)], ids=["at-limit", "over-limit"]
)
async def test_text_limit_counts_characters(
    fake: FakeBotAPI, bot: Bot, length: int, ok: bool
) -> None:
    fake.user_sends(CITIZEN, "hi")
    text = "ệ" * length  # 3 bytes each in UTF-8: the limit is characters, not bytes
    if ok:
        assert (await bot.send_message(CITIZEN, text)).text == text
    else:
        with pytest.raises(BadRequest, match="^Message is too long$"):
            await bot.send_message(CITIZEN, text)


async def test_empty_text_is_rejected(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    with pytest.raises(BadRequest, match="^Message text is empty$"):
        await bot.send_message(CITIZEN, "<b> </b>", parse_mode=ParseMode.HTML)


@pytest.mark.parametrize(
    ("text", "mode", "error"),
    [
        ("<b>đậm", ParseMode.HTML, 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>a</i>", ParseMode.HTML, "Unmatched end tag at byte offset 4"),
        ("<p>đoạn</p>", ParseMode.HTML, 'Unsupported start tag "p" at byte offset 0'),
        ("Hạn: 30.6", ParseMode.MARKDOWN_V2, "Character '.' is reserved"),
        ("*đậm", ParseMode.MARKDOWN_V2, "Can't find end of Bold entity at byte offset 0"),
        (
            "snake_case",
            ParseMode.MARKDOWN,
            "Can't find end of the entity starting at byte offset 5",
        ),
    ],
)
async def test_bad_markup_cannot_be_parsed(
    fake: FakeBotAPI, bot: Bot, text: str, mode: str, error: str
) -> None:
    fake.user_sends(CITIZEN, "hi")
    with pytest.raises(BadRequest, match="^Can't parse entities: ") as caught:
        await bot.send_message(CITIZEN, text, parse_mode=mode)
    assert error.lower() in str(caught.value).lower()  # PTB lower-cases all but the first letter


async def test_markdown_v2_entities(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    await bot.send_message(
        CITIZEN, "*Hạn* nộp: 30\\.6 [xem](https://x.vn)", parse_mode="MarkdownV2"
    )
    [sent] = fake.transcript(CITIZEN)
    assert sent.text == "Hạn nộp: 30.6 xem"
    assert sent.entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "text_link", "offset": 14, "length": 3, "url": "https://x.vn"},
    ]


async def test_callback_data_limit_is_64_bytes(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    data = "đăng ký hỗ trợ hộ nghèo đa chiều, xã Tân Lập, Đồng Hỷ"
    assert len(data) < 64 < len(data.encode())  # fits in characters, not in bytes
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("Đăng ký", callback_data=data)]])
    with pytest.raises(BadRequest, match="^Button_data_invalid$"):
        await bot.send_message(CITIZEN, "chọn", reply_markup=too_long)
    assert fake.transcript(CITIZEN) == []


async def test_identical_edit_is_not_modified(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="yes")]])
    sent = await bot.send_message(CITIZEN, "Hỏi", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="^Message is not modified"):
        await bot.edit_message_reply_markup(CITIZEN, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_reply_markup(CITIZEN, sent.message_id, reply_markup=None)
    assert fake.transcript(CITIZEN)[-1].reply_markup is None


# -- files, commands, raw HTTP ---------------------------------------------------------------


async def test_document_bytes_are_recorded(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    csv = "họ tên,xã\nNguyễn Văn A,Tân Lập\n".encode()
    message = await bot.send_document(CITIZEN, csv, filename="bao_cao.csv", caption="Báo cáo")
    [sent] = fake.transcript(CITIZEN)
    assert (sent.method, sent.document_name, sent.document_bytes) == (
        "sendDocument",
        "bao_cao.csv",
        csv,
    )
    assert sent.text == "Báo cáo" and message.document is not None
    assert message.document.file_name == "bao_cao.csv"
    await bot.send_document(CITIZEN, message.document.file_id, caption="Báo cáo")  # resent
    assert fake.transcript(CITIZEN)[-1].document_name == "bao_cao.csv"
    assert fake.stats.duplicates_per_chat == {CITIZEN: 1}


async def test_user_file_can_be_downloaded_and_copied(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "giấy tờ", document="don.pdf", file_bytes=b"%PDF-1.4 test")
    fake.user_sends(7, "/start")  # an officer's chat, where the document is copied to
    [update, _] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.document is not None
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 test"
    await bot.copy_message(chat_id=7, from_chat_id=CITIZEN, message_id=update.message.message_id)
    [copy] = fake.transcript(7)
    assert (copy.method, copy.text, copy.document_bytes) == (
        "copyMessage",
        "giấy tờ",
        b"%PDF-1.4 test",
    )


async def test_photo_upload_must_be_an_image(fake: FakeBotAPI, bot: Bot) -> None:
    fake.user_sends(CITIZEN, "hi")
    with pytest.raises(BadRequest, match="^Image_process_failed$"):
        await bot.send_photo(CITIZEN, b"not an image")
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    await bot.send_photo(CITIZEN, png, caption="Ảnh")
    assert fake.transcript(CITIZEN)[-1].photo_bytes == png


async def test_commands_are_recorded(fake: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Bắt đầu"), ("help", "Trợ giúp")])
    assert fake.commands == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "help", "description": "Trợ giúp"},
    ]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start", "viết hoa")])


async def test_raw_http_errors_and_json_bodies(fake: FakeBotAPI) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{fake.port}") as client:
        wrong = await client.post("/bot999:NOPE/getMe")
        unknown = await client.post(f"/bot{fake.token}/sendTelepathy")
        fake.user_sends(CITIZEN, "hi")
        markup = {"inline_keyboard": [[{"text": "Có", "callback_data": "yes"}]]}
        sent = await client.post(
            f"/bot{fake.token}/sendMessage",
            json={"chat_id": CITIZEN, "text": "JSON", "reply_markup": markup},
        )
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert sent.json()["result"]["reply_markup"] == markup
    assert fake.transcript(CITIZEN)[0].buttons == [("Có", "yes")]


async def test_control_endpoints_for_another_process(fake: FakeBotAPI) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{fake.port}") as client:
        await client.post("/_fake/user_sends", json={"user_id": CITIZEN, "text": "hi"})
        await client.post(
            "/_fake/block", json={"chat_id": CITIZEN, "reason": "user is deactivated"}
        )
        refused = await client.post(
            f"/bot{fake.token}/sendMessage", data={"chat_id": str(CITIZEN), "text": "tin"}
        )
        stats = (await client.get("/_fake/stats")).json()
    assert refused.json() == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: user is deactivated",
    }
    assert stats["requests"] == {"sendMessage": 1} and stats["errors"] == {"403": 1}


# -- flood control ---------------------------------------------------------------------------


async def test_flood_control_per_chat_and_global(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    clock = Clock()
    async with (
        FakeBotAPI(flood_control=True, global_rate=5, per_chat_burst=3, clock=clock) as fake,
        Bot(fake.token, base_url=fake.base_url) as bot,
    ):
        for _ in range(3):  # the burst a private chat tolerates
            await bot.send_message(1, "tin")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(1, "tin")
        assert caught.value.retry_after == dtm.timedelta(seconds=1)
        with pytest.raises(RetryAfter):  # did not wait as told
            await bot.send_message(1, "tin")
        assert fake.stats.ignored_retry_after == 1
        clock.now += 1
        await bot.send_message(1, "tin")  # waited: accepted
        # The global bucket (5/s) refilled in that second and has 4 tokens left.
        for chat_id in range(2, 6):
            await bot.send_message(chat_id, "tin")
        with pytest.raises(RetryAfter):
            await bot.send_message(6, "tin")
    stats = fake.stats
    assert (stats.total_sends, stats.rate_limited) == (8, 3)
    assert stats.sends_per_chat == {1: 4, 2: 1, 3: 1, 4: 1, 5: 1}
    assert stats.duplicates_per_chat == {1: 3}
