"""Computing a whole report: run the aggregate queries once, then build every section.

The report is computed from the ``events`` table (no message text); the dialogue-session
table, the campaign titles and the staff-question texts are read where the report needs
them. Every query is the store's (``bot/store/reports.py``), on SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.core.clock import system_now
from bot.core.content import Deployment
from bot.core.messages import nfc
from bot.metrics import delivery, faq_usage, reach, summary, voice
from bot.metrics.area import Area
from bot.metrics.context import CatalogInfo, Context, Cube
from bot.metrics.labels import BROADCAST_OUTCOMES, PUSHED_TYPES, REACH_IF_SENT, REACH_TYPES
from bot.metrics.model import Report
from bot.metrics.period import Period
from bot.store.reports import PeopleRules, ReportQueries

TITLE = "BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO"
PEOPLE_RULES = PeopleRules(reach=REACH_TYPES, reach_if_sent=REACH_IF_SENT, pushed=PUSHED_TYPES)
OUTCOME_TYPES = tuple(t for t, _ in BROADCAST_OUTCOMES)


def resolve_area(
    deployment: Deployment, *, commune: str | None = None, village: str | None = None
) -> Area:
    """Check a commune id or village name against the deployment.

    Raises:
        ValueError: with a Vietnamese message naming the valid choices.
    """
    if commune is not None and deployment.commune(commune) is None:
        ids = ", ".join(c.id for c in deployment.communes)
        raise ValueError(f"không có xã mã {commune!r}; các mã xã: {ids}")
    if village is not None:
        village = nfc(village.strip())
        owners = [c for c in deployment.communes if village in c.villages]
        if commune is not None:
            owners = [c for c in owners if c.id == commune]
        if not owners:
            raise ValueError(f"không có thôn/bản {village!r} trong tệp deployment.yaml")
    return Area(commune=commune, village=village)


def build_report(
    queries: ReportQueries,
    *,
    period: Period,
    area: Area,
    deployment: Deployment,
    catalog: CatalogInfo,
    now: dt.datetime | None = None,
) -> Report:
    """Compute the report for ``period`` and ``area`` with the store's report ``queries``
    (``store.read_apart(lambda queries: build_report(queries, ...))``)."""
    now = now or system_now()
    local_now = now.astimezone(ZoneInfo(period.tz))
    scope = area.scope(period)
    ctx = Context(
        period=period,
        area=area,
        deployment=deployment,
        catalog=catalog,
        now=now,
        cube=Cube(queries.segment_counts(scope)),
    )
    report = Report(
        authority=deployment.authority,
        title=TITLE,
        period_label=period.label,
        area_label=ctx.area_label(),
        generated_at=f"{local_now:%H:%M ngày %d/%m/%Y}",
        demo=queries.demo_note() is not None,
    )
    buckets = period.buckets()
    people = queries.people(scope, [end for _, _, end in buckets], PEOPLE_RULES)
    reach_section = reach.build(ctx, report, people, [label for label, _, _ in buckets])
    campaigns = queries.campaigns(scope, OUTCOME_TYPES)
    titles = queries.campaign_titles([row[0] for row in campaigns])
    delivery_section = delivery.build(ctx, report, campaigns, titles)
    faq_section = faq_usage.build(
        ctx, report, queries.intent_counts(scope), queries.missed_texts(scope)
    )
    communes = [c.id for c in ctx.communes()] if area.commune or area.village else None
    sessions = queries.sessions(period.first, period.last, communes, f"{local_now:%Y-%m-%dT%H:%M}")
    dialogue_section = voice.build_dialogue(ctx, report, sessions, queries.answers(scope))
    feedback_section = voice.build_feedback(ctx, report)
    anonymous = queries.anonymous_counts(scope)
    report.sections = [
        summary.build(report, anonymous),
        reach_section,
        delivery_section,
        faq_section,
        dialogue_section,
        feedback_section,
    ]
    return report
