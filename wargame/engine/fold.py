"""Folding events into the state: `apply(state, event)` is the only way a GameState changes."""

from __future__ import annotations

from wargame.engine.state import GameState, Move

def apply(state: GameState, ev: dict) -> None:
    t = ev["type"]
    _APPLY[t](state, ev)
    state.events += 1
    if t in PUBLIC:
        move = state.moves.get((ev.get("inject"), ev.get("delegation"))) if t == "move-resolved" else None
        state.timeline = (ev, move, state.timeline)


#: Events the views' timeline may show (what each shows of them is decided in engine/views.py).
PUBLIC = frozenset({"turn-started", "moves-revealed", "move-resolved", "combined-applied", "response-applied",
                    "track-adjusted", "turn-ended", "game-ended", "timer-set", "timer-extended",
                    "timer-expired", "bot-assigned"})


def fold_into(state: GameState, events: list[dict]) -> None:
    """`apply` each event in turn (one call per command's batch instead of one per event)."""
    table, public = _APPLY, PUBLIC
    for ev in events:
        t = ev["type"]
        table[t](state, ev)
        state.events += 1
        if t in public:  # the views' timeline, exactly as `apply` builds it
            move = state.moves.get((ev.get("inject"), ev.get("delegation"))) if t == "move-resolved" else None
            state.timeline = (ev, move, state.timeline)


def _a_started(s: GameState, ev: dict) -> None:
    s.header = ev
    s.seed, s.mode, s.players = ev["seed"], ev["mode"], ev["players"]


def _a_turn_started(s: GameState, ev: dict) -> None:
    s.turn = ev["turn"]
    s.active = ev["injects"]
    s.fired_injects.update(ev["injects"])
    s.expected = [tuple(x) for x in ev["expected"]]
    s.expected_keys = set(s.expected)
    s.pending_from = s.unresolved_from = 0
    s.moves = {}
    s.resolved = 0
    s.proposals = {}
    s.turn_responses = []
    s.turn_combined = []
    s.timer = None
    s.notes = []
    s.overrides = []
    s.phase = "deliberation"


def _a_submitted(s: GameState, ev: dict) -> None:
    m = Move(ev["inject"], ev["delegation"], ev["option"], ev["action"], ev["argument"], ev["rationale"])
    m.submitted_by = ev.get("by")
    s.moves[(ev["inject"], ev["delegation"])] = m


def _a_reopened(s: GameState, ev: dict) -> None:
    del s.moves[(ev["inject"], ev["delegation"])]
    s.pending_from = 0


def _a_revealed(s: GameState, ev: dict) -> None:
    for m in s.moves.values():
        m.status = "revealed"
        if m.option is not None:
            s.chosen.add((m.delegation, m.option))
            s.chosen_in.add((m.delegation, m.option, m.inject))
    s.phase = "adjudication"


def _a_rolled(s: GameState, ev: dict) -> None:
    m = s.moves[(ev["inject"], ev["delegation"])]
    m.status = "rolled"
    m.probability, m.breakdown, m.target = ev["probability"], ev["breakdown"], ev["target"]
    m.roll, m.physical, m.proposed = ev["roll"], ev["physical"], ev["proposed"]
    if not ev["physical"]:
        s.rolls += 1


def _effects(s: GameState, lines: list) -> None:
    for key, _delta, _before, after in lines:
        s.tracks[key] = after


def _a_resolved(s: GameState, ev: dict) -> None:
    m = s.moves[(ev["inject"], ev["delegation"])]
    m.status = "resolved"
    s.resolved += 1
    m.outcome, m.by, m.reason, m.effects = ev["outcome"], ev["by"], ev["reason"], ev["effects"]
    if m.proposed is None:
        m.proposed = ev["proposed"]
    s.outcomes[(m.inject, m.delegation)] = m.outcome
    s.past_moves.append(m)
    _effects(s, ev["effects"])
    if ev["by"] == "control":
        s.overrides.append(ev)
        s.override_count += 1


def _a_combined(s: GameState, ev: dict) -> None:
    s.turn_combined.append(ev)
    _effects(s, ev["effects"])


def _a_proposed(s: GameState, ev: dict) -> None:
    s.proposals = {a: r for a, r in ev["proposals"]}
    s.phase = "responses" if s.proposals else "outcome"


def _a_response(s: GameState, ev: dict) -> None:
    s.proposals.pop(ev["actor"], None)
    if ev["response"]:
        s.responses_made.add((ev["actor"], ev["response"]))
    s.turn_responses.append(ev)
    _effects(s, ev["effects"])
    if ev["by"] == "control":
        s.overrides.append(ev)
        s.override_count += 1
    if s.phase == "responses" and not s.proposals:
        s.phase = "outcome"


def _a_adjusted(s: GameState, ev: dict) -> None:
    _effects(s, ev["effects"])
    s.overrides.append(ev)
    s.override_count += 1


def _a_note(s: GameState, ev: dict) -> None:
    s.notes.append(ev)
    s.note_count += 1
    if ev.get("by") == "observer":  # a new tuple: a scratch copy of the state shares the old one
        s.observer_notes = (*s.observer_notes, ev)


def _a_turn_ended(s: GameState, ev: dict) -> None:
    s.history.append(dict(s.tracks))


def _a_game_ended(s: GameState, ev: dict) -> None:
    s.phase = "ended"
    s.assessment = ev["assessment"]
    s.end_reason = ev["reason"]


def _a_timer_set(s: GameState, ev: dict) -> None:
    s.timer = {"seconds": ev["seconds"], "deadline": ev["deadline"], "expired": False, "late": []}


def _a_timer_extended(s: GameState, ev: dict) -> None:
    s.timer = {**s.timer, "seconds": s.timer["seconds"] + ev["seconds"], "deadline": ev["deadline"]}


def _a_timer_expired(s: GameState, ev: dict) -> None:
    s.timer = {**s.timer, "expired": True, "late": ev["late"]}


def _a_bot_assigned(s: GameState, ev: dict) -> None:
    bots = dict(s.bots)  # a new dict: a scratch copy of the state shares the old one
    if ev["policy"] is None:
        bots.pop(ev["delegation"], None)
    else:
        bots[ev["delegation"]] = ev["policy"]
    s.bots = bots


_APPLY = {
    "game-started": _a_started, "turn-started": _a_turn_started, "move-submitted": _a_submitted,
    "move-reopened": _a_reopened, "moves-revealed": _a_revealed, "roll-made": _a_rolled,
    "move-resolved": _a_resolved, "combined-applied": _a_combined, "responses-proposed": _a_proposed,
    "response-applied": _a_response, "track-adjusted": _a_adjusted, "note-added": _a_note,
    "turn-ended": _a_turn_ended, "game-ended": _a_game_ended,
    "timer-set": _a_timer_set, "timer-extended": _a_timer_extended, "timer-expired": _a_timer_expired,
    "bot-assigned": _a_bot_assigned,
}
EVENT_TYPES = tuple(_APPLY)
