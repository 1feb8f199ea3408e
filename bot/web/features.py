"""The console's one doorway into the features: the same services the Telegram commands use.

Pages call only these coroutines. They are async although most of the store is synchronous
today, so that when the store moves onto its own thread only this module changes, not every
page. Nothing here renders HTML; values come back as plain data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core import voice_input as check
from bot.core.services import Services
from bot.metrics.command import render as render_report
from bot.metrics.period import local_today as metrics_today
from bot.metrics.period import preset
from bot.metrics.report import resolve_area
from bot.staff import announce, answers, clustering, export, proposals
from bot.staff.queue_view import merge_targets, similar_pending
from bot.store import Repositories
from bot.store.campaigns import Campaign, Segment
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueFilter
from broadcasts import actions, compose, report, segments
from broadcasts.service import poke
from broadcasts.timing import Recurrence, utc_now

QUEUE_PAGE = 25
GROUP_POOL = 2000
REJECT_REASONS = ("spam", "abuse", "off_topic", "other")
OPEN = ("pending",)


class Refused(Exception):
    """An action the item's state no longer allows (someone else handled it meanwhile)."""


# -- the dashboard ---------------------------------------------------------------------------
@dataclass
class Overview:
    pending: int
    campaigns: list[Campaign]
    reached_month: int
    questions_month: int
    days: list[tuple[str, int]] = field(default_factory=list)  # (dd/mm, people reached)


REACH_FRESH_SECONDS = 300.0  # reach figures a few minutes old are fine for a dashboard


async def overview(services: Services, *, memo: dict | None = None) -> Overview:
    """Live queue and campaign figures; reach (distinct people over a million events, a
    few hundred milliseconds) is kept in ``memo`` for ``REACH_FRESH_SECONDS``."""
    store = services.store
    tz = ZoneInfo(services.settings.timezone)
    today = dt.datetime.now(tz).date()
    month_start = dt.datetime(today.year, today.month, 1, tzinfo=tz).astimezone(dt.UTC)
    since = today - dt.timedelta(days=29)
    start = dt.datetime(since.year, since.month, since.day, tzinfo=tz).astimezone(dt.UTC)
    key = (month_start, start)
    if memo is not None and key in memo and time.monotonic() - memo[key][0] < REACH_FRESH_SECONDS:
        reached, asked, days = memo[key][1]
    else:
        offset = dt.datetime.now(tz).utcoffset().total_seconds() / 3600  # type: ignore[union-attr]
        reached, asked, days = await store.read(
            lambda r: r.web.reach_overview(
                month_start=month_start.isoformat(timespec="seconds"),
                days_start=start.isoformat(timespec="seconds"),
                offset_hours=offset,
            )
        )
        if memo is not None:
            memo.clear()
            memo[key] = (time.monotonic(), (reached, asked, days))
    by_day = dict(days)
    series = []
    for n in range(30):
        day = since + dt.timedelta(days=n)
        series.append((f"{day:%d/%m}", by_day.get(day.isoformat(), 0)))
    return Overview(
        pending=store.voice.queue.count(QueueFilter()),
        campaigns=store.campaigns.recent(statuses=("scheduled", "sending", "paused"), limit=10),
        reached_month=reached,
        questions_month=asked,
        days=series,
    )


# -- the review queue ------------------------------------------------------------------------
async def queue_page(services: Services, f: QueueFilter, page: int) -> tuple[list[dict], int]:
    """One page of the queue, read on the database thread (the loop keeps serving)."""
    offset = max(0, page - 1) * QUEUE_PAGE

    def read(r: Repositories) -> tuple[list[dict], int]:
        queue = r.voice.queue
        return queue.listing(f, limit=QUEUE_PAGE, offset=offset), queue.count(f)

    return await services.store.read(read)


@dataclass
class GroupOfQuestions:
    size: int
    centre: dict
    members: list[dict]


async def queue_groups(services: Services, f: QueueFilter) -> tuple[list[GroupOfQuestions], int]:
    """Similar pending questions grouped ("12 người hỏi về…"), biggest first (about a second
    for a full pool: :mod:`bot.web.grouping` keeps it off the requests)."""
    rows = [r for r in services.store.voice.queue.listing(f, limit=GROUP_POOL) if not r["flag"]]
    found = await asyncio.to_thread(
        clustering.cluster, [r["text"] for r in rows], terms=clustering.terms_for(services)
    )
    groups = [
        GroupOfQuestions(g.size, rows[g.centre], [rows[i] for i in g.members])
        for g in found
        if g.size > 1
    ]
    return groups, len(rows)


