"""The deployment description and the bot's own texts, loaded from ``content/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.messages import nfc


@dataclass(frozen=True)
class Commune:
    id: str
    name: str
    villages: tuple[str, ...] = ()
    households: int | None = None


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    phone: str

    def line(self) -> str:
        return f"{self.name} ({self.role}), điện thoại {self.phone}"


@dataclass(frozen=True)
class Deployment:
    """Who runs the bot and for which area (``content/deployment.yaml``)."""

    authority: str
    bot_name: str
    communes: tuple[Commune, ...]
    contacts: dict[str, Contact]
    hotlines: tuple[tuple[str, str], ...] = ()
    targets: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Deployment:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        communes = tuple(
            Commune(
                id=c["id"],
                name=nfc(c["name"]),
                villages=tuple(nfc(v) for v in c.get("villages") or ()),
                households=c.get("households"),
            )
            for c in raw.get("communes") or ()
        )
        contacts = {
            key: Contact(nfc(value["name"]), nfc(value["role"]), str(value["phone"]))
            for key, value in (raw.get("contacts") or {}).items()
        }
        if "default" not in contacts:
            raise ValueError(f"{path}: contacts.default is required")
        hotlines = tuple((nfc(h["name"]), str(h["phone"])) for h in raw.get("hotlines") or ())
        return cls(
            authority=nfc(raw["authority"]),
            bot_name=nfc(raw.get("bot_name") or "Trợ lý Giảm nghèo"),
            communes=communes,
            contacts=contacts,
            hotlines=hotlines,
            targets=dict(raw.get("targets") or {}),
        )

    def commune(self, commune_id: str | None) -> Commune | None:
        return next((c for c in self.communes if c.id == commune_id), None)

    def contact_for(self, commune_id: str | None) -> Contact:
        return self.contacts.get(commune_id or "", self.contacts["default"])

    def hotline_text(self) -> str:
        return "; ".join(f"{name}: {phone}" for name, phone in self.hotlines)


class Texts:
    """The bot's sentences (``content/texts.yaml``), filled with deployment values."""

    def __init__(self, raw: dict[str, Any], deployment: Deployment) -> None:
        self._raw = raw
        self.deployment = deployment

    @classmethod
    def load(cls, path: Path, deployment: Deployment) -> Texts:
        """Load ``texts.yaml`` and every feature's ``texts/*.yaml`` beside it."""
        raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for extra in sorted((path.parent / "texts").glob("*.yaml")):
            for key, value in (yaml.safe_load(extra.read_text(encoding="utf-8")) or {}).items():
                if key in raw:
                    raise ValueError(f"{extra}: text {key!r} is already defined")
                raw[key] = value
        return cls(raw, deployment)

    def get(self, key: str, *, commune: str | None = None, **values: object) -> str:
        """Return text ``key`` with placeholders filled; ``commune`` picks the contact."""
        template = self._raw[key]
        if not isinstance(template, str):
            raise TypeError(f"text {key!r} is not a string")
        return self.fill(template, commune=commune, **values)

    def fill(self, template: str, *, commune: str | None = None, **values: object) -> str:
        """Fill deployment placeholders (and ``values``) into any template string."""
        known: dict[str, object] = {
            "don_vi": self.deployment.authority,
            "bot_name": self.deployment.bot_name,
            "lien_he": self.deployment.contact_for(commune).line(),
            "duong_day_nong": self.deployment.hotline_text(),
        }
        known.update(values)
        return nfc(template.format_map(known).strip())

    def household_label(self, category: str | None) -> str | None:
        labels: dict[str, str] = self._raw["household_labels"]
        return labels.get(category or "")

    @property
    def household_labels(self) -> dict[str, str]:
        return dict(self._raw["household_labels"])
