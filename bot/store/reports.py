"""The reports' read-only SQL: a handful of aggregate queries over ``events``, on both backends.

Nothing here reads events one by one: every method returns already-aggregated rows, a few
thousand at most. The queries are written once; where SQLite and PostgreSQL differ, one
fragment per dialect says so (``_Dialect``):

* SQLite is told which covering index to walk (``INDEXED BY``, see ``metrics_meta.py``):
  its planner otherwise picks a narrower index and reads the table row by row.
* A person's latest segment is SQLite's "bare columns beside the only ``max(at)``" (free
  during the index walk); PostgreSQL has no bare columns and takes the first element of
  the segment's values ordered by time.

Statements are built once per shape (dialect, area, number of time buckets, the event-type
groups the metrics feature passes) and cached: building and keying a statement costs more
than SQLite takes to run a small one.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.metrics_meta import MetricsMeta


@dataclass(frozen=True)
class Scope:
    """Events from ``start`` (included) to ``end`` (excluded), ISO-8601 UTC strings, in one
    commune or one village, or everywhere (both None)."""

    start: str
    end: str
    commune: str | None = None
    village: str | None = None

    def params(self) -> dict[str, object]:
        """The statement parameters: the period, and the area's names where it has them."""
        found: dict[str, object] = {"start": self.start, "end": self.end}
        if self.commune is not None:
            found["commune"] = self.commune
        if self.village is not None:
            found["village"] = self.village
        return found

    @property
    def shape(self) -> tuple[bool, bool]:
        return self.commune is not None, self.village is not None


@dataclass(frozen=True)
class PeopleRules:
    """Which event types make a person *reached* or are caused by the bot (metrics' labels).

    ``reach``: always reaches; ``reach_if_sent``: reaches when its outcome is ``sent`` (or
    missing); ``pushed``: caused by the bot, not by the person (everything else is activity).
    """

    reach: tuple[str, ...]
    reach_if_sent: tuple[str, ...]
    pushed: tuple[str, ...]


# One bit per kind of event a person can have (see :meth:`ReportQueries.people`).
ASKED, PUSHED_REACH, PUSHED_OTHER, CONSENT, SUBSCRIBE, STOP, BLOCKED, DELETE, OTHER = (
    1 << i for i in range(9)
)
REACHED_BITS = ASKED | PUSHED_REACH
ACTIVE_BITS = ASKED | CONSENT | SUBSCRIBE | STOP | DELETE | OTHER
PEOPLE_FLAGS = (REACHED_BITS, ACTIVE_BITS, CONSENT, SUBSCRIBE, STOP | BLOCKED, DELETE)
MAX_BUCKETS = 62  # the buckets a person was reached in are a bit mask in a 64-bit integer
SENT_SQL = "coalesce(outcome, 'sent') = 'sent'"


def _quoted(values: Sequence[str]) -> str:
    """SQL string literals for constants of our own (event types), never for input."""
    assert all("'" not in v for v in values)
    return ", ".join(f"'{v}'" for v in values)


def _in_area(shape: tuple[bool, bool], alias: str = "") -> str:
    commune, village = shape
    return (f" AND {alias}commune = :commune" if commune else "") + (
        f" AND {alias}village = :village" if village else ""
    )


def _hint(dialect: str, index: str) -> str:
    return f"INDEXED BY {index}" if dialect == "sqlite" else ""


@functools.cache
def _grouped(dialect: str, shape: tuple[bool, bool], columns: str, index: str, where: str,
             group: str) -> sa.TextClause:  # fmt: skip
    """``SELECT columns FROM events`` in the scope, through ``index``, grouped by ``group``."""
    return sa.text(
        f"SELECT {columns} FROM events {_hint(dialect, index)} "
        f"WHERE {where} AND at >= :start AND at < :end{_in_area(shape)} GROUP BY {group} "
        f"ORDER BY {group}"
    )


SEGMENT_GROUP = "type, outcome, value, commune, village, household"
INTENT_GROUP = "type, intent, topic, outcome, value"


