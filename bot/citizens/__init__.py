"""Citizens: consent, their own commands, and the FAQ dialogue.

Owns:
    handlers: ``onboarding`` (/start, consent, the optional profile questions),
        ``commands`` (menu, help, /hoso profile, news subscription, /xoa deletion),
        ``faq_dialogue`` (free text matched against the FAQ, suggestions, a question handed on
        to staff), ``answer_card`` (the answer a citizen receives, ``ct:`` details),
        ``answer_rating`` (👍/👎 under an answer), ``small_talk`` (thanks, abuse, emoji,
        bare numbers, claimed before the FAQ).
    texts: ``content/texts.yaml`` (the general texts) and ``content/texts/answers.yaml``.
    store: ``bot/store/citizens.py`` (consent, profile, subscription), ``bot/store/state.py``
        (dialogue state), ``bot/store/events.py`` (reach events); their migrations are the
        ``core`` set in ``bot/store/schema.py``.
    deletion: ``Citizens.delete`` (``bot/store/citizens.py``) removes the person and runs
        every other feature's deletion hook in the same transaction.

Public to other features: ``bot.citizens.onboarding.ask_consent`` (a feature that would
store something about a person without consent asks for it this way). The web console and
``python -m faq show`` also call ``answer_card.compose`` to show what a citizen receives.

The store modules stay in ``bot/store/`` while the store is ported to SQLAlchemy (#14).
"""

from __future__ import annotations

from bot.core.router import Router


def router() -> Router:
    """The citizens' handlers; the order of commands is their order in /help."""
    from bot.citizens import answer_card, commands, faq_dialogue, onboarding, small_talk

    citizens = Router()
    citizens.include(onboarding.router)
    citizens.include(commands.router)
    citizens.include(faq_dialogue.build_router())
    citizens.include(small_talk.router)
    citizens.include(answer_card.router)
    return citizens
