"""The blocking way into a repository: each method call runs on the database thread.

``blocking(repo, executor)`` looks like ``repo`` to its callers and the type checker, but a
call of one of its methods is handed to the executor and waited for, so the connection is
only ever used by the thread that owns it. Nested repositories (``store.voice.queue``) are
wrapped the same way; iterators are read to the end on the database thread.
"""

from __future__ import annotations

import types
from typing import Any, TypeVar, cast

from bot.store.executor import DatabaseExecutor

R = TypeVar("R")


def blocking(repo: R, executor: DatabaseExecutor) -> R:
    """``repo`` whose methods run on ``executor``'s thread."""
    return cast(R, _Blocking(repo, executor))


class _Blocking:
    def __init__(self, target: object, executor: DatabaseExecutor) -> None:
        self._target = target
        self._executor = executor

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, types.MethodType):
            executor = self._executor

            def run_there(*args: Any, **kwargs: Any) -> Any:
                return executor.call(lambda _db: _whole(value(*args, **kwargs)))

            return run_there
        if hasattr(value, "_db") or hasattr(value, "_conn"):  # a nested repository
            return _Blocking(value, self._executor)
        return value


def _whole(result: Any) -> Any:
    """A generator would run its SQL on the caller's thread: read it here instead."""
    if isinstance(result, types.GeneratorType):
        return list(result)
    return result
