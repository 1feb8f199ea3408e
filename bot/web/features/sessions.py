"""Phiên đối thoại: sessions, announcements and the printable sheet, as /phien."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.local_time import local_now
from bot.core.services import Services
from bot.store import Repositories
from bot.store.campaigns import Segment
from bot.store.voice import DialogueSession
from bot.voice import announce, export
from bot.web.features.common import Refused


# -- dialogue sessions -----------------------------------------------------------------------
async def sessions_list(services: Services) -> list[tuple[DialogueSession, dict[str, int]]]:
    def read(r: Repositories) -> list[tuple[DialogueSession, dict[str, int]]]:
        counts = r.voice.queue.counts_by_session()
        return [(s, counts.get(s.id, {})) for s in r.voice.sessions.all()]

    return await services.store.read(read)


async def session(services: Services, session_id: int) -> DialogueSession | None:
    return await services.store.read(lambda r: r.voice.sessions.get(session_id))


def session_problem(services: Services, when: dt.datetime | None, place: str, topics: str) -> str:
    """What is wrong with a session's details, in Vietnamese; "" when they are fine."""
    if when is None:
        return "Hãy chọn ngày và giờ của buổi đối thoại."
    if when <= local_now(services):
        return "Thời gian buổi đối thoại phải ở tương lai."
    if not 3 <= len(place) <= 200:
        return "Địa điểm cần từ 3 đến 200 ký tự."
    if not 3 <= len(topics) <= 300:
        return "Chủ đề cần từ 3 đến 300 ký tự."
    return ""


async def create_session(
    services: Services,
    commune: str,
    when: dt.datetime,
    place: str,
    topics: str,
    *,
    actor: str,
    role: str,
) -> DialogueSession:
    """Like /phien's save: store the session and audit it (announcing is a separate step)."""

    def create(r: Repositories) -> DialogueSession:
        created = r.voice.sessions.create(commune, when, place, topics, by=actor)
        r.audit.record(
            actor, "session create", role=role, allowed=True,
            detail=f"#{created.id} {commune} {when.isoformat(timespec='minutes')}",
        )  # fmt: skip
        return created

    return await services.store.write(create)


def _still_open(r: Repositories, session_id: int, now: dt.datetime) -> DialogueSession:
    """The session if it is still open (read in the caller's transaction), else Refused."""
    found = r.voice.sessions.get(session_id)
    if found is None or not found.is_open(now):
        raise Refused("session")
    return found


async def _open_session(services: Services, session_id: int) -> DialogueSession:
    now = local_now(services)
    return await services.store.read(lambda r: _still_open(r, session_id, now))


async def edit_session(
    services: Services, session_id: int, *, actor: str, role: str, **fields: object
) -> DialogueSession:
    now = local_now(services)

    def edit(r: Repositories) -> DialogueSession:
        found = _still_open(r, session_id, now)  # not cancelled meanwhile by someone else
        updated = r.voice.sessions.update(found, **fields)
        r.audit.record(
            actor,
            "session edit",
            role=role,
            allowed=True,
            detail=f"#{session_id} {' '.join(fields)}",
        )
        return updated

    return await services.store.write(edit)


async def cancel_session(services: Services, session_id: int, *, actor: str, role: str) -> int:
    """Cancel; citizens with an open question for it are told (how many)."""
    now = local_now(services)

    def cancel(r: Repositories) -> DialogueSession:
        found = _still_open(r, session_id, now)  # cancelled once, even if two officers click
        cancelled = r.voice.sessions.cancel(found, by=actor)
        r.audit.record(actor, "session cancel", role=role, allowed=True, detail=f"#{session_id}")
        return cancelled

    cancelled = await services.store.write(cancel)
    return await announce.announce_cancellation(services, cancelled, actor=actor)


async def commune_audience(services: Services, commune: str) -> int:
    """How many people an announcement for ``commune`` reaches (its campaign's segment)."""
    segment = Segment(communes=(commune,))
    return await services.store.read(lambda r: r.campaigns.count_recipients(segment))


async def announce_session(services: Services, session_id: int, *, actor: str) -> tuple[int, int]:
    """Tell the commune's subscribers, as /phien does: (the campaign's id, how many)."""
    found = await _open_session(services, session_id)
    campaign = await announce.announce_session(services, found, actor=actor)
    return campaign, await commune_audience(services, found.commune)


@dataclass
class SheetGroup:
    label: str
    rows: list[export.ExportRow]
    contacts: dict[int, tuple[str, str]]


async def session_sheet(services: Services, session_id: int) -> list[SheetGroup]:
    """The questions of a session grouped by topic, similar wording together, with the
    call-back contacts citizens chose to give for this question."""
    selection = export.Selection(session_id=session_id, kinds=("dialogue",), contacts=True)
    found = await export.prepare(services, selection, by="topic", what=export.QUESTIONS)
    return [
        SheetGroup(
            group.label,
            list(group.rows),
            {
                r.item.id: found.contacts[r.item.id]
                for r in group.rows
                if r.item.id in found.contacts
            },
        )
        for group in found.groups
    ]


async def session_sheet_xlsx(services: Services, session_id: int) -> bytes:
    selection = export.Selection(session_id=session_id, kinds=("dialogue",), contacts=True)
    return await export.questions_xlsx(services, selection)
