"""Bot API methods that send, copy, edit and delete messages, and answer button presses.

Each method takes the request's decoded :class:`Params` and returns the ``result`` Telegram
would return, or raises :class:`~tests.fakes.telegram_state.ApiError` with Telegram's wording.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from tests.fakes.telegram_chats import ChatState
from tests.fakes.telegram_markup import check_reply_markup
from tests.fakes.telegram_params import Params
from tests.fakes.telegram_state import AnsweredCallback, SentMessage, bad_request

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"BM")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_OLD_QUERY = "query is too old and response timeout expired or query ID is invalid"


class MessageMethods(ChatState):
    """``sendMessage``, ``sendPhoto``, ``sendDocument``, ``copyMessage``, ``editMessage*``..."""

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
        stored, _upload = self._media(p, "document")
        sent = self._deliver(
            p, "sendDocument", text=plain, raw_text=raw, entities=entities,
            file_id=stored.file_id, document_name=stored.name, document_bytes=stored.data,
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
