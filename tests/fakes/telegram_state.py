"""Records kept by the fake Telegram Bot API: errors, sent messages, files and counters.

Everything here is plain data. The HTTP server (:mod:`tests.fakes.telegram_api`) and the Bot API
method implementations (:mod:`tests.fakes.telegram_methods`) fill these records; tests read them.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """A Bot API failure, rendered exactly as Telegram renders it.

    Args:
        status: HTTP status and ``error_code`` (400, 403, 404, 409, 429, 5xx).
        description: Telegram's description, e.g. ``"Bad Request: chat not found"``.
        parameters: Optional ``ResponseParameters`` (``retry_after``, ``migrate_to_chat_id``).
    """

    def __init__(self, status: int, description: str, parameters: dict[str, int] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(what: str) -> ApiError:
    """A 400 error; ``what`` is the text after ``"Bad Request: "``."""
    return ApiError(400, f"Bad Request: {what}")


def too_many_requests(retry_after: int) -> ApiError:
    """A 429 error carrying ``retry_after`` both in the text and in ``parameters``."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


CHAT_NOT_FOUND = "chat not found"


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


@dataclass(slots=True)
class StoredFile:
    """A file the fake knows by ``file_id`` (sent by a user or uploaded by the bot)."""

    file_id: str
    file_unique_id: str
    name: str
    file_path: str
    size: int
    data: bytes | None = None
    digest: int = 0  # hash of the content, kept even when the bytes are not


@dataclass(slots=True)
class SentMessage:
    """One thing the bot did in a chat: a message sent, copied, edited or deleted.

    ``text`` is what the citizen reads: the text or caption after HTML/Markdown parsing, with
    whitespace trimmed as Telegram trims it. ``raw_text`` is what the bot posted.
    ``document_bytes`` and ``photo_bytes`` are kept only when the fake was built with
    ``keep_payloads=True``.
    """

    message_id: int
    chat_id: int
    method: str
    text: str | None = None
    raw_text: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document_name: str | None = None
    document_bytes: bytes | None = None
    photo_bytes: bytes | None = None
    file_id: str | None = None
    edited_message_id: int | None = None
    source_chat_id: int | None = None
    source_message_id: int | None = None
    time: float = field(default_factory=time.time)

    @property
    def is_edit(self) -> bool:
        """True for ``editMessage*`` entries."""
        return self.edited_message_id is not None

    @property
    def button_rows(self) -> list[list[dict[str, Any]]]:
        """The inline keyboard rows, or ``[]`` when the message has none."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or []
        return [list(row) for row in rows]

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Inline buttons, flattened, as ``(label, callback_data or url)``."""
        return [
            (str(b.get("text", "")), str(b.get("callback_data", b.get("url", ""))))
            for row in self.button_rows
            for b in row
        ]


@dataclass(frozen=True, slots=True)
class AnsweredCallback:
    """An ``answerCallbackQuery`` call, as the pressing user experiences it."""

    query_id: str
    user_id: int
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None
    time: float = field(default_factory=time.time)


@dataclass(slots=True)
class ChatRecord:
    """What the fake remembers about one chat."""

    chat: dict[str, Any]
    next_message_id: int = 1
    blocked: str | None = None
    forgotten: bool = False
    last_user_message_id: int | None = None
    content_hashes: set[int] = field(default_factory=set)

    def new_message_id(self) -> int:
        """Message ids are per chat and shared by both sides, as in a private chat."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class FakeStats:
    """Counters a test or a benchmark reads after a run.

    Attributes:
        requests: requests received, per Bot API method (canonical name).
        sends_per_chat: messages delivered, per chat.
        total_sends: messages delivered (sendMessage, sendPhoto, sendDocument, copyMessage).
        duplicates_per_chat: deliveries whose content the chat had already received.
        rate_limited: 429 responses returned (flood control and injected).
        rate_limited_per_chat: 429 responses per chat.
        ignored_retry_after: 429s for requests sent while an earlier ``retry_after`` for the
            same bucket was still running, i.e. the sender did not wait as told.
        errors: error responses per HTTP status.
        first_send_at / last_send_at: wall-clock times bounding the deliveries.
    """

    requests: Counter[str] = field(default_factory=Counter)
    sends_per_chat: Counter[int] = field(default_factory=Counter)
    total_sends: int = 0
    duplicates_per_chat: Counter[int] = field(default_factory=Counter)
    rate_limited: int = 0
    rate_limited_per_chat: Counter[int] = field(default_factory=Counter)
    ignored_retry_after: int = 0
    errors: Counter[int] = field(default_factory=Counter)
    first_send_at: float | None = None
    last_send_at: float | None = None

    @property
    def duplicates(self) -> int:
        """Total repeated deliveries over all chats."""
        return sum(self.duplicates_per_chat.values())

    def sends_per_second(self) -> float:
        """Average delivery rate between the first and the last delivery."""
        if self.first_send_at is None or self.last_send_at is None:
            return 0.0
        span = self.last_send_at - self.first_send_at
        return self.total_sends / span if span > 0 else float(self.total_sends)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready digest (per-chat counters reduced to totals and maxima)."""
        return {
            "requests": dict(self.requests),
            "total_sends": self.total_sends,
            "chats_reached": len(self.sends_per_chat),
            "max_sends_one_chat": max(self.sends_per_chat.values(), default=0),
            "duplicates": self.duplicates,
            "chats_with_duplicates": len(self.duplicates_per_chat),
            "rate_limited": self.rate_limited,
            "ignored_retry_after": self.ignored_retry_after,
            "errors": {str(k): v for k, v in self.errors.items()},
            "sends_per_second": round(self.sends_per_second(), 2),
        }