@functools.cache
def _campaigns(dialect: str, shape: tuple[bool, bool], outcomes: tuple[str, ...]) -> sa.TextClause:
    counts = ", ".join(f"sum(CASE WHEN type = '{t}' THEN 1 ELSE 0 END)" for t in outcomes)
    return _grouped(
        dialect, shape, f"campaign_id, count(DISTINCT citizen_key), {counts}, min(at)",
        "idx_events_metrics_campaign_people",
        "campaign_id IS NOT NULL AND type LIKE 'broadcast%'", "campaign_id",
    )  # fmt: skip


_TITLES = sa.text("SELECT id, title FROM campaigns WHERE id IN :ids").bindparams(
    sa.bindparam("ids", expanding=True)
)


@functools.cache
def _answers(dialect: str, shape: tuple[bool, bool]) -> sa.TextClause:
    # The first answer of each question answered in the scope (its time and whether it
    # reached the citizen), beside the event that sent the question.
    hint = _hint(dialect, "idx_events_metrics_ref")
    return sa.text(f"""
        SELECT CASE WHEN s.type = 'feedback_sent' THEN 'feedback' ELSE s.value END,
               s.at, f.at, f.outcome
        FROM (
            SELECT ref, at, outcome,
                   row_number() OVER (PARTITION BY ref ORDER BY at, id) AS nth
            FROM events {hint}
            WHERE ref IS NOT NULL AND type = 'question_answered'
              AND at >= :start AND at < :end{_in_area(shape)}
        ) AS f
        LEFT JOIN events AS s {hint}
          ON s.ref = f.ref AND s.ref IS NOT NULL AND s.type IN ('question_sent', 'feedback_sent')
        WHERE f.nth = 1
        ORDER BY f.ref
    """)  # fmt: skip


@functools.cache
def _missed(dialect: str, shape: tuple[bool, bool]) -> sa.TextClause:
    join = ""
    if any(shape):
        join = (
            f"JOIN events AS e {_hint(dialect, 'idx_events_metrics_ref')} "
            "ON e.ref = q.ref AND e.type = 'question_sent' AND e.ref IS NOT NULL"
        )
    return sa.text(
        f"SELECT q.text, q.intent_guess, count(*) FROM questions AS q {join} "
        "WHERE q.kind = 'faq_miss' AND q.created_at >= :start AND q.created_at < :end "
        f"AND q.text != '' AND q.flag IS NULL{_in_area(shape, 'e.')} "
        "GROUP BY q.text, q.intent_guess"
    )


_SESSIONS_SQL = """
    SELECT commune, status, CASE WHEN starts_at < :now THEN 1 ELSE 0 END AS past, count(*)
    FROM dialogue_sessions
    WHERE starts_at >= :first AND starts_at < :after_last{communes}
    GROUP BY commune, status, CASE WHEN starts_at < :now THEN 1 ELSE 0 END
    ORDER BY commune, status, past
"""
_SESSIONS = sa.text(_SESSIONS_SQL.format(communes=""))
_SESSIONS_IN = sa.text(_SESSIONS_SQL.format(communes=" AND commune IN :communes")).bindparams(
    sa.bindparam("communes", expanding=True)
)


def _kind_sql(rules: PeopleRules) -> str:
    """The bit of one event's kind (see the constants above)."""
    whens = [f"WHEN '{t}' THEN {PUSHED_REACH if t in rules.pushed else ASKED}" for t in rules.reach]
    whens += [
        f"WHEN '{t}' THEN (CASE WHEN {SENT_SQL} THEN {PUSHED_REACH} ELSE {PUSHED_OTHER} END)"
        for t in rules.reach_if_sent
    ]
    whens += [
        f"WHEN '{t}' THEN {PUSHED_OTHER}"
        for t in rules.pushed
        if t not in rules.reach and t not in rules.reach_if_sent
    ]
    assert all("'" not in t for t in (*rules.reach, *rules.reach_if_sent, *rules.pushed))
    return (
        "CASE type " + " ".join(whens) + " "
        f"WHEN 'consent_given' THEN {CONSENT} WHEN 'subscribed' THEN {SUBSCRIBE} "
        f"WHEN 'unsubscribed' THEN (CASE WHEN value = 'blocked' THEN {BLOCKED} ELSE {STOP} END) "
        f"WHEN 'data_deleted' THEN {DELETE} ELSE {OTHER} END"
    )


