"""How an ``Outgoing`` message looks on Zalo: plain text, template buttons or numbered choices.

Zalo delivers a tap on an ``oa.query.hide`` button as an ordinary text message carrying the
button's payload. Payloads are therefore sent with a marker (``#p ``) that a person does not
type, so the channel tells a tap from typed text without remembering what it sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from bot.channels.text_split import split_text
from bot.core.messages import Outgoing

TEXT_LIMIT = 2000
MAX_BUTTONS = 5
PAYLOAD_MARKER = "#p "
BUTTON_TYPE = "oa.query.hide"  # the tap is not shown as a message from the person


def encode_payload(payload: str) -> str:
    return PAYLOAD_MARKER + payload


def decode_payload(text: str) -> str | None:
    """The core payload a tap carried, or None when ``text`` was typed."""
    if text.startswith(PAYLOAD_MARKER):
        return text[len(PAYLOAD_MARKER) :].strip()
    return None


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


def render(message: Outgoing, *, number_hint: str, file_note: str = "") -> Rendered:
    """Turn ``message`` into Zalo consultation messages.

    Args:
        message: What the core wants to say.
        number_hint: The line after numbered choices that tells people to reply with a number.
        file_note: A note said instead of a document or photo the channel cannot send.
    """
    text = plain_text(message.text) if message.html else message.text
    if file_note:
        text = f"{text}\n\n{file_note}" if text else file_note
    buttons = message.flat_buttons()
    rendered = Rendered()
    if len(buttons) > MAX_BUTTONS:
        lines = "\n".join(f"{n}. {b.label}" for n, b in enumerate(buttons, start=1))
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
