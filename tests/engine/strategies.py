"""Hypothesis strategies: legal (and some illegal) commands for whatever state a game is in."""

from __future__ import annotations

from hypothesis import strategies as st

from wargame.engine import commands as C
from wargame.engine.state import GameState
from wargame.sim.policies import available_options

REASON = "Control's considered judgement"


def candidates(s: GameState) -> list:
    cs = s.cs
    out: list = [C.AddNote("observation during play", "observation"),
                 C.AdjustTrack(next(iter(cs.slots)), 2, REASON)]
    if s.phase == "deliberation":
        for inject, d in s.pending_moves():
            out += [C.SubmitMove(inject, d, o, rationale="r") for o in available_options(s, inject, d)]
            out.append(C.SubmitMove(inject, d, action="free action", argument="because"))
        for (inject, d) in list(s.moves):
            out.append(C.ReopenMove(inject, d, "reopened"))
        out.append(C.Reveal())
    elif s.phase == "adjudication":
        levels = [o.id for o in cs.outcomes]
        for m in s.unresolved():
            if m.status == "revealed":
                odds = 0.5 if m.is_free else None
                out += [C.Roll(m.inject, m.delegation, None, odds), C.Roll(m.inject, m.delegation, 1, odds),
                        C.Roll(m.inject, m.delegation, 100, odds)]
            effects = {next(iter(cs.slots)): -1} if m.is_free else None
            out += [C.Resolve(m.inject, m.delegation, None, REASON if s.mode == "free" else "", effects)]
            out += [C.Resolve(m.inject, m.delegation, lv, REASON, effects) for lv in levels]
    elif s.phase in ("responses", "outcome"):
        for actor in cs.scenario.actors:
            out += [C.Respond(actor, None, REASON)]
        for actor, rid in s.proposals.items():
            out.append(C.Respond(actor, rid, REASON if s.mode == "free" else ""))
        out.append(C.EndTurn())
    out.append(C.EndGame("the session ran out of time"))
    return out


@st.composite
def game_commands(draw, cs, max_steps: int = 60):
    """A seed, a mode and a list of command indices replayed against the live state by the test."""
    seed = draw(st.integers(0, 2**31))
    mode = draw(st.sampled_from(["rigid", "semi", "free"]))
    picks = draw(st.lists(st.integers(0, 10_000), min_size=1, max_size=max_steps))
    return seed, mode, picks
