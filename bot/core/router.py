"""Where each kind of input goes: commands, button payloads, flow steps, FAQ action intents.

Feature modules each build a ``Router`` and the application includes them all, so adding a
feature never means editing the engine.

Every way into a handler — a command, a button payload (tapped, typed on Zalo, or remembered
to run after consent), a typed flow step, an FAQ action intent — goes through ``Router.run``,
the one place where roles are checked and refusals audited with the person's real role.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.turn import Turn

# What a role requirement is attached to: ("command", name), ("action", prefix),
# ("step", (flow, step)) or ("intent", intent id).
Key = tuple[str, object]

Handler = Callable[["Turn"], Awaitable[None]]
# A free-text handler that may decline: True when it answered, False to pass the text on.
Claim = Callable[["Turn"], Awaitable[bool]]

# A flow an FAQ action intent started keeps that intent and when in its state: a question
# typed at its first step ("có phải ghi tên không" as the feedback form opens) is read in
# that answer's light, as a follow-up to any answer is (bot.citizens.faq_dialogue).
VIA_INTENT, VIA_AT = "via_intent", "via_at"
VIA_TTL_SECONDS = 30 * 60


@dataclass(frozen=True)
class Command:
    """A slash command. ``roles`` empty means every citizen may use it."""

    name: str
    description: str
    handler: Handler
    roles: tuple[str, ...] = ()

    @property
    def for_staff(self) -> bool:
        return bool(self.roles)


class Router:
    """A registry of handlers, filled with decorators."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, Handler] = {}
        self.steps: dict[tuple[str, str], Handler] = {}
        self.intents: dict[str, Handler] = {}
        self.keywords: dict[str, Handler] = {}
        self.fallback: Handler | None = None
        # Tried in order before ``fallback`` (small talk before the FAQ).
        self.text_claims: list[Claim] = []
        # Steps answered with buttons (``choice_step``); the others take free text.
        self.choice_steps: set[tuple[str, str]] = set()
        # Staff-only buttons, flow steps and intents: ("action", prefix),
        # ("step", (flow, step)) or ("intent", id) → roles; ``run`` enforces them, and
        # ``Command.roles`` for ("command", name).
        self.roles: dict[Key, tuple[str, ...]] = {}

    def command(
        self, name: str, description: str, *, roles: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._add(self.commands, name, Command(name, description, handler, roles))
            return handler

        return register

    def action(self, prefix: str, *, roles: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
        """Handle button payloads ``prefix`` or ``prefix:arg:...``; args land in ``turn.args``.

        ``roles``: only staff with one of them may press it (a role can be taken away while
        the keyboard is still on screen).
        """
        if roles:
            self.roles[("action", prefix)] = roles
        return self._decorator(self.actions, prefix)

    def step(
        self, flow: str, step: str, *, roles: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        """Handle free text while the person is at ``step`` of ``flow`` (``roles`` as above)."""
        if roles:
            self.roles[("step", (flow, step))] = roles
        return self._decorator(self.steps, (flow, step))

    def choice_step(
        self,
        flow: str,
        step: str,
        *,
        roles: tuple[str, ...] = (),
        handler: Handler | None = None,
    ) -> None:
        """Declare a step answered with buttons (``roles`` as above).

        Typed text naming a button shown there is pressed by the engine; other text goes to
        ``handler`` if given (it may call ``bot.core.exits.at_choice_step`` itself), else is
        a question answered mid-flow or gets the choices again (``bot.core.exits``).
        """
        if roles:
            self.roles[("step", (flow, step))] = roles
        self._add(self.steps, (flow, step), handler or _at_choice_step)
        self.choice_steps.add((flow, step))

    def takes_free_text(self, flow: str, step: str) -> bool:
        """True at a step whose answer is typed (a message, a name), not a button."""
        return (flow, step) in self.steps and (flow, step) not in self.choice_steps

    def intent(self, intent_id: str) -> Callable[[Handler], Handler]:
        """Handle an FAQ intent of ``kind: action`` with a feature instead of a fixed text."""
        return self._decorator(self.intents, intent_id)

    def on_text(self, handler: Handler) -> Handler:
        """Handle free text that nothing else claimed (the FAQ). One per application."""
        if self.fallback is not None:
            raise ValueError("a free-text handler is registered twice")
        self.fallback = handler
        return handler

    def claims_text(self, claim: Claim) -> Claim:
        """Let ``claim`` answer free text before the ``on_text`` handler; it returns False to
        pass. Runs only where the free-text handler would (no flow step took the text)."""
        self.text_claims.append(claim)
        return claim

    def keyword(self, *phrases: str) -> Callable[[Handler], Handler]:
        """Handle a whole message equal to one of ``phrases`` (compared accent-folded)."""

        def register(handler: Handler) -> Handler:
            for phrase in phrases:
                self._add(self.keywords, fold(phrase), handler)
            return handler

        return register

    def include(self, other: Router) -> None:
        for table in ("commands", "actions", "steps", "intents", "keywords", "roles"):
            mine, theirs = getattr(self, table), getattr(other, table)
            for key, value in theirs.items():
                self._add(mine, key, value)
        self.choice_steps |= other.choice_steps
        self.text_claims.extend(other.text_claims)
        if other.fallback is not None:
            self.on_text(other.fallback)

    # -- the one guarded way in ---------------------------------------------------------
    async def run(self, turn: Turn, key: Key, handler: Handler, label: str) -> bool:
        """Run ``handler`` if ``turn``'s person holds a role ``key`` needs; False if refused.

        ``label`` names the attempt in the audit log (``/cauhoi``, the payload, the flow).
        """
        needed = self._needed_roles(key)
        if needed:
            allowed = turn.role in needed
            user, role = turn.user, turn.role
            at = turn.services.clock.stamp()
            turn.services.store.defer(
                lambda r: r.audit.record(user, label, role=role, allowed=allowed, at=at)
            )
            if not allowed:
                turn.clear_state()
                turn.reply(turn.t("not_staff"))
                return False
        await handler(turn)
        return True

    async def dispatch_payload(self, turn: Turn, payload: str) -> None:
        """Run the button handler for ``payload`` (``prefix:arg:...``) behind the role check.

        Raises ``StaleButton`` for a payload no handler claims.
        """
        from bot.core.turn import StaleButton

        prefix, *args = payload.split(":")
        handler = self.actions.get(prefix)
        if handler is None:
            raise StaleButton(payload)
        turn.args = tuple(args)
        await self.run(turn, ("action", prefix), handler, payload)

    async def run_intent(self, turn: Turn, intent_id: str) -> bool:
        """Run the feature behind an FAQ action intent; False when none is registered."""
        handler = self.intents.get(intent_id)
        if handler is None:
            return False
        await self.run(turn, ("intent", intent_id), handler, "intent:" + intent_id)
        state = turn.state
        if state is not None and (state.flow, state.step) in self.steps:
            at = turn.services.clock().timestamp()
            turn.set_state(
                state.flow, state.step, **state.data, **{VIA_INTENT: intent_id, VIA_AT: at}
            )
        return True

    def _needed_roles(self, key: Key) -> tuple[str, ...]:
        if key[0] == "command":
            command = self.commands.get(str(key[1]))
            return command.roles if command else ()
        return self.roles.get(key, ())

    def _decorator(self, table: dict, key: object) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._add(table, key, handler)
            return handler

        return register

    @staticmethod
    def _add(table: dict, key: object, value: object) -> None:
        if key in table:
            raise ValueError(f"{key!r} is registered twice")
        table[key] = value


async def _at_choice_step(turn: Turn) -> None:
    from bot.core.exits import at_choice_step  # exits builds on the router

    await at_choice_step(turn)


def fold(text: str) -> str:
    """Lowercase, strip accents and đ, collapse spaces: for comparing short keywords."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())


def intent_behind_flow(turn: Turn) -> str | None:
    """The FAQ intent whose answer started the person's flow, within ``VIA_TTL_SECONDS``."""
    state = turn.state
    if state is None:
        return None
    intent, at = state.data.get(VIA_INTENT), state.data.get(VIA_AT)
    if not isinstance(intent, str) or not isinstance(at, int | float):
        return None
    return intent if turn.services.clock().timestamp() - at <= VIA_TTL_SECONDS else None
