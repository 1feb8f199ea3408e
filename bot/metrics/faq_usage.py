"""Section "Hỏi đáp": questions typed to the assistant and how they ended, by topic, intent,
household and commune; 👍/👎; the questions it could not answer most often.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from bot.metrics.context import TOTAL, Context, Group, by_commune, by_household, household_rows
from bot.metrics.labels import REJECTED_SUGGESTIONS, percent
from bot.metrics.model import Column, Report, Section, Table, pct, text

TOP_MISSED = 10
MAX_QUESTION_CHARS = 150
# Four or more digits in a row (phone numbers, ID numbers) are hidden in the report.
DIGITS = re.compile(r"\d[\d .-]{2,}\d")
UNKNOWN_TOPIC = "Chưa xác định chủ đề"
OUTCOMES = ("faq_answer", "faq_suggest", "faq_miss")


def asked_as(type: str) -> Callable[[Group], bool]:
    """Matches new typed questions that ended as ``type``."""
    return lambda g: is_question(g) and g.type == type


def is_question(g: Group) -> bool:
    """A new typed question (a miss after rejected suggestions is not a new one)."""
    return g.type in OUTCOMES and not (g.type == "faq_miss" and g.outcome == REJECTED_SUGGESTIONS)


def _split(counts: dict[str, int]) -> list:
    """Asked, answered, suggested, missed, answered share."""
    answered, suggested, missed = (counts.get(t, 0) for t in OUTCOMES)
    asked = answered + suggested + missed
    return [asked, answered, suggested, missed, percent(answered, asked)]


def build(
    ctx: Context, report: Report, intent_rows: list[tuple], missed_rows: list[tuple]
) -> Section:
    """Fill the section from the cube, the store's ``intent_counts`` and ``missed_texts``."""
    cube = ctx.cube
    section = Section("hoi_dap", "Hỏi đáp", "Hỏi đáp với trợ lý")
    totals = {t: cube.total(asked_as(t)) for t in OUTCOMES}
    asked, answered, suggested, missed, _ = _split(totals)
    rejected = cube.total(lambda g: g.type == "faq_miss" and g.outcome == REJECTED_SUGGESTIONS)
    menu = cube.total(lambda g: g.type == "menu_answer")
    section.tables.append(
        Table(
            "ket_qua",
            "Kết quả trả lời",
            [text("Kết quả"), Column("Số lượt"), pct("Tỷ lệ")],
            [
                ["Trả lời ngay", answered, percent(answered, asked)],
                ["Gợi ý câu hỏi gần đúng", suggested, percent(suggested, asked)],
                ["Chưa trả lời được", missed, percent(missed, asked)],
                ["Tổng số câu hỏi gõ vào", asked, percent(asked, asked)],
                [
                    "Không chọn gợi ý nào (tỷ lệ trên số lần gợi ý)",
                    rejected,
                    percent(rejected, suggested),
                ],  # fmt: skip
                ["Câu trả lời xem từ danh mục chủ đề", menu, None],
            ],
        )
    )
    votes = cube.by(lambda g: g.value or "", lambda g: g.type == "faq_feedback")
    up, down = votes["up"], votes["down"]
    section.tables.append(
        Table(
            "danh_gia",
            "Đánh giá câu trả lời",
            [text("Đánh giá"), Column("Số lượt"), pct("Tỷ lệ")],
            [
                ["👍 Hữu ích", up, percent(up, up + down)],
                ["👎 Chưa đúng", down, percent(down, up + down)],
                [TOTAL, up + down, percent(up + down, up + down)],
            ],
        )
    )
    by_topic, by_intent = _topic_and_intent(ctx, intent_rows, missed)
    section.tables.extend([by_topic, by_intent])
    report.topic_outcomes = [(str(r[0]), r[2], r[3], r[4]) for r in by_topic.rows[:-1] if r[1]]
    for key, title, group, rows_for in (
        ("theo_loai_ho", "Theo loại hộ", by_household, household_rows),
        ("theo_xa", "Theo xã", by_commune, None),
    ):
        per = {t: cube.by(group, asked_as(t)) for t in OUTCOMES}
        views = cube.by(group, lambda g: g.type == "menu_answer")

        def values(k: str, per: dict = per, views: Counter = views) -> list:
            return [*_split({t: per[t][k] for t in OUTCOMES}), views[k]]

        total = [*_split(totals), menu]
        if rows_for is not None:
            rows = rows_for(values, total=total)
            first = text("Loại hộ")
        else:
            seen = {k for counts in per.values() for k in counts} | set(views)
            rows = [[ctx.commune_name(k), *values(k)] for k in ctx.commune_keys(seen)]
            rows.append([TOTAL, *total])
            first = text("Xã")
        section.tables.append(Table(key, title, [first, *SPLIT_COLUMNS], rows))
    section.tables.append(_missed(ctx, missed_rows))
    report.headline.update(
        asked=asked, answered=answered, suggested=suggested, missed=missed,
        answered_rate=percent(answered, asked), menu_answers=menu,
        thumbs_up=up, thumbs_down=down, up_share=percent(up, up + down),
    )  # fmt: skip
    return section


