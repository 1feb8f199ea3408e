"""The test side of the fake Telegram: citizens acting, faults injected, results read back.

Tests call these methods directly, in the event loop that runs the server. A user's action
becomes a queued update exactly as Telegram would build it; what the bot did comes back as
:class:`~tests.fakes.telegram_state.SentMessage` transcripts.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes.telegram_chats import default_chat
from tests.fakes.telegram_markup import command_entities, parse_html
from tests.fakes.telegram_methods import MessageMethods
from tests.fakes.telegram_settings import SettingsMethods
from tests.fakes.telegram_state import (
    AnsweredCallback,
    ApiError,
    ChatRecord,
    SentMessage,
    too_many_requests,
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_RECHECK_SECONDS = 0.05
_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"


@dataclass
class _Fault:
    """An injected failure (``error``) or delay (``stall`` seconds) for matching requests."""

    method: str  # lower-case Bot API method name, or "*" for any but getUpdates
    chat_id: int | None
    remaining: int
    error: ApiError | None = None
    stall: float = 0.0

    def matches(self, method: str, chat_id: int | None) -> bool:
        name = method.lower()
        method_ok = self.method == name or (self.method == "*" and name != "getupdates")
        return method_ok and (self.chat_id is None or self.chat_id == chat_id)


class FakeTelegram(MessageMethods, SettingsMethods):
    """Bot API state plus the controls a test uses; see :class:`FakeBotAPI` for HTTP."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._faults: list[_Fault] = []
        self._reply_marks: dict[int, int] = {}
        self._answer_marks: dict[int, int] = {}
        self._query_ids = itertools.count(1)

    # -- citizens ---------------------------------------------------------------------------

    def _user_chat(self, user_id: int, chat_id: int, chat_type: str, first_name: str) -> ChatRecord:
        """The chat a user writes in; writing again revives a forgotten or blocked chat."""
        if chat_type == "private":
            chat = {"id": chat_id, "type": "private", "first_name": first_name}
        else:
            chat = {"id": chat_id, "type": chat_type, "title": f"Nhóm {chat_id}"}
        record = self._chats.get(chat_id)
        if record is None:
            record = self._chats[chat_id] = ChatRecord(chat)
        record.chat = chat
        record.forgotten = False
        if chat_type == "private":
            record.blocked = None  # the user unblocked the bot and wrote again
        return record

    def _user_file(self, name: str, data: bytes | None, **extra: Any) -> dict[str, Any]:
        """A file a user sent, stored so the bot can ``getFile`` and download it."""
        stored = self._store_file(data if data is not None else f"fake {name}".encode(), name)
        ids = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        return ids | extra | {"file_size": stored.size}

    def user_sends(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        first_name: str = "Dân",
        sticker: bool = False,
        photo: bool = False,
        voice: bool = False,
        location: tuple[float, float] | None = None,
        contact: str | None = None,
        document: str | None = None,
        file_bytes: bytes | None = None,
        edited: bool = False,
        html: bool = False,
    ) -> int:
        """Queues a message from a user; returns its ``update_id``.

        Args:
            user_id: the sender; also the chat id of a private chat.
            text: the text, or the caption when a photo or document is attached. Every
                ``/command`` gets a ``bot_command`` entity, as Telegram sets them.
            chat_type: ``"private"``, ``"group"`` or ``"supergroup"`` (then pass ``chat_id``).
            photo / document / voice / sticker / location / contact: attach that content;
                ``document`` is the file name, ``contact`` the phone number, ``file_bytes`` the
                content the bot downloads with ``getFile`` (a placeholder otherwise).
            edited: send as ``edited_message`` of the user's last message in the chat.
            html: ``text`` is Telegram HTML: the user formatted it (bold...) in their app; the
                update carries the plain text and the formatting entities.
        """
        if chat_type != "private" and chat_id is None:
            raise ValueError("a group message needs chat_id")
        chat_id = user_id if chat_id is None else chat_id
        record = self._user_chat(user_id, chat_id, chat_type, first_name)
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}
        reuse = edited and record.last_user_message_id is not None
        message_id = record.last_user_message_id if reuse else record.new_message_id()
        assert message_id is not None
        now = int(time.time())
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": record.chat,
            "date": now,
        }
        if photo:
            message["photo"] = [
                self._user_file("photo.jpg", file_bytes, width=w, height=w) for w in (90, 800)
            ]
        if document is not None:
            mime = mimetypes.guess_type(document)[0] or "application/octet-stream"
            message["document"] = self._user_file(
                document, file_bytes, file_name=document, mime_type=mime
            )
        if voice:
            message["voice"] = self._user_file(
                "voice.ogg", file_bytes, duration=3, mime_type="audio/ogg"
            )
        if sticker:
            message["sticker"] = self._user_file(
                "sticker.webp", None, type="regular", width=512, height=512,
                is_animated=False, is_video=False, emoji="👍",
            )  # fmt: skip
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        if contact is not None:
            message["contact"] = {
                "phone_number": contact, "first_name": first_name, "user_id": user_id
            }  # fmt: skip
        if text is not None:
            captioned = photo or document is not None
            formatting: list[dict[str, Any]] = []
            if html:
                text, formatting = parse_html(text)
            message["caption" if captioned else "text"] = text
            entities = command_entities(text) + formatting
            if entities:
                message["caption_entities" if captioned else "entities"] = entities
        if edited:
            message["edit_date"] = now
        self._user_messages[(chat_id, message_id)] = message
        record.last_user_message_id = message_id
        self._reply_marks[chat_id] = len(self._transcripts.get(chat_id, []))
        return self._queue("edited_message" if edited else "message", message)

    def user_presses(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int | None = None,
        chat_id: int | None = None,
        forged: bool = False,
    ) -> int:
        """Queues a ``callback_query`` for a button on a message the bot sent.

        The message defaults to the bot's last message in the chat that still has an inline
        keyboard. Pressing a button that is not on that message raises ``ValueError``: a
        citizen's app can only press what the bot showed. ``forged=True`` sends ``data``
        anyway, as a modified client or a forged webhook request could.
        """
        chat_id = user_id if chat_id is None else chat_id
        if message_id is None:
            message_id = next(
                (
                    m.message_id
                    for m in reversed(self._transcripts.get(chat_id, []))
                    if (current := self._bot_messages.get((chat_id, m.message_id)))
                    and current.button_rows
                ),
                None,
            )
        sent = self._bot_messages.get((chat_id, message_id or 0))
        if sent is None or not sent.button_rows:
            raise ValueError(f"chat {chat_id} has no bot message {message_id} with inline buttons")
        datas = [b.get("callback_data") for row in sent.button_rows for b in row]
        if data not in datas and not forged:
            raise ValueError(f"no button with callback_data {data!r}; buttons: {sent.buttons}")
        first_name = self._chats[chat_id].chat.get("first_name", "Dân")
        query_id = str(4_000_000_000_000 + next(self._query_ids))
        self._queries[query_id] = (user_id, data)
        self._answer_marks[user_id] = len(self.callback_answers.get(user_id, []))
        self._reply_marks[chat_id] = len(self._transcripts.get(chat_id, []))
        payload = {
            "id": query_id,
            "from": {"id": user_id, "is_bot": False, "first_name": first_name},
            "message": self._message_json(sent),
            "chat_instance": str(abs(chat_id) * 31 + 7),
            "data": data,
        }
        return self._queue("callback_query", payload)

    def _queue(self, kind: str, payload: dict[str, Any]) -> int:
        """Queues an update; the HTTP layer overrides this to push to a webhook."""
        return self.updates.push(kind, payload)

    def block(self, chat_id: int, reason: str = "bot was blocked by the user") -> None:
        """Later sends to the chat get 403 ``"Forbidden: <reason>"``.

        Other reasons Telegram gives: ``"user is deactivated"``,
        ``"bot was kicked from the group chat"``. The user writing again unblocks.
        """
        record = self._chats.get(chat_id) or ChatRecord(default_chat(chat_id))
        self._chats[chat_id] = record
        record.blocked = reason

    def unblock(self, chat_id: int) -> None:
        """Undoes :meth:`block`."""
        if chat_id in self._chats:
            self._chats[chat_id].blocked = None

    def user_blocks_bot(self, user_id: int) -> int:
        """The user blocks the bot: later sends get 403 and a ``my_chat_member`` update comes."""
        self.block(user_id)
        return self._member_change(user_id, old="member", new="kicked")

    def user_unblocks_bot(self, user_id: int) -> int:
        """The user unblocks (restarts) the bot: a ``my_chat_member`` update back to member."""
        self.unblock(user_id)
        return self._member_change(user_id, old="kicked", new="member")

    def _member_change(self, user_id: int, *, old: str, new: str) -> int:
        record = self._chats.get(user_id) or ChatRecord(default_chat(user_id))
        self._chats[user_id] = record
        user = {"id": user_id, "is_bot": False, "first_name": record.chat.get("first_name", "Dân")}
        payload = {
            "chat": record.chat,
            "from": user,
            "date": int(time.time()),
            "old_chat_member": self._member(old),
            "new_chat_member": self._member(new),
        }
        return self._queue("my_chat_member", payload)

    def _member(self, status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"status": status, "user": self.bot_user}
        if status == "kicked":
            member["until_date"] = 0
        return member

    def forget_chat(self, chat_id: int) -> None:
        """Later requests for the chat get 400 "Bad Request: chat not found"."""
        record = self._chats.get(chat_id) or ChatRecord(default_chat(chat_id))
        self._chats[chat_id] = record
        record.forgotten = True

    # -- faults -----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        count: int = 1,
        chat_id: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        """Makes the next ``count`` matching requests fail without taking effect.

        Args:
            method: Bot API method name (any case), or ``"*"`` for any but ``getUpdates``.
            status: 429, 400, 403, 500, 502...
            description: Telegram's text; defaults to the usual one for the status.
            retry_after: for 429 (default 1), sent in the text and in ``parameters``.
            chat_id: only requests for this chat fail.
            migrate_to_chat_id: a 400 that python-telegram-bot raises as ``ChatMigrated``.
        """
        if status == 429:
            error = too_many_requests(retry_after or 1)
            if description:
                error.description = description
        else:
            parameters = {"migrate_to_chat_id": migrate_to_chat_id} if migrate_to_chat_id else None
            default = _MIGRATED if migrate_to_chat_id else _DEFAULT_DESCRIPTIONS.get(status, "")
            error = ApiError(status, description or default or f"Error {status}", parameters)
        self._faults.append(_Fault(method.lower(), chat_id, count, error=error))

    def stall_next(
        self, method: str, *, seconds: float, count: int = 1, chat_id: int | None = None
    ) -> None:
        """Delays the response (not the effect) of the next ``count`` matching requests.

        The message is delivered at once but the answer arrives ``seconds`` later, so a client
        with a shorter timeout sees ``TimedOut`` for a message the citizen did receive: the
        ambiguous case a sender must not turn into a duplicate.
        """
        self._faults.append(_Fault(method.lower(), chat_id, count, stall=seconds))

    def _take_fault(self, method: str, chat_id: int | None, *, stall: bool) -> _Fault | None:
        for fault in self._faults:
            if (fault.stall > 0) == stall and fault.matches(method, chat_id):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # -- reading results --------------------------------------------------------------------

    def transcript(self, chat_id: int) -> list[SentMessage]:
        """Everything the bot sent, copied, edited or deleted in the chat, in order."""
        return list(self._transcripts.get(chat_id, []))

    def answered_callbacks(self, user_id: int) -> list[AnsweredCallback]:
        """``answerCallbackQuery`` calls for the user's button presses, in order."""
        return list(self.callback_answers.get(user_id, []))

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline, not an I/O timeout
        what: str | Callable[[], str] = "the bot",
    ) -> None:
        """Waits until ``predicate()`` holds, re-checking whenever the bot does something.

        Raises:
            TimeoutError: after ``timeout`` seconds, describing ``what`` was awaited (a
                callable is asked at that moment, so it can show the state reached).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                described = what() if callable(what) else what
                raise TimeoutError(f"waited {timeout}s for {described}")
            changed = self._changed
            # Bot actions wake us at once; the short cap covers predicates on other state.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, _RECHECK_SECONDS))

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline
    ) -> list[SentMessage]:
        """Waits until the chat's transcript holds ``count`` entries; returns all of them."""
        await self.wait_until(
            lambda: len(self._transcripts.get(chat_id, [])) >= count,
            timeout=timeout,
            what=lambda: f"{count} bot messages in chat {chat_id}; got {self.transcript(chat_id)}",
        )
        return self.transcript(chat_id)

    async def wait_for_reply(
        self,
        chat_id: int,
        *,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline
    ) -> list[SentMessage]:
        """The bot's entries in the chat since the user's last message or button press.

        Waits until there are at least ``count`` of them.
        """
        mark = self._reply_marks.get(chat_id, 0)
        messages = await self.wait_for_messages(chat_id, mark + count, timeout)
        return messages[mark:]

    async def wait_for_answer(
        self,
        user_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline
    ) -> AnsweredCallback:
        """The first ``answerCallbackQuery`` since the user's last button press."""
        mark = self._answer_marks.get(user_id, 0)
        await self.wait_until(
            lambda: len(self.callback_answers.get(user_id, [])) > mark,
            timeout=timeout,
            what=f"an answerCallbackQuery for user {user_id}",
        )
        return self.callback_answers[user_id][mark]
