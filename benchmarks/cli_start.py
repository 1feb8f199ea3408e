"""How long do the staff CLI commands take to start? Target: under 1 s.

Runs ``python -m bot sessions list`` and ``python -m bot questions list`` against a fresh
database, ``--repeat`` times each, and prints the median and worst wall time, the median CPU time
(user + system, which a loaded machine distorts less) and the load average.

    python -m benchmarks.cli_start [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (("sessions", "list"), ("questions", "list"))


def time_command(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; CPU time tells less about a loaded machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", *args], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BOT_DB": str(Path(tmp) / "cli.db")}
        time_command(COMMANDS[0], env)  # creates the database; not counted
        for command in COMMANDS:
            runs = [time_command(command, env) for _ in range(args.repeat)]
            walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
            figures = {
                "benchmark": "cli_start",
                "command": "python -m bot " + " ".join(command),
                "median_s": round(statistics.median(walls), 2),
                "max_s": round(max(walls), 2),
                "median_cpu_s": round(statistics.median(cpus), 2),
                "load_average": round(os.getloadavg()[0], 1),
            }
            print(json.dumps(figures))


if __name__ == "__main__":
    main()
