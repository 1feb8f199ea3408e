"""The daily follower reconciliation against the fake OA's follower list."""

from __future__ import annotations

from pathlib import Path

from tests.zalo_harness import running_zalo_bot


async def test_unfollows_missed_while_down_stop_news_and_strangers_are_counted(
    tmp_path: Path,
) -> None:
    async with running_zalo_bot(tmp_path, faq=None) as zalo:
        store = zalo.store
        for n in range(120):  # three pages of 50
            user = str(9000 + n)
            zalo.fake.set_follower(user)
            if n < 100:
                store.citizens.subscribe(store.citizens.register(f"zalo:{user}"))
        for user in ("9003", "9077"):  # unfollowed while the bot was down: no event
            zalo.fake.set_follower(user, following=False)
        result = await zalo.channel.followers.reconcile()
        assert (result.followers, result.unfollowed, result.unknown) == (118, 2, 20)
        assert store.citizens.get("zalo:9003").stopped_reason == "unfollowed"
        assert store.citizens.get("zalo:9004").stopped_at is None
        assert store.events.count("unsubscribed") == 2
        again = await zalo.channel.followers.reconcile()
        assert again.unfollowed == 0, "idempotent"


async def test_a_list_that_cannot_be_read_whole_changes_nothing(tmp_path: Path) -> None:
    async with running_zalo_bot(tmp_path, faq=None, rate_limit_per_minute=2) as zalo:
        store = zalo.store
        for n in range(130):  # 117 follow: three pages, the third over the rate limit
            user = str(9100 + n)
            zalo.fake.set_follower(user, following=n % 10 != 0)
            store.citizens.subscribe(store.citizens.register(f"zalo:{user}"))
        try:
            await zalo.channel.followers.reconcile()
        except Exception as error:
            assert "page 2" in str(error)
        else:
            raise AssertionError("the third page is rate limited")
        assert all(c.stopped_at is None for c in store.zalo.all_citizens())
