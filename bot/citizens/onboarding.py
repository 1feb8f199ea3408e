"""Onboarding: greeting, privacy notice and consent, optional profile, news subscription.

The profile steps keep their place in the store (flow ``profile``), so a restart in the
middle resumes at the same question.
"""

from __future__ import annotations

from bot.core.keyboards import topic_menu_buttons
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.turn import StaleButton, Turn, parse_id

router = Router()

# The dialogue-state key holding what to do once the person agrees. The bot writes it; a
# payload never names another payload to run, so nothing typed or forged can choose it.
AFTER_CONSENT = "after_consent"

# Steps answered with buttons: typed labels, numbers and yes/no words press them.
router.choice_step("consent", "ask")
for _step in ("commune", "village", "household", "subscribe"):
    router.choice_step("profile", _step)


def consent_buttons(turn: Turn, *, then_subscribe: bool = False) -> list[list[Button]]:
    return [
        [
            Button(
                turn.t("consent_yes_button"), "consent:y:sub" if then_subscribe else "consent:y"
            ),
            Button(turn.t("consent_no_button"), "consent:n"),
        ]
    ]


def ask_consent(turn: Turn, *, then: str) -> None:
    """Show the privacy notice; once the person agrees, the button ``then`` is pressed for them.

    ``then`` is remembered in the dialogue state (kept beside the flow the person is in), and
    runs through the router's role check like any other press.
    """
    state = turn.state
    if state is None:
        turn.set_state("consent", "ask", **{AFTER_CONSENT: then})
    else:
        turn.set_state(state.flow, state.step, **{**state.data, AFTER_CONSENT: then})
    turn.reply(turn.t("privacy_notice"), consent_buttons(turn))


def _take_after_consent(turn: Turn) -> str | None:
    """The remembered continuation, removed from the state so that it runs once."""
    state = turn.state
    after = state.data.get(AFTER_CONSENT) if state is not None else None
    if state is None or after is None:
        return None
    if state.flow == "consent":
        turn.clear_state()
    else:
        rest = {k: v for k, v in state.data.items() if k != AFTER_CONSENT}
        turn.set_state(state.flow, state.step, **rest)
    return str(after)


@router.command("start", "Bắt đầu: giới thiệu và đồng ý lưu thông tin")
async def start(turn: Turn) -> None:
    """Greet; ask for consent unless it was given before."""
    turn.reply(turn.t("greeting"))
    if turn.citizen is None:
        turn.reply(turn.t("privacy_notice"), consent_buttons(turn))
    else:
        turn.reply(turn.t("menu_title"), topic_menu_buttons(turn))


@router.action("consent")
async def consent(turn: Turn) -> None:
    """Record the answer to the privacy notice; ``consent:y``, ``consent:y:sub`` or ``consent:n``.

    Older keyboards carried more arguments after ``y``; they are ignored, never run.
    """
    answer, *rest = turn.args or ("",)
    after = _take_after_consent(turn)
    if answer == "n":
        if turn.citizen is None:
            turn.event("consent_declined")
        turn.reply(turn.t("consent_declined"), topic_menu_buttons(turn))
        return
    if answer != "y":
        raise StaleButton(turn.incoming.payload)
    if turn.citizen is None:
        user = turn.user
        await turn.change_citizen(lambda repos: repos.citizens.register(user))
        turn.event("consent_given")
    turn.reply(turn.t("consent_given"))
    if after is not None:
        # Consent asked on the way to another action (e.g. sending a question to staff):
        # carry on with that action now, through the same role check as a press.
        await turn.services.router.dispatch_payload(turn, after)
    elif rest[:1] == ["sub"]:
        await subscribe_now(turn)
    else:
        turn.reply(turn.t("profile_intro"))
        ask_commune(turn, onboarding=True)


def ask_commune(turn: Turn, *, onboarding: bool) -> None:
    communes = turn.services.deployment.communes
    rows = [[Button(c.name, f"prof:c:{c.id}")] for c in communes]
    rows.append([Button(turn.t("skip_button"), "prof:c:-")])
    turn.set_state("profile", "commune", onboarding=onboarding)
    turn.reply(turn.t("ask_commune"), rows)


