"""The review queue in Telegram (/cauhoi): list with filters, groups of similar questions, cards.

``/cauhoi`` lists pending items oldest first. Filters come as words after the command
(``/cauhoi phien 3 xa que_phong chude bhyt loai gopy``, ``/cauhoi nhom``, ``/cauhoi DT-ABCDE``)
or from the 🔎 button. Button payloads (``cq:...``) carry the filter compactly, e.g.
``cq:l:s3,cque_phong:8`` (session 3, commune que_phong, from item 8). What a reviewer does with
an opened question is in :mod:`bot.voice.queue_actions` (payloads ``qa:...``).
"""

from __future__ import annotations

import datetime as dt
import re

from bot.core.local_time import local_now, local_stamp
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id
from bot.staff.access import REVIEWERS
from bot.store import Repositories
from bot.store.voice_queue import QueueFilter, QueueItem
from bot.voice.queue_view import Card, card_buttons, card_text, excerpt, group_similar, open_card
from bot.voice.topic_guess import topic_title

router = Router()

PAGE = 8
KINDS = {"m": "faq_miss", "d": "dialogue", "f": "feedback"}
KIND_WORDS = {"faq": "faq_miss", "hoidap": "faq_miss", "doithoai": "dialogue", "gopy": "feedback"}
FIELD_WORDS = {"phien": "session_id", "xa": "commune", "chude": "topic", "loai": "kind"}
REF = re.compile(r"^[A-Z]{2}-[A-Z0-9]{5}$")
GROUP_POOL = 2000
SHOWN_GROUPS = 10
RECENT_SESSIONS = dt.timedelta(days=30)


def encode(f: QueueFilter) -> str:
    codes = {kind: code for code, kind in KINDS.items()}
    parts = [f"s{f.session_id}"] if f.session_id is not None else []
    parts += [f"c{f.commune}"] if f.commune else []
    parts += [f"t{f.topic}"] if f.topic else []
    parts += [f"k{codes[f.kind]}"] if f.kind in codes else []
    return ",".join(parts)


def decode(text: str) -> QueueFilter:
    values: dict[str, object] = {}
    for part in filter(None, text.split(",")):
        key, value = part[0], part[1:]
        if key == "s" and parse_id(value) is not None:
            values["session_id"] = parse_id(value)
        elif key in ("c", "t") and value:
            values["commune" if key == "c" else "topic"] = value
        elif key == "k" and value in KINDS:
            values["kind"] = KINDS[value]
        else:
            raise StaleButton(text)
    return QueueFilter(**values)  # type: ignore[arg-type]


def list_payload(f: QueueFilter, offset: int = 0) -> str:
    payload = f"cq:l:{encode(f)}:{offset}"
    # Telegram caps callback data at 64 bytes; a filter that long falls back to no filter.
    return payload if len(payload.encode()) <= 64 else f"cq:l::{offset}"


def parse_words(words: list[str]) -> tuple[QueueFilter, str | None, bool] | None:
    """(filter, reference code to open, show groups) from the words after /cauhoi."""
    values: dict[str, object] = {}
    ref, groups = None, False
    it = iter(words)
    for word in it:
        low = word.lower()
        if REF.match(word.upper()):
            ref = word.upper()
        elif low == "nhom":
            groups = True
        elif low in FIELD_WORDS:
            value = next(it, "")
            field = FIELD_WORDS[low]
            if field == "session_id" and parse_id(value) is None:
                return None
            if field == "kind" and value.lower() not in KIND_WORDS:
                return None
            values[field] = (
                int(value)
                if field == "session_id"
                else KIND_WORDS[value.lower()]
                if field == "kind"
                else value
            )
        else:
            return None
    return QueueFilter(**values), ref, groups  # type: ignore[arg-type]


def describe(turn: Turn, f: QueueFilter) -> str:
    parts = []
    if f.session_id is not None:
        parts.append(turn.t("cq_filter_session", id=f.session_id))
    if f.commune:
        commune = turn.services.deployment.commune(f.commune)
        parts.append(commune.name if commune else f.commune)
    if f.kind:
        parts.append(turn.t(f"voice_kind_{f.kind}"))
    if f.topic:
        parts.append(topic_title(turn.services, f.topic))
    return ", ".join(parts) if parts else turn.t("cq_filter_none")


@router.command(
    "cauhoi", "Câu hỏi, góp ý chờ xử lý (lọc: phien, xa, chude, loai; nhom)", roles=REVIEWERS
)
async def queue_command(turn: Turn) -> None:
    """List pending items, open one by reference code, or show groups of similar ones."""
    parsed = parse_words(turn.incoming.text.split()[1:])
    if parsed is None:
        turn.reply(turn.t("cq_usage"))
        return
    f, ref, groups = parsed
    if ref is not None:
        question = await turn.services.store.read(lambda r: r.voice.queue.by_ref(ref))
        card = await open_card(turn.services, question.id) if question else None
        if card is None:
            turn.reply(turn.t("cq_no_such_ref", ref=ref))
            return
        show_card(turn, card)
    elif groups:
        await show_groups(turn, f)
    else:
        await show_list(turn, f, 0)


