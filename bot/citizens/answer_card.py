"""How an FAQ answer reaches a citizen: short first, details on request.

The first message gives the answer in force on the citizen's local date (``BOT_TIMEZONE``):
the line for their own household category first, then the figure or yes/no and who to ask,
a notice of a change coming in the next weeks, and one source line ("Căn cứ: … · cập nhật
dd/mm/yyyy"). Conditions and procedure follow only when the citizen presses "Xem chi tiết"
(``ct:<intent>``). ``python -m faq show`` prints the same composition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.content import Texts
from bot.core.local_time import format_date, local_today
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn
from faq.catalog import Intent
from faq.figures import Figures
from faq.versions import Source

DETAILS_PREFIX = "ct"
SOURCE_LINE_DOCS = 2  # documents named on the source line; details list them all
CONTACTS = frozenset({"lien_he", "duong_day_nong"})
_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


@dataclass(frozen=True)
class Card:
    """What a citizen receives for one answer on one day."""

    first: str
    details: str | None
    body: str = ""  # the answer itself, filled: without notice, caution and source line


def full_source(source: Source) -> str:
    """A source with its date and article, for the details message."""
    text = source.doc + (f" ngày {format_date(source.date)}" if source.date else "")
    return text + (f", {source.article}" if source.article else "")


def source_line(
    texts: Texts, sources: Sequence[Source], local: Sequence[Source], reviewed: str
) -> str:
    """ "Căn cứ: … · cập nhật dd/mm/yyyy": the first documents and every local one.

    The full list, with dates and articles, is in the details message.
    """
    docs = [s.doc for s in sources[:SOURCE_LINE_DOCS]] + [s.doc for s in local]
    return texts.get(
        "answer_source_line",
        sources=", ".join(dict.fromkeys(docs)) or "—",
        date=format_date(reviewed),
    )


def order_by_household(lines: dict[str, str], household: str | None) -> list[str]:
    """The category lines, the citizen's own category first, the rest in file order."""
    own = [lines[household]] if household in lines else []
    return own + [line for key, line in lines.items() if key != household]


def compose(
    intent: Intent,
    texts: Texts,
    figures: Figures,
    *,
    day: dt.date,
    commune: str | None = None,
    household: str | None = None,
) -> Card:
    """The first message and the details of ``intent`` as shown on ``day``."""
    version = intent.version_on(day)
    if version is None or not version.answer.strip():
        placeholder = texts.get("faq_placeholder", commune=commune)
        return Card(placeholder, None, placeholder)
    values = figures.values_on(day)
    body = "\n".join([*order_by_household(version.by_household, household), version.answer])
    parts = [texts.fill(body, commune=commune, **values)]
    coming = intent.announcement_on(day)
    if coming is not None and coming.valid_from is not None:
        later = figures.values_on(coming.valid_from)
        parts.append("🔔 " + texts.fill(coming.announce, commune=commune, **later))
    if intent.caution and not CONTACTS & set(_PLACEHOLDER.findall(body)):
        parts.append(texts.get("faq_caution", commune=commune))  # its one contact line
    used = set(_PLACEHOLDER.findall("\n".join([body, version.details])))
    local = figures.local_sources(used, day)
    sources = [*version.sources, *local]
    if sources or version.reviewed:
        parts.append(source_line(texts, version.sources, local, version.reviewed))
    details = None
    if version.details.strip():
        listing = "\n".join(f"• {full_source(s)}" for s in sources)
        details = texts.fill(version.details, commune=commune, **values)
        if listing:
            details += "\n\n" + texts.get("answer_sources_heading") + "\n" + listing
    return Card("\n\n".join(parts), details, parts[0])


def card_for(turn: Turn, intent_id: str) -> Card:
    """The card of ``intent_id`` for this citizen (commune contact, category) today."""
    faq = turn.services.faq
    assert faq is not None
    citizen = turn.citizen
    return compose(
        faq.catalog.intents[intent_id],
        turn.services.texts,
        faq.catalog.figures,
        day=local_today(turn.services),
        commune=citizen.commune if citizen else None,
        household=citizen.household if citizen else None,
    )


def details_row(turn: Turn, intent_id: str, card: Card) -> list[list[Button]]:
    """The "Xem chi tiết" button row when the answer has details, else nothing."""
    if not card.details:
        return []
    return [[Button(turn.t("answer_details_button"), f"{DETAILS_PREFIX}:{intent_id}")]]


router = Router()


@router.action(DETAILS_PREFIX)
async def show_details(turn: Turn) -> None:
    """``ct:<intent>``: the conditions and procedure of an answer, as in force today."""
    faq = turn.services.faq
    if faq is None or len(turn.args) != 1 or turn.args[0] not in faq.catalog.intents:
        raise StaleButton(turn.incoming.payload)
    intent_id = turn.args[0]
    card = card_for(turn, intent_id)
    turn.event("faq_details", intent=intent_id, topic=faq.catalog.intents[intent_id].topic)
    turn.reply(card.details or turn.t("answer_no_details"))
