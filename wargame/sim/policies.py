"""Who chooses moves in automatic play: `first`, `random`, or a script file.

Policies are stateless functions of (seed, turn, inject, delegation) so that a game resumed
after a kill makes exactly the choices the uninterrupted game would have made.
"""

from __future__ import annotations

import functools
import zlib

from wargame.engine import commands as C
from wargame.engine.adjudication import mix64, seed_base
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


def _no_option(inject: str, delegation: str) -> C.SubmitMove:
    return C.SubmitMove(inject, delegation, action="Holds its position and monitors the situation",
                        argument="no option is open to it", rationale="automatic play: no option available")
