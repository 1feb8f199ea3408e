"""The Telegram channel (python-telegram-bot 22). Only ``telegram*.py`` modules import ``telegram``.

Updates become ``Incoming`` messages for the dialogue engine; replies and pushed messages
become Bot API calls (:mod:`bot.channels.telegram_delivery`) under one send limiter shared by
replies and broadcasts. A person's replies are delivered inside their turn, so they arrive in
the order the person wrote. ``my_chat_member`` updates (the person blocked or unblocked the
bot) mark the citizen stopped or active.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlparse

from telegram import BotCommand, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.send_limiter import SendLimiter
from bot.channels.shared_server import WebhookServer
from bot.channels.telegram_delivery import TelegramSender, ask_ptb_for_timedelta, normalise_error
from bot.channels.telegram_webhook import TelegramWebhook, UpdateNotKept, check_secret
from bot.config import Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Attachment, DeliveryStatus, Incoming, Outgoing
from bot.core.stops import StopReason, recipient_stopped
from bot.replicas.inbox import PersonInbox

if TYPE_CHECKING:
    from bot.store import Citizen, Repositories

__all__ = ["CHANNEL", "TelegramChannel", "TelegramSender", "normalise_error", "to_incoming"]

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# Updates handled at once. Handlers mostly wait on the send limiter, so a burst of citizens
# is decided together and every first reply goes before any second one (benchmarks/burst.py:
# p95 first reply at N = 400 fell from 36 s with 256 to 13 s, the limit's own floor).
CONCURRENT_UPDATES = 1024
# HTTP connections to the Bot API: the limiter keeps requests in flight to rate × latency.
CONNECTION_POOL = 64
STARTUP_ATTEMPTS = 6  # getMe/setWebhook on a flaky network: 1+2+4+8+16 s of backoff
STARTUP_BACKOFF_SECONDS = 1.0

T = TypeVar("T")


async def retry_at_startup(
    what: str,
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = STARTUP_ATTEMPTS,
    backoff: float = STARTUP_BACKOFF_SECONDS,
) -> T:
    """Call ``call``, retrying network and server errors with backoff; others raise at once."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except InvalidToken:
            raise
        except NetworkError as error:
            if attempt == attempts:
                raise
            wait = backoff * 2 ** (attempt - 1) * random.uniform(0.8, 1.2)
            log.warning("Telegram %s failed (%s); retrying in %.1f s", what, error, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")


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


class TelegramChannel:
    """Connects a ``DialogueEngine`` to a python-telegram-bot ``Application``."""

    def __init__(
        self, engine: DialogueEngine, settings: Settings, *, limiter: SendLimiter | None = None
    ) -> None:
        if settings.webhook_url:
            check_secret(settings.webhook_secret)  # refuse before anything starts
        self.engine = engine
        self.settings = settings
        ask_ptb_for_timedelta()
        self.limiter = limiter or SendLimiter(
            rate=settings.telegram_rate,
            per_chat_rate=settings.telegram_chat_rate,
            per_chat_burst=settings.telegram_chat_burst,
        )
        self.application = self._build()
        self.sender = TelegramSender(self.application.bot, self.limiter)
        self.webhook: TelegramWebhook | None = None
        self._callback_answers: set[asyncio.Task[None]] = set()
        # Several replicas (PostgreSQL, webhook mode): a person's updates may reach any of
        # them, so each goes through the shared inbox, handled in order by one replica.
        self.inbox: PersonInbox | None = None

    def _build(self) -> Application:
        settings = self.settings
        builder = (
            ApplicationBuilder()
            .token(settings.telegram_token)
            .base_url(settings.telegram_api_url)
            .base_file_url(settings.file_api_url)
            # Different people are served concurrently; the engine keeps one person in order.
            .concurrent_updates(CONCURRENT_UPDATES)
            .connection_pool_size(CONNECTION_POOL)
        )
        if settings.webhook_url:
            builder = builder.updater(None)  # our own server receives (telegram_webhook)
        application = builder.build()
        application.add_handler(CallbackQueryHandler(self._on_update))
        application.add_handler(MessageHandler(filters.ALL, self._on_update))
        application.add_handler(
            ChatMemberHandler(self._on_update, ChatMemberHandler.MY_CHAT_MEMBER)
        )
        application.add_error_handler(self._on_error)
        return application

    async def open_outbound(self) -> None:
        """Connect and register the sender only (command-line tools that message citizens)."""
        await retry_at_startup("getMe", self.application.initialize)
        self.engine.services.hub.register(CHANNEL, self.sender)
        self.engine.services.hub.register_files(self.sender)

    async def close_outbound(self) -> None:
        await self.application.shutdown()
        await self.limiter.close()

    def _new_webhook(self) -> TelegramWebhook:
        settings = self.settings
        return TelegramWebhook(
            secret=settings.webhook_secret,
            on_update=self._queue_update,
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            path=urlparse(settings.webhook_url).path,
        )

    def mount_webhook(self, server: WebhookServer) -> None:
        """In webhook mode, receive on the process's one web server (before it starts)."""
        if self.settings.webhook_url:
            self.webhook = self._new_webhook()
            for method, path, handler in self.webhook.routes():
                server.add_webhook(method, path, handler)

    async def start(self) -> None:
        """Connect, register the commands, and start receiving (webhook or polling)."""
        application = self.application
        await self.open_outbound()
        await self._set_commands()
        await application.start()
        settings = self.settings
        engine, services = self.engine, self.engine.services
        if settings.webhook_url and services.store.dialect == "postgresql":
            self.inbox = await PersonInbox.open(
                settings.database,
                self._handle_stored,
                channel=CHANNEL,
                settled=engine.settled,
                flood=engine.flood,
                clock=services.clock,
            )
        if settings.webhook_url:
            if self.webhook is None:  # not mounted on a shared server: listen on its own port
                self.webhook = self._new_webhook()
                await self.webhook.start()
            await retry_at_startup(
                "setWebhook",
                lambda: application.bot.set_webhook(
                    settings.webhook_url,
                    secret_token=settings.webhook_secret,
                    allowed_updates=Update.ALL_TYPES,
                ),
            )
            log.info("Telegram webhook registered")
        else:
            updater = application.updater
            assert updater is not None
            await updater.start_polling(
                allowed_updates=Update.ALL_TYPES,
                poll_interval=0.0,
                bootstrap_retries=STARTUP_ATTEMPTS,
            )
            log.info("Telegram polling started")

    async def _set_commands(self) -> None:
        """The command menu is a convenience: failing to set it never stops the bot."""
        commands = [
            BotCommand(c.name, c.description)
            for c in self.engine.router.commands.values()
            if not c.for_staff
        ]
        try:
            await self.application.bot.set_my_commands(commands)
        except TelegramError as error:
            log.warning("Telegram setMyCommands failed (%s); the menu stays as it was", error)

    async def _queue_update(self, data: dict) -> None:
        """Webhook: hand a checked update to the application, as polling would (or to the
        replicas' shared inbox, committed before Telegram is answered)."""
        update = Update.de_json(data, self.application.bot)
        chat = update.effective_chat
        if self.inbox is not None and chat is not None:
            body = json.dumps(data, ensure_ascii=False)
            try:
                await self.inbox.receive(f"{CHANNEL}:{chat.id}", update.update_id, body)
            except Exception as error:
                raise UpdateNotKept from error
            return
        await self.application.update_queue.put(update)

    async def _handle_stored(self, body: str) -> None:
        """An update from the shared inbox, handled as the application would."""
        update = Update.de_json(json.loads(body), self.application.bot)
        await self._on_update(update, None)  # type: ignore[arg-type]  # the context is unused

    async def stop(self) -> None:
        application = self.application
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
        if self.inbox is not None:
            await self.inbox.close()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if self._callback_answers:
            await asyncio.wait(set(self._callback_answers), timeout=5.0)
        await application.shutdown()
        await self.limiter.close()

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.my_chat_member is not None:
            await self._membership_changed(update)
            return
        if update.callback_query is not None:
            self._answer_callback(update)
        incoming = to_incoming(update)
        if incoming is None:
            return
        chat_id = int(incoming.user.split(":", 1)[1])

        async def deliver(replies: list[Outgoing]) -> None:
            await self._deliver(chat_id, incoming.user, replies)

        await self.engine.handle(incoming, deliver=deliver)

    def _answer_callback(self, update: Update) -> None:
        """Stop the button's spinner, on the side: a failed answer (the query is too old after
        downtime, a 502) must never lose the press itself."""
        query = update.callback_query
        assert query is not None

        async def answer() -> None:
            try:
                await query.answer()
            except TelegramError as error:
                log.info("answerCallbackQuery failed (%s); the press is handled anyway", error)

        task = asyncio.get_running_loop().create_task(answer())
        self._callback_answers.add(task)
        task.add_done_callback(self._callback_answers.discard)

    async def _deliver(self, chat_id: int, user: str, replies: list[Outgoing]) -> None:
        """Send a turn's replies in order, each retried until delivered or undeliverable."""
        for index, reply in enumerate(replies):
            delivery = await self.sender.reply(chat_id, reply, first=index == 0)
            if delivery.status is DeliveryStatus.SENT:
                continue
            if delivery.status is DeliveryStatus.STOPPED:
                await recipient_stopped(self.engine.services.store, user, StopReason.BLOCKED)
                return
            log.warning("Telegram reply not delivered: %s (%s)", delivery.status, delivery.error)
            if delivery.status is not DeliveryStatus.FAILED:
                return  # an outage outlasted the retries: later replies would fail too

    async def _membership_changed(self, update: Update) -> None:
        """The person blocked (``kicked``) or unblocked (``member``) the bot in private."""
        change = update.my_chat_member
        assert change is not None
        if change.chat.type != ChatType.PRIVATE:
            return
        user = f"{CHANNEL}:{change.chat.id}"
        status = change.new_chat_member.status
        if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await recipient_stopped(self.engine.services.store, user, StopReason.BLOCKED)
        elif status == ChatMemberStatus.MEMBER:
            await self._mark_active(user)

    async def _mark_active(self, user: str) -> None:
        """Unblocking undoes a stop that blocking caused; a person's own /dunglai stays."""

        def undo_block(repos: Repositories) -> Citizen | None:
            citizen = repos.citizens.get(user)
            if citizen is None or citizen.stopped_reason != StopReason.BLOCKED:
                return None
            return repos.citizens.subscribe(citizen)

        citizen = await self.engine.services.store.write(undo_block)
        if citizen is not None:
            log.info("Telegram citizen %s unblocked the bot: active again", citizen.id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one global error handler: log with the traceback; the citizen sees nothing raw."""
        log.error("error while processing a Telegram update", exc_info=context.error)
