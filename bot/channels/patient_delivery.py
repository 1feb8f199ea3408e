"""Retrying one message until it is delivered or clearly cannot be (replies on any channel).

A citizen's reply must not be lost to a busy moment: flood control (429) is waited out as
long as the platform asks, network and server errors are retried with exponential backoff and
jitter, and only a permanent outcome (the person blocked the bot, a bad request, outside the
messaging window) or running out of attempts ends the effort.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from bot.core.messages import Delivery, DeliveryStatus

TRANSIENT_ATTEMPTS = 6  # 0.5 + 1 + 2 + 4 + 8 s of backoff before giving up on an outage
BACKOFF_SECONDS = 0.5
THROTTLE_BUDGET_SECONDS = 900.0  # waiting out flood control longer than this is an outage

Attempt = Callable[[], Awaitable[Delivery]]


async def deliver_patiently(
    attempt: Attempt,
    *,
    transient_attempts: int = TRANSIENT_ATTEMPTS,
    backoff_seconds: float = BACKOFF_SECONDS,
    throttle_budget: float = THROTTLE_BUDGET_SECONDS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Delivery:
    """Call ``attempt`` until it returns a final outcome; return that outcome."""
    failures = 0
    throttled_for = 0.0
    while True:
        delivery = await attempt()
        if delivery.status is DeliveryStatus.THROTTLED:
            wait = delivery.retry_after + random.uniform(0.05, 0.25)
            throttled_for += wait
            if throttled_for > throttle_budget:
                return delivery
            await sleep(wait)
            continue
        if delivery.status is DeliveryStatus.TRANSIENT:
            failures += 1
            if failures >= transient_attempts:
                return delivery
            await sleep(backoff_seconds * 2 ** (failures - 1) * random.uniform(0.8, 1.2))
            continue
        return delivery
