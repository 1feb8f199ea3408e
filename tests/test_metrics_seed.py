"""Demo seeding (``python -m bot seed-demo``) on both backends: marked, replaced, never real."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.config import ROOT, Settings
from bot.core.content import Deployment
from bot.metrics.seed import RealDataPresent, SeedResult, clear_demo, seed_demo
from bot.store import Store

DEPLOYMENT = Deployment.load(ROOT / "content" / "deployment.yaml")
END = dt.date(2026, 3, 31)


def seed(store: Store, *, citizens: int = 40, max_events: int | None = None) -> SeedResult:
    return seed_demo(
        store, DEPLOYMENT, citizens=citizens, days=30, end=END, tz="Asia/Ho_Chi_Minh",
        max_events=max_events,
    )  # fmt: skip


def scalar(store: Store, sql: str) -> object:
    return store.call_sql(lambda conn: conn.execute(sa.text(sql)).scalar_one())


def events_indexes(store: Store) -> set[str]:
    return store.call_sql(
        lambda conn: {index["name"] for index in sa.inspect(conn).get_indexes("events")}
    )


def test_seed_demo_marks_every_row_and_keeps_the_indexes(store: Store) -> None:
    indexes = events_indexes(store)
    result = seed(store)
    assert result.citizens == 40
    assert result.events == scalar(store, "SELECT count(*) FROM events") > 40 * 3
    assert scalar(store, "SELECT count(*) FROM events WHERE channel <> 'demo'") == 0
    # Citizens who deleted their data left events but no row.
    assert 0 < scalar(store, "SELECT count(*) FROM citizens") <= 40
    assert scalar(store, "SELECT count(*) FROM citizens WHERE channel_id NOT LIKE 'demo:%'") == 0
    assert result.questions == scalar(store, "SELECT count(*) FROM questions")
    assert scalar(store, "SELECT count(*) FROM questions WHERE ref NOT LIKE 'DEMO-%'") == 0
    assert store.metrics_meta.get("demo") is not None
    # Dropped for the load, built again after it.
    assert events_indexes(store) == indexes
    assert len(indexes) >= 5


def contents(store: Store) -> list[list[tuple[object, ...]]]:
    """Every demo row but the ids the database gave, in one order."""
    queries = [
        "SELECT at, type, channel, citizen_key, commune, village, household, topic, intent, "
        "outcome, campaign_id, ref, value FROM events",
        "SELECT * FROM citizens",
        "SELECT ref, kind, citizen_id, text, topic, intent_guess, commune, household, status, "
        "created_at FROM questions",
    ]
    return store.call_sql(
        lambda conn: [
            sorted((tuple(row) for row in conn.execute(sa.text(sql))), key=repr) for sql in queries
        ]
    )


def test_the_same_seed_gives_the_same_rows_on_both_backends(tmp_path: Path, pg_url: str) -> None:
    seeded = []
    for target in (str(tmp_path / "bot.db"), pg_url):
        store = Store.open(target)
        try:
            result = seed(store, citizens=80)
            seeded.append((result, contents(store)))
        finally:
            store.close()
    (on_sqlite, rows_sqlite), (on_postgresql, rows_postgresql) = seeded
    assert on_sqlite == on_postgresql
    assert on_sqlite.questions > 0
    assert rows_sqlite == rows_postgresql


def test_max_events_stops_at_exactly_that_many(store: Store) -> None:
    result = seed(store, citizens=1, max_events=500)
    assert result.events == scalar(store, "SELECT count(*) FROM events") == 500
    assert result.citizens > 1


def test_seeding_again_replaces_the_demo(store: Store) -> None:
    first = seed(store)
    counts = [scalar(store, f"SELECT count(*) FROM {table}") for table in ("events", "questions")]
    assert seed(store) == first
    assert [
        scalar(store, f"SELECT count(*) FROM {table}") for table in ("events", "questions")
    ] == (counts)


def test_a_citizen_after_the_seed_gets_an_id_of_its_own(store: Store) -> None:
    """PostgreSQL: demo citizens are inserted with their ids; the id sequence moves past them."""
    seed(store)
    highest = scalar(store, "SELECT max(id) FROM citizens")
    assert isinstance(highest, int)
    clear_demo(store)
    real = store.citizens.register("telegram:1")
    assert real.id > highest


def test_clearing_leaves_real_rows_alone(store: Store) -> None:
    seed(store)
    real = store.citizens.register("telegram:1")
    store.events.record("consent_given", channel="telegram", citizen=real)
    clear_demo(store)
    assert scalar(store, "SELECT count(*) FROM citizens") == 1
    assert scalar(store, "SELECT count(*) FROM events") == 1
    assert scalar(store, "SELECT count(*) FROM questions") == 0
    with pytest.raises(RealDataPresent, match="1 người dân thật, 1 sự kiện thật"):
        seed(store)
    assert scalar(store, "SELECT count(*) FROM events") == 1


def test_the_command_seeds_a_postgresql_database(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(content_dir=ROOT / "content")
    argv = ["seed-demo", "--citizens", "5", "--days", "3", "--end", "2026-03-31", "--db", pg_url]
    assert main(argv, settings=settings) == 0
    said = capsys.readouterr().out
    assert "Đã tạo dữ liệu MẪU trong postgresql" in said
    store = Store.open(pg_url)
    try:
        assert scalar(store, "SELECT count(*) FROM events WHERE channel = 'demo'") > 5
    finally:
        store.close()
