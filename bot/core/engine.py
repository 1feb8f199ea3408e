"""The dialogue engine: turns one incoming message into the replies to send.

Channels call ``DialogueEngine.handle``; it never raises. Order of decisions: private chats
only, flood guard, input checks, then button payload → command → keyword → flow step → free
text (the FAQ).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable

from bot.core import choices, exits
from bot.core.flood import FloodGuard
from bot.core.messages import Incoming, Outgoing, nfc
from bot.core.router import Router, fold
from bot.core.services import Services
from bot.core.turn import StaleButton, Turn

log = logging.getLogger(__name__)

MAX_TEXT = 4096

# Delivers a turn's replies; awaited while the person's turn still holds their lock.
Deliver = Callable[[list[Outgoing]], Awaitable[None]]


class DialogueEngine:
    """Decides replies. One instance serves every channel."""

    def __init__(self, services: Services, router: Router) -> None:
        self.services = services
        self.router = router
        self.flood = FloodGuard(services.settings.flood_limit_per_minute)
        # One lock per person keeps their messages in order; the count says how many turns
        # hold or wait for it, so it is dropped only when nobody needs it.
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self._groups_noted: set[str] = set()

    async def handle(self, incoming: Incoming, *, deliver: Deliver | None = None) -> list[Outgoing]:
        """Return the replies for ``incoming``; errors become a polite apology, logged once.

        ``deliver``, when given, sends the replies before the person's next message is
        decided: one order per conversation spans deciding and delivering (like Rasa's
        ``LockStore``), so replies reach the person in the order their messages came.
        """
        incoming = dataclasses.replace(
            incoming,
            text=nfc(incoming.text or "").strip(),
            html=nfc(incoming.html) if incoming.html else None,
        )
        user = incoming.user
        lock, users = self._locks.get(user, (asyncio.Lock(), 0))
        self._locks[user] = (lock, users + 1)
        try:
            await lock.acquire()
        except BaseException:
            self._forget(user)
            raise
        saving: list[Awaitable[None]] = []
        try:
            replies = await self._decide(incoming, saving)
            if deliver is not None:
                try:
                    await deliver(replies)
                except Exception:
                    log.exception("error while delivering replies on %s", incoming.channel)
            return replies
        finally:
            if saving:
                # The replies go now; the person's lock is held until their dialogue state
                # is written, so their next message sees it (a write may wait for a lock
                # another process holds: a reply never does).
                self.services.tasks.create(self._release_after(user, saving))
            else:
                self._release(user)

    async def settled(self, user: str) -> None:
        """Wait until ``user``'s turn in progress, its state writes included, is over (the
        replicas' inbox waits for this before another process may take the person's next
        message)."""
        entry = self._locks.get(user)
        if entry is not None:
            async with entry[0]:
                pass

    async def _release_after(self, user: str, saving: list[Awaitable[None]]) -> None:
        try:
            for write in saving:
                try:
                    await write
                except Exception:
                    log.exception("a dialogue state or the buttons shown could not be written")
        finally:
            self._release(user)

    def _release(self, user: str) -> None:
        self._locks[user][0].release()
        self._forget(user)

    def _forget(self, user: str) -> None:
        lock, users = self._locks[user]
        if users == 1:
            del self._locks[user]
        else:
            self._locks[user] = (lock, users - 1)

    async def _decide(self, incoming: Incoming, saving: list[Awaitable[None]]) -> list[Outgoing]:
        try:
            return await self._handle(incoming, saving)
        except Exception as error:
            log.exception("error while handling a message on %s", incoming.channel)
            # A storage outage is said plainly; anything else is the general apology.
            key = "storage_unavailable" if self.services.store.is_outage(error) else "error"
            return [Outgoing(self.services.texts.get(key))]

    async def _handle(self, incoming: Incoming, saving: list[Awaitable[None]]) -> list[Outgoing]:
        texts = self.services.texts
        if incoming.chat_type != "private":
            # One note per group: the bot holds conversations only in private chats.
            if incoming.user in self._groups_noted:
                return []
            self._groups_noted.add(incoming.user)
            return [Outgoing(texts.get("group_notice"))]
        verdict = self.flood.check(incoming.user)
        if verdict != "ok":
            role = await self.services.store.read(lambda r: r.staff.role_of(incoming.user))
            if role is not None:
                verdict = "ok"  # the limit protects from citizens' floods; staff tap quickly
        if verdict == "drop":
            return []
        if verdict == "warn":
            return [Outgoing(texts.get("slow_down"))]

        turn = await Turn.begin(incoming, self.services)
        try:
            replies = await self._respond(turn, saving)
        finally:
            # A flow's next step is written before its question goes out (if it cannot be,
            # the person is told); follow-up memory is written after the reply.
            later = await turn.save()
            if later is not None:
                saving.append(later)
        return replies

    async def _respond(self, turn: Turn, saving: list[Awaitable[None]]) -> list[Outgoing]:
        incoming = turn.incoming
        state = turn.state
        in_step = state is not None and (state.flow, state.step) in self.router.steps
        # Inside a flow step media may be the answer (an officer's photo for a broadcast).
        rejection = self._reject(incoming, media_allowed=in_step)
        if rejection:
            turn.reply(turn.t(rejection, length=len(incoming.text), limit=MAX_TEXT))
            return turn.replies
        try:
            await self._dispatch(turn)
        except StaleButton as stale:
            log.info("stale button: %s", stale)
            turn.replies.clear()
            turn.reply(turn.t("stale_button"))
            await self._call_command(turn, "menu")
        exits.add_cancel_button(turn)
        remembering = self._remember_choices(turn)
        if remembering is not None:
            saving.append(remembering)
        return turn.replies

    def _remember_choices(self, turn: Turn) -> Awaitable[None] | None:
        """Keep the buttons just shown, so a typed label or number can press one later.

        Returned for the engine to await before it releases the person: the executor serves
        reads before queued writes, so a merely deferred write could be overtaken by the read
        of the person's next message (a typed "đồng ý" then missed the consent button).
        """
        store = self.services.store
        user = turn.user
        shown = [(b.label, b.payload) for reply in turn.replies for b in reply.flat_buttons()]
        if not shown:
            if turn.replies:  # numbers typed now are just text
                return store.write_soon(lambda r: r.choices.clear(user))
            return None
        prompt = None
        last = next(reply for reply in reversed(turn.replies) if reply.buttons)
        if exits.in_flow(turn) and exits.RESUME_PAYLOAD not in (p for _, p in shown):
            rows = [[(b.label, b.payload) for b in row] for row in last.buttons]
            prompt = (last.text, rows)
        return store.write_soon(lambda r: r.choices.set(user, shown, prompt=prompt))

    @staticmethod
    def _reject(incoming: Incoming, *, media_allowed: bool) -> str | None:
        """Name the text for input the bot does not take, or None."""
        if incoming.edited:
            return "edited_message"
        if incoming.payload is not None:
            return None
        if incoming.attachments and not incoming.text and not media_allowed:
            kind = incoming.attachments[0].kind
            return {
                "sticker": "unsupported_sticker",
                "location": "unsupported_location",
                "contact": "unsupported_contact",
            }.get(kind, "unsupported_media")
        if not incoming.text and not incoming.attachments:
            return "empty_text"
        if len(incoming.text) > MAX_TEXT:
            return "too_long"
        return None

    async def _dispatch(self, turn: Turn) -> None:
        incoming = turn.incoming
        router = self.router
        if incoming.payload is not None:
            await router.dispatch_payload(turn, incoming.payload)
            return
        text = incoming.text
        if text.startswith("/"):
            name = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
            if not await self._call_command(turn, name):
                turn.reply(turn.t("unknown_command"))
            return
        if exits.in_flow(turn) and exits.is_exit_word(text) and not incoming.attachments:
            await exits.leave(turn)
            return
        state = turn.state
        shown = await self.services.store.read(lambda r: r.choices.get(turn.user))
        chosen = choices.resolve(
            text,
            shown.buttons,
            exact_only=state is not None and router.takes_free_text(state.flow, state.step),
        )
        if chosen is not None and not incoming.attachments:
            # Typed as a person would: that button, pressed through the one role check.
            turn.incoming = dataclasses.replace(incoming, text="", payload=chosen)
            await router.dispatch_payload(turn, chosen)
            return
        keyword = router.keywords.get(fold(text).strip(" .!?"))
        if keyword is not None:
            turn.clear_state()
            await keyword(turn)
            return
        state = turn.state
        step = router.steps.get((state.flow, state.step)) if state else None
        if step is not None and state is not None:
            await router.run(turn, ("step", (state.flow, state.step)), step, state.flow)
            return
        for claim in router.text_claims:
            if await claim(turn):
                return
        if router.fallback is not None:
            await router.fallback(turn)

    async def _call_command(self, turn: Turn, name: str) -> bool:
        command = self.router.commands.get(name)
        if command is None:
            return False

        async def leave_flow_then_run(turn: Turn) -> None:
            # A command always leaves whatever flow the person was in.
            turn.clear_state()
            await command.handler(turn)

        await self.router.run(turn, ("command", name), leave_flow_then_run, "/" + name)
        return True
