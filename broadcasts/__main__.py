import sys

from broadcasts.cli import main

sys.exit(main())
