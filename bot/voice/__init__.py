"""The citizens' voice: feedback, questions for staff, dialogue sessions, the review queue.

Owns:
    handlers, citizen side: ``feedback`` (/gopy), ``dialogue_sessions`` (questions sent
        ahead of a policy-dialogue session); staff side: ``queue``, ``queue_actions`` and
        ``queue_view`` (/cauhoi, the review queue), ``sessions`` (officers plan sessions),
        ``alerts`` (/thongbao: staff hear about new questions at once or in a daily digest).
    services: ``answers`` (an answer recorded and pushed to each citizen), ``announce``
        (a session told to citizens, as a broadcast campaign when that feature runs),
        ``export`` (spreadsheets, formulas neutralised), ``clustering`` (similar questions
        grouped), ``proposals`` (FAQ entries proposed from answered questions); ``cli``
        (``python -m bot sessions|questions``).
    checks: ``typed_text`` (limits, length), ``repeats``, ``abuse``, ``contact_details``
        (names, phones), ``topic_guess`` (the FAQ topic of a question).
    texts: ``content/texts/voice.yaml``.
    store: ``bot/store/voice.py`` (sessions; migrations ``voice``), ``bot/store/questions.py``
        and ``bot/store/voice_queue.py`` (the queue over ``questions``),
        ``bot/store/staff_alerts.py`` (migrations ``staff_alerts``).
    deletion: ``Voice.delete_citizen_data`` (``bot/store/voice.py``), a hook of
        ``Citizens.delete``, then ``Questions.forget_citizen``: the person's questions stay
        as anonymous text-less rows.

Public to other features: ``bot.voice.abuse`` (small talk answers abuse with the same list).
The web console calls ``answers``, ``export``, ``clustering``, ``proposals``, ``announce``
and ``queue_view`` as the chat commands do.
"""

from __future__ import annotations

from bot.core.router import Router


def router() -> Router:
    """The voice handlers; the order of commands is their order in /help."""
    from bot.voice import alerts, dialogue_sessions, feedback, queue, queue_actions, sessions

    voice = Router()
    for part in (dialogue_sessions, feedback, queue, queue_actions, sessions, alerts):
        voice.include(part.router)
    return voice
