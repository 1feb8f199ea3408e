"""The core tables. Never edit an applied migration: add a new function below it."""

from __future__ import annotations

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
