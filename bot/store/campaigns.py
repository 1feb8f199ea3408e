"""Broadcast campaigns, their runs, and one delivery row per recipient of each run.

A campaign is what an officer wrote and when it goes out (once, or weekly/monthly); a run is
one sending of it; a delivery is one recipient of a run. Times are the ISO-8601 UTC strings
of :func:`bot.store.database.utcnow`, so they compare as text.

Written once for SQLite and PostgreSQL, and safe with several bot processes on one database:

* an occurrence is taken by one conditional ``UPDATE … WHERE status = 'scheduled'``: when
  several schedulers fire the same campaign, one wins and the others do nothing;
* a run's recipients are copied inside the database (``INSERT … SELECT`` from the segment
  query), in steps of citizen ids, each its own short transaction, so that replies go in
  between and a fill cut short goes on where its rows end (:meth:`Campaigns.fill_run`);
* senders claim rows in small batches (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's
  single writer makes the plain claim safe), each claim stamped with its sender and time; a
  claim older than the timeout is free again, so a sender that died loses nobody, and only
  the rows it had in flight (status ``sending``) can be sent twice.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.citizens import Citizen, citizens
from bot.store.migrate import MigrationSet, metadata
from bot.store.sql import rows

if TYPE_CHECKING:
    from alembic.operations import Operations

migrations = MigrationSet("broadcasts")

# Campaign statuses: waiting for its time, a run in progress, stopped by an officer, over.
CAMPAIGN_STATUSES = ("scheduled", "sending", "paused", "done", "cancelled", "missed")
# Delivery statuses. 'sending' is written just before the network call: after a crash, only
# rows left 'sending' can have been delivered without being recorded.
DELIVERY_STATUSES = (
    "pending",
    "sending",
    "sent",
    "failed",
    "blocked",
    "skipped",  # the citizen stopped news before their turn came
    "outside_window",  # the channel allows no free message now (Zalo)
    "article",  # outside the window, reached by the OA Article broadcast (Zalo)
    "template",  # outside the window, reached by a paid template message (Zalo ZBS)
    "cancelled",
)
REACHED = ("sent", "article", "template")
OPEN_DELIVERY = ("pending", "sending")
OPEN_RUN = ("preparing", "sending")

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text),  # first words of the text, for lists
    sa.Column("text", sa.Text, nullable=False),  # Telegram-style HTML, no "how to stop" line
    sa.Column("photo_id", sa.Text),
    sa.Column("document_id", sa.Text),
    sa.Column("document_name", sa.Text),
    # JSON: {"communes": [...], "households": [...], "topics": [...]}
    sa.Column("segment", sa.Text, nullable=False),
    sa.Column("recurrence", sa.Text),  # None, "weekly:MON@08:00" or "monthly:15@08:00"
    sa.Column("next_run_at", sa.Text),
    sa.Column("status", sa.Text, nullable=False),  # one of CAMPAIGN_STATUSES
    sa.Column("created_by", sa.Text, nullable=False),  # the officer's channel id, or "cli"
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Index("idx_campaigns_status_next_run_at", "status", "next_run_at"),
)

campaign_runs = sa.Table(
    "campaign_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
    sa.Column("scheduled_for", sa.Text),
    sa.Column("started_at", sa.Text),
    sa.Column("finished_at", sa.Text),
    sa.Column("status", sa.Text, nullable=False),  # preparing | sending | done | cancelled | missed
    sa.Index("idx_campaign_runs_campaign_id_status", "campaign_id", "status"),
)

# No foreign key to citizens: a citizen's deletion hook removes or anonymises these rows.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("campaign_runs.id"), nullable=False),
    sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
    sa.Column("citizen_id", sa.Integer),
    sa.Column("status", sa.Text, nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, server_default="0"),
    sa.Column("error", sa.Text),
    sa.Column("sent_at", sa.Text),
    sa.Column("updated_at", sa.Text),
    sa.Column("claimed_by", sa.Text),  # the sender working on the row (NULL: nobody)
    sa.Column("claimed_at", sa.Text),  # since when; an old claim is free again
    sa.Index("idx_deliveries_run_id_status", "run_id", "status"),
    sa.Index("idx_deliveries_run_id_citizen_id", "run_id", "citizen_id", unique=True),
    sa.Index("idx_deliveries_citizen_id", "citizen_id"),
)


@migrations()
def m001_delivery_claims(op: Operations) -> None:
    """Senders on several replicas claim rows: who works on a row, and since when."""
    op.add_column("deliveries", sa.Column("claimed_by", sa.Text))
    op.add_column("deliveries", sa.Column("claimed_at", sa.Text))


@dataclass(frozen=True)
class Segment:
    """Who receives a campaign. Empty lists mean "no restriction" on that field.

    Within a field any value matches (commune A or B); fields combine with AND.
    """

    communes: tuple[str, ...] = ()
    households: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return not (self.communes or self.households or self.topics)

    def to_json(self) -> str:
        return json.dumps(
            {"communes": self.communes, "households": self.households, "topics": self.topics}
        )

    @classmethod
    def from_json(cls, raw: str | None) -> Segment:
        data = json.loads(raw or "{}")
        return cls(
            communes=tuple(data.get("communes") or ()),
            households=tuple(data.get("households") or ()),
            topics=tuple(data.get("topics") or ()),
        )

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        """Which fields restrict: the key of the statements built for this segment."""
        return bool(self.communes), bool(self.households), bool(self.topics)

    def params(self) -> dict[str, list[str]]:
        """The values for the statements :func:`recipients_clause` builds."""
        return {
            "communes": list(self.communes),
            "households": list(self.households),
            "topics": list(self.topics),
        }

    def where(self) -> tuple[str, list[str]]:
        """SQLite SQL over ``citizens`` with ``?`` marks, for the repositories still written
        with sqlite-utils (``bot/store/web.py``); new code uses :func:`recipients_clause`."""
        clauses, params = ["subscribed = 1", "consent_at IS NOT NULL"], []
        for column, values in (("commune", self.communes), ("household", self.households)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params += list(values)
        if self.topics:
            marks = ", ".join("?" * len(self.topics))
            clauses.append(f"EXISTS (SELECT 1 FROM json_each(topics) WHERE value IN ({marks}))")
            params += list(self.topics)
        return " AND ".join(clauses), params


@functools.cache
def recipients_clause(dialect: str, shape: tuple[bool, bool, bool]) -> sa.ColumnElement[bool]:
    """The subscribed (hence consenting) citizens of a segment of this ``shape``
    (:attr:`Segment.shape`), over ``citizens``, with expanding parameters ``communes``,
    ``households`` and ``topics`` (:meth:`Segment.params`). One per dialect and shape."""
    c = citizens.c
    clauses: list[sa.ColumnElement[bool]] = [c.subscribed == 1, c.consent_at.is_not(None)]
    communes, households, topics = shape
    if communes:
        clauses.append(c.commune.in_(sa.bindparam("communes", expanding=True)))
    if households:
        clauses.append(c.household.in_(sa.bindparam("households", expanding=True)))
    if topics:
        # ``topics`` is a JSON list kept as text: unnest it with each dialect's function.
        if dialect == "postgresql":
            followed = (
                sa.func.json_array_elements_text(sa.cast(c.topics, sa.JSON))
                .table_valued("value")
                .render_derived()
            )
        else:
            followed = sa.func.json_each(c.topics).table_valued("value")
        chosen = followed.c.value.in_(sa.bindparam("topics", expanding=True))
        clauses.append(sa.exists().select_from(followed).where(chosen))
    return sa.and_(*clauses)


@functools.cache
def _count_recipients(dialect: str, shape: tuple[bool, bool, bool], silent: bool) -> sa.Select:
    query = sa.select(sa.func.count()).select_from(citizens)
    query = query.where(recipients_clause(dialect, shape))
    if silent:
        query = query.where(
            citizens.c.channel_id.like(sa.bindparam("prefix")),
            citizens.c.last_seen < sa.bindparam("since"),
        )
    return query


@functools.cache
def _fill(dialect: str, shape: tuple[bool, bool, bool]) -> sa.Executable:
    """``INSERT … SELECT``: the run's recipients among citizen ids ``(after, upto]``."""
    if dialect == "postgresql":  # imported here: a dialect costs every CLI start otherwise
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    c = citizens.c
    recipients = sa.select(
        sa.bindparam("run_id", type_=sa.Integer),
        sa.bindparam("campaign_id", type_=sa.Integer),
        c.id,
        sa.literal("pending"),
        sa.literal(0),
        sa.bindparam("now", type_=sa.Text),
    ).where(
        recipients_clause(dialect, shape),
        c.id > sa.bindparam("after"),
        c.id <= sa.bindparam("upto"),
    )
    columns = ["run_id", "campaign_id", "citizen_id", "status", "attempts", "updated_at"]
    # A row already there (an earlier attempt, another replica filling too) stays as it is.
    return insert(deliveries).from_select(columns, recipients).on_conflict_do_nothing()


