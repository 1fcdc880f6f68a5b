"""Odds, rolls and outcome levels: the arithmetic of adjudication, shown to the room as a breakdown."""

from __future__ import annotations

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
    return 1 + mix64(mix64(seed & _M64) ^ index) % sides


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
    ctx = _RollContext(roll, target)
    for level in state.cs.outcomes:
        if level.when.evaluate(ctx):
            return level.id
    return state.cs.outcomes[-1].id


def evaluate_effects(state: GameState, effects) -> list[list]:
    """Apply-ready effect lines [track, delta, before, after], every amount evaluated first, then clamped."""
    deltas: dict[str, float] = {}
    for key, amount in effects:
        value = amount.evaluate(state) if hasattr(amount, "evaluate") else amount
        deltas[key] = deltas.get(key, 0) + value
    return clamp_lines(state, deltas)


def clamp_lines(state: GameState, deltas: dict[str, float]) -> list[list]:
    lines = []
    for key, delta in deltas.items():
        slot = state.cs.slots[key]
        before = state.tracks[key]
        after = _num(min(max(before + delta, slot.min), slot.max))
        lines.append([key, _num(delta), before, after])
    return lines


def _num(x: float):
    """Keep integral values as ints so logs and dashboards show `3`, not `3.0`."""
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return round(x, 6) if isinstance(x, float) else x
