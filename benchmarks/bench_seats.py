"""Seat server under a class's load: 5 seats, the room page and 30 observers on loopback.

The server and Control run in a child process (as on Control's laptop); this process plays the
devices. Every seat seals, withdraws and re-seals each move concurrently with the others through a
whole automatic game of incubator-at-sea, fsync on (each move sealed and withdrawn RETHINKS
times, then sealed for good). Figures: submit-to-acknowledge latency (p50,
p99) against one fsynced log append measured in the same run, and records lost or duplicated
(acknowledged requests missing from the log, or logged twice: both must be 0).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.util import ROOT, line

OBSERVERS = 30
#: Each seat seals and withdraws each move this many times before its final seal.
RETHINKS = 3
SCENARIO = "incubator-at-sea"


# ---------------------------------------------------------------- the child: server and Control
async def _serve(log: Path) -> None:
    from wargame.scenario.load import load_scenario, resolve_scenario
    from wargame.seats.server import SeatServer
    from wargame.session import Session
    from wargame.sim.autoplay import Driver

    session = Session.new(load_scenario(resolve_scenario(SCENARIO)), log, seed=1, fsync=True)
    server = SeatServer(session, "127.0.0.1", 0)
    await server.start()
    driver = Driver("first", 1)
    done = asyncio.Event()

    def control(_events=None) -> None:
        # Control reveals once every table has sealed its final move, then adjudicates at the
        # keyboard to the next turn (as fast as a Control who accepts every proposal).
        st = session.state
        if st.ended:
            done.set()
            return
        if st.phase != "deliberation" or st.pending_moves():
            return
        if not all(m.rationale.endswith("final") for m in st.moves.values()):
            return
        # A person takes a moment to press the key; acknowledgements of the last seals go first.
        loop.call_later(0.05, _run_control)

    def _run_control() -> None:
        st = session.state
        if st.phase != "deliberation" or st.pending_moves():
            return
        turn = st.turn
        while not st.ended and (st.turn == turn or st.phase != "deliberation"):
            session.do(driver.next_command(st))
            if st.phase == "deliberation" and st.turn != turn:
                break

    loop = asyncio.get_running_loop()
    session.subscribe(control)
    print(server.port, flush=True)
    await done.wait()
    await asyncio.sleep(0.5)  # the last pushes go out
    await server.stop()
    session.close()


# ---------------------------------------------------------------- this process: the devices
class Stats:
    def __init__(self):
        self.latency: list[float] = []
        self.acked: dict[str, int] = {}  # unique text of an acknowledged request -> count
        self.refused = 0
        self.pushes = 0


async def _listen(http, url: str, stats: Stats, wake: asyncio.Event | None = None) -> None:
    import aiohttp

    async with http.ws_connect(url) as ws:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            stats.pushes += 1
            if wake is not None:
                wake.set()


async def _post(http, base: str, token: str, kind: str, body: dict, stats: Stats, key: str) -> bool:
    t = time.perf_counter()
    async with http.post(f"{base}/api/{token}/{kind}", json=body, headers={"Origin": base}) as r:
        await r.read()
        ok = r.status == 200
    if ok:
        stats.latency.append(time.perf_counter() - t)
        stats.acked[key] = stats.acked.get(key, 0) + 1
    else:
        stats.refused += 1
    return ok


async def _seat(http, base: str, d: str, token: str, stats: Stats, wake: asyncio.Event) -> None:
    n = 0
    while True:
        async with http.get(f"{base}/api/{token}/view") as r:
            view = await r.json()
        if view["phase"] == "ended":
            return
        todo = [t for t in view["me"]["tasks"] if t["can_submit"]]
        for task in todo:
            opts = [o["id"] for o in task["options"] if o["available"]]
            for attempt in [*(f"draft{i}" for i in range(RETHINKS)), "final"]:
                n += 1
                text = f"{d} move {n} on {task['inject']} {attempt}"
                body = {"inject": task["inject"], "rationale": text, "turn": view["turn"]}
                if opts:
                    body["option"] = opts[n % len(opts)]
                else:
                    body["free"] = {"action": f"{d} holds", "argument": "nothing else is open"}
                await _post(http, base, token, "move", body, stats, text)
                if attempt != "final":
                    n += 1
                    reason = f"{d} withdraws {n}"
                    await _post(http, base, token, "withdraw",
                                {"inject": task["inject"], "reason": reason, "turn": view["turn"]}, stats, reason)
        wake.clear()
        try:
            await asyncio.wait_for(wake.wait(), 2.0)
        except asyncio.TimeoutError:
            pass


async def _devices(base: str, tokens: dict, delegations: list[str], stats: Stats) -> float:
    import aiohttp

    conn = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=conn) as http:
        wakes = {d: asyncio.Event() for d in delegations}
        ws = base.replace("http:", "ws:")
        listeners = [asyncio.ensure_future(_listen(http, f"{ws}/ws/{tokens['room']}", stats))]
        listeners += [asyncio.ensure_future(_listen(http, f"{ws}/ws/{tokens['observer']}", stats))
                      for _ in range(OBSERVERS)]
        listeners += [asyncio.ensure_future(_listen(http, f"{ws}/ws/{tokens[d]}", stats, wakes[d]))
                      for d in delegations]
        await asyncio.sleep(2.0)  # every device has its first page: templates compiled, sockets open
        t = time.perf_counter()
        await asyncio.gather(*(_seat(http, base, d, tokens[d], stats, wakes[d]) for d in delegations))
        elapsed = time.perf_counter() - t
        await asyncio.wait(listeners, timeout=10)
        for task in listeners:
            task.cancel()
        return elapsed


def _fsync_append_baseline(d: Path) -> float:
    from wargame.log.writer import LogWriter

    w = LogWriter.create(d / "baseline.jsonl", fsync=True)
    times = []
    for i in range(200):
        t = time.perf_counter()
        w.append([{"type": "note-added", "turn": 1, "phase": "deliberation", "kind": "observation", "text": f"n{i}"}])
        times.append(time.perf_counter() - t)
    w.close()
    return statistics.median(times)


def _audit(log: Path, stats: Stats) -> tuple[int, int]:
    """(lost, duplicated): acknowledged submissions and withdrawals against the log's records."""
    from wargame.log.replay import replay

    res = replay(log)
    if not res.ok:
        raise RuntimeError(f"the benchmark's log does not verify: {res.problem}")
    logged: dict[str, int] = {}
    for raw in log.read_text().splitlines():
        r = json.loads(raw)
        key = r.get("rationale") if r["type"] == "move-submitted" else r.get("reason") if r["type"] == "move-reopened" else None
        if key is not None and r.get("by"):
            logged[key] = logged.get(key, 0) + 1
    lost = sum(1 for k in stats.acked if k not in logged)
    duplicated = sum(n - 1 for n in logged.values() if n > 1) + sum(1 for k in logged if k not in stats.acked)
    return lost, duplicated