_c, _r, _d = campaigns, campaign_runs, deliveries
_INSERT_CAMPAIGN = sa.insert(_c).returning(_c.c.id)
_GET = sa.select(_c).where(_c.c.id == sa.bindparam("campaign_id"))
_RECENT = sa.select(_c).order_by(_c.c.id.desc()).limit(sa.bindparam("limit"))
_RECENT_IN = _RECENT.where(_c.c.status.in_(sa.bindparam("statuses", expanding=True)))
_UPDATE = sa.update(_c).where(_c.c.id == sa.bindparam("campaign_id"))
# An occurrence is taken once: only the process whose UPDATE finds it still scheduled for
# that time changes it; the others see rowcount 0.
_TAKE = (
    sa.update(_c)
    .where(
        _c.c.id == sa.bindparam("campaign_id"),
        _c.c.status == "scheduled",
        _c.c.next_run_at == sa.bindparam("due"),
    )
    .values(
        status=sa.bindparam("new_status"),
        next_run_at=sa.bindparam("following"),
        updated_at=sa.bindparam("now"),
    )
)

_INSERT_RUN = sa.insert(_r).returning(_r.c.id)
_RUN = sa.select(_r).where(_r.c.id == sa.bindparam("run_id"))
_RUNS = sa.select(_r).where(_r.c.campaign_id == sa.bindparam("campaign_id")).order_by(_r.c.id)
_RUN_STATUS = sa.select(_r.c.status).where(_r.c.id == sa.bindparam("run_id"))
_PREPARING = _RUNS.where(_r.c.status == "preparing").limit(1)
_OPEN_RUN = _RUNS.where(_r.c.status.in_(OPEN_RUN)).limit(1)
_LATEST_RUN = (
    sa.select(_r)
    .where(_r.c.campaign_id == sa.bindparam("campaign_id"), _r.c.status != "missed")
    .order_by(_r.c.id.desc())
    .limit(1)
)
_ACTIVATE = (
    sa.update(_r)
    .where(_r.c.id == sa.bindparam("run_id"), _r.c.status == "preparing")
    .values(status="sending")
)
_FINISH_RUN = (
    sa.update(_r)
    .where(_r.c.id == sa.bindparam("run_id"), _r.c.status.in_(OPEN_RUN))
    .values(status=sa.bindparam("new_status"), finished_at=sa.bindparam("now"))
)
_CANCEL_ROWS = (
    sa.update(_d)
    .where(_d.c.run_id == sa.bindparam("of_run"), _d.c.status.in_(OPEN_DELIVERY))
    .values(status="cancelled", updated_at=sa.bindparam("now"))
)
_FILLED_UP_TO = sa.select(sa.func.coalesce(sa.func.max(_d.c.citizen_id), 0)).where(
    _d.c.run_id == sa.bindparam("run_id")
)
_LAST_CITIZEN = sa.select(sa.func.coalesce(sa.func.max(citizens.c.id), 0))

