"""How a queued question looks to a reviewer: the card, its action buttons, similar questions.

What a card needs is read in one go on the database thread (:func:`open_card`); comparing the
question with thousands of queued ones, and grouping them, runs in a worker thread, so the
event loop only hands work over (the Telegram review queue and the web console share this).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from bot.core.local_time import format_when, local_stamp
from bot.core.messages import Button
from bot.core.services import Services
from bot.core.turn import Turn
from bot.store import Repositories
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueAnswer, QueueFilter, QueueItem, QueueLine
from bot.voice import clustering
from bot.voice.statuses import QuestionStatus
from bot.voice.topic_guess import topic_title

SIMILAR_POOL = 2000
SHOWN_SIMILAR = 2
ANSWERED = QueueFilter(status=QuestionStatus.ANSWERED)


def excerpt(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Card:
    """Everything a reviewer sees on one question."""

    question: QueueItem
    session: DialogueSession | None
    contact: tuple[str, str] | None
    answers: list[QueueAnswer]
    children: list[QueueItem]  # merged into it (directly), whatever their status now
    similar: list[QueueLine]  # other pending questions like it, most similar first
    targets: list[QueueLine]  # what it could be merged into (pending, or answered lately)

    @property
    def merged(self) -> list[QueueItem]:
        """The children still waiting for its answer."""
        return [c for c in self.children if c.status == QuestionStatus.MERGED]


@dataclass(frozen=True)
class QuestionGroup:
    """Similar questions, the most typical one first (``centre``)."""

    members: tuple[QueueLine, ...]

    @property
    def centre(self) -> QueueLine:
        return self.members[0]

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Grouping:
    groups: list[QuestionGroup]  # of two or more, biggest first
    considered: int  # questions grouped (flagged ones are left out)
    alone: int  # questions like no other


def similar_to(services: Services, question: QueueItem, pool: list[QueueLine]) -> list[QueueLine]:
    """Rows of ``pool`` (not flagged, not ``question``) similar to it, most similar first.
    CPU work (about a millisecond per thousand rows): callers on the loop use a thread."""
    pool = [row for row in pool if row.id != question.id and not row.flag]
    found = clustering.similar(
        question.text, [row.text for row in pool], terms=clustering.terms_for(services), limit=50
    )
    return [pool[index] for index, _ in found]


def _pending_pool(r: Repositories) -> list[QueueLine]:
    return r.voice.queue.lines(QueueFilter(), limit=SIMILAR_POOL)


def _answered_pool(r: Repositories) -> list[QueueLine]:
    return r.voice.queue.lines(ANSWERED, limit=SIMILAR_POOL, newest_first=True)


def _targets(
    services: Services, question: QueueItem, pending: list[QueueLine], answered: list[QueueLine]
) -> list[QueueLine]:
    """Questions this one could be merged into: pending ones and recently answered ones
    (merging into an answered one sends its answer at once)."""
    return similar_to(services, question, pending + answered)[:SHOWN_SIMILAR]


async def similar_pending(services: Services, question: QueueItem) -> list[QueueLine]:
    """Other pending questions like this one (to merge into it)."""
    pool = await services.store.read(_pending_pool)
    return await asyncio.to_thread(similar_to, services, question, pool)


async def open_card(services: Services, question_id: int) -> Card | None:
    """The card of ``question_id`` (None when there is no such question): one read on the
    database thread, the comparisons with the queue in a worker thread."""

    def read(r: Repositories) -> tuple[Card, list[QueueLine], list[QueueLine]] | None:
        queue = r.voice.queue
        question = queue.get(question_id)
        if question is None:
            return None
        session = r.voice.sessions.get(question.session_id) if question.session_id else None
        card = Card(
            question,
            session,
            queue.contact(question.id),
            queue.answers(question.id),
            queue.children(question.id),
            similar=[],
            targets=[],
        )
        if question.status != QuestionStatus.PENDING:
            return card, [], []
        return card, _pending_pool(r), _answered_pool(r)

    found = await services.store.read(read)
    if found is None:
        return None
    card, pending, answered = found
    if card.question.status != QuestionStatus.PENDING:
        return card

    def compare() -> Card:
        similar = similar_to(services, card.question, pending)
        targets = _targets(services, card.question, pending, answered)
        return replace(card, similar=similar, targets=targets)

    return await asyncio.to_thread(compare)


async def group_similar(services: Services, f: QueueFilter, *, pool: int) -> Grouping:
    """The first ``pool`` questions of ``f`` (flagged ones left out) grouped by wording."""
    rows = await services.store.read(lambda r: r.voice.queue.lines(f, limit=pool))
    usable = [r for r in rows if not r.flag]
    found = await asyncio.to_thread(
        clustering.cluster, [r.text for r in usable], terms=clustering.terms_for(services)
    )
    groups = [QuestionGroup(tuple(usable[i] for i in g.members)) for g in found if g.size > 1]
    return Grouping(groups, len(usable), alone=sum(1 for g in found if g.size == 1))


def card_text(turn: Turn, card: Card) -> str:
    """Everything a reviewer needs to decide, personal details only where given for this."""
    services = turn.services
    question = card.question
    lines = [turn.t("cq_card_head", ref=question.ref, kind=turn.t(f"voice_kind_{question.kind}"))]
    if card.session is not None:
        when = format_when(card.session.starts_at)
        lines.append(turn.t("cq_card_session", id=card.session.id, when=when))
    if question.category:
        lines.append(
            turn.t("cq_card_category", category=turn.t(f"gy_category_{question.category}"))
        )
    commune = services.deployment.commune(question.commune)
    lines.append(
        turn.t(
            "cq_card_meta",
            at=local_stamp(services, question.created_at),
            commune_name=commune.name if commune else "—",
            household=services.texts.household_label(question.household) or "—",
        )
    )
    lines.append(turn.t("cq_card_topic", topic=topic_title(services, question.topic)))
    if question.flag:
        lines.append(turn.t("cq_card_flag"))
    if question.anonymous:
        lines.append(turn.t("cq_card_anonymous"))
    if card.contact is not None:
        lines.append(turn.t("cq_card_contact", name=card.contact[0], phone=card.contact[1]))
    lines.append(turn.t("cq_card_status", status=turn.t(f"cq_status_{question.status}")))
    if question.reject_reason:
        lines.append(turn.t("cq_card_reason", reason=turn.t(f"cq_reason_{question.reject_reason}")))
    merged = card.merged
    if merged:
        lines.append(
            turn.t("cq_card_merged", count=len(merged), refs=", ".join(c.ref for c in merged))
        )
    for answer in card.answers:
        lines.append(
            turn.t(
                "cq_card_answer",
                at=local_stamp(services, answer.at),
                by=answer.by,
                delivery=turn.t(f"cq_delivery_{answer.delivery}"),
                text=excerpt(answer.text, 300) or turn.t("cq_status_answered_at_session"),
            )
        )
    lines.append(f"«{question.text or turn.t('cq_text_deleted')}»")
    return "\n".join(lines)


def card_buttons(turn: Turn, card: Card) -> list[list[Button]]:
    question = card.question
    qid = question.id
    back = [Button(turn.t("cq_back_button"), "cq:l::0")]
    if question.status == QuestionStatus.MERGED and question.merged_into:
        return [[Button(turn.t("cq_open_root_button"), f"cq:o:{question.merged_into}")], back]
    if question.status != QuestionStatus.PENDING:
        propose = [Button(turn.t("cq_propose_button"), f"qa:p:{qid}")]
        return [propose, back] if question.status != QuestionStatus.WITHDRAWN else [back]
    rows = [[Button(turn.t("cq_answer_button"), f"qa:a:{qid}")]]
    if question.session_id:
        rows.append([Button(turn.t("cq_session_button"), f"qa:s:{qid}")])
    for other in card.targets:
        key = (
            "cq_merge_into_answered_button"
            if other.status == QuestionStatus.ANSWERED
            else "cq_merge_into_button"
        )
        rows.append([Button(turn.t(key, ref=other.ref), f"qa:m:{qid}:{other.id}")])
    if card.similar:
        count = len(card.similar)
        rows.append([Button(turn.t("cq_merge_group_button", count=count), f"qa:g:{qid}")])
    rows.append(
        [
            Button(turn.t("cq_reject_button"), f"qa:r:{qid}"),
            Button(turn.t("cq_propose_button"), f"qa:p:{qid}"),
        ]
    )
    rows.append(back)
    return rows
