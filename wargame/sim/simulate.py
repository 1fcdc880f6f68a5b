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

from wargame.sim.stats import LEVEL, REPLICATION, games_needed, mean_interval, mean_se, settled, wilson, z_value

#: the registered policies (wargame.sim.policies.POLICIES) and `mixed`: each game `first` or `random`
POLICIES = ("random", "first", "cautious", "cooperative", "greedy", "mixed")
MODES = ("rigid", "semi")

#: A gap in mean objective score (0..1) worth settling: smaller gaps are not reported as undecided.
MARGIN = 0.10
#: Options picked fewer times than this in a report are not compared (too few games to judge).
MIN_PICKS = 10
#: A track "saturates" when at least this share of games ends at its minimum or maximum.
SATURATION = 0.25


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
def _quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile of sorted values."""
    return values[max(0, math.ceil(q * len(values)) - 1)]


def _r(x: float | None, digits: int = 4):
    if x is None:
        return None
    x = round(x, digits)
    return int(x) if float(x).is_integer() else x


def aggregate(cs, records: list[tuple], *, seed: int, policy: str, mode: str) -> dict[str, Any]:
    n = len(records)
    keys = list(cs.slots)
    report: dict[str, Any] = {"scenario": cs.id, "title": cs.scenario.title, "games": n, "seed": seed,
                              "policy": policy, "mode": mode}
    report["policies"] = {p: sum(1 for r in records if r[0] == p) for p in sorted({r[0] for r in records})}

    # -- tracks
    tracks = {}
    for j, key in enumerate(keys):
        slot = cs.slots[key]
        vals = sorted(r[1][j] for r in records)
        at_min = sum(1 for v in vals if v <= slot.min) / n
        at_max = sum(1 for v in vals if v >= slot.max) / n
        tracks[key] = {"label": slot.label, "min": slot.min, "max": slot.max, "start": slot.start,
                       "mean": _r(sum(vals) / n), "p10": _r(_quantile(vals, 0.1)), "p50": _r(_quantile(vals, 0.5)),
                       "p90": _r(_quantile(vals, 0.9)), "at_min": _r(at_min), "at_max": _r(at_max)}
    report["tracks"] = tracks
    report["saturating"] = [k for k, t in tracks.items() if t["at_min"] >= SATURATION or t["at_max"] >= SATURATION]

    # -- objectives
    scores: dict[str, list[float]] = {d: [] for d in cs.objectives}
    met: dict[str, list[int]] = {d: [0] * len(objs) for d, objs in cs.objectives.items()}
    per_game_score: list[dict[str, float]] = []
    for r in records:
        g = {}
        for d, score, of, bits in r[2]:
            s = score / of if of else 0.0
            scores[d].append(s)
            g[d] = s
            for k, ok in enumerate(bits):
                met[d][k] += bool(ok)
        per_game_score.append(g)
    report["objectives"] = {
        d: {"mean_score": _r(sum(scores[d]) / n) if scores[d] else None,
            "met": {o.id: _r(met[d][k] / n) for k, (o, _c) in enumerate(objs)}}
        for d, objs in cs.objectives.items()}

    # -- injects
    reached = {iid: 0 for iid in cs.injects}
    for r in records:
        for iid in r[3]:
            reached[iid] += 1
    report["injects"] = {iid: {"reached": _r(c / n), "games": c} for iid, c in reached.items()}

    # -- options
    moves: dict[tuple[str, str], int] = {}
    picks: dict[tuple[str, str, str | None], list] = {}
    for g, r in enumerate(records):
        for iid, d, oid, ok in r[4]:
            moves[(iid, d)] = moves.get((iid, d), 0) + 1
            entry = picks.setdefault((iid, d, oid), [0, 0, []])
            entry[0] += 1
            entry[1] += bool(ok)
            if d in per_game_score[g]:
                entry[2].append(per_game_score[g][d])
    options: dict[str, dict] = {}
    for iid, ci in cs.injects.items():
        per_del = {}
        for d in ci.to:
            total = moves.get((iid, d), 0)
            rows = {}
            for oid in [*ci.options.get(d, {}), None]:
                p = picks.get((iid, d, oid), [0, 0, []])
                if oid is None and not p[0]:
                    continue
                ok_ci = wilson(p[1], p[0])
                score_ci = mean_interval(p[2]) if p[2] else None
                rows[oid or "(free-form)"] = {
                    "picks": p[0], "picked": _r(p[0] / total) if total else 0,
                    "success": _r(p[1] / p[0]) if p[0] else None,
                    "success_ci": [_r(ok_ci[0]), _r(ok_ci[1])] if ok_ci else None,
                    "score": _r(score_ci[0]) if score_ci else None,
                    "score_ci": [_r(max(0.0, score_ci[1])), _r(min(1.0, score_ci[2]))] if score_ci else None}
            per_del[d] = {"moves": total, "options": rows}
        options[iid] = per_del
    report["options"] = options
    report.update(_dominance(cs, picks, n))
    return report


def _dominance(cs, picks: dict, games: int) -> dict[str, Any]:
    """Dominant, dominated and undecided options, each verdict backed by a confidence interval.

    For every inject and delegation, every pair of options picked at least MIN_PICKS times is
    compared by the interval of the difference of the delegation's mean objective score in games
    where each was picked. The level is 95% for the report as a whole (Bonferroni over all the
    pairs compared). An option is *dominated* when another beats it by a settled difference (the
    interval clears zero with room to spare, `stats.settled`: a rerun would repeat it), and
    *dominant* when it beats every other so. A pair not settled whose interval is clear of zero or
    reaches a gap of MARGIN is *undecided*, with about how many games would settle it either way
    (so an option one seed calls dominated is, at worst, undecided under another seed).
    """
    groups = []
    for iid, ci in cs.injects.items():
        for d, opts in ci.options.items():
            stats = []
            for oid in opts:
                p = picks.get((iid, d, oid))
                if p and len(p[2]) >= MIN_PICKS:
                    stats.append((oid, *mean_se(p[2])))
            if len(stats) >= 2:
                groups.append((iid, d, stats))
    comparisons = sum(len(s) * (len(s) - 1) // 2 for _i, _d, s in groups)
    z = z_value(LEVEL, comparisons)
    dominant, dominated, undecided = [], [], []

    def diff(a, b) -> tuple[float, float, float]:
        """b - a: (difference, lower end, upper end)."""
        dv, se = b[1] - a[1], math.hypot(a[2], b[2])
        return dv, dv - z * se, dv + z * se

    def settles(a, b) -> bool:
        """b is better than a, settled."""
        dv, se = b[1] - a[1], math.hypot(a[2], b[2])
        return dv > 0 and settled(dv, se, z)

    for iid, d, stats in groups:
        for k, a in enumerate(stats):
            others = [b for b in stats if b is not a]
            if all(settles(b, a) for b in others):
                best = max(others, key=lambda b: b[1])
                dv, lo, hi = diff(best, a)
                dominant.append({"inject": iid, "delegation": d, "option": a[0], "score": _r(a[1]),
                                 "next": best[0], "next_score": _r(best[1]), "margin": _r(dv),
                                 "interval": [_r(lo), _r(hi)]})
            better = [b for b in others if settles(a, b)]
            if better:
                b = max(better, key=lambda x: x[1])
                dv, lo, hi = diff(a, b)
                dominated.append({"inject": iid, "delegation": d, "option": a[0], "score": _r(a[1]),
                                  "by": b[0], "by_score": _r(b[1]), "margin": _r(dv), "interval": [_r(lo), _r(hi)]})
            for b in stats[k + 1:]:
                dv, lo, hi = diff(a, b)
                se = math.hypot(a[2], b[2])
                # undecided: not settled, and the interval reaches a gap worth reporting (or is significant)
                significant = lo > 0 or hi < 0
                if settled(dv, se, z) or not (significant or max(abs(lo), abs(hi)) >= MARGIN):
                    continue
                hi_opt, lo_opt = (b, a) if dv > 0 else (a, b)
                undecided.append({"inject": iid, "delegation": d, "option": hi_opt[0], "score": _r(hi_opt[1]),
                                  "versus": lo_opt[0], "versus_score": _r(lo_opt[1]), "margin": _r(abs(dv)),
                                  "interval": [_r(lo), _r(hi)] if dv > 0 else [_r(-hi), _r(-lo)],
                                  "games_needed": games_needed(games, dv, se, z, MARGIN)})
    undecided.sort(key=lambda u: (u["games_needed"], u["inject"], u["delegation"], u["option"], u["versus"]))
    needed = max((u["games_needed"] for u in undecided), default=None)
    return {"dominant": dominant, "dominated": dominated, "undecided": undecided,
            "confidence": {"level": LEVEL, "comparisons": comparisons, "z": _r(z, 3), "min_picks": MIN_PICKS,
                           "margin": MARGIN, "replication": _r(REPLICATION, 3)},
            "games_needed": needed,
            "games_needed_median": undecided[(len(undecided) - 1) // 2]["games_needed"] if undecided else None}


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
