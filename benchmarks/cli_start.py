"""How long do the staff CLI commands take to start? Target: under 1 s.

Runs ``python -m bot sessions list`` and ``python -m bot questions list`` against a fresh
database, ``--repeat`` times each, and prints the median and worst wall time.

    python -m benchmarks.cli_start [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (("sessions", "list"), ("questions", "list"))


def time_command(args: tuple[str, ...], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BOT_DB": str(Path(tmp) / "cli.db")}
        time_command(COMMANDS[0], env)  # creates the database; not counted
        for command in COMMANDS:
            runs = [time_command(command, env) for _ in range(args.repeat)]
            print(
                json.dumps(
                    {
                        "benchmark": "cli_start",
                        "command": "python -m bot " + " ".join(command),
                        "median_s": round(statistics.median(runs), 2),
                        "max_s": round(max(runs), 2),
                    }
                )
            )


if __name__ == "__main__":
    main()
