"""Odds, rolls and outcome levels: the arithmetic of adjudication, shown to the room as a breakdown."""

from __future__ import annotations

import functools

from wargame.engine.state import GameState

_M64 = (1 << 64) - 1
#: Named in every log header: replay can only re-derive rolls made by the same generator.
GENERATOR = "splitmix64-v1"


def mix64(x: int) -> int:
    """SplitMix64's finaliser: a well-spread 64-bit value from any integer, in a few operations."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def derived_roll(seed: int, index: int, sides: int) -> int:
    """The seeded generator's `index`-th roll.

    Each roll is a pure function of (seed, index), so replay and resume re-derive it without
    carrying generator state, and a recorded roll can be checked on its own.
    """
    return 1 + mix64(seed_base(seed & _M64) ^ index) % sides


#: A game rolls dozens of times with one seed: its first mixing step is computed once.
seed_base = functools.lru_cache(maxsize=256)(mix64)


def odds_breakdown(state: GameState, inject: str, delegation: str, option: str | None,
                   free_odds: float | None) -> tuple[float, list[list]]:
    """Probability of success and the lines that explain it: [label, amount]."""
    rules = state.cs.ruleset
    if option is None:
        base = free_odds if free_odds is not None else rules.free_action_odds
        lines = [["Odds set by Control for a free-form action", base]]
        total = base
    else:
        co = state.cs.injects[inject].options[delegation][option]
        lines = [["Base odds", co.option.odds]]
        total = co.option.odds
        for mod, cond in co.modifiers:
            if cond.evaluate(state):
                lines.append([mod.why, mod.add])
                total += mod.add
    lo, hi = rules.probability.min, rules.probability.max
    bounded = min(max(total, lo), hi)
    if abs(bounded - total) > 1e-12:
        lines.append([f"Kept within {lo:.0%}..{hi:.0%}", round(bounded - total, 6)])
    return round(bounded, 6), lines


class _RollContext:
    __slots__ = ("roll", "target", "turn")

    def __init__(self, roll: int, target: int):
        self.roll, self.target, self.turn = roll, target, 0

    def var(self, name):
        return self.roll if name == "roll" else self.target


def outcome_for(state: GameState, roll: int, target: int) -> str:
    """The first outcome level whose condition holds for (roll, target).

    The conditions see only the roll and the target, so each pair is evaluated once per scenario
    and remembered.
    """
    table = state.cs.memo.setdefault("outcome_for", {})
    level = table.get((roll, target))
    if level is None:
        level = table[(roll, target)] = _outcome_level(state.cs.outcomes, roll, target)
    return level


def _outcome_level(outcomes, roll: int, target: int) -> str:
    ctx = _RollContext(roll, target)
    for level in outcomes:
        if level.when.evaluate(ctx):
            return level.id
    return outcomes[-1].id


def evaluate_effects(state: GameState, effects) -> list[list]:
    """Apply-ready effect lines [track, delta, before, after], every amount evaluated first, then clamped."""
    if not effects:
        return []
    deltas: dict[str, float] = {}
    for key, amount in effects:
        value = amount if amount.__class__ in _PLAIN else amount.evaluate(state)
        deltas[key] = deltas.get(key, 0) + value
    return clamp_lines(state, deltas)


_PLAIN = (int, float, bool)


def clamp_lines(state: GameState, deltas: dict[str, float]) -> list[list]:
    lines = []
    slots, tracks = state.cs.slots, state.tracks
    for key, delta in deltas.items():
        slot = slots[key]
        before = tracks[key]
        after = min(max(before + delta, slot.min), slot.max)
        if after.__class__ is not int:  # ints need no normalising: the common case
            after = _num(after)
        lines.append([key, delta if delta.__class__ is int else _num(delta), before, after])
    return lines


def _num(x: float):
    """Keep integral values as ints so logs and dashboards show `3`, not `3.0`."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return round(x, 6) if isinstance(x, float) else x
