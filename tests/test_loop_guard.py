"""The guard that keeps the event loop off SQLite: strict in tests (``conftest.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

import bot.core.stops
from bot.store import Store
from bot.store.loop_guard import BlockingOnLoop
from tests.conftest import OFFENCES


def blocking_call_made_in(module_file: str, store: Store) -> None:
    """Run a blocking store call as if the line were written in ``module_file``."""
    code = compile("store.citizens.get('telegram:1')", module_file, "exec")
    exec(code, {"store": store})


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store.open(":memory:")
    yield opened
    opened.close()


async def test_product_code_on_the_loop_is_refused(store: Store) -> None:
    with pytest.raises(BlockingOnLoop, match=r"bot/core/stops\.py"):
        blocking_call_made_in(bot.core.stops.__file__, store)
    assert OFFENCES  # what fails any other test that makes such a call, even if it is caught
    OFFENCES.clear()


async def test_tests_may_look_at_the_database_on_the_loop(store: Store) -> None:
    assert store.citizens.get("telegram:1") is None


def test_product_code_off_the_loop_may_block(store: Store) -> None:
    blocking_call_made_in(bot.core.stops.__file__, store)


async def test_a_worker_thread_may_block(store: Store) -> None:
    await asyncio.to_thread(blocking_call_made_in, bot.core.stops.__file__, store)
