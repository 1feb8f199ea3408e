"""Bot API methods about the bot itself: identity, chats, files, commands and webhook."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.telegram_chats import ChatState, default_chat
from tests.fakes.telegram_params import Params
from tests.fakes.telegram_state import CHAT_NOT_FOUND, bad_request

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class SettingsMethods(ChatState):
    """``getMe``, ``getChat``, ``getFile``, ``*MyCommands``, ``*Webhook*``, ``logOut``, ``close``."""

    @property
    def commands(self) -> list[dict[str, Any]]:
        """Commands set with the default scope and no language (what most users see)."""
        return self.all_commands.get(("default", ""), [])

    # -- bot and chat information ----------------------------------------------------------

    def get_me(self, p: Params) -> dict[str, Any]:
        """``getMe``."""
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def get_chat(self, p: Params) -> dict[str, Any]:
        """``getChat``: a minimal ``ChatFullInfo``."""
        chat_id = self._chat_id(p)
        record = self._chats.get(chat_id)
        if record is None or record.forgotten:
            if record is None and self.unknown_chats_exist:
                return self._full_info(default_chat(chat_id))
            raise bad_request(CHAT_NOT_FOUND)
        return self._full_info(record.chat)

    @staticmethod
    def _full_info(chat: dict[str, Any]) -> dict[str, Any]:
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), True
        )
        return chat | {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    def get_file(self, p: Params) -> dict[str, Any]:
        """``getFile``: a path the bot can download from ``base_file_url``."""
        stored = self._files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    # -- commands ---------------------------------------------------------------------------

    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        scope = p.json("scope") or {"type": "default"}
        key = "default" if scope == {"type": "default"} else json.dumps(scope, sort_keys=True)
        return key, p.text("language_code") or ""

    def set_my_commands(self, p: Params) -> bool:
        """``setMyCommands``: validated like Telegram (names ``[a-z0-9_]{1,32}``)."""
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if commands else "commands not specified")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.all_commands[self._commands_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def get_my_commands(self, p: Params) -> list[dict[str, Any]]:
        """``getMyCommands``."""
        return self.all_commands.get(self._commands_key(p), [])

    def delete_my_commands(self, p: Params) -> bool:
        """``deleteMyCommands``."""
        self.all_commands.pop(self._commands_key(p), None)
        return True

    # -- webhook ----------------------------------------------------------------------------

    def set_webhook(self, p: Params) -> bool:
        """``setWebhook``; plain http is accepted only for loopback hosts (tests)."""
        url = p.text("url") or ""
        if not url:
            return self.delete_webhook(p)
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
        ):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.text("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = p.json("allowed_updates")
        if allowed is not None:
            self.updates.allowed_updates = list(allowed)
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": self.updates.allowed_updates,
            "max_connections": p.integer("max_connections", 40),
            "last_error_date": None,
            "last_error_message": None,
        }
        return True

    def delete_webhook(self, p: Params) -> bool:
        """``deleteWebhook``."""
        self.webhook = None
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        return True

    def get_webhook_info(self, p: Params) -> dict[str, Any]:
        """``getWebhookInfo``."""
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook is not None:
            info["url"] = self.webhook["url"]
            info["max_connections"] = self.webhook["max_connections"]
            info["allowed_updates"] = self.webhook["allowed_updates"] or []
            for key in ("last_error_date", "last_error_message"):
                if self.webhook[key] is not None:
                    info[key] = self.webhook[key]
        return info

    def log_out(self, p: Params) -> bool:
        """``logOut``: accepted and counted; the fake keeps serving."""
        return True

    def close(self, p: Params) -> bool:
        """``close``: accepted and counted; the fake keeps serving."""
        return True
