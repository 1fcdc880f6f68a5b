"""From a logged event back to the command that produced it, so replay can run the rules again."""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.state import GameState

def command_for(state: GameState, ev: dict):
    """The command that produced `ev` when it is the first event of a command's batch."""
    t = ev["type"]
    if t == "game-started":
        return C.StartGame(seed=ev["seed"], mode=ev["mode"], players=ev["players"], parent=ev.get("parent"),
                           version=ev.get("version", ""), scenario_path=ev.get("scenario_path"))
    if t == "move-submitted":
        return C.SubmitMove(ev["inject"], ev["delegation"], ev["option"], ev["action"], ev["argument"],
                            ev["rationale"], ev.get("by"))
    if t == "move-reopened":
        return C.ReopenMove(ev["inject"], ev["delegation"], ev["reason"], ev.get("by"))
    if t == "moves-revealed":
        return C.Reveal()
    if t == "roll-made":
        return C.Roll(ev["inject"], ev["delegation"], ev["roll"] if ev["physical"] else None, ev["odds"])
    if t == "move-resolved":
        m = state.moves.get((ev["inject"], ev["delegation"]))
        free_effects = {k: d for k, d, _b, _a in ev["effects"]} if m is not None and m.is_free else None
        return C.Resolve(ev["inject"], ev["delegation"], ev["outcome"], ev["reason"], free_effects)
    if t == "response-applied":
        return C.Respond(ev["actor"], ev["response"], ev["reason"])
    if t == "track-adjusted":
        key, delta, before, after = ev["effects"][0]
        if "requested" in ev:
            return C.AdjustTrack(key, ev["requested"], ev["reason"])
        # Older logs recorded the change as asked even when the track's range held it back.
        return C.AdjustTrack(key, delta, ev["reason"], as_asked=delta != after - before)
    if t == "note-added":
        return C.AddNote(ev["text"], ev["kind"], ev.get("inject"), ev.get("by"), bool(ev.get("improvement", False)))
    if t == "timer-set":
        return C.SetTimer(ev["seconds"], ev["deadline"])
    if t == "timer-extended":
        return C.ExtendTimer(ev["seconds"])
    if t == "timer-expired":
        return C.ExpireTimer()
    if t == "bot-assigned":
        return C.AssignBot(ev["delegation"], ev["policy"])
    if t == "turn-ended":
        return C.EndTurn()
    if t == "game-ended":
        return C.EndGame(ev["reason"])
    return None
