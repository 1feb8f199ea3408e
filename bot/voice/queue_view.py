"""How a queued question looks to a reviewer: the card text and its action buttons."""

from __future__ import annotations

from bot.core.local_time import format_when, local_stamp
from bot.core.messages import Button
from bot.core.services import Services
from bot.core.turn import Turn
from bot.store.voice_queue import QueueFilter
from bot.voice import clustering
from bot.voice.statuses import QuestionStatus
from bot.voice.topic_guess import topic_title

SIMILAR_POOL = 2000
SHOWN_SIMILAR = 2


def excerpt(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def similar_to(services: Services, question: dict, pool: list[dict]) -> list[dict]:
    """Rows of ``pool`` (not flagged, not ``question``) similar to it, most similar first."""
    pool = [row for row in pool if row["id"] != question["id"] and not row["flag"]]
    found = clustering.similar(
        question["text"],
        [row["text"] for row in pool],
        terms=clustering.terms_for(services),
        limit=50,
    )
    return [pool[index] for index, _ in found]


def similar_pending(services: Services, question: dict) -> list[dict]:
    """Other pending questions like this one (to merge into it)."""
    pool = services.store.voice.queue.listing(QueueFilter(), limit=SIMILAR_POOL)
    return similar_to(services, question, pool)


def merge_targets(services: Services, question: dict) -> list[dict]:
    """Questions this one could be merged into: pending ones and recently answered ones
    (merging into an answered one sends its answer at once)."""
    queue = services.store.voice.queue
    pool = queue.listing(QueueFilter(), limit=SIMILAR_POOL)
    pool += queue.listing(
        QueueFilter(status=QuestionStatus.ANSWERED), limit=SIMILAR_POOL, newest_first=True
    )
    return similar_to(services, question, pool)[:SHOWN_SIMILAR]


def card_text(turn: Turn, question: dict) -> str:
    """Everything a reviewer needs to decide, personal details only where given for this."""
    services = turn.services
    queue = services.store.voice.queue
    lines = [
        turn.t("cq_card_head", ref=question["ref"], kind=turn.t(f"voice_kind_{question['kind']}"))
    ]
    session = (
        services.store.voice.sessions.get(question["session_id"])
        if question["session_id"]
        else None
    )
    if session is not None:
        lines.append(turn.t("cq_card_session", id=session.id, when=format_when(session.starts_at)))
    if question["category"]:
        lines.append(
            turn.t("cq_card_category", category=turn.t(f"gy_category_{question['category']}"))
        )
    commune = services.deployment.commune(question["commune"])
    lines.append(
        turn.t(
            "cq_card_meta",
            at=local_stamp(services, question["created_at"]),
            commune_name=commune.name if commune else "—",
            household=services.texts.household_label(question["household"]) or "—",
        )
    )
    lines.append(turn.t("cq_card_topic", topic=topic_title(services, question["topic"])))
    if question["flag"]:
        lines.append(turn.t("cq_card_flag"))
    if question["anonymous"]:
        lines.append(turn.t("cq_card_anonymous"))
    contact = queue.contact(question["id"])
    if contact is not None:
        lines.append(turn.t("cq_card_contact", name=contact[0], phone=contact[1]))
    lines.append(turn.t("cq_card_status", status=turn.t(f"cq_status_{question['status']}")))
    if question["reject_reason"]:
        lines.append(
            turn.t("cq_card_reason", reason=turn.t(f"cq_reason_{question['reject_reason']}"))
        )
    merged = [c for c in queue.children(question["id"]) if c["status"] == QuestionStatus.MERGED]
    if merged:
        lines.append(
            turn.t("cq_card_merged", count=len(merged), refs=", ".join(c["ref"] for c in merged))
        )
    for answer in queue.answers(question["id"]):
        lines.append(
            turn.t(
                "cq_card_answer",
                at=local_stamp(services, answer["at"]),
                by=answer["by"],
                delivery=turn.t(f"cq_delivery_{answer['delivery']}"),
                text=excerpt(answer["text"], 300) or turn.t("cq_status_answered_at_session"),
            )
        )
    lines.append(f"«{question['text'] or turn.t('cq_text_deleted')}»")
    return "\n".join(lines)


def card_buttons(
    turn: Turn, question: dict, similar: list[dict], targets: list[dict]
) -> list[list[Button]]:
    qid = question["id"]
    back = [Button(turn.t("cq_back_button"), "cq:l::0")]
    if question["status"] == QuestionStatus.MERGED and question["merged_into"]:
        return [[Button(turn.t("cq_open_root_button"), f"cq:o:{question['merged_into']}")], back]
    if question["status"] != QuestionStatus.PENDING:
        propose = [Button(turn.t("cq_propose_button"), f"qa:p:{qid}")]
        return [propose, back] if question["status"] != QuestionStatus.WITHDRAWN else [back]
    rows = [[Button(turn.t("cq_answer_button"), f"qa:a:{qid}")]]
    if question["session_id"]:
        rows.append([Button(turn.t("cq_session_button"), f"qa:s:{qid}")])
    for other in targets:
        key = (
            "cq_merge_into_answered_button"
            if other["status"] == QuestionStatus.ANSWERED
            else "cq_merge_into_button"
        )
        rows.append([Button(turn.t(key, ref=other["ref"]), f"qa:m:{qid}:{other['id']}")])
    if similar:
        rows.append([Button(turn.t("cq_merge_group_button", count=len(similar)), f"qa:g:{qid}")])
    rows.append(
        [
            Button(turn.t("cq_reject_button"), f"qa:r:{qid}"),
            Button(turn.t("cq_propose_button"), f"qa:p:{qid}"),
        ]
    )
    rows.append(back)
    return rows
