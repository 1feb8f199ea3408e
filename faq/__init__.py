"""FAQ matching engine: the catalogue, Vietnamese normalisation and the matcher.

The bot core needs only :func:`load_matcher` and :class:`faq.matcher.Match`.
"""

from __future__ import annotations

from pathlib import Path

from faq.catalog import Catalog, Intent, Source, Topic
from faq.matcher import Match, Matcher, default_content_dir
from faq.normalize import Lexicon

__all__ = [
    "Catalog",
    "Intent",
    "Lexicon",
    "Match",
    "Matcher",
    "Source",
    "Topic",
    "default_content_dir",
    "load_matcher",
]


def load_matcher(content_dir: Path | None = None, *, cache_dir: Path | None = None) -> Matcher:
    """Build a matcher from a content folder.

    Args:
        content_dir: folder with ``faq/*.yaml`` and ``lexicon.yaml``; defaults to
            ``$BOT_CONTENT_DIR`` or the repository's ``content/``.
        cache_dir: keep the built index there and load it on the next start while the
            content and the matcher's code are unchanged (:mod:`faq.cache`).
    """
    return Matcher.from_content(content_dir or default_content_dir(), cache_dir=cache_dir)
