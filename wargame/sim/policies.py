"""Who chooses moves in automatic play: a registry of policies, looked up by name.

`POLICIES` maps a name to a factory `(seed) -> policy`; `make_policy(name, seed)` is the one way
to get one (automatic play, the simulator and bot seats all use it). A policy has a `name` and
`move(state, inject, delegation) -> SubmitMove`.

Policies are stateless functions of the game state and (seed, turn, inject, delegation), so a game
resumed after a kill makes exactly the choices the uninterrupted game would have made.

- `first`: the first available option, in the order the scenario lists them.
- `random`: a uniformly random available option.
- `cautious`: the available option with the stance `cautious` (else the one with the best odds).
- `cooperative`: the available option with the stance `cooperative` (else the best odds).
- `greedy`: the option with the best expected score on the delegation's *own* objectives, one move
  ahead: each outcome level weighted by its exact probability at the current odds (modifiers
  included), its effects applied to the tracks, the objectives evaluated as if the game ended then.

When two options tie, `first`-style order decides, so `cautious`, `cooperative` and `greedy` depend
on option order only through ties.
"""

from __future__ import annotations

import functools
import zlib
from typing import Callable

from wargame.engine import commands as C
from wargame.engine.adjudication import mix64, odds_breakdown, outcome_for, seed_base
from wargame.engine.state import GameState


def available_options(state: GameState, inject: str, delegation: str) -> list[str]:
    opts = state.cs.injects[inject].options.get(delegation, {})
    return [oid for oid, co in opts.items() if co.requires is None or co.requires.evaluate(state)]


def _pick(seed: int, turn: int, inject: str, delegation: str, n: int) -> int:
    """A stateless choice among n: the same (seed, turn, inject, delegation) always picks the same."""
    return mix64(mix64(seed_base(seed) ^ turn) ^ _move_key(inject, delegation)) % n


@functools.lru_cache(maxsize=4096)
def _move_key(inject: str, delegation: str) -> int:
    return zlib.crc32(f"{inject}/{delegation}".encode())


class FirstPolicy:
    name = "first"

    def move(self, state: GameState, inject: str, delegation: str) -> C.SubmitMove:
        opts = available_options(state, inject, delegation)
        if not opts:
            return _no_option(inject, delegation)
        return C.SubmitMove(inject, delegation, opts[0], rationale="automatic play: first available option")


class RandomPolicy:
    name = "random"

    def __init__(self, seed: int):
        self.seed = seed

    def move(self, state: GameState, inject: str, delegation: str) -> C.SubmitMove:
        opts = available_options(state, inject, delegation)
        if not opts:
            return _no_option(inject, delegation)
        choice = opts[_pick(self.seed, state.turn, inject, delegation, n=len(opts))]
        return C.SubmitMove(inject, delegation, choice, rationale="automatic play: random choice")


class StancePolicy:
    """The option of one stance; without one, the option with the best odds now."""

    def __init__(self, stance: str):
        self.name = self.stance = stance

    def move(self, state: GameState, inject: str, delegation: str) -> C.SubmitMove:
        opts = available_options(state, inject, delegation)
        if not opts:
            return _no_option(inject, delegation)
        menu = state.cs.injects[inject].options[delegation]
        same = [o for o in opts if menu[o].option.stance == self.stance]
        if same:
            choice = same[0]
        else:
            choice = max(opts, key=lambda o: (odds_breakdown(state, inject, delegation, o, None)[0], -opts.index(o)))
        return C.SubmitMove(inject, delegation, choice, rationale=f"automatic play: {self.stance} choice")


class GreedyPolicy:
    """The option with the best expected score on the delegation's own objectives, one move ahead."""

    name = "greedy"

    def move(self, state: GameState, inject: str, delegation: str) -> C.SubmitMove:
        opts = available_options(state, inject, delegation)
        if not opts:
            return _no_option(inject, delegation)
        scored = [(expected_score(state, inject, delegation, o), -k, o) for k, o in enumerate(opts)]
        choice = max(scored)[2]
        return C.SubmitMove(inject, delegation, choice,
                            rationale="automatic play: best expected score on its own objectives")


