"""The fake Zalo OA's uploads: images and files, their limits, ids that expire.

``POST /v2.0/oa/upload/image`` (jpg/png, 1 MB) answers ``data.attachment_id``;
``POST /v2.0/oa/upload/file`` (PDF/DOC/DOCX/CSV, 5 MB) answers ``data.token``. An id
older than :data:`UPLOAD_LIFETIME` (or expired by :meth:`FakeZaloMedia.expire_uploads`)
gets -100 when a message uses it. Too large a file gets -210: Zalo documents the limits but
the code used here for breaking them is the fake's assumption.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UPLOAD_LIFETIME = dt.timedelta(days=7)
IMAGE_LIMIT = 1_000_000
FILE_LIMIT = 5_000_000
IMAGE_TYPES = ("image/png", "image/jpeg")
FILE_EXTENSIONS = ("pdf", "doc", "docx", "csv")
UPLOAD_EXPIRED = -100
TOO_LARGE = -210
BAD_TYPE = -211


@dataclass
class Upload:
    """A file the OA uploaded, as the person who receives it would open it."""

    kind: str  # image | file
    filename: str
    data: bytes
    at: dt.datetime
    expired: bool = False


class FakeZaloMedia:
    """Uploads kept in memory; mixed into :class:`tests.fakes.zalo_state.FakeZalo`."""

    clock: Callable[[], dt.datetime]

    def _init_media(self) -> None:
        self.uploads: dict[str, Upload] = {}
        self.upload_count = 0
        self._upload_ids = itertools.count(1)

    def expire_uploads(self) -> None:
        """Every id uploaded so far now answers -100 when used."""
        for upload in self.uploads.values():
            upload.expired = True

    def upload(self, kind: str, filename: str, data: bytes, content_type: str) -> dict[str, Any]:
        """``POST /v2.0/oa/upload/{kind}``: the JSON answer."""
        if kind == "image":
            if content_type not in IMAGE_TYPES:
                return {"error": BAD_TYPE, "message": "Only jpg and png images are accepted"}
            if len(data) > IMAGE_LIMIT:
                return {"error": TOO_LARGE, "message": "Image is larger than 1 MB"}
        else:
            if filename.rpartition(".")[2].lower() not in FILE_EXTENSIONS:
                return {"error": BAD_TYPE, "message": "Only PDF, DOC, DOCX and CSV are accepted"}
            if len(data) > FILE_LIMIT:
                return {"error": TOO_LARGE, "message": "File is larger than 5 MB"}
        upload_id = f"{kind}-{next(self._upload_ids)}"
        self.uploads[upload_id] = Upload(kind, filename, data, self.clock())
        self.upload_count += 1
        key = "attachment_id" if kind == "image" else "token"
        return {"error": 0, "message": "Success", "data": {key: upload_id}}

    def attached(self, message: dict[str, Any]) -> tuple[int, Upload | None]:
        """The upload a ``message`` sends (error 0 and None when it sends none)."""
        attachment = message.get("attachment")
        if not isinstance(attachment, dict):
            return 0, None
        payload = attachment.get("payload") or {}
        if attachment.get("type") == "file":
            upload_id = payload.get("token")
        elif payload.get("template_type") == "media":
            elements = payload.get("elements") or [{}]
            if elements[0].get("media_type") != "image":
                return 0, None
            upload_id = elements[0].get("attachment_id")
        else:
            return 0, None
        upload = self.uploads.get(str(upload_id))
        if upload is None:
            return -201, None
        if upload.expired or self.clock() - upload.at > UPLOAD_LIFETIME:
            return UPLOAD_EXPIRED, None
        return 0, upload
