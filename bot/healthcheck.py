"""``python -m bot.healthcheck``: exit 0 when the running bot answers ``/healthz``, else 1.

Used by the container's ``HEALTHCHECK`` and usable from cron or a monitoring agent. Standard
library only, so a check every 30 seconds costs a fraction of a second and never imports the
bot. The port follows the bot's HTTP server: ``BOT_HTTP_PORT``, else ``$PORT``, else 8080.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

DEFAULT_PORT = "8080"
TIMEOUT_SECONDS = 4


def healthz_url(env: Mapping[str, str]) -> str:
    """The loopback ``/healthz`` URL of the bot configured by ``env``."""
    port = env.get("BOT_HTTP_PORT", "").strip() or env.get("PORT", "").strip() or DEFAULT_PORT
    return f"http://127.0.0.1:{port}/healthz"


def check(url: str) -> str | None:
    """``None`` when ``url`` answers 200, else why not."""
    # Loopback never goes through an HTTP proxy set in the environment.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        return f"{url}: {error}"
    return None if status == 200 else f"{url}: HTTP {status}"


def main() -> int:
    problem = check(healthz_url(os.environ))
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
