"""Sections "Đối thoại" (sessions, questions to staff, time to answer) and "Góp ý"."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from bot.metrics.context import TOTAL, Context, Group, by_commune, by_household, household_rows
from bot.metrics.labels import FEEDBACK_CATEGORIES, NO_DATA, QUESTION_KINDS, percent
from bot.metrics.model import Column, Report, Section, Table, pct, text

QUICK_HOURS = 48
OTHER_KIND = "Không rõ loại"


def _kind(g: Group) -> str | None:
    """The staff-question kind an event submits, or None."""
    if g.type == "feedback_sent":
        return "feedback"
    if g.type == "question_sent":
        return g.value or "faq_miss"
    return None


def build_dialogue(
    ctx: Context,
    report: Report,
    sessions: list[tuple],
    answers: list[tuple[str | None, float | None, str | None]],
) -> Section:
    """Sessions held vs planned, staff questions received and answered, time to answer."""
    section = Section("doi_thoai", "Đối thoại", "Đối thoại chính sách và câu hỏi gửi cán bộ")
    section.tables.append(_sessions(ctx, report, sessions))
    received = ctx.cube.by(lambda g: _kind(g) or "", lambda g: _kind(g) is not None)
    answered: Counter[str] = Counter()
    delivered: Counter[str] = Counter()
    hours: dict[str, list[float]] = defaultdict(list)
    known = {key for key, _ in QUESTION_KINDS}
    for kind, spent, outcome in answers:
        key = kind if kind in known else OTHER_KIND
        answered[key] += 1
        delivered[key] += (outcome or "sent") == "sent"
        if spent is not None:
            hours[key].append(spent)
    labels = [*QUESTION_KINDS, *([(OTHER_KIND, OTHER_KIND)] if answered[OTHER_KIND] else [])]
    rows: list[list[Any]] = [
        [label, received[key], answered[key], delivered[key]] for key, label in labels
    ]
    rows.append([TOTAL, *(sum(r[i] for r in rows) for i in (1, 2, 3))])
    section.tables.append(
        Table(
            "cau_hoi",
            "Câu hỏi gửi cán bộ",
            [
                text("Loại"),
                Column("Nhận trong kỳ"),
                Column("Được trả lời trong kỳ"),
                Column("Câu trả lời đến được người hỏi"),
            ],  # fmt: skip
            rows,
            "Góp ý gửi ẩn danh được đếm khi nhận nhưng không theo dõi được câu trả lời.",
        )
    )
    everything = [h for values in hours.values() for h in values]
    time_rows = [[label, *_durations(hours[key])] for key, label in labels]
    time_rows.append([TOTAL, *_durations(everything)])
    section.tables.append(
        Table(
            "thoi_gian_tra_loi",
            "Thời gian trả lời",
            [
                text("Loại"),
                Column("Số câu trả lời"),
                Column("Trung bình (giờ)", "number"),
                Column("Trung vị (giờ)", "number"),
                Column("Lâu nhất (giờ)", "number"),
                pct(f"Trả lời trong {QUICK_HOURS} giờ"),
            ],  # fmt: skip
            time_rows,
            "Từ lúc người dân gửi đến câu trả lời đầu tiên, cho các câu trả lời trong kỳ.",
        )
    )
    columns = [Column(label) for _, label in QUESTION_KINDS]
    kinds = [key for key, _ in QUESTION_KINDS]
    section.tables.extend(_breakdowns(ctx, lambda g: _kind(g) in kinds, _kind, kinds, columns))
    total_received = sum(received.values())
    report.headline.update(
        staff_questions=total_received,
        staff_answered=sum(answered.values()),
        answer_hours_median=_durations(everything)[2],
    )
    return section


def _durations(values: list[float]) -> list:
    if not values:
        return [0, None, None, None, None]
    quick = sum(1 for v in values if v <= QUICK_HOURS)
    return [
        len(values),
        round(statistics.fmean(values), 1),
        round(statistics.median(values), 1),
        round(max(values), 1),
        percent(quick, len(values)),
    ]


def _sessions(ctx: Context, report: Report, sessions: list[tuple]) -> Table:
    columns = [
        text("Xã"),
        Column("Kế hoạch năm (buổi)"),
        Column("Đã tổ chức"),
        Column("Sắp tổ chức"),
        Column("Đã hủy"),
        pct("Tỷ lệ đạt kế hoạch"),
    ]
    plan = ctx.deployment.targets.get("dialogue_sessions_per_commune")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for commune, status, past, n in sessions:
        state = "cancelled" if status == "cancelled" else ("held" if past else "upcoming")
        counts[commune][state] += n
    rows: list[list[Any]] = []
    for commune in ctx.communes():
        c = counts[commune.id]
        rows.append(
            [commune.name, plan, c["held"], c["upcoming"], c["cancelled"],
             percent(c["held"], plan or 0)]
        )  # fmt: skip
    planned = plan * len(rows) if plan else None
    held = sum(r[2] for r in rows)
    rows.append(
        [TOTAL, planned, held, sum(r[3] for r in rows), sum(r[4] for r in rows),
         percent(held, planned or 0)]
    )  # fmt: skip
    report.headline.update(sessions_planned=planned, sessions_held=held)
    return Table(
        "buoi_doi_thoai",
        "Buổi đối thoại",
        columns,
        rows,
        "Buổi đã tổ chức: buổi không bị hủy, có giờ bắt đầu trong kỳ và trước lúc lập báo cáo.",
    )


def _breakdowns(
    ctx: Context,
    match: Callable[[Group], bool],
    key_of: Callable[[Group], str | None],
    keys: list[str],
    columns: list[Column],
) -> list[Table]:
    """The same counts by household category and by commune, with totals."""

    def only(k: str) -> Callable[[Group], bool]:
        return lambda g: match(g) and key_of(g) == k

    home = {k: ctx.cube.by(by_household, only(k)) for k in keys}
    place = {k: ctx.cube.by(by_commune, only(k)) for k in keys}
    total = [sum(c.values()) for c in home.values()]
    all_columns = [*columns, Column("Tổng")]
    household_table = Table(
        "theo_loai_ho",
        "Theo loại hộ",
        [text("Loại hộ"), *all_columns],
        household_rows(
            lambda h: [*(home[k][h] for k in keys), sum(home[k][h] for k in keys)],
            total=[*total, sum(total)],
        ),
    )
    seen = {c for counts in place.values() for c in counts}
    rows = [
        [ctx.commune_name(c), *(place[k][c] for k in keys), sum(place[k][c] for k in keys)]
        for c in ctx.commune_keys(seen)
    ]
    rows.append([TOTAL, *total, sum(total)])
    return [household_table, Table("theo_xa", "Theo xã", [text("Xã"), *all_columns], rows)]


def build_feedback(ctx: Context, report: Report) -> Section:
    """Feedback (góp ý, phản ánh, kiến nghị) by category, household and commune."""
    section = Section("gop_y", "Góp ý", "Góp ý, phản ánh, kiến nghị của người dân")
    sent = [g for g in ctx.cube.groups if g.type == "feedback_sent"]
    keys = [key for key, _ in FEEDBACK_CATEGORIES]

    def category(g: Group) -> str:
        return g.value if g.value is not None and g.value in keys else "khac"

    rows: list[list[Any]] = []
    for key, label in FEEDBACK_CATEGORIES:
        named = sum(g.n for g in sent if category(g) == key and g.outcome != "anonymous")
        anonymous = sum(g.n for g in sent if category(g) == key and g.outcome == "anonymous")
        rows.append([label, named + anonymous, named, anonymous])
    rows.append([TOTAL, *(sum(r[i] for r in rows) for i in (1, 2, 3))])
    section.tables.append(
        Table(
            "theo_loai",
            "Theo loại góp ý",
            [text("Loại góp ý"), Column("Tổng"), Column("Có tên"), Column("Ẩn danh")],
            rows,
            "" if sent else NO_DATA + ".",
        )
    )
    columns = [Column(label) for _, label in FEEDBACK_CATEGORIES]
    section.tables.extend(
        _breakdowns(ctx, lambda g: g.type == "feedback_sent", category, keys, columns)
    )
    report.headline["feedback"] = rows[-1][1]
    return section