def run() -> None:
    from wargame.scenario.load import load_scenario, resolve_scenario

    delegations = list(load_scenario(resolve_scenario(SCENARIO)).delegations)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        log = d / "class.jsonl"
        child = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_seats", "serve", str(log)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        try:
            port = int(child.stdout.readline())
            tokens = {v: e["token"] for v, e in
                      json.loads(Path(str(log) + ".seats.json").read_text())["seats"].items()}
            stats = Stats()
            elapsed = asyncio.run(_devices(f"http://127.0.0.1:{port}", tokens, delegations, stats))
            child.wait(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
        base = _fsync_append_baseline(d)
        lost, dup = _audit(log, stats)
    lat = sorted(stats.latency)
    p50 = statistics.median(lat)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    line(f"seats.submit_ack p50 ({len(lat)} requests, 5 seats + room + {OBSERVERS} observers, fsync on)",
         p50 * 1000, "ms", p50 / base, "one fsynced log append")
    line("seats.submit_ack p99", p99 * 1000, "ms", p99 / base, "one fsynced log append", "< 50 ms")
    line("seats.records_lost", lost, "records", None, "", "0")
    line("seats.records_duplicated", dup, "records", None, "", "0")
    line("seats.refused_requests", stats.refused, "requests")
    line("seats.pushes_received", stats.pushes, "WebSocket messages")
    line("seats.game_wall_time", elapsed, "s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        asyncio.run(_serve(Path(sys.argv[2])))
    else:
        run()
