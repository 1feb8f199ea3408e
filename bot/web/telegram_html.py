"""Showing Telegram-style HTML in the console without trusting it.

Campaign texts are Telegram HTML (from the console's own marks, or from an officer's
formatted message in Telegram). Only the tags Telegram itself renders are rebuilt; anything
else is shown as text, and a link must be http(s).
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from markupsafe import Markup

ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a"}


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if not href.startswith(("http://", "https://")):
                self.open.append("")
                return
            self.out.append(f'<a href="{html.escape(href, quote=True)}" rel="noopener">')
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED and self.open:
            opened = self.open.pop()
            if opened:
                self.out.append(f"</{opened}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def clean(text_html: str) -> Markup:
    """Safe markup for a Jinja template."""
    cleaner = _Cleaner()
    cleaner.feed(text_html)
    cleaner.close()
    closing = "".join(f"</{tag}>" for tag in reversed(cleaner.open) if tag)
    return Markup("".join(cleaner.out) + closing)  # noqa: S704 — built from escaped parts
