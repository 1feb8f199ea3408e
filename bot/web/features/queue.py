"""Câu hỏi: the review queue through bot.voice.answers, exports and proposals."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bot.core.services import Services
from bot.store import Repositories
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueFilter
from bot.voice import answers, clustering, export, proposals
from bot.voice.queue_view import merge_targets, similar_pending
from bot.web.features.common import GROUP_POOL, OPEN, QUEUE_PAGE, REJECT_REASONS, Refused


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
    return len(await answers.group_of(services, question))


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
