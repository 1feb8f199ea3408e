"""The report's SQL: a handful of aggregate queries over ``events``, each answered from a
covering index (see ``bot/store/metrics_meta.py``). Nothing here reads events one by one;
every function returns already-aggregated rows, a few thousand at most.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from bot.metrics.labels import BROADCAST_OUTCOMES, PUSHED_TYPES, REACH_IF_SENT, REACH_TYPES
from bot.metrics.period import Period

# Reached = given policy information; a staff answer or an announcement counts once sent.
SENT_SQL = "ifnull(outcome, 'sent') = 'sent'"
REACH_SQL = (
    f"(type IN ({', '.join(repr(t) for t in REACH_TYPES)}) "
    f"OR (type IN ({', '.join(repr(t) for t in REACH_IF_SENT)}) AND {SENT_SQL}))"
)
# One bit per kind of event a person can have; people() ORs them per person (a sum of
# DISTINCT single bits) and tests the bits, which is far cheaper than one sum per figure.
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


@dataclass(frozen=True)
class Area:
    """The whole deployment (both None), one commune, or one village."""

    commune: str | None = None
    village: str | None = None

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """SQL conditions on an events-like row's segment (empty string for everything)."""
        clauses: list[str] = []
        params: list[object] = []
        for column in ("commune", "village"):
            value = getattr(self, column)
            if value is not None:
                clauses.append(f"{alias}{column} = ?")
                params.append(value)
        return "".join(f" AND {c}" for c in clauses), params


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
    return row.fetchone() is not None


def has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))


def _indexed(conn: sqlite3.Connection, name: str) -> str:
    """``INDEXED BY name`` when the index exists (a database opened through the store)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [name])
    return f"INDEXED BY {name}" if found.fetchone() else ""


def _grouped(
    conn: sqlite3.Connection,
    period: Period,
    area: Area,
    *,
    columns: str,
    index: str,
    where: str,
    group: str,
) -> list[tuple]:
    """``SELECT columns FROM events`` in the period and area, through ``index``, grouped."""
    in_area, params = area.where()
    sql = (
        f"SELECT {columns} FROM events {_indexed(conn, index)} "
        f"WHERE {where} AND at >= ? AND at < ?{in_area} GROUP BY {group}"
    )
    return conn.execute(sql, [period.start_utc, period.end_utc, *params]).fetchall()


def segment_counts(conn: sqlite3.Connection, period: Period, area: Area) -> list[tuple]:
    """``(type, outcome, value, commune, village, household, count)`` of every event."""
    group = "type, outcome, value, commune, village, household"
    return _grouped(conn, period, area, columns=f"{group}, count(*)",
                    index="idx_events_metrics_cube", where="1 = 1", group=group)  # fmt: skip


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
            FROM events {_indexed(conn, "idx_events_metrics_citizen")}
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


def intent_counts(conn: sqlite3.Connection, period: Period, area: Area) -> list[tuple]:
    """``(type, intent, topic, outcome, value, count)`` of events naming an intent or topic."""
    group = "type, intent, topic, outcome, value"
    return _grouped(
        conn, period, area, columns=f"{group}, count(*)", index="idx_events_metrics_intent",
        where="(intent IS NOT NULL OR topic IS NOT NULL)", group=group,
    )  # fmt: skip


def campaigns(conn: sqlite3.Connection, period: Period, area: Area) -> list[tuple]:
    """Per campaign: ``(campaign_id, recipients, *outcome counts, first_at)``.

    Recipients are different citizens; the outcome counts follow ``BROADCAST_OUTCOMES``.
    """
    counts = ", ".join(f"sum(type = '{t}')" for t, _ in BROADCAST_OUTCOMES)
    return _grouped(
        conn, period, area,
        columns=f"campaign_id, count(DISTINCT citizen_key), {counts}, min(at)",
        index="idx_events_metrics_campaign_people",
        where="campaign_id IS NOT NULL AND type LIKE 'broadcast%'", group="campaign_id",
    )  # fmt: skip


def campaign_titles(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """Titles from the broadcasts feature's ``campaigns`` table, when it exists."""
    if not ids or not has_table(conn, "campaigns"):
        return {}
    marks = ", ".join("?" * len(ids))
    rows = conn.execute(f"SELECT id, title FROM campaigns WHERE id IN ({marks})", ids)
    return {row[0]: row[1] or "" for row in rows}


