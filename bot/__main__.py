import os
import sys

from bot.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # Output piped into a command that stopped reading (``| head``): not an error.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
