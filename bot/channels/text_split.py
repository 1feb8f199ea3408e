"""Splitting long texts for channels with a length limit, at the gentlest boundary."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters.

    Prefers paragraph breaks, then line breaks, then sentence ends, then spaces; only a word
    longer than the limit is cut.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = _last_boundary(window, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return [p for p in parts if p]


def _last_boundary(window: str, limit: int) -> int:
    floor = limit // 3  # never make a part shorter than a third of the limit
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator, floor, limit)
        if at > 0:
            return at + len(separator)
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window) if floor <= m.end() <= limit]
    if sentence_ends:
        return sentence_ends[-1]
    at = window.rfind(" ", floor, limit)
    return at + 1 if at > 0 else limit


# Telegram-style HTML: a tag, an entity (&amp; &#39;), or one character.
_HTML_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)


@dataclass(frozen=True)
class _Token:
    raw: str
    shown: str  # what the reader sees: "" for a tag
    tag: str = ""  # the tag name, for tags
    closing: bool = False


def _tokens(source: str) -> list[_Token]:
    tokens = []
    for match in _HTML_TOKEN.finditer(source):
        raw = match.group()
        if raw.startswith("<") and raw.endswith(">") and len(raw) > 2:
            closing = raw.startswith("</")
            name = raw[2 if closing else 1 : -1].strip().split(maxsplit=1)[0].lower()
            tokens.append(_Token(raw, "", name, closing))
        else:
            tokens.append(_Token(raw, html.unescape(raw) if raw.startswith("&") else raw))
    return tokens


def split_html(source: str, limit: int) -> list[str]:
    """Split Telegram-style HTML into parts whose *rendered* text is at most ``limit``.

    Telegram counts a message's length after parsing the HTML, so tags and entities do not
    count. Parts break where :func:`split_text` would break the rendered text (paragraphs,
    lines, sentences, spaces), never inside a tag or an entity; a tag open at a break is
    closed at the end of the part and opened again at the start of the next.
    """
    tokens = _tokens(source)
    shown: list[str] = []
    owner: list[int] = []  # for each rendered character, the index of its token
    for index, token in enumerate(tokens):
        shown.append(token.shown)
        owner += [index] * len(token.shown)
    rendered = "".join(shown)
    if len(rendered) <= limit:
        return [source]
    parts: list[str] = []
    for start, end in _ranges(rendered, limit):
        parts.append(_html_part(tokens, owner, start, end))
    return [p for p in parts if p]


def _ranges(rendered: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` rendered ranges of the parts, as :func:`split_text` would cut them."""
    ranges = []
    start = len(rendered) - len(rendered.lstrip())
    while start < len(rendered):
        rest = rendered[start:]
        cut = len(rest) if len(rest) <= limit else _last_boundary(rest[: limit + 1], limit)
        end = start + len(rest[:cut].rstrip())
        if end > start:
            ranges.append((start, end))
        start += cut
        start += len(rendered[start:]) - len(rendered[start:].lstrip())
    return ranges


def _html_part(tokens: list[_Token], owner: list[int], start: int, end: int) -> str:
    """The HTML showing rendered characters ``start:end``, its open tags closed and re-opened."""
    first, last = owner[start], owner[end - 1]
    stack: list[_Token] = []
    for token in tokens[:first]:
        _track(stack, token)
    out = [t.raw for t in stack]
    for token in tokens[first : last + 1]:
        _track(stack, token)
        out.append(token.raw)
    for token in tokens[last + 1 :]:  # end tags right after the last character belong here
        if not (token.tag and token.closing):
            break
        _track(stack, token)
        out.append(token.raw)
    out += [f"</{t.tag}>" for t in reversed(stack)]
    return "".join(out)


def _track(stack: list[_Token], token: _Token) -> None:
    if not token.tag:
        return
    if not token.closing:
        stack.append(token)
    elif stack and stack[-1].tag == token.tag:
        stack.pop()


def rendered(source: str) -> str:
    """The text a reader sees from Telegram-style HTML (tags dropped, entities decoded)."""
    return "".join(token.shown for token in _tokens(source))


def rendered_length(source: str) -> int:
    """How many characters Telegram counts for Telegram-style HTML."""
    return len(rendered(source))
