"""The rules: `handle(state, command)` returns the events a command produces, or raises Rejected
and leaves the state untouched. Pure: no I/O, no clock, no UI.

Events are plain JSON-ready dicts so the log stores exactly what the engine produced and replay
can compare them field for field.
"""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.adjudication import (
    GENERATOR,
    _num,
    clamp_lines,
    derived_roll,
    evaluate_effects,
    odds_breakdown,
    outcome_for,
)
from wargame.engine.commands import Rejected
from wargame.engine.fold import apply
from wargame.engine.seating import HANDLERS as SEAT_HANDLERS
from wargame.engine.seating import check_by, check_note
from wargame.engine.state import GameState, Move
from wargame.model.limits import number_problem
from wargame.model.ruleset import MODES

FORMAT = 1


def handle(state: GameState, cmd) -> list[dict]:
    fn = _HANDLERS.get(type(cmd))
    if fn is None:
        raise Rejected(f"unknown command {type(cmd).__name__}")
    if state.phase == "ended" and not isinstance(cmd, C.AddNote):
        raise Rejected("the game has ended")
    if state.phase == "setup" and not isinstance(cmd, C.StartGame):
        raise Rejected("the game has not started")
    return fn(state, cmd)


def _start(state: GameState, cmd: C.StartGame) -> list[dict]:
    if state.phase != "setup":
        raise Rejected("the game has already started")
    if cmd.mode not in MODES:
        raise Rejected(f"unknown adjudication mode '{cmd.mode}' (expected one of: {', '.join(MODES)})")
    players = cmd.players or {}
    unknown = [d for d in players if d not in state.cs.delegations]
    if unknown:
        raise Rejected(f"players named for delegations not in the scenario: {', '.join(unknown)}")
    cs = state.cs
    header = {
        "type": "game-started", "format": FORMAT, "program": "wargame", "version": cmd.version,
        "scenario": cs.id, "scenario_title": cs.scenario.title, "scenario_path": cmd.scenario_path or cs.file,
        "scenario_sha256": cs.scenario_sha256, "ruleset": cs.ruleset.id, "ruleset_sha256": cs.ruleset_sha256,
        "seed": cmd.seed, "rng": GENERATOR, "mode": cmd.mode,
        "players": {d: players.get(d, "") for d in cs.delegations},
        "parent": cmd.parent,
    }
    return [header] + _turn_start_events(state, 1, header)


def _turn_start_events(state: GameState, turn: int, header: dict | None = None) -> list[dict]:
    """Which injects fire at the start of `turn`: scheduled ones whose condition holds, and triggers."""
    probe = _probe(state, turn)
    active = []
    for iid, ci in state.cs.injects.items():
        inj = ci.inject
        if inj.turn is not None:
            ok = inj.turn == turn and (ci.when is None or ci.when.evaluate(probe))
        else:
            ok = iid not in state.fired_injects and turn >= inj.earliest and ci.when.evaluate(probe)
        if ok:
            active.append(iid)
    expected = [[iid, d] for iid in active for d in state.cs.injects[iid].to]
    return [{"type": "turn-started", "turn": turn, "date": state.date(turn), "injects": active,
             "expected": expected}]


def _probe(state: GameState, turn: int) -> GameState:
    """The state as seen at the start of a turn that has not been applied yet (only `turn` differs).

    A shallow copy: conditions only read it.
    """
    probe = GameState.__new__(GameState)
    probe.__dict__.update(state.__dict__)
    probe.turn = turn
    return probe


