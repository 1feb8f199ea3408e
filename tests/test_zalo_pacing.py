"""Zalo pacing from measurement: the configured rate, the rate-limit headers, -32 backoff."""

from __future__ import annotations

from pathlib import Path

from bot.broadcasts.config import BroadcastConfig
from bot.core.messages import DeliveryStatus, Outgoing
from tests.zalo_harness import running_zalo_bot


def test_the_default_zalo_rate_is_half_the_app_limit_and_configurable(tmp_path: Path) -> None:
    config = BroadcastConfig.from_env({}, dotenv=tmp_path / "none.env")
    assert round(config.pacing_for("zalo").rate * 60) == 2000  # half of ~4,000 requests a minute
    assert config.pacing_for("zalo").concurrency == 8
    env = {"BROADCAST_ZALO_PER_MINUTE": "600", "BROADCAST_ZALO_CONCURRENCY": "2"}
    config = BroadcastConfig.from_env(env, dotenv=tmp_path / "none.env")
    assert (config.pacing_for("zalo").rate, config.pacing_for("zalo").concurrency) == (10, 2)
    assert config.pacing_for("telegram").rate == 25


async def test_each_rate_limit_in_a_row_doubles_the_pause_until_a_success(
    tmp_path: Path,
) -> None:
    async with running_zalo_bot(tmp_path, faq=None) as zalo:
        zalo.fake.set_follower("830")
        hub = zalo.engine.services.hub
        pauses = []
        for _ in range(3):
            zalo.fake.fail_next(error=-32)
            delivery = await hub.send("zalo:830", Outgoing("Tin."))
            assert delivery.status is DeliveryStatus.THROTTLED
            pauses.append(delivery.retry_after)
        assert pauses == [2.0, 4.0, 8.0]
        assert (await hub.send("zalo:830", Outgoing("Tin."))).status is DeliveryStatus.SENT
        zalo.fake.fail_next(error=-32)
        assert (await hub.send("zalo:830", Outgoing("Tin."))).retry_after == 2.0


async def test_campaigns_hold_off_when_the_headers_say_the_budget_runs_low(
    tmp_path: Path,
) -> None:
    async with running_zalo_bot(tmp_path, faq=None, rate_limit_per_minute=20) as zalo:
        zalo.fake.set_follower("831")
        hub = zalo.engine.services.hub
        assert hub.campaign_wait("zalo") == 0.0, "no headers seen yet"
        for _ in range(17):
            assert (await hub.send("zalo:831", Outgoing("Tin."))).status is DeliveryStatus.SENT
        assert hub.campaign_wait("zalo") == 0.0, "3 of 20 left: above the 10 % reserve"
        for _ in range(2):
            await hub.send("zalo:831", Outgoing("Tin."))
        assert hub.campaign_wait("zalo") == 5.0, "1 of 20 left: campaigns wait, replies go on"
        assert hub.campaign_wait("telegram") == 0.0
