"""The deployment kit under deploy/ holds together.

No image registry is reachable here, so the Dockerfile is checked by reading it, not by building
it; the same for the compose file, the systemd unit and the nginx example (docs/deploy.md says
how they were checked by hand: ``nginx -t``, ``systemd-analyze verify``). The health check runs
for real against servers on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.healthcheck import healthz_url

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
DATA = "/var/lib/giamngheo-bot/data"


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending += line.removesuffix("\\") + " "
        if not line.endswith("\\"):
            keyword, _, arguments = pending.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
            pending = ""
    return instructions


def stages() -> dict[str, list[tuple[str, str]]]:
    """Each build stage's instructions, by the stage's name."""
    named: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for keyword, arguments in dockerfile():
        if keyword == "FROM":
            match = re.fullmatch(r"\S+ AS (\S+)", arguments, re.I)
            assert match, f"every stage is named: FROM {arguments}"
            current = named.setdefault(match[1], [])
        current.append((keyword, arguments))
    return named


def test_dockerfile_builds_in_stages_and_runs_as_a_user_with_a_health_check() -> None:
    built = stages()
    assert list(built) == ["build", "runtime"]
    runtime = built["runtime"]
    users = [arguments for keyword, arguments in runtime if keyword == "USER"]
    assert users, "the runtime stage sets USER"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert ("COPY", "--from=build /opt/giamngheo-bot /opt/giamngheo-bot") in runtime
    health = [arguments for keyword, arguments in runtime if keyword == "HEALTHCHECK"]
    assert len(health) == 1 and '"bot.healthcheck"' in health[0]
    entry = dict(runtime)
    assert entry["ENTRYPOINT"] == '["giamngheo-bot"]' and entry["CMD"] == '["run"]'
    assert entry["EXPOSE"] == "8080"
    assert f"BOT_DATA_DIR={DATA}" in entry["ENV"] and "BOT_HTTP_PORT=8080" in entry["ENV"]
    assert entry["VOLUME"] == f'["{DATA}"]'
    # The compiler-free runtime copies a finished venv: nothing is pip-installed there.
    assert not any("pip install" in arguments for keyword, arguments in runtime if keyword == "RUN")


def test_dockerfile_installs_the_pinned_dependencies_then_the_wheel_without_deps() -> None:
    build = stages()["build"]
    copies = [arguments for keyword, arguments in build if keyword == "COPY"]
    runs = [arguments for keyword, arguments in build if keyword == "RUN"]
    # The lock is copied and installed before the source, so its layer survives code changes.
    assert copies[0] == "requirements.lock ./"
    assert "--require-hashes -r requirements.lock" in runs[0] and "--no-deps" in runs[0]
    assert "pip install --no-deps /dist/giamngheo_bot-" in runs[1]
    assert "pip check" in runs[1]


def test_docker_context_leaves_secrets_and_state_out() -> None:
    ignored = set((DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split())
    assert {".env", "data/", "*.db", ".venv/", ".git/"} <= ignored


def test_compose_runs_the_bot_on_sqlite_in_a_volume_and_prepares_postgres() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    bot = compose["services"]["bot"]
    assert bot["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert bot["restart"] == "unless-stopped"
    assert f"bot-data:{DATA}" in bot["volumes"]
    assert bot["environment"]["BOT_DB"] == f"{DATA}/bot.db"
    assert "127.0.0.1:8080:8080" in bot["ports"]
    assert all(port.startswith("127.0.0.1:") for port in bot["ports"]), "nginx faces the network"
    postgres = compose["services"]["postgres"]
    # Not started by default: the bot cannot use PostgreSQL yet.
    assert postgres["profiles"] == ["postgres"]
    assert "postgres-data:/var/lib/postgresql/data" in postgres["volumes"]
    assert set(compose["volumes"]) == {"bot-data", "postgres-data"}


def test_compose_replicas_runs_several_bots_on_postgres_behind_a_balancer() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.replicas.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    bot, postgres, balancer = services["bot"], services["postgres"], services["balancer"]
    assert bot["deploy"]["replicas"] >= 2
    assert bot["environment"]["BOT_DB"].startswith("postgresql://giamngheo:")
    assert bot["environment"]["BOT_DB"].endswith("@postgres:5432/giamngheo")
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "ports" not in bot, "only the balancer reaches the replicas"
    assert (
        "profiles" not in postgres
        and "postgres-data:/var/lib/postgresql/data" in (postgres["volumes"])
    )
    assert balancer["ports"] == ["127.0.0.1:8080:8080"], "nginx on the host faces the network"
    mount = "./nginx/replicas.conf:/etc/nginx/conf.d/default.conf:ro"
    assert balancer["volumes"] == [mount]
    conf = (DEPLOY / "nginx" / "replicas.conf").read_text(encoding="utf-8")
    assert "set $replicas bot;" in conf and "proxy_pass http://$replicas:8080;" in conf
    assert "resolver 127.0.0.11" in conf  # Docker's DNS: replicas found as they come and go


def unit_settings(name: str = "giamngheo-bot.service") -> dict[str, list[str]]:
    """Every ``Key=value`` of a systemd unit in deploy/; a key may repeat."""
    settings: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_systemd_unit_runs_as_a_dedicated_user_with_hardening() -> None:
    unit = unit_settings()
    assert unit["User"] == ["giamngheo"]
    assert unit["ExecStart"] == ["/opt/giamngheo-bot/bin/giamngheo-bot run"]
    assert unit["WorkingDirectory"] == ["/var/lib/giamngheo-bot"]
    assert f"BOT_DATA_DIR={DATA}" in unit["Environment"]
    assert unit["Restart"] == ["on-failure"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
        "RestrictSUIDSGID": "yes",
    }.items():
        assert unit.get(key) == [value], f"{key}={value}"


def test_nightly_backup_runs_as_the_bot_user_on_the_same_database() -> None:
    bot, backup = unit_settings(), unit_settings("giamngheo-bot-backup.service")
    for key in ("User", "WorkingDirectory"):
        assert backup[key] == bot[key]
    assert f"BOT_DATA_DIR={DATA}" in backup["Environment"]
    assert backup["ExecStart"] == [
        "/opt/giamngheo-bot/bin/giamngheo-bot db backup /var/backups/giamngheo-bot"
    ]
    timer = unit_settings("giamngheo-bot-backup.timer")
    assert timer["Persistent"] == ["true"] and timer["OnCalendar"]


def test_nginx_terminates_https_and_routes_every_path_to_the_bot_port() -> None:
    conf = (DEPLOY / "nginx" / "giamngheo-bot.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*server 127\.0\.0\.1:8080;", conf, re.M)
    assert re.search(r"^\s*listen 443 ssl", conf, re.M)
    assert "return 301 https://$host$request_uri;" in conf
    locations = re.findall(r"^\s*location (= )?(\S+) \{", conf, re.M)
    assert {path for _, path in locations} >= {
        "/telegram/webhook",
        "/zalo/webhook",
        "/healthz",
        "/tep/",
        "/",
    }
    https = conf[conf.index("listen 443") :]
    # Every location of the HTTPS server goes to the bot; port 80 only redirects.
    assert https.count("proxy_pass http://giamngheo_bot;") == https.count("location ") == 5


class Health(http.server.BaseHTTPRequestHandler):
    """Answers ``/healthz`` with the status the server was told to give."""

    def do_GET(self) -> None:
        status = self.server.status if self.path == "/healthz" else 404  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads exit codes."""


@pytest.fixture
def health_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def healthcheck(port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.healthcheck"],
        env={"BOT_HTTP_PORT": str(port), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("status", "code"), [(200, 0), (503, 1)])
def test_healthcheck_exit_code_follows_healthz(
    health_server: http.server.HTTPServer, status: int, code: int
) -> None:
    health_server.status = status  # type: ignore[attr-defined]
    result = healthcheck(health_server.server_address[1])
    assert result.returncode == code, result.stderr
    assert (f"HTTP {status}" in result.stderr) == (code == 1)


def test_healthcheck_fails_when_nothing_listens() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = healthcheck(port)
    assert result.returncode == 1
    assert "unhealthy" in result.stderr


def test_healthcheck_port_follows_the_bot_http_settings() -> None:
    assert healthz_url({}) == "http://127.0.0.1:8080/healthz"
    assert healthz_url({"PORT": "5000"}) == "http://127.0.0.1:5000/healthz"
    assert healthz_url({"PORT": "5000", "BOT_HTTP_PORT": "9000"}).endswith(":9000/healthz")
