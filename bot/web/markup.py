"""The little formatting officers type in a campaign, turned into Telegram-style HTML.

``**đậm**`` → bold, ``__nghiêng__`` → italic, ``[chữ](https://…)`` → a link: the three
things both channels can carry (Zalo shows the text and the address). Everything else is
escaped, so no tag an officer did not mean reaches a citizen.
"""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^\s()<>\"']{1,500})\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"__(?=\S)(.+?)(?<=\S)__", re.S)


def to_html(source: str) -> str:
    """Escape the text, then turn the three marks into ``<b>``, ``<i>`` and ``<a href>``."""
    text = html.escape(source.replace("\r\n", "\n").strip(), quote=False)

    def link(match: re.Match[str]) -> str:
        href = html.escape(html.unescape(match.group(2)), quote=True)
        return f'<a href="{href}">{match.group(1)}</a>'

    text = _LINK.sub(link, text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    return _ITALIC.sub(r"<i>\1</i>", text)
