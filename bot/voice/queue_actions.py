"""What a reviewer does with an opened question (payloads ``qa:<action>:<id>``).

``a`` answer (typed, previewed, then ``y`` sends), ``s`` answered at the session, ``m`` merge
into another, ``g``/``gy`` merge the similar ones into this, ``r``/``rr`` reject with a reason,
``p``/``pv`` propose for the FAQ. Flow ``queue`` keeps the typed answer across a restart.
"""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id
from bot.staff.access import REVIEWERS, audit
from bot.voice import answers, proposals
from bot.voice.queue_view import excerpt, similar_pending
from bot.voice.statuses import QuestionStatus
from bot.voice.typed_text import ANSWER_LIMIT, QUESTION_LIMIT, typed_text

router = Router()

FLOW = "queue"
router.choice_step(FLOW, "group", roles=REVIEWERS)
REASONS = ("spam", "abuse", "off_topic", "other")
OPEN_STATES = (QuestionStatus.PENDING,)


def question_arg(turn: Turn, index: int = 1) -> dict:
    args = turn.args
    question_id = parse_id(args[index]) if len(args) > index else None
    if question_id is None:
        raise StaleButton(turn.incoming.payload)
    question = turn.services.store.voice.queue.get(question_id)
    if question is None:
        raise StaleButton(turn.incoming.payload)
    return question


def still_open(turn: Turn, question: dict) -> bool:
    """False (and say so) if someone already handled it, e.g. another reviewer."""
    if question["status"] in OPEN_STATES:
        return True
    turn.clear_state()
    turn.reply(
        turn.t(
            "cq_already_handled",
            ref=question["ref"],
            status=turn.t(f"cq_status_{question['status']}"),
        ),
        [[Button(turn.t("cq_open_button", ref=question["ref"]), f"cq:o:{question['id']}")]],
    )
    return False


def cancel_row(turn: Turn, question: dict) -> list[Button]:
    return [Button(turn.t("cq_cancel_button"), f"cq:o:{question['id']}")]


def report_text(turn: Turn, verb: str, report: answers.AnswerReport) -> str:
    reachable = [(ref, code) for ref, code in report.outcomes if code != "anonymous"]
    if not reachable:
        return turn.t("cq_answer_recorded_nobody")
    lines = [turn.t(verb, count=report.delivered, total=len(reachable))]
    for ref, code in report.undelivered:
        if code == "anonymous":
            continue
        lines.append(turn.t("cq_not_delivered", ref=ref, why=turn.t(f"cq_delivery_{code}")))
    return "\n".join(lines)


@router.action("qa", roles=REVIEWERS)
async def action(turn: Turn) -> None:
    """Dispatch ``qa:<action>:<question>[:<more>]``."""
    if not turn.args:
        return
    handler = HANDLERS.get(turn.args[0])
    if handler is None:
        raise StaleButton(turn.incoming.payload)
    await handler(turn, question_arg(turn))


async def start_answer(turn: Turn, question: dict) -> None:
    if not still_open(turn, question):
        return
    recipients = await answers.reachable(turn.services, question)
    turn.set_state(FLOW, "answer", question=question["id"])
    key = "cq_ask_answer" if recipients else "cq_ask_answer_nobody"
    turn.reply(
        turn.t(key, ref=question["ref"], count=recipients, limit=ANSWER_LIMIT),
        [cancel_row(turn, question)],
    )


@router.step(FLOW, "answer", roles=REVIEWERS)
@router.step(FLOW, "confirm", roles=REVIEWERS)
async def answer_typed(turn: Turn) -> None:
    """The answer text: checked, then shown back for confirmation before it goes out."""
    state = turn.expect(FLOW)
    question = turn.services.store.voice.queue.get(state.data["question"])
    if question is None or not still_open(turn, question):
        return
    text = turn.incoming.text
    if turn.incoming.attachments and not text:
        turn.reply(turn.t("voice_text_only"))
        return
    if len(text) > ANSWER_LIMIT or not text.strip():
        turn.reply(turn.t("cq_answer_bad", length=len(text), limit=ANSWER_LIMIT))
        return
    turn.set_state(FLOW, "confirm", question=question["id"], text=text)
    recipients = await answers.reachable(turn.services, question)
    key = "cq_answer_preview" if recipients else "cq_answer_preview_nobody"
    turn.reply(
        turn.t(key, ref=question["ref"], count=recipients, text=text),
        [
            [Button(turn.t("cq_send_button"), f"qa:y:{question['id']}")],
            [Button(turn.t("cq_rewrite_button"), f"qa:a:{question['id']}")],
            cancel_row(turn, question),
        ],
    )


async def send_answer(turn: Turn, question: dict) -> None:
    state = turn.expect(FLOW, "confirm")
    if state.data.get("question") != question["id"]:
        raise StaleButton(turn.incoming.payload)
    if not still_open(turn, question):
        return
    turn.clear_state()
    report = await answers.answer(turn.services, question, state.data["text"], actor=turn.user)
    turn.reply(
        report_text(turn, "cq_answer_sent", report), [[Button(turn.t("cq_back_button"), "cq:l::0")]]
    )


async def at_session(turn: Turn, question: dict) -> None:
    if not still_open(turn, question):
        return
    report = await answers.answered_at_session(turn.services, question, actor=turn.user)
    turn.reply(
        report_text(turn, "cq_session_done", report),
        [[Button(turn.t("cq_back_button"), "cq:l::0")]],
    )


