"""From a seat's JSON body to an engine command: the delegation always comes from the token, never
from the body, and every field is checked for type and size before the engine sees it."""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.seats.guards import Refused

#: Longest text accepted per field (characters); the 16 KiB body cap bounds the sum.
LIMITS = {"rationale": 4000, "action": 2000, "argument": 4000, "reason": 500, "text": 4000, "inject": 100,
          "option": 100}


def _text(body: dict, key: str, *, required: bool = False, default: str | None = "") -> str | None:
    value = body.get(key, None)
    if value is None:
        if required:
            raise Refused(400, f"'{key}' is missing.")
        return default
    if not isinstance(value, str):
        raise Refused(400, f"'{key}' must be text.")
    if len(value) > LIMITS[key]:
        raise Refused(413, f"'{key}' is too long (at most {LIMITS[key]} characters).")
    if required and not value.strip():
        raise Refused(400, f"'{key}' is empty.")
    return value


def _only(body: dict, allowed: set[str]) -> None:
    extra = sorted(k for k in body if k not in allowed)
    if extra:
        raise Refused(400, f"Unexpected field '{extra[0]}'.")


def check_turn(body: dict, turn: int) -> None:
    """The page's turn must be the game's: a form left open from an earlier turn is refused."""
    t = body.get("turn")
    if not isinstance(t, int) or isinstance(t, bool):
        raise Refused(400, "'turn' (the turn shown on the page) is missing.")
    if t != turn:
        raise Refused(409, f"This page shows turn {t}, but the game is in turn {turn}; it has been refreshed.")


def move_command(body: dict, delegation: str, turn: int) -> C.SubmitMove:
    _only(body, {"inject", "option", "free", "rationale", "turn"})
    check_turn(body, turn)
    inject = _text(body, "inject", required=True)
    rationale = _text(body, "rationale") or ""
    option = _text(body, "option", default=None)
    free = body.get("free")
    if (option is None) == (free is None):
        raise Refused(400, "Send either 'option' or 'free' (a free-form action), not both or neither.")
    if free is not None:
        if not isinstance(free, dict):
            raise Refused(400, "'free' must be an object with 'action' and 'argument'.")
        _only(free, {"action", "argument"})
        action = _text(free, "action", required=True)
        argument = _text(free, "argument", default=None)
        return C.SubmitMove(inject, delegation, None, action.strip(), (argument or "").strip() or None,
                            rationale.strip(), by=delegation)
    return C.SubmitMove(inject, delegation, option, rationale=rationale.strip(), by=delegation)


def withdraw_command(body: dict, delegation: str, turn: int) -> C.ReopenMove:
    _only(body, {"inject", "reason", "turn"})
    check_turn(body, turn)
    inject = _text(body, "inject", required=True)
    reason = (_text(body, "reason") or "").strip()
    return C.ReopenMove(inject, delegation, reason or "withdrawn by the delegation", by=delegation)


def note_command(body: dict) -> C.AddNote:
    _only(body, {"inject", "text", "turn"})
    inject = _text(body, "inject", default=None)
    text = _text(body, "text", required=True).strip()
    return C.AddNote(text, "observation", inject or None, by="observer")
