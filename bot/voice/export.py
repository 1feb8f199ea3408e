"""Exports for the dialogue team: questions (or feedback) grouped by topic, with counts.

``questions_xlsx``/``feedback_xlsx`` build an Excel workbook (openpyxl): a summary sheet of
counts per topic (per category for feedback), every item grouped by topic and, inside a topic,
by similar wording, and a sheet of the groups. ``*_csv`` give the same rows as CSV (UTF-8
with BOM so Excel shows Vietnamese correctly). Items flagged as abusive and rejected or
withdrawn ones are left out; contact details only when asked for (``contacts=True``).
"""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot.core.local_time import format_when, local_stamp
from bot.core.services import Services
from bot.spreadsheet import safe_row
from bot.store import Repositories
from bot.store.voice import DialogueSession
from bot.store.voice_queue import QueueFilter, QueueItem
from bot.voice import clustering
from bot.voice.topic_guess import topic_title

LIVE = ("pending", "merged", "answered", "answered_at_session")
LIMIT = 100_000


@dataclass(frozen=True)
class Selection:
    """Which items to export."""

    session_id: int | None = None
    commune: str | None = None
    kinds: tuple[str, ...] = ("dialogue", "faq_miss")
    statuses: tuple[str, ...] = LIVE
    contacts: bool = False


@dataclass(frozen=True)
class ExportRow:
    """One exported item and its place among the similar wordings of its topic."""

    item: QueueItem
    group: int  # its group of similar wording inside the topic, 1 for the biggest
    group_size: int


@dataclass(frozen=True)
class Group:
    """One topic (or feedback category) and its items, similar ones next to each other."""

    label: str
    rows: tuple[ExportRow, ...]


@dataclass(frozen=True)
class Export:
    """What one export writes, read from the database in one go."""

    selection: Selection
    title: str
    groups: list[Group]
    answers: dict[int, str]  # question id -> the text of its last answer
    contacts: dict[int, tuple[str, str]]  # question id -> (name, phone), when asked for


def read_items(r: Repositories, selection: Selection) -> list[QueueItem]:
    """The selected items, oldest first (on the database thread)."""
    rows = []
    for kind in selection.kinds:
        f = QueueFilter(
            session_id=selection.session_id, commune=selection.commune, kind=kind, status=None
        )
        rows += [
            r
            for r in r.voice.queue.listing(f, limit=LIMIT)
            if r.status in selection.statuses and not r.flag
        ]
    return sorted(rows, key=lambda r: r.id)


async def collect(services: Services, selection: Selection) -> list[QueueItem]:
    return await services.store.read(lambda r: read_items(r, selection))


def grouped(services: Services, rows: list[QueueItem], *, by: str) -> list[Group]:
    """Groups by topic (``by="topic"``) or feedback category, biggest first (CPU work:
    about a second for 10,000 items, callers on the event loop use a worker thread)."""
    items: dict[str, list[QueueItem]] = {}
    for row in rows:
        label = (
            topic_title(services, row.topic)
            if by == "topic"
            else services.texts.get(f"gy_category_{row.category or 'khac'}")
        )
        items.setdefault(label, []).append(row)
    terms = clustering.terms_for(services)
    groups = []
    for label, members in items.items():
        clusters = clustering.cluster([r.text for r in members], terms=terms)
        ordered = [
            ExportRow(members[index], number, c.size)
            for number, c in enumerate(clusters, start=1)
            for index in c.members
        ]
        groups.append(Group(label, tuple(ordered)))
    return sorted(groups, key=lambda g: (-len(g.rows), g.label))


async def prepare(services: Services, selection: Selection, *, by: str, what: str) -> Export:
    """Read everything the export shows in one go, then group it in a worker thread."""

    def read(r: Repositories) -> tuple[list[QueueItem], dict, dict, DialogueSession | None]:
        rows = read_items(r, selection)
        ids = [row.id for row in rows]
        answers = {i: a.text or "" for i, a in r.voice.queue.last_answers(ids).items()}
        contacts = r.voice.queue.contacts(ids) if selection.contacts else {}
        session_id = selection.session_id
        session = r.voice.sessions.get(session_id) if session_id is not None else None
        return rows, answers, contacts, session

    rows, answers, contacts, session = await services.store.read(read)
    groups = await asyncio.to_thread(grouped, services, rows, by=by)
    heading = title(services, selection, what, session)
    return Export(selection, heading, groups, answers, contacts)


def columns(services: Services, selection: Selection) -> list[tuple[str, str]]:
    """(key, heading) of the item columns."""
    cols = [("ref", "Mã"), ("created", "Ngày gửi"), ("commune", "Xã"), ("kind", "Loại"),
            ("group", "Nhóm giống nhau"), ("text", "Nội dung"), ("status", "Trạng thái"),
            ("answer", "Trả lời")]  # fmt: skip
    if "feedback" in selection.kinds:
        cols.insert(4, ("anonymous", "Ẩn danh"))
    if selection.contacts:
        cols += [("name", "Họ tên (người dân để lại)"), ("phone", "Điện thoại")]
    return cols