_ROW_COLUMNS = (_d.c.id, _d.c.citizen_id, _d.c.status, _d.c.attempts)
_OPEN_ROWS = (
    sa.select(*_ROW_COLUMNS)
    .where(
        _d.c.run_id == sa.bindparam("run_id"),
        _d.c.id > sa.bindparam("after_id"),
        _d.c.status.in_(OPEN_DELIVERY),
    )
    .order_by(_d.c.id)
    .limit(sa.bindparam("limit"))
)
# Open rows nobody works on, or this sender's own (a run it sends again after a halt), or
# whose sender has been silent too long; locked so that a sender in another process skips
# them instead of waiting for them. SQLite renders no FOR UPDATE (its one writer suffices).
_CLAIMABLE = (
    sa.select(_d.c.id)
    .where(
        _d.c.run_id == sa.bindparam("of_run"),
        _d.c.id > sa.bindparam("after_id"),
        _d.c.status.in_(OPEN_DELIVERY),
        sa.or_(
            _d.c.claimed_at.is_(None),
            _d.c.claimed_by == sa.bindparam("claimer"),
            _d.c.claimed_at < sa.bindparam("stale_before"),
        ),
    )
    .order_by(_d.c.id)
    .limit(sa.bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    sa.update(_d)
    .where(_d.c.id.in_(_CLAIMABLE))
    .values(claimed_by=sa.bindparam("claimer"), claimed_at=sa.bindparam("now"))
    .returning(*_ROW_COLUMNS)
)
_RELEASE = (
    sa.update(_d)
    .where(
        _d.c.id.in_(sa.bindparam("row_ids", expanding=True)),
        _d.c.claimed_by == sa.bindparam("claimer"),
    )
    .values(claimed_by=None, claimed_at=None)
)
# Just before the network call, and only while the claim is still this sender's.
_START_SENDING = (
    sa.update(_d)
    .where(
        _d.c.id == sa.bindparam("row_id"),
        _d.c.claimed_by == sa.bindparam("claimer"),
        _d.c.status.in_(OPEN_DELIVERY),
    )
    .values(
        status="sending",
        attempts=_d.c.attempts + 1,
        claimed_at=sa.bindparam("now"),
        updated_at=sa.bindparam("now"),
    )
)
# One row's outcome ("bump" 1 counts an attempt); also used for many rows at once (reach).
MARK_ROW = (
    sa.update(_d)
    .where(_d.c.id == sa.bindparam("row_id"))
    .values(
        status=sa.bindparam("new_status"),
        error=sa.bindparam("error"),
        attempts=_d.c.attempts + sa.bindparam("bump"),
        updated_at=sa.bindparam("now"),
        sent_at=sa.func.coalesce(sa.bindparam("sent_now", type_=sa.Text), _d.c.sent_at),
    )
)
_COUNTS = (
    sa.select(_d.c.status, sa.func.count())
    .where(_d.c.run_id == sa.bindparam("run_id"))
    .group_by(_d.c.status)
)
_UNREACHED = ("failed", "blocked", "outside_window")
_ERROR_COUNTS = (
    sa.select(_d.c.status, sa.func.coalesce(_d.c.error, ""), sa.func.count().label("n"))
    .where(_d.c.run_id == sa.bindparam("run_id"), _d.c.status.in_(_UNREACHED))
    .group_by(_d.c.status, _d.c.error)
    .order_by(sa.desc("n"), _d.c.status, _d.c.error)
)
_FAILURES = (
    sa.select(citizens.c.channel_id, _d.c.status, _d.c.error, _d.c.attempts, _d.c.updated_at)
    .select_from(_d.join(citizens, citizens.c.id == _d.c.citizen_id))
    .where(_d.c.run_id == sa.bindparam("run_id"), _d.c.status.in_(_UNREACHED))
    .order_by(_d.c.id)
)
_FORGET_OPEN = sa.delete(_d).where(
    _d.c.citizen_id == sa.bindparam("of_citizen"), _d.c.status.in_(OPEN_DELIVERY)
)
_ANONYMISE = (
    sa.update(_d).where(_d.c.citizen_id == sa.bindparam("of_citizen")).values(citizen_id=None)
)


@dataclass(frozen=True)
class Campaign:
    id: int
    title: str
    text: str
    photo_id: str | None
    document_id: str | None
    document_name: str | None
    segment: Segment
    recurrence: str | None
    next_run_at: str | None
    status: str
    created_by: str
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, row: dict) -> Campaign:
        return cls(**{**row, "segment": Segment.from_json(row["segment"])})