@dataclass
class QuestionCard:
    question: dict
    history: list[dict]
    contact: tuple[str, str] | None
    session: DialogueSession | None
    similar: list[dict]
    targets: list[dict]
    merged: list[dict]


async def question_card(services: Services, question_id: int) -> QuestionCard | None:
    store = services.store
    queue = store.voice.queue
    question = queue.get(question_id)
    if question is None:
        return None
    pending = question["status"] == "pending"
    session = store.voice.sessions.get(question["session_id"]) if question["session_id"] else None
    return QuestionCard(
        question=question,
        history=queue.answers(question_id),
        contact=queue.contact(question_id),
        session=session,
        similar=similar_pending(services, question)[:20] if pending else [],
        targets=merge_targets(services, question) if pending else [],
        merged=queue.children(question_id),
    )


def _open_question(services: Services, question_id: int) -> dict:
    question = services.store.voice.queue.get(question_id)
    if question is None or question["status"] not in OPEN:
        raise Refused(question["status"] if question else "missing")
    return question


async def recipients_of_answer(services: Services, question_id: int) -> int:
    question = _open_question(services, question_id)
    return len(answers.group_of(services, question))


def answer_message(services: Services, question: dict, text: str) -> str:
    """The exact message the citizen receives (the preview shows it)."""
    return services.texts.get(
        "voice_answer", commune=question["commune"], ref=question["ref"], answer=text
    )


async def answer_question(
    services: Services, question_id: int, text: str, *, actor: str
) -> answers.AnswerReport:
    """Record, deliver to the citizen (and those merged in) and audit — like /cauhoi."""
    question = _open_question(services, question_id)
    return await answers.answer(services, question, text, actor=actor)


async def answered_at_session(
    services: Services, question_id: int, *, actor: str
) -> answers.AnswerReport:
    question = _open_question(services, question_id)
    return await answers.answered_at_session(services, question, actor=actor)


async def merge_question(
    services: Services, question_id: int, target_ref: str, *, actor: str
) -> answers.AnswerReport:
    queue = services.store.voice.queue
    question = _open_question(services, question_id)
    target = queue.by_ref(target_ref)
    if target is None:
        raise Refused("missing")
    root = queue.root(target)
    if root["id"] == question["id"] or root["status"] in ("rejected", "withdrawn"):
        raise Refused(root["status"])
    return await answers.merge(services, question, target, actor=actor)


async def reject_question(
    services: Services, question_id: int, reason: str, *, actor: str, role: str
) -> int:
    """Reject with a reason; questions merged into it go back to the queue (their count)."""
    if reason not in REJECT_REASONS:
        raise Refused("reason")
    question = _open_question(services, question_id)
    queue = services.store.voice.queue
    queue.set_status(question["id"], "rejected", by=actor, reject_reason=reason)
    returned = queue.unmerge_children(question["id"])
    services.store.audit.record(
        actor, "question reject", role=role, allowed=True, detail=f"{question['ref']} {reason}"
    )
    return returned


async def propose_question(
    services: Services, question_id: int, wording: str, *, actor: str, role: str
) -> Path:
    queue = services.store.voice.queue
    question = queue.get(question_id)
    if question is None or question["status"] == "withdrawn":
        raise Refused("missing")
    last = queue.last_answer(question_id)
    similar = len(similar_pending(services, question)) if question["status"] == "pending" else 0
    path = proposals.append(
        services.settings,
        question,
        wording or question["text"],
        by=actor,
        answer=last["text"] if last and last["text"] else None,
        similar=similar,
    )
    queue.mark_proposed(question_id)
    services.store.audit.record(
        actor, "question propose faq", role=role, allowed=True, detail=question["ref"]
    )
    return path


async def queue_export(services: Services, f: QueueFilter, fmt: str) -> bytes:
    selection = export.Selection(
        session_id=f.session_id,
        commune=f.commune,
        kinds=(f.kind,) if f.kind else ("dialogue", "faq_miss"),
    )
    # The exports read the store, whose connection belongs to this thread.
    if fmt == "csv":
        return export.questions_csv(services, selection).encode("utf-8-sig")
    return export.questions_xlsx(services, selection)


