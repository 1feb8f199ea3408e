"""Exports for the dialogue team: questions (or feedback) grouped by topic, with counts.

``questions_xlsx``/``feedback_xlsx`` build an Excel workbook (openpyxl): a summary sheet of
counts per topic (per category for feedback), every item grouped by topic and, inside a topic,
by similar wording, and a sheet of the groups. ``*_csv`` give the same rows as CSV (UTF-8
with BOM so Excel shows Vietnamese correctly). Items flagged as abusive and rejected or
withdrawn ones are left out; contact details only when asked for (``contacts=True``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot.core.local_time import format_when, local_stamp
from bot.core.services import Services
from bot.spreadsheet import safe_row
from bot.store.voice_queue import QueueFilter
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


@dataclass
class Group:
    """One topic (or feedback category) and its items, similar ones next to each other."""

    label: str
    rows: list[dict] = field(default_factory=list)


def collect(services: Services, selection: Selection) -> list[dict]:
    queue = services.store.voice.queue
    rows = []
    for kind in selection.kinds:
        f = QueueFilter(
            session_id=selection.session_id, commune=selection.commune, kind=kind, status=None
        )
        rows += [
            r
            for r in queue.listing(f, limit=LIMIT)
            if r["status"] in selection.statuses and not r["flag"]
        ]
    return sorted(rows, key=lambda r: r["id"])


def grouped(services: Services, rows: list[dict], *, by: str) -> list[Group]:
    """Groups by topic (``by="topic"``) or feedback category, biggest first."""
    groups: dict[str, Group] = {}
    for row in rows:
        label = (
            topic_title(services, row["topic"])
            if by == "topic"
            else services.texts.get(f"gy_category_{row['category'] or 'khac'}")
        )
        groups.setdefault(label, Group(label)).rows.append(row)
    terms = clustering.terms_for(services)
    for group in groups.values():
        clusters = clustering.cluster([r["text"] for r in group.rows], terms=terms)
        ordered = []
        for number, c in enumerate(clusters, start=1):
            for index in c.members:
                ordered.append({**group.rows[index], "_group": number, "_group_size": c.size})
        group.rows = ordered
    return sorted(groups.values(), key=lambda g: (-len(g.rows), g.label))


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


def cells(services: Services, row: dict, selection: Selection) -> dict[str, object]:
    texts = services.texts
    queue = services.store.voice.queue
    commune = services.deployment.commune(row["commune"])
    answer = queue.last_answer(row["id"])
    contact = queue.contact(row["id"]) if selection.contacts else None
    size = row.get("_group_size", 1)
    return {
        "ref": row["ref"],
        "created": local_stamp(services, row["created_at"]),
        "commune": commune.name if commune else "",
        "kind": texts.get(f"voice_kind_{row['kind']}"),
        "anonymous": "có" if row["anonymous"] else "",
        "group": f"Nhóm {row.get('_group', '')}: {size} câu" if size > 1 else "",
        "text": row["text"],
        "status": texts.get(f"cq_status_{row['status']}"),
        "answer": (answer["text"] if answer else "") or "",
        "name": contact[0] if contact else "",
        "phone": contact[1] if contact else "",
    }


def title(services: Services, selection: Selection, what: str) -> str:
    parts = [what]
    if selection.session_id is not None:
        session = services.store.voice.sessions.get(selection.session_id)
        if session is not None:
            commune = services.deployment.commune(session.commune)
            parts.append(
                f"buổi đối thoại #{session.id}, {format_when(session.starts_at)}, "
                f"{commune.name if commune else session.commune}, {session.place}"
            )
    elif selection.commune:
        commune = services.deployment.commune(selection.commune)
        parts.append(commune.name if commune else selection.commune)
    return " — ".join(parts)


def workbook(services: Services, selection: Selection, *, by: str, what: str) -> bytes:
    groups = grouped(services, collect(services, selection), by=by)
    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    assert summary is not None
    summary.title = "Tổng hợp"
    summary.append(safe_row([title(services, selection, what)]))
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    heading = "Chủ đề" if by == "topic" else "Loại ý kiến"
    summary.append([heading, "Số câu", "Chờ trả lời", "Số nhóm câu giống nhau"])
    for cell in summary[3]:
        cell.font = bold
    for group in groups:
        waiting = sum(1 for r in group.rows if r["status"] in ("pending", "merged"))
        shared = len({r["_group"] for r in group.rows if r["_group_size"] > 1})
        summary.append(safe_row([group.label, len(group.rows), waiting, shared]))
    summary.append(["Tổng cộng", sum(len(g.rows) for g in groups)])
    summary.cell(summary.max_row, 1).font = bold
    summary.column_dimensions["A"].width = 40

    items = book.create_sheet("Chi tiết")
    cols = columns(services, selection)
    items.append([heading, *(name for _, name in cols)])
    for cell in items[1]:
        cell.font = bold
    for group in groups:
        items.append(safe_row([f"{group.label} — {len(group.rows)} câu"]))
        items.cell(items.max_row, 1).font = bold
        for row in group.rows:
            values = cells(services, row, selection)
            items.append(safe_row([group.label, *(values[key] for key, _ in cols)]))
    text_col = 2 + [key for key, _ in cols].index("text")
    for col, width in ((1, 24), (text_col, 70), (text_col + 2, 50)):
        items.column_dimensions[items.cell(1, col).column_letter].width = width
    for row_cells in items.iter_rows(min_row=2):
        row_cells[text_col - 1].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(services: Services, selection: Selection, *, by: str) -> str:
    groups = grouped(services, collect(services, selection), by=by)
    cols = columns(services, selection)
    out = io.StringIO()
    writer = csv.writer(out)
    heading = "Chủ đề" if by == "topic" else "Loại ý kiến"
    writer.writerow([heading, "Số câu cùng chủ đề", *(name for _, name in cols)])
    for group in groups:
        for row in group.rows:
            values = cells(services, row, selection)
            writer.writerow(
                safe_row([group.label, len(group.rows), *(values[key] for key, _ in cols)])
            )
    return "\ufeff" + out.getvalue()


def questions_xlsx(services: Services, selection: Selection) -> bytes:
    return workbook(services, selection, by="topic", what="Câu hỏi của người dân")


def questions_csv(services: Services, selection: Selection) -> str:
    return table(services, selection, by="topic")


def feedback_selection(selection: Selection) -> Selection:
    return Selection(session_id=None, commune=selection.commune, kinds=("feedback",),
                     statuses=selection.statuses, contacts=False)  # fmt: skip


def feedback_xlsx(services: Services, selection: Selection) -> bytes:
    return workbook(
        services, feedback_selection(selection), by="category", what="Góp ý, phản ánh, kiến nghị"
    )


def feedback_csv(services: Services, selection: Selection) -> str:
    return table(services, feedback_selection(selection), by="category")
