"""A live seat server on loopback for each test, and a client that records every byte it receives."""

from __future__ import annotations

import contextlib
import json
import re

import aiohttp
import pytest

from tests.conftest import MINI
from wargame.scenario.load import load_scenario
from wargame.seats.server import SeatServer
from wargame.session import Session

#: What must never reach a client: a traceback, a source path, an internal exception name.
INTERNALS = re.compile(r"Traceback|File \"|\.py\b|site-packages|/work/|/tmp/|/home/|KeyError|TypeError|"
                       r"AttributeError|ValueError|Exception")


@contextlib.asynccontextmanager
async def served(cs, path, **kw):
    session = Session.new(cs, path, seed=kw.pop("seed", 3), fsync=kw.pop("fsync", False))
    server = SeatServer(session, "127.0.0.1", 0, **kw)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
        session.close()


@pytest.fixture
def mini_cs():
    return load_scenario(MINI)


def token_of(server, viewer: str) -> str:
    return server.book.token(viewer)


class Client:
    """One device: every response body and WebSocket message it receives is kept in `received`."""

    def __init__(self, server, viewer: str, http: aiohttp.ClientSession):
        self.server, self.viewer, self.http = server, viewer, http
        self.base = server.base_url()
        self.token = server.book.token(viewer)
        self.received: list[tuple[str, str]] = []  # (what, text)
        self.ws = None

    async def get(self, path: str) -> tuple[int, str]:
        async with self.http.get(self.base + path) as r:
            text = await r.text()
        self.received.append((f"GET {path} {r.status}", text))
        return r.status, text

    async def post(self, kind: str, body, *, headers: dict | None = None, raw: bytes | None = None) -> tuple[int, dict]:
        h = {"Origin": self.base, "Content-Type": "application/json", **(headers or {})}
        data = raw if raw is not None else json.dumps(body).encode()
        async with self.http.post(f"{self.base}/api/{self.token}/{kind}", data=data, headers=h) as r:
            text = await r.text()
        self.received.append((f"POST {kind} {r.status}", text))
        return r.status, json.loads(text)

    async def view(self) -> dict:
        status, text = await self.get(f"/api/{self.token}/view")
        assert status == 200, text
        return json.loads(text)

    async def connect(self):
        self.ws = await self.http.ws_connect(f"{self.base}/ws/{self.token}")
        return self.ws

    async def push(self, timeout: float = 10.0) -> dict:
        """The next push (pushes are coalesced and rendered off the loop, so they take a moment)."""
        msg = await self.ws.receive(timeout=timeout)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        self.received.append(("WS", msg.data))
        return json.loads(msg.data)

    async def until(self, predicate, timeout: float = 10.0) -> dict:
        """Read pushes until one satisfies `predicate` (the page has caught up)."""
        import asyncio

        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            got = await self.push(max(0.01, end - loop.time()))
            if predicate(got):
                return got

    async def drain(self, timeout: float = 0.05) -> list[dict]:
        """Every push waiting on the socket (kept in `received`)."""
        got = []
        while True:
            try:
                msg = await self.ws.receive(timeout=timeout)
            except TimeoutError:
                return got
            if msg.type != aiohttp.WSMsgType.TEXT:
                return got
            self.received.append(("WS", msg.data))
            got.append(json.loads(msg.data))


def log_bytes(server) -> bytes:
    return server.session.path.read_bytes()
