"""Request parameters as the Bot API reads them, whatever the body encoding.

Telegram accepts a query string, ``application/x-www-form-urlencoded``, ``application/json``
and ``multipart/form-data``. In the form encodings every value is a string and complex values
(``reply_markup``, ``entities``, ``allowed_updates``...) are JSON-encoded strings; in a JSON body
they arrive already decoded. python-telegram-bot sends forms (multipart when a file is
attached), other clients often send JSON, so every accessor here accepts both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tests.fakes.telegram_state import UploadedFile, bad_request

_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
}
_TRUE = {"true", "1", "yes"}


class Params:
    """Read-only view of one request's parameters."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __contains__(self, name: str) -> bool:
        return self._values.get(name) not in (None, "")

    def get(self, name: str) -> Any:
        """The raw value, or ``None``."""
        return self._values.get(name)

    def text(self, name: str) -> str | None:
        """A string parameter; ``None`` when absent."""
        value = self._values.get(name)
        if value is None or isinstance(value, UploadedFile):
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; 400 when present but not a number."""
        value = self._values.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """A boolean parameter (``true``/``false`` in forms, a bool in JSON)."""
        value = self._values.get(name)
        if isinstance(value, bool):
            return value
        return str(value).lower() in _TRUE if value is not None else False

    def json(self, name: str) -> Any:
        """A complex parameter, decoding it when it came as a JSON string."""
        value = self._values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(_JSON_ERRORS.get(name, f"can't parse {name} JSON object")) from None

    def file(self, name: str) -> UploadedFile | str | None:
        """An uploaded file, or a ``file_id``/URL string; follows ``attach://<part>``."""
        value = self._values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            attached = self._values.get(value.removeprefix("attach://"))
            return attached if isinstance(attached, UploadedFile) else None
        if value in (None, ""):
            return None
        return value if isinstance(value, UploadedFile) else str(value)
