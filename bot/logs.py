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


class JsonFormatter(logging.Formatter):
    """One JSON object a line; non-ASCII (Vietnamese) kept readable."""

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
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    logging.basicConfig(handlers=[handler], level=level, force=True)
    # httpx logs every Bot API call at INFO, which floods the log during long polling.
    logging.getLogger("httpx").setLevel(logging.WARNING)
