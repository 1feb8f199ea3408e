"""Named figures used inside answers (``{chuan_ngheo_nong_thon}``), dated and sourced.

``content/figures.yaml`` holds the national values; ``content/deployment.yaml`` may override a
figure under ``figures:`` with a local value and its local source (a province that sets its
own, higher poverty line). The source line of an answer that uses an overridden figure names
the local document too. :mod:`faq.check` validates both files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from faq.versions import Source, Version, as_date, problems, within

FIGURES_FILE = "figures.yaml"
DEPLOYMENT_FILE = "deployment.yaml"


@dataclass(frozen=True)
class FigureValue:
    """One dated value of a named figure."""

    value: str
    source: Source
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    local: bool = False

    def in_force(self, day: dt.date) -> bool:
        return within(self.valid_from, self.valid_until, day)


def _value(raw: Any, *, local: bool) -> FigureValue:
    raw = raw if isinstance(raw, dict) else {}
    src = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    return FigureValue(
        value=str(raw.get("value") or "").strip(),
        source=Source(
            doc=str(src.get("doc") or "").strip(),
            date=str(src["date"]) if src.get("date") else None,
            article=str(src["article"]) if src.get("article") else None,
            url=str(src["url"]) if src.get("url") else None,
        ),
        valid_from=as_date(raw.get("valid_from")),
        valid_until=as_date(raw.get("valid_until")),
        local=local,
    )


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: top level must be a mapping")
    return data


class Figures:
    """National figures with their dated values, and the deployment's local overrides."""

    def __init__(
        self,
        national: dict[str, tuple[FigureValue, ...]],
        local: dict[str, FigureValue] | None = None,
    ) -> None:
        self.national = national
        self.local = local or {}

    @classmethod
    def load(cls, content_dir: Path) -> Figures:
        """Read ``figures.yaml`` and the ``figures:`` overrides of ``deployment.yaml``.

        Raises:
            ValueError: when a file is not valid YAML or not a mapping.
        """
        try:
            national_raw = _read(content_dir / FIGURES_FILE)
            local_raw = _read(content_dir / DEPLOYMENT_FILE).get("figures") or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"figures: invalid YAML ({exc})") from exc
        national = {
            str(name): tuple(_value(v, local=False) for v in (entry or {}).get("values") or [])
            for name, entry in national_raw.items()
            if isinstance(entry, dict)
        }
        local = (
            {str(n): _value(v, local=True) for n, v in local_raw.items()}
            if isinstance(local_raw, dict)
            else {}
        )
        return cls(national, local)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.national)

    def on(self, name: str, day: dt.date) -> FigureValue | None:
        """The value of ``name`` on ``day``: the local override when in force, else national."""
        override = self.local.get(name)
        if override is not None and override.in_force(day):
            return override
        return next((v for v in self.national.get(name, ()) if v.in_force(day)), None)

    def values_on(self, day: dt.date) -> dict[str, str]:
        """Every figure's text on ``day``, for filling answer templates."""
        found = {name: self.on(name, day) for name in self.national}
        return {name: value.value for name, value in found.items() if value is not None}

    def local_sources(self, names: set[str], day: dt.date) -> list[Source]:
        """Local documents behind the overridden figures among ``names`` on ``day``."""
        sources: list[Source] = []
        for name in sorted(names):
            value = self.on(name, day)
            if value is not None and value.local and value.source not in sources:
                sources.append(value.source)
        return sources

    def problems(self) -> list[str]:
        """What ``faq check`` refuses: missing values or sources, overlaps, unknown overrides."""
        found: list[str] = []
        for name, values in self.national.items():
            if not values:
                found.append(f"figures.yaml: {name}: no values")
            for value in values:
                found += _value_problems(f"figures.yaml: {name}", value)
            spans = [
                Version("", valid_from=v.valid_from, valid_until=v.valid_until) for v in values
            ]
            found += [f"figures.yaml: {name}: {p}" for p in problems(spans)]
        for name, value in self.local.items():
            where = f"deployment.yaml: figures: {name}"
            if name not in self.national:
                found.append(f"{where}: no such figure in figures.yaml")
            found += _value_problems(where, value)
        return found


def _value_problems(where: str, value: FigureValue) -> list[str]:
    found = []
    if not value.value:
        found.append(f"{where}: missing 'value'")
    if not value.source.doc:
        found.append(f"{where}: missing source 'doc'")
    if not value.source.date:
        found.append(f"{where}: missing source 'date'")
    return found
