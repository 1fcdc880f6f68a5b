"""Aggregating simulated games as they finish: memory stays flat whatever the number of games.

A game's record is folded into counters the moment it arrives and then dropped. Quantiles and
standard errors need the distribution, not the sequence, so final track values and objective
scores are counted by value (a few dozen distinct values, however many games). Sums whose
floating-point result depends on the order of addition are kept in the order the full lists
were summed before, so the report is the same as when every record was kept.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from wargame.sim.stats import LEVEL, REPLICATION, games_needed, settled, wilson, z_value

#: A gap in mean objective score (0..1) worth settling: smaller gaps are not reported as undecided.
MARGIN = 0.10
#: Options picked fewer times than this in a report are not compared (too few games to judge).
MIN_PICKS = 10
#: A track "saturates" when at least this share of games ends at its minimum or maximum.
SATURATION = 0.25


def _r(x: float | None, digits: int = 4):
    if x is None:
        return None
    x = round(x, digits)
    return int(x) if float(x).is_integer() else x


class _Values:
    """A multiset of numbers with the running sum in arrival order."""

    __slots__ = ("counts", "total", "n")

    def __init__(self):
        self.counts: Counter = Counter()
        self.total = 0
        self.n = 0

    def add(self, x) -> None:
        self.counts[x] += 1
        self.total += x
        self.n += 1

    def mean_se(self) -> tuple[float, float]:
        n = self.n
        m = self.total / n
        if n <= 1:
            return m, 0.0
        var = 0.0
        for x, c in self.counts.items():
            var += c * (x - m) ** 2
        return m, math.sqrt(var / (n - 1) / n)

    def interval(self, z: float | None = None) -> tuple[float, float, float]:
        """(mean, lo, hi) of the mean, normal approximation (as `stats.mean_interval`)."""
        z = z_value() if z is None else z
        m, se = self.mean_se()
        return m, m - z * se, m + z * se


class Tally:
    """Running aggregates of game records (see `simulate.play_one` for a record's shape)."""

    def __init__(self, cs):
        self.cs = cs
        self.n = 0
        self.keys = list(cs.slots)
        self.policies = {"first": 0, "random": 0}
        self.track_values = [Counter() for _ in self.keys]
        self.score_sum = {d: 0 for d in cs.objectives}
        self.score_n = {d: 0 for d in cs.objectives}
        self.met = {d: [0] * len(objs) for d, objs in cs.objectives.items()}
        self.reached = {iid: 0 for iid in cs.injects}
        self.moves: dict[tuple[str, str], int] = {}
        #: (inject, delegation, option) -> [picks, successes, the delegation's scores in those games]
        self.picks: dict[tuple, list] = {}

    def add(self, record: tuple) -> None:
        pol, tracks, assessment, fired, moves = record
        self.n += 1
        if pol in self.policies:
            self.policies[pol] += 1
        for j, v in enumerate(tracks):
            self.track_values[j][v] += 1
        game_score = {}
        for d, score, of, bits in assessment:
            s = score / of if of else 0.0
            self.score_sum[d] += s
            self.score_n[d] += 1
            game_score[d] = s
            met = self.met[d]
            for k, ok in enumerate(bits):
                met[k] += bool(ok)
        for iid in fired:
            self.reached[iid] += 1
        for iid, d, oid, ok in moves:
            self.moves[(iid, d)] = self.moves.get((iid, d), 0) + 1
            entry = self.picks.get((iid, d, oid))
            if entry is None:
                entry = self.picks[(iid, d, oid)] = [0, 0, _Values()]
            entry[0] += 1
            entry[1] += bool(ok)
            if d in game_score:
                entry[2].add(game_score[d])

    def report(self, *, seed: int, policy: str, mode: str) -> dict[str, Any]:
        cs, n = self.cs, self.n
        report: dict[str, Any] = {"scenario": cs.id, "title": cs.scenario.title, "games": n, "seed": seed,
                                  "policy": policy, "mode": mode}
        report["policies"] = dict(self.policies)
        tracks = {}
        for j, key in enumerate(self.keys):
            slot = cs.slots[key]
            tracks[key] = {"label": slot.label, "min": slot.min, "max": slot.max, "start": slot.start,
                           **_distribution(self.track_values[j], n, slot)}
        report["tracks"] = tracks
        report["saturating"] = [k for k, t in tracks.items()
                                if t["at_min"] >= SATURATION or t["at_max"] >= SATURATION]
        report["objectives"] = {
            d: {"mean_score": _r(self.score_sum[d] / n) if self.score_n[d] else None,
                "met": {o.id: _r(self.met[d][k] / n) for k, (o, _c) in enumerate(objs)}}
            for d, objs in cs.objectives.items()}
        report["injects"] = {iid: {"reached": _r(c / n), "games": c} for iid, c in self.reached.items()}
        options: dict[str, dict] = {}
        for iid, ci in cs.injects.items():
            per_del = {}
            for d in ci.to:
                total = self.moves.get((iid, d), 0)
                rows = {}
                for oid in [*ci.options.get(d, {}), None]:
                    p = self.picks.get((iid, d, oid))
                    if p is None:
                        if oid is None:
                            continue
                        p = [0, 0, _Values()]
                    scores = p[2]
                    ok_ci = wilson(p[1], p[0])
                    score_ci = scores.interval() if scores.n else None
                    rows[oid or "(free-form)"] = {
                        "picks": p[0], "picked": _r(p[0] / total) if total else 0,
                        "success": _r(p[1] / p[0]) if p[0] else None,
                        "success_ci": [_r(ok_ci[0]), _r(ok_ci[1])] if ok_ci else None,
                        "score": _r(score_ci[0]) if score_ci else None,
                        "score_ci": [_r(max(0.0, score_ci[1])), _r(min(1.0, score_ci[2]))] if score_ci else None}
                per_del[d] = {"moves": total, "options": rows}
            options[iid] = per_del
        report["options"] = options
        report.update(_dominance(cs, self.picks, n))
        return report


def _distribution(counts: Counter, n: int, slot) -> dict[str, Any]:
    """Mean, nearest-rank p10/p50/p90 and the shares at the bounds of final track values."""
    values = sorted(counts)
    total = 0
    for v in values:  # the sum of the sorted values, added one by one as `sum(sorted(list))` did
        c = counts[v]
        if isinstance(v, int) and isinstance(total, int):  # exact either way
            total += v * c
        else:
            for _ in range(c):
                total += v

    def quantile(q: float):
        rank = max(0, math.ceil(q * n) - 1)
        seen = 0
        for v in values:
            seen += counts[v]
            if seen > rank:
                return v
        return values[-1]

    at_min = sum(c for v, c in counts.items() if v <= slot.min) / n
    at_max = sum(c for v, c in counts.items() if v >= slot.max) / n
    return {"mean": _r(total / n), "p10": _r(quantile(0.1)), "p50": _r(quantile(0.5)), "p90": _r(quantile(0.9)),
            "at_min": _r(at_min), "at_max": _r(at_max)}


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
                if p and p[2].n >= MIN_PICKS:
                    stats.append((oid, *p[2].mean_se()))
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
