"""Cross-game statistics: choices, outcomes, final tracks, objectives and divergence over many logs.

Games are grouped by scenario id and content hash (a changed scenario file is a different version:
its games are reported separately, with a warning). Each game is folded into the accumulators as
soon as it is read, so memory stays flat however many logs are given.

Divergence: for each inject and delegation reached in at least two games, the share of game pairs
in which the delegation chose differently (0: every game made the same choice; near 1: every game
differed); the mean over those cells, and the number of distinct inject sequences (which injects
fired in which turn).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import attrs

from wargame.report.model import GameReport

FREE = "(free-form)"


@attrs.define
class Cell:
    """One inject x delegation: choice -> outcome counts, and how many games reached it."""

    games: int = 0
    choices: dict[str, Counter] = attrs.field(factory=dict)

    def add(self, choice: str, outcome: str | None) -> None:
        self.choices.setdefault(choice, Counter())[outcome or "unresolved"] += 1

    @property
    def moves(self) -> int:
        return sum(sum(c.values()) for c in self.choices.values())

    def differing_share(self) -> float | None:
        """Share of game pairs with different choices (without replacement); None under two games."""
        n = self.moves
        if n < 2:
            return None
        same = sum(k * (k - 1) for k in (sum(c.values()) for c in self.choices.values()))
        return 1 - same / (n * (n - 1))


@attrs.define
class Group:
    scenario: str
    sha256: str
    title: str
    cs: object  # the CompiledScenario of the first game (labels, outcome levels, tracks)
    games: int = 0
    ended: int = 0
    seeds: list = attrs.field(factory=list)
    modes: Counter = attrs.field(factory=Counter)
    cells: dict[tuple[str, str], Cell] = attrs.field(factory=dict)
    reached: Counter = attrs.field(factory=Counter)  # inject -> games it fired in
    finals: dict[str, list[float]] = attrs.field(factory=lambda: defaultdict(list))
    objectives: dict[tuple[str, str], list[int]] = attrs.field(factory=dict)  # (del, obj) -> [met, games]
    scores: dict[str, list[float]] = attrs.field(factory=lambda: defaultdict(list))
    sequences: Counter = attrs.field(factory=Counter)
    overrides: int = 0
    moves: int = 0

    def add(self, r: GameReport) -> None:
        self.games += 1
        self.seeds.append(r.seed)
        self.modes[r.mode] += 1
        seq = []
        for t in r.turns:
            seq.append((t.number, tuple(t.injects)))
            for iid in t.injects:
                self.reached[iid] += 1
                ci = self.cs.injects.get(iid)
                for d in (ci.to if ci is not None else ()):
                    self.cells.setdefault((iid, d), Cell()).games += 1
            for m in t.moves:
                if not m.resolved:
                    continue
                self.moves += 1
                self.overrides += m.overridden
                self.cells.setdefault((m.inject, m.delegation), Cell()).add(m.option or FREE, m.outcome)
        self.sequences[tuple(seq)] += 1
        if not r.ended:
            return
        self.ended += 1
        for k, v in r.tracks.items():
            self.finals[k].append(v)
        for d, a in (r.assessment or {}).items():
            for oid, ok, _w in a.get("objectives", []):
                row = self.objectives.setdefault((d, oid), [0, 0])
                row[0] += bool(ok)
                row[1] += 1
            if a.get("of"):
                self.scores[d].append(a.get("score", 0) / a["of"])

    # ---------------------------------------------------------- derived figures
    def mean_divergence(self) -> tuple[float | None, int]:
        vals = [v for v in (c.differing_share() for c in self.cells.values()) if v is not None]
        return (sum(vals) / len(vals) if vals else None), len(vals)

    def track_summary(self, key: str) -> dict | None:
        vals = sorted(self.finals.get(key, []))
        if not vals:
            return None
        slot = self.cs.slots.get(key)
        n = len(vals)
        mid = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
        sat = sum(1 for v in vals if slot is not None and v in (slot.min, slot.max)) / n
        return {"n": n, "mean": sum(vals) / n, "min": vals[0], "p50": mid, "max": vals[-1], "saturation_share": sat,
                "at_min_share": sum(1 for v in vals if slot is not None and v == slot.min) / n,
                "at_max_share": sum(1 for v in vals if slot is not None and v == slot.max) / n}


@attrs.define
class Stats:
    groups: dict[tuple[str, str], Group] = attrs.field(factory=dict)
    used: int = 0
    skipped: list[str] = attrs.field(factory=list)

    def add(self, r: GameReport) -> None:
        key = (r.scenario_id, r.scenario_sha256)
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = Group(r.scenario_id, r.scenario_sha256, r.title, r.cs)
        g.add(r)
        self.used += 1

    def version_warnings(self) -> list[str]:
        by_id: dict[str, list[Group]] = defaultdict(list)
        for g in self.groups.values():
            by_id[g.scenario].append(g)
        out = []
        for sid, gs in by_id.items():
            if len(gs) > 1:
                parts = ", ".join(f"{g.sha256[:12]} ({g.games} game(s))" for g in gs)
                out.append(f"scenario '{sid}' was played in {len(gs)} different versions: {parts}; "
                           f"each version is reported separately")
        return out


# ====================================================================== text tables

def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _num(x: float) -> str:
    return f"{x:.1f}" if isinstance(x, float) and not x.is_integer() else f"{x:g}"


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _short_labels(labels: list[str], n: int) -> list[str]:
    """Column heads: the label if it fits, else its first word when that is unique, else cut."""
    firsts = [lb.split()[0] if lb.split() else lb for lb in labels]
    out = []
    for lb, first in zip(labels, firsts):
        if len(lb) <= n:
            out.append(lb)
        elif firsts.count(first) == 1 and len(first) <= n:
            out.append(first)
        else:
            out.append(_cut(lb, n))
    return out


def _option_label(cs, inject: str, delegation: str, choice: str) -> str:
    if choice == FREE:
        return "free-form action"
    ci = cs.injects.get(inject)
    co = ci.options.get(delegation, {}).get(choice) if ci else None
    return co.option.label if co else choice


def _choices(g: Group, inject: str, delegation: str) -> list[tuple[str, Counter]]:
    """Every option of the cell, most chosen first, options never chosen last (with empty counts)."""
    cell = g.cells[(inject, delegation)]
    chosen = sorted(cell.choices.items(), key=lambda kv: -sum(kv[1].values()))
    ci = g.cs.injects.get(inject)
    never = [(o, Counter()) for o in (ci.options.get(delegation, {}) if ci else {}) if o not in cell.choices]
    return chosen + never


def _ordered_cells(g: Group) -> list[tuple[str, list[str]]]:
    """Injects in scenario order, each with its delegations in scenario order."""
    order = {i: n for n, i in enumerate(g.cs.injects)}
    dels = {d: n for n, d in enumerate(g.cs.delegations)}
    injects = sorted({i for i, _d in g.cells}, key=lambda i: order.get(i, 1_000_000))
    return [(i, sorted((d for j, d in g.cells if j == i), key=lambda d: dels.get(d, 99))) for i in injects]


def format_text(stats: Stats, width: int = 96) -> str:
    out: list[str] = []
    for g in stats.groups.values():
        cs = g.cs
        levels = [o.id for o in cs.outcomes]
        labels = {o.id: o.label for o in cs.outcomes}
        seeds = sorted(s for s in g.seeds if isinstance(s, int))
        seed_text = f"seeds {seeds[0]}..{seeds[-1]}" if seeds else "seeds ?"
        modes = ", ".join(f"{m} x{n}" for m, n in g.modes.items())
        out += ["=" * width, _cut(g.title, width), f"scenario {g.scenario}, version {g.sha256[:12]}",
                f"{g.games} game(s), {g.ended} ended; {seed_text}; mode {modes}; {g.moves} moves, "
                f"{g.overrides} overridden", "=" * width, ""]

        out += ["CHOICES AND OUTCOMES per inject and delegation", ""]
        abbrev = _short_labels([labels[lv] for lv in levels], 7)
        name_w = 34
        head = f"    {'':<4} {'option':<{name_w}} {'n':>4} {'share':>6}" + "".join(f" {a:>7}" for a in abbrev) + \
               f" {'success':>8}"
        for iid, dels in _ordered_cells(g):
            ci = cs.injects.get(iid)
            title = ci.inject.title if ci else iid
            tail = f" (reached in {g.reached[iid]} of {g.games} games)"
            out.append(f"  {iid} — " + _cut(title, max(10, width - len(iid) - 5 - len(tail))) + tail)
            out.append(head)
            for d in dels:
                cell = g.cells[(iid, d)]
                n = cell.moves
                first = True
                for choice, counts in _choices(g, iid, d):
                    k = sum(counts.values())
                    succ = sum(v for lv, v in counts.items() if cs.is_success(lv)) / k if k else None
                    row = (f"    {d if first else '':<4} {_cut(_option_label(cs, iid, d, choice), name_w):<{name_w}} "
                           f"{k:>4} {_pct(k / n if n else None):>6}"
                           + "".join(f" {counts.get(lv, 0):>7}" for lv in levels) + f" {_pct(succ):>8}")
                    out.append(row)
                    first = False
                div = cell.differing_share()
                out.append(f"    {'':<4} (pairs of games choosing differently: {_pct(div)})")
            out.append("")

        out += ["FINAL TRACKS" + (f" (over {g.ended} ended game(s))" if g.ended else " (no game ended)"), ""]
        if g.ended:
            out.append(f"  {'track':<40} {'mean':>6} {'min':>5} {'p50':>5} {'max':>5} {'at limit':>9} {'range':>8}")
            for key, slot in cs.slots.items():
                t = g.track_summary(key)
                if t is None:
                    continue
                out.append(f"  {_cut(slot.label, 40):<40} {t['mean']:>6.2f} {_num(t['min']):>5} {_num(t['p50']):>5} "
                           f"{_num(t['max']):>5} {_pct(t['saturation_share']):>9} {f'{slot.min}–{slot.max}':>8}")
        out.append("")

        out += ["OBJECTIVES MET" + (f" (over {g.ended} ended game(s))" if g.ended else " (no game ended)"), ""]
        if g.objectives:
            texts = {(d, o.id): o.text for d, objs in cs.objectives.items() for o, _c in objs}
            out.append(f"  {'del':<4} {'objective':<62} {'met':>9} {'rate':>6}")
            for (d, oid), (met, n) in g.objectives.items():
                out.append(f"  {d:<4} {_cut(texts.get((d, oid), oid), 62):<62} {f'{met}/{n}':>9} {_pct(met / n):>6}")
            out.append("")
            out.append("  mean weighted score: " + ", ".join(
                f"{d} {_pct(sum(v) / len(v))}" for d, v in g.scores.items() if v))
        out.append("")

        mean, cells = g.mean_divergence()
        out += ["DIVERGENCE", "",
                f"  game pairs choosing differently: {_pct(mean)} on average "
                f"({cells} inject/delegation cells reached in 2+ games)",
                f"  distinct inject sequences: {len(g.sequences)} in {g.games} game(s)"]
        if len(g.sequences) > 1:
            common, n = g.sequences.most_common(1)[0]
            out.append(f"  most common sequence ({n} game(s)): " + _cut(
                " | ".join(f"T{t}: {', '.join(i) or '-'}" for t, i in common), width - 40))
        out.append("")
    return "\n".join(out)


# ====================================================================== long-form CSV

CSV_FIELDS = ("scenario", "scenario_sha256", "section", "inject", "delegation", "item", "level", "statistic", "value")


def long_rows(stats: Stats) -> list[dict]:
    rows: list[dict] = []
    for g in stats.groups.values():
        cs = g.cs

        def row(section, statistic, value, inject="", delegation="", item="", level=""):
            rows.append({"scenario": g.scenario, "scenario_sha256": g.sha256, "section": section, "inject": inject,
                         "delegation": delegation, "item": item, "level": level, "statistic": statistic,
                         "value": value})

        row("games", "games", g.games)
        row("games", "ended", g.ended)
        row("games", "moves", g.moves)
        row("games", "overridden", g.overrides)
        for iid in cs.injects:
            if g.reached[iid]:
                row("inject", "reached", g.reached[iid], inject=iid)
                row("inject", "reach_rate", round(g.reached[iid] / g.games, 6), inject=iid)
        for iid, dels in _ordered_cells(g):
            for d in dels:
                cell = g.cells[(iid, d)]
                n = cell.moves
                row("choice", "moves", n, iid, d)
                div = cell.differing_share()
                if div is not None:
                    row("divergence", "pairwise_differing_share", round(div, 6), iid, d)
                for choice, counts in _choices(g, iid, d):
                    k = sum(counts.values())
                    row("choice", "count", k, iid, d, choice)
                    row("choice", "share", round(k / n, 6) if n else "", iid, d, choice)
                    succ = sum(v for lv, v in counts.items() if cs.is_success(lv))
                    row("choice", "success_rate", round(succ / k, 6) if k else "", iid, d, choice)
                    for lv in [o.id for o in cs.outcomes] + (["unresolved"] if counts.get("unresolved") else []):
                        row("outcome", "count", counts.get(lv, 0), iid, d, choice, lv)
                        row("outcome", "share", round(counts.get(lv, 0) / k, 6) if k else "", iid, d, choice, lv)
        for key in cs.slots:
            t = g.track_summary(key)
            if t is not None:
                for stat in ("n", "mean", "min", "p50", "max", "saturation_share", "at_min_share", "at_max_share"):
                    v = t[stat]
                    row("track", stat, round(v, 6) if isinstance(v, float) else v, item=key)
        for (d, oid), (met, n) in g.objectives.items():
            row("objective", "met", met, delegation=d, item=oid)
            row("objective", "games", n, delegation=d, item=oid)
            row("objective", "rate", round(met / n, 6), delegation=d, item=oid)
        mean, cells = g.mean_divergence()
        if mean is not None:
            row("divergence", "mean_pairwise_differing_share", round(mean, 6))
            row("divergence", "cells", cells)
        row("divergence", "distinct_inject_sequences", len(g.sequences))
    return rows
