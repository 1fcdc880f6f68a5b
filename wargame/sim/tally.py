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

#: A mean objective score gap (scores normalised to 0..1) an option must clear to dominate or be dominated.
MARGIN = 0.10
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
                    rows[oid or "(free-form)"] = {
                        "picks": p[0], "picked": _r(p[0] / total) if total else 0,
                        "success": _r(p[1] / p[0]) if p[0] else None,
                        "score": _r(scores.total / scores.n) if scores.n else None}
                per_del[d] = {"moves": total, "options": rows}
            options[iid] = per_del
        report["options"] = options
        report["dominant"], report["dominated"] = _dominance(cs, self.picks, n)
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
                if p and p[2].n >= floor:
                    stats.append((oid, *p[2].mean_se()))
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
