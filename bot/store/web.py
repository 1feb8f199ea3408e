"""What the web console must remember: one-time sign-in links and signed-in sessions.

Only hashes of the secrets are stored (SHA-256 of the link token, of the session id), so a
copy of the database signs nobody in. Times are ISO-8601 UTC strings like every other table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import sqlalchemy as sa

from bot.store.campaigns import campaigns, deliveries
from bot.store.citizens import citizens
from bot.store.events import events
from bot.store.migrate import MigrationSet, metadata
from bot.store.questions import questions
from bot.store.sql import rows
from bot.store.staff import audit_log

migrations = MigrationSet("web")

web_links = sa.Table(
    "web_links",
    metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("channel_id", sa.Text),  # the staff member the link signs in
    sa.Column("created_at", sa.Text),
    sa.Column("expires_at", sa.Text),
    sa.Column("used_at", sa.Text),  # NULL until redeemed: a link works once
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", sa.Text, primary_key=True),
    sa.Column("channel_id", sa.Text),
    sa.Column("csrf", sa.Text),  # the token every form of this session carries
    sa.Column("created_at", sa.Text),
    sa.Column("expires_at", sa.Text),
    sa.Index("idx_web_sessions_channel_id", "channel_id"),
)

# The dashboard counts distinct people per day over the last 30 days; with this covering
# index SQLite reads the index alone (0.37 s → 0.08 s over a million events).
sa.Index("events_at_citizen", events.c.at, events.c.citizen_key)


@dataclass(frozen=True)
class WebSession:
    channel_id: str
    csrf: str
    expires_at: str


# -- statements, built once -------------------------------------------------------------------
_DROP_OLD_LINKS = sa.delete(web_links).where(web_links.c.expires_at < sa.bindparam("now"))
_ADD_LINK = sa.insert(web_links)
# One UPDATE decides, so two requests racing with the same link cannot both win.
_REDEEM = (
    sa.update(web_links)
    .where(
        web_links.c.token_hash == sa.bindparam("hash"),
        web_links.c.used_at.is_(None),
        web_links.c.expires_at > sa.bindparam("now"),
    )
    .values(used_at=sa.bindparam("now"))  # "now" is no column: allowed in SET
    .returning(web_links.c.channel_id)
)
_DROP_OLD_SESSIONS = sa.delete(web_sessions).where(web_sessions.c.expires_at < sa.bindparam("now"))
_ADD_SESSION = sa.insert(web_sessions)
_SESSION = sa.select(
    web_sessions.c.channel_id, web_sessions.c.csrf, web_sessions.c.expires_at
).where(
    web_sessions.c.id_hash == sa.bindparam("id_hash"),
    web_sessions.c.expires_at > sa.bindparam("now"),
)
_END_SESSION = sa.delete(web_sessions).where(web_sessions.c.id_hash == sa.bindparam("id_hash"))
_END_SESSIONS_OF = sa.delete(web_sessions).where(
    web_sessions.c.channel_id == sa.bindparam("channel_id")
)

_REACHED = sa.select(sa.func.count(sa.distinct(events.c.citizen_key))).where(
    events.c.at >= sa.bindparam("since")
)
_ASKED = (
    sa.select(sa.func.count())
    .select_from(questions)
    .where(questions.c.created_at >= sa.bindparam("since"))
)
# People reached per local day. The day is computed from the UTC text shifted by the
# deployment's offset; SQLite reads the covering index (at, citizen_key) alone.
_DAYS = {
    "sqlite": sa.text(
        "SELECT date(at, :shift) AS day, count(DISTINCT citizen_key) FROM events "
        "WHERE at >= :since GROUP BY day ORDER BY day"
    ),
    "postgresql": sa.text(
        "SELECT to_char(CAST(at AS timestamp) + :hours * interval '1 hour', 'YYYY-MM-DD') "
        "AS day, count(DISTINCT citizen_key) FROM events "
        "WHERE at >= :since GROUP BY day ORDER BY day"
    ),
}

_DELIVERIES = (
    sa.select(
        deliveries.c.id,
        citizens.c.channel_id,
        deliveries.c.status,
        deliveries.c.error,
        deliveries.c.attempts,
        deliveries.c.updated_at,
    )
    .select_from(deliveries.outerjoin(citizens, citizens.c.id == deliveries.c.citizen_id))
    .where(deliveries.c.run_id == sa.bindparam("run_id"))
    .order_by(deliveries.c.id)
)

# Files the console keeps for campaigns (their URLs hold "/tep/"): a cancelled one needs none.
_MEDIA_IN_USE = sa.select(campaigns.c.photo_id, campaigns.c.document_id).where(
    campaigns.c.status != "cancelled",
    sa.or_(campaigns.c.photo_id.like("%/tep/%"), campaigns.c.document_id.like("%/tep/%")),
)

# The channel part of a citizen's address ("telegram" of "telegram:123").
_CHANNEL_OF = {
    "sqlite": "substr(channel_id, 1, instr(channel_id, ':') - 1)",
    "postgresql": "split_part(channel_id, ':', 1)",
}
AUDIT_COLUMNS = ("id", "at", "actor", "role", "action", "detail", "allowed")


@functools.cache
def _audit_statements(by_actor: bool, by_action: bool) -> tuple[sa.Select, sa.Select]:
    """(count, page) of the audit log for one combination of filters: four shapes in all."""
    conditions = []
    if by_actor:
        conditions.append(audit_log.c.actor == sa.bindparam("actor"))
    if by_action:
        conditions.append(audit_log.c.action.like(sa.bindparam("pattern")))
    total = sa.select(sa.func.count()).select_from(audit_log).where(sa.true(), *conditions)
    page = (
        sa.select(*(audit_log.c[name] for name in AUDIT_COLUMNS))
        .where(sa.true(), *conditions)
        .order_by(audit_log.c.id.desc())
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
    )
    return total, page


_PLACEHOLDER = re.compile(r"\?")


@functools.lru_cache(maxsize=256)
def _named(sql: str) -> tuple[str, int]:
    """``sql`` with each ``?`` (the callers' filters still use them) as ``:p0``, ``:p1``…"""
    count = 0

    def name(_match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f":p{count - 1}"

    return _PLACEHOLDER.sub(name, sql), count


def _bound(params: list) -> dict[str, object]:
    return {f"p{i}": value for i, value in enumerate(params)}


@functools.lru_cache(maxsize=256)
def _filtered(dialect: str, template: str, where: str) -> sa.TextClause:
    """A read over a caller's filter (a queue filter, a campaign segment), built once per
    shape of filter (a few dozen at most) rather than on every request."""
    named, _count = _named(where)
    return sa.text(template.format(channel=_CHANNEL_OF[dialect], where=named))


_BY_CHANNEL = (
    "SELECT {channel} AS channel, count(*) FROM citizens WHERE {where} "
    "GROUP BY channel ORDER BY channel"
)


class WebStore:
    """Repository for ``web_links`` and ``web_sessions``, and the read-only views the
    console's pages need over other tables (the audit log, reach, deliveries)."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    # -- one-time links ----------------------------------------------------------------------
    def add_link(self, token_hash: str, channel_id: str, *, now: str, expires_at: str) -> None:
        # Old links are never useful again: drop them while we are here.
        self._conn.execute(_DROP_OLD_LINKS, {"now": now})
        self._conn.execute(
            _ADD_LINK,
            {
                "token_hash": token_hash,
                "channel_id": channel_id,
                "created_at": now,
                "expires_at": expires_at,
                "used_at": None,
            },
        )

    def redeem_link(self, token_hash: str, *, now: str) -> str | None:
        """Mark the link used and return whom it signs in; None if unknown, used or expired."""
        found = self._conn.execute(_REDEEM, {"hash": token_hash, "now": now}).scalar()
        return None if found is None else str(found)

    # -- sessions ----------------------------------------------------------------------------
    def add_session(
        self, id_hash: str, channel_id: str, *, csrf: str, now: str, expires_at: str
    ) -> None:
        self._conn.execute(_DROP_OLD_SESSIONS, {"now": now})
        self._conn.execute(
            _ADD_SESSION,
            {
                "id_hash": id_hash,
                "channel_id": channel_id,
                "csrf": csrf,
                "created_at": now,
                "expires_at": expires_at,
            },
        )

    def session(self, id_hash: str, *, now: str) -> WebSession | None:
        row = self._conn.execute(_SESSION, {"id_hash": id_hash, "now": now}).first()
        return WebSession(*row) if row else None

    def end_session(self, id_hash: str) -> None:
        self._conn.execute(_END_SESSION, {"id_hash": id_hash})

    def end_sessions_of(self, channel_id: str) -> int:
        """Sign a person out everywhere (their role was taken away)."""
        return self._conn.execute(_END_SESSIONS_OF, {"channel_id": channel_id}).rowcount

    # -- the audit log, filtered and paged -----------------------------------------------------
    def audit_page(
        self, *, actor: str = "", action: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[list[dict], int]:
        total, page = _audit_statements(bool(actor), bool(action))
        values = {"actor": actor, "pattern": f"%{action}%", "limit": limit, "offset": offset}
        found = rows(self._conn.execute(page, values))
        return found, int(self._conn.execute(total, values).scalar() or 0)

    # -- read-only views for the console's pages ------------------------------------------------
    def reach_overview(
        self, *, month_start: str, days_start: str, offset_hours: float
    ) -> tuple[int, int, list[tuple[str, int]]]:
        """(people reached this month, questions sent this month, people reached per local day)."""
        reached = self._conn.execute(_REACHED, {"since": month_start}).scalar()
        asked = self._conn.execute(_ASKED, {"since": month_start}).scalar()
        days = self._conn.execute(
            _DAYS[self._conn.dialect.name],
            {"since": days_start, "shift": f"{offset_hours:+.0f} hours", "hours": offset_hours},
        ).all()
        return int(reached or 0), int(asked or 0), [(str(d), int(n)) for d, n in days]

    def recipients_by_channel(self, where: str, params: list[str]) -> dict[str, int]:
        """Citizens matching a campaign segment's ``where`` (over ``citizens``), per channel."""
        statement = _filtered(self._conn.dialect.name, _BY_CHANNEL, where)
        result = self._conn.execute(statement, _bound(params))
        return {str(channel): int(n) for channel, n in result}

    def media_in_use(self) -> set[str]:
        """The photo and document URLs of console files that campaigns not cancelled name."""
        found = self._conn.execute(_MEDIA_IN_USE).all()
        return {url for row in found for url in row if url and "/tep/" in url}

    def deliveries(self, run_id: int) -> list[dict]:
        """Every delivery row of a run with its recipient's address (deleted people: none)."""
        return rows(self._conn.execute(_DELIVERIES, {"run_id": run_id}))
