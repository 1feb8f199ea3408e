"""Bot API methods over in-memory chats: what Telegram does with each request.

:class:`BotMethods` holds the server-side state (chats, messages, files, commands, webhook,
queued updates) and implements one method per Bot API call on decoded :class:`Params`. It
knows nothing of HTTP; :class:`bot.fakes.telegram_api.FakeBotAPI` puts it behind a socket.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from bot.fakes.telegram_flood import FloodControl
from bot.fakes.telegram_markup import check_reply_markup, parse_formatted
from bot.fakes.telegram_params import Params
from bot.fakes.telegram_state import (
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
from bot.fakes.telegram_updates import UpdateQueue

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"BM")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_OLD_QUERY = "query is too old and response timeout expired or query ID is invalid"
# Methods that create a message: counted as sends and subject to flood control.
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "copyMessage")


def default_chat(chat_id: int) -> dict[str, Any]:
    """The ``Chat`` object of a chat the fake has not seen a user write from."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
    kind = "supergroup" if chat_id < -1_000_000_000_000 else "group"
    return {"id": chat_id, "type": kind, "title": f"Group {chat_id}"}


class BotMethods:
    """The Bot API's behaviour over in-memory state; one method per API call.

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

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Commands set with the default scope and no language (what most users see)."""
        return self.all_commands.get(("default", ""), [])

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

    def _store_file(self, data: bytes | None, name: str, size: int | None = None) -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"FAKEFILE{number:08d}",
            file_unique_id=f"U{number:08d}",
            file_path=f"documents/file_{number}_{name}",
            size=len(data) if data is not None else size or 0,
            data=data,
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
                return self._store_file(None, value.rsplit("/", 1)[-1] or "file"), None
            raise bad_request("wrong file identifier/HTTP URL specified")
        if not value.data:
            raise bad_request("file must be non-empty")
        kept = value.data if self.keep_payloads else None
        return self._store_file(kept, value.filename, len(value.data)), value

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
        content = (sent.text, sent.document_name, sent.source_message_id, sent.file_id)
        self._record(record, sent, content)
        return sent

    # -- sending ----------------------------------------------------------------------------

    def send_message(self, p: Params) -> dict[str, Any]:
        """``sendMessage``: text ≤ 4096 characters after parsing, optional inline keyboard."""
        raw, plain, entities = self._formatted(p, "text", caption=False)
        sent = self._deliver(p, "sendMessage", text=plain, raw_text=raw, entities=entities)
        return self._message_json(sent)

    def send_photo(self, p: Params) -> dict[str, Any]:
        """``sendPhoto``: an upload (must look like an image), a known file_id or a URL."""
        raw, plain, entities = self._formatted(p, "caption", caption=True)
        stored, upload = self._media(p, "photo")
        if upload is not None and not upload.data.startswith(_IMAGE_MAGIC):
            raise bad_request("IMAGE_PROCESS_FAILED")
        sent = self._deliver(
            p, "sendPhoto", text=plain, raw_text=raw, entities=entities, file_id=stored.file_id,
            photo_bytes=stored.data,
        )  # fmt: skip
        return self._message_json(sent)

    def send_document(self, p: Params) -> dict[str, Any]:
        """``sendDocument``: records the file name and (with keep_payloads) the bytes."""
        raw, plain, entities = self._formatted(p, "caption", caption=True)
        stored, upload = self._media(p, "document")
        name = upload.filename if upload else stored.file_path.rsplit("_", 1)[-1]
        sent = self._deliver(
            p, "sendDocument", text=plain, raw_text=raw, entities=entities,
            file_id=stored.file_id, document_name=name, document_bytes=stored.data,
        )  # fmt: skip
        return self._message_json(sent)

    def copy_message(self, p: Params) -> dict[str, Any]:
        """``copyMessage``: re-sends a message (a user's or the bot's) without a forward link."""
        from_chat = self._chat_id(p, "from_chat_id")
        message_id = p.integer("message_id") or 0
        bot_source = self._bot_messages.get((from_chat, message_id))
        user_source = self._user_messages.get((from_chat, message_id))
        if bot_source is None and user_source is None:
            raise bad_request("message to copy not found")
        fields: dict[str, Any] = {"source_chat_id": from_chat, "source_message_id": message_id}
        if bot_source is not None:
            fields |= {
                "text": bot_source.text, "entities": bot_source.entities,
                "file_id": bot_source.file_id, "document_name": bot_source.document_name,
                "document_bytes": bot_source.document_bytes,
                "photo_bytes": bot_source.photo_bytes,
            }  # fmt: skip
        elif user_source is not None:
            fields |= _user_message_fields(user_source)
            stored = self._files.get(fields.get("file_id") or "")
            if stored is not None:
                key = "document_bytes" if "document_name" in fields else "photo_bytes"
                fields[key] = stored.data if self.keep_payloads else None
        if "caption" in p:
            _raw, fields["text"], fields["entities"] = self._formatted(p, "caption", caption=True)
        sent = self._deliver(p, "copyMessage", **fields)
        return {"message_id": sent.message_id}

    def send_chat_action(self, p: Params) -> bool:
        """``sendChatAction``: recorded in :attr:`chat_actions`, not in the transcript."""
        action = p.text("action") or ""
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat_id = self._chat_id(p)
        self._reachable(chat_id)
        self.chat_actions.setdefault(chat_id, []).append(action)
        return True

    # -- editing ----------------------------------------------------------------------------

    def _own_message(self, p: Params, verb: str) -> SentMessage:
        if "inline_message_id" in p:
            raise bad_request("MESSAGE_ID_INVALID")
        chat_id = self._chat_id(p)
        self._reachable(chat_id)
        message_id = p.integer("message_id") or 0
        sent = self._bot_messages.get((chat_id, message_id))
        if sent is None:
            if (chat_id, message_id) in self._user_messages and verb == "edit":
                raise bad_request("message can't be edited")
            raise bad_request(f"message to {verb} not found")
        return sent

    def _edited(self, current: SentMessage, method: str, **changes: Any) -> dict[str, Any]:
        new = replace(
            current,
            method=method,
            edited_message_id=current.message_id,
            time=time.time(),
            **changes,
        )
        if (new.text, new.entities, new.reply_markup) == (
            current.text,
            current.entities,
            current.reply_markup,
        ):
            raise bad_request(_NOT_MODIFIED)
        self._transcripts.setdefault(new.chat_id, []).append(new)
        self._bot_messages[(new.chat_id, new.message_id)] = new
        self._notify()
        return self._message_json(new)

    def edit_message_text(self, p: Params) -> dict[str, Any]:
        """``editMessageText``; an omitted ``reply_markup`` removes the inline keyboard."""
        current = self._own_message(p, "edit")
        raw, plain, entities = self._formatted(p, "text", caption=False)
        if current.file_id is not None:
            raise bad_request("there is no text in the message to edit")
        markup = check_reply_markup(p.json("reply_markup"))
        return self._edited(
            current, "editMessageText", text=plain, raw_text=raw, entities=entities,
            parse_mode=p.text("parse_mode"), reply_markup=markup,
        )  # fmt: skip

    def edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        """``editMessageReplyMarkup``: replaces or (when omitted) removes the keyboard."""
        current = self._own_message(p, "edit")
        markup = check_reply_markup(p.json("reply_markup"))
        return self._edited(current, "editMessageReplyMarkup", reply_markup=markup)

    def delete_message(self, p: Params) -> bool:
        """``deleteMessage``: the deletion is recorded in the transcript."""
        sent = self._own_message(p, "delete")
        del self._bot_messages[(sent.chat_id, sent.message_id)]
        gone = SentMessage(message_id=sent.message_id, chat_id=sent.chat_id, method="deleteMessage")
        self._transcripts.setdefault(sent.chat_id, []).append(gone)
        self._notify()
        return True

    def answer_callback_query(self, p: Params) -> bool:
        """``answerCallbackQuery``: each query can be answered once."""
        query_id = p.text("callback_query_id") or ""
        if query_id not in self._queries:
            raise bad_request(_OLD_QUERY)
        user_id, data = self._queries.pop(query_id)
        answer = AnsweredCallback(
            query_id=query_id,
            user_id=user_id,
            data=data,
            text=p.text("text"),
            show_alert=p.flag("show_alert"),
            url=p.text("url"),
        )
        self.callback_answers.setdefault(user_id, []).append(answer)
        self._notify()
        return True

    # -- bot and chat information ----------------------------------------------------------

    def get_me(self, p: Params) -> dict[str, Any]:
        """``getMe``."""
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def get_chat(self, p: Params) -> dict[str, Any]:
        """``getChat``: a minimal ``ChatFullInfo``."""
        chat_id = self._chat_id(p)
        record = self._chats.get(chat_id)
        if record is None or record.forgotten:
            if record is None and self.unknown_chats_exist:
                return self._full_info(default_chat(chat_id))
            raise bad_request(CHAT_NOT_FOUND)
        return self._full_info(record.chat)

    @staticmethod
    def _full_info(chat: dict[str, Any]) -> dict[str, Any]:
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), True
        )
        return chat | {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def get_file(self, p: Params) -> dict[str, Any]:
        """``getFile``: a path the bot can download from ``base_file_url``."""
        stored = self._files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    # -- commands ---------------------------------------------------------------------------

    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        scope = p.json("scope") or {"type": "default"}
        key = "default" if scope == {"type": "default"} else json.dumps(scope, sort_keys=True)
        return key, p.text("language_code") or ""

    def set_my_commands(self, p: Params) -> bool:
        """``setMyCommands``: validated like Telegram (names ``[a-z0-9_]{1,32}``)."""
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if commands else "commands not specified")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.all_commands[self._commands_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def get_my_commands(self, p: Params) -> list[dict[str, Any]]:
        """``getMyCommands``."""
        return self.all_commands.get(self._commands_key(p), [])

    def delete_my_commands(self, p: Params) -> bool:
        """``deleteMyCommands``."""
        self.all_commands.pop(self._commands_key(p), None)
        return True

    # -- webhook ----------------------------------------------------------------------------

    def set_webhook(self, p: Params) -> bool:
        """``setWebhook``; plain http is accepted only for loopback hosts (tests)."""
        url = p.text("url") or ""
        if not url:
            return self.delete_webhook(p)
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
        ):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.text("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = p.json("allowed_updates")
        if allowed is not None:
            self.updates.allowed_updates = list(allowed)
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": self.updates.allowed_updates,
            "max_connections": p.integer("max_connections", 40),
            "last_error_date": None,
            "last_error_message": None,
        }
        return True

    def delete_webhook(self, p: Params) -> bool:
        """``deleteWebhook``."""
        self.webhook = None
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        return True

    def get_webhook_info(self, p: Params) -> dict[str, Any]:
        """``getWebhookInfo``."""
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook is not None:
            info["url"] = self.webhook["url"]
            info["max_connections"] = self.webhook["max_connections"]
            info["allowed_updates"] = self.webhook["allowed_updates"] or []
            for key in ("last_error_date", "last_error_message"):
                if self.webhook[key] is not None:
                    info[key] = self.webhook[key]
        return info

    def log_out(self, p: Params) -> bool:
        """``logOut``: accepted and counted; the fake keeps serving."""
        return True

    def close(self, p: Params) -> bool:
        """``close``: accepted and counted; the fake keeps serving."""
        return True


def _user_message_fields(message: dict[str, Any]) -> dict[str, Any]:
    """What ``copyMessage`` takes from a user's message."""
    fields: dict[str, Any] = {
        "text": message.get("text", message.get("caption")),
        "entities": message.get("entities", message.get("caption_entities", [])),
    }
    if "document" in message:
        fields["file_id"] = message["document"]["file_id"]
        fields["document_name"] = message["document"].get("file_name", "file")
    elif "photo" in message:
        fields["file_id"] = message["photo"][-1]["file_id"]
    return fields
