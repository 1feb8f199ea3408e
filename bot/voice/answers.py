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
from bot.store.voice_queue import QueueItem
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
    citizen = store.citizens.by_id(question.citizen_id) if question.citizen_id else None
    if citizen is None:
        return "deleted", ""
    delivery = await push(services, citizen.channel_id, Outgoing(text))
    if delivery.status == DeliveryStatus.STOPPED:
        await recipient_stopped(store, citizen.channel_id)
    code = {DeliveryStatus.SENT: DELIVERED, DeliveryStatus.THROTTLED: "transient"}.get(
        delivery.status, str(delivery.status)
    )
    store.events.record(
        "question_answered",
        channel=citizen.channel_id.split(":", 1)[0],
        citizen=citizen,
        ref=question.ref,
        outcome=code,
        topic=question.topic,
    )
    return code, delivery.error


def group_of(services: Services, question: QueueItem) -> list[QueueItem]:
    """The question and every open question merged into it."""
    return services.store.voice.queue.group(question)


def reachable(services: Services, question: QueueItem) -> int:
    """How many people of the group an answer can reach (anonymous senders cannot be)."""
    return sum(1 for item in group_of(services, question) if not item.anonymous)


async def answer(services: Services, question: QueueItem, text: str, *, actor: str) -> AnswerReport:
    """Answer ``question`` (and those merged into it): record, deliver, audit."""
    queue = services.store.voice.queue
    report = AnswerReport()
    for item in group_of(services, question):
        message = services.texts.get(
            "voice_answer", commune=item.commune, ref=item.ref, answer=text
        )
        code, error = await deliver(services, item, message)
        how = "answer" if item.id == question.id else "merge"
        queue.record_answer(item.id, text, how=how, by=actor, delivery=code, error=error)
        queue.set_status(item.id, QuestionStatus.ANSWERED, by=actor)
        report.outcomes.append((item.ref, code))
    audit(services, actor, "question answer", question.ref, report)
    return report


async def answered_at_session(
    services: Services, question: QueueItem, *, actor: str
) -> AnswerReport:
    """Mark the question (and those merged into it) answered at its session; tell the askers."""
    queue = services.store.voice.queue
    session = (
        services.store.voice.sessions.get(question.session_id) if question.session_id else None
    )
    date = f"{(session.starts_at if session else local_now(services)):%d/%m/%Y}"
    report = AnswerReport()
    for item in group_of(services, question):
        message = services.texts.get(
            "voice_answered_at_session", commune=item.commune, ref=item.ref, date=date
        )
        code, error = await deliver(services, item, message)
        queue.record_answer(item.id, "", how="session", by=actor, delivery=code, error=error)
        queue.set_status(item.id, QuestionStatus.ANSWERED_AT_SESSION, by=actor)
        report.outcomes.append((item.ref, code))
    audit(services, actor, "question answered at session", question.ref, report)
    return report


async def merge(
    services: Services, source: QueueItem, target: QueueItem, *, actor: str
) -> AnswerReport:
    """Merge ``source`` into ``target``; if ``target`` is answered, its answer goes out now."""
    queue = services.store.voice.queue
    root = queue.root(target)
    queue.merge(source.id, root.id, by=actor)
    report = AnswerReport()
    merged = queue.get(source.id)
    assert merged is not None
    last = queue.last_answer(root.id)
    if root.status == QuestionStatus.ANSWERED and last is not None:
        for item in group_of(services, merged):
            message = services.texts.get(
                "voice_answer", commune=item.commune, ref=item.ref, answer=last.text
            )
            code, error = await deliver(services, item, message)
            queue.record_answer(
                item.id, last.text, how="merge", by=actor, delivery=code, error=error
            )
            queue.set_status(item.id, QuestionStatus.ANSWERED, by=actor, merged_into=root.id)
            report.outcomes.append((item.ref, code))
    elif root.status == QuestionStatus.ANSWERED_AT_SESSION:
        report = await answered_at_session(services, merged, actor=actor)
    audit(services, actor, "question merge", f"{source.ref} -> {root.ref}", report)
    return report


def audit(services: Services, actor: str, action: str, detail: str, report: AnswerReport) -> None:
    store = services.store
    summary = f"{detail}; delivered {report.delivered}/{len(report.outcomes)}"
    if report.undelivered:
        summary += " (" + ", ".join(f"{ref} {code}" for ref, code in report.undelivered) + ")"
    role = "admin" if actor == "cli" else store.staff.role_of(actor)
    store.audit.record(actor, action, role=role, allowed=True, detail=summary)