def cells(services: Services, row: ExportRow, export: Export) -> dict[str, object]:
    texts = services.texts
    item = row.item
    commune = services.deployment.commune(item.commune)
    contact = export.contacts.get(item.id)
    return {
        "ref": item.ref,
        "created": local_stamp(services, item.created_at),
        "commune": commune.name if commune else "",
        "kind": texts.get(f"voice_kind_{item.kind}"),
        "anonymous": "có" if item.anonymous else "",
        "group": f"Nhóm {row.group}: {row.group_size} câu" if row.group_size > 1 else "",
        "text": item.text,
        "status": texts.get(f"cq_status_{item.status}"),
        "answer": export.answers.get(item.id, ""),
        "name": contact[0] if contact else "",
        "phone": contact[1] if contact else "",
    }


def title(
    services: Services, selection: Selection, what: str, session: DialogueSession | None
) -> str:
    parts = [what]
    if session is not None:
        commune = services.deployment.commune(session.commune)
        parts.append(
            f"buổi đối thoại #{session.id}, {format_when(session.starts_at)}, "
            f"{commune.name if commune else session.commune}, {session.place}"
        )
    elif selection.session_id is None and selection.commune:
        commune = services.deployment.commune(selection.commune)
        parts.append(commune.name if commune else selection.commune)
    return " — ".join(parts)


def heading_of(by: str) -> str:
    return "Chủ đề" if by == "topic" else "Loại ý kiến"


def workbook(services: Services, export: Export, *, by: str) -> bytes:
    """The Excel file (CPU work: a worker thread runs it)."""
    groups = export.groups
    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    assert summary is not None
    summary.title = "Tổng hợp"
    summary.append(safe_row([export.title]))
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    heading = heading_of(by)
    summary.append([heading, "Số câu", "Chờ trả lời", "Số nhóm câu giống nhau"])
    for cell in summary[3]:
        cell.font = bold
    for group in groups:
        waiting = sum(1 for r in group.rows if r.item.status in ("pending", "merged"))
        shared = len({r.group for r in group.rows if r.group_size > 1})
        summary.append(safe_row([group.label, len(group.rows), waiting, shared]))
    summary.append(["Tổng cộng", sum(len(g.rows) for g in groups)])
    summary.cell(summary.max_row, 1).font = bold
    summary.column_dimensions["A"].width = 40

    items = book.create_sheet("Chi tiết")
    cols = columns(services, export.selection)
    items.append([heading, *(name for _, name in cols)])
    for cell in items[1]:
        cell.font = bold
    for group in groups:
        items.append(safe_row([f"{group.label} — {len(group.rows)} câu"]))
        items.cell(items.max_row, 1).font = bold
        for row in group.rows:
            values = cells(services, row, export)
            items.append(safe_row([group.label, *(values[key] for key, _ in cols)]))
    text_col = 2 + [key for key, _ in cols].index("text")
    for col, width in ((1, 24), (text_col, 70), (text_col + 2, 50)):
        items.column_dimensions[items.cell(1, col).column_letter].width = width
    for row_cells in items.iter_rows(min_row=2):
        row_cells[text_col - 1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(services: Services, export: Export, *, by: str) -> str:
    """The same rows as CSV, UTF-8 with a BOM (CPU work: a worker thread runs it)."""
    cols = columns(services, export.selection)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading_of(by), "Số câu cùng chủ đề", *(name for _, name in cols)])
    for group in export.groups:
        for row in group.rows:
            values = cells(services, row, export)
            writer.writerow(
                safe_row([group.label, len(group.rows), *(values[key] for key, _ in cols)])
            )
    return "\ufeff" + out.getvalue()


QUESTIONS = "Câu hỏi của người dân"
FEEDBACK = "Góp ý, phản ánh, kiến nghị"


async def questions_xlsx(services: Services, selection: Selection) -> bytes:
    export = await prepare(services, selection, by="topic", what=QUESTIONS)
    return await asyncio.to_thread(workbook, services, export, by="topic")


async def questions_csv(services: Services, selection: Selection) -> str:
    export = await prepare(services, selection, by="topic", what=QUESTIONS)
    return await asyncio.to_thread(table, services, export, by="topic")


def feedback_selection(selection: Selection) -> Selection:
    return Selection(session_id=None, commune=selection.commune, kinds=("feedback",),
                     statuses=selection.statuses, contacts=False)  # fmt: skip


async def feedback_xlsx(services: Services, selection: Selection) -> bytes:
    export = await prepare(services, feedback_selection(selection), by="category", what=FEEDBACK)
    return await asyncio.to_thread(workbook, services, export, by="category")


async def feedback_csv(services: Services, selection: Selection) -> str:
    export = await prepare(services, feedback_selection(selection), by="category", what=FEEDBACK)
    return await asyncio.to_thread(table, services, export, by="category")
