"""What every fake server shares: serving an aiohttp app on 127.0.0.1, and ``async with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from aiohttp import web


class LoopbackServer:
    """Mixin for fakes: ``_bind`` serves an app on loopback, ``_unbind`` closes it.

    Subclasses define ``start`` (build the app, then ``await self._bind(app)``) and ``stop``
    (their own clean-up, then ``await self._unbind()``).
    """

    _port: int = 0
    _runner: web.AppRunner | None = None

    async def _bind(self, app: web.Application) -> None:
        """Serve ``app`` on 127.0.0.1 — on a free port unless one was given — never beyond."""
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self._port).start()
        self._port = self._runner.addresses[0][1]

    async def _unbind(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