@router.action("cq", roles=REVIEWERS)
async def queue_button(turn: Turn) -> None:
    """``cq:l:<filter>:<offset>`` list, ``cq:f:<filter>`` filters, ``cq:g:<filter>`` groups,
    ``cq:o:<id>`` open."""
    match turn.args:
        case ("l", encoded, offset) if parse_id(offset) is not None:
            await show_list(turn, decode(encoded), int(offset))
        case ("l",):
            await show_list(turn, QueueFilter(), 0)
        case ("f", encoded):
            await show_filters(turn, decode(encoded))
        case ("g", encoded):
            await show_groups(turn, decode(encoded))
        case ("o", question_id) if parse_id(question_id) is not None:
            card = await open_card(turn.services, int(question_id))
            if card is None:
                raise StaleButton(turn.incoming.payload)
            turn.clear_state()
            show_card(turn, card)
        case _:
            raise StaleButton(turn.incoming.payload)


async def show_list(turn: Turn, f: QueueFilter, offset: int) -> None:
    def read(r: Repositories) -> tuple[int, list[QueueItem]]:
        return r.voice.queue.count(f), r.voice.queue.listing(f, limit=PAGE, offset=offset)

    total, rows = await turn.services.store.read(read)
    tools = [
        Button(turn.t("cq_filter_button"), f"cq:f:{encode(f)}"),
        Button(turn.t("cq_groups_button"), f"cq:g:{encode(f)}"),
    ]
    if not rows:
        turn.reply(turn.t("cq_empty", filters=describe(turn, f)), [tools])
        return
    lines = [turn.t("cq_title", total=total, filters=describe(turn, f))]
    buttons = []
    for number, row in enumerate(rows, start=offset + 1):
        lines.append(f"{number}. {item_line(turn, row)}")
        buttons.append(Button(f"{number}. {row.ref}", f"cq:o:{row.id}"))
    rows_of_buttons = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if offset > 0:
        nav.append(Button(turn.t("cq_prev_button"), list_payload(f, max(0, offset - PAGE))))
    if offset + PAGE < total:
        nav.append(Button(turn.t("cq_next_button"), list_payload(f, offset + PAGE)))
    turn.reply("\n\n".join(lines), [*rows_of_buttons, *([nav] if nav else []), tools])


def item_line(turn: Turn, row: QueueItem) -> str:
    services = turn.services
    commune = services.deployment.commune(row.commune)
    marks = ("  ⚠️" if row.flag else "") + ("  🕶" if row.anonymous else "")
    head = " · ".join(
        [
            row.ref,
            local_stamp(services, row.created_at)[:5],
            commune.name if commune else "—",
            topic_title(services, row.topic),
        ]
    )
    return f"{head}{marks}\n«{excerpt(row.text, 90)}»"


async def show_filters(turn: Turn, f: QueueFilter) -> None:
    """Buttons that add one condition to the current filter."""
    services = turn.services
    rows = [
        [
            Button(turn.t(f"voice_kind_{kind}"), list_payload(_with(f, kind=kind)))
            for kind in KINDS.values()
        ]
    ]
    rows += [
        [Button(c.name, list_payload(_with(f, commune=c.id)))] for c in services.deployment.communes
    ]
    start = local_now(services) - RECENT_SESSIONS
    recent = await services.store.read(lambda r: r.voice.sessions.since(start))
    rows += [
        [
            Button(
                turn.t("cq_filter_session_button", id=s.id, date=f"{s.starts_at:%d/%m}"),
                list_payload(_with(f, session_id=s.id)),
            )
        ]
        for s in recent[:4]
    ]
    topics = services.faq.catalog.topics if services.faq else []
    buttons = [Button(t.title, list_payload(_with(f, topic=t.id))) for t in topics[:8]]
    rows += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(turn.t("cq_filter_clear"), "cq:l::0")])
    turn.reply(turn.t("cq_filter_title", filters=describe(turn, f)), rows)


def _with(f: QueueFilter, **change: object) -> QueueFilter:
    return QueueFilter(**{**f.__dict__, **change})


async def show_groups(turn: Turn, f: QueueFilter) -> None:
    """Similar pending questions grouped: "12 câu: «…»", each group opened at its centre."""
    grouping = await group_similar(turn.services, f, pool=GROUP_POOL)
    shared = grouping.groups
    if not shared:
        turn.reply(turn.t("cq_groups_none", count=grouping.considered, filters=describe(turn, f)))
        return
    lines = [turn.t("cq_groups_title", count=grouping.considered, groups=len(shared))]
    buttons = []
    for number, group in enumerate(shared[:SHOWN_GROUPS], start=1):
        centre = group.centre
        lines.append(
            turn.t("cq_group_line", n=number, size=group.size, text=excerpt(centre.text, 100))
        )
        buttons.append(
            [Button(turn.t("cq_group_open", n=number, size=group.size), f"cq:o:{centre.id}")]
        )
    lines.append(turn.t("cq_groups_alone", count=grouping.alone))
    turn.reply("\n\n".join(lines), buttons)


def show_card(turn: Turn, card: Card) -> None:
    turn.reply(card_text(turn, card), card_buttons(turn, card))
