"""Checks on what citizens type into the voice flows: length, repeats, abuse, names, phones.

Every check returns a text key (``content/texts/voice.yaml``) for a polite answer, or None.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from bot.core.router import fold
from bot.core.services import Services
from bot.core.turn import Turn

QUESTION_LIMIT = 1000  # a question to read out at a session: a few sentences
FEEDBACK_LIMIT = 2000
ANSWER_LIMIT = 3500  # staff answers: fits one Telegram message with the header
MIN_LETTERS = 6
REPEAT_WINDOW = dt.timedelta(days=1)

# Words that flag a message as abusive. Matched on whole words, accent-folded, so "dm",
# "đm" and "ĐM" all count. A flag only holds the item for a careful look: false positives
# cost a reviewer a second, so the list errs on the side of catching.
ABUSIVE_WORDS = frozenset(
    {
        "dm", "dmm", "dcm", "dkm", "vcl", "vkl", "vl", "clm", "cmm", "dit", "deo", "lon",
        "cac", "buoi", "dech", "oc cho", "do ngu", "thang ngu", "con ngu", "me may",
        "cha may", "bo may", "may ngu", "do cho", "chet tiet", "khon nan", "mat day",
    }
)  # fmt: skip

# Mobile prefixes in use since the 2018 renumbering (Viettel, VinaPhone, MobiFone,
# Vietnamobile, Gmobile, Itel, Reddi); landlines are 02x area codes with 11 digits in all.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06789]|8[1-9]|9[0-46-9])\d{7}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_PHONE_JUNK = re.compile(r"[\s.\-()]")
_NAME = re.compile(r"^[^\W\d_]+(?:[ .'\-][^\W\d_]+)*\.?$")
_WORD = re.compile(r"[^\W_]+")

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def text_problem(text: str, *, limit: int) -> str | None:
    """``voice_empty``, ``voice_too_short`` or ``voice_too_long`` — or None if usable."""
    if not text.strip():
        return "voice_empty"
    if len(text) > limit:
        return "voice_too_long"
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS or len(text.split()) < 2:
        return "voice_too_short"
    return None


def typed_text(turn: Turn, *, limit: int) -> str | None:
    """The text typed at a flow step, or None after telling the person what is wrong."""
    text = turn.incoming.text
    problem = (
        "voice_text_only"
        if turn.incoming.attachments and not text
        else text_problem(text, limit=limit)
    )
    if problem:
        turn.reply(turn.t(problem, length=len(text), limit=limit))
        return None
    return text


def comparable(text: str) -> str:
    """Accent-folded words only: two submissions are repeats when these are equal."""
    return " ".join(_WORD.findall(fold(text)))


def repeat_of(text: str, earlier: list[dict]) -> dict | None:
    """The earlier submission with the same words, if any."""
    key = comparable(text)
    return next((row for row in earlier if comparable(row["text"] or "") == key), None)


def repeat_since() -> str:
    return (dt.datetime.now(dt.UTC) - REPEAT_WINDOW).isoformat(timespec="seconds")


def is_abusive(text: str) -> bool:
    words = comparable(text).split()
    pairs = {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
    return any(w in ABUSIVE_WORDS for w in words) or bool(pairs & ABUSIVE_WORDS)


def normalise_phone(text: str) -> str | None:
    """A Vietnamese phone number as ``0xxxxxxxxx`` (mobile) or ``02xxxxxxxxx`` (landline).

    Accepts spaces, dots, dashes, brackets and the ``+84``/``84`` country code.
    """
    digits = _PHONE_JUNK.sub("", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        return None
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    return None


def clean_name(text: str) -> str | None:
    """A person's name (letters, spaces, dots, hyphens; 2–60 characters), tidied, or None."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= 60 or not _NAME.match(name):
        return None
    return name


def local_now(services: Services) -> dt.datetime:
    """Now as naive wall-clock time in the deployment's time zone (sessions are stored so)."""
    zone = ZoneInfo(services.settings.timezone)
    return dt.datetime.now(zone).replace(tzinfo=None)


def local_stamp(services: Services, iso_utc: str) -> str:
    """A stored UTC time as local ``dd/mm/yyyy HH:MM``."""
    try:
        when = dt.datetime.fromisoformat(iso_utc)
    except (TypeError, ValueError):
        return str(iso_utc)
    return f"{when.astimezone(ZoneInfo(services.settings.timezone)):%d/%m/%Y %H:%M}"


def format_when(when: dt.datetime) -> str:
    """``Thứ Sáu, 20/06/2025 lúc 08:00``."""
    return f"{WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y} lúc {when:%H:%M}"


_WHEN = re.compile(
    r"^(\d{1,2})[/\-.](\d{1,2})(?:[/\-.](\d{2,4}))?\s*(?:lúc\s*)?(\d{1,2})\s*"
    r"(?:(?:giờ|[:hg])\s*(\d{2})?)?\s*(?:phút)?\s*(sáng|trưa|chiều|tối)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")


def parse_when(text: str, now: dt.datetime) -> dt.datetime | None:
    """Read a date and time as officers write them.

    ``20/6/2025 8:00``, ``20/06 14h30``, ``20-6-2025 8h``, ``5/12 lúc 2 giờ chiều``,
    ``2025-06-20 08:00``. A missing year means the next such date from ``now``.
    """
    text = " ".join(text.lower().replace(",", " ").split())
    iso = _ISO.match(text)
    if iso:
        year, month, day, hour, minute = (int(g) for g in iso.groups())
    else:
        match = _WHEN.match(text)
        if not match:
            return None
        day, month, hour = int(match[1]), int(match[2]), int(match[4])
        minute = int(match[5] or 0)
        if match[6] in ("chiều", "tối") and hour < 12:
            hour += 12
        year = int(match[3]) if match[3] else now.year
        if match[3] and year < 100:
            year += 2000
    if iso is None and not match[3]:  # type: ignore[index]
        return _next_date(month, day, hour, minute, now)
    try:
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _next_date(
    month: int, day: int, hour: int, minute: int, now: dt.datetime
) -> dt.datetime | None:
    """The first such date and time from ``now`` on (29/2 waits for a leap year)."""
    for year in range(now.year, now.year + 9):
        try:
            when = dt.datetime(year, month, day, hour, minute)
        except ValueError:
            if year == now.year and not (1 <= month <= 12 and 1 <= day <= 29):
                return None  # no year has it: 31/4, 35/1, 25h
            continue
        if when >= now:
            return when
    return None


def guess_topic(services: Services, text: str) -> tuple[str | None, str | None]:
    """(topic id, intent id) the FAQ matcher sees in ``text``; (None, None) when unsure."""
    faq = services.faq
    if faq is None:
        return None, None
    match = faq.match(text)
    if match.outcome == "none" or not match.suggestions:
        return None, None
    intent = faq.catalog.intents[match.suggestions[0]]
    # The assistant's own intents (greetings, how to stop) are not a policy topic.
    return (None, intent.id) if intent.topic == "bot" else (intent.topic, intent.id)


def topic_title(services: Services, topic: str | None) -> str:
    """The FAQ menu title of ``topic``, or the "other" label."""
    faq = services.faq
    found = next((t for t in faq.catalog.topics if t.id == topic), None) if faq else None
    return found.title if found else services.texts.get("voice_topic_other")
