"""Telling citizens about a session: a new one (subscribers of the commune), a cancelled one
(the citizens who sent it questions).

A new session becomes a broadcast campaign when the ``broadcasts`` package is installed (its
service paces, retries, adds the stop line and reports); :func:`campaign_for` is the only
place that knows that package. Without it, and for cancellations, messages go out through the
hub in a paced background loop and the officer gets a summary when it is done.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from bot.core.dialogue_sessions import describe_session
from bot.core.messages import DeliveryStatus, Outgoing
from bot.core.services import Services
from bot.core.stops import recipient_stopped
from bot.staff.answers import push
from bot.store import Citizen
from bot.store.voice import DialogueSession

log = logging.getLogger(__name__)

PACE_SECONDS = 0.05  # 20 messages a second: under Telegram's ~30/s, leaves room for replies


def campaign_for(
    services: Services, session: DialogueSession, text: str, *, actor: str
) -> int | None:
    """Create a broadcast campaign to the commune's subscribers now; None without broadcasts."""
    try:
        from bot.store.campaigns import Segment
        from broadcasts import actions, compose
        from broadcasts.service import poke
    except ImportError:
        return None
    campaign = actions.create(
        services.store,
        compose.Draft(compose.escape(text)),
        segment=Segment(communes=(session.commune,)),
        created_by=actor,
        now=services.clock(),
        tz=ZoneInfo(services.settings.timezone),
    )
    poke(services)
    return campaign.id


async def announce_session(services: Services, session: DialogueSession, *, actor: str) -> str:
    """Announce a new session; returns ``campaign`` or ``direct`` (how it goes out)."""
    store = services.store
    text = services.texts.get(
        "ph_announcement", commune=session.commune, session=describe_session(services, session)
    )
    recipients = store.voice.subscribers(session.commune)
    store.voice.sessions.mark_announced(session, len(recipients))
    campaign = campaign_for(services, session, text, actor=actor)
    detail = f"session #{session.id} to {len(recipients)} subscribers"
    if campaign is not None:
        store.audit.record(actor, "session announce", role=_role(services, actor), allowed=True,
                           detail=f"{detail} (campaign #{campaign})")  # fmt: skip
        return "campaign"
    store.audit.record(actor, "session announce", role=_role(services, actor), allowed=True,
                       detail=f"{detail} (direct)")  # fmt: skip
    messages = [(c, Outgoing(text)) for c in recipients]
    services.tasks.create(
        push_all(services, messages, report_to=actor, session=session, event=True)
    )
    return "direct"


def announce_cancellation(services: Services, session: DialogueSession, *, actor: str) -> int:
    """Tell each citizen with an open question for ``session`` that it is cancelled."""
    askers = services.store.voice.askers(session.id)
    messages = [
        (
            citizen,
            Outgoing(
                services.texts.get(
                    "ph_cancel_notice",
                    commune=session.commune,
                    session=describe_session(services, session),
                    ref=ref,
                )
            ),
        )
        for citizen, ref in askers
    ]
    if messages:
        services.tasks.create(
            push_all(services, messages, report_to=None, session=session, event=False)
        )
    return len(messages)


async def push_all(
    services: Services,
    messages: Iterable[tuple[Citizen, Outgoing]],
    *,
    report_to: str | None,
    session: DialogueSession,
    event: bool,
) -> dict[str, int]:
    """Send one by one at ``PACE_SECONDS``; count outcomes; tell ``report_to`` when done."""
    counts: dict[str, int] = {}
    try:
        for citizen, message in messages:
            delivery = await push(services, citizen.channel_id, message)
            counts[str(delivery.status)] = counts.get(str(delivery.status), 0) + 1
            if delivery.status == DeliveryStatus.STOPPED:
                await recipient_stopped(services.store, citizen.channel_id)
            if event:
                services.store.events.record(
                    "session_announced",
                    channel=citizen.channel_id.split(":", 1)[0],
                    citizen=citizen,
                    outcome=str(delivery.status),
                    value=str(session.id),
                )
            await asyncio.sleep(PACE_SECONDS)
    except Exception:  # a background job has nobody to raise to: log, then report
        log.exception("announcing session %s failed", session.id)
    if report_to is not None and ":" in report_to:  # a person, not the CLI
        summary = services.texts.get(
            "ph_announce_done",
            id=session.id,
            sent=counts.get("sent", 0),
            total=sum(counts.values()),
        )
        await push(services, report_to, Outgoing(summary))
    return counts


def _role(services: Services, actor: str) -> str | None:
    return "admin" if actor == "cli" else services.store.staff.role_of(actor)
