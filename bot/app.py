"""Wiring in one place: settings → store, content, FAQ engine → dialogue engine."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from bot.config import Settings
from bot.core.clock import Clock
from bot.core.content import Deployment, Texts
from bot.core.engine import DialogueEngine
from bot.core.router import Router
from bot.core.services import Services
from bot.store import Store

if TYPE_CHECKING:
    from faq.matcher import Matcher

log = logging.getLogger(__name__)


def load_faq(settings: Settings) -> Matcher | None:
    """Load the FAQ matcher from the content folder; None (logged) if there is no content yet."""
    if not any((settings.content_dir / "faq").glob("*.yaml")):
        log.warning("no FAQ content in %s", settings.content_dir / "faq")
        return None
    from faq.matcher import Matcher

    return Matcher.from_content(settings.content_dir)


_UNSET: object = object()


def _faq_loader(settings: Settings, faq: object) -> Callable[[], Matcher | None]:
    if faq is _UNSET:
        return lambda: load_faq(settings)
    return lambda: cast("Matcher | None", faq)


def build_services(
    settings: Settings,
    *,
    store: Store | None = None,
    faq: object = _UNSET,
    router: Router | None = None,
) -> Services:
    """Open the store and load content; the FAQ index is built on first use.

    ``faq`` passes a matcher built earlier (tests) or None (no FAQ).
    """
    deployment = Deployment.load(settings.content_dir / "deployment.yaml")
    texts = Texts.load(settings.content_dir / "texts.yaml", deployment)
    services = Services(
        settings=settings,
        store=store or Store.open(settings.database),
        texts=texts,
        deployment=deployment,
        load_faq=_faq_loader(settings, faq),
        clock=Clock(settings.timezone),
    )
    if router is not None:
        services.router = router
    return services


def build_router() -> Router:
    """Every feature's handlers in one router; the order of commands is the help order.

    Features are imported here, not at the top: a command-line tool that only opens the
    services does not load every feature.
    """
    from bot.core import (
        answer_card,
        citizen,
        dialogue_sessions,
        exits,
        faq_dialogue,
        feedback,
        onboarding,
    )
    from bot.metrics import command as metrics_command
    from bot.staff import alerts, queue, queue_actions, sessions  # citizens' voice: staff side
    from bot.staff import commands as staff_commands
    from bot.web import command as web_command
    from broadcasts import flows as broadcast_flows

    router = Router()
    for feature in (onboarding.router, citizen.router, faq_dialogue.build_router()):
        router.include(feature)
    router.include(answer_card.router)
    router.include(dialogue_sessions.router)
    router.include(feedback.router)
    router.include(staff_commands.router)
    for voice_staff in (queue.router, queue_actions.router, sessions.router):
        router.include(voice_staff)
    router.include(broadcast_flows.router)
    router.include(metrics_command.router)
    router.include(alerts.router)
    router.include(exits.router)
    router.include(web_command.router)
    return router


def build_engine(
    settings: Settings, *, store: Store | None = None, faq: object = _UNSET
) -> DialogueEngine:
    services = build_services(settings, store=store, faq=faq, router=build_router())
    _ = services.faq  # the bot builds its index at start, not on a citizen's first question
    return DialogueEngine(services, services.router)
