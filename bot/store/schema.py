"""The core tables. Never edit an applied migration: add a new function below it."""

from __future__ import annotations

import re

from sqlite_utils import Database, Migrations

migrations = Migrations("core")


@migrations()
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


@migrations()
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
