"""Who chooses moves in automatic play: `first`, `random`, or a script file.

Policies are stateless functions of (seed, turn, inject, delegation) so that a game resumed
after a kill makes exactly the choices the uninterrupted game would have made.
"""

from __future__ import annotations

import hashlib

from wargame.engine import commands as C
from wargame.engine.state import GameState


def available_options(state: GameState, inject: str, delegation: str) -> list[str]:
    opts = state.cs.injects[inject].options.get(delegation, {})
    return [oid for oid, co in opts.items() if co.requires is None or co.requires.evaluate(state)]


def _pick(seed: int, *parts, n: int) -> int:
    digest = hashlib.sha256(":".join(["policy", str(seed), *map(str, parts)]).encode()).digest()
    return int.from_bytes(digest[:8], "big") % n


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


def _no_option(inject: str, delegation: str) -> C.SubmitMove:
    return C.SubmitMove(inject, delegation, action="Holds its position and monitors the situation",
                        argument="no option is open to it", rationale="automatic play: no option available")