def _submit(state: GameState, cmd: C.SubmitMove) -> list[dict]:
    if state.phase != "deliberation":
        raise Rejected(f"moves are submitted during deliberation (now: {state.phase})")
    key = (cmd.inject, cmd.delegation)
    if key not in state.expected_keys:
        raise Rejected(f"{cmd.delegation} has no move to make on '{cmd.inject}' this turn")
    if key in state.moves:
        raise Rejected(f"{cmd.delegation} has already sealed a move on '{cmd.inject}' (Control can reopen it)")
    if (cmd.option is None) == (cmd.action is None):
        raise Rejected("a move is either one of the options or a free-form action, not both or neither")
    if cmd.option is not None:
        opts = state.cs.injects[cmd.inject].options.get(cmd.delegation, {})
        co = opts.get(cmd.option)
        if co is None:
            raise Rejected(f"'{cmd.option}' is not an option for {cmd.delegation} on '{cmd.inject}'")
        if co.requires is not None and not co.requires.evaluate(state):
            raise Rejected(f"'{co.option.label}' is not available: {co.option.unmet or co.option.requires}")
    elif not (cmd.action or "").strip():
        raise Rejected("a free-form action needs a description of what the delegation does")
    check_by(state, cmd.delegation, cmd.by, option=cmd.option, withdraw=False)
    ev = {"type": "move-submitted", "turn": state.turn, "inject": cmd.inject, "delegation": cmd.delegation,
          "option": cmd.option, "action": cmd.action, "argument": cmd.argument, "rationale": cmd.rationale}
    if cmd.by is not None:  # absent for Control, so keyboard-played logs are unchanged
        ev["by"] = cmd.by
    return [ev]


def _reopen(state: GameState, cmd: C.ReopenMove) -> list[dict]:
    if state.phase != "deliberation":
        raise Rejected("a move can only be reopened before the reveal")
    if (cmd.inject, cmd.delegation) not in state.moves:
        raise Rejected(f"{cmd.delegation} has no sealed move on '{cmd.inject}'")
    check_by(state, cmd.delegation, cmd.by, option=None, withdraw=True)
    ev = {"type": "move-reopened", "turn": state.turn, "inject": cmd.inject, "delegation": cmd.delegation,
          "reason": cmd.reason}
    if cmd.by is not None:
        ev["by"] = cmd.by
    return [ev]


def _reveal(state: GameState, cmd: C.Reveal) -> list[dict]:
    if state.phase != "deliberation":
        raise Rejected(f"nothing to reveal (now: {state.phase})")
    if state.first_pending() is not None:
        raise Rejected("still waiting for: " + ", ".join(f"{d} on {i}" for i, d in state.pending_moves()))
    events = [{"type": "moves-revealed", "turn": state.turn}]
    if not state.expected:
        events += _after_adjudication(state, events)
    return events


def _roll(state: GameState, cmd: C.Roll) -> list[dict]:
    m = _move_to_adjudicate(state, cmd.inject, cmd.delegation)
    if m.status != "revealed":
        raise Rejected(f"{cmd.delegation}'s move on '{cmd.inject}' has already been rolled")
    sides = state.cs.ruleset.dice.sides
    if cmd.physical is not None and (isinstance(cmd.physical, bool) or not isinstance(cmd.physical, int)
                                     or not 1 <= cmd.physical <= sides):
        raise Rejected(f"a roll of {cmd.physical} is impossible on a d{sides} (expected 1..{sides})")
    free = m.option is None
    if free:
        if cmd.odds is None:
            raise Rejected("Control sets the odds of a free-form action before the roll")
        if not 0 <= cmd.odds <= 1:
            raise Rejected("odds are a probability from 0 to 1")
    elif cmd.odds is not None:
        raise Rejected("odds are set by the rules for an option; only free-form actions take Control's odds")
    p, lines = odds_breakdown(state, m.inject, m.delegation, m.option, cmd.odds)
    target = round(p * sides)
    physical = cmd.physical is not None
    roll = cmd.physical if physical else derived_roll(state.seed, state.rolls, sides)
    proposed = outcome_for(state, roll, target)
    rolled = {"type": "roll-made", "turn": state.turn, "inject": m.inject, "delegation": m.delegation,
              "odds": cmd.odds, "probability": p, "breakdown": lines, "sides": sides, "target": target,
              "roll": roll, "physical": physical, "index": None if physical else state.rolls, "proposed": proposed}
    events = [rolled]
    if state.mode == "rigid" and not free:
        events += _resolution(state, m, proposed, proposed, "rules", "", None, events)
    return events


