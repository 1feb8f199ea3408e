"""The package installs: a wheel built from the checkout runs the bot outside it.

The wheel is built offline (``--no-build-isolation`` with the dev venv's setuptools) from a
copy of the checkout, installed into a fresh virtual environment, and the ``giamngheo-bot``
command and ``python -m bot`` are run from an unrelated directory. Tests never leave
127.0.0.1, so the new environment does not download its dependencies: a ``.pth`` file makes the
project venv's site-packages visible behind its own (what ``--system-site-packages`` does for a
base interpreter). The bot itself is imported from the new environment, which the test checks.
Installing the pinned dependencies from ``requirements.lock`` is what the Dockerfile does; see
docs/deploy.md for its figures.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.harness import share_faq_cache

ROOT = Path(__file__).resolve().parent.parent
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "data", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests"
)
GREETING = "Xin chào! Đây là Trợ lý Giảm nghèo"


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""):
    """Run ``command``; fail the test with its output when it exits non-zero."""
    result = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A fresh venv with the wheel built from this checkout installed; returns its bin/.

    Built once per test run: the pytest-xdist workers of a run share the folder above their
    own temporary folders, and the first to take the lock builds while the others wait.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    with open(shared / "packaging.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        work = shared / "packaging"
        if not (work / "installed").is_file():
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            _build_and_install(work)
            (work / "installed").touch()
    return work / "venv" / "bin"


def _build_and_install(work: Path) -> None:
    """Build the wheel from a copy of the checkout into ``work`` and install it in a venv."""
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    pip = [sys.executable, "-m", "pip"]
    offline = ["--no-index", "--disable-pip-version-check", "--quiet"]
    run(
        [*pip, "wheel", *offline, "--no-deps", "--no-build-isolation", "-w", "dist", "./source"],
        cwd=work,
    )
    (wheel,) = (work / "dist").glob("giamngheo_bot-*.whl")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=work
    ).stdout.strip()
    (Path(purelib) / "_project_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    # --no-deps: the dependencies are already visible; `pip check` below proves they satisfy
    # the wheel's metadata. --force-reinstall: the checkout's editable install is visible too.
    run(
        [
            *pip,
            "--python",
            str(python),
            "install",
            *offline,
            "--no-deps",
            "--force-reinstall",
            str(wheel),
        ],
        cwd=work,
    )
    run([*pip, "--python", str(python), "check"], cwd=work)


def content_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def citizen_env(**extra: str) -> dict[str, str]:
    """The environment without any bot settings of the developer's, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "BOT_", "ZALO_", "BROADCAST_"))
    }
    return {**env, **extra}


def test_console_command_runs_the_demo_from_another_directory(
    installed: Path, tmp_path: Path
) -> None:
    share_faq_cache(tmp_path / "data")  # the index of the same content and code: loaded
    result = run(
        [str(installed / "giamngheo-bot"), "demo"],
        cwd=tmp_path,
        env=citizen_env(),
        stdin="1\n/trogiup\n",
    )
    assert GREETING in result.stdout
    assert "/dunglai — Dừng nhận tin" in result.stdout
    assert "Traceback" not in result.stderr
    # The database lands in the working directory's data/, not in site-packages.
    assert (tmp_path / "data" / "bot.db").is_file()


def test_python_m_bot_uses_the_installed_package_and_its_bundled_content(
    installed: Path, tmp_path: Path
) -> None:
    probe = run(
        [
            str(installed / "python"),
            "-c",
            "import bot, bot.config as c; print(bot.__file__); print(c.bundled_content_dir())",
        ],
        cwd=tmp_path,
        env=citizen_env(),
    )
    module, content = probe.stdout.split()
    assert Path(module).is_relative_to(installed.parent)
    assert Path(content).is_relative_to(installed.parent)
    assert (Path(content) / "deployment.yaml").is_file()
    assert content_files(Path(content)) == content_files(ROOT / "content")

    data = share_faq_cache(tmp_path / "state")
    result = run(
        [str(installed / "python"), "-m", "bot", "demo"],
        cwd=tmp_path,
        env=citizen_env(BOT_DATA_DIR=str(data)),
        stdin="/trogiup\n",
    )
    assert GREETING in result.stdout
    assert (data / "bot.db").is_file()


def test_bot_content_dir_replaces_the_bundled_content(installed: Path, tmp_path: Path) -> None:
    content = tmp_path / "my-content"
    shutil.copytree(ROOT / "content", content)
    deployment = content / "deployment.yaml"
    text = deployment.read_text(encoding="utf-8")
    assert "Quế Phong" in text
    deployment.write_text(text.replace("Quế Phong", "Châu Kim"), encoding="utf-8")

    result = run(
        [str(installed / "giamngheo-bot"), "demo"],
        cwd=tmp_path,
        env=citizen_env(BOT_CONTENT_DIR=str(content)),
        stdin="",
    )
    assert "Trợ lý Giảm nghèo xã Châu Kim" in result.stdout


def test_lock_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", lock, re.M))
    normalised = {re.sub(r"[-_.]+", "-", name).lower(): v for name, v in pins.items()}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in normalised, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(normalised[name]), (
            f"{name}=={normalised[name]} in requirements.lock does not satisfy {line}: `make lock`"
        )
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2].strip())
    assert all("--hash=sha256:" in entry for entry in entries), "a pin without a hash"


def test_the_container_health_check_passes_against_the_installed_bot(
    installed: Path, tmp_path: Path
) -> None:
    """``giamngheo-bot run`` without a channel serves /healthz (with the demo's console);
    ``python -m bot.healthcheck``, the image's HEALTHCHECK, says healthy."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    env = citizen_env(BOT_HTTP_PORT=port)
    bot = subprocess.Popen(
        [str(installed / "giamngheo-bot"), "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            check = subprocess.run(
                [str(installed / "python"), "-m", "bot.healthcheck"],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            if check.returncode == 0 or time.monotonic() > deadline or bot.poll() is not None:
                break
            time.sleep(0.2)
        assert check.returncode == 0, check.stderr
    finally:
        _, stderr = bot.communicate("", timeout=60)
    assert bot.returncode == 0, stderr
    assert "Traceback" not in stderr
