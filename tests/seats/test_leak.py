"""The leak test: every byte each device receives through a whole game (first pages, JSON, pushes,
errors) is captured; none holds another delegation's move before that move's reveal, nor a withdrawn
move or an observer's note ever."""

from __future__ import annotations

import asyncio
import html
import json
import random
import re

import aiohttp

from tests.seats.conftest import Client, served
from wargame.scenario.load import load_scenario, resolve_scenario
from wargame.sim.autoplay import Driver

PAGE = {"room": "room", "observer": "o"}
_VERSION_HTML = re.compile(r'data-version="(\d+)"')


def normalised(text: str) -> tuple[str, int | None]:
    """A received text with JSON and HTML escapes undone, and the game version it was rendered at."""
    version = None
    try:
        obj = json.loads(text)
    except ValueError:
        obj = None
    if isinstance(obj, dict):
        version = obj.get("version")
        text = json.dumps(obj, ensure_ascii=False)
    m = _VERSION_HTML.search(text)
    if version is None and m:
        version = int(m.group(1))
    return html.unescape(text.replace("\\n", "\n").replace('\\"', '"')), version


def unique_descriptions(cs) -> dict[tuple[str, str, str], str]:
    """(inject, delegation, option) -> its description, where that text belongs to one option only."""
    seen: dict[str, list] = {}
    for iid, ci in cs.injects.items():
        for d, opts in ci.options.items():
            for oid, co in opts.items():
                seen.setdefault(co.option.description.strip(), []).append((iid, d, oid))
    return {keys[0]: text for text, keys in seen.items() if len(keys) == 1 and len(text) > 20}


async def seal(client: Client, rng: random.Random, turn: int, marks: dict, *, free_every: int = 4) -> None:
    """Seal every move the seat owes, as a team would: an option, or sometimes a free-form action."""
    view = await client.view()
    for task in view["me"]["tasks"]:
        if not task["can_submit"]:
            continue
        tag = f"LEAK{turn}{client.viewer}{task['inject'].replace('-', '')}"
        open_ = [o for o in task["options"] if o["available"]]
        body = {"inject": task["inject"], "rationale": tag + "R", "turn": view["turn"]}
        if open_ and rng.randrange(free_every):
            body["option"] = rng.choice(open_)["id"]
        else:
            body["free"] = {"action": tag + "A", "argument": tag + "G"}
        status, data = await client.post("move", body)
        assert status == 200, data
        for text in (body["rationale"], *body.get("free", {}).values()):
            marks[text] = (turn, client.viewer, task["inject"], body.get("option"))


async def test_no_byte_reveals_a_sealed_move_early(tmp_path):
    cs = load_scenario(resolve_scenario("incubator-at-sea"))
    descriptions = unique_descriptions(cs)
    rng = random.Random(11)
    async with served(cs, tmp_path / "class.jsonl", seed=5) as server, aiohttp.ClientSession() as http:
        session = server.session
        clients = {v: Client(server, v, http) for v in server.viewers}
        assert len(clients) == 7  # five seats, the room, an observer
        for v, c in clients.items():
            await c.get(f"/{PAGE.get(v, 's')}/{c.token}")
            await c.connect()
        revealed_at: dict[int, int] = {}

        def on_events(events):
            for i, ev in enumerate(events):
                if ev["type"] == "moves-revealed":
                    revealed_at[ev["turn"]] = session.state.events - (len(events) - 1 - i)
        session.subscribe(on_events)

        marks: dict[str, tuple] = {}  # tag -> (turn, delegation, inject, option)
        never: dict[str, str] = {}  # text nobody but its owner (and Control) may ever receive -> owner
        driver = Driver("first", 5)
        while not session.state.ended:
            turn = session.state.turn
            session.set_timer(600)
            await asyncio.gather(*(seal(clients[d], rng, turn, marks) for d in cs.delegations))
            # one delegation rethinks: the withdrawn move must never reach anyone else, even later
            d = cs.delegations[turn % len(cs.delegations)]
            mine = [t for t, m in marks.items() if m[0] == turn and m[1] == d]
            if mine:
                inject = marks[mine[0]][2]
                assert (await clients[d].post("withdraw", {"inject": inject, "reason": "rethink", "turn": turn}))[0] == 200
                for text in [t for t, m in marks.items() if m[:3] == (turn, d, inject)]:
                    never[text] = d
                    del marks[text]
                tag = f"LEAK{turn}{d}{inject.replace('-', '')}"
                status, _ = await clients[d].post("move", {"inject": inject, "turn": turn, "rationale": tag + "S",
                                                           "free": {"action": tag + "T", "argument": tag + "U"}})
                assert status == 200
                marks[tag + "S"] = marks[tag + "T"] = marks[tag + "U"] = (turn, d, inject, None)
            # an observer's note: for observers and Control only
            note = f"OBSNOTE{turn}"
            assert (await clients["observer"].post("note", {"inject": session.state.active[0], "text": note}))[0] == 200
            never[note] = "observer"
            # hostile probes: their error bodies are captured too
            for c in clients.values():
                await c.post("move", {"inject": session.state.active[0], "option": "x", "turn": turn - 1})
                await c.get(f"/api/{c.token}/view")
            await asyncio.sleep(0.05)
            for c in clients.values():
                await c.drain()
            # Control reveals and adjudicates at the keyboard; the pages follow live
            while session.state.turn == turn and not session.state.ended:
                session.do(driver.next_command(session.state))
                await asyncio.sleep(0)
                if session.state.phase == "responses":
                    for c in clients.values():
                        await c.get(f"/api/{c.token}/view")
            await asyncio.sleep(0.05)
            for c in clients.values():
                await c.drain()

        assert len(revealed_at) == cs.scenario.turns.count
        sealed_desc = {}
        for tag, (turn, d, inject, option) in marks.items():
            if option is not None and (inject, d, option) in descriptions:
                sealed_desc[descriptions[(inject, d, option)]] = (turn, d)
        checked = 0
        for viewer, c in clients.items():
            own_seen = False
            for what, raw in c.received:
                text, version = normalised(raw)
                for tag, (turn, d, _inject, _option) in marks.items():
                    if tag not in text:
                        continue
                    if d == viewer:
                        own_seen = True
                        continue
                    assert version is not None and version >= revealed_at[turn], (
                        f"{viewer} received {d}'s sealed move ({tag}) before the reveal of turn {turn} in {what}")
                    checked += 1
                for secret, owner in never.items():
                    if owner != viewer and secret in text:
                        assert owner == "observer" and viewer == "observer", f"{viewer} received {secret} in {what}"
                for desc, (turn, d) in sealed_desc.items():
                    if d != viewer and desc in text:
                        assert version is not None and version >= revealed_at[turn], (
                            f"{viewer} received {d}'s sealed option before the reveal of turn {turn} in {what}")
            if viewer in cs.delegations:
                assert own_seen, f"{viewer} never saw its own sealed move (the test would prove nothing)"
        assert checked > 100, "revealed moves should reach every device after the reveal"
        # the pushes really carried the game to its end, on every device
        final = session.state.events
        for c in clients.values():
            pushes = [json.loads(raw) for what, raw in c.received if what == "WS"]
            if not pushes or pushes[-1]["version"] < final:
                await c.until(lambda m: m["version"] >= final)