def _resolve(state: GameState, cmd: C.Resolve) -> list[dict]:
    m = _move_to_adjudicate(state, cmd.inject, cmd.delegation)
    proposed = None
    if m.status == "rolled":
        proposed = m.proposed
    elif state.mode != "free":
        raise Rejected("roll first: the rules propose an outcome from the roll")
    outcome = cmd.outcome or proposed
    if outcome is None:
        raise Rejected("name the outcome level (no roll was made)")
    if outcome not in {o.id for o in state.cs.outcomes}:
        raise Rejected(f"unknown outcome level '{outcome}'")
    overridden = outcome != proposed
    reason = (cmd.reason or "").strip()
    need_reason = overridden or state.mode == "free" or (m.is_free and cmd.effects)
    minimum = state.cs.ruleset.override.min_reason_chars
    if need_reason and len(reason) < minimum:
        what = "an override" if overridden else "Control's decision"
        raise Rejected(f"{what} needs a written reason of at least {minimum} characters")
    if cmd.effects is not None and not m.is_free:
        raise Rejected("effects follow from the outcome for an option; adjust tracks separately with a reason")
    if cmd.effects:
        unknown = [k for k in cmd.effects if k not in state.cs.slots]
        if unknown:
            raise Rejected(f"unknown track {', '.join(unknown)}")
        for key, delta in cmd.effects.items():
            _check_delta(key, delta)
    by = "control" if (overridden or state.mode == "free" or m.is_free) else "rules"
    return _resolution(state, m, outcome, proposed, by, reason, cmd.effects, [])


def _move_to_adjudicate(state: GameState, inject: str, delegation: str) -> Move:
    if state.phase != "adjudication":
        raise Rejected(f"adjudication comes after the reveal (now: {state.phase})")
    m = state.moves.get((inject, delegation))
    if m is None:
        raise Rejected(f"{delegation} has no move on '{inject}'")
    if m.status == "resolved":
        raise Rejected(f"{delegation}'s move on '{inject}' is already resolved")
    return m


def _resolution(state: GameState, m: Move, outcome: str, proposed, by: str, reason: str, free_effects,
                earlier: list[dict]) -> list[dict]:
    if m.is_free:
        lines = clamp_lines(state, dict(free_effects or {}))
    else:
        co = state.cs.injects[m.inject].options[m.delegation][m.option]
        lines = evaluate_effects(state, co.effects.get(outcome, ()))
    ev = {"type": "move-resolved", "turn": state.turn, "inject": m.inject, "delegation": m.delegation,
          "outcome": outcome, "proposed": proposed, "by": by, "overridden": proposed is not None and outcome != proposed,
          "reason": reason, "effects": lines}
    events = [ev]
    if state.resolved + 1 == len(state.expected):
        events += _after_adjudication(state, earlier + events)
    return events


def _after_adjudication(state: GameState, pending: list[dict]) -> list[dict]:
    """Combined-move rules, then the non-player response table, once every move is resolved.

    They are evaluated on the state as it will be after `pending` events, so they are folded
    into a scratch copy first; the engine stays pure and the log records the results.
    """
    scratch = _scratch(state, pending)
    events = []
    for iid in scratch.active:
        for rule in scratch.cs.injects[iid].combined:
            if rule.when.evaluate(scratch):
                ev = {"type": "combined-applied", "turn": state.turn, "inject": iid, "rule": rule.rule.id,
                      "effects": evaluate_effects(scratch, rule.effects)}
                apply(scratch, ev)
                events.append(ev)
    proposals: dict[str, str | None] = {}
    for rule in _response_table(scratch):
        actor = rule.rule.actor
        if actor not in proposals and rule.when.evaluate(scratch):
            proposals[actor] = rule.rule.id
    ev = {"type": "responses-proposed", "turn": state.turn,
          "proposals": [[a, r] for a, r in proposals.items()]}
    apply(scratch, ev)
    events.append(ev)
    if state.mode == "rigid":
        for actor, rid in proposals.items():
            rev = _response_event(scratch, actor, rid, rid, "rules", "")
            apply(scratch, rev)
            events.append(rev)
    return events


