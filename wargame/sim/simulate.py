"""The Monte Carlo balance simulator: many automatic games in memory, one report.

Each game `i` gets its own seed and (for the `mixed` policy) its own policy, both derived from
(`seed`, `i`) alone, and each game is reduced to a small record. Records are aggregated in game
order, so the report is the same whether the games ran in one process or many (`jobs`), and
whatever the chunking. Games are played with the pure engine (`Game`) and the autoplay `Driver`;
nothing is logged.
"""

from __future__ import annotations

import hashlib
import math
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from wargame.sim.tally import Tally

#: the registered policies (wargame.sim.policies.POLICIES) and `mixed`: each game `first` or `random`
POLICIES = ("random", "first", "cautious", "cooperative", "greedy", "mixed")
MODES = ("rigid", "semi")



def game_seed(seed: int, i: int) -> int:
    digest = hashlib.sha256(f"wargame-simulate:{seed}:{i}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def game_policy(policy: str, seed: int, i: int) -> str:
    if policy != "mixed":
        return policy
    digest = hashlib.sha256(f"wargame-simulate-policy:{seed}:{i}".encode()).digest()
    return "first" if digest[0] % 2 == 0 else "random"


# ================================================================== playing

def play_one(cs, i: int, seed: int, policy: str, mode: str) -> tuple:
    """Play game `i` to the end and reduce it to a record (plain tuples, cheap to pickle)."""
    from wargame.engine.commands import StartGame
    from wargame.engine.game import Game
    from wargame.sim.autoplay import Driver, play_to_end

    gs, pol = game_seed(seed, i), game_policy(policy, seed, i)
    game = Game(cs)
    game.do(StartGame(seed=gs, mode=mode))
    play_to_end(game, Driver(pol, gs))
    st = game.state
    tracks = tuple(st.tracks[k] for k in cs.slots)
    assessment = tuple((d, a["score"], a["of"], tuple(ok for _id, ok, _w in a["objectives"]))
                       for d, a in (st.assessment or {}).items())
    fired = tuple(sorted(st.fired_injects))
    moves = tuple((m.inject, m.delegation, m.option, cs.is_success(m.outcome)) for m in st.past_moves)
    return (pol, tracks, assessment, fired, moves)


_CS = None


def _init_worker(path: str, display: str, ruleset_path: str, sha256: str) -> None:
    """Make the scenario available in a worker: inherited when the pool forks, else loaded again."""
    global _CS
    if _CS is not None and _CS.file == path and _CS.scenario_sha256 == sha256:
        return
    from wargame.scenario.load import load_scenario

    _CS = load_scenario(Path(path), display=display, ruleset_path=Path(ruleset_path))
    if _CS.scenario_sha256 != sha256:
        raise RuntimeError(f"{display} changed while the simulation was starting; run it again")


def _play_chunk(job: tuple) -> list[tuple]:
    start, stop, seed, policy, mode = job
    return [play_one(_CS, i, seed, policy, mode) for i in range(start, stop)]


def play_games(cs, games: int, seed: int, policy: str = "random", mode: str = "rigid", jobs: int = 1,
               progress: Callable[[int, int], None] | None = None) -> list[tuple]:
    """Records of games 0..games-1, in game order, as a list."""
    return list(iter_games(cs, games, seed, policy, mode, jobs, progress))


def iter_games(cs, games: int, seed: int, policy: str = "random", mode: str = "rigid", jobs: int = 1,
               progress: Callable[[int, int], None] | None = None) -> Iterator[tuple]:
    """Records of games 0..games-1, yielded in game order; `progress(done, total)` after every chunk."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r} (expected one of: {', '.join(POLICIES)})")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (expected one of: {', '.join(MODES)})")
    size = max(1, min(200, math.ceil(games / (8 * max(1, jobs)))))
    chunks = [(a, min(a + size, games), seed, policy, mode) for a in range(0, games, size)]
    done = 0
    if jobs <= 1 or len(chunks) <= 1:
        for start, stop, *_ in chunks:
            for i in range(start, stop):
                yield play_one(cs, i, seed, policy, mode)
            done = stop
            if progress:
                progress(done, games)
        return
    import multiprocessing

    global _CS
    _CS = cs  # a forked worker inherits the compiled scenario and skips loading it
    with multiprocessing.get_context().Pool(jobs, initializer=_init_worker,
                                            initargs=(cs.file, cs.path, cs.ruleset_path, cs.scenario_sha256)) as pool:
        for part in pool.imap(_play_chunk, chunks):  # imap keeps chunk order: results stay in game order
            yield from part
            done += len(part)
            if progress:
                progress(done, games)


# ================================================================== the report

def aggregate(cs, records, *, seed: int, policy: str, mode: str) -> dict[str, Any]:
    """The report over game records (any iterable: each is folded in and dropped)."""
    tally = Tally(cs)
    for r in records:
        tally.add(r)
    return tally.report(seed=seed, policy=policy, mode=mode)
def simulate(cs, games: int, seed: int = 1, policy: str = "random", mode: str = "rigid", jobs: int = 1,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Play `games` automatic games of the compiled scenario `cs` and report on them."""
    t0 = time.perf_counter()
    tally = Tally(cs)
    for record in iter_games(cs, games, seed, policy, mode, jobs, progress):
        tally.add(record)  # aggregated as games finish: memory does not grow with `games`
    elapsed = time.perf_counter() - t0
    report = tally.report(seed=seed, policy=policy, mode=mode)
    report["throughput"] = {"jobs": jobs, "seconds": round(elapsed, 3),
                            "games_per_second": round(games / elapsed, 1) if elapsed > 0 else None}
    return report


# ================================================================== text

def format_text(report: dict[str, Any]) -> str:
    from wargame.sim.text import format_report

    return format_report(report)
