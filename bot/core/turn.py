"""One incoming message being handled: who sent it, what we know, and the replies.

A turn reads what it needs about the person in one hand-off to the database thread
(``Turn.begin``) and writes back at the end (``Turn.save``): the dialogue state is awaited,
so the person's next message sees it; bookkeeping (last seen, reach events, the audit trail)
is deferred, so no reply waits for it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.core.messages import Attachment, Button, Incoming, Outgoing
from bot.core.ports import DialogueState
from bot.core.services import Services

if TYPE_CHECKING:
    from bot.store import Citizen, Repositories


class StaleButton(Exception):
    """A button payload that no longer fits the conversation (an old keyboard)."""


MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a bigger number cannot name a row


def parse_id(raw: object) -> int | None:
    """A row id or index from a payload: plain ASCII digits that fit SQLite, else None.

    ``str.isdigit`` alone lets through "²" (``int`` raises) and 20-digit numbers (SQLite
    raises OverflowError): a forged or garbled payload must get the stale-button reply.
    """
    text = str(raw)
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class Turn:
    """The context a handler works with; handlers add replies with ``reply``."""

    def __init__(
        self,
        incoming: Incoming,
        services: Services,
        args: tuple[str, ...] = (),
        *,
        known: tuple[Citizen | None, DialogueState | None, str | None] | None = None,
    ) -> None:
        """``known``: (citizen, state, role) read by ``begin``; without it they are read here
        (blocking: for tests and tools outside the event loop)."""
        self.incoming = incoming
        self.services = services
        self.args = args
        self.replies: list[Outgoing] = []
        if known is None:
            known = services.store.call(lambda r: _snapshot(r, incoming.user))
        self._citizen, state, self.role = known
        self._state = state
        self._dirty_state = False
        self._patient_state = False  # the change is memory that may wait (remember_state)

    @classmethod
    async def begin(cls, incoming: Incoming, services: Services) -> Turn:
        """A turn for ``incoming`` with the person read in one hand-off to the database."""
        known = await services.store.read(lambda r: _snapshot(r, incoming.user))
        return cls(incoming, services, known=known)

    async def save(self) -> Awaitable[None] | None:
        """Write what the turn changed. A flow's state is written now (awaited: a failure
        becomes the apology); remembered context is queued and returned for the engine to
        await after the reply. Last-seen is deferred for a citizen."""
        store = self.services.store
        user = self.user
        later: Awaitable[None] | None = None
        if self._dirty_state:
            state = self._state

            patient = self._patient_state

            def write(r: Repositories) -> None:
                if not isinstance(state, DialogueState):
                    r.states.clear(user)
                elif patient:  # dropped, not failed, while the database takes no writes
                    r.states.remember(user, state.flow, state.step, state.data)
                else:
                    r.states.set(user, state.flow, state.step, state.data)

            self._dirty_state = False
            if self._patient_state:
                later = store.write_soon(write)
            else:
                await store.write(write)
        if self._citizen is not None:
            store.defer(lambda r: r.citizens.touch(user))
        return later

    # -- who ---------------------------------------------------------------------------
    @property
    def user(self) -> str:
        return self.incoming.user

    @property
    def citizen(self) -> Citizen | None:
        """The consenting citizen, or None when nothing may be stored about this person."""
        return self._citizen

    async def change_citizen(self, change: Callable[[Repositories], object]) -> Citizen | None:
        """Run ``change`` as one transaction; the turn then sees the citizen as it left them."""
        user = self.user

        def changed(repos: Repositories) -> Citizen | None:
            change(repos)
            return repos.citizens.get(user)

        self._citizen = await self.services.store.write(changed)
        return self._citizen

    # -- replies -----------------------------------------------------------------------
    def reply(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        document: Attachment | None = None,
        photo: Attachment | None = None,
        asks_contact: bool = False,
    ) -> None:
        self.replies.append(
            Outgoing(text, buttons or [], document=document, photo=photo, asks_contact=asks_contact)
        )

    def t(self, key: str, **values: object) -> str:
        """A text from ``content/texts.yaml``, with this citizen's commune contact."""
        commune = self._citizen.commune if self._citizen else None
        return self.services.texts.get(key, commune=commune, **values)

    def fill(self, template: str) -> str:
        commune = self._citizen.commune if self._citizen else None
        return self.services.texts.fill(template, commune=commune)

    # -- dialogue state ------------------------------------------------------------------
    @property
    def state(self) -> DialogueState | None:
        """Where the person is in a flow; read once per turn, kept in step with changes."""
        return self._state

    def set_state(self, flow: str, step: str, **data: object) -> None:
        """Move the person to ``step`` of ``flow``; written before the replies go out."""
        self._state = DialogueState(flow, step, dict(data))
        self._dirty_state = True
        self._patient_state = False

    def remember_state(self, flow: str, step: str, **data: object) -> None:
        """Like ``set_state`` for context that only helps (follow-up memory): written after
        the reply, and lost, not failed, in an outage."""
        self.set_state(flow, step, **data)
        self._patient_state = True

    def clear_state(self) -> None:
        """Leave any flow; written when the turn is saved (nothing to write if none)."""
        if self._state is not None:  # nothing to clear: no write (a read-only store copes)
            self._state = None
            self._dirty_state = True
            self._patient_state = False

    def expect(self, flow: str, step: str | None = None) -> DialogueState:
        """Return the state if the person is in ``flow`` (at ``step``); else the button is stale."""
        state = self.state
        if state is None or state.flow != flow or (step is not None and state.step != step):
            raise StaleButton(f"{self.incoming.payload!r} outside {flow}/{step}")
        return state

    # -- reach events --------------------------------------------------------------------
    def event(self, type: str, **fields: str | int | None) -> None:
        """Record a reach event; written after the reply, timed now."""
        self.services.store.check_event_type(type)
        channel, citizen = self.incoming.channel, self._citizen
        at = self.services.clock.stamp()
        self.services.store.defer(
            lambda r: r.events.record(type, channel=channel, citizen=citizen, at=at, **fields)
        )


def _snapshot(
    repos: Repositories, user: str
) -> tuple[Citizen | None, DialogueState | None, str | None]:
    """What a turn needs to know about ``user``: citizen, dialogue state, staff role."""
    return repos.citizens.get(user), repos.states.get(user), repos.staff.role_of(user)
