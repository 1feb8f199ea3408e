"""The way out of every flow, and what happens when a typed answer fits no button.

- Every step shows a "✖️ Thôi" button (added by the engine unless the step has its own cancel
  button); it and the words in ``EXIT_WORDS`` leave the flow with a short confirmation.
- At a step answered with buttons (``Router.choice_step``), text that names no button is
  either a real question — answered, then the person is offered to carry on — or it is said
  not to be understood and the choices are shown again. Nothing is swallowed.
"""

from __future__ import annotations

from bot.core.choices import key
from bot.core.keyboards import topic_menu_buttons
from bot.core.messages import Button, Outgoing
from bot.core.router import Router, intent_behind_flow
from bot.core.turn import Turn

router = Router()

EXIT_PAYLOAD = "exit"
RESUME_PAYLOAD = "resume"
# Whole messages that leave a flow (accent-folded, emoji and punctuation dropped).
EXIT_WORDS = frozenset(
    {"thoi", "thoi khong", "thoi a", "huy", "huy bo", "menu", "dung", "dung lai", "thoat"}
    | {"cancel", "quit", "exit", "bo", "khong lam nua"}
)
# A step's own cancel button makes ours redundant ("✖️ Thôi, không gửi", "Hủy").
CANCEL_LABEL_STARTS = ("thoi", "huy")


def in_flow(turn: Turn) -> bool:
    """True at a registered step of a flow (a remembered FAQ context is no flow)."""
    state = turn.state
    return state is not None and (state.flow, state.step) in turn.services.router.steps


def is_exit_word(text: str) -> bool:
    return key(text) in EXIT_WORDS


def cancel_button(turn: Turn) -> Button:
    return Button(turn.t("cancel_button"), EXIT_PAYLOAD)


def add_cancel_button(turn: Turn) -> None:
    """Put "✖️ Thôi" under the last reply while the person is in a flow."""
    if not in_flow(turn) or not turn.replies:
        return
    for reply in turn.replies:
        for button in reply.flat_buttons():
            if button.payload == EXIT_PAYLOAD or key(button.label).startswith(CANCEL_LABEL_STARTS):
                return
    turn.replies[-1].buttons = [*turn.replies[-1].buttons, [cancel_button(turn)]]


@router.action(EXIT_PAYLOAD)
async def leave(turn: Turn) -> None:
    """Leave whatever flow the person is in; say so, and show where to go next."""
    turn.clear_state()
    turn.reply(turn.t("flow_left"), topic_menu_buttons(turn))


@router.action(RESUME_PAYLOAD)
async def resume(turn: Turn) -> None:
    """Carry on with the flow after a question mid-way: the last question again."""
    shown = await turn.services.store.read(lambda r: r.choices.get(turn.user))
    if not in_flow(turn) or not shown.prompt_text:
        turn.reply(turn.t("flow_nothing_to_resume"), topic_menu_buttons(turn))
        return
    rows = [[Button(label, payload) for label, payload in row] for row in shown.prompt_buttons]
    turn.replies.append(Outgoing(shown.prompt_text, rows))


async def at_choice_step(turn: Turn) -> None:
    """Text at a step answered with buttons that names none of them."""
    state = turn.state
    faq = turn.services.faq
    fallback = turn.services.router.fallback
    confident = (
        faq is not None
        and faq.match(turn.incoming.text, previous=intent_behind_flow(turn)).outcome == "answer"
    )
    if confident and fallback is not None and state is not None:
        await fallback(turn)
        if turn.state == state:
            turn.reply(
                turn.t("flow_continue_offer"),
                [[Button(turn.t("continue_button"), RESUME_PAYLOAD)], [cancel_button(turn)]],
            )
        return
    shown = await turn.services.store.read(lambda r: r.choices.get(turn.user))
    rows = [[Button(label, payload) for label, payload in row] for row in shown.prompt_buttons]
    if not rows:
        rows = [[Button(label, payload)] for label, payload in shown.buttons]
    turn.reply(turn.t("choice_not_understood"), rows)
