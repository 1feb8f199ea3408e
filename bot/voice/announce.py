"""Telling citizens about a session: a new one (subscribers of the commune), a cancelled one
(the citizens who sent it questions).

A new session becomes a broadcast campaign (the broadcast service paces, retries, adds the
stop line and reports). A cancellation goes to a handful of askers through the hub, one after
the other in a background task; the channel's send limiter paces it like any pushed message,
so there is no second pacing here.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from bot.broadcasts import actions, compose
from bot.core.messages import DeliveryStatus, Outgoing
from bot.core.services import Services
from bot.core.stops import recipient_stopped
from bot.store import Citizen, Repositories
from bot.store.campaigns import Segment
from bot.store.voice import DialogueSession
from bot.voice.answers import push, record_audit
from bot.voice.dialogue_sessions import describe_session

log = logging.getLogger(__name__)


async def campaign_for(
    services: Services, session: DialogueSession, text: str, *, actor: str
) -> int:
    """Create a broadcast campaign to the commune's subscribers now; its id."""
    campaign = await actions.create(
        services.store,
        compose.Draft(compose.escape(text)),
        segment=Segment(communes=(session.commune,)),
        created_by=actor,
        now=services.clock(),
        tz=ZoneInfo(services.settings.timezone),
    )
    if services.scheduler is not None:  # the running broadcast service, through the core port
        services.scheduler.request_sync()
    return campaign.id


async def announce_session(services: Services, session: DialogueSession, *, actor: str) -> int:
    """Announce a new session as a broadcast campaign; returns the campaign's id."""
    store = services.store
    text = services.texts.get(
        "ph_announcement", commune=session.commune, session=describe_session(services, session)
    )

    def mark_announced(r: Repositories) -> int:
        count = r.voice.count_subscribers(session.commune)
        r.voice.sessions.mark_announced(session, count)
        return count

    count = await store.write(mark_announced)
    campaign = await campaign_for(services, session, text, actor=actor)
    detail = f"session #{session.id} to {count} subscribers (campaign #{campaign})"
    await store.write(lambda r: record_audit(r, actor, "session announce", detail))
    return campaign


async def announce_cancellation(services: Services, session: DialogueSession, *, actor: str) -> int:
    """Tell each citizen with an open question for ``session`` that it is cancelled."""
    askers = await services.store.read(lambda r: r.voice.askers(session.id))
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
        services.tasks.create(tell(services, messages, session=session))
    return len(messages)


async def tell(
    services: Services, messages: list[tuple[Citizen, Outgoing]], *, session: DialogueSession
) -> None:
    """Push each message in turn (the channel's limiter paces them); stop who blocked us."""
    try:
        for citizen, message in messages:
            delivery = await push(services, citizen.channel_id, message)
            if delivery.status == DeliveryStatus.STOPPED:
                await recipient_stopped(services.store, citizen.channel_id)
    except Exception:  # a background job has nobody to raise to: log it
        log.exception("telling askers of session %s failed", session.id)
