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
from typing import Any, Callable

POLICIES = ("random", "first", "mixed")
MODES = ("rigid", "semi")

#: A mean objective score gap (scores normalised to 0..1) an option must clear to dominate or be dominated.
MARGIN = 0.10
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
    """Records of games 0..games-1, in game order; `progress(done, total)` after every chunk."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r} (expected one of: {', '.join(POLICIES)})")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (expected one of: {', '.join(MODES)})")
    size = max(1, min(200, math.ceil(games / (8 * max(1, jobs)))))
    chunks = [(a, min(a + size, games), seed, policy, mode) for a in range(0, games, size)]
    records: list[tuple] = []
    if jobs <= 1 or len(chunks) <= 1:
        for start, stop, *_ in chunks:
            records += [play_one(cs, i, seed, policy, mode) for i in range(start, stop)]
            if progress:
                progress(len(records), games)
        return records
    import multiprocessing

    global _CS
    _CS = cs  # a forked worker inherits the compiled scenario and skips loading it
    with multiprocessing.get_context().Pool(jobs, initializer=_init_worker,
                                            initargs=(cs.file, cs.path, cs.ruleset_path, cs.scenario_sha256)) as pool:
        for part in pool.imap(_play_chunk, chunks):  # imap keeps chunk order: results stay in game order
            records += part
            if progress:
                progress(len(records), games)
    return records


# ================================================================== the report

def _quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile of sorted values."""
    return values[max(0, math.ceil(q * len(values)) - 1)]


def _r(x: float | None, digits: int = 4):
    if x is None:
        return None
    x = round(x, digits)
    return int(x) if float(x).is_integer() else x


def _mean_se(xs: list[float]) -> tuple[float, float]:
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    return m, math.sqrt(var / n)


def aggregate(cs, records: list[tuple], *, seed: int, policy: str, mode: str) -> dict[str, Any]:
    n = len(records)
    keys = list(cs.slots)
    report: dict[str, Any] = {"scenario": cs.id, "title": cs.scenario.title, "games": n, "seed": seed,
                              "policy": policy, "mode": mode}
    report["policies"] = {p: sum(1 for r in records if r[0] == p) for p in ("first", "random")}

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
                rows[oid or "(free-form)"] = {
                    "picks": p[0], "picked": _r(p[0] / total) if total else 0,
                    "success": _r(p[1] / p[0]) if p[0] else None,
                    "score": _r(sum(p[2]) / len(p[2])) if p[2] else None}
            per_del[d] = {"moves": total, "options": rows}
        options[iid] = per_del
    report["options"] = options
    report["dominant"], report["dominated"] = _dominance(cs, picks, n)
    return report


def _dominance(cs, picks: dict, games: int) -> tuple[list[dict], list[dict]]:
    """Options whose delegation's mean objective score is best (or beaten) by a clear margin.

    Clear: at least MARGIN apart and more than two standard errors of the difference, among
    options picked often enough to judge (at least 10 times and 2% of games).
    """
    floor = max(10, math.ceil(games * 0.02))
    dominant, dominated = [], []
    for iid, ci in cs.injects.items():
        for d, opts in ci.options.items():
            stats = []
            for oid in opts:
                p = picks.get((iid, d, oid))
                if p and len(p[2]) >= floor:
                    stats.append((oid, *_mean_se(p[2])))
            if len(stats) < 2:
                continue

            def clear(a, b) -> bool:
                return a[1] - b[1] >= MARGIN and a[1] - b[1] > 2 * math.hypot(a[2], b[2])

            for a in stats:
                others = [b for b in stats if b is not a]
                if all(clear(a, b) for b in others):
                    best_other = max(others, key=lambda b: b[1])
                    dominant.append({"inject": iid, "delegation": d, "option": a[0], "score": _r(a[1]),
                                     "next": best_other[0], "next_score": _r(best_other[1]),
                                     "margin": _r(a[1] - best_other[1])})
                better = [b for b in others if clear(b, a)]
                if better:
                    b = max(better, key=lambda x: x[1])
                    dominated.append({"inject": iid, "delegation": d, "option": a[0], "score": _r(a[1]),
                                      "by": b[0], "by_score": _r(b[1]), "margin": _r(b[1] - a[1])})
    return dominant, dominated


