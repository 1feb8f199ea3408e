"""Section "Gửi tin": news broadcasts per campaign, by household and by commune."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.metrics.context import TOTAL, Context, by_commune, by_household, household_rows, of_type
from bot.metrics.labels import BROADCAST_OUTCOMES, NO_DATA, percent
from bot.metrics.model import Column, Report, Section, Table, pct, text

TYPES = tuple(t for t, _ in BROADCAST_OUTCOMES)
OUTCOME_COLUMNS = [Column("Lượt gửi"), *(Column(label) for _, label in BROADCAST_OUTCOMES)]
RATE = pct("Tỷ lệ nhận được")


def _outcomes(counts: dict[str, int]) -> list:
    """Attempts, then each outcome, then the delivery rate."""
    values = [counts.get(t, 0) for t in TYPES]
    attempts = sum(values)
    return [attempts, *values, percent(values[0], attempts)]


def build(ctx: Context, report: Report, campaigns: list[tuple], titles: dict[int, str]) -> Section:
    """Fill the section from the store's ``campaigns`` rows and the cube."""
    section = Section("gui_tin", "Gửi tin", "Tin gửi đến người dân đăng ký")
    zone = ZoneInfo(ctx.period.tz)
    rows: list[list[Any]] = []
    totals = dict.fromkeys(TYPES, 0)
    for campaign_id, recipients, *counts, first_at in campaigns:
        outcomes = dict(zip(TYPES, counts, strict=True))
        for type, count in outcomes.items():
            totals[type] += count
        day = dt.datetime.fromisoformat(first_at).astimezone(zone)
        title = titles.get(campaign_id) or f"Đợt {campaign_id}"
        rows.append(
            [campaign_id, title, f"{day:%d/%m/%Y}", recipients, *_outcomes(outcomes)]
        )  # fmt: skip
    rows.append([TOTAL, "", "", None, *_outcomes(totals)])
    section.tables.append(
        Table(
            "theo_dot",
            "Theo đợt gửi",
            [
                Column("Mã đợt"),
                text("Tên đợt"),
                text("Ngày gửi đầu tiên"),
                Column("Người nhận"),
                *OUTCOME_COLUMNS,
                RATE,
            ],  # fmt: skip
            rows,
            "Người nhận: số người khác nhau của đợt (đợt lặp lại tính một lần mỗi người). "
            "Lượt gửi: mọi lần gửi trong kỳ." + ("" if campaigns else f" {NO_DATA}."),
        )
    )
    cube = ctx.cube
    by_home = {t: cube.by(by_household, of_type(t)) for t in TYPES}
    section.tables.append(
        Table(
            "theo_loai_ho",
            "Theo loại hộ",
            [text("Loại hộ"), *OUTCOME_COLUMNS, RATE],
            household_rows(
                lambda key: _outcomes({t: by_home[t][key] for t in TYPES}),
                total=_outcomes(totals),
            ),
        )
    )
    by_place = {t: cube.by(by_commune, of_type(t)) for t in TYPES}
    seen = {k for counts in by_place.values() for k in counts}
    commune_rows = [
        [ctx.commune_name(key), *_outcomes({t: by_place[t][key] for t in TYPES})]
        for key in ctx.commune_keys(seen)
    ]
    commune_rows.append([TOTAL, *_outcomes(totals)])
    section.tables.append(
        Table("theo_xa", "Theo xã", [text("Xã"), *OUTCOME_COLUMNS, RATE], commune_rows)
    )
    attempts, delivered = sum(totals.values()), totals["broadcast_delivered"]
    report.headline.update(
        campaigns=len(campaigns),
        broadcast_attempts=attempts,
        broadcast_delivered=delivered,
        delivery_rate=percent(delivered, attempts),
    )
    report.series["delivery"] = [totals[t] for t in TYPES]
    return section
