"""When the database cannot be written (disk full, read-only file, I/O error).

Answering a citizen needs only reads; a few writes made while answering (last-seen time,
reach events, an idle flow's clean-up) can be lost without harm. Those go through
:func:`deferrable`: during an outage they are dropped, with one log line when dropping starts
and one when writes work again. Every other write still fails, and the engine turns that
failure into a plain message (:func:`is_outage` tells it apart from a bug).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import sqlalchemy as sa

log = logging.getLogger(__name__)

_OUTAGE_MARKERS = ("readonly", "read-only", "disk is full", "disk i/o error", "database is locked")
# PostgreSQL says why by SQLSTATE class: 08 connection lost, 53 out of resources (disk full,
# too many connections), 57 the server shutting down or an admin cancelling, 25006 a
# read-only transaction (a hot standby), 55P03 a lock not available in time.
_OUTAGE_SQLSTATES = ("08", "53", "57", "25006", "55P03")
# SQLAlchemy wraps every driver error it meets in DBAPIError (``.orig`` is the driver's);
# sqlite-utils code and the executor's own BEGIN on SQLite raise sqlite3's unwrapped.
DRIVER_ERRORS = (sqlite3.Error, sa.exc.DBAPIError)

P = ParamSpec("P")
R = TypeVar("R")


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot take writes now (not a bug in a query)."""
    if isinstance(error, sa.exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if not isinstance(error.orig, sqlite3.Error):  # psycopg: its SQLSTATE says why
            state = getattr(error.orig, "sqlstate", None) or ""
            if not state:  # no answer from a server at all: it is out of reach
                return isinstance(error, sa.exc.OperationalError)
            return state.startswith(_OUTAGE_SQLSTATES)
        error = error.orig
    if not isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return any(marker in text for marker in _OUTAGE_MARKERS)


class _OutageNotes:
    """Logs the start and the end of a spell of dropped writes, once each."""

    dropping = False

    def dropped(self, error: BaseException) -> None:
        if not self.dropping:
            self.dropping = True
            log.warning("database not writable (%s): dropping writes that can wait", error)

    def written(self) -> None:
        if self.dropping:
            self.dropping = False
            log.info("database writable again")


_notes = _OutageNotes()


def deferrable(method: Callable[P, R | None]) -> Callable[P, R | None]:
    """Mark a write that may be dropped during an outage (returns None then)."""

    @functools.wraps(method)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            result = method(*args, **kwargs)
        except DRIVER_ERRORS as error:
            if not is_outage(error):
                raise
            _notes.dropped(error)
            return None
        _notes.written()
        return result

    return guarded
