"""Settings from environment variables (and an optional ``.env`` file)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot.logs import LOG_FORMATS

# The source checkout; meaningful only when running from one (``make run``, the tests).
ROOT = Path(__file__).resolve().parent.parent
# Relative paths resolve against the working directory, so an installed bot keeps its
# database and ``.env`` where it is started (``/var/lib/giamngheo-bot`` under systemd).
DOTENV = Path(".env")
DATA_DIR = Path("data")
DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_ZALO_API_URL = "https://openapi.zalo.me"
DEFAULT_ZALO_OAUTH_URL = "https://oauth.zaloapp.com"


def bundled_content_dir() -> Path:
    """The content shipped with the code: ``bot/_content`` in a wheel, ``content/`` in a checkout.

    The wheel build copies the checkout's ``content/`` folder to ``bot/_content`` (see
    ``setup.py``), so staff keep editing ``content/`` where it is.
    """
    packaged = Path(__file__).resolve().parent / "_content"
    return packaged if packaged.is_dir() else ROOT / "content"


def log_format(value: str) -> str:
    """``BOT_LOG_FORMAT``: ``text`` (readable lines) or ``json`` (one object a line)."""
    if value.lower() not in LOG_FORMATS:
        raise ValueError(f"BOT_LOG_FORMAT={value!r}: use text or json")
    return value.lower()


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a simple ``KEY=value`` file; blank lines and ``#`` comments are skipped."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip().removeprefix("export ").strip()] = value
    return values


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a running bot. See README "Configuration"."""

    telegram_token: str = ""
    telegram_api_url: str = DEFAULT_API_URL
    db_path: Path = DATA_DIR / "bot.db"
    # BOT_DB when it is a PostgreSQL URL (postgresql://user:password@host/name); empty for
    # SQLite, whose file is ``db_path``. Files kept beside the database (media, run lock,
    # proposals) stay under ``db_path``'s folder either way.
    db_url: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    telegram_rate: float = 28.0
    telegram_chat_rate: float = 1.0
    telegram_chat_burst: int = 3
    content_dir: Path = field(default_factory=bundled_content_dir)
    flood_limit_per_minute: int = 20
    zalo_app_id: str = ""
    zalo_app_secret: str = ""
    zalo_oa_secret_key: str = ""
    zalo_access_token: str = ""
    zalo_refresh_token: str = ""
    zalo_api_url: str = DEFAULT_ZALO_API_URL
    zalo_oauth_url: str = DEFAULT_ZALO_OAUTH_URL
    zalo_webhook_host: str = "0.0.0.0"
    zalo_webhook_port: int = 8444
    zalo_webhook_path: str = "/zalo/webhook"
    zalo_template_id: str = ""
    zalo_template_price_vnd: int = 0
    zalo_template_cap_vnd: int = 0
    zalo_template_tag: int = 2
    zalo_article_cities: str = ""
    zalo_article_cover_url: str = ""
    http_host: str = "0.0.0.0"
    http_port: int = 8080
    public_url: str = ""
    log_format: str = "text"

    @property
    def database(self) -> str:
        """What ``Store.open`` opens: the PostgreSQL URL, or the SQLite file."""
        return self.db_url or str(self.db_path)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
        """Build settings from ``env`` (default ``os.environ``) over the ``.env`` file."""
        merged = read_dotenv(dotenv if dotenv is not None else DOTENV)
        merged.update(os.environ if env is None else env)

        def get(name: str, default: str = "") -> str:
            return merged.get(name, "").strip() or default

        data_dir = Path(get("BOT_DATA_DIR", str(DATA_DIR)))
        return cls(
            telegram_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_api_url=get("TELEGRAM_API_URL", DEFAULT_API_URL),
            db_path=_db_path(get("BOT_DB"), data_dir),
            db_url=get("BOT_DB") if _is_url(get("BOT_DB")) else "",
            timezone=get("BOT_TIMEZONE", "Asia/Ho_Chi_Minh"),
            webhook_url=get("BOT_WEBHOOK_URL"),
            webhook_secret=get("BOT_WEBHOOK_SECRET"),
            webhook_listen=get("BOT_WEBHOOK_LISTEN", "0.0.0.0"),
            webhook_port=int(get("BOT_WEBHOOK_PORT", get("PORT", "8443"))),
            telegram_rate=float(get("TELEGRAM_RATE", "28")),
            telegram_chat_rate=float(get("TELEGRAM_CHAT_RATE", "1")),
            telegram_chat_burst=int(get("TELEGRAM_CHAT_BURST", "3")),
            content_dir=Path(get("BOT_CONTENT_DIR") or bundled_content_dir()),
            flood_limit_per_minute=int(get("BOT_FLOOD_LIMIT", "20")),
            zalo_app_id=get("ZALO_APP_ID"),
            zalo_app_secret=get("ZALO_APP_SECRET"),
            zalo_oa_secret_key=get("ZALO_OA_SECRET_KEY"),
            zalo_access_token=get("ZALO_ACCESS_TOKEN"),
            zalo_refresh_token=get("ZALO_REFRESH_TOKEN"),
            zalo_api_url=get("ZALO_API_URL", DEFAULT_ZALO_API_URL),
            zalo_oauth_url=get("ZALO_OAUTH_URL", DEFAULT_ZALO_OAUTH_URL),
            zalo_webhook_host=get("ZALO_WEBHOOK_HOST", "0.0.0.0"),
            zalo_webhook_port=int(get("ZALO_WEBHOOK_PORT", "8444")),
            zalo_webhook_path=get("ZALO_WEBHOOK_PATH", "/zalo/webhook"),
            zalo_template_id=get("ZALO_TEMPLATE_ID"),
            zalo_template_price_vnd=int(get("ZALO_TEMPLATE_PRICE_VND", "0")),
            zalo_template_cap_vnd=int(get("ZALO_TEMPLATE_CAP_VND", "0")),
            zalo_template_tag=int(get("ZALO_TEMPLATE_TAG", "2")),
            zalo_article_cities=get("ZALO_ARTICLE_CITIES"),
            zalo_article_cover_url=get("ZALO_ARTICLE_COVER_URL"),
            http_host=get("BOT_HTTP_HOST", "0.0.0.0"),
            http_port=int(get("BOT_HTTP_PORT", get("PORT", "8080"))),
            public_url=get("BOT_PUBLIC_URL").rstrip("/"),
            log_format=log_format(get("BOT_LOG_FORMAT", "text")),
        )

    @property
    def zalo_enabled(self) -> bool:
        """Zalo runs when the app, the OA secret key and a token are configured."""
        return bool(
            self.zalo_app_id
            and self.zalo_oa_secret_key
            and (self.zalo_access_token or self.zalo_refresh_token)
        )

    @property
    def file_api_url(self) -> str:
        """The Bot API file URL that goes with ``telegram_api_url``."""
        base = self.telegram_api_url.rstrip("/")
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


def _is_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def _db_path(value: str, data_dir: Path) -> Path:
    """The SQLite file ``BOT_DB`` names; with a PostgreSQL URL, where it would be (files
    kept beside the database still go to that folder)."""
    return Path(value) if value and not _is_url(value) else data_dir / "bot.db"
