"""The chats the fake Bot API serves, and what every method needs to reach them.

:class:`ChatState` holds the server-side state (chats, messages, files, commands, webhook,
queued updates) and the checks Telegram applies before any message goes out: the chat exists,
the user has not blocked the bot, the flood limits allow it, the text parses and fits. The
methods themselves are in :mod:`tests.fakes.telegram_methods` (messages) and
:mod:`tests.fakes.telegram_settings` (bot settings); none of them knows about HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from tests.fakes.telegram_flood import FloodControl
from tests.fakes.telegram_markup import check_reply_markup, parse_formatted
from tests.fakes.telegram_params import Params
from tests.fakes.telegram_state import (
    CHAT_NOT_FOUND,
    AnsweredCallback,
    ApiError,
    ChatRecord,
    FakeStats,
    SentMessage,
    StoredFile,
    UploadedFile,
    bad_request,
    too_many_requests,
)
from tests.fakes.telegram_updates import UpdateQueue

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def default_chat(chat_id: int) -> dict[str, Any]:
    """The ``Chat`` object of a chat the fake has not seen a user write from."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
    kind = "supergroup" if chat_id < -1_000_000_000_000 else "group"
    return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}


class ChatState:
    """Server-side state and the checks shared by the Bot API methods.

    Args:
        token: the only token accepted (``<bot id>:<secret>``).
        flood: flood control to apply to sends, or ``None`` to accept any rate.
        unknown_chats_exist: when False, sending to a chat no user has written from gives
            400 "chat not found"; when True (benchmarks) every numeric chat exists.
        keep_payloads: keep uploaded document and photo bytes (turn off for big benchmarks).
    """

    def __init__(
        self,
        *,
        token: str,
        flood: FloodControl | None,
        unknown_chats_exist: bool,
        keep_payloads: bool,
    ) -> None:
        self.token = token
        bot_id = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Fake Bot",
            "username": "fake_test_bot",
        }
        self.flood = flood
        self.unknown_chats_exist = unknown_chats_exist
        self.keep_payloads = keep_payloads
        self.stats = FakeStats()
        self.updates = UpdateQueue()
        self.all_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.chat_actions: dict[int, list[str]] = {}
        self.callback_answers: dict[int, list[AnsweredCallback]] = {}
        self._chats: dict[int, ChatRecord] = {}
        self._transcripts: dict[int, list[SentMessage]] = {}
        self._bot_messages: dict[tuple[int, int], SentMessage] = {}
        self._user_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, StoredFile] = {}
        self._file_ids = itertools.count(1)
        self._queries: dict[str, tuple[int, str | None]] = {}
        self._changed = asyncio.Event()

    # -- shared helpers -------------------------------------------------------------------

    def _notify(self) -> None:
        """Wakes tests waiting for the bot to do something."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _chat_id(self, p: Params, name: str = "chat_id") -> int:
        value = p.get(name)
        if value in (None, ""):
            raise bad_request(f"{name} is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(CHAT_NOT_FOUND) from None  # "@channel" usernames are unknown here

    def _reachable(self, chat_id: int) -> ChatRecord:
        """The chat, or 400 "chat not found" / 403 for blocked or deactivated users."""
        record = self._chats.get(chat_id)
        if record is None:
            if not self.unknown_chats_exist:
                raise bad_request(CHAT_NOT_FOUND)
            record = self._chats[chat_id] = ChatRecord(default_chat(chat_id))
        if record.forgotten:
            raise bad_request(CHAT_NOT_FOUND)
        if record.blocked:
            raise ApiError(403, f"Forbidden: {record.blocked}")
        return record

    def _admit(self, chat_id: int) -> None:
        if self.flood is None:
            return
        verdict = self.flood.admit(chat_id)
        if verdict is not None:
            self.stats.ignored_retry_after += verdict.ignored_previous
            raise too_many_requests(verdict.retry_after)

    def _formatted(
        self, p: Params, field: str, *, caption: bool
    ) -> tuple[str | None, str | None, list[dict[str, Any]]]:
        """Raw text, displayed text and entities of ``text`` or ``caption``, validated."""
        raw = p.text(field)
        if not raw:
            if caption:
                return None, None, []
            raise bad_request("message text is empty")
        plain, entities = parse_formatted(raw, p.text("parse_mode"))
        explicit = p.json("caption_entities" if caption else "entities")
        if explicit and not p.text("parse_mode"):
            entities = list(explicit)
        if not plain and not caption:
            raise bad_request("message text is empty")
        limit = CAPTION_LIMIT if caption else TEXT_LIMIT
        if len(plain) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        return raw, plain, entities

    def _store_file(self, data: bytes | None, name: str, *, keep: bool = True) -> StoredFile:
        """Registers a file under a new ``file_id``; its bytes are kept only if ``keep``."""
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"FAKEFILE{number:08d}",
            file_unique_id=f"U{number:08d}",
            name=name,
            file_path=f"documents/file_{number}_{name}",
            size=len(data or b""),
            data=data if keep else None,
            digest=hash(data),
        )
        self._files[stored.file_id] = stored
        return stored

    def _media(self, p: Params, field: str) -> tuple[StoredFile, UploadedFile | None]:
        """The file a send refers to: a new upload, or a known ``file_id``."""
        value = p.file(field)
        if value is None:
            raise bad_request(f"there is no {field} in the request")
        if isinstance(value, str):
            if value in self._files:
                return self._files[value], None
            if value.startswith(("http://", "https://")):
                # Telegram would fetch the URL; the fake never leaves loopback.
                name = value.rsplit("/", 1)[-1] or "file"
                return self._store_file(value.encode(), name, keep=False), None
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not value.data:
            raise bad_request("file must be non-empty")
        return self._store_file(value.data, value.filename, keep=self.keep_payloads), value

    def _record(self, record: ChatRecord, sent: SentMessage, content: tuple[Any, ...]) -> None:
        chat_id = sent.chat_id
        self._transcripts.setdefault(chat_id, []).append(sent)
        self._bot_messages[(chat_id, sent.message_id)] = sent
        stats = self.stats
        stats.total_sends += 1
        stats.sends_per_chat[chat_id] += 1
        stats.first_send_at = stats.first_send_at or sent.time
        stats.last_send_at = sent.time
        digest = hash(content)
        if digest in record.content_hashes:
            stats.duplicates_per_chat[chat_id] += 1
        record.content_hashes.add(digest)
        self._notify()

    def _message_json(self, sent: SentMessage) -> dict[str, Any]:
        """The ``Message`` object Telegram returns for a bot message."""
        record = self._chats[sent.chat_id]
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": self.bot_user,
            "chat": record.chat,
            "date": int(sent.time),
        }
        stored = self._files.get(sent.file_id or "")
        text_key, entities_key = ("text", "entities")
        if stored is not None and sent.document_name is not None:
            message["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": sent.document_name,
                "file_size": stored.size,
            }
            text_key, entities_key = ("caption", "caption_entities")
        elif stored is not None:
            message["photo"] = [
                {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                 "width": w, "height": w * 3 // 4, "file_size": stored.size}
                for w in (90, 800)
            ]  # fmt: skip
            text_key, entities_key = ("caption", "caption_entities")
        if sent.text is not None:
            message[text_key] = sent.text
            if sent.entities:
                message[entities_key] = sent.entities
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        if sent.is_edit:
            message["edit_date"] = int(sent.time)
        return message

    def _deliver(self, p: Params, method: str, **fields: Any) -> SentMessage:
        """Flood control, reachability, then a new message in the chat's transcript."""
        chat_id = self._chat_id(p)
        markup = check_reply_markup(p.json("reply_markup"))
        self._admit(chat_id)
        record = self._reachable(chat_id)
        sent = SentMessage(
            message_id=record.new_message_id(),
            chat_id=chat_id,
            method=method,
            parse_mode=p.text("parse_mode"),
            reply_markup=markup,
            **fields,
        )
        # Same text and same file content count as a duplicate, whatever the file_id.
        stored = self._files.get(sent.file_id or "")
        content = (sent.text, sent.source_message_id, stored.digest if stored else None)
        self._record(record, sent, content)
        return sent