def _scratch(state: GameState, pending: list[dict]) -> GameState:
    """A copy of the state that `pending` events can be folded into without touching the original.

    Containers are copied shallowly; only the moves the pending events change are copied.
    """
    scratch = GameState.__new__(GameState)  # copy.copy's generic protocol costs more than the copy
    scratch.__dict__.update(state.__dict__)
    scratch.tracks = dict(state.tracks)
    scratch.moves = dict(state.moves)
    for ev in pending:
        key = (ev.get("inject"), ev.get("delegation"))
        if key in scratch.moves and scratch.moves[key] is state.moves.get(key):
            scratch.moves[key] = _copy_move(state.moves[key])
    scratch.outcomes = dict(state.outcomes)
    scratch.responses_made = set(state.responses_made)
    scratch.proposals = dict(state.proposals)
    scratch.turn_responses = list(state.turn_responses)
    scratch.turn_combined = list(state.turn_combined)
    scratch.past_moves = list(state.past_moves)
    scratch.overrides = list(state.overrides)
    for ev in pending:
        apply(scratch, ev)
    return scratch


def _copy_move(m: Move) -> Move:
    c = Move.__new__(Move)
    for slot in Move.__slots__:
        setattr(c, slot, getattr(m, slot))
    return c


def _response_table(state: GameState):
    for iid in state.active:
        yield from state.cs.injects[iid].responses
    yield from state.cs.responses


def _find_response(state: GameState, actor: str, rid: str):
    for rule in _response_table(state):
        if rule.rule.actor == actor and rule.rule.id == rid:
            return rule
    return None


def _response_event(state: GameState, actor: str, rid, proposed, by: str, reason: str) -> dict:
    rule = _find_response(state, actor, rid) if rid else None
    lines = evaluate_effects(state, rule.effects) if rule else []
    return {"type": "response-applied", "turn": state.turn, "actor": actor, "response": rid, "proposed": proposed,
            "by": by, "overridden": rid != proposed, "reason": reason, "effects": lines}


def _respond(state: GameState, cmd: C.Respond) -> list[dict]:
    if state.phase not in ("responses", "outcome"):
        raise Rejected(f"non-player responses come after adjudication (now: {state.phase})")
    if cmd.actor not in state.cs.scenario.actors:
        raise Rejected(f"unknown actor '{cmd.actor}'")
    if state.phase == "responses" and cmd.actor not in state.proposals:
        pending = ", ".join(state.proposals)
        raise Rejected(f"settle the proposed responses first ({pending}); others can be added afterwards")
    proposed = state.proposals.get(cmd.actor)
    if cmd.response is not None and _find_response(state, cmd.actor, cmd.response) is None:
        raise Rejected(f"'{cmd.response}' is not a response of {cmd.actor} this turn")
    reason = (cmd.reason or "").strip()
    overridden = cmd.response != proposed
    minimum = state.cs.ruleset.override.min_reason_chars
    if (overridden or state.mode == "free") and len(reason) < minimum:
        raise Rejected(f"choosing a response other than the table's needs a written reason of at least "
                       f"{minimum} characters")
    by = "control" if overridden or state.mode == "free" else "rules"
    return [_response_event(state, cmd.actor, cmd.response, proposed, by, reason)]


