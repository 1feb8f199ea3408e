"""``/readyz``: a load balancer sends traffic only to a replica whose database answers and
whose channels are connected; ``/healthz`` only says the process is alive (issue #16)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx

from bot.app import build_engine
from bot.runner import running
from bot.web.server import WebServer
from tests.fakes import FakeBotAPI
from tests.harness import make_settings
from tests.postgres import PostgresServer
from tests.test_one_server import free_port


async def test_ready_once_the_channels_run_and_not_once_the_database_is_gone(
    tmp_path: Path, fake: FakeBotAPI, faq_matcher: object
) -> None:
    port = free_port()
    settings = dataclasses.replace(
        make_settings(tmp_path, fake), http_host="127.0.0.1", http_port=port
    )
    engine = build_engine(settings, faq=faq_matcher)
    async with running(settings, engine=engine), httpx.AsyncClient() as client:
        ready = await client.get(f"http://127.0.0.1:{port}/readyz")
        assert ready.status_code == 200
        backend = engine.services.store.dialect  # "sqlite", or "postgresql" under BOT_TEST_BACKEND
        assert ready.json() == {"ready": True, "database": backend, "channels": ["Telegram"]}
        engine.services.store.close()  # the database thread is gone
        gone = await client.get(f"http://127.0.0.1:{port}/readyz")
        assert gone.status_code == 503
        assert gone.json() == {"ready": False, "reason": "database unreachable"}
        assert (await client.get(f"http://127.0.0.1:{port}/healthz")).text == "ok"


async def test_not_ready_while_starting_nor_when_postgresql_is_out_of_reach(
    tmp_path: Path, fake: FakeBotAPI, pg_server: PostgresServer, pg_url: str
) -> None:
    settings = dataclasses.replace(make_settings(tmp_path, fake), db_url=pg_url)
    engine = build_engine(settings, faq=None)
    web = WebServer(engine.services, host="127.0.0.1", port=0)
    await web.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{web.port}") as client:
            starting = await client.get("/readyz")
            assert starting.status_code == 503
            assert starting.json() == {"ready": False, "reason": "channels starting"}
            web.channels_started(["Telegram"])
            ready = await client.get("/readyz")
            assert ready.json() == {
                "ready": True,
                "database": "postgresql",
                "channels": ["Telegram"],
            }
            pg_server.drop_database(pg_url)  # its connection is cut; no reconnecting either
            for _ in range(2):  # the broken connection, then a failed attempt to reconnect
                gone = await client.get("/readyz")
                assert gone.status_code == 503
                assert gone.json()["reason"] == "database unreachable"
    finally:
        await web.stop()
        engine.services.store.close()
