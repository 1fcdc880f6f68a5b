"""Same engine, same log: a game played through seats replays and verifies like a keyboard game,
and `wargame run --policy script:` reproduces it; bots and the timer work through the server."""

from __future__ import annotations

import json
import random

import aiohttp
import yaml

from tests.conftest import MINI
from tests.seats.conftest import Client, served
from wargame.cli import main as cli
from wargame.engine import commands as C
from wargame.log.replay import replay
from wargame.sim.autoplay import Driver

#: The chain envelope plus the per-game signing key and signatures: fresh for every game, so two games with
#: the same decisions differ only there.
ENVELOPE = ("seq", "ts", "prev", "hash", "key", "sig")


async def play_through_seats(server, http, rng: random.Random) -> None:
    session = server.session
    seats = {d: Client(server, d, http) for d in session.state.cs.delegations}
    driver = Driver("first", session.state.seed)
    while not session.state.ended:
        if session.state.phase == "deliberation" and session.state.pending_moves():
            for d, c in seats.items():
                view = await c.view()
                for task in view["me"]["tasks"]:
                    if not task["can_submit"]:
                        continue
                    open_ = [o["id"] for o in task["options"] if o["available"]]
                    body = {"inject": task["inject"], "rationale": f"{d} argues its case", "turn": view["turn"]}
                    if open_ and rng.random() < 0.8:
                        body["option"] = rng.choice(open_)
                    else:
                        body["free"] = {"action": f"{d} improvises", "argument": "it has worked before"}
                    status, data = await c.post("move", body)
                    assert status == 200, data
        else:
            session.do(driver.next_command(session.state))


def script_from(log) -> dict:
    """The seat game written down as a script file: every sealed move, per turn."""
    turns: dict[int, list] = {}
    for line in log.read_text().splitlines():
        r = json.loads(line)
        if r["type"] == "move-submitted":
            m = {"delegation": r["delegation"], "inject": r["inject"], "rationale": r["rationale"]}
            if r["option"] is not None:
                m["option"] = r["option"]
            else:
                m.update(action=r["action"], argument=r["argument"])
            turns.setdefault(r["turn"], []).append(m)
    return {"format": 1, "turns": turns}


async def test_seat_game_verifies_and_a_script_reproduces_it(mini_cs, tmp_path):
    log = tmp_path / "seats.jsonl"
    async with served(mini_cs, log, seed=9) as server, aiohttp.ClientSession() as http:
        await play_through_seats(server, http, random.Random(4))
        final = server.session.state.snapshot()
    res = replay(log)
    assert res.ok, res.problem
    assert res.state.snapshot() == final
    records = [json.loads(x) for x in log.read_text().splitlines()]
    assert all(r.get("by") == r["delegation"] for r in records if r["type"] == "move-submitted")

    script = tmp_path / "script.yaml"
    script.write_text(yaml.safe_dump(script_from(log)))
    again = tmp_path / "again.jsonl"
    assert cli(["run", str(MINI), "--policy", f"script:{script}", "--seed", "9", "--log", str(again)]) == 0
    redo = [json.loads(x) for x in again.read_text().splitlines()]

    def bare(rs):  # a script cannot say who sealed a move; everything else must match
        return [{k: v for k, v in r.items()
                 if k not in ENVELOPE and not (k == "by" and r["type"] == "move-submitted")} for r in rs]
    assert len(redo) == len(records) and bare(redo) == bare(records)


async def test_bot_seat_through_the_server(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        kor, room = Client(server, "KOR", http), Client(server, "room", http)
        await room.connect()
        first = await room.push()
        server.session.assign_bot("KOR", "random")
        pushed = await room.until(lambda m: m["version"] > first["version"])
        assert "bot" in pushed["html"]
        status = {s["delegation"]: s for s in (await room.view())["status"]}
        assert status["KOR"]["status"] == "sealed" and status["KOR"]["by"] == "bot:random"
        got, data = await kor.post("move", {"inject": "incubator", "option": "join", "turn": 1})
        assert got == 409 and "already sealed" in data["error"]
        mine = await kor.view()
        assert mine["me"]["bot"] == "random" and mine["me"]["tasks"][0]["move"]["by"] == "bot:random"


async def test_timer_expiry_is_logged_and_pushed(mini_cs, tmp_path):
    async with served(mini_cs, tmp_path / "g.jsonl") as server, aiohttp.ClientSession() as http:
        room = Client(server, "room", http)
        await room.connect()
        first = await room.push()
        server.session.set_timer(1)
        pushed = await room.until(lambda m: m["version"] > first["version"])
        assert (await room.view())["timer"]["remaining"] in (0, 1)
        expired = await room.until(lambda m: m["version"] > pushed["version"], timeout=15)
        assert server.session.state.timer["expired"]
        assert server.session.state.timer["late"] == [["incubator", d] for d in ("USA", "JPN", "KOR")]
        assert "Time is up" in expired["html"] or "expired" in expired["html"]
        records = [json.loads(x) for x in server.session.path.read_text().splitlines()]
        assert [r["type"] for r in records[-2:]] == ["timer-set", "timer-expired"]
        server.session.do(C.SetTimer(60, records[-2]["deadline"]))  # Control waits for the late ones
        assert not server.session.state.timer["expired"]
