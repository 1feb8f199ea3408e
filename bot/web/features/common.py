"""What every area of the console's adapter shares."""

from __future__ import annotations

QUEUE_PAGE = 25
GROUP_POOL = 2000
REJECT_REASONS = ("spam", "abuse", "off_topic", "other")
OPEN = ("pending",)


class Refused(Exception):
    """An action the item's state no longer allows (someone else handled it meanwhile)."""
