"""Broadcast campaigns, their runs, and one delivery row per recipient of each run.

A campaign is what an officer wrote and when it goes out (once, or weekly/monthly); a run is
one sending of it; a delivery is one recipient of a run. Delivery rows are created together
with the run, in one transaction, so a crash can never leave a recipient out. Times are the
ISO-8601 UTC strings of :func:`bot.store.database.utcnow`, so they compare as text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlite_utils import Database

from bot.store.citizens import Citizen, Citizens
from bot.store.migrate import MigrationSet, metadata

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
    sa.Index("idx_deliveries_run_id_status", "run_id", "status"),
    sa.Index("idx_deliveries_run_id_citizen_id", "run_id", "citizen_id", unique=True),
    sa.Index("idx_deliveries_citizen_id", "citizen_id"),
)


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

    def where(self) -> tuple[str, list[str]]:
        """SQL over ``citizens``: subscribed (hence consenting) citizens in the segment."""
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

    def __init__(self, db: Database, *, citizens: Citizens) -> None:
        self._db = db
        # Unsent deliveries are personal data about a citizen: /xoadulieu removes them.
        citizens.add_deletion_hook(self.forget_citizen)
        self._campaigns = db.table("campaigns")
        self._runs = db.table("campaign_runs")
        self._deliveries = db.table("deliveries")

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
        campaign = self.get(_pk(self._campaigns.insert(row).last_pk))
        assert campaign is not None
        return campaign

    def get(self, campaign_id: int) -> Campaign | None:
        rows = list(self._campaigns.rows_where("id = ?", [campaign_id], limit=1))
        return Campaign.from_row(rows[0]) if rows else None

    def recent(self, *, statuses: Sequence[str] = (), limit: int = 20) -> list[Campaign]:
        """Campaigns newest first, optionally only those in ``statuses``."""
        where, params = None, list(statuses)
        if statuses:
            where = f"status IN ({', '.join('?' * len(statuses))})"
        rows = self._campaigns.rows_where(where, params, order_by="id DESC", limit=limit)
        return [Campaign.from_row(row) for row in rows]

    def update(self, campaign_id: int, *, now: str, **fields: object) -> None:
        self._campaigns.update(campaign_id, {**fields, "updated_at": now})

    # -- recipients -----------------------------------------------------------------------
    def count_recipients(self, segment: Segment) -> int:
        where, params = segment.where()
        return self._db.table("citizens").count_where(where, params)

    def count_silent_since(self, segment: Segment, channel: str, since: str) -> int:
        """Recipients on ``channel`` whose last message to the bot is older than ``since``."""
        where, params = segment.where()
        return self._db.table("citizens").count_where(
            f"({where}) AND channel_id LIKE ? AND last_seen < ?", [*params, f"{channel}:%", since]
        )

    # -- runs -----------------------------------------------------------------------------
    def start_run(
        self, campaign: Campaign, *, scheduled_for: str, next_run_at: str | None, now: str
    ) -> Run:
        """Open a run with one pending delivery row per current recipient, atomically.

        For callers that may hold the database for the whole fill (the command line,
        tests); the bot fills big runs in steps (``prepare_run``, ``fill_run``,
        ``activate_run``) so that replies to citizens go in between.
        """
        with self._db.atomic():
            run_id = self.prepare_run(campaign, scheduled_for=scheduled_for, now=now)
            while self.fill_run(run_id, campaign, limit=FILL_ALL, now=now):
                pass
            return self.activate_run(run_id, campaign, next_run_at=next_run_at, now=now)

    def prepare_run(self, campaign: Campaign, *, scheduled_for: str, now: str) -> int:
        """The id of the campaign's run being filled (one left by a crash), or a new one.

        A ``preparing`` run is not sent; ``activate_run`` makes it ``sending``.
        """
        rows = list(
            self._runs.rows_where(
                "campaign_id = ? AND status = 'preparing'", [campaign.id], order_by="id", limit=1
            )
        )
        if rows:
            return int(rows[0]["id"])
        row = {
            "campaign_id": campaign.id,
            "scheduled_for": scheduled_for,
            "started_at": now,
            "status": "preparing",
        }
        return _pk(self._runs.insert(row).last_pk)

    def fill_run(self, run_id: int, campaign: Campaign, *, limit: int, now: str) -> int:
        """Add pending deliveries for up to ``limit`` more recipients, by citizen id, inside
        the database (INSERT ... SELECT); returns how many were added (0: the run is full)."""
        where, params = campaign.segment.where()
        (after,) = self._db.execute(
            "SELECT coalesce(max(citizen_id), 0) FROM deliveries WHERE run_id = ?", [run_id]
        ).fetchone()
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO deliveries "
            "(run_id, campaign_id, citizen_id, status, attempts, updated_at) "
            f"SELECT ?, ?, id, 'pending', 0, ? FROM citizens WHERE ({where}) AND id > ? "
            "ORDER BY id LIMIT ?",
            [run_id, campaign.id, now, *params, after, limit],
        )
        return max(cursor.rowcount, 0)

    def activate_run(
        self, run_id: int, campaign: Campaign, *, next_run_at: str | None, now: str
    ) -> Run:
        """Start sending a filled run; the campaign is ``sending`` (unless it was cancelled
        while the run was being filled: then the run is cancelled too)."""
        current = self.get(campaign.id)
        if current is not None and current.status == "cancelled":
            self.finish_run(run_id, "cancelled", now=now)
        else:
            with self._db.atomic():
                self._runs.update(run_id, {"status": "sending"})
                self.update(campaign.id, now=now, status="sending", next_run_at=next_run_at)
        run = self.run(run_id)
        assert run is not None
        return run

    def record_missed_run(self, campaign: Campaign, *, scheduled_for: str, now: str) -> Run:
        """Keep a trace of an occurrence that was not sent (too late after a stop)."""
        run_id = self._runs.insert(
            {
                "campaign_id": campaign.id,
                "scheduled_for": scheduled_for,
                "finished_at": now,
                "status": "missed",
            }
        ).last_pk
        run = self.run(_pk(run_id))
        assert run is not None
        return run

    def run(self, run_id: int) -> Run | None:
        rows = list(self._runs.rows_where("id = ?", [run_id], limit=1))
        return Run(**rows[0]) if rows else None

    def runs(self, campaign_id: int) -> list[Run]:
        rows = self._runs.rows_where("campaign_id = ?", [campaign_id], order_by="id")
        return [Run(**row) for row in rows]

    def open_run(self, campaign_id: int) -> Run | None:
        rows = list(
            self._runs.rows_where(
                "campaign_id = ? AND status = 'sending'", [campaign_id], order_by="id", limit=1
            )
        )
        return Run(**rows[0]) if rows else None

    def latest_run(self, campaign_id: int) -> Run | None:
        rows = list(
            self._runs.rows_where(
                "campaign_id = ? AND status != 'missed'", [campaign_id], order_by="id DESC", limit=1
            )
        )
        return Run(**rows[0]) if rows else None

    def finish_run(self, run_id: int, status: str, *, now: str) -> None:
        """Close a run; a cancelled run's unsent rows become 'cancelled'."""
        with self._db.atomic():
            if status == "cancelled":
                self._db.execute(
                    "UPDATE deliveries SET status = 'cancelled', updated_at = ? "
                    "WHERE run_id = ? AND status IN ('pending', 'sending')",
                    [now, run_id],
                )
            self._runs.update(run_id, {"status": status, "finished_at": now})

    # -- deliveries -------------------------------------------------------------------------
    def open_deliveries(self, run_id: int, *, after_id: int, limit: int) -> list[DeliveryRow]:
        """Rows still to send, in id order; 'sending' ones are those a crash interrupted."""
        cursor = self._db.execute(
            "SELECT id, citizen_id, status, attempts FROM deliveries WHERE run_id = ? "
            "AND id > ? AND status IN ('pending', 'sending') ORDER BY id LIMIT ?",
            [run_id, after_id, limit],
        )
        return [DeliveryRow(*row) for row in cursor.fetchall()]

    def mark(self, delivery_id: int, status: str, *, now: str, error: str | None = None) -> None:
        """Record a delivery outcome; 'sending' also counts one more attempt."""
        sent_at = now if status in REACHED else None
        bump = 1 if status == "sending" else 0
        self._db.execute(
            "UPDATE deliveries SET status = ?, error = ?, attempts = attempts + ?, "
            "updated_at = ?, sent_at = COALESCE(?, sent_at) WHERE id = ?",
            [status, error, bump, now, sent_at, delivery_id],
        )

    def counts(self, run_id: int) -> dict[str, int]:
        cursor = self._db.execute(
            "SELECT status, count(*) FROM deliveries WHERE run_id = ? GROUP BY status", [run_id]
        )
        return dict(cursor.fetchall())

    def error_counts(self, run_id: int) -> list[tuple[str, str, int]]:
        """(status, error, count) of failed, blocked and outside-window rows, biggest first."""
        cursor = self._db.execute(
            "SELECT status, coalesce(error, ''), count(*) AS n FROM deliveries WHERE run_id = ? "
            "AND status IN ('failed', 'blocked', 'outside_window') "
            "GROUP BY status, error ORDER BY n DESC",
            [run_id],
        )
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]

    def failures(self, run_id: int) -> list[dict]:
        """Rows that did not reach their citizen, with the channel id to follow up."""
        cursor = self._db.execute(
            "SELECT c.channel_id, d.status, d.error, d.attempts, d.updated_at "
            "FROM deliveries d JOIN citizens c ON c.id = d.citizen_id WHERE d.run_id = ? "
            "AND d.status IN ('failed', 'blocked', 'outside_window') ORDER BY d.id",
            [run_id],
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def forget_citizen(self, citizen: Citizen) -> None:
        """Deletion hook: unsent rows go, sent ones stay as anonymous counts."""
        db = self._db
        db.execute(
            "DELETE FROM deliveries WHERE citizen_id = ? AND status IN ('pending', 'sending')",
            [citizen.id],
        )
        db.execute("UPDATE deliveries SET citizen_id = NULL WHERE citizen_id = ?", [citizen.id])


FILL_ALL = 1_000_000_000  # no step limit: the whole run in one statement


def _pk(value: object) -> int:
    assert isinstance(value, int)
    return value
