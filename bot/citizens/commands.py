"""Citizens' own commands: menu, help, profile, news subscription, data deletion."""

from __future__ import annotations

from bot.citizens import onboarding
from bot.core.keyboards import intent_buttons, topic_menu_buttons
from bot.core.local_time import local_stamp
from bot.core.messages import Button
from bot.core.router import Router
from bot.core.stops import StopReason
from bot.core.turn import StaleButton, Turn

router = Router()
router.choice_step("delete", "confirm")


@router.command("menu", "Xem các chủ đề chính sách")
async def menu(turn: Turn) -> None:
    """Show the policy topics as buttons."""
    turn.reply(turn.t("menu_title"), topic_menu_buttons(turn))


@router.action("menu")
async def menu_button(turn: Turn) -> None:
    await menu(turn)


@router.action("t")
async def topic(turn: Turn) -> None:
    """``t:<topic>``: the questions of one topic."""
    faq = turn.services.faq
    topic = next((t for t in faq.catalog.topics if (t.id,) == turn.args), None) if faq else None
    if topic is None:
        raise StaleButton(turn.incoming.payload)
    rows = intent_buttons(turn, topic.intent_ids)
    rows.append([Button(turn.t("back_button"), "menu")])
    turn.reply(turn.t("topic_title", topic=topic.title), rows)


@router.command("trogiup", "Hướng dẫn sử dụng và danh sách lệnh")
async def help_(turn: Turn) -> None:
    """List the commands this person may use."""
    commands = turn.services.router.commands.values()
    lines = [f"/{c.name} — {c.description}" for c in commands if not c.for_staff]
    turn.reply(turn.t("help", commands="\n".join(lines)))
    staff = [c for c in commands if c.for_staff and turn.role in c.roles]
    if staff:
        staff_lines = "\n".join(f"/{c.name} — {c.description}" for c in staff)
        turn.reply(turn.t("help_staff_title") + "\n" + staff_lines)


@router.command("hoso", "Xem và sửa thông tin của tôi")
async def profile(turn: Turn) -> None:
    """Show everything stored about the citizen, with buttons to change it."""
    citizen = turn.citizen
    if citizen is None:
        turn.reply(turn.t("no_profile"))
        return
    deployment = turn.services.deployment
    commune = deployment.commune(citizen.commune)
    not_given = turn.t("not_given")
    questions = await turn.services.store.read(lambda r: r.questions.count_of_citizen(citizen))
    lines = [
        turn.t("profile_title"),
        turn.t("profile_line_channel", value=citizen.channel_id),
        turn.t(
            "profile_line_consent",
            value=local_stamp(turn.services, citizen.consent_at).split(" ", 1)[0],
        ),
        turn.t("profile_line_commune", value=commune.name if commune else not_given),
        turn.t("profile_line_village", value=citizen.village or not_given),
        turn.t(
            "profile_line_household",
            value=turn.services.texts.household_label(citizen.household) or not_given,
        ),
        turn.t(
            "profile_line_subscribed", value=turn.t("yes_word" if citizen.subscribed else "no_word")
        ),
        turn.t("profile_questions", value=questions),
    ]
    news = (
        Button(turn.t("unsubscribe_button"), "news:off")
        if citizen.subscribed
        else Button(turn.t("subscribe_button"), "news:on")
    )
    turn.reply(
        "\n".join(lines),
        [
            [Button(turn.t("edit_commune_button"), "edit:c")],
            [Button(turn.t("edit_village_button"), "edit:v")],
            [Button(turn.t("edit_household_button"), "edit:h")],
            [news],
            [Button(turn.t("delete_button"), "del:ask")],
        ],
    )


@router.action("profile")
async def profile_button(turn: Turn) -> None:
    await profile(turn)


@router.action("edit")
async def edit(turn: Turn) -> None:
    """``edit:c|v|h``: change one profile field."""
    if turn.citizen is None:
        raise StaleButton(turn.incoming.payload)
    asks = {
        "c": onboarding.ask_commune,
        "v": onboarding.ask_village,
        "h": onboarding.ask_household,
    }
    ask = asks.get(turn.args[0] if turn.args else "")
    if ask is None:
        raise StaleButton(turn.incoming.payload)
    ask(turn, onboarding=False)


@router.command("dangky", "Đăng ký nhận tin về chính sách")
async def subscribe(turn: Turn) -> None:
    """Subscribe to news (asks for consent first if needed)."""
    await onboarding.subscribe_now(turn)


@router.command("dunglai", "Dừng nhận tin")
async def unsubscribe(turn: Turn) -> None:
    """Stop news at once, even in the middle of a running campaign."""
    citizen = turn.citizen
    if citizen is None or not citizen.subscribed:
        turn.reply(turn.t("not_subscribed"))
        return
    await turn.change_citizen(lambda repos: repos.citizens.stop(citizen, StopReason.USER))
    turn.event("unsubscribed", value="user")
    turn.reply(turn.t("unsubscribed"))


@router.keyword("dừng", "dừng lại", "dừng nhận tin", "hủy đăng ký", "stop")
async def unsubscribe_keyword(turn: Turn) -> None:
    await unsubscribe(turn)


@router.action("news")
async def news_toggle(turn: Turn) -> None:
    """``news:on|off`` from the profile card."""
    if turn.args == ("on",):
        await subscribe(turn)
    elif turn.args == ("off",):
        await unsubscribe(turn)
    else:
        raise StaleButton(turn.incoming.payload)


@router.command("xoadulieu", "Xóa dữ liệu cá nhân của tôi")
async def delete_data(turn: Turn) -> None:
    """Ask for confirmation before deleting everything about the citizen."""
    if turn.citizen is None:
        turn.reply(turn.t("nothing_to_delete"))
        return
    turn.set_state("delete", "confirm")
    turn.reply(
        turn.t("delete_confirm"),
        [
            [Button(turn.t("delete_yes_button"), "del:y")],
            [Button(turn.t("delete_no_button"), "del:n")],
        ],
    )


@router.action("del")
async def delete_answer(turn: Turn) -> None:
    """``del:ask`` asks; ``del:y`` deletes; ``del:n`` keeps."""
    if turn.args == ("ask",):
        await delete_data(turn)
        return
    turn.expect("delete", "confirm")
    turn.clear_state()
    citizen = turn.citizen
    if turn.args == ("y",) and citizen is not None:
        # The event keeps only the segment and an opaque number, as every other event.
        turn.event("data_deleted")
        await turn.change_citizen(lambda repos: repos.citizens.delete(citizen))
        turn.reply(turn.t("deleted"))
    else:
        turn.reply(turn.t("delete_cancelled"))
