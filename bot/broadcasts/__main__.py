import sys

from bot.broadcasts.cli import main

sys.exit(main())
