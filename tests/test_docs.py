"""The documentation matches the code: every command and every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

from bot.app import build_router

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")


def env_variables() -> set[str]:
    """Every environment variable the code reads through a settings module."""
    bot_settings = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    broadcast_settings = (ROOT / "bot" / "broadcasts" / "config.py").read_text(encoding="utf-8")
    return set(re.findall(r'get\("([A-Z][A-Z0-9_]+)"', bot_settings)) | set(
        re.findall(r'"(BROADCAST_[A-Z_]+)"', broadcast_settings)
    )


def test_every_command_is_in_the_readme() -> None:
    documented = (
        (README + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md")))
        if (ROOT / "docs").is_dir()
        else README
    )
    for name in build_router().commands:
        assert f"/{name}" in documented, f"/{name} is not documented"


def test_every_setting_is_in_readme_and_env_example() -> None:
    variables = env_variables()
    assert {"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "BOT_DB", "BOT_TIMEZONE"} <= variables
    for name in variables:
        assert f"`{name}`" in README, f"{name} is not in README"
        assert re.search(rf"^{name}=", ENV_EXAMPLE, re.M), f"{name} is not in .env.example"


def test_readme_starts_with_the_two_commands() -> None:
    head = README[:400]
    assert "make run" in head and "make test" in head