def _bucket_sql(buckets: int, low: int = 0, high: int | None = None) -> str:
    """The bucket number of ``at`` among ``buckets`` by binary search (fewer comparisons per
    row than a flat CASE); bucket *i* ends (excluded) at the parameter ``:b<i>``."""
    high = buckets if high is None else high
    if high - low <= 1:
        return str(low)
    middle = (low + high) // 2
    left, right = _bucket_sql(buckets, low, middle), _bucket_sql(buckets, middle, high)
    return f"(CASE WHEN at < :b{middle - 1} THEN {left} ELSE {right} END)"


@functools.cache
def _people(dialect: str, shape: tuple[bool, bool], buckets: int, rules: PeopleRules) -> sa.TextClause:  # fmt: skip
    reach = (
        f"(type IN ({_quoted(rules.reach)}) "
        f"OR (type IN ({_quoted(rules.reach_if_sent)}) AND {SENT_SQL}))"
    )
    kind = _kind_sql(rules)
    reached_in = f"CASE WHEN {reach} THEN CAST(1 AS BIGINT) << {_bucket_sql(buckets)} END"
    if dialect == "sqlite":
        # Bare columns: the segment of the row holding the only max(at). ORing single bits
        # is summing the distinct ones.
        person = f"""commune, village, household, max(at),
                     sum(DISTINCT {kind}) AS kinds,
                     coalesce(sum(DISTINCT {reached_in}), 0) AS mask"""
        segment = "commune, village, household"
    else:
        # The greatest ARRAY[at, commune, village, household] is the latest event's (arrays
        # compare element by element); bit_or needs no sort, unlike sum(DISTINCT).
        person = f"""max(ARRAY[at, commune, village, household]) AS latest,
                     bit_or({kind}) AS kinds,
                     coalesce(bit_or({reached_in}), 0) AS mask"""
        segment = "latest[2] AS commune, latest[3] AS village, latest[4] AS household"
    flags = ", ".join(
        f"sum(CASE WHEN kinds & {bits} > 0 THEN 1 ELSE 0 END)" for bits in PEOPLE_FLAGS
    )
    return sa.text(f"""
        SELECT commune, village, household, mask, count(*), {flags}
        FROM (
            SELECT {segment}, kinds, mask
            FROM (
                SELECT {person}
                FROM events {_hint(dialect, "idx_events_metrics_citizen")}
                WHERE citizen_key IS NOT NULL AND at >= :start AND at < :end
                GROUP BY citizen_key
            ) AS grouped
        ) AS person
        WHERE 1 = 1{_in_area(shape)}
        GROUP BY commune, village, household, mask
        ORDER BY commune, village, household, mask
    """)  # fmt: skip


def _tuples(result: sa.CursorResult) -> list[tuple]:
    return [tuple(row) for row in result]


