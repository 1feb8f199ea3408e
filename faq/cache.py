"""A disk cache of the built index, keyed by a hash of what the build reads.

Building the index (normalising every phrasing, TF-IDF over them) takes seconds at 1,000
intents; loading the result from disk takes a fraction of that. The key is a SHA-256 of the
build's inputs — every phrasing, the lexicon tables, the out-of-scope subjects — and of the
source of the modules that build (so a code change never loads an index built the old way).

Safe under several processes starting at once: each writes a temporary file in the cache
folder and renames it over the final name (atomic on POSIX), so a reader sees a whole file
or none. A missing, truncated or unreadable file is rebuilt; a cache folder that cannot be
written only costs the time to build. The folder belongs to the bot (its data folder):
a cached file is trusted like the code, since pickle runs what it reads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
PREFIX = "faq-index-"
# Older files than the newest few are removed when a new one is written: one per content
# change would otherwise pile up in the data folder.
KEEP = 3
# The modules whose code decides what is built: their source is part of the key. Every
# module these import from the package decides it too (names.py: the names left out of each
# phrasing); a test keeps the list closed under those imports.
_BUILD_MODULES = (
    "lexicon.py",
    "names.py",
    "normalize.py",
    "question.py",
    "index.py",
    "matcher.py",
    "cache.py",
)


def code_version() -> str:
    """A hash of the building modules' source, the Python version and the pickle protocol."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}/{pickle.HIGHEST_PROTOCOL}".encode())
    here = Path(__file__).resolve().parent
    for name in _BUILD_MODULES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def content_key(parts: Iterable[str]) -> str:
    """SHA-256 of the build inputs (each part separated, so that parts cannot run together)."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def load_or_build(folder: Path | None, key: str, build: Callable[[], T]) -> T:
    """The object stored under ``key`` in ``folder``, or ``build()`` stored there.

    Args:
        folder: the cache folder (created when missing); None builds without caching.
        key: the hash of everything ``build`` depends on (:func:`content_key`).
        build: makes the object when it is not cached (or the cached file is unreadable).
    """
    if folder is None:
        return build()
    path = folder / f"{PREFIX}{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - any damage to a cache file means "rebuild"
        log.warning("FAQ index cache unreadable (%s), rebuilding", type(exc).__name__)
    built = build()
    _store(folder, path, built)
    return built


def _store(folder: Path, path: Path, value: object) -> None:
    """Write ``value`` to ``path`` through a temporary file and an atomic rename."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-" + PREFIX, dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("FAQ index cache not written (%s)", type(exc).__name__)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Remove all but the :data:`KEEP` newest cache files (another process may still read
    one: on POSIX an open file outlives its name)."""
    try:
        files = sorted(folder.glob(PREFIX + "*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in files[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
