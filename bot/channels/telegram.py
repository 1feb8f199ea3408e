"""The Telegram channel (python-telegram-bot 22). The only module that imports ``telegram``.

Updates become ``Incoming`` messages for the dialogue engine; replies and pushed messages
become Bot API calls. Delivery errors are normalised here into ``DeliveryStatus``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from urllib.parse import urlparse

from telegram import Bot as TelegramBot
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.text_split import rendered, rendered_length, split_html, split_text
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Attachment, Delivery, DeliveryStatus, Incoming, Outgoing

log = logging.getLogger(__name__)

# python-telegram-bot 22 warns on every read of RetryAfter.retry_after unless it is asked for
# the coming timedelta form; normalise_error handles both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")

CHANNEL = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# Interactive replies wait out a short flood pause once; longer pauses are logged instead.
MAX_REPLY_RETRY_AFTER = 5.0


def _attachments(message: Message) -> tuple[Attachment, ...]:
    """Typed attachments; photos and documents keep their file id so staff flows can reuse them."""
    found: list[Attachment] = []
    if message.photo:
        found.append(Attachment("photo", file_id=message.photo[-1].file_id))
    if message.document:
        document = message.document
        found.append(Attachment("document", file_id=document.file_id, filename=document.file_name))
    kinds = {
        "sticker": message.sticker,
        "voice": message.voice,
        "audio": message.audio,
        "video": message.video or message.video_note or message.animation,
        "location": message.location or message.venue,
        "contact": message.contact,
    }
    found += [Attachment(kind) for kind, value in kinds.items() if value]
    if not found and not message.text:
        found.append(Attachment("other"))
    return tuple(found)


def to_incoming(update: Update) -> Incoming | None:
    """Translate a Telegram update into the core's message type (None: nothing to handle)."""
    chat = update.effective_chat
    if chat is None:
        return None
    chat_type = "private" if chat.type == ChatType.PRIVATE else "group"
    user = f"{CHANNEL}:{chat.id}"
    if update.callback_query is not None:
        return Incoming(user=user, payload=update.callback_query.data or "", chat_type=chat_type)
    message = update.effective_message
    if message is None:
        return None
    formatted = message.text_html if message.text else message.caption_html
    return Incoming(
        user=user,
        text=message.text or message.caption or "",
        attachments=_attachments(message) if not message.text else (),
        chat_type=chat_type,
        edited=update.edited_message is not None,
        html=formatted or None,
    )


def _markup(message: Outgoing) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.payload) for b in row]
            for row in message.buttons
        ]
    )


async def send_outgoing(bot: TelegramBot, chat_id: int | str, message: Outgoing) -> Message:
    """Send one outgoing message (split if long; buttons go with the last part)."""
    markup = _markup(message)
    parse_mode = ParseMode.HTML if message.html else None
    file = message.photo or message.document
    length = rendered_length(message.text) if message.html else len(message.text)
    if file is not None and length <= CAPTION_LIMIT:
        caption = message.text or None
        upload: InputFile | str = (
            InputFile(file.data, filename=file.filename or "file")
            if file.data is not None
            else str(file.file_id)
        )
        send = bot.send_photo if message.photo is not None else bot.send_document
        return await send(
            chat_id, upload, caption=caption, parse_mode=parse_mode, reply_markup=markup
        )
    if file is not None:  # caption too long for the file: send the file, then the text
        await send_outgoing(
            bot, chat_id, Outgoing("", photo=message.photo, document=message.document)
        )
    # Telegram counts the text after parsing: HTML is split on its rendered length, whole tags.
    split = split_html if message.html else split_text
    parts = split(message.text, TEXT_LIMIT)
    sent: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        try:
            sent = await bot.send_message(
                chat_id, part, parse_mode=parse_mode, reply_markup=markup if last else None
            )
        except BadRequest as error:
            if parse_mode is None or "can't parse entities" not in str(error).lower():
                raise
            # Formatting Telegram refuses must not cost the reader the text or the buttons.
            log.warning("Telegram refused the HTML of a message; sent it as plain text")
            sent = await bot.send_message(
                chat_id, rendered(part), reply_markup=markup if last else None
            )
    assert sent is not None
    return sent


