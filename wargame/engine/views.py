"""What each viewer may see of a game: one pure function, `view_for(state, viewer)`.

Every byte the seat server sends (first page, JSON, WebSocket push, error page) and the TUI's room
view are built from this and nothing else, so secrecy holds in one place (boardgame.io filtered its
state per player but shipped the unfiltered initial state to clients; that cannot happen here).

Viewers: "control" (everything), "room" (the projector), "observer" (the room view plus observer
notes), or a delegation code. Before the reveal a delegation sees its own sealed move and, of the
others, only "waiting" or "sealed"; the room and observers only the statuses.

Control's text that is public (after the fact): the reason Control gave when it decided or overrode
an adjudication, the reason for a track adjustment, and why the game ended. Private to Control:
injects' Control notes and expected actions, actors' intent cards, the response table's
proposals and Control's reasons for responses, every note Control writes, and the other
delegations' briefs. Observer notes are seen by observers and Control only.

The result is plain JSON-ready data (dicts, lists, str, int, float, bool, None).
"""

from __future__ import annotations

from wargame.engine.adjudication import odds_breakdown
from wargame.engine.state import GameState, Move
from wargame.model.scenario import DELEGATION_NAMES

ROOM, OBSERVER, CONTROL = "room", "observer", "control"
#: Move statuses in which a move's content is public.
_OPEN = ("revealed", "rolled", "resolved")


def view_for(state: GameState, viewer: str) -> dict:
    cs = state.cs
    if viewer in (ROOM, OBSERVER, CONTROL):
        kind = viewer
    elif viewer in cs.delegations:
        kind = "delegation"
    else:
        raise ValueError(f"unknown viewer '{viewer}'")
    sc = cs.scenario
    view = {
        "viewer": viewer, "kind": kind, "version": state.events,
        "scenario": {"id": sc.id, "title": sc.title, "summary": sc.summary, "assumptions": list(sc.assumptions),
                     "learning_objectives": [{"id": lo.id, "text": lo.text} for lo in sc.learning_objectives]},
        "turn": max(state.turn, 1), "turns": sc.turns.count, "date": state.date() if state.turn else "",
        "phase": state.phase, "mode": state.mode,
        "delegations": [{"code": d, "name": DELEGATION_NAMES.get(d, d), "team": (state.players or {}).get(d, ""),
                         "bot": state.bots.get(d)} for d in cs.delegations],
        "tracks": _tracks(state),
        "timer": _timer(state),
        "injects": [_inject(state, iid) for iid in state.active],
        "status": [_status(state, i, d) for i, d in state.expected],
        "moves": [_move(state, m) for m in _open_moves(state)],
        "combined": [_combined(state, ev) for ev in state.turn_combined],
        "responses": [_response(state, ev) for ev in state.turn_responses],
        "timeline": _timeline(state),
        "ended": _ended(state),
    }
    if kind == "delegation":
        view["me"] = _me(state, viewer)
    if kind in (OBSERVER, CONTROL):
        view["notes"] = [_note(n) for n in state.observer_notes]
    if kind == CONTROL:
        view["control"] = _control(state)
    return view


# ---------------------------------------------------------------- public parts
def _tracks(state: GameState) -> list[dict]:
    base = state.history[-1]
    out = []
    for key, slot in state.cs.slots.items():
        value = state.tracks[key]
        out.append({"key": key, "label": slot.label, "value": value, "min": slot.min, "max": slot.max,
                    "start": slot.start, "change": value - base[key], "higher_is": slot.track.higher_is,
                    "meaning": slot.track.meaning})
    return out


def _timer(state: GameState) -> dict | None:
    t = state.timer
    if t is None or state.phase != "deliberation":
        return None
    return {"seconds": t["seconds"], "deadline": t["deadline"], "expired": t["expired"],
            "late": [list(k) for k in t["late"]]}


def _status(state: GameState, iid: str, d: str) -> dict:
    """Where a delegation stands on an inject; `by` names a bot that sealed it (who, never what)."""
    m = state.moves.get((iid, d))
    by = m.submitted_by if m is not None and (m.submitted_by or "").startswith("bot:") else None
    return {"inject": iid, "delegation": d, "status": state.status_of(iid, d), "by": by}


def _inject(state: GameState, iid: str) -> dict:
    ci = state.cs.injects[iid]
    return {"id": iid, "title": ci.inject.title, "narrative": ci.inject.narrative, "to": list(ci.to),
            "sources": list(ci.inject.sources)}


def _open_moves(state: GameState) -> list[Move]:
    if state.phase == "deliberation":
        return []
    return [state.moves[k] for k in state.expected if k in state.moves and state.moves[k].status in _OPEN]


def _effects(state: GameState, lines) -> list[dict]:
    slots = state.cs.slots
    return [{"key": k, "label": slots[k].label if k in slots else k, "delta": d, "before": b, "after": a}
            for k, d, b, a in (lines or [])]


