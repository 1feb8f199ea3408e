"""Section "Tiếp cận": how many different citizens were reached, by commune, household,
village and over time, against the deployment's reach target.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from bot.metrics.context import TOTAL, Context, column_sums, household_rows
from bot.metrics.labels import UNKNOWN, UNKNOWN_LABEL, household_key, percent
from bot.metrics.model import Column, Report, Section, Table, pct, text

# The per-person counts of bot.store.reports.ReportQueries.people, in its column order.
FIELDS = ("people", "reached", "active", "consented", "subscribed", "unsubscribed", "deleted")
PERSON_COLUMNS = [
    Column("Người được tiếp cận"),
    Column("Người tương tác"),
    Column("Người đồng ý mới"),
    Column("Người đăng ký nhận tin mới"),
    Column("Người dừng nhận tin"),
    Column("Người xóa dữ liệu"),
]
NOTE = (
    "Mỗi người dân (tài khoản nhắn tin) được đếm một lần, theo xã, thôn/bản và loại hộ mới nhất "
    "trong kỳ. Được tiếp cận: đã nhận ít nhất một câu trả lời, tin gửi hoặc thông báo về chính "
    "sách. Tương tác: đã tự hỏi, chọn chủ đề, đăng ký hoặc gửi câu hỏi."
)


def build(ctx: Context, report: Report, rows: list[tuple], bucket_labels: list[str]) -> Section:
    """Fill the section from :func:`bot.store.reports.ReportQueries.people` rows."""
    zero = [0] * len(FIELDS)
    communes: dict[str, list[int]] = defaultdict(lambda: list(zero))
    households: dict[str, list[int]] = defaultdict(lambda: list(zero))
    villages: dict[tuple[str, str], list[int]] = defaultdict(lambda: list(zero))
    in_bucket = [0] * len(bucket_labels)
    first_in = [0] * len(bucket_labels)
    for commune, village, household, mask, *counts in rows:
        commune_key = commune or UNKNOWN
        for target in (
            communes[commune_key],
            households[household_key(household)],
            villages[(commune_key, village or UNKNOWN)],
        ):
            for i, value in enumerate(counts):
                target[i] += value
        people = counts[0]
        if mask:
            first_in[(mask & -mask).bit_length() - 1] += people
        while mask:
            lowest = mask & -mask
            in_bucket[lowest.bit_length() - 1] += people
            mask ^= lowest
    section = Section("tiep_can", "Tiếp cận", "Người dân được tiếp cận thông tin")
    section.tables.append(_by_commune(ctx, report, communes))
    section.tables.append(
        Table(
            "theo_loai_ho",
            "Theo loại hộ",
            [text("Loại hộ"), *PERSON_COLUMNS],
            household_rows(lambda key: households[key][1:], total=_sum(households.values())),
        )
    )
    section.tables.append(_by_village(ctx, villages))
    cumulative = 0
    over_time: list[list[Any]] = []
    for label, reached, first in zip(bucket_labels, in_bucket, first_in, strict=True):
        cumulative += first
        over_time.append([label, reached, first, cumulative])
    section.tables.append(
        Table(
            "theo_thoi_gian",
            "Theo thời gian",
            [
                text("Kỳ"),
                Column("Người được tiếp cận trong kỳ"),
                Column("Người được tiếp cận lần đầu"),
                Column("Lũy kế người được tiếp cận"),
            ],
            over_time,
            "Lần đầu: lần đầu tiên trong kỳ báo cáo này.",
        )
    )
    report.bucket_labels = list(bucket_labels)
    report.series["reached"] = in_bucket
    report.series["reached_cumulative"] = [int(row[3]) for row in over_time]
    totals = _sum(communes.values())
    report.headline.update(zip(FIELDS[1:], totals, strict=True))
    return section


def _sum(groups: object) -> list[int]:
    rows = [values[1:] for values in groups]  # type: ignore[attr-defined]
    return [sum(column) for column in zip(*rows, strict=True)] if rows else [0] * 6


def _by_commune(ctx: Context, report: Report, communes: dict[str, list[int]]) -> Table:
    share = ctx.deployment.targets.get("reach_share")
    rows: list[list[Any]] = []
    for key in ctx.commune_keys(communes):
        values = communes.get(key, [0] * len(FIELDS))
        commune = ctx.deployment.commune(key)
        # Household counts are per commune: a village report has no base to compare with.
        households = commune.households if commune and ctx.area.village is None else None
        target = math.ceil(households * share) if households and share else None
        reached = values[1]
        rows.append(
            [ctx.commune_name(key), households, target, reached,
             percent(reached, households or 0), percent(reached, target or 0), *values[2:]]
        )  # fmt: skip
    known = [r for r in rows if r[1] is not None]  # communes with a household count
    households_total: int | None = sum(int(r[1]) for r in known) if known else None
    target_total: int | None = (
        sum(int(r[2]) for r in known if r[2] is not None) if known and share else None
    )
    sums = column_sums(rows, skip=3)
    reached_total = sums[0]
    rows.append(
        [TOTAL, households_total, target_total, reached_total,
         percent(reached_total, households_total or 0), percent(reached_total, target_total or 0),
         *sums[3:]]
    )  # fmt: skip
    report.headline.update(
        households=households_total,
        reach_target=target_total,
        reach_of_target=percent(reached_total, target_total or 0),
        reach_share_target=share,
    )
    note = NOTE
    if share:
        note += f" Chỉ tiêu: {round(share * 100)}% số hộ của xã được tiếp cận (chỉ tiêu năm)."
    return Table(
        "theo_xa",
        "Theo xã",
        [
            text("Xã"),
            Column("Số hộ"),
            Column("Chỉ tiêu (hộ)"),
            PERSON_COLUMNS[0],
            pct("Tỷ lệ so với số hộ"),
            pct("Tỷ lệ đạt chỉ tiêu"),
            *PERSON_COLUMNS[1:],
        ],
        rows,
        note,
    )


def _by_village(ctx: Context, villages: dict[tuple[str, str], list[int]]) -> Table:
    rows: list[list[Any]] = []
    seen = {commune for commune, _ in villages}
    for commune_key in ctx.commune_keys(seen):
        commune = ctx.deployment.commune(commune_key)
        listed = list(commune.villages) if commune else []
        if ctx.area.village is not None:
            listed = [v for v in listed if v == ctx.area.village]
        found = sorted(v for c, v in villages if c == commune_key and v not in listed)
        names = (
            listed + [v for v in found if v != UNKNOWN] + ([UNKNOWN] if UNKNOWN in found else [])
        )
        for village in names:
            values = villages.get((commune_key, village), [0] * len(FIELDS))
            label = UNKNOWN_LABEL if village == UNKNOWN else village
            rows.append([ctx.commune_name(commune_key), label, values[1], values[2]])
    rows.append([TOTAL, "", *column_sums(rows, skip=2)])
    return Table(
        "theo_thon",
        "Theo thôn/bản",
        [text("Xã"), text("Thôn/bản"), PERSON_COLUMNS[0], PERSON_COLUMNS[1]],
        rows,
    )