async def merge_into(turn: Turn, question: dict) -> None:
    target = question_arg(turn, 2)
    queue = turn.services.store.voice.queue
    if not still_open(turn, question):
        return
    root = queue.root(target)
    if root["id"] == question["id"] or root["status"] in (
        QuestionStatus.REJECTED,
        QuestionStatus.WITHDRAWN,
    ):
        turn.reply(turn.t("cq_merge_refused", ref=root["ref"]))
        return
    report = await answers.merge(turn.services, question, target, actor=turn.user)
    key = "cq_merged_and_sent" if report.outcomes else "cq_merged"
    text = turn.t(key, ref=question["ref"], target=root["ref"])
    if report.outcomes:
        text += "\n" + report_text(turn, "cq_answer_sent", report)
    turn.reply(text, [[Button(turn.t("cq_open_button", ref=root["ref"]), f"cq:o:{root['id']}")]])


async def offer_group(turn: Turn, question: dict) -> None:
    if not still_open(turn, question):
        return
    similar = similar_pending(turn.services, question)
    if not similar:
        turn.reply(turn.t("cq_group_empty"))
        return
    turn.set_state(FLOW, "group", question=question["id"], ids=[row["id"] for row in similar])
    lines = [turn.t("cq_group_offer", count=len(similar), ref=question["ref"])]
    lines += [f"• {row['ref']}: «{excerpt(row['text'], 80)}»" for row in similar[:20]]
    if len(similar) > 20:
        lines.append(turn.t("cq_group_more", count=len(similar) - 20))
    turn.reply(
        "\n".join(lines),
        [
            [Button(turn.t("cq_group_confirm", count=len(similar)), f"qa:gy:{question['id']}")],
            cancel_row(turn, question),
        ],
    )


async def merge_group(turn: Turn, question: dict) -> None:
    state = turn.expect(FLOW, "group")
    if state.data.get("question") != question["id"]:
        raise StaleButton(turn.incoming.payload)
    turn.clear_state()
    if not still_open(turn, question):
        return
    queue = turn.services.store.voice.queue
    merged = []
    for other_id in state.data["ids"]:
        other = queue.get(other_id)
        if (
            other is not None
            and other["status"] == QuestionStatus.PENDING
            and other["id"] != question["id"]
        ):
            await answers.merge(turn.services, other, question, actor=turn.user)
            merged.append(other["ref"])
    turn.reply(
        turn.t("cq_group_merged", count=len(merged), ref=question["ref"]),
        [
            [Button(turn.t("cq_answer_button"), f"qa:a:{question['id']}")],
            [Button(turn.t("cq_back_button"), "cq:l::0")],
        ],
    )


async def ask_reason(turn: Turn, question: dict) -> None:
    if not still_open(turn, question):
        return
    rows = [[Button(turn.t(f"cq_reason_{r}"), f"qa:rr:{question['id']}:{r}")] for r in REASONS]
    turn.reply(turn.t("cq_ask_reason", ref=question["ref"]), [*rows, cancel_row(turn, question)])


async def reject(turn: Turn, question: dict) -> None:
    reason = turn.args[2] if len(turn.args) == 3 else ""
    if reason not in REASONS:
        raise StaleButton(turn.incoming.payload)
    if not still_open(turn, question):
        return
    queue = turn.services.store.voice.queue
    queue.set_status(question["id"], QuestionStatus.REJECTED, by=turn.user, reject_reason=reason)
    # The others merged into it were not judged: they go back to the queue.
    returned = queue.unmerge_children(question["id"])
    audit(turn, "question reject", f"{question['ref']} {reason}")
    turn.reply(
        turn.t(
            "cq_rejected",
            ref=question["ref"],
            reason=turn.t(f"cq_reason_{reason}"),
            returned=returned,
        ),
        [[Button(turn.t("cq_back_button"), "cq:l::0")]],
    )


async def ask_proposal(turn: Turn, question: dict) -> None:
    if question["status"] == QuestionStatus.WITHDRAWN:
        raise StaleButton(turn.incoming.payload)
    turn.set_state(FLOW, "propose", question=question["id"])
    turn.reply(
        turn.t("cq_ask_proposal", ref=question["ref"], text=question["text"]),
        [
            [Button(turn.t("cq_proposal_verbatim"), f"qa:pv:{question['id']}")],
            cancel_row(turn, question),
        ],
    )


@router.step(FLOW, "propose", roles=REVIEWERS)
async def proposal_typed(turn: Turn) -> None:
    """The question as the reviewer wants it in the FAQ (no names, no addresses)."""
    state = turn.expect(FLOW, "propose")
    question = turn.services.store.voice.queue.get(state.data["question"])
    if question is None:
        raise StaleButton("propose")
    wording = typed_text(turn, limit=QUESTION_LIMIT)
    if wording is not None:
        write_proposal(turn, question, wording)


async def propose_verbatim(turn: Turn, question: dict) -> None:
    turn.expect(FLOW, "propose")
    write_proposal(turn, question, question["text"])


def write_proposal(turn: Turn, question: dict, wording: str) -> None:
    services = turn.services
    queue = services.store.voice.queue
    last = queue.last_answer(question["id"])
    similar = (
        len(similar_pending(services, question))
        if question["status"] == QuestionStatus.PENDING
        else 0
    )
    path = proposals.append(
        services.settings,
        question,
        wording,
        by=turn.user,
        answer=last["text"] if last and last["text"] else None,
        similar=similar,
    )
    queue.mark_proposed(question["id"])
    turn.clear_state()
    audit(turn, "question propose faq", question["ref"])
    turn.reply(
        turn.t("cq_proposed", ref=question["ref"], path=path.name),
        [[Button(turn.t("cq_open_button", ref=question["ref"]), f"cq:o:{question['id']}")]],
    )


HANDLERS = {
    "a": start_answer,
    "y": send_answer,
    "s": at_session,
    "m": merge_into,
    "g": offer_group,
    "gy": merge_group,
    "r": ask_reason,
    "rr": reject,
    "p": ask_proposal,
    "pv": propose_verbatim,
}
