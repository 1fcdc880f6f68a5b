"""Automatic play: the next command for any state, from a policy (and an optional script).

`next_command` depends on the state alone, so a game killed at any point and resumed continues
exactly as the uninterrupted game would have.
"""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.state import GameState
from wargame.sim.policies import POLICIES, make_policy
from wargame.sim.script import Script, ScriptMove

AUTO_REASON = "automatic play accepts the rules' proposal"


class ScriptError(Exception):
    pass


class Driver:
    def __init__(self, policy: str = "first", seed: int = 0, script: Script | None = None):
        self.script = script
        fallback = policy if policy in POLICIES else (script.default if script else None)
        self.fallback = make_policy(fallback, seed) if fallback is not None else None

    def _scripted(self, state: GameState, inject: str, delegation: str) -> ScriptMove | None:
        if self.script is None:
            return None
        moves = [m for m in self.script.turns.get(state.turn, []) if m.delegation == delegation]
        exact = [m for m in moves if m.inject == inject]
        if exact:
            return exact[0]
        loose = [m for m in moves if m.inject is None]
        addressed = [i for i, d in state.expected if d == delegation]
        if loose and len(addressed) == 1:
            return loose[0]
        if loose and len(addressed) > 1:
            raise ScriptError(f"turn {state.turn}: {delegation} faces several injects ({', '.join(addressed)}); "
                              f"name the inject in the script")
        return None

    def next_command(self, state: GameState):
        if state.phase == "deliberation":
            pending = state.first_pending()
            if pending is None:
                return C.Reveal()
            inject, delegation = pending
            sm = self._scripted(state, inject, delegation) if self.script is not None else None
            if sm is not None:
                return C.SubmitMove(inject, delegation, sm.option, sm.action, sm.argument, sm.rationale)
            if self.fallback is None:
                raise ScriptError(f"the script has no move for {delegation} on '{inject}' in turn {state.turn}")
            return self.fallback.move(state, inject, delegation)
        if state.phase == "adjudication":
            m = state.first_unresolved()
            sm = self._scripted(state, m.inject, m.delegation) if self.script is not None else None
            if m.status == "revealed":
                odds = None
                if m.is_free:
                    odds = sm.odds if sm is not None and sm.odds is not None else state.cs.ruleset.free_action_odds
                return C.Roll(m.inject, m.delegation, sm.roll if sm is not None else None, odds)
            if sm is not None and (sm.outcome or sm.reason or sm.effects):
                return C.Resolve(m.inject, m.delegation, sm.outcome, sm.reason, sm.effects if m.is_free else None)
            reason = AUTO_REASON if state.mode == "free" else ""
            return C.Resolve(m.inject, m.delegation, None, reason, {} if m.is_free else None)
        if state.phase == "responses":
            actor, proposed = next(iter(state.proposals.items()))
            if self.script is not None:
                for r in self.script.responses.get(state.turn, []):
                    if r.actor == actor:
                        return C.Respond(actor, r.response, r.reason)
            return C.Respond(actor, proposed, AUTO_REASON if state.mode == "free" else "")
        if state.phase == "outcome":
            if self.script is not None:
                written = {n["text"] for n in state.notes if n["turn"] == state.turn}
                for text in self.script.notes.get(state.turn, []):
                    if text not in written:
                        return C.AddNote(text)
            return C.EndTurn()
        return None


def play_to_end(session_or_game, driver: Driver, stop_after: int | None = None) -> int:
    """Drive a Session or Game until the game ends; returns the number of commands run."""
    n = 0
    state = session_or_game.state
    while state.phase != "ended":
        if stop_after is not None and n >= stop_after:
            break
        cmd = driver.next_command(state)
        session_or_game.do(cmd)
        n += 1
    return n
