"""``python -m faq``: see :mod:`faq.cli`."""

from faq.cli import main

raise SystemExit(main())
