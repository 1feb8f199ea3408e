"""How an ``Outgoing`` message looks on Zalo: plain text, template buttons or numbered choices.

Zalo delivers a tap on an ``oa.query.hide`` button as an ordinary text message carrying the
button's payload, so a person could type what a button carries. Payloads are therefore sent
with a marker (``#p ``) and a short signature that binds the payload to the person it was
sent to (``PayloadSigner``): only a payload this bot issued to that person counts as a tap;
anything else, however it looks, is typed text.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from bot.channels.text_split import split_text
from bot.core.messages import Outgoing

TEXT_LIMIT = 2000
MAX_BUTTONS = 5
PAYLOAD_MARKER = "#p "
BUTTON_TYPE = "oa.query.hide"  # the tap is not shown as a message from the person


SIGNATURE_BYTES = 9  # 72 bits, 12 characters: forging one by guessing is hopeless


class PayloadSigner:
    """Signs button payloads for one person and recognises only those on the way back.

    Args:
        secret: A deployment secret (the OA secret key); the signing key is derived from it
            so that a signature reveals nothing usable against the webhook check.
    """

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a secret is required to sign Zalo button payloads")
        self._key = hashlib.sha256(
            b"giamngheo-bot zalo button payloads\0" + secret.encode()
        ).digest()

    def encode(self, user: str, payload: str) -> str:
        """What the button carries: marker, payload, signature for ``user``."""
        return f"{PAYLOAD_MARKER}{payload} {self._signature(user, payload)}"

    def decode(self, user: str, text: str) -> str | None:
        """The payload of a tap this bot issued to ``user``, or None for anything typed."""
        if not text.startswith(PAYLOAD_MARKER):
            return None
        payload, _, signature = text[len(PAYLOAD_MARKER) :].strip().rpartition(" ")
        if not payload or not hmac.compare_digest(signature, self._signature(user, payload)):
            return None
        return payload

    def _signature(self, user: str, payload: str) -> str:
        message = f"{user}\0{payload}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()[:SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(digest).decode()


class _PlainText(HTMLParser):
    """Telegram-style HTML to plain text; a link keeps its address after the words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self.parts.append(f" ({self._href})")
            self._href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Strip Telegram-style HTML tags; Zalo shows consultation text as it is."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@dataclass
class Rendered:
    """The ``message`` objects to send in order, and what numbers mean afterwards.

    ``numbered`` holds the payloads behind the numbers 1..n when the buttons became
    numbered choices; it is empty when they went as template buttons or there were none.
    """

    messages: list[dict[str, Any]] = field(default_factory=list)
    numbered: list[str] = field(default_factory=list)


def render(
    message: Outgoing,
    *,
    encode_payload: Callable[[str], str],
    number_hint: str,
    file_note: str = "",
) -> Rendered:
    """Turn ``message`` into Zalo consultation messages.

    Args:
        message: What the core wants to say.
        encode_payload: What a button carries for a payload (signed for the recipient).
        number_hint: The line after numbered choices that tells people to reply with a number.
        file_note: A note said instead of a document or photo the channel cannot send.
    """
    text = plain_text(message.text) if message.html else message.text
    if file_note:
        text = f"{text}\n\n{file_note}" if text else file_note
    buttons = message.flat_buttons()
    rendered = Rendered()
    if len(buttons) > MAX_BUTTONS:
        lines = "\n".join(f"{n}. {b.unnumbered}" for n, b in enumerate(buttons, start=1))
        text = f"{text}\n\n{lines}\n{number_hint}"
        rendered.numbered = [b.payload for b in buttons]
        buttons = []
    parts = split_text(text, TEXT_LIMIT)
    for index, part in enumerate(parts):
        body: dict[str, Any] = {"text": part}
        if buttons and index == len(parts) - 1:
            body["attachment"] = {
                "type": "template",
                "payload": {
                    "buttons": [
                        {
                            "title": b.label,
                            "type": BUTTON_TYPE,
                            "payload": encode_payload(b.payload),
                        }
                        for b in buttons
                    ]
                },
            }
        rendered.messages.append(body)
    return rendered