def expected_score(state: GameState, inject: str, delegation: str, option: str) -> float:
    """The delegation's expected objective score (0..1) if it took `option` and the game ended after it."""
    objectives = state.cs.objectives.get(delegation, ())
    total = sum(o.weight for o, _c in objectives)
    if not total:
        return 0.0
    co = state.cs.injects[inject].options[delegation][option]
    p, _lines = odds_breakdown(state, inject, delegation, option, None)
    sides = state.cs.ruleset.dice.sides
    out = 0.0
    for level, share in level_shares(state.cs, round(p * sides)).items():
        view = _Hypothetical(state, inject, delegation, option, level, co.effects.get(level, ()))
        met = sum(o.weight for o, cond in objectives if cond.evaluate(view))
        out += share * met / total
    return out


def level_shares(cs, target: int) -> dict[str, float]:
    """Each outcome level's exact probability for a roll against `target` (every die face counted)."""
    key = (id(cs), target)
    hit = _SHARES.get(key)
    if hit is not None and hit[0] is cs:
        return hit[1]
    sides = cs.ruleset.dice.sides
    counts: dict[str, float] = {}
    probe = _Probe(cs)
    for roll in range(1, sides + 1):
        level = outcome_for(probe, roll, target)
        counts[level] = counts.get(level, 0) + 1 / sides
    if len(_SHARES) > 4096:
        _SHARES.clear()
    _SHARES[key] = (cs, counts)
    return counts


#: (id of the compiled scenario, target) -> (the scenario, shares); the scenario is kept to rule out id reuse
_SHARES: dict[tuple[int, int], tuple[object, dict[str, float]]] = {}


class _Probe:
    """Just enough of a state for `outcome_for`."""

    def __init__(self, cs):
        self.cs = cs


class _Hypothetical:
    """The state as the delegation would see it right after one resolved move (read-only)."""

    def __init__(self, state: GameState, inject: str, delegation: str, option: str, level: str, effects):
        self._s, self._move = state, (inject, delegation, option, level)
        self.turn = state.turn
        deltas: dict[str, float] = {}
        for key, amount in effects:
            deltas[key] = deltas.get(key, 0) + (amount.evaluate(state) if hasattr(amount, "evaluate") else amount)
        self._tracks = dict(state.tracks)
        for key, delta in deltas.items():
            slot = state.cs.slots[key]
            self._tracks[key] = min(max(self._tracks[key] + delta, slot.min), slot.max)

    def var(self, name):
        return self._s.var(name)

    def track(self, track_id, a=None, b=None):
        from wargame.scenario.trackref import track_key

        return self._tracks[track_key(track_id, a, b)]

    def chose(self, delegation, option, inject=None):
        i, d, o, _l = self._move
        return (d == delegation and o == option and inject in (None, i)) or self._s.chose(delegation, option, inject)

    def outcome(self, inject, delegation):
        i, d, _o, level = self._move
        return level if (i, d) == (inject, delegation) else self._s.outcome(inject, delegation)

    def succeeded(self, inject, delegation, option=None):
        i, d, o, level = self._move
        if (i, d) == (inject, delegation):
            return (option is None or option == o) and self._s.cs.is_success(level)
        return self._s.succeeded(inject, delegation, option)

    def fired(self, inject):
        return self._s.fired(inject)

    def responded(self, actor, response):
        return self._s.responded(actor, response)


def _no_option(inject: str, delegation: str) -> C.SubmitMove:
    return C.SubmitMove(inject, delegation, action="Holds its position and monitors the situation",
                        argument="no option is open to it", rationale="automatic play: no option available")


#: name -> factory(seed) -> policy. Bot seats and the simulator look policies up here by name.
POLICIES: dict[str, Callable[[int], object]] = {
    "first": lambda seed: FirstPolicy(),
    "random": lambda seed: RandomPolicy(seed),
    "cautious": lambda seed: StancePolicy("cautious"),
    "cooperative": lambda seed: StancePolicy("cooperative"),
    "greedy": lambda seed: GreedyPolicy(),
}


def make_policy(name: str, seed: int = 0):
    """The policy registered under `name` (ValueError naming the known ones otherwise)."""
    try:
        factory = POLICIES[name]
    except KeyError:
        raise ValueError(f"unknown policy {name!r} (expected one of: {', '.join(POLICIES)})") from None
    return factory(seed)