def _choice(state: GameState, m: Move) -> dict:
    """What a move is: shown to its own delegation while sealed, to everyone once revealed."""
    out = {"inject": m.inject, "delegation": m.delegation, "by": m.submitted_by, "status": m.status,
           "option": m.option, "label": None, "stance": None, "description": None,
           "action": m.action, "argument": m.argument, "rationale": m.rationale}
    if m.option is not None:
        co = state.cs.injects[m.inject].options.get(m.delegation, {}).get(m.option)
        if co is not None:
            out.update(label=co.option.label, stance=co.option.stance, description=co.option.description)
    return out


def _move(state: GameState, m: Move) -> dict:
    cs = state.cs
    out = _choice(state, m)
    out.update(probability=None, breakdown=[], target=None, roll=None, physical=None, sides=cs.ruleset.dice.sides,
               proposed=None, proposed_label=None, outcome=None, outcome_label=None, overridden=False,
               decided_by=None, reason="", narrative="", effects=[])
    if m.status == "revealed":
        if not m.is_free:  # the odds the roll will be made against, as the rules compute them now
            p, lines = odds_breakdown(state, m.inject, m.delegation, m.option, None)
            out.update(probability=p, breakdown=[list(x) for x in lines], target=round(p * cs.ruleset.dice.sides))
        return out
    if m.roll is not None:
        out.update(probability=m.probability, breakdown=[list(x) for x in (m.breakdown or [])], target=m.target,
                   roll=m.roll, physical=m.physical)
    if m.proposed is not None:
        out.update(proposed=m.proposed, proposed_label=cs.outcome_label(m.proposed))
    if m.status == "resolved":
        co = cs.injects[m.inject].options.get(m.delegation, {}).get(m.option) if m.option else None
        out.update(outcome=m.outcome, outcome_label=cs.outcome_label(m.outcome),
                   overridden=m.proposed is not None and m.outcome != m.proposed, decided_by=m.by,
                   reason=m.reason or "", narrative=co.option.outcomes.get(m.outcome, "") if co else "",
                   effects=_effects(state, m.effects))
    return out


def _find_combined(state: GameState, iid: str, rid: str):
    ci = state.cs.injects.get(iid)
    return next((r for r in ci.combined if r.rule.id == rid), None) if ci else None


def _combined(state: GameState, ev: dict) -> dict:
    rule = _find_combined(state, ev["inject"], ev["rule"])
    return {"inject": ev["inject"], "rule": ev["rule"], "label": rule.rule.label if rule else ev["rule"],
            "narrative": rule.rule.narrative if rule else "", "effects": _effects(state, ev["effects"])}


def _find_response(state: GameState, actor: str, rid: str | None):
    if rid is None:
        return None
    for ci in state.cs.injects.values():
        for r in ci.responses:
            if r.rule.actor == actor and r.rule.id == rid:
                return r
    return next((r for r in state.cs.responses if r.rule.actor == actor and r.rule.id == rid), None)


def _response(state: GameState, ev: dict) -> dict:
    """A non-player response as the room learns of it: what happened, not what the table proposed."""
    rule = _find_response(state, ev["actor"], ev["response"])
    actor = state.cs.scenario.actors.get(ev["actor"])
    return {"actor": ev["actor"], "actor_name": actor.name if actor else ev["actor"], "response": ev["response"],
            "label": rule.rule.label if rule else None, "narrative": rule.rule.narrative if rule else "",
            "effects": _effects(state, ev["effects"])}


def _ended(state: GameState) -> dict | None:
    if state.phase != "ended":
        return None
    out = {"reason": state.end_reason, "assessment": []}
    for d, a in (state.assessment or {}).items():
        texts = {o.id: o.text for o, _c in state.cs.objectives.get(d, ())}
        out["assessment"].append({"delegation": d, "score": a["score"], "of": a["of"],
                                  "objectives": [{"id": oid, "text": texts.get(oid, oid), "met": ok, "weight": w}
                                                 for oid, ok, w in a["objectives"]]})
    return out


def _effect_text(state: GameState, lines) -> str:
    parts = []
    for k, d, b, a in lines or []:
        label = state.cs.slots[k].label if k in state.cs.slots else k
        parts.append(f"{label} {'+' if d > 0 else ''}{d:g} ({b:g}→{a:g})")
    return "; ".join(parts) or "no change to the tracks"


def _timeline(state: GameState) -> list[dict]:
    """The public record so far, oldest first, as plain sentences (the pages show them as text)."""
    items = []
    node = state.timeline
    while node is not None:
        ev, move, node = node
        text = _timeline_text(state, ev, move)
        if text:
            items.append({"turn": ev.get("turn", 0), "kind": ev["type"], "text": text})
    items.reverse()
    return items