def ask_village(turn: Turn, *, onboarding: bool) -> None:
    citizen = turn.citizen
    commune = turn.services.deployment.commune(citizen.commune if citizen else None)
    if commune is None or not commune.villages:
        ask_household(turn, onboarding=onboarding)
        return
    rows = [[Button(v, f"prof:v:{i}")] for i, v in enumerate(commune.villages)]
    rows.append([Button(turn.t("skip_button"), "prof:v:-")])
    turn.set_state("profile", "village", onboarding=onboarding)
    turn.reply(turn.t("ask_village"), rows)


def ask_household(turn: Turn, *, onboarding: bool) -> None:
    labels = turn.services.texts.household_labels
    rows = [[Button(label, f"prof:h:{key}")] for key, label in labels.items()]
    rows.append([Button(turn.t("skip_button"), "prof:h:-")])
    turn.set_state("profile", "household", onboarding=onboarding)
    turn.reply(turn.t("ask_household"), rows)


def ask_subscribe(turn: Turn) -> None:
    turn.set_state("profile", "subscribe", onboarding=True)
    turn.reply(
        turn.t("ask_subscribe"),
        [
            [Button(turn.t("subscribe_yes_button"), "sub:y")],
            [Button(turn.t("subscribe_no_button"), "sub:n")],
        ],
    )


@router.action("prof")
async def profile_answer(turn: Turn) -> None:
    """One profile answer: ``prof:c:<commune>``, ``prof:v:<index>``, ``prof:h:<category>``."""
    if len(turn.args) != 2 or turn.citizen is None:
        raise StaleButton(turn.incoming.payload)
    field, value = turn.args
    step = {"c": "commune", "v": "village", "h": "household"}.get(field)
    if step is None:
        raise StaleButton(turn.incoming.payload)
    state = turn.expect("profile", step)
    onboarding = bool(state.data.get("onboarding"))
    citizen = turn.citizen
    deployment = turn.services.deployment
    fields: dict[str, object] = {}
    if field == "c":
        if value != "-" and deployment.commune(value) is None:
            raise StaleButton(turn.incoming.payload)
        if value != "-":
            fields = {"commune": value, "village": None}
    elif field == "v" and value != "-":
        commune = deployment.commune(citizen.commune)
        index = parse_id(value)
        if commune is None or index is None or index >= len(commune.villages):
            raise StaleButton(turn.incoming.payload)
        fields = {"village": commune.villages[index]}
    elif field == "h" and value != "-":
        if turn.services.texts.household_label(value) is None:
            raise StaleButton(turn.incoming.payload)
        fields = {"household": value}
    if fields:
        await turn.change_citizen(lambda repos: repos.citizens.update(citizen, **fields))
    if value != "-":
        turn.event("profile_updated", value=step)
    if field == "c" and (value != "-" or onboarding):
        if value != "-":
            ask_village(turn, onboarding=onboarding)
        else:
            ask_household(turn, onboarding=onboarding)
    elif field == "v" and onboarding:
        ask_household(turn, onboarding=True)
    elif field == "h" and onboarding:
        ask_subscribe(turn)
    else:
        turn.clear_state()
        turn.reply(turn.t("profile_saved"))


@router.action("sub")
async def subscribe_answer(turn: Turn) -> None:
    """The last onboarding question: ``sub:y`` or ``sub:n``."""
    turn.expect("profile", "subscribe")
    if turn.args[:1] == ("y",):
        await subscribe_now(turn)
    turn.clear_state()
    turn.reply(turn.t("onboarding_done"), topic_menu_buttons(turn))


async def subscribe_now(turn: Turn) -> None:
    citizen = turn.citizen
    if citizen is None:
        turn.reply(turn.t("need_consent_for_subscribe"))
        turn.reply(turn.t("privacy_notice"), consent_buttons(turn, then_subscribe=True))
        return
    if citizen.subscribed:
        turn.reply(turn.t("already_subscribed"))
        return
    await turn.change_citizen(lambda repos: repos.citizens.subscribe(citizen))
    turn.event("subscribed")
    turn.reply(turn.t("subscribed"))