def _check_delta(key: str, delta) -> None:
    """A change typed by Control: a finite number within the bound every number in the game keeps."""
    problem = number_problem(delta)
    if problem:
        raise Rejected(f"the change to {key}: {problem}")


def _adjust(state: GameState, cmd: C.AdjustTrack) -> list[dict]:
    if cmd.track not in state.cs.slots:
        raise Rejected(f"unknown track '{cmd.track}'")
    _check_delta(cmd.track, cmd.delta)
    minimum = state.cs.ruleset.override.min_reason_chars
    if len((cmd.reason or "").strip()) < minimum:
        raise Rejected(f"an adjustment by Control needs a written reason of at least {minimum} characters")
    [[key, asked, before, after]] = lines = clamp_lines(state, {cmd.track: cmd.delta})
    if cmd.as_asked:
        return [{"type": "track-adjusted", "turn": state.turn, "reason": cmd.reason.strip(), "effects": lines}]
    effective = _num(after - before)
    # The record carries the change the track really took (what the report and timeline show);
    # `requested` keeps what Control typed when the track's range held it back, for replay.
    event = {"type": "track-adjusted", "turn": state.turn, "reason": cmd.reason.strip(),
             "effects": [[key, effective, before, after]]}
    if effective != _num(cmd.delta):
        event["requested"] = _num(cmd.delta)
    return [event]


def _note(state: GameState, cmd: C.AddNote) -> list[dict]:
    if not cmd.text.strip():
        raise Rejected("an empty note")
    if cmd.kind not in C.NOTE_KINDS:
        raise Rejected(f"unknown note kind '{cmd.kind}' (expected one of: {', '.join(C.NOTE_KINDS)})")
    check_note(state, cmd)
    ev = {"type": "note-added", "turn": state.turn, "phase": state.phase, "kind": cmd.kind, "text": cmd.text}
    if cmd.inject is not None:
        ev["inject"] = cmd.inject
    if cmd.by is not None:
        ev["by"] = cmd.by
    if cmd.improvement:  # only when set, so records of unmarked notes stay as they were
        ev["improvement"] = True
    return [ev]


def _end_turn(state: GameState, cmd: C.EndTurn) -> list[dict]:
    if state.phase != "outcome":
        if state.phase == "responses":
            raise Rejected("settle the non-player responses first: " + ", ".join(state.proposals))
        raise Rejected(f"the turn ends after adjudication (now: {state.phase})")
    events = [{"type": "turn-ended", "turn": state.turn, "tracks": dict(state.tracks)}]
    if state.turn >= state.cs.scenario.turns.count:
        events.append(_game_end(state, "last turn played"))
    else:
        events += _turn_start_events(state, state.turn + 1)
    return events


def _end_game(state: GameState, cmd: C.EndGame) -> list[dict]:
    if not cmd.reason.strip():
        raise Rejected("say why the game ends early")
    return [_game_end(state, cmd.reason.strip())]


def assess(state: GameState) -> dict:
    """Each delegation's objectives against the current state, with a weighted score."""
    out = {}
    for d, objs in state.cs.objectives.items():
        rows = [[o.id, bool(cond.evaluate(state)), o.weight] for o, cond in objs]
        total = sum(w for _, _, w in rows)
        met = sum(w for _, ok, w in rows if ok)
        out[d] = {"objectives": rows, "score": met, "of": total}
    return out


def _game_end(state: GameState, reason: str) -> dict:
    return {"type": "game-ended", "turn": state.turn, "reason": reason, "tracks": dict(state.tracks),
            "assessment": assess(state)}


_HANDLERS = {
    C.StartGame: _start, C.SubmitMove: _submit, C.ReopenMove: _reopen, C.Reveal: _reveal, C.Roll: _roll,
    C.Resolve: _resolve, C.Respond: _respond, C.AdjustTrack: _adjust, C.AddNote: _note, C.EndTurn: _end_turn,
    C.EndGame: _end_game, **SEAT_HANDLERS,
}