class ReportQueries:
    """The report's reads, over one connection (the executor's, or one of its own)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name

    def segment_counts(self, scope: Scope) -> list[tuple]:
        """``(type, outcome, value, commune, village, household, count)`` of every event."""
        statement = _grouped(self._dialect, scope.shape, f"{SEGMENT_GROUP}, count(*)",
                             "idx_events_metrics_cube", "1 = 1", SEGMENT_GROUP)  # fmt: skip
        return _tuples(self._conn.execute(statement, scope.params()))

    def intent_counts(self, scope: Scope) -> list[tuple]:
        """``(type, intent, topic, outcome, value, count)`` of events naming an intent/topic."""
        statement = _grouped(
            self._dialect, scope.shape, f"{INTENT_GROUP}, count(*)", "idx_events_metrics_intent",
            "(intent IS NOT NULL OR topic IS NOT NULL)", INTENT_GROUP,
        )  # fmt: skip
        return _tuples(self._conn.execute(statement, scope.params()))

    def campaigns(self, scope: Scope, outcomes: tuple[str, ...]) -> list[tuple]:
        """Per campaign: ``(campaign_id, recipients, *counts of outcomes, first_at)``;
        recipients are different citizens, one count per event type in ``outcomes``."""
        assert all("'" not in t for t in outcomes)
        statement = _campaigns(self._dialect, scope.shape, outcomes)
        return _tuples(self._conn.execute(statement, scope.params()))

    def campaign_titles(self, ids: list[int]) -> dict[int, str]:
        """Titles of the broadcasts feature's campaigns."""
        if not ids:
            return {}
        rows = self._conn.execute(_TITLES, {"ids": [int(i) for i in ids]})
        return {row[0]: row[1] or "" for row in rows}

    def answers(self, scope: Scope) -> list[tuple[str | None, float | None, str | None]]:
        """``(kind, hours, outcome)`` of each question first answered in the scope.

        ``kind`` is the question's kind (faq_miss, dialogue, feedback), from the event that sent
        it; ``hours`` runs from sending to the first answer; ``outcome`` says whether that
        answer reached the citizen (``sent``). Kind and hours are None when the sending is
        unknown.
        """
        found: list[tuple[str | None, float | None, str | None]] = []
        for kind, sent_at, answered_at, outcome in self._conn.execute(
            _answers(self._dialect, scope.shape), scope.params()
        ):
            hours = None
            if sent_at is not None:
                spent = dt.datetime.fromisoformat(answered_at) - dt.datetime.fromisoformat(sent_at)
                hours = spent.total_seconds() / 3600
            found.append((kind, hours, outcome))
        return found

    def anonymous_counts(self, scope: Scope) -> dict[str, int]:
        """Events by type of people who did not consent (no citizen key)."""
        statement = _grouped(self._dialect, scope.shape, "type, count(*)",
                             "idx_events_metrics_citizen", "citizen_key IS NULL", "type")  # fmt: skip
        return {type: int(n) for type, n in self._conn.execute(statement, scope.params())}

    def missed_texts(self, scope: Scope) -> list[tuple]:
        """``(text, intent_guess, count)`` of questions the FAQ missed and citizens sent on.

        Rows flagged abusive by the review queue and texts blanked by a deletion are left
        out. With an area, the question's ``question_sent`` event gives its commune/village.
        """
        statement = _missed(self._dialect, scope.shape)
        rows = _tuples(self._conn.execute(statement, scope.params()))
        # In code-point order whatever the server's collation: the first spelling of a
        # question is the one the report shows.
        return sorted(rows, key=lambda row: (row[0], row[1] or ""))

    def sessions(
        self, first: dt.date, last: dt.date, communes: list[str] | None, now_local: str
    ) -> list[tuple]:
        """``(commune, status, past, count)`` of dialogue sessions starting from local day
        ``first`` to ``last``; ``past`` is 1 for sessions that started before ``now_local``
        (session times are local wall-clock strings)."""
        params: dict[str, object] = {
            "now": now_local,
            "first": first.isoformat(),
            "after_last": (last + dt.timedelta(days=1)).isoformat(),
        }
        if communes is None:
            return _tuples(self._conn.execute(_SESSIONS, params))
        if not communes:
            return []
        return _tuples(self._conn.execute(_SESSIONS_IN, {**params, "communes": communes}))

    def people(self, scope: Scope, bucket_ends: list[str], rules: PeopleRules) -> list[tuple]:
        """Citizens with an event in the scope's period, grouped by their latest segment in it.

        Rows ``(commune, village, household, mask, people, reached, active, consented,
        subscribed, unsubscribed, deleted)``: ``mask`` has bit *i* set when the row's people
        were reached in bucket *i* (``bucket_ends`` are the buckets' excluded UTC ends). The
        area selects people by their latest segment, not by each event's.

        One pass over the citizen index: each person's events are grouped, their kinds ORed
        as single bits (a sum of DISTINCT bits) and so are the buckets they were reached in;
        the outer query counts people per segment and mask. Testing bits is far cheaper than
        one ``sum()`` per figure over millions of rows.
        """
        if len(bucket_ends) > MAX_BUCKETS:
            raise ValueError("too many buckets")
        statement = _people(self._dialect, scope.shape, len(bucket_ends), rules)
        params = scope.params() | {f"b{i}": end for i, end in enumerate(bucket_ends)}
        return _tuples(self._conn.execute(statement, params))

    def demo_note(self) -> str | None:
        """The seed-demo note, when this database holds demo data."""
        return MetricsMeta(self._conn).get("demo")
