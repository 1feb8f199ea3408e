"""A connection of its own for long write work, so the database thread keeps serving replies.

PostgreSQL only (SQLite has one writer, so its long work is cut into short transactions on
the database thread instead). A million-recipient run is filled here in many short
transactions, one after the other, on one connection opened for the whole fill: a long
single transaction would hold back the cleanup of every row replies update meanwhile, and a
crash would lose all of it.

The connection lives on a thread of its own (one worker), so a step that is still running
when its caller gives up (a cancelled task) finishes before the connection is closed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.store.database import Database, open_database

if TYPE_CHECKING:
    from bot.store import Repositories

T = TypeVar("T")


class Writes(Protocol):
    """Whatever runs write transactions: the store itself, or a :class:`WriterApart`."""

    async def write(self, fn: Callable[[Repositories], T]) -> T:
        """Run ``fn`` as one transaction."""
        ...


class WriterApart:
    """Transactions on a connection apart, one at a time, each awaited from the loop.

    Args:
        target: the ``postgresql://`` URL to connect to.
        repositories: builds the repositories over the new connection.
    """

    def __init__(self, target: str, repositories: Callable[[Database], Repositories]) -> None:
        self._target = target
        self._make_repositories = repositories
        self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="apart")
        self._db: Database | None = None
        self._repos: Repositories | None = None

    async def open(self) -> None:
        """Connect (on the writer's thread)."""
        await self._on_thread(self._connect)

    async def write(self, fn: Callable[[Repositories], T]) -> T:
        """Run ``fn`` as one transaction on the connection apart."""
        return await self._on_thread(lambda: self._transaction(fn))

    async def close(self) -> None:
        """Close the connection once the step in progress (if any) has finished."""
        closing = self._thread.submit(self._disconnect)
        self._thread.shutdown(wait=False)
        await asyncio.wrap_future(closing)

    def _on_thread(self, fn: Callable[[], T]) -> asyncio.Future[T]:
        return asyncio.wrap_future(self._thread.submit(fn))

    def _connect(self) -> None:
        self._db = open_database(self._target)
        self._repos = self._make_repositories(self._db)

    def _transaction(self, fn: Callable[[Repositories], T]) -> T:
        db, repos = self._db, self._repos
        assert db is not None and repos is not None, "open() first"
        db.begin()
        try:
            result = fn(repos)
        except BaseException:
            db.rollback()
            raise
        db.commit()
        return result

    def _disconnect(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
