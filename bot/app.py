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

    # The built index is kept next to the database, keyed by a hash of the content and of
    # the matcher's code: a restart with unchanged content loads it instead of building.
    return Matcher.from_content(settings.content_dir, cache_dir=settings.db_path.parent / "cache")


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
    """Every feature's router in one; the order of commands is the help order.

    Each feature package exposes ``router()``; it imports its modules when called, so a
    command-line tool that only opens the services does not load every feature.
    """
    import bot.broadcasts
    import bot.citizens
    import bot.metrics
    import bot.staff
    import bot.voice
    from bot.core import exits
    from bot.web import command as web_command

    router = Router()
    router.include(bot.citizens.router())
    router.include(bot.staff.router())
    router.include(bot.voice.router())
    router.include(bot.broadcasts.router())
    router.include(bot.metrics.router())
    router.include(exits.router)  # the engine's own: cancel, resume
    router.include(web_command.router)  # /dangnhap: a sign-in link to the web console
    return router


def build_engine(
    settings: Settings, *, store: Store | None = None, faq: object = _UNSET
) -> DialogueEngine:
    services = build_services(settings, store=store, faq=faq, router=build_router())
    _ = services.faq  # the bot builds its index at start, not on a citizen's first question
    return DialogueEngine(services, services.router)
