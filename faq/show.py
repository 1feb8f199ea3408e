"""What a citizen receives on a given day, the first-message length report, stale answers.

``python -m faq show`` uses the bot's own composition (:mod:`bot.citizens.answer_card`) with the
deployment's texts, so what it prints is exactly the message the bot would send.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from pathlib import Path

from faq.catalog import Catalog, Intent
from faq.versions import Version, as_date

STALE_DAYS = 183  # an answer not reviewed for six months is due for a review


@dataclass(frozen=True)
class Lengths:
    """First-message lengths on one day across all answers."""

    day: dt.date
    lengths: dict[str, int]
    bodies: dict[str, int]  # the answer part alone (figure, yes/no, contact), filled

    @property
    def median(self) -> float:
        return statistics.median(self.lengths.values()) if self.lengths else 0.0

    @property
    def body_median(self) -> float:
        return statistics.median(self.bodies.values()) if self.bodies else 0.0

    @property
    def longest(self) -> tuple[str, int]:
        return max(self.lengths.items(), key=lambda kv: kv[1], default=("", 0))


def _texts(content_dir: Path):  # -> bot.core.content.Texts
    from bot.core.content import Deployment, Texts

    deployment = Deployment.load(content_dir / "deployment.yaml")
    return Texts.load(content_dir / "texts.yaml", deployment)


def show(
    content_dir: Path,
    intent_id: str,
    day: dt.date,
    *,
    details: bool = False,
    household: str | None = None,
    commune: str | None = None,
) -> str:
    """The first message (and with ``details`` the "Xem chi tiết" message) on ``day``.

    Raises:
        KeyError: when there is no such intent.
    """
    from bot.citizens.answer_card import compose

    catalog = Catalog.load(content_dir)
    card = compose(
        catalog.intents[intent_id],
        _texts(content_dir),
        catalog.figures,
        day=day,
        commune=commune,
        household=household,
    )
    out = card.first
    if card.details:
        out += "\n[📖 Xem chi tiết]"
        if details:
            out += "\n\n" + card.details
    return out


def key_days(catalog: Catalog, today: dt.date) -> list[dt.date]:
    """Today, and around every future switch: the day before it and the day itself."""
    days = {today}
    for intent in catalog.intents.values():
        for version in intent.versions:
            start = version.valid_from
            if start is not None and start > today:
                days |= {start - dt.timedelta(days=1), start}
    return sorted(days)


def first_message_lengths(content_dir: Path, today: dt.date) -> list[Lengths]:
    """Length of every answer's first message on each key day (kind info, with a text)."""
    from bot.citizens.answer_card import compose

    catalog = Catalog.load(content_dir)
    texts = _texts(content_dir)
    report = []
    for day in key_days(catalog, today):
        cards = {
            intent.id: compose(intent, texts, catalog.figures, day=day)
            for intent in catalog.intents.values()
            if intent.kind == "info" and intent.version_on(day) is not None
        }
        report.append(
            Lengths(
                day,
                {key: len(card.first) for key, card in cards.items()},
                {key: len(card.body) for key, card in cards.items()},
            )
        )
    return report


def stale(catalog: Catalog, today: dt.date) -> list[str]:
    """Answers due for review: reviewed over six months ago, or resting on uncertain sources."""
    lines = []
    for intent in catalog.intents.values():
        for version in _current_and_future(intent, today):
            label = _label(intent, version.valid_from)
            reviewed = as_date(version.reviewed)
            if reviewed is None or (today - reviewed).days > STALE_DAYS:
                when = f"{reviewed:%d/%m/%Y}" if reviewed else "never"
                lines.append(f"{label}: reviewed {when}, over 6 months ago")
            for source in version.sources:
                if source.uncertain:
                    lines.append(f"{label}: source marked uncertain: {source.doc}")
    return lines


def _current_and_future(intent: Intent, today: dt.date) -> list[Version]:
    return [v for v in intent.versions if v.valid_until is None or v.valid_until >= today]


def _label(intent: Intent, start: dt.date | None) -> str:
    return intent.id + (f" (from {start:%d/%m/%Y})" if start else "")
