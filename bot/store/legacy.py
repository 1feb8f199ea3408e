"""The sqlite-utils migrations of every SQLite database made before issue #16 — frozen.

Until then each feature's module kept a ``sqlite_utils.Migrations`` set, recorded in the
``_sqlite_migrations`` table. The schema is now defined once in SQLAlchemy ``MetaData`` (the
``Table`` objects in each repository module) and changed through ``MigrationSet`` steps
(``bot.store.migrate``). An existing SQLite database is brought up to the last state these
sets produced — the *baseline*, equal to the ``MetaData`` as of the switch (a test checks it)
— and from there follows the new steps. Never edit or extend this file: a schema change is a
new step in the owning module's ``MigrationSet``.
"""

from __future__ import annotations

import re

from sqlite_utils import Database, Migrations

core = Migrations("core")


@core()
def m001_core_tables(db: Database) -> None:
    db.table("citizens").create(
        {
            "id": int,
            "channel_id": str,  # e.g. telegram:123 — the only identifier we keep
            "consent_at": str,
            "commune": str,
            "village": str,
            "household": str,  # ngheo | can_ngheo | moi_thoat_ngheo | khac | khong_tra_loi
            "topics": str,  # JSON list of topic ids the citizen follows
            "subscribed": int,
            "stopped_at": str,
            "stopped_reason": str,  # user | blocked | deactivated | unfollowed
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"channel_id", "consent_at", "first_seen", "last_seen"},
        defaults={"subscribed": 0, "topics": "[]"},
    )
    db.table("citizens").create_index(["channel_id"], unique=True)
    db.table("dialogue_state").create(
        {"user": str, "flow": str, "step": str, "data": str, "updated_at": str},
        pk="user",
    )
    db.table("staff").create(
        {"channel_id": str, "role": str, "added_at": str, "added_by": str},
        pk="channel_id",
    )
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "role": str,
            "action": str,
            "detail": str,
            "allowed": int,
        },
        pk="id",
    )
    # Reach events for reports: never message text. ``citizen_key`` is the citizen's row id,
    # an opaque number that no longer points to anyone once the citizen deletes their data.
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "type": str,
            "channel": str,
            "citizen_key": int,
            "commune": str,
            "village": str,
            "household": str,
            "topic": str,
            "intent": str,
            "outcome": str,
            "campaign_id": int,
            "ref": str,
            "value": str,
        },
        pk="id",
    )
    db.table("events").create_index(["at"])
    db.table("events").create_index(["type", "at"])
    # Questions a citizen chose to send to staff (the review queue builds on this).
    db.table("questions").create(
        {
            "id": int,
            "ref": str,
            "kind": str,  # faq_miss | dialogue | feedback
            "citizen_id": int,
            "text": str,
            "topic": str,
            "intent_guess": str,
            "commune": str,
            "household": str,
            "status": str,  # pending | answered | ...
            "created_at": str,
        },
        pk="id",
        not_null={"ref", "kind", "text", "status", "created_at"},
    )
    db.table("questions").create_index(["ref"], unique=True)
    db.table("questions").create_index(["status", "created_at"])


@core()
def m002_citizen_ids_never_reused(db: Database) -> None:
    """``citizens.id`` becomes AUTOINCREMENT: a deleted citizen's id is never handed out again.

    Without it SQLite gives the next citizen the largest id plus one, so a citizen registering
    right after the newest one deleted their data inherited their events (``citizen_key``).
    The table is rebuilt with the same columns and indexes; the sequence starts above every
    id that events ever recorded, so ids deleted before this migration are not reused either.
    """
    (create,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'citizens'").fetchone()
    if "AUTOINCREMENT" in create.upper():
        return
    indexes = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'citizens' "
            "AND sql IS NOT NULL"
        )
    ]
    rebuilt = re.sub(r"^CREATE TABLE \S+", 'CREATE TABLE "citizens_rebuilt"', create, count=1)
    rebuilt = re.sub(r"INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT", rebuilt, count=1)
    db.execute(rebuilt)
    db.execute("INSERT INTO citizens_rebuilt SELECT * FROM citizens")
    db.execute("DROP TABLE citizens")
    db.execute("ALTER TABLE citizens_rebuilt RENAME TO citizens")
    for index in indexes:
        db.execute(index)
    highest = db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM citizens), 0), "
        "coalesce((SELECT max(citizen_key) FROM events), 0))"
    ).fetchone()[0]
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'citizens'")
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('citizens', ?)", [highest])


