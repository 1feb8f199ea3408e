"""Button layouts shared by several flows."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.turn import Turn


def topic_menu_buttons(turn: Turn) -> list[list[Button]]:
    """The policy topics, two to a row (short labels read well on small phones)."""
    faq = turn.services.faq
    if faq is None:
        return []
    buttons = [Button(topic.title, f"t:{topic.id}") for topic in faq.catalog.topics]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def intent_buttons(turn: Turn, intent_ids: list[str] | tuple[str, ...]) -> list[list[Button]]:
    """One row per question so the whole title stays readable."""
    faq = turn.services.faq
    if faq is None:
        return []
    intents = faq.catalog.intents
    return [[Button(intents[i].title, f"q:{i}")] for i in intent_ids if i in intents]
