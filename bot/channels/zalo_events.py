"""Zalo webhook events: checking their signature and reading what a person did.

See shared/ZALO.md: ``X-ZEvent-Signature: mac=<hex>`` where hex is the plain SHA-256 of
``app_id + raw body + timestamp + OA secret key``, computed over the bytes as received.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from bot.channels.zalo_shapes import shared_contact_of
from bot.core.messages import Attachment

SIGNATURE_HEADER = "X-ZEvent-Signature"

# Media a person can send; the engine answers them as on Telegram (or takes them in a step).
MEDIA_EVENTS = {
    "user_send_image": "photo",
    "user_send_gif": "photo",
    "user_send_file": "document",
    "user_send_sticker": "sticker",
    "user_send_audio": "voice",
    "user_send_video": "video",
    "user_send_location": "location",
    "user_send_business_card": "contact",
    "user_send_link": "other",
}
HANDLED = frozenset({"user_send_text", "follow", "unfollow", "user_submit_info", *MEDIA_EVENTS})


def expected_signature(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    data = app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()
    return hashlib.sha256(data).hexdigest()


def signature_ok(header: str | None, *, app_id: str, body: bytes, timestamp: str, key: str) -> bool:
    """Whether the ``X-ZEvent-Signature`` header matches the body (constant-time compare)."""
    if not header or not timestamp:
        return False
    given = header.strip().removeprefix("mac=").strip().lower()
    return hmac.compare_digest(given, expected_signature(app_id, body, timestamp, key))


@dataclass(frozen=True)
class ZaloEvent:
    """One webhook event, reduced to what the channel needs.

    Attributes:
        name: Zalo's ``event_name``.
        user_id: The person's id for this OA (sender or follower), if the event has one.
        key: Identifies the event across Zalo's retried deliveries (``msg_id`` when given).
        text: The text (or a tap's payload) for ``user_send_text``; a caption for media.
        attachments: What kind of media was sent.
        contact: (name, phone) shared through the contact form (``user_submit_info``).
        sent_ms: Zalo's ``timestamp`` (milliseconds since 1970; 0 when unreadable): the
            person's order of events, kept by the replicas' shared inbox.
    """

    name: str
    user_id: str | None
    key: str
    text: str = ""
    attachments: tuple[Attachment, ...] = ()
    contact: tuple[str, str] | None = None
    sent_ms: int = 0

    @property
    def handled(self) -> bool:
        return self.name in HANDLED and self.user_id is not None


def _id(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("id") not in (None, ""):
        return str(value["id"])
    return None


def parse_event(data: dict[str, Any]) -> ZaloEvent:
    """Read a decoded webhook body."""
    name = str(data.get("event_name") or "")
    raw = data.get("message")
    message: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if name in ("follow", "unfollow"):
        user_id = _id(data.get("follower"))
    else:
        user_id = _id(data.get("sender")) if name.startswith("user_") else None
    msg_id = message.get("msg_id")
    key = str(msg_id) if msg_id else f"{name}:{user_id}:{data.get('timestamp')}"
    text = message.get("text")
    attachments: tuple[Attachment, ...] = ()
    if name in MEDIA_EVENTS:
        attachments = (Attachment(MEDIA_EVENTS[name]),)
    return ZaloEvent(
        name=name,
        user_id=user_id,
        key=key,
        text=text if isinstance(text, str) else "",
        attachments=attachments,
        contact=shared_contact_of(data) if name == "user_submit_info" else None,
        sent_ms=_milliseconds(data.get("timestamp")),
    )


def _milliseconds(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