broadcasts = Migrations("broadcasts")


@broadcasts()
def m001_campaign_tables(db: Database) -> None:
    db.table("campaigns").create(
        {
            "id": int,
            "title": str,  # first words of the text, for lists
            "text": str,  # Telegram-style HTML, without the closing "how to stop" line
            "photo_id": str,
            "document_id": str,
            "document_name": str,
            "segment": str,  # JSON: {"communes": [...], "households": [...], "topics": [...]}
            "recurrence": str,  # None, "weekly:MON@08:00" or "monthly:15@08:00"
            "next_run_at": str,
            "status": str,
            "created_by": str,  # channel id of the officer, or "cli"
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"text", "segment", "status", "created_by", "created_at", "updated_at"},
    )
    db.table("campaigns").create_index(["status", "next_run_at"])
    db.table("campaign_runs").create(
        {
            "id": int,
            "campaign_id": int,
            "scheduled_for": str,
            "started_at": str,
            "finished_at": str,
            "status": str,  # sending | done | cancelled | missed
        },
        pk="id",
        foreign_keys=[("campaign_id", "campaigns", "id")],
        not_null={"campaign_id", "status"},
    )
    db.table("campaign_runs").create_index(["campaign_id", "status"])
    # No foreign key to citizens: a citizen's deletion hook removes or anonymises these rows.
    db.table("deliveries").create(
        {
            "id": int,
            "run_id": int,
            "campaign_id": int,
            "citizen_id": int,
            "status": str,
            "attempts": int,
            "error": str,
            "sent_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "campaign_runs", "id"), ("campaign_id", "campaigns", "id")],
        not_null={"run_id", "campaign_id", "status"},
        defaults={"attempts": 0, "status": "pending"},
    )
    db.table("deliveries").create_index(["run_id", "status"])
    db.table("deliveries").create_index(["run_id", "citizen_id"], unique=True)
    db.table("deliveries").create_index(["citizen_id"])


voice = Migrations("voice")


@voice()
def m001_voice_tables(db: Database) -> None:
    db.table("dialogue_sessions").create(
        {
            "id": int,
            "commune": str,
            "starts_at": str,  # local wall-clock time, ISO "YYYY-MM-DDTHH:MM" (BOT_TIMEZONE)
            "place": str,
            "topics": str,  # as the officer wrote them, e.g. "BHYT, vay vốn ưu đãi"
            "status": str,  # scheduled | cancelled
            "created_by": str,
            "created_at": str,
            "updated_at": str,
            "cancelled_by": str,
            "cancel_reason": str,
            "announced_at": str,
            "announced_to": int,
        },
        pk="id",
        not_null={"commune", "starts_at", "place", "status", "created_at"},
    )
    db.table("dialogue_sessions").create_index(["commune", "starts_at"])
    questions = db.table("questions")
    questions.add_column("session_id", int)
    questions.add_column("category", str)  # feedback: gop_y | phan_anh | kien_nghi | khac
    questions.add_column("anonymous", int, not_null_default=0)
    questions.add_column("flag", str)  # "abusive": kept for review, never published
    questions.add_column("merged_into", int)
    questions.add_column("reject_reason", str)
    questions.add_column("handled_by", str)
    questions.add_column("handled_at", str)
    questions.add_column("proposed_at", str)
    questions.create_index(["session_id"])
    questions.create_index(["merged_into"])
    db.table("question_contacts").create(
        {"question_id": int, "name": str, "phone": str, "given_at": str},
        pk="question_id",
    )
    db.table("question_answers").create(
        {
            "id": int,
            "question_id": int,
            "how": str,  # answer | session | merge (an answer reached through a merge)
            "text": str,
            "by": str,
            "at": str,
            "delivery": str,  # sent | stopped | failed | deleted | anonymous | transient
            "error": str,
        },
        pk="id",
    )
    db.table("question_answers").create_index(["question_id"])


zalo = Migrations("zalo")


@zalo()
def m001_zalo_tables(db: Database) -> None:
    db.table("zalo_tokens").create(
        {
            "id": int,  # always 1: one OA per deployment
            "access_token": str,
            "refresh_token": str,
            "expires_at": str,  # ISO-8601 UTC; NULL when unknown (a pair given by the admin)
            "seed": str,  # the token the admin configured that this pair descends from
            "updated_at": str,
        },
        pk="id",
    )
    db.table("zalo_seen_events").create({"key": str, "at": str}, pk="key")
    db.table("zalo_seen_events").create_index(["at"])
    db.table("zalo_choices").create({"user": str, "payloads": str, "at": str}, pk="user")


metrics = Migrations("metrics")


@metrics()
def m001_report_indexes(db: Database) -> None:
    statements = (
        # People: GROUP BY citizen_key walks this index in order (reached, active, segment).
        "idx_events_metrics_citizen ON events "
        "(citizen_key, type, at, outcome, value, commune, village, household)",
        # Event counts by type, outcome, value and segment.
        "idx_events_metrics_cube ON events (type, outcome, value, commune, village, household, at)",
        # FAQ use by intent and topic (partial: most events have neither).
        "idx_events_metrics_intent ON events "
        "(type, intent, topic, outcome, value, at, commune, village) "
        "WHERE intent IS NOT NULL OR topic IS NOT NULL",
        # Broadcast outcomes by campaign.
        "idx_events_metrics_campaign ON events "
        "(campaign_id, type, at, citizen_key, commune, village) WHERE campaign_id IS NOT NULL",
        # Time to answer: a question's question_sent and question_answered share its ref.
        "idx_events_metrics_ref ON events (ref, type, at, value, commune, village) "
        "WHERE ref IS NOT NULL",
    )
    for statement in statements:
        db.execute("CREATE INDEX IF NOT EXISTS " + statement)
    # Marks a database filled by ``python -m bot seed-demo`` so every report says so.
    db.table("metrics_meta").create({"key": str, "value": str}, pk="key")


@metrics()
def m002_campaign_index_by_person(db: Database) -> None:
    # Ordered by citizen within each campaign, one pass gives both the outcome counts and
    # the number of different recipients (count DISTINCT no longer sorts the whole year).
    db.execute("DROP INDEX IF EXISTS idx_events_metrics_campaign")
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_events_metrics_campaign_people ON events "
        "(campaign_id, citizen_key, type, at, commune, village) WHERE campaign_id IS NOT NULL"
    )


