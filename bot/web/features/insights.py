"""Báo cáo and Nội dung: the /baocao report, answers as of a date, thử hỏi."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.services import Services
from bot.metrics.command import render as render_report
from bot.metrics.period import local_today as metrics_today
from bot.metrics.period import preset
from bot.metrics.report import resolve_area
from bot.store.voice_queue import QueueFilter


# -- reports ---------------------------------------------------------------------------------
@dataclass
class ReportFiles:
    summary: str
    png: bytes
    workbook: bytes


async def metrics_report(services: Services, code: str, commune: str | None) -> ReportFiles:
    """The /baocao report (same code) for a period preset and optionally one commune."""
    tz = services.settings.timezone
    period = preset(code, metrics_today(tz), tz)
    area = resolve_area(services.deployment, commune=commune or None)
    summary, png, workbook = await render_report(services, period, area=area)
    return ReportFiles(summary, png, workbook)


# -- content ---------------------------------------------------------------------------------
@dataclass
class IntentView:
    intent: object
    card: object  # bot.citizens.answer_card.Card: exactly what a citizen receives that day
    version: object | None  # the version in force, with its sources and review date


async def intents(services: Services, day: dt.date) -> list[tuple[object, list[IntentView]]]:
    """Every intent by topic with its answer as of ``day`` (the bot's own composition)."""
    from bot.citizens.answer_card import compose

    faq = services.faq
    if faq is None:
        return []
    catalog = faq.catalog
    out: list[tuple[object, list[IntentView]]] = []
    for topic in catalog.topics:
        views = []
        for intent_id in topic.intent_ids:
            intent = catalog.intents[intent_id]
            card = compose(intent, services.texts, catalog.figures, day=day)
            views.append(IntentView(intent, card, intent.version_on(day)))
        out.append((topic, views))
    return out


def local_today(services: Services) -> dt.date:
    """Today where the citizens live, from the services' clock (as answers are dated)."""
    from bot.core.local_time import local_today as answers_today

    return answers_today(services)


@dataclass
class TryAnswer:
    outcome: str
    score: float
    candidates: list[tuple[object, float]]  # (intent, closeness)


async def try_question(services: Services, text: str) -> TryAnswer | None:
    """What the bot would answer to ``text`` and why: its top candidates and confidence."""
    faq = services.faq
    if faq is None:
        return None
    found = faq.match(text)
    ranked = faq.candidates(text)[:5]
    catalog = faq.catalog
    return TryAnswer(
        found.outcome,
        found.score,
        [(catalog.intents[faq.ids[c.index]], c.best_variant) for c in ranked],
    )


UNANSWERED = QueueFilter(kind="faq_miss")  # questions the FAQ missed, sent on to staff