def _timeline_text(state: GameState, ev: dict, move: Move | None) -> str:
    cs = state.cs
    t = ev["type"]
    name = DELEGATION_NAMES.get(ev.get("delegation", ""), ev.get("delegation", ""))
    if t == "turn-started":
        titles = ", ".join(cs.injects[i].inject.title for i in ev["injects"] if i in cs.injects) or "no inject"
        return f"Turn {ev['turn']} ({ev['date']}): {titles}"
    if t == "moves-revealed":
        return "Moves revealed"
    if t == "move-resolved":
        what = ""
        if move is not None:
            c = _choice(state, move)
            what = f" — {c['label'] or c['option']}" if c["option"] else f" — free-form: {c['action']}"
        who = "Control" if ev["by"] == "control" else "the rules"
        why = f": {ev['reason']}" if ev.get("reason") else ""
        return f"{name}{what}: {cs.outcome_label(ev['outcome'])} ({who}{why}); {_effect_text(state, ev['effects'])}"
    if t == "combined-applied":
        rule = _find_combined(state, ev["inject"], ev["rule"])
        return f"Combined move — {rule.rule.label if rule else ev['rule']}: {_effect_text(state, ev['effects'])}"
    if t == "response-applied":
        r = _response(state, ev)
        return f"{r['actor_name']}: {r['label'] or 'no response'}; {_effect_text(state, ev['effects'])}"
    if t == "track-adjusted":
        return f"Control adjusted {_effect_text(state, ev['effects'])} — {ev['reason']}"
    if t == "timer-set":
        return f"Deliberation timer: {_duration(ev['seconds'])}"
    if t == "timer-extended":
        return f"Deliberation timer extended by {_duration(ev['seconds'])}"
    if t == "timer-expired":
        late = ", ".join(DELEGATION_NAMES.get(d, d) for _i, d in ev["late"])
        return "Time is up" + (f"; still deliberating: {late}" if late else "")
    if t == "bot-assigned":
        return (f"{name} is played by a bot ({ev['policy']})" if ev["policy"]
                else f"{name} is played by its team again")
    if t == "turn-ended":
        return f"Turn {ev['turn']} ended"
    if t == "game-ended":
        return f"Game ended — {ev['reason']}"
    return ""


def _duration(seconds: int) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m} min {s} s" if s and m else f"{m} min" if m else f"{s} s"


def _note(n: dict) -> dict:
    return {"turn": n["turn"], "phase": n["phase"], "inject": n.get("inject"), "text": n["text"],
            "by": n.get("by"), "kind": n["kind"]}


# ---------------------------------------------------------------- one delegation's own view
def _me(state: GameState, code: str) -> dict:
    cs = state.cs
    brief = cs.scenario.delegations[code]
    return {
        "code": code, "name": DELEGATION_NAMES.get(code, code), "team": (state.players or {}).get(code, ""),
        "bot": state.bots.get(code),
        "brief": {"role": brief.role, "interests": list(brief.interests), "red_lines": list(brief.red_lines),
                  "constraints": list(brief.constraints),
                  "objectives": [{"id": o.id, "text": o.text, "weight": o.weight} for o in brief.objectives]},
        "tasks": [_task(state, iid, code) for iid, d in state.expected if d == code],
        "free_action_odds": cs.ruleset.free_action_odds,
    }


def _task(state: GameState, iid: str, code: str) -> dict:
    cs = state.cs
    ci = cs.injects[iid]
    m = state.moves.get((iid, code))
    options = []
    if state.phase == "deliberation":
        for oid, co in ci.options.get(code, {}).items():
            o = co.option
            available = co.requires is None or bool(co.requires.evaluate(state))
            p, lines = odds_breakdown(state, iid, code, oid, None)
            options.append({"id": oid, "label": o.label, "description": o.description, "stance": o.stance,
                            "probability": p, "breakdown": [list(x) for x in lines],
                            "target": round(p * cs.ruleset.dice.sides), "available": available,
                            "requires": o.requires,
                            "unmet": "" if available else (o.unmet or "its requirement is not met")})
    return {"inject": iid, "title": ci.inject.title, "status": state.status_of(iid, code),
            "options": options, "move": _choice(state, m) if m is not None else None,
            "can_submit": state.phase == "deliberation" and m is None,
            "can_withdraw": state.phase == "deliberation" and m is not None}


# ---------------------------------------------------------------- Control's eyes only
def _control(state: GameState) -> dict:
    cs = state.cs
    return {
        "sealed": [_choice(state, m) for m in state.moves.values() if m.status == "sealed"],
        "injects": [{"id": iid, "control_notes": cs.injects[iid].inject.control_notes,
                     "expected_actions": list(cs.injects[iid].inject.expected_actions)} for iid in state.active],
        "proposals": [[a, r] for a, r in state.proposals.items()],
        "responses": [{"actor": ev["actor"], "response": ev["response"], "proposed": ev["proposed"],
                       "by": ev["by"], "reason": ev["reason"]} for ev in state.turn_responses],
        # This turn's notes of every kind, after the observer notes of earlier turns (the state keeps
        # only this turn's other notes; the log and the report keep them all).
        "notes": [_note(n) for n in (*[n for n in state.observer_notes if n["turn"] < state.turn], *state.notes)],
        "seed": state.seed,
    }
