"""Report periods: local dates to UTC bounds, shortcuts, /baocao presets, time buckets."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.metrics import period as periods
from bot.metrics.labels import format_int, format_percent, household_key, percent

TZ = "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "năm 2026"),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), "tháng 2/2026"),
        ("2028-2", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "tháng 2/2028"),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "tháng 12/2026"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quý III/2026"),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quý IV/2026"),
    ],
)
def test_period_shortcuts(text: str, first: dt.date, last: dt.date, label: str) -> None:
    period = periods.parse_period(text, TZ)
    assert (period.first, period.last, period.label) == (first, last, label)


@pytest.mark.parametrize("text", ["26", "2026-13", "2026-Q5", "2026/11", "quý 3", ""])
def test_bad_periods_are_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ; ví dụ: 2026, 2026-11, 2026-Q3"):
        periods.parse_period(text, TZ)


def test_bounds_are_local_midnights_in_utc() -> None:
    period = periods.parse_period("2026-11", TZ)
    assert period.start_utc == "2026-10-31T17:00:00+00:00"
    assert period.end_utc == "2026-11-30T17:00:00+00:00"  # exclusive
    assert periods.between(dt.date(2026, 1, 5), dt.date(2026, 1, 5), TZ).label == (
        "từ 05/01/2026 đến 05/01/2026"
    )


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("m0", "tháng 1/2027"),
        ("m1", "tháng 12/2026"),
        ("q0", "quý I/2027"),
        ("y0", "năm 2027"),
        ("y1", "năm 2026"),
    ],  # fmt: skip
)
def test_baocao_presets_around_new_year(code: str, label: str) -> None:
    assert periods.preset(code, dt.date(2027, 1, 3), TZ).label == label


def test_buckets_are_days_weeks_months_then_years() -> None:
    month = periods.parse_period("2026-02", TZ).buckets()
    assert [b[0] for b in month][:2] == ["01/02", "02/02"] and len(month) == 28
    assert month[0][1:] == ("2026-01-31T17:00:00+00:00", "2026-02-01T17:00:00+00:00")
    quarter = periods.parse_period("2026-Q1", TZ).buckets()
    assert (len(quarter), quarter[0][0], quarter[-1][0]) == (13, "01/01", "26/03")
    assert quarter[-1][2] == "2026-03-31T17:00:00+00:00"  # the last week ends with the quarter
    assert len(periods.parse_period("2026", TZ).buckets()) == 12
    decade = periods.between(dt.date(2020, 1, 1), dt.date(2029, 12, 31), TZ).buckets()
    assert [b[0] for b in decade] == [str(y) for y in range(2020, 2030)]


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert format_int(1234567) == "1.234.567"
    assert format_percent(percent(7, 8)) == "87,5%"
    assert format_percent(percent(1, 0)) == "–"
    assert [household_key(v) for v in ("ngheo", "khong_tra_loi", None, "xyz")] == [
        "ngheo", "khong_ro", "khong_ro", "khong_ro"
    ]  # fmt: skip
