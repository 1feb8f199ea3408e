"""Telegram's formatting rules, strict enough to reject what Telegram rejects.

HTML, MarkdownV2 and legacy Markdown are parsed into plain text plus entities (offsets in UTF-16
code units, as the Bot API counts them). Errors carry Telegram's wording and UTF-8 byte
offsets, because that is how formatting bugs reach a bot: ``Bad Request: can't parse
entities: ...``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.fakes.telegram_state import ApiError, bad_request

Entity = dict[str, Any]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_TAG_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
}
_TEXT_BUTTONS = (
    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _cant_parse(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


class _Builder:
    """Accumulates plain text and entity spans while a parser walks the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0  # UTF-16 offset of the end of the text so far
        self.entities: list[Entity] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def close(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:  # Telegram drops empty entities
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), sorted(self.entities, key=lambda e: e["offset"])


def _html_tag(source: str, i: int) -> tuple[str, dict[str, str], int]:
    """Reads a start tag at ``source[i] == '<'``; returns name, attributes, index past '>'."""
    name = _TAG_NAME.match(source, i + 1)
    assert name is not None  # the pattern also matches the empty string
    tag = name.group().lower()
    if tag not in _HTML_TAGS:
        raise _cant_parse(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, i)}')
    attrs: dict[str, str] = {}
    j = name.end()
    while j < len(source) and source[j] != ">":
        attr = _ATTR.match(source, j)
        if attr is None or attr.end() == j:
            break
        value = next((g for g in attr.groups()[1:] if g is not None), "")
        attrs[attr.group(1).lower()] = html.unescape(value)
        j = attr.end()
    j = source.find(">", j)
    if j < 0:
        raise _cant_parse(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        offset = _byte_offset(source, i)
        raise _cant_parse(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    return tag, attrs, j + 1


def parse_html(source: str) -> tuple[str, list[Entity]]:
    """Parses Telegram HTML into plain text and entities."""
    out = _Builder()
    stack: list[tuple[str, dict[str, str], int]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            entity = _HTML_ENTITY.match(source, i)
            # Telegram keeps a stray "&" literally rather than failing.
            out.add(html.unescape(entity.group()) if entity else "&")
            i = entity.end() if entity else i + 1
        elif char == "<" and source.startswith("</", i):
            end = source.find(">", i)
            if end < 0:
                raise _cant_parse(f"Unclosed end tag at byte offset {_byte_offset(source, i)}")
            tag = source[i + 2 : end].strip().lower()
            if not stack:
                raise _cant_parse(f"Unexpected end tag at byte offset {_byte_offset(source, i)}")
            if tag != stack[-1][0]:
                raise _cant_parse(
                    f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                    f'expected "</{stack[-1][0]}>", found "</{tag}>"'
                )
            tag, attrs, start = stack.pop()
            extra: dict[str, Any] = {}
            if tag == "a":
                extra["url"] = attrs.get("href", "")
            elif tag == "pre" and "language" in attrs:
                extra["language"] = attrs["language"]
            elif tag == "tg-emoji":
                extra["custom_emoji_id"] = attrs.get("emoji-id", "")
            kind = _HTML_TAGS[tag]
            if tag == "blockquote" and "expandable" in attrs:
                kind = "expandable_blockquote"
            out.close(kind, start, **extra)
            i = end + 1
        elif char == "<":
            tag, attrs, i = _html_tag(source, i)
            stack.append((tag, attrs, out.pos))
        else:
            out.add(char)
            i += 1
    if stack:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _mdv2_link_url(source: str, i: int) -> tuple[str, int]:
    """Reads ``(url)`` right after a link's closing bracket; returns url and index past it."""
    if not source.startswith("(", i):
        return "", i  # "[text]" without a URL: Telegram keeps the text, no link
    url: list[str] = []
    j = i + 1
    while j < len(source) and source[j] != ")":
        if source[j] == "\\" and j + 1 < len(source):
            j += 1
        url.append(source[j])
        j += 1
    if j >= len(source):
        raise _cant_parse(f"Can't find end of a URL at byte offset {_byte_offset(source, i)}")
    return "".join(url), j + 1


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    """Parses MarkdownV2 into plain text and entities."""
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # (entity type, text offset, source index)
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            out.add(source[i + 1])
            i += 2
            continue
        if char == "`":
            fence = "```" if source.startswith("```", i) else "`"
            end = source.find(fence, i + len(fence))
            if end < 0:
                name = "Pre" if fence == "```" else "Code"
                raise _cant_parse(
                    f"Can't find end of {name} entity at byte offset {_byte_offset(source, i)}"
                )
            body = source[i + len(fence) : end]
            language = ""
            if fence == "```" and "\n" in body:
                language, _, body = body.partition("\n")
            start = out.pos
            out.add(re.sub(r"\\([`\\])", r"\1", body))
            extra = {"language": language.strip()} if language.strip() else {}
            out.close("pre" if fence == "```" else "code", start, **extra)
            i = end + len(fence)
            continue
        marker = source[i : i + 2] if source[i : i + 2] in ("__", "||") else char
        kind = _MDV2_MARKERS.get(marker)
        if kind is not None:
            if stack and stack[-1][0] == kind:
                out.close(kind, stack.pop()[1])
            else:
                stack.append((kind, out.pos, i))
            i += len(marker)
        elif char == "[":
            stack.append(("text_link", out.pos, i))
            i += 1
        elif char == "]" and stack and stack[-1][0] == "text_link":
            url, i = _mdv2_link_url(source, i + 1)
            _, start, _ = stack.pop()
            if url:
                out.close("text_link", start, url=url)
        elif char == ">" and (i == 0 or source[i - 1] == "\n"):
            i += 1  # blockquote line marker
        elif char in _MDV2_RESERVED:
            raise _cant_parse(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            out.add(char)
            i += 1
    if stack:
        kind, _, index = stack[-1]
        raise _cant_parse(
            f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset "
            f"{_byte_offset(source, index)}"
        )
    return out.result()


def parse_markdown(source: str) -> tuple[str, list[Entity]]:
    """Parses legacy Markdown: ``*bold*``, ``_italic_``, `` `code` ``, ``[text](url)``."""
    out = _Builder()
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "_*`[":
            out.add(source[i + 1])
            i += 2
        elif char in "*_`[":
            close = {"*": "*", "_": "_", "`": "`", "[": "]"}[char]
            end = source.find(close, i + 1)
            if end < 0:
                raise _cant_parse(
                    f"Can't find end of the entity starting at byte offset "
                    f"{_byte_offset(source, i)}"
                )
            start = out.pos
            out.add(source[i + 1 : end])
            i = end + 1
            if char == "[":
                url, i = _mdv2_link_url(source, i)
                if url:
                    out.close("text_link", start, url=url)
            else:
                out.close({"*": "bold", "_": "italic", "`": "code"}[char], start)
        else:
            out.add(char)
            i += 1
    return out.result()


def parse_formatted(source: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities for ``source`` under ``parse_mode``; trims like Telegram.

    Raises:
        ApiError: 400 ``can't parse entities`` or ``unsupported parse_mode``.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        text, entities = parse_html(source)
    elif mode == "markdownv2":
        text, entities = parse_markdown_v2(source)
    elif mode == "markdown":
        text, entities = parse_markdown(source)
    elif not mode:
        text, entities = source, []
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode}")
    # Telegram trims surrounding whitespace and shifts entities with the text.
    stripped = text.strip()
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, limit)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def command_entities(text: str) -> list[Entity]:
    """``bot_command`` entities for every ``/command`` in a user's text, as Telegram sets."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validates a decoded ``reply_markup``; returns it, or ``None`` when absent.

    Raises:
        ApiError: 400 for malformed keyboards, ``BUTTON_DATA_INVALID`` for callback data
            outside 1–64 bytes (bytes, not characters: Vietnamese letters take 2–3 bytes).
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboard, ReplyKeyboardRemove or ForceReply
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request(_TEXT_BUTTONS)
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            if len(button) == 1:
                raise bad_request(_TEXT_BUTTONS)
    return markup
