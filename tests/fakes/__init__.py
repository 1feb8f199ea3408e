"""Test doubles for the services the bot talks to.

:class:`FakeBotAPI` is a fake Telegram Bot API server on 127.0.0.1 that the real
python-telegram-bot ``Application`` talks HTTP to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_state import AnsweredCallback, ApiError, FakeStats, SentMessage

if TYPE_CHECKING:
    from tests.fakes.telegram_api import FakeBotAPI

__all__ = ["AnsweredCallback", "ApiError", "FakeBotAPI", "FakeStats", "SentMessage"]


def __getattr__(name: str) -> Any:
    # Imported on first use so that `python -m tests.fakes.telegram_api` does not load the
    # module twice (runpy warns when a package import already pulled it in).
    if name == "FakeBotAPI":
        from tests.fakes.telegram_api import FakeBotAPI

        return FakeBotAPI
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
