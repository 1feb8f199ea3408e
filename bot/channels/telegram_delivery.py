"""Sending on Telegram: an ``Outgoing`` becomes Bot API calls under the shared send limiter.

Every call that puts a message in a chat first takes a place in the channel's one
:class:`SendLimiter`, so replies, staff answers and broadcasts together stay under Telegram's
limits, replies first. Errors are normalised into ``Delivery`` outcomes (shared/TELEGRAM.md).
Replies are sent patiently (:func:`deliver_patiently`); pushes make one attempt and let their
caller (the broadcast sender) decide about retries.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

from telegram import Bot as TelegramBot
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.patient_delivery import deliver_patiently
from bot.channels.send_limiter import Priority, SendLimiter
from bot.channels.text_split import rendered, rendered_length, split_html, split_text
from bot.core.messages import Delivery, DeliveryStatus, Outgoing

log = logging.getLogger(__name__)


def ask_ptb_for_timedelta() -> None:
    """python-telegram-bot 22 warns on every read of ``RetryAfter.retry_after`` unless asked
    for the coming timedelta form (``normalise_error`` handles both). Set when a Telegram
    channel or sender is built, not when a module is imported."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")


TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

Call = Callable[[], Awaitable[Message]]


def _markup(message: Outgoing) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.payload) for b in row]
            for row in message.buttons
        ]
    )


def api_calls(bot: TelegramBot, chat_id: int | str, message: Outgoing) -> list[Call]:
    """The Bot API calls that send ``message`` (long text split; buttons with the last part)."""
    markup = _markup(message)
    parse_mode = ParseMode.HTML if message.html else None
    file = message.photo or message.document
    send_file = bot.send_photo if message.photo is not None else bot.send_document
    length = rendered_length(message.text) if message.html else len(message.text)
    if file is not None:
        upload: InputFile | str = (
            InputFile(file.data, filename=file.filename or "file")
            if file.data is not None
            else str(file.file_id)
        )
        if length <= CAPTION_LIMIT:
            caption = message.text or None
            return [
                lambda: send_file(
                    chat_id, upload, caption=caption, parse_mode=parse_mode, reply_markup=markup
                )
            ]
        calls: list[Call] = [lambda: send_file(chat_id, upload)]  # caption too long: file first
    else:
        calls = []
    # Telegram counts the text after parsing: HTML is split on its rendered length, whole tags.
    split = split_html if message.html else split_text
    parts = split(message.text, TEXT_LIMIT)
    for index, part in enumerate(parts):
        keyboard = markup if index == len(parts) - 1 else None
        calls.append(
            lambda part=part, keyboard=keyboard: _send_text(  # type: ignore[misc]
                bot, chat_id, part, parse_mode=parse_mode, markup=keyboard
            )
        )
    return calls


async def _send_text(
    bot: TelegramBot,
    chat_id: int | str,
    part: str,
    *,
    parse_mode: str | None,
    markup: InlineKeyboardMarkup | None,
) -> Message:
    try:
        return await bot.send_message(chat_id, part, parse_mode=parse_mode, reply_markup=markup)
    except BadRequest as error:
        if parse_mode is None or "can't parse entities" not in str(error).lower():
            raise
        # Formatting Telegram refuses must not cost the reader the text or the buttons.
        log.warning("Telegram refused the HTML of a message; sent it as plain text")
        return await bot.send_message(chat_id, rendered(part), reply_markup=markup)


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
    """Sends on one bot under one limiter; never raises on API errors.

    ``send`` (the hub's ``Sender``) pushes a message outside a reply with one attempt per
    call; ``reply`` delivers a turn's reply patiently at reply priority.
    """

    def __init__(self, bot: TelegramBot, limiter: SendLimiter) -> None:
        self.bot = bot
        self.limiter = limiter
        ask_ptb_for_timedelta()

    async def send(self, address: str, message: Outgoing) -> Delivery:
        delivery = Delivery(DeliveryStatus.FAILED, error="nothing to send")
        for call in api_calls(self.bot, int(address), message):
            delivery = await self._attempt(address, call, Priority.PUSH)
            if delivery.status is not DeliveryStatus.SENT:
                break
        return delivery

    async def reply(self, chat_id: int, message: Outgoing, *, first: bool) -> Delivery:
        """Deliver one reply, each part retried until sent or clearly undeliverable."""
        delivery = Delivery(DeliveryStatus.FAILED, error="nothing to send")
        for index, call in enumerate(api_calls(self.bot, chat_id, message)):
            priority = Priority.FIRST_REPLY if first and index == 0 else Priority.REPLY
            delivery = await deliver_patiently(
                lambda call=call, priority=priority: self._attempt(  # type: ignore[misc]
                    str(chat_id), call, priority
                )
            )
            if delivery.status is not DeliveryStatus.SENT:
                break
        return delivery

    async def _attempt(self, chat: str, call: Call, priority: Priority) -> Delivery:
        await self.limiter.acquire(chat, priority)
        try:
            sent = await call()
        except TelegramError as error:
            delivery = normalise_error(error)
            if delivery.status is DeliveryStatus.THROTTLED:
                self.limiter.pause_chat(chat, delivery.retry_after)
            return delivery
        return Delivery(DeliveryStatus.SENT, message_id=str(sent.message_id))

    async def fetch(self, file_id: str) -> bytes | None:
        """The bytes of a Telegram file (a campaign photo that also goes to Zalo)."""
        try:
            file = await self.bot.get_file(file_id)
            return bytes(await file.download_as_bytearray())
        except TelegramError as error:
            log.info("Telegram file not fetched: %s", error)
            return None
