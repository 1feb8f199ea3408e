"""The people query: every citizen with an event in the period, counted once, in one pass.

Walking the citizen index in order, SQLite groups each person's events, takes their latest
segment (bare columns of the row holding the only ``max(at)``), ORs one bit per kind of event
they had (a sum of DISTINCT single bits) and one bit per time bucket in which they were
reached; the outer query counts people per segment and bucket mask. Testing bits is far
cheaper than one ``sum()`` per figure over a million rows.
"""

from __future__ import annotations

import sqlite3

from bot.metrics.labels import PUSHED_TYPES, REACH_IF_SENT, REACH_TYPES
from bot.metrics.period import Period
from bot.metrics.queries import Area, indexed

# Reached = given policy information; a staff answer or an announcement counts once sent.
SENT_SQL = "ifnull(outcome, 'sent') = 'sent'"
REACH_SQL = (
    f"(type IN ({', '.join(repr(t) for t in REACH_TYPES)}) "
    f"OR (type IN ({', '.join(repr(t) for t in REACH_IF_SENT)}) AND {SENT_SQL}))"
)
# One bit per kind of event a person can have.
ASKED, PUSHED_REACH, PUSHED_OTHER, CONSENT, SUBSCRIBE, STOP, BLOCKED, DELETE, OTHER = (
    1 << i for i in range(9)
)
REACHED_BITS = ASKED | PUSHED_REACH
ACTIVE_BITS = ASKED | CONSENT | SUBSCRIBE | STOP | DELETE | OTHER


def _kind_sql() -> str:
    whens = [f"WHEN '{t}' THEN {PUSHED_REACH if t in PUSHED_TYPES else ASKED}" for t in REACH_TYPES]
    whens += [
        f"WHEN '{t}' THEN (CASE WHEN {SENT_SQL} THEN {PUSHED_REACH} ELSE {PUSHED_OTHER} END)"
        for t in REACH_IF_SENT
    ]
    whens += [
        f"WHEN '{t}' THEN {PUSHED_OTHER}"
        for t in PUSHED_TYPES
        if t not in REACH_TYPES and t not in REACH_IF_SENT
    ]
    return (
        "CASE type " + " ".join(whens) + " "
        f"WHEN 'consent_given' THEN {CONSENT} WHEN 'subscribed' THEN {SUBSCRIBE} "
        f"WHEN 'unsubscribed' THEN (CASE WHEN value = 'blocked' THEN {BLOCKED} ELSE {STOP} END) "
        f"WHEN 'data_deleted' THEN {DELETE} ELSE {OTHER} END"
    )


MAX_BUCKETS = 62  # the bucket set of a person is a bit mask in a 64-bit integer


def people(
    conn: sqlite3.Connection, period: Period, area: Area, bucket_ends: list[str]
) -> list[tuple]:
    """Citizens with an event in the period, grouped by their latest segment in it.

    Returns rows ``(commune, village, household, mask, people, reached, active, consented,
    subscribed, unsubscribed, deleted)`` where ``mask`` has bit *i* set when the people of the
    row were reached in bucket *i* (``bucket_ends`` are the buckets' exclusive UTC ends).
    The latest segment is the one on the person's last event of the period (SQLite takes
    bare columns from the row holding the only ``max(at)``).
    """
    if len(bucket_ends) > MAX_BUCKETS:
        raise ValueError("too many buckets")
    bucket_sql, bucket_params = _bucket_sql(bucket_ends, 0, len(bucket_ends))
    where, params = area.where()
    flags = ", ".join(
        f"sum(kinds & {bits} > 0)"
        for bits in (REACHED_BITS, ACTIVE_BITS, CONSENT, SUBSCRIBE, STOP | BLOCKED, DELETE)
    )
    sql = f"""
        SELECT commune, village, household, mask, count(*), {flags}
        FROM (
            SELECT commune, village, household, max(at),
                   sum(DISTINCT {_kind_sql()}) AS kinds,
                   ifnull(sum(DISTINCT CASE WHEN {REACH_SQL} THEN 1 << {bucket_sql} END), 0)
                       AS mask
            FROM events {indexed(conn, "idx_events_metrics_citizen")}
            WHERE citizen_key IS NOT NULL AND at >= ? AND at < ?
            GROUP BY citizen_key
        )
        WHERE 1 = 1{where}
        GROUP BY commune, village, household, mask
    """
    bound = [*bucket_params, period.start_utc, period.end_utc, *params]
    return conn.execute(sql, bound).fetchall()


def _bucket_sql(ends: list[str], low: int, high: int) -> tuple[str, list[str]]:
    """The bucket number of ``at`` among ``ends[low:high]``, by binary search (fewer
    comparisons per row than a flat CASE), and its parameters in order."""
    if high - low <= 1:
        return str(low), []
    middle = (low + high) // 2
    left, left_params = _bucket_sql(ends, low, middle)
    right, right_params = _bucket_sql(ends, middle, high)
    sql = f"(CASE WHEN at < ? THEN {left} ELSE {right} END)"
    return sql, [ends[middle - 1], *left_params, *right_params]