def answers(
    conn: sqlite3.Connection, period: Period, area: Area
) -> list[tuple[str | None, float | None, str | None]]:
    """``(kind, hours, outcome)`` of each question first answered in the period.

    ``kind`` is the question's kind (faq_miss, dialogue, feedback), from the event that sent
    it; ``hours`` runs from sending to the first answer; ``outcome`` says whether the answer
    reached the citizen (``sent``). Kind and hours are None when the sending is unknown.
    """
    where, params = area.where("a.")
    hint = _indexed(conn, "idx_events_metrics_ref")
    sql = f"""
        SELECT CASE WHEN s.type = 'feedback_sent' THEN 'feedback' ELSE s.value END,
               (julianday(min(a.at)) - julianday(s.at)) * 24, a.outcome
        FROM events a {hint} LEFT JOIN events s {hint}
          ON s.ref = a.ref AND s.ref IS NOT NULL AND s.type IN ('question_sent', 'feedback_sent')
        WHERE a.ref IS NOT NULL AND a.type = 'question_answered' AND a.at >= ? AND a.at < ?{where}
        GROUP BY a.ref
    """
    return conn.execute(sql, [period.start_utc, period.end_utc, *params]).fetchall()


def anonymous_counts(conn: sqlite3.Connection, period: Period, area: Area) -> dict[str, int]:
    """Events by type of people who did not consent (no citizen key)."""
    rows = _grouped(
        conn, period, area, columns="type, count(*)", index="idx_events_metrics_citizen",
        where="citizen_key IS NULL", group="type",
    )  # fmt: skip
    return dict(rows)


def missed_texts(conn: sqlite3.Connection, period: Period, area: Area) -> list[tuple]:
    """``(text, intent_guess, count)`` of questions the FAQ missed and citizens sent to staff.

    Rows flagged abusive by the review queue and texts blanked by a deletion are left out.
    With an area, the question's ``question_sent`` event gives its commune and village.
    """
    flagged = " AND q.flag IS NULL" if has_column(conn, "questions", "flag") else ""
    where, params = area.where("e.")
    join = ""
    if where:
        join = (
            f"JOIN events e {_indexed(conn, 'idx_events_metrics_ref')} "
            "ON e.ref = q.ref AND e.type = 'question_sent' AND e.ref IS NOT NULL"
        )
    sql = (
        f"SELECT q.text, q.intent_guess, count(*) FROM questions q {join} "
        "WHERE q.kind = 'faq_miss' AND q.created_at >= ? AND q.created_at < ? AND q.text != ''"
        f"{flagged}{where} GROUP BY q.text, q.intent_guess"
    )
    return conn.execute(sql, [period.start_utc, period.end_utc, *params]).fetchall()


def sessions(
    conn: sqlite3.Connection, period: Period, communes: list[str] | None, now_local: str
) -> list[tuple] | None:
    """``(commune, status, past, count)`` of dialogue sessions starting in the period.

    Session times are local wall-clock strings; ``past`` is 1 for sessions that started
    before ``now_local``. None when the dialogue feature's table does not exist.
    """
    if not has_table(conn, "dialogue_sessions"):
        return None
    first = period.first.isoformat()
    after_last = (period.last + dt.timedelta(days=1)).isoformat()
    sql = (
        "SELECT commune, status, starts_at < ?, count(*) FROM dialogue_sessions "
        "WHERE starts_at >= ? AND starts_at < ?"
    )
    params: list[object] = [now_local, first, after_last]
    if communes is not None:
        sql += f" AND commune IN ({', '.join('?' * len(communes))})"
        params += communes
    return conn.execute(sql + " GROUP BY 1, 2, 3", params).fetchall()


def demo_note(conn: sqlite3.Connection) -> str | None:
    """The seed-demo note, when this database holds demo data."""
    if not has_table(conn, "metrics_meta"):
        return None
    row = conn.execute("SELECT value FROM metrics_meta WHERE key = 'demo'").fetchone()
    return row[0] if row else None
