"""The report's SQL: a handful of aggregate queries over ``events``, each answered from a
covering index (see ``bot/store/metrics_meta.py``). Nothing here reads events one by one;
every function returns already-aggregated rows, a few thousand at most.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from bot.metrics.labels import BROADCAST_OUTCOMES
from bot.metrics.period import Period


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


def indexed(conn: sqlite3.Connection, name: str) -> str:
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
        f"SELECT {columns} FROM events {indexed(conn, index)} "
        f"WHERE {where} AND at >= ? AND at < ?{in_area} GROUP BY {group}"
    )
    return conn.execute(sql, [period.start_utc, period.end_utc, *params]).fetchall()


def segment_counts(conn: sqlite3.Connection, period: Period, area: Area) -> list[tuple]:
    """``(type, outcome, value, commune, village, household, count)`` of every event."""
    group = "type, outcome, value, commune, village, household"
    return _grouped(conn, period, area, columns=f"{group}, count(*)",
                    index="idx_events_metrics_cube", where="1 = 1", group=group)  # fmt: skip


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
    hint = indexed(conn, "idx_events_metrics_ref")
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
            f"JOIN events e {indexed(conn, 'idx_events_metrics_ref')} "
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
