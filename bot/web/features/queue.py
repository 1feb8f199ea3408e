"""Câu hỏi: the review queue through bot.voice.answers, exports and proposals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.services import Services
from bot.store import Repositories
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueAnswer, QueueFilter, QueueItem, QueueLine
from bot.voice import answers, export, proposals
from bot.voice.queue_view import QuestionGroup, group_similar, open_card, similar_pending
from bot.web.features.common import GROUP_POOL, OPEN, QUEUE_PAGE, REJECT_REASONS, Refused


# -- the review queue ------------------------------------------------------------------------
async def queue_page(services: Services, f: QueueFilter, page: int) -> tuple[list[QueueItem], int]:
    """One page of the queue, read on the database thread (the loop keeps serving)."""
    offset = max(0, page - 1) * QUEUE_PAGE

    def read(r: Repositories) -> tuple[list[QueueItem], int]:
        queue = r.voice.queue
        return queue.listing(f, limit=QUEUE_PAGE, offset=offset), queue.count(f)

    return await services.store.read(read)


GroupOfQuestions = QuestionGroup


async def queue_groups(services: Services, f: QueueFilter) -> tuple[list[QuestionGroup], int]:
    """Similar pending questions grouped ("12 người hỏi về…"), biggest first (about a second
    for a full pool: :mod:`bot.web.grouping` keeps it off the requests)."""
    grouping = await group_similar(services, f, pool=GROUP_POOL)
    return grouping.groups, grouping.considered


@dataclass
class QuestionCard:
    question: QueueItem
    history: list[QueueAnswer]
    contact: tuple[str, str] | None
    session: DialogueSession | None
    similar: list[QueueLine]
    targets: list[QueueLine]
    merged: list[QueueItem]


async def question_card(services: Services, question_id: int) -> QuestionCard | None:
    card = await open_card(services, question_id)
    if card is None:
        return None
    return QuestionCard(
        question=card.question,
        history=card.answers,
        contact=card.contact,
        session=card.session,
        similar=card.similar[:20],
        targets=card.targets,
        merged=card.children,
    )


async def question(services: Services, question_id: int) -> QueueItem | None:
    return await services.store.read(lambda r: r.voice.queue.get(question_id))


def _still_open(r: Repositories, question_id: int) -> QueueItem:
    """The question if it is still open (read in the caller's transaction), else Refused."""
    found = r.voice.queue.get(question_id)
    if found is None or found.status not in OPEN:
        raise Refused(found.status if found else "missing")
    return found


async def _open_question(services: Services, question_id: int) -> QueueItem:
    return await services.store.read(lambda r: _still_open(r, question_id))


async def recipients_of_answer(services: Services, question_id: int) -> int:
    question = await _open_question(services, question_id)
    return len(await services.store.read(lambda r: r.voice.queue.group(question)))


def answer_message(services: Services, question: QueueItem, text: str) -> str:
    """The exact message the citizen receives (the preview shows it)."""
    return services.texts.get(
        "voice_answer", commune=question.commune, ref=question.ref, answer=text
    )


async def answer_question(
    services: Services, question_id: int, text: str, *, actor: str
) -> answers.AnswerReport:
    """Record, deliver to the citizen (and those merged in) and audit — like /cauhoi."""
    question = await _open_question(services, question_id)
    return await answers.answer(services, question, text, actor=actor)


async def answered_at_session(
    services: Services, question_id: int, *, actor: str
) -> answers.AnswerReport:
    question = await _open_question(services, question_id)
    return await answers.answered_at_session(services, question, actor=actor)


async def merge_question(
    services: Services, question_id: int, target_ref: str, *, actor: str
) -> answers.AnswerReport:
    question = await _open_question(services, question_id)

    def read(r: Repositories) -> tuple[QueueItem, QueueItem] | None:
        target = r.voice.queue.by_ref(target_ref)
        return (target, r.voice.queue.root(target)) if target is not None else None

    found = await services.store.read(read)
    if found is None:
        raise Refused("missing")
    target, root = found
    if root.id == question.id or root.status in ("rejected", "withdrawn"):
        raise Refused(root.status)
    return await answers.merge(services, question, target, actor=actor)


async def reject_question(
    services: Services, question_id: int, reason: str, *, actor: str, role: str
) -> int:
    """Reject with a reason; questions merged into it go back to the queue (their count)."""
    if reason not in REJECT_REASONS:
        raise Refused("reason")

    def write(r: Repositories) -> int:
        # Checked in the same transaction: someone may have handled it since the page loaded.
        question = _still_open(r, question_id)
        queue = r.voice.queue
        queue.set_status(question.id, "rejected", by=actor, reject_reason=reason)
        returned = queue.unmerge_children(question.id)
        detail = f"{question.ref} {reason}"
        r.audit.record(actor, "question reject", role=role, allowed=True, detail=detail)
        return returned

    return await services.store.write(write)


async def propose_question(
    services: Services, question_id: int, wording: str, *, actor: str, role: str
) -> Path:
    def read(r: Repositories) -> tuple[QueueItem | None, QueueAnswer | None]:
        return r.voice.queue.get(question_id), r.voice.queue.last_answer(question_id)

    question, last = await services.store.read(read)
    if question is None or question.status == "withdrawn":
        raise Refused("missing")
    pending = question.status == "pending"
    similar = len(await similar_pending(services, question)) if pending else 0
    path = proposals.append(
        services.settings,
        question,
        wording or question.text,
        by=actor,
        answer=last.text if last and last.text else None,
        similar=similar,
    )

    def write(r: Repositories) -> None:
        r.voice.queue.mark_proposed(question_id)
        detail = question.ref
        r.audit.record(actor, "question propose faq", role=role, allowed=True, detail=detail)

    await services.store.write(write)
    return path


async def queue_export(services: Services, f: QueueFilter, fmt: str) -> bytes:
    selection = export.Selection(
        session_id=f.session_id,
        commune=f.commune,
        kinds=(f.kind,) if f.kind else ("dialogue", "faq_miss"),
    )
    if fmt == "csv":
        return (await export.questions_csv(services, selection)).encode("utf-8-sig")
    return await export.questions_xlsx(services, selection)
