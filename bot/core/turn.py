"""One incoming message being handled: who sent it, what we know, and the replies."""

from __future__ import annotations

from functools import cached_property

from bot.core.messages import Attachment, Button, Incoming, Outgoing
from bot.core.services import Services
from bot.store import Citizen, DialogueState

_UNREAD = object()


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

    def __init__(self, incoming: Incoming, services: Services, args: tuple[str, ...] = ()) -> None:
        self.incoming = incoming
        self.services = services
        self.args = args
        self.replies: list[Outgoing] = []
        self._citizen: Citizen | None = services.store.citizens.get(incoming.user)
        self._state: DialogueState | None | object = _UNREAD

    # -- who ---------------------------------------------------------------------------
    @property
    def user(self) -> str:
        return self.incoming.user

    @property
    def citizen(self) -> Citizen | None:
        """The consenting citizen, or None when nothing may be stored about this person."""
        return self._citizen

    def refresh_citizen(self) -> Citizen | None:
        self._citizen = self.services.store.citizens.get(self.user)
        return self._citizen

    @cached_property
    def role(self) -> str | None:
        return self.services.store.staff.role_of(self.user)

    # -- replies -----------------------------------------------------------------------
    def reply(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        *,
        document: Attachment | None = None,
        photo: Attachment | None = None,
    ) -> None:
        self.replies.append(Outgoing(text, buttons or [], document=document, photo=photo))

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
        """Where the person is in a flow; read once per turn, kept in step with writes."""
        if self._state is _UNREAD:
            self._state = self.services.store.states.get(self.user)
        return self._state  # type: ignore[return-value]

    def set_state(self, flow: str, step: str, **data: object) -> None:
        self.services.store.states.set(self.user, flow, step, data)
        self._state = DialogueState(flow, step, dict(data))

    def remember_state(self, flow: str, step: str, **data: object) -> None:
        """Like ``set_state`` for context that only helps; lost, not failed, in an outage."""
        self.services.store.states.remember(self.user, flow, step, data)
        self._state = DialogueState(flow, step, dict(data))

    def clear_state(self) -> None:
        if self.state is None:
            return  # nothing to clear: no write, so commands work on a read-only store
        self.services.store.states.clear(self.user)
        self._state = None

    def expect(self, flow: str, step: str | None = None) -> DialogueState:
        """Return the state if the person is in ``flow`` (at ``step``); else the button is stale."""
        state = self.state
        if state is None or state.flow != flow or (step is not None and state.step != step):
            raise StaleButton(f"{self.incoming.payload!r} outside {flow}/{step}")
        return state

    # -- reach events --------------------------------------------------------------------
    def event(self, type: str, **fields: str | int | None) -> None:
        self.services.store.events.record(
            type, channel=self.incoming.channel, citizen=self._citizen, **fields
        )
