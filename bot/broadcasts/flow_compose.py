"""``/guitin``: an officer writes a message, picks the audience and the time, confirms.

Steps (flow ``broadcast``, kept in the store so a restart resumes): message → audience
(buttons, live recipient count) → when and confirm (:mod:`bot.broadcasts.flow_when`). The
officer sees an exact preview: the very message citizens will receive.
"""

from __future__ import annotations

from bot.broadcasts import compose, flow_drafts, flow_when, segments
from bot.broadcasts.flow_state import FLOW, cancel_row, save, segment_of, window_note
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id
from bot.staff.access import OFFICERS
from bot.store.campaigns import Segment

router = Router()

PAYLOAD_BYTES = 64
FIELD_CODES = {"c": "communes", "h": "households", "t": "topics"}
FILE_KINDS = ("photo", "document")


@router.command("guitin", "Soạn và gửi tin cho bà con đã đăng ký", roles=OFFICERS)
async def start(turn: Turn) -> None:
    """Ask for the message; offer the ready drafts of ``content/drafts.yaml``."""
    turn.set_state(FLOW, "message")
    turn.reply(turn.t("bc_ask_message"), [*flow_drafts.rows(turn), cancel_row(turn)])


@router.step(FLOW, "message", roles=OFFICERS)
async def receive_message(turn: Turn) -> None:
    """Take the officer's message (formatting, one photo or document), show the preview."""
    incoming = turn.incoming
    files = [a for a in incoming.attachments if a.kind in FILE_KINDS and a.file_id]
    if any(a.kind not in FILE_KINDS for a in incoming.attachments):
        turn.reply(turn.t("bc_unsupported_file"), [cancel_row(turn)])
        return
    text_html = incoming.html or compose.escape(incoming.text)
    photo = next((a for a in files if a.kind == "photo"), None)
    document = next((a for a in files if a.kind == "document"), None)
    draft = compose.Draft(
        html=text_html,
        photo_id=photo.file_id if photo else None,
        document_id=document.file_id if document and not photo else None,
        document_name=document.filename if document and not photo else None,
    )
    await take_message(turn, draft)


async def take_message(turn: Turn, draft: compose.Draft) -> None:
    """Keep the message when it fits, show the exact preview, then ask for the audience."""
    footer = turn.t("bc_footer")
    over = draft.overflow(footer)
    if over:
        turn.reply(turn.t("bc_too_long", over=over, limit=draft.limit()), [cancel_row(turn)])
        return
    data: dict[str, object] = {
        "html": draft.html,
        "photo": draft.photo_id,
        "doc": draft.document_id,
        "doc_name": draft.document_name,
        "seg": {},
    }
    turn.set_state(FLOW, "audience", **data)
    turn.reply(turn.t("bc_preview_intro"))
    turn.replies.append(compose.outgoing(draft, footer))
    await ask_audience(turn, Segment())


async def ask_audience(turn: Turn, segment: Segment) -> None:
    """The audience summary with its live count, and the ways to change it."""
    count, everyone = await turn.services.store.read(
        lambda r: (r.campaigns.count_recipients(segment), r.campaigns.count_recipients(Segment()))
    )
    rows = [
        [Button(turn.t("bc_audience_all_button", count=everyone), "bc:all")],
        [
            Button(turn.t("bc_audience_communes_button"), "bc:pick:c"),
            Button(turn.t("bc_audience_households_button"), "bc:pick:h"),
        ],
    ]  # fmt: skip
    if segments.choices(turn.services, "topics"):
        rows.append([Button(turn.t("bc_audience_topics_button"), "bc:pick:t")])
    if not segment.everyone:
        rows.append([Button(turn.t("bc_audience_clear_button"), "bc:clr")])
    rows.append([Button(turn.t("bc_audience_next_button", count=count), "bc:next")])
    rows.append(cancel_row(turn))
    audience = segments.describe(turn.services, segment)
    text = (
        turn.t("bc_ask_audience", audience=audience)
        + "\n"
        + turn.t("bc_count_line", count=count)
        + await window_note(turn, segment)
    )
    turn.reply(text, rows)


async def ask_pick(turn: Turn, segment: Segment, code: str) -> None:
    """Toggle buttons for one field (✅ marks the chosen values)."""
    field = FIELD_CODES[code]
    chosen: tuple[str, ...] = getattr(segment, field)
    rows = []
    for value, label in segments.choices(turn.services, field):
        payload = f"bc:tg:{code}:{value}"
        if len(payload.encode()) <= PAYLOAD_BYTES:
            rows.append([Button(("✅ " if value in chosen else "") + label, payload)])
    if not rows:
        turn.reply(turn.t("bc_no_topics"))
        await ask_audience(turn, segment)
        return
    rows.append([Button(turn.t("bc_done_button"), "bc:done")])
    count = await turn.services.store.read(lambda r: r.campaigns.count_recipients(segment))
    turn.reply(turn.t(f"bc_pick_{field}") + "\n" + turn.t("bc_count_line", count=count), rows)


@router.action("bc", roles=OFFICERS)
async def button(turn: Turn) -> None:
    """Every button of the flow: ``bc:<what>[:args]``."""
    what, *args = turn.args or ("",)
    if what == "x":
        turn.clear_state()
        turn.reply(turn.t("bc_compose_cancelled"))
        return
    data = dict(turn.expect(FLOW).data)
    segment = segment_of(data)
    if what in ("all", "next"):
        segment = Segment() if what == "all" else segment
        chosen = segment
        if not await turn.services.store.read(lambda r: r.campaigns.count_recipients(chosen)):
            save(turn, "audience", data, segment)
            turn.reply(turn.t("bc_no_recipients"))
            await ask_audience(turn, segment)
            return
        save(turn, "when", data, segment)
        flow_when.ask_when(turn)
    elif what == "pick" and args and args[0] in FIELD_CODES:
        save(turn, "audience", data)
        await ask_pick(turn, segment, args[0])
    elif what == "tg" and len(args) == 2 and args[0] in FIELD_CODES:
        segment = segments.toggle(segment, FIELD_CODES[args[0]], args[1])
        save(turn, "audience", data, segment)
        await ask_pick(turn, segment, args[0])
    elif what in ("done", "clr"):
        segment = Segment() if what == "clr" else segment
        save(turn, "audience", data, segment)
        await ask_audience(turn, segment)
    elif what == "w" and args:
        await flow_when.choose_when(turn, data, args[0])
    elif what == "wd" and args and parse_id(args[0]) in range(7):
        save(turn, "weekly_time", {**data, "weekday": int(args[0])})
        turn.reply(turn.t("bc_ask_weekly_time"), [cancel_row(turn)])
    elif what == "ok":
        await flow_when.confirm(turn, data)
    elif what == "dr" and args and (ready := flow_drafts.find(turn, args[0])):
        flow_drafts.show(turn, ready, cancel_row(turn))
    elif what == "du" and args and (ready := flow_drafts.find(turn, args[0])):
        await take_message(turn, compose.Draft(html=compose.escape(flow_drafts.text(turn, ready))))
    else:
        raise StaleButton(turn.incoming.payload)


# Steps answered with buttons: typed labels and numbers press them, other text gets them again.
for _step in ("audience", "when", "weekday"):
    router.choice_step(FLOW, _step, roles=OFFICERS)
