"""Plain-text helpers shared by the screens: names, numbers, phases, effect lines.

Nothing here changes the game; functions read the compiled scenario and the state only.
"""

from __future__ import annotations

from wargame.model.scenario import DELEGATION_NAMES
from wargame.text import safe

PHASE_LABELS = {
    "setup": "Set-up",
    "deliberation": "Briefing & deliberation",
    "adjudication": "Reveal & adjudication",
    "responses": "Non-player responses",
    "outcome": "Outcome & hot wash",
    "ended": "Game over",
}
MODE_LABELS = {"rigid": "rigid (the rules decide)", "semi": "semi-rigid (rules propose, Control confirms)",
               "free": "free (Control decides, with a reason)"}
STATUS_LABELS = {"waiting": "waiting", "sealed": "sealed", "revealed": "revealed", "rolled": "rolled",
                 "resolved": "resolved"}
STATUS_ICONS = {"waiting": "…", "sealed": "■", "revealed": "□", "rolled": "⚄", "resolved": "✓"}


def delegation_name(code: str) -> str:
    return DELEGATION_NAMES.get(code, code)


def team_label(state, code: str) -> str:
    """`Japan (JPN)` or `Japan — Team Sakura`."""
    team = (state.players or {}).get(code, "") if state is not None else ""
    name = delegation_name(code)
    return f"{name} — {team}" if team else f"{name} ({code})"


def pct(p: float | None) -> str:
    if p is None:
        return "—"
    return f"{p * 100:.0f}%"


def signed(x) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, float):
        x = round(x, 2)
    return f"+{x}" if x > 0 else f"{x}"


def signed_pct(x: float) -> str:
    v = round(x * 100)
    return f"+{v}%" if v > 0 else f"{v}%"


def num(x) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return str(x)


def slot_label(cs, key: str) -> str:
    slot = cs.slots.get(key)
    return slot.label if slot is not None else key


def goodness(cs, key: str, delta: float) -> int:
    """+1 when a change is good news for the room, -1 when bad, 0 when neutral."""
    slot = cs.slots.get(key)
    if slot is None or not delta:
        return 0
    way = slot.track.higher_is
    if way == "neutral":
        return 0
    up = 1 if delta > 0 else -1
    return up if way == "better" else -up


def effect_markup(cs, lines) -> str:
    """Effect lines [key, delta, before, after] as Content markup, coloured by `higher_is`."""
    parts = []
    for key, delta, before, after in lines:
        g = goodness(cs, key, delta)
        colour = "$success" if g > 0 else "$error" if g < 0 else "$foreground"
        parts.append(f"{escape(slot_label(cs, key))} [b {colour}]{signed(delta)}[/] ({num(before)}→{num(after)})")
    return "; ".join(parts) if parts else "[$foreground-muted]no change to the tracks[/]"


def escape(text: str) -> str:
    """Untrusted text for insertion into Content markup (see wargame/text/safe.py)."""
    return safe.markup(text)


def move_choice(cs, move) -> str:
    """The label of a revealed move's choice (never call this for a sealed move shown to the room)."""
    if move.option is None:
        return f"Free-form: {move.action}"
    co = cs.injects[move.inject].options.get(move.delegation, {}).get(move.option)
    return co.option.label if co is not None else move.option


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis when it does not fit (never a silent cut)."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def inject_title(cs, iid: str) -> str:
    ci = cs.injects.get(iid)
    return ci.inject.title if ci is not None else iid


def actor_name(cs, actor: str) -> str:
    a = cs.scenario.actors.get(actor)
    return a.name if a is not None else actor


def response_rule(cs, state, actor: str, rid: str | None):
    """The scenario's response `rid` of `actor` among those considered this turn."""
    if rid is None:
        return None
    for rule in responses_for(cs, state, actor):
        if rule.rule.id == rid:
            return rule
    return None


def responses_for(cs, state, actor: str) -> list:
    """Responses of `actor` Control may choose this turn: the active injects' and the standing ones."""
    rules = []
    for iid in state.active:
        rules.extend(r for r in cs.injects[iid].responses if r.rule.actor == actor)
    rules.extend(r for r in cs.responses if r.rule.actor == actor)
    return rules


def combined_rule(cs, iid: str, rid: str):
    ci = cs.injects.get(iid)
    if ci is None:
        return None
    return next((r for r in ci.combined if r.rule.id == rid), None)


def any_response(cs, actor: str, rid: str | None):
    """Response `rid` of `actor` anywhere in the scenario (for the timeline and reports)."""
    if rid is None:
        return None
    for ci in cs.injects.values():
        for r in ci.responses:
            if r.rule.actor == actor and r.rule.id == rid:
                return r
    return next((r for r in cs.responses if r.rule.actor == actor and r.rule.id == rid), None)