reach = Migrations("reach")


@reach()
def m001_campaign_reach(db: Database) -> None:
    db.table("campaign_reach").create(
        {
            "run_id": int,
            "channel": str,
            "article_id": str,  # NULL until the article broadcast went
            "article_error": str,  # why no article went (quota, refused…), NULL otherwise
            "finished_at": str,  # the run's outside-window recipients are all settled
        },
        pk=("run_id", "channel"),
    )


web = Migrations("web")


@web()
def m001_web_tables(db: Database) -> None:
    db.table("web_links").create(
        {
            "token_hash": str,
            "channel_id": str,  # the staff member the link signs in
            "created_at": str,
            "expires_at": str,
            "used_at": str,  # NULL until redeemed: a link works once
        },
        pk="token_hash",
    )
    db.table("web_sessions").create(
        {
            "id_hash": str,
            "channel_id": str,
            "csrf": str,  # the token every form of this session carries
            "created_at": str,
            "expires_at": str,
        },
        pk="id_hash",
    )
    db.table("web_sessions").create_index(["channel_id"])


@web()
def m002_events_reach_index(db: Database) -> None:
    # The dashboard counts distinct people per day over the last 30 days; with this covering
    # index SQLite reads the index alone (0.37 s → 0.08 s over a million events).
    db.execute("CREATE INDEX IF NOT EXISTS events_at_citizen ON events(at, citizen_key)")


choices = Migrations("choices")


@choices()
def m001_shown_choices(db: Database) -> None:
    db.table("shown_choices").create(
        {"user": str, "buttons": str, "prompt": str, "at": str}, pk="user"
    )


staff_alerts = Migrations("staff_alerts")


@staff_alerts()
def m001_staff_alerts(db: Database) -> None:
    db.table("staff_alerts").create(
        {"channel_id": str, "mode": str, "digest_at": str, "seen_id": int, "digest_on": str},
        pk="channel_id",
    )


# In the order they were applied before the switch.
SETS: list[Migrations] = [
    core,
    broadcasts,
    voice,
    zalo,
    metrics,
    reach,
    web,
    choices,
    staff_alerts,
]