SPLIT_COLUMNS = [
    Column("Câu hỏi gõ vào"),
    Column("Trả lời ngay"),
    Column("Gợi ý"),
    Column("Chưa trả lời được"),
    pct("Tỷ lệ trả lời ngay"),
    Column("Xem từ danh mục"),
]


def _topic_and_intent(ctx: Context, rows: list[tuple], missed: int) -> tuple[Table, Table]:
    kinds = ("faq_answer", "faq_suggest", "menu_answer", "up", "down")
    topics: dict[str | None, Counter[str]] = defaultdict(Counter)
    intents: dict[str, Counter[str]] = defaultdict(Counter)
    for type, intent, topic, _outcome, value, n in rows:
        kind = value if type == "faq_feedback" else type
        if kind not in kinds:
            continue
        topics[ctx.catalog.topic_of(intent, topic)][kind] += n
        if intent:
            intents[intent][kind] += n
    order: list[str | None] = list(ctx.catalog.topics)
    order += sorted(t for t in topics if t is not None and t not in order)
    topic_rows: list[list[Any]] = []
    for topic in [*order, None]:
        c = topics.get(topic, Counter())
        unknown_misses = missed if topic is None else 0
        asked = c["faq_answer"] + c["faq_suggest"] + unknown_misses
        topic_rows.append(
            [ctx.catalog.topic_title(topic), asked, c["faq_answer"], c["faq_suggest"],
             unknown_misses, c["menu_answer"], c["up"], c["down"]]
        )  # fmt: skip
    topic_rows.append([TOTAL, *(sum(r[i] for r in topic_rows) for i in range(1, 8))])
    counts = [Column("Trả lời ngay"), Column("Gợi ý")]
    tail = [Column("Xem từ danh mục"), Column("👍"), Column("👎")]
    by_topic = Table(
        "theo_chu_de",
        "Theo chủ đề",
        [text("Chủ đề"), Column("Câu hỏi gõ vào"), *counts, Column("Chưa trả lời được"), *tail],
        topic_rows,
        "Câu hỏi chưa trả lời được không xác định được chủ đề.",
    )
    ranked = sorted(intents, key=lambda i: (-sum(intents[i][k] for k in kinds[:3]), i))
    intent_rows = [
        [
            ctx.catalog.intent_title(i),
            i,
            ctx.catalog.topic_title(ctx.catalog.topic_of(i)),
            *(intents[i][k] for k in kinds),
        ]  # fmt: skip
        for i in ranked
    ]
    by_intent = Table(
        "theo_cau_hoi",
        "Theo câu hỏi mẫu",
        [text("Câu hỏi mẫu"), text("Mã"), text("Chủ đề"), *counts, *tail],
        intent_rows,
    )
    return by_topic, by_intent


def fold(question: str) -> str:
    """Lowercase, single spaces, no trailing punctuation: to count repeats of a question."""
    return " ".join(question.lower().split()).strip(" ?.!")


def shown(question: str) -> str:
    """The question as the report prints it: digits hidden, at most 150 characters."""
    question = DIGITS.sub("***", " ".join(question.split()))
    if len(question) > MAX_QUESTION_CHARS:
        question = question[: MAX_QUESTION_CHARS - 1] + "…"
    return question


def _missed(ctx: Context, rows: list[tuple]) -> Table:
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    guesses: dict[str, Counter[str]] = defaultdict(Counter)
    for question, guess, n in rows:
        key = fold(question)
        counts[key] += n
        first.setdefault(key, question)
        if guess:
            guesses[key][guess] += n
    ranked = sorted(counts, key=lambda k: (-counts[k], k))[:TOP_MISSED]
    table_rows: list[list[Any]] = []
    for rank, key in enumerate(ranked, start=1):
        guess = guesses[key].most_common(1)[0][0] if guesses[key] else None
        title = ctx.catalog.intent_title(guess) if guess else ""
        table_rows.append([rank, shown(first[key]), counts[key], title])
    return Table(
        "cau_hoi_chua_tra_loi",
        "Câu hỏi chưa trả lời được, gặp nhiều nhất",
        [Column("STT"), text("Câu hỏi"), Column("Số lần"), text("Câu hỏi mẫu gần nhất")],
        table_rows,
        "Từ các câu hỏi người dân đã gửi cho cán bộ; số điện thoại và dãy số được che.",
    )