def simulate(cs, games: int, seed: int = 1, policy: str = "random", mode: str = "rigid", jobs: int = 1,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Play `games` automatic games of the compiled scenario `cs` and report on them."""
    t0 = time.perf_counter()
    records = play_games(cs, games, seed, policy, mode, jobs, progress)
    elapsed = time.perf_counter() - t0
    report = aggregate(cs, records, seed=seed, policy=policy, mode=mode)
    report["throughput"] = {"jobs": jobs, "seconds": round(elapsed, 3),
                            "games_per_second": round(games / elapsed, 1) if elapsed > 0 else None}
    return report


# ================================================================== text

def format_text(report: dict[str, Any]) -> str:
    from wargame.model.scenario import DELEGATION_NAMES

    def pct(x) -> str:
        return "   -" if x is None else f"{100 * x:3.0f}%"

    out = [f"{report['title']} — {report['games']} games, seed {report['seed']}, {report['policy']} policy"
           + (f" ({report['policies']['first']} first, {report['policies']['random']} random)"
              if report["policy"] == "mixed" else "")
           + f", {report['mode']} adjudication", ""]
    out.append("Final tracks                              mean   p10   p50   p90  at min  at max")
    for key, t in report["tracks"].items():
        flag = "  <- saturates" if key in report["saturating"] else ""
        label = t["label"] if len(t["label"]) <= 36 else t["label"][:35] + "…"
        out.append(f"  {label:<36} {t['mean']:>6.2f} {t['p10']:>5g} {t['p50']:>5g} {t['p90']:>5g}  "
                   f"{pct(t['at_min'])}    {pct(t['at_max'])}{flag}")
    out += ["", "Objectives met                 (mean score as a share of the delegation's total weight)"]
    for d, o in report["objectives"].items():
        met = ", ".join(f"{oid} {pct(r).strip()}" for oid, r in o["met"].items()) or "no objectives"
        out.append(f"  {DELEGATION_NAMES.get(d, d):<18} {pct(o['mean_score'])}   {met}")
    out += ["", "Injects reached"]
    for iid, r in report["injects"].items():
        out.append(f"  {iid:<36} {pct(r['reached'])}")
    out += ["", "Options (share of the delegation's moves on the inject / success rate / mean objective score)"]
    for iid, per_del in report["options"].items():
        for d, row in per_del.items():
            if not row["moves"]:
                continue
            cells = "; ".join(f"{oid} {pct(s['picked']).strip()}/{pct(s['success']).strip()}/"
                              f"{pct(s['score']).strip()}" for oid, s in row["options"].items())
            out.append(f"  {iid} {d}: {cells}")
    out += ["", "Dominant options (best mean objective score by a clear margin)"]
    out += [f"  {x['inject']} {x['delegation']}: {x['option']} {pct(x['score']).strip()} vs {x['next']} "
            f"{pct(x['next_score']).strip()}" for x in report["dominant"]] or ["  none"]
    out += ["", "Dominated options (another option scores clearly better)"]
    out += [f"  {x['inject']} {x['delegation']}: {x['option']} {pct(x['score']).strip()} < {x['by']} "
            f"{pct(x['by_score']).strip()}" for x in report["dominated"]] or ["  none"]
    out += ["", "Saturating tracks (at least 25% of games end at the minimum or maximum)"]
    out += [f"  {report['tracks'][k]['label']}" for k in report["saturating"]] or ["  none"]
    th = report.get("throughput")
    if th:
        rate = th["games_per_second"]
        out += ["", f"Throughput: {report['games']} games in {th['seconds']:.2f} s = "
                    f"{rate if rate is not None else '-'} games/s with {th['jobs']} process(es)"]
    return "\n".join(out)
