"""Answering queued questions: record the answer, push it to each citizen, report who got it.

Used by the Telegram review queue and by ``python -m bot questions answer``. Answers go out
through ``services.hub`` (any channel), marked with the question's reference code; the
channel adapter splits long texts. A question merged into another gets the same answer.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bot.core.local_time import local_now
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.core.services import Services
from bot.core.stops import recipient_stopped
from bot.store import Repositories
from bot.store.voice_queue import QueueAnswer, QueueItem
from bot.voice.statuses import QuestionStatus

log = logging.getLogger(__name__)

ATTEMPTS = 3
MAX_WAIT_SECONDS = 10.0  # a longer flood pause is recorded as not delivered, not waited out

# Delivery codes stored in ``question_answers.delivery``.
DELIVERED = "sent"
UNDELIVERED = ("stopped", "failed", "transient", "deleted", "anonymous", "outside_window")


@dataclass
class AnswerReport:
    """What became of one staff action: each affected question's reference and delivery."""

    outcomes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def delivered(self) -> int:
        return sum(1 for _, code in self.outcomes if code == DELIVERED)

    @property
    def undelivered(self) -> list[tuple[str, str]]:
        return [(ref, code) for ref, code in self.outcomes if code != DELIVERED]


async def push(services: Services, user: str, message: Outgoing) -> Delivery:
    """Send through the hub, waiting out short flood pauses and retrying transient errors."""
    delivery = Delivery(DeliveryStatus.FAILED, error="not sent")
    for attempt in range(ATTEMPTS):
        delivery = await services.hub.send(user, message)
        if delivery.status == DeliveryStatus.THROTTLED:
            if delivery.retry_after > MAX_WAIT_SECONDS:
                break
            await asyncio.sleep(delivery.retry_after)
        elif delivery.status == DeliveryStatus.TRANSIENT:
            await asyncio.sleep(0.5 * 2**attempt)
        else:
            break
    return delivery


async def deliver(services: Services, question: QueueItem, text: str) -> tuple[str, str]:
    """Push ``text`` to the asker of ``question``; return (delivery code, error)."""
    store = services.store
    if question.anonymous:
        return "anonymous", ""
    citizen_id = question.citizen_id
    citizen = await store.read(lambda r: r.citizens.by_id(citizen_id)) if citizen_id else None
    if citizen is None:
        return "deleted", ""
    delivery = await push(services, citizen.channel_id, Outgoing(text))
    if delivery.status == DeliveryStatus.STOPPED:
        await recipient_stopped(store, citizen.channel_id)
    code = {DeliveryStatus.SENT: DELIVERED, DeliveryStatus.THROTTLED: "transient"}.get(
        delivery.status, str(delivery.status)
    )
    channel, ref, topic = citizen.channel_id.split(":", 1)[0], question.ref, question.topic
    store.defer(
        lambda r: r.events.record(
            "question_answered",
            channel=channel,
            citizen=citizen,
            ref=ref,
            outcome=code,
            topic=topic,
        )
    )
    return code, delivery.error


async def group_of(services: Services, question: QueueItem) -> list[QueueItem]:
    """The question and every open question merged into it."""
    return await services.store.read(lambda r: r.voice.queue.group(question))


async def settle(
    services: Services,
    item: QueueItem,
    text: str,
    *,
    how: str,
    status: QuestionStatus,
    actor: str,
    delivery: tuple[str, str],
    **fields: object,
) -> None:
    """Record the answer given to ``item`` and its new status, in one transaction."""
    question_id, (code, error) = item.id, delivery

    def record(r: Repositories) -> None:
        r.voice.queue.record_answer(
            question_id, text, how=how, by=actor, delivery=code, error=error
        )
        r.voice.queue.set_status(question_id, status, by=actor, **fields)

    await services.store.write(record)


async def answer(services: Services, question: QueueItem, text: str, *, actor: str) -> AnswerReport:
    """Answer ``question`` (and those merged into it): record, deliver, audit."""
    report = AnswerReport()
    for item in await group_of(services, question):
        message = services.texts.get(
            "voice_answer", commune=item.commune, ref=item.ref, answer=text
        )
        delivery = await deliver(services, item, message)
        how = "answer" if item.id == question.id else "merge"
        await settle(
            services,
            item,
            text,
            how=how,
            status=QuestionStatus.ANSWERED,
            actor=actor,
            delivery=delivery,
        )
        report.outcomes.append((item.ref, delivery[0]))
    await audit(services, actor, "question answer", question.ref, report)
    return report


async def answered_at_session(
    services: Services, question: QueueItem, *, actor: str
) -> AnswerReport:
    """Mark the question (and those merged into it) answered at its session; tell the askers."""
    session_id = question.session_id
    session = (
        await services.store.read(lambda r: r.voice.sessions.get(session_id))
        if session_id
        else None
    )
    date = f"{(session.starts_at if session else local_now(services)):%d/%m/%Y}"
    report = AnswerReport()
    for item in await group_of(services, question):
        message = services.texts.get(
            "voice_answered_at_session", commune=item.commune, ref=item.ref, date=date
        )
        delivery = await deliver(services, item, message)
        await settle(
            services,
            item,
            "",
            how="session",
            status=QuestionStatus.ANSWERED_AT_SESSION,
            actor=actor,
            delivery=delivery,
        )
        report.outcomes.append((item.ref, delivery[0]))
    await audit(services, actor, "question answered at session", question.ref, report)
    return report


async def merge(
    services: Services, source: QueueItem, target: QueueItem, *, actor: str
) -> AnswerReport:
    """Merge ``source`` into ``target``; if ``target`` is answered, its answer goes out now."""

    def merged_into_root(r: Repositories) -> tuple[QueueItem, QueueItem | None, QueueAnswer | None]:
        queue = r.voice.queue
        root = queue.root(target)
        queue.merge(source.id, root.id, by=actor)
        return root, queue.get(source.id), queue.last_answer(root.id)

    root, merged, last = await services.store.write(merged_into_root)
    assert merged is not None
    report = AnswerReport()
    if root.status == QuestionStatus.ANSWERED and last is not None:
        for item in await group_of(services, merged):
            message = services.texts.get(
                "voice_answer", commune=item.commune, ref=item.ref, answer=last.text
            )
            delivery = await deliver(services, item, message)
            await settle(
                services,
                item,
                last.text,
                how="merge",
                status=QuestionStatus.ANSWERED,
                actor=actor,
                delivery=delivery,
                merged_into=root.id,
            )
            report.outcomes.append((item.ref, delivery[0]))
    elif root.status == QuestionStatus.ANSWERED_AT_SESSION:
        report = await answered_at_session(services, merged, actor=actor)
    await audit(services, actor, "question merge", f"{source.ref} -> {root.ref}", report)
    return report


async def audit(
    services: Services, actor: str, action: str, detail: str, report: AnswerReport
) -> None:
    """Record the staff action and what became of each delivery in the audit log."""
    summary = f"{detail}; delivered {report.delivered}/{len(report.outcomes)}"
    if report.undelivered:
        summary += " (" + ", ".join(f"{ref} {code}" for ref, code in report.undelivered) + ")"
    await services.store.write(lambda r: record_audit(r, actor, action, summary))


def record_audit(repos: Repositories, actor: str, action: str, detail: str) -> None:
    """Audit a staff action on the database thread; ``cli`` is the server's administrator."""
    role = "admin" if actor == "cli" else repos.staff.role_of(actor)
    repos.audit.record(actor, action, role=role, allowed=True, detail=detail)
