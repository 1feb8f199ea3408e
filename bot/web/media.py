"""A photo or PDF an officer attaches to a campaign, served at an unguessable public URL.

Telegram's Bot API sends a photo or a PDF given by URL (it fetches the file itself), so a
campaign built in the browser names its file by the console's public address
(``BOT_PUBLIC_URL`` + ``/tep/<random>.jpg``) and the broadcast engine sends it like any
file id, with no change to how campaigns are stored or paced. Zalo shows its usual note.
The file is what the officer means to broadcast to citizens; the random name only keeps
drafts that were never sent from being listed.

Files do not outlive their use: cancelling a campaign removes its file (unless another
campaign still names it), and an upload no campaign names (a draft previewed and never
confirmed) is removed once it is ``DRAFT_HOURS`` old, when the next file is uploaded.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings

PHOTO_LIMIT = 5 * 1024 * 1024  # what Telegram fetches by URL for a photo
DOCUMENT_LIMIT = 10 * 1024 * 1024
NAME = re.compile(r"^[A-Za-z0-9_-]{32}\.(jpg|png|pdf)$")
TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
PUBLIC_PATH = "/tep/"
DRAFT_HOURS = 24  # an officer may leave a preview open for a while; a day is plenty


@dataclass(frozen=True)
class Stored:
    name: str  # the random file name under the media folder
    kind: str  # photo | document
    original: str  # the officer's file name (documents keep it)


class MediaError(ValueError):
    """A Vietnamese message for the officer."""


def folder(settings: Settings) -> Path:
    return Path(settings.db_path).parent / "console-media"


def extension_of(data: bytes) -> str | None:
    """The file's real type by its first bytes (never by the name it was given)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def save(settings: Settings, data: bytes, filename: str) -> Stored:
    """Check and keep an upload; raises :class:`MediaError` with what to fix."""
    extension = extension_of(data)
    if extension is None:
        raise MediaError("Chỉ gửi kèm được ảnh JPG, PNG hoặc tệp PDF.")
    kind = "document" if extension == "pdf" else "photo"
    limit = DOCUMENT_LIMIT if kind == "document" else PHOTO_LIMIT
    if len(data) > limit:
        raise MediaError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    name = f"{secrets.token_urlsafe(24)}.{extension}"
    target = folder(settings)
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(data)
    original = re.sub(r"[^\w.\- ]", "_", Path(filename or "tep").name)[:80] or "tep"
    return Stored(name, kind, original)


def find(settings: Settings, name: str) -> Path | None:
    """The stored file for a name from a URL or a form (None: not a name we gave out)."""
    if not NAME.match(name):
        return None
    path = folder(settings) / name
    return path if path.is_file() else None


def name_in(reference: str | None) -> str | None:
    """The file name a campaign's photo or document URL gives (None: not one of ours)."""
    if not reference or PUBLIC_PATH not in reference:
        return None
    name = reference.rsplit(PUBLIC_PATH, 1)[1]
    return name if NAME.match(name) else None


def discard(settings: Settings, names: Iterable[str], in_use: Collection[str]) -> int:
    """Remove these files (a cancelled campaign's) unless a campaign still names them."""
    removed = 0
    for name in names:
        path = find(settings, name)
        if path is not None and name not in in_use:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep(settings: Settings, in_use: Collection[str], *, now: dt.datetime) -> int:
    """Remove uploads no campaign names that are older than ``DRAFT_HOURS`` (drafts)."""
    target = folder(settings)
    if not target.is_dir():
        return 0
    cutoff = (now - dt.timedelta(hours=DRAFT_HOURS)).timestamp()
    removed = 0
    for path in target.iterdir():
        if NAME.match(path.name) and path.name not in in_use and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
