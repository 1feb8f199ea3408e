"""The one incoming and one outgoing message type every channel adapts to."""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the only form the core works with."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Attachment:
    """Something other than text a citizen sent, or a file the bot sends.

    ``kind`` is one of: photo, document, sticker, voice, audio, video, location, contact, other.
    """

    kind: str
    file_id: str | None = None
    filename: str | None = None
    data: bytes | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Button:
    """A choice offered to the user; ``payload`` comes back when it is chosen."""

    label: str
    payload: str

    @property
    def unnumbered(self) -> str:
        """The label without a leading "3. ", for channels that number choices themselves."""
        return _NUMBERED.sub("", self.label, count=1)


_NUMBERED = re.compile(r"^\d+\.\s+")


@dataclass(frozen=True)
class Incoming:
    """One message from a person, on any channel.

    Attributes:
        user: Channel-qualified id, e.g. ``telegram:123`` or ``zalo:8462``.
        text: What they typed (NFC), empty for a button press or an attachment.
        payload: The payload of the button they pressed, if any.
        attachments: Typed attachments (stickers, photos, voice...).
        chat_type: ``private`` or ``group``; the bot talks to citizens only in private.
        edited: True when this is an edit of an earlier message.
        html: The text (or caption) with its formatting as Telegram-style HTML, when the
            channel has formatting; staff flows use it to re-send an officer's message.
        contact: (name, phone) the person shared with one tap (Zalo's contact form), if any.
    """

    user: str
    text: str = ""
    payload: str | None = None
    attachments: tuple[Attachment, ...] = ()
    chat_type: str = "private"
    edited: bool = False
    html: str | None = None
    contact: tuple[str, str] | None = None

    @property
    def channel(self) -> str:
        return self.user.split(":", 1)[0]


@dataclass
class Outgoing:
    """One message to a person: plain text, optional rows of buttons, optional file.

    Text is plain unless ``html`` is set, so citizens' own characters can never break
    formatting. ``html=True`` marks text written as Telegram-style HTML by staff (a
    broadcast); channels without formatting show it as plain text. ``document`` and ``photo``
    carry a file either as bytes (``data``) or as the channel's own ``file_id``.
    ``asks_contact`` marks a question for the person's name and phone: a channel with a
    contact form (Zalo's ``request_user_info``) offers it under the text; typing still works.
    """

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    document: Attachment | None = None
    photo: Attachment | None = None
    html: bool = False
    asks_contact: bool = False

    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


class DeliveryStatus(enum.StrEnum):
    """What became of a message sent to a person, normalised across channels."""

    SENT = "sent"
    THROTTLED = "throttled"  # the platform asked us to slow down; retry after ``retry_after``
    STOPPED = "stopped"  # the person blocked the bot, left, or was deactivated: never retry
    FAILED = "failed"  # permanent failure for this message (unknown chat, bad request)
    TRANSIENT = "transient"  # network or server error: retry with backoff
    OUTSIDE_WINDOW = "outside_window"  # the platform allows no free message to this person now


@dataclass(frozen=True)
class Delivery:
    """The outcome of one send attempt."""

    status: DeliveryStatus
    retry_after: float = 0.0
    error: str = ""
    message_id: str | None = None
