"""The officers' broadcast commands, as one router for ``bot.app.build_router``."""

from __future__ import annotations

from bot.broadcasts import flow_compose, flow_manage, flow_when
from bot.core.router import Router

router = Router()
router.include(flow_compose.router)
router.include(flow_when.router)
router.include(flow_manage.router)
