"""Photos and documents on Zalo: upload once, send as an image or file message.

Zalo sends no file by URL or by another platform's id: an image is uploaded to
``/v2.0/oa/upload/image`` (jpg/png, at most 1 MB) for an ``attachment_id``, a document to
``/v2.0/oa/upload/file`` (PDF, DOC, DOCX, CSV, at most 5 MB) for a ``token`` (shared/ZALO.md).
Both expire after about 7 days (-100 when used later). One upload serves every recipient of a
campaign: ids are kept in memory by the file's content and refreshed after
:data:`REUSE_FOR` or when Zalo answers -100. A Telegram file id (a campaign composed on
Telegram) is fetched through the hub first. An Excel workbook, a type Zalo does not take,
goes as CSV. What cannot go (too large, no bytes, refused) comes back as a reason, and the
sender says a note instead.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import hashlib
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from bot.channels.zalo_client import ZaloClient, ZaloUnavailable
from bot.channels.zalo_tokens import TokenManager, TokenUnavailable
from bot.core.clock import system_now
from bot.core.messages import Attachment
from bot.spreadsheet import safe_row

log = logging.getLogger(__name__)

IMAGE_LIMIT = 1_000_000  # bytes; Zalo says 1 MB
FILE_LIMIT = 5_000_000  # bytes; Zalo says 5 MB
REUSE_FOR = dt.timedelta(days=6)  # ids last about 7 days: renew a day early
FILE_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
}
WORKBOOK_TYPES = ("xlsx", "xlsm")

FetchFile = Callable[[str], Awaitable[bytes | None]]


@dataclass(frozen=True)
class Ready:
    """A file uploaded to Zalo: the ``message`` body to send it, and its cache key."""

    message: dict[str, Any]
    key: str


@dataclass(frozen=True)
class Refused:
    """A file that cannot go to Zalo, with a short reason for the log."""

    reason: str


def image_type(data: bytes) -> str | None:
    """``image/png`` or ``image/jpeg`` from the first bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def extension(filename: str | None) -> str:
    return (filename or "").rpartition(".")[2].lower() if "." in (filename or "") else ""


def workbook_as_csv(data: bytes) -> bytes:
    """Every sheet of a workbook, one after another, as CSV (UTF-8 with BOM, for Excel).

    Each sheet starts with its name on a line of its own. Cells go through
    :func:`bot.spreadsheet.safe_row`, like every export: opening the file runs nothing.
    """
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = io.StringIO()
    writer = csv.writer(out)
    for number, sheet in enumerate(book.worksheets):
        if number:
            writer.writerow([])
        writer.writerow(safe_row([sheet.title]))
        for row in sheet.iter_rows(values_only=True):
            writer.writerow(safe_row("" if value is None else value for value in row))
    book.close()
    return ("\ufeff" + out.getvalue()).encode()


def image_message(attachment_id: str) -> dict[str, Any]:
    """The ``message`` of an image sent from an upload."""
    element = {"media_type": "image", "attachment_id": attachment_id}
    return {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "media", "elements": [element]},
        }
    }


def file_message(token: str) -> dict[str, Any]:
    """The ``message`` of a document sent from an upload."""
    return {"attachment": {"type": "file", "payload": {"token": token}}}


class ZaloUploads:
    """Uploads files to the OA and remembers the ids while they are valid.

    Args:
        client: The Zalo API client.
        tokens: Hands out the access token.
        fetch: Bytes for another channel's file id (the hub's ``fetch_file``).
        clock: The current time (UTC).
    """

    def __init__(
        self,
        client: ZaloClient,
        tokens: TokenManager,
        *,
        fetch: FetchFile,
        clock: Callable[[], dt.datetime] = system_now,
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.fetch = fetch
        self.clock = clock
        self._ids: dict[str, tuple[dict[str, Any], dt.datetime]] = {}
        self._keys: dict[str, str] = {}  # another channel's file id -> content key
        self._locks: dict[str, asyncio.Lock] = {}
        self.uploads = 0  # uploads made since start (Zalo allows about 5,000 a month)

    async def prepare(self, file: Attachment) -> Ready | Refused:
        """The message that sends ``file``, uploading it unless a valid upload exists."""
        lock_key = file.file_id or (hashlib.sha256(file.data).hexdigest() if file.data else "")
        lock = self._locks.setdefault(lock_key, asyncio.Lock())
        async with lock:  # one campaign's many workers upload its photo once
            key = self._keys.get(file.file_id or "")
            if key is not None and (cached := self._valid(key)) is not None:
                return Ready(cached, key)
            data = file.data
            if data is None and file.file_id:
                data = await self.fetch(file.file_id)
            if not data:
                return Refused("no bytes for the file")
            key = hashlib.sha256(data).hexdigest()
            if file.file_id:
                self._keys[file.file_id] = key
            if (cached := self._valid(key)) is not None:
                return Ready(cached, key)
            outcome = await self._upload(file, data)
            if isinstance(outcome, Refused):
                return outcome
            self._ids[key] = (outcome, self.clock())
            return Ready(outcome, key)

    def forget(self, key: str) -> None:
        """Zalo said the upload expired (-100): the next ``prepare`` uploads again."""
        self._ids.pop(key, None)

    def _valid(self, key: str) -> dict[str, Any] | None:
        cached = self._ids.get(key)
        if cached is None or self.clock() - cached[1] >= REUSE_FOR:
            return None
        return cached[0]

    async def _upload(self, file: Attachment, data: bytes) -> dict[str, Any] | Refused:
        mime = image_type(data) if file.kind == "photo" else None
        if mime is not None:
            if len(data) > IMAGE_LIMIT:
                return Refused(f"image of {len(data)} bytes over Zalo's {IMAGE_LIMIT}")
            name = file.filename or ("anh.png" if mime == "image/png" else "anh.jpg")
            reply = await self._call("/v2.0/oa/upload/image", name, data, mime)
            if isinstance(reply, Refused):
                return reply
            return image_message(str(reply["attachment_id"]))
        name, ext = file.filename or "tep", extension(file.filename)
        if ext in WORKBOOK_TYPES:
            data, name, ext = workbook_as_csv(data), name.rpartition(".")[0] + ".csv", "csv"
        if ext not in FILE_TYPES:
            return Refused(f"file type {ext or 'unknown'!r} not accepted by Zalo")
        if len(data) > FILE_LIMIT:
            return Refused(f"file of {len(data)} bytes over Zalo's {FILE_LIMIT}")
        reply = await self._call("/v2.0/oa/upload/file", name, data, FILE_TYPES[ext])
        if isinstance(reply, Refused):
            return reply
        return file_message(str(reply["token"]))

    async def _call(self, path: str, name: str, data: bytes, mime: str) -> dict[str, Any] | Refused:
        try:
            reply = await self.tokens.call(
                lambda token: self.client.upload(token, path, filename=name, data=data, mime=mime)
            )
        except (TokenUnavailable, ZaloUnavailable) as error:
            return Refused(f"upload failed: {error}")
        wanted = "attachment_id" if path.endswith("image") else "token"
        if reply.error != 0 or not reply.data.get(wanted):
            log.warning("Zalo upload refused: %s %s", reply.error, reply.message)
            return Refused(f"upload refused: Zalo error {reply.error}: {reply.message}")
        self.uploads += 1
        return reply.data