# -- dialogue sessions -----------------------------------------------------------------------
async def sessions_list(services: Services) -> list[tuple[DialogueSession, dict[str, int]]]:
    store = services.store.voice
    counts = store.queue.counts_by_session()
    return [(s, counts.get(s.id, {})) for s in store.sessions.all()]


async def session(services: Services, session_id: int) -> DialogueSession | None:
    return services.store.voice.sessions.get(session_id)


def session_problem(services: Services, when: dt.datetime | None, place: str, topics: str) -> str:
    """What is wrong with a session's details, in Vietnamese; "" when they are fine."""
    if when is None:
        return "Hãy chọn ngày và giờ của buổi đối thoại."
    if when <= check.local_now(services):
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
    created = services.store.voice.sessions.create(commune, when, place, topics, by=actor)
    services.store.audit.record(
        actor, "session create", role=role, allowed=True,
        detail=f"#{created.id} {commune} {when.isoformat(timespec='minutes')}",
    )  # fmt: skip
    return created


def _open_session(services: Services, session_id: int) -> DialogueSession:
    found = services.store.voice.sessions.get(session_id)
    if found is None or not found.is_open(check.local_now(services)):
        raise Refused("session")
    return found


async def edit_session(
    services: Services, session_id: int, *, actor: str, role: str, **fields: object
) -> DialogueSession:
    found = _open_session(services, session_id)
    updated = services.store.voice.sessions.update(found, **fields)
    services.store.audit.record(
        actor, "session edit", role=role, allowed=True, detail=f"#{session_id} {' '.join(fields)}"
    )
    return updated


async def cancel_session(services: Services, session_id: int, *, actor: str, role: str) -> int:
    """Cancel; citizens with an open question for it are told (how many)."""
    found = _open_session(services, session_id)
    cancelled = services.store.voice.sessions.cancel(found, by=actor)
    services.store.audit.record(
        actor, "session cancel", role=role, allowed=True, detail=f"#{session_id}"
    )
    return announce.announce_cancellation(services, cancelled, actor=actor)


async def commune_audience(services: Services, commune: str) -> int:
    """How many people an announcement for ``commune`` reaches (its campaign's segment)."""
    return services.store.campaigns.count_recipients(Segment(communes=(commune,)))


async def announce_session(services: Services, session_id: int, *, actor: str) -> tuple[str, int]:
    """Tell the commune's subscribers, as /phien does: (how it goes out, how many)."""
    found = _open_session(services, session_id)
    how = await announce.announce_session(services, found, actor=actor)
    return how, await commune_audience(services, found.commune)


@dataclass
class SheetGroup:
    label: str
    rows: list[dict]
    contacts: dict[int, tuple[str, str]]


async def session_sheet(services: Services, session_id: int) -> list[SheetGroup]:
    """The questions of a session grouped by topic, similar wording together, with the
    call-back contacts citizens chose to give for this question."""
    selection = export.Selection(session_id=session_id, kinds=("dialogue",), contacts=True)
    rows = export.collect(services, selection)
    groups = export.grouped(services, rows, by="topic")
    ids = [r["id"] for r in rows]
    contacts = await services.store.read(lambda r: r.web.contacts(ids))
    return [
        SheetGroup(
            group.label,
            group.rows,
            {r["id"]: contacts[r["id"]] for r in group.rows if r["id"] in contacts},
        )
        for group in groups
    ]


async def session_sheet_xlsx(services: Services, session_id: int) -> bytes:
    selection = export.Selection(session_id=session_id, kinds=("dialogue",), contacts=True)
    return export.questions_xlsx(services, selection)


# -- campaigns -------------------------------------------------------------------------------
@dataclass
class CampaignLine:
    campaign: Campaign
    progress: report.Progress
    status_label: str


async def campaigns(services: Services, *, limit: int = 50) -> list[CampaignLine]:
    store = services.store.campaigns
    return [
        CampaignLine(
            c, report.progress(services, store.latest_run(c.id)), report.status_label(services, c)
        )
        for c in store.recent(limit=limit)
    ]


async def campaign(services: Services, campaign_id: int) -> CampaignLine | None:
    found = services.store.campaigns.get(campaign_id)
    if found is None:
        return None
    run = services.store.campaigns.latest_run(campaign_id)
    return CampaignLine(found, report.progress(services, run), report.status_label(services, found))


