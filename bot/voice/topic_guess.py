"""Which FAQ topic a citizen's question is about, guessed for the review queue."""

from __future__ import annotations

from bot.core.services import Services


def guess_topic(services: Services, text: str) -> tuple[str | None, str | None]:
    """(topic id, intent id) the FAQ matcher sees in ``text``; (None, None) when unsure."""
    faq = services.faq
    if faq is None:
        return None, None
    match = faq.match(text)
    if match.outcome == "none" or not match.suggestions:
        return None, None
    intent = faq.catalog.intents[match.suggestions[0]]
    # The assistant's own intents (greetings, how to stop) are not a policy topic.
    return (None, intent.id) if intent.topic == "bot" else (intent.topic, intent.id)


def topic_title(services: Services, topic: str | None) -> str:
    """The FAQ menu title of ``topic``, or the "other" label."""
    faq = services.faq
    found = next((t for t in faq.catalog.topics if t.id == topic), None) if faq else None
    return found.title if found else services.texts.get("voice_topic_other")
