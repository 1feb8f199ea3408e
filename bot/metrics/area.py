"""The area a report covers: the whole deployment, one commune, or one village."""

from __future__ import annotations

from dataclasses import dataclass

from bot.metrics.period import Period
from bot.store.reports import Scope


@dataclass(frozen=True)
class Area:
    """The whole deployment (both None), one commune, or one village."""

    commune: str | None = None
    village: str | None = None

    def scope(self, period: Period) -> Scope:
        """The events of ``period`` in this area, as the store's report queries take them."""
        return Scope(period.start_utc, period.end_utc, self.commune, self.village)
