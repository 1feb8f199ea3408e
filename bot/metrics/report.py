"""Computing a whole report: run the aggregate queries once, then build every section.

The report is computed from the ``events`` table (no message text); the dialogue-session
table, the campaign titles and the staff-question texts are read where the report needs
them and may be missing (then that table says "Chưa có dữ liệu").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.clock import system_now
from bot.core.content import Deployment
from bot.core.messages import nfc
from bot.metrics import delivery, faq_usage, people_query, queries, reach, summary, voice
from bot.metrics.context import CatalogInfo, Context, Cube
from bot.metrics.model import Report
from bot.metrics.period import Period
from bot.metrics.queries import Area

if TYPE_CHECKING:
    import sqlite3

TITLE = "BÁO CÁO KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG GIẢM NGHÈO"


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
    conn: sqlite3.Connection,
    *,
    period: Period,
    area: Area,
    deployment: Deployment,
    catalog: CatalogInfo,
    now: dt.datetime | None = None,
) -> Report:
    """Compute the report for ``period`` and ``area`` from the database behind ``conn``."""
    now = now or system_now()
    local_now = now.astimezone(ZoneInfo(period.tz))
    ctx = Context(
        period=period,
        area=area,
        deployment=deployment,
        catalog=catalog,
        now=now,
        cube=Cube(queries.segment_counts(conn, period, area)),
    )
    report = Report(
        authority=deployment.authority,
        title=TITLE,
        period_label=period.label,
        area_label=ctx.area_label(),
        generated_at=f"{local_now:%H:%M ngày %d/%m/%Y}",
        demo=queries.demo_note(conn) is not None,
    )
    buckets = period.buckets()
    people = people_query.people(conn, period, area, [end for _, _, end in buckets])
    reach_section = reach.build(ctx, report, people, [label for label, _, _ in buckets])
    campaigns = queries.campaigns(conn, period, area)
    titles = queries.campaign_titles(conn, [row[0] for row in campaigns])
    delivery_section = delivery.build(ctx, report, campaigns, titles)
    faq_section = faq_usage.build(
        ctx,
        report,
        queries.intent_counts(conn, period, area),
        queries.missed_texts(conn, period, area),
    )
    communes = [c.id for c in ctx.communes()] if area.commune or area.village else None
    sessions = queries.sessions(conn, period, communes, f"{local_now:%Y-%m-%dT%H:%M}")
    dialogue_section = voice.build_dialogue(
        ctx, report, sessions, queries.answers(conn, period, area)
    )
    feedback_section = voice.build_feedback(ctx, report)
    anonymous = queries.anonymous_counts(conn, period, area)
    report.sections = [
        summary.build(report, anonymous),
        reach_section,
        delivery_section,
        faq_section,
        dialogue_section,
        feedback_section,
    ]
    return report