@dataclass(frozen=True)
class Run:
    id: int
    campaign_id: int
    scheduled_for: str | None
    started_at: str | None
    finished_at: str | None
    status: str


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    citizen_id: int | None
    status: str
    attempts: int


class Campaigns:
    """Repository for ``campaigns``, ``campaign_runs`` and ``deliveries``."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name

    # -- campaigns ----------------------------------------------------------------------
    def create(
        self,
        *,
        text: str,
        title: str,
        segment: Segment,
        next_run_at: str,
        created_by: str,
        now: str,
        recurrence: str | None = None,
        photo_id: str | None = None,
        document_id: str | None = None,
        document_name: str | None = None,
    ) -> Campaign:
        row = {
            "title": title,
            "text": text,
            "photo_id": photo_id,
            "document_id": document_id,
            "document_name": document_name,
            "segment": segment.to_json(),
            "recurrence": recurrence,
            "next_run_at": next_run_at,
            "status": "scheduled",
            "created_by": created_by,
            "created_at": now,
            "updated_at": now,
        }
        campaign = self.get(int(self._conn.execute(_INSERT_CAMPAIGN, row).scalar_one()))
        assert campaign is not None
        return campaign

    def get(self, campaign_id: int) -> Campaign | None:
        found = rows(self._conn.execute(_GET, {"campaign_id": campaign_id}))
        return Campaign.from_row(found[0]) if found else None

    def recent(self, *, statuses: Sequence[str] = (), limit: int = 20) -> list[Campaign]:
        """Campaigns newest first, optionally only those in ``statuses``."""
        if statuses:
            result = self._conn.execute(
                _RECENT_IN, {"statuses": [str(s) for s in statuses], "limit": limit}
            )
        else:
            result = self._conn.execute(_RECENT, {"limit": limit})
        return [Campaign.from_row(row) for row in rows(result)]

    def update(self, campaign_id: int, *, now: str, **fields: object) -> None:
        if unknown := fields.keys() - campaigns.c.keys() or fields.keys() & {"id"}:
            raise ValueError(f"campaigns have no field {sorted(unknown)} to update")
        self._conn.execute(_UPDATE, {**fields, "updated_at": now, "campaign_id": campaign_id})

    # -- recipients -----------------------------------------------------------------------
    def count_recipients(self, segment: Segment) -> int:
        query = _count_recipients(self._dialect, segment.shape, False)
        return int(self._conn.execute(query, segment.params()).scalar_one())

    def count_silent_since(self, segment: Segment, channel: str, since: str) -> int:
        """Recipients on ``channel`` whose last message to the bot is older than ``since``."""
        query = _count_recipients(self._dialect, segment.shape, True)
        params = {**segment.params(), "prefix": f"{channel}:%", "since": since}
        return int(self._conn.execute(query, params).scalar_one())

    # -- occurrences and runs ---------------------------------------------------------------
    def begin_occurrence(
        self,
        campaign: Campaign,
        *,
        due: str,
        next_run_at: str | None,
        now: str,
        scheduled_for: str | None = None,
    ) -> int | None:
        """Take the occurrence due at ``due`` and open its run (``preparing``); the run's id,
        or None when another process (or task) took it first or the campaign changed.

        Exactly one caller wins, whatever the number of schedulers: the campaign leaves
        ``scheduled`` in the same statement that checks it. Run it in one transaction
        (``store.write``), so that the campaign never says ``sending`` without its run.
        """
        taken = self._conn.execute(
            _TAKE,
            {
                "campaign_id": campaign.id,
                "due": due,
                "new_status": "sending",
                "following": next_run_at,
                "now": now,
            },
        )
        if taken.rowcount != 1:
            return None
        left = self._conn.execute(_PREPARING, {"campaign_id": campaign.id}).first()
        if left is not None:  # a fill a crash interrupted (an older version of the bot)
            return int(left.id)
        row = {"campaign_id": campaign.id, "scheduled_for": scheduled_for or due,
               "started_at": now, "status": "preparing"}  # fmt: skip
        return int(self._conn.execute(_INSERT_RUN, row).scalar_one())

    def miss_occurrence(
        self, campaign: Campaign, *, due: str, next_run_at: str | None, now: str
    ) -> Run | None:
        """Record the occurrence due at ``due`` as missed (too late after a stop): the
        campaign waits for ``next_run_at``, or is ``missed`` without one. None when another
        process took the occurrence first (then it tells the officer, not this one)."""
        status = "scheduled" if next_run_at else "missed"
        taken = self._conn.execute(
            _TAKE,
            {"campaign_id": campaign.id, "due": due, "new_status": status,
             "following": next_run_at, "now": now},
        )  # fmt: skip
        if taken.rowcount != 1:
            return None
        row = {"campaign_id": campaign.id, "scheduled_for": due, "finished_at": now,
               "status": "missed"}  # fmt: skip
        return self.run(int(self._conn.execute(_INSERT_RUN, row).scalar_one()))

    def start_run(
        self, campaign: Campaign, *, scheduled_for: str, next_run_at: str | None, now: str
    ) -> Run:
        """Take the campaign's next occurrence now and fill its run in one go, for callers
        that may hold the database for the whole fill (tests, tools). The bot fills in steps."""
        due = campaign.next_run_at or ""
        run_id = self.begin_occurrence(campaign, due=due, next_run_at=next_run_at, now=now,
                                       scheduled_for=scheduled_for)  # fmt: skip
        if run_id is None:
            raise ValueError(f"campaign {campaign.id} is not scheduled for {due}")
        after: int | None = 0
        while after is not None:
            after = self.fill_run(run_id, campaign, after=after, span=FILL_ALL, now=now)
        run = self.activate_run(run_id)
        assert run is not None
        return run

    def filled_up_to(self, run_id: int) -> int:
        """The highest citizen id the run has a row for (0: none): where a fill goes on."""
        return int(self._conn.execute(_FILLED_UP_TO, {"run_id": run_id}).scalar_one())

    def fill_run(
        self, run_id: int, campaign: Campaign, *, after: int, span: int, now: str
    ) -> int | None:
        """Add a pending row for each recipient whose citizen id is in ``(after, after +
        span]``, inside the database (one ``INSERT … SELECT``); the id to go on after, or
        None when the run is full (past the last citizen) or no longer ``preparing``.

        A step over a fixed span of ids costs about the same whatever the segment, so a
        narrow segment never makes one step scan the whole table.
        """
        status = self._conn.execute(_RUN_STATUS, {"run_id": run_id}).scalar()
        if status != "preparing":
            return None
        upto = min(after + span, MAX_ID)
        params = {**campaign.segment.params(), "run_id": run_id, "campaign_id": campaign.id,
                  "now": now, "after": after, "upto": upto}  # fmt: skip
        self._conn.execute(_fill(self._dialect, campaign.segment.shape), params)
        last = int(self._conn.execute(_LAST_CITIZEN).scalar_one())
        return None if upto >= last else upto

    def refresh_statistics(self) -> None:
        """After a big fill on PostgreSQL: gather the planner's statistics of ``deliveries``
        now rather than at autovacuum's next pass. With the figures of a table that held
        few rows, each sender's claim sorts the whole new run (0.4 s at a million rows, on
        the database thread, instead of 1 ms). SQLite plans by its indexes alone (nothing
        here changes it)."""
        if self._dialect == "postgresql":
            self._conn.exec_driver_sql("ANALYZE deliveries")

    def activate_run(self, run_id: int) -> Run | None:
        """Start sending a filled run (unless it was cancelled meanwhile); the run as it is."""
        self._conn.execute(_ACTIVATE, {"run_id": run_id})
        run = self.run(run_id)
        if run is not None and run.status == "cancelled":
            # Cancelled while a fill on another connection was adding rows: those too.
            self._conn.execute(_CANCEL_ROWS, {"of_run": run_id, "now": run.finished_at})
        return run

    def run(self, run_id: int) -> Run | None:
        found = rows(self._conn.execute(_RUN, {"run_id": run_id}))
        return Run(**found[0]) if found else None

    def runs(self, campaign_id: int) -> list[Run]:
        return [Run(**row) for row in rows(self._conn.execute(_RUNS, {"campaign_id": campaign_id}))]

    def open_run(self, campaign_id: int) -> Run | None:
        """The campaign's run being filled or sent, if any."""
        found = rows(self._conn.execute(_OPEN_RUN, {"campaign_id": campaign_id}))
        return Run(**found[0]) if found else None

    def latest_run(self, campaign_id: int) -> Run | None:
        found = rows(self._conn.execute(_LATEST_RUN, {"campaign_id": campaign_id}))
        return Run(**found[0]) if found else None

    def finish_run(self, run_id: int, status: str, *, now: str) -> bool:
        """Close an open run; a cancelled run's unsent rows become 'cancelled'. False when
        the run was already closed (by another process): then nothing changes."""
        closed = self._conn.execute(
            _FINISH_RUN, {"run_id": run_id, "new_status": str(status), "now": now}
        )
        if closed.rowcount != 1:
            return False
        if status == "cancelled":
            self._conn.execute(_CANCEL_ROWS, {"of_run": run_id, "now": now})
        return True

    # -- deliveries -------------------------------------------------------------------------
    def open_deliveries(self, run_id: int, *, after_id: int, limit: int) -> list[DeliveryRow]:
        """Rows still to send, in id order; 'sending' ones are those a crash interrupted."""
        params = {"run_id": run_id, "after_id": after_id, "limit": limit}
        return [DeliveryRow(*row) for row in self._conn.execute(_OPEN_ROWS, params)]

    def claim(
        self,
        run_id: int,
        *,
        claimer: str,
        after_id: int,
        limit: int,
        now: str,
        stale_before: str,
    ) -> list[DeliveryRow]:
        """Claim up to ``limit`` open rows of the run after ``after_id`` for ``claimer``, in
        id order: rows nobody claimed, rows ``claimer`` claimed before (a run sent again
        after a halt), and rows claimed before ``stale_before`` (their sender died or
        stalled). Rows another sender is claiming right now are skipped, not waited for."""
        params = {"of_run": run_id, "claimer": claimer, "after_id": after_id, "limit": limit,
                  "now": now, "stale_before": stale_before}  # fmt: skip
        claimed = [DeliveryRow(*row) for row in self._conn.execute(_CLAIM, params)]
        return sorted(claimed, key=lambda row: row.id)  # RETURNING promises no order

    def release(self, row_ids: Sequence[int], *, claimer: str) -> int:
        """Give back rows ``claimer`` will not send now (a halt): free for anyone at once."""
        if not row_ids:
            return 0
        params = {"row_ids": list(row_ids), "claimer": claimer}
        return int(self._conn.execute(_RELEASE, params).rowcount)

    def start_sending(self, row_id: int, *, claimer: str, now: str) -> bool:
        """Mark the row ``sending`` (one more attempt) right before the network call; False
        when its claim is no longer ``claimer``'s (taken over as stale): do not send it."""
        params = {"row_id": row_id, "claimer": claimer, "now": now}
        return self._conn.execute(_START_SENDING, params).rowcount == 1

    def mark(self, delivery_id: int, status: str, *, now: str, error: str | None = None) -> None:
        """Record a delivery outcome; 'sending' also counts one more attempt."""
        params = {
            "row_id": delivery_id,
            "new_status": str(status),
            "error": error,
            "bump": 1 if status == "sending" else 0,
            "now": now,
            "sent_now": now if status in REACHED else None,
        }
        self._conn.execute(MARK_ROW, params)

    def counts(self, run_id: int) -> dict[str, int]:
        return {status: count for status, count in self._conn.execute(_COUNTS, {"run_id": run_id})}

    def error_counts(self, run_id: int) -> list[tuple[str, str, int]]:
        """(status, error, count) of failed, blocked and outside-window rows, biggest first."""
        result = self._conn.execute(_ERROR_COUNTS, {"run_id": run_id})
        return [(row[0], row[1], row[2]) for row in result]

    def failures(self, run_id: int) -> list[dict[str, Any]]:
        """Rows that did not reach their citizen, with the channel id to follow up."""
        return rows(self._conn.execute(_FAILURES, {"run_id": run_id}))

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: unsent rows go, sent ones stay as anonymous counts."""
        self._conn.execute(_FORGET_OPEN, {"of_citizen": citizen.id})
        self._conn.execute(_ANONYMISE, {"of_citizen": citizen.id})


MAX_ID = 2**31 - 1  # citizens.id is an INTEGER (32 bits on PostgreSQL)
FILL_ALL = MAX_ID  # no step limit: the whole run in one statement