def segment_choices(services: Services) -> dict[str, list[tuple[str, str]]]:
    return {name: segments.choices(services, name) for name in ("communes", "households", "topics")}


async def audience(services: Services, segment: Segment) -> dict[str, object]:
    """Live counts for the segment builder: per channel, and Zalo followers out of window."""
    per_channel = services.store.web.recipients_by_channel(*segment.where())
    return {
        "total": sum(per_channel.values()),
        "channels": per_channel,
        "outside_window": segments.outside_window(services, segment, utc_now()),
    }


def campaign_preview(services: Services, draft: compose.Draft) -> tuple[str, str, int]:
    """(Telegram HTML, Zalo text, characters over the limit) of the message as citizens see it."""
    footer = services.texts.get("bc_footer")
    message = compose.outgoing(draft, footer)
    return message.text, compose.plain(message.text), draft.overflow(footer)


async def create_campaign(
    services: Services,
    draft: compose.Draft,
    *,
    segment: Segment,
    at: dt.datetime | None,
    recurrence: Recurrence | None,
    actor: str,
    role: str,
) -> Campaign:
    """Store the campaign and wake the scheduler — the same path as /guitin's confirm."""
    tz = ZoneInfo(services.settings.timezone)
    created = actions.create(
        services.store, draft, segment=segment, created_by=actor, now=utc_now(), at=at,
        recurrence=recurrence, tz=tz,
    )  # fmt: skip
    services.store.audit.record(
        actor, "campaign create", role=role, allowed=True, detail=f"#{created.id}"
    )
    poke(services)
    return created


async def change_campaign(
    services: Services, campaign_id: int, what: str, *, actor: str, role: str
) -> Campaign:
    tz = ZoneInfo(services.settings.timezone)
    now = utc_now()
    try:
        if what == "pause":
            changed = actions.pause(services.store, campaign_id, now=now)
        elif what == "resume":
            changed = actions.resume(services.store, campaign_id, now=now, tz=tz)
        elif what == "cancel":
            changed = actions.cancel(services.store, campaign_id, now=now)
        else:
            raise Refused(what)
    except actions.ActionRefused as error:
        raise Refused(str(error)) from error
    services.store.audit.record(
        actor, f"campaign {what}", role=role, allowed=True, detail=f"#{campaign_id}"
    )
    poke(services)
    return changed


async def deliveries_xlsx(services: Services, campaign_id: int) -> bytes | None:
    """Every recipient of the latest run with their delivery status (not only failures)."""
    from bot.web.workbooks import deliveries_workbook

    run = services.store.campaigns.latest_run(campaign_id)
    if run is None:
        return None
    rows = services.store.web.deliveries(run.id)
    return await asyncio.to_thread(deliveries_workbook, services, campaign_id, rows)


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
    card: object  # bot.core.answer_card.Card: exactly what a citizen receives that day
    version: object | None  # the version in force, with its sources and review date


async def intents(services: Services, day: dt.date) -> list[tuple[object, list[IntentView]]]:
    """Every intent by topic with its answer as of ``day`` (the bot's own composition)."""
    from bot.core.answer_card import compose

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
    from bot.core.answer_card import local_today as answers_today

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


# -- staff -----------------------------------------------------------------------------------
async def staff_members(services: Services) -> list:
    return services.store.staff.list()


async def set_role(services: Services, channel_id: str, role: str, *, actor: str, by_role: str):
    services.store.staff.add(channel_id, role, added_by=actor)
    services.store.audit.record(
        actor, "staff add", role=by_role, allowed=True, detail=f"{channel_id} {role}"
    )


async def remove_staff(services: Services, channel_id: str, *, actor: str, by_role: str) -> bool:
    removed = services.store.staff.remove(channel_id)
    if removed:
        services.store.web.end_sessions_of(channel_id)
        services.store.audit.record(
            actor, "staff remove", role=by_role, allowed=True, detail=channel_id
        )
    return removed


async def audit_page(services: Services, *, actor: str, action: str, page: int, size: int = 50):
    return services.store.web.audit_page(
        actor=actor, action=action, limit=size, offset=max(0, page - 1) * size
    )


def local_time(services: Services, iso_utc: str | None) -> str:
    return check.local_stamp(services, iso_utc) if iso_utc else ""
