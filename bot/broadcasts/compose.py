"""A campaign's message: the officer's formatted text, an optional file, the stop line.

The text is Telegram-style HTML (what the Telegram channel builds from the officer's
entities). Limits are Telegram's and count the text as the citizen reads it, after parsing:
4096 characters for a message, 1024 for the caption of a photo or document. Keeping every
campaign within one Bot API call is also what makes "one delivery row = one message" true.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.core.messages import Attachment, Outgoing
from bot.store.campaigns import Campaign

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
TITLE_LENGTH = 40
_TAG = re.compile(r"<[^>]*>")


def plain(text_html: str) -> str:
    """The text a citizen reads from Telegram-style HTML."""
    return html.unescape(_TAG.sub("", text_html))


def escape(text: str) -> str:
    """Plain text made safe to send as HTML."""
    return html.escape(text, quote=False)


def title_of(text_html: str) -> str:
    """The first line, shortened: how lists name a campaign."""
    first = next((line.strip() for line in plain(text_html).splitlines() if line.strip()), "")
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class Draft:
    """What an officer wants to send, before audience and time are chosen."""

    html: str
    photo_id: str | None = None
    document_id: str | None = None
    document_name: str | None = None

    @property
    def has_file(self) -> bool:
        return bool(self.photo_id or self.document_id)

    def limit(self) -> int:
        return CAPTION_LIMIT if self.has_file else TEXT_LIMIT

    def overflow(self, footer: str) -> int:
        """Characters over the limit once the stop line is added (0 when it fits)."""
        length = len(plain(self.html).strip()) + len(with_footer("", footer))
        return max(0, length - self.limit())

    @classmethod
    def of(cls, campaign: Campaign) -> Draft:
        return cls(campaign.text, campaign.photo_id, campaign.document_id, campaign.document_name)


def with_footer(text_html: str, footer: str) -> str:
    """Every broadcast ends with one short line on how to stop receiving them."""
    body = text_html.strip()
    return f"{body}\n\n{escape(footer)}" if body else escape(footer)


def outgoing(draft: Draft, footer: str) -> Outgoing:
    """The exact message citizens receive (and the officer previews)."""
    photo = Attachment("photo", file_id=draft.photo_id) if draft.photo_id else None
    document = (
        Attachment("document", file_id=draft.document_id, filename=draft.document_name)
        if draft.document_id and not photo
        else None
    )
    return Outgoing(with_footer(draft.html, footer), photo=photo, document=document, html=True)
