"""Log output: readable lines by default, JSON lines with ``BOT_LOG_FORMAT=json``.

JSON lines suit a provincial log stack (Loki, Elasticsearch, journald forwarding): one object
a line with ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, any ``extra=`` fields
a module passed, and ``exception`` with the traceback. Modules never log what citizens write
(personal data law 91/2025/QH15); as a second guard, ``extra`` fields whose names mean message
content are replaced by ``"[redacted]"``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import traceback
from types import TracebackType
from typing import Any, TextIO

LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Field names that would carry what a person wrote; never written to the log.
CONTENT_FIELDS = frozenset({"text", "html", "caption", "body", "message_text", "question"})
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


# Exceptions whose messages come from a library about its own state (a locked database, a
# refused connection), never from what a person typed. Every other exception's message is
# withheld from the log: it may quote a citizen's words (openpyxl quotes the bad cell, a
# ValueError may repeat its input). The type and the frames stay, which is what debugging needs.
MESSAGES_KEPT: tuple[type[BaseException], ...] = (OSError, TimeoutError)
# The database driver's errors, named by module (only bot/store imports the driver).
MESSAGES_KEPT_MODULES = frozenset({"sqlite3"})
WITHHELD = "(message withheld: it may contain personal data)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _is_transport_error(error: BaseException) -> bool:
    """An httpx connection failure (its message names a host, not a person). httpx is not
    imported for this: a command-line start does without it, and where it was never imported
    no such error can exist."""
    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(error, httpx.TransportError)


def format_exception_safely(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """A traceback with every frame and exception type, but no message that could quote a person."""
    error = exc_info[1]
    chain: list[BaseException] = []
    while error is not None and all(error is not seen for seen in chain):
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    parts: list[str] = []
    for index, link in enumerate(reversed(chain)):
        if index:
            parts.append("\nWhile handling the above, another error occurred:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        kind = type(link)
        kept = (
            isinstance(link, MESSAGES_KEPT)
            or _is_transport_error(link)
            or kind.__module__ in MESSAGES_KEPT_MODULES
        )
        message = str(link) if kept else WITHHELD
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {message}")
    return "".join(parts)


class SafeTextFormatter(logging.Formatter):
    """Readable lines; tracebacks without exception messages (see ``MESSAGES_KEPT``)."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's own name
        return format_exception_safely(ei)


class JsonFormatter(logging.Formatter):
    """One JSON object a line; non-ASCII (Vietnamese) kept readable."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's own name
        return format_exception_safely(ei)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = "[redacted]" if key in CONTENT_FIELDS else value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    log_format: str = "text", *, level: int = logging.INFO, stream: TextIO | None = None
) -> None:
    """Send every log record to ``stream`` (stderr) as readable text or JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else SafeTextFormatter(TEXT_FORMAT)
    )
    logging.basicConfig(handlers=[handler], level=level, force=True)
    # httpx logs every Bot API call at INFO, which floods the log during long polling.
    logging.getLogger("httpx").setLevel(logging.WARNING)