def normalise_error(error: TelegramError) -> Delivery:
    """Map a Bot API error onto the core's delivery outcomes (see shared/TELEGRAM.md)."""
    text = str(error)
    if isinstance(error, RetryAfter):
        retry = error.retry_after
        seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
        return Delivery(DeliveryStatus.THROTTLED, retry_after=seconds, error=text)
    if isinstance(error, Forbidden):
        return Delivery(DeliveryStatus.STOPPED, error=text)
    if isinstance(error, ChatMigrated):
        return Delivery(DeliveryStatus.FAILED, error=f"chat migrated to {error.new_chat_id}")
    if isinstance(error, BadRequest):
        return Delivery(DeliveryStatus.FAILED, error=text)
    if isinstance(error, NetworkError):  # timeouts, connection errors, 5xx
        return Delivery(DeliveryStatus.TRANSIENT, error=text)
    return Delivery(DeliveryStatus.FAILED, error=text)


class TelegramSender:
    """Pushes messages outside a reply (staff answers, news); never raises on API errors."""

    def __init__(self, bot: TelegramBot) -> None:
        self.bot = bot

    async def send(self, address: str, message: Outgoing) -> Delivery:
        try:
            sent = await send_outgoing(self.bot, int(address), message)
        except TelegramError as error:
            return normalise_error(error)
        return Delivery(DeliveryStatus.SENT, message_id=str(sent.message_id))


class TelegramChannel:
    """Connects a ``DialogueEngine`` to a python-telegram-bot ``Application``."""

    def __init__(self, engine: DialogueEngine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.application = self._build()

    def _build(self) -> Application:
        settings = self.settings
        application = (
            ApplicationBuilder()
            .token(settings.telegram_token)
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.file_api_url)
            # Different people are served concurrently; the engine keeps one person in order.
            .concurrent_updates(64)
            .build()
        )
        application.add_handler(CallbackQueryHandler(self._on_update))
        application.add_handler(MessageHandler(filters.ALL, self._on_update))
        application.add_error_handler(self._on_error)
        return application

    async def open_outbound(self) -> None:
        """Connect and register the sender only (command-line tools that message citizens)."""
        await self.application.initialize()
        self.engine.services.hub.register(CHANNEL, TelegramSender(self.application.bot))

    async def close_outbound(self) -> None:
        await self.application.shutdown()

    async def start(self) -> None:
        """Connect, register the commands, and start receiving (webhook or polling)."""
        application = self.application
        await self.open_outbound()
        commands = [
            BotCommand(c.name, c.description)
            for c in self.engine.router.commands.values()
            if not c.for_staff
        ]
        await application.bot.set_my_commands(commands)
        await application.start()
        updater = application.updater
        assert updater is not None
        settings = self.settings
        if settings.webhook_url:
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret or None,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("Telegram webhook listening on port %s", settings.webhook_port)
        else:
            await updater.start_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0)
            log.info("Telegram polling started")

    async def stop(self) -> None:
        application = self.application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            # Stop the button's spinner first; the reply follows as a new message.
            await update.callback_query.answer()
        incoming = to_incoming(update)
        if incoming is None:
            return
        chat_id = int(incoming.user.split(":", 1)[1])
        for reply in await self.engine.handle(incoming):
            await self._reply(context.bot, chat_id, reply)

    async def _reply(self, bot: TelegramBot, chat_id: int, reply: Outgoing) -> None:
        try:
            await send_outgoing(bot, chat_id, reply)
        except RetryAfter as error:
            delivery = normalise_error(error)
            if delivery.retry_after > MAX_REPLY_RETRY_AFTER:
                raise
            await asyncio.sleep(delivery.retry_after)
            await send_outgoing(bot, chat_id, reply)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one global error handler: log with the traceback; the citizen sees nothing raw."""
        log.error("error while processing a Telegram update", exc_info=context.error)
