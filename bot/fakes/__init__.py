"""Test doubles for the services the bot talks to.

:class:`FakeBotAPI` is a fake Telegram Bot API server on 127.0.0.1 that the real
python-telegram-bot ``Application`` talks HTTP to.
"""

from bot.fakes.telegram_api import FakeBotAPI
from bot.fakes.telegram_state import AnsweredCallback, ApiError, FakeStats, SentMessage

__all__ = ["AnsweredCallback", "ApiError", "FakeBotAPI", "FakeStats", "SentMessage"]
