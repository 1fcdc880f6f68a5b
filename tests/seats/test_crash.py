"""Crash and reconnect: Control's process is killed mid-deliberation; `resume` brings every seat back
with the same link to the same state, sealed moves intact. A device that drops and reconnects gets
the current state pushed without reloading."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys

import aiohttp

from tests.conftest import MINI, ROOT
from tests.seats.conftest import Client, served
from wargame.log.replay import replay

SERVE = r"""
import asyncio, sys
from pathlib import Path
from wargame.session import Session
from wargame.seats.server import SeatServer

async def main(log, port, scenario):
    if scenario:
        from wargame.scenario.load import load_scenario
        session = Session.new(load_scenario(Path(scenario)), Path(log), seed=3)
    else:
        session = Session.resume(Path(log))
    server = SeatServer(session, "127.0.0.1", int(port))
    await server.start()
    print(server.port, flush=True)
    await asyncio.Event().wait()

asyncio.run(main(*sys.argv[1:4]))
"""


def start(log, port: int, scenario: str = "") -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(log), str(port), scenario], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.strip().isdigit(), proc.stderr.read()
    return proc, int(line)


def tokens(log) -> dict[str, str]:
    doc = json.loads((log.parent / (log.name + ".seats.json")).read_text())
    return {v: e["token"] for v, e in doc["seats"].items()}


async def connect_until_up(http, url: str, seconds: float = 15.0):
    for _ in range(int(seconds / 0.1)):
        try:
            return await http.ws_connect(url)
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise AssertionError(f"could not reconnect to {url}")


async def test_kill_mid_deliberation_then_resume(tmp_path):
    log = tmp_path / "class.jsonl"
    proc, port = start(log, 0, str(MINI))
    base = f"http://127.0.0.1:{port}"
    tok = tokens(log)
    head = {"Origin": base}
    try:
        async with aiohttp.ClientSession() as http:
            sockets = {v: await http.ws_connect(f"{base}/ws/{tok[v]}") for v in ("JPN", "KOR", "room")}
            for d, option in (("JPN", "join"), ("KOR", "abstain")):
                async with http.post(f"{base}/api/{tok[d]}/move", headers=head,
                                     json={"inject": "incubator", "option": option, "rationale": f"{d} before the crash",
                                           "turn": 1}) as r:
                    assert r.status == 200
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            for ws in sockets.values():  # every device sees its connection drop
                while (await ws.receive(timeout=5)).type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                                                 aiohttp.WSMsgType.ERROR):
                    pass

            proc, port2 = start(log, port)  # `wargame resume`: the same log, the same sidecar, the same port
            assert port2 == port and tokens(log) == tok
            for v in ("JPN", "KOR", "room"):
                ws = await connect_until_up(http, f"{base}/ws/{tok[v]}")  # the same link as before
                first = json.loads((await ws.receive(timeout=5)).data)
                assert first["type"] == "view"
                if v == "JPN":
                    assert "JPN before the crash" in first["html"] and "KOR before the crash" not in first["html"]
                await ws.close()
            async with http.get(f"{base}/api/{tok['KOR']}/view") as r:
                view = await r.json()
            assert view["me"]["tasks"][0]["move"]["option"] == "abstain"
            assert {s["delegation"]: s["status"] for s in view["status"]} == {"USA": "waiting", "JPN": "sealed",
                                                                            "KOR": "sealed"}
            async with http.post(f"{base}/api/{tok['USA']}/move", headers=head,
                                 json={"inject": "incubator", "option": "convene", "turn": 1}) as r:
                assert r.status == 200
    finally:
        proc.kill()
        proc.wait()
    res = replay(log)
    assert res.ok and [m.submitted_by for m in res.state.moves.values()] == ["JPN", "KOR", "USA"]


async def test_a_device_that_drops_gets_the_current_state_on_reconnect(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        jpn, kor = Client(server, "JPN", http), Client(server, "KOR", http)
        await jpn.connect()
        first = await jpn.push()
        assert server.connected("JPN") == 1
        await jpn.ws.close()  # Wi-Fi gone
        await asyncio.sleep(0.05)
        assert server.connected("JPN") == 0
        assert (await kor.post("move", {"inject": "incubator", "option": "join", "turn": 1}))[0] == 200
        await jpn.connect()  # back: no reload, just the socket again
        again = await jpn.push()  # the current state, first thing
        assert again["version"] > first["version"]
        view = await jpn.view()
        assert {s["delegation"]: s["status"] for s in view["status"]}["KOR"] == "sealed"


async def test_status_listeners_hear_connections(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        heard = []
        server.status_listeners.append(heard.append)
        room = Client(server, "room", http)
        await room.connect()
        await room.push()
        assert heard == ["room"] and server.status()["room"] == 1
        await room.ws.close()
        await asyncio.sleep(0.05)
        assert heard == ["room", "room"] and server.connected("room") == 0
