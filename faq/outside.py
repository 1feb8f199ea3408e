"""The out-of-scope reference class (``content/out_of_scope.yaml``).

Everyday questions the bot does not answer, grouped by subject. The matcher indexes them next
to the FAQ intents: a message closer to one of them than to any intent is not answered
outright, however many words it shares with an intent ("lãi suất vay ngân hàng mua nhà" shares
"vay" with the policy loans).
"""

from __future__ import annotations

from pathlib import Path

import yaml


def load_outside(path: Path) -> dict[str, tuple[str, ...]]:
    """Subject -> phrasings; a missing file gives no subjects.

    Raises:
        ValueError: when the file is not valid YAML or not shaped as ``topics: {name: [...]}``.
    """
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: invalid YAML ({exc})") from exc
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, dict):
        raise ValueError(f"{path.name}: expected a mapping 'topics: {{subject: [phrasings]}}'")
    out: dict[str, tuple[str, ...]] = {}
    for name, phrasings in topics.items():
        if not isinstance(phrasings, list) or not all(isinstance(p, str) for p in phrasings):
            raise ValueError(f"{path.name}: {name}: expected a list of phrasings")
        out[str(name)] = tuple(p.strip() for p in phrasings if p.strip())
    return out
