"""Rules for play from delegation devices: who submitted a move, the deliberation timer, bot seats.

Kept apart from `rules.py` so the core rules stay as they are; `rules.py` registers these handlers
and calls `check_by` / `check_note` from its own submit, reopen and note handlers. Pure, like the
rest of the engine: deadlines come from the caller, never from a clock.
"""

from __future__ import annotations

import datetime as _dt
import re

from wargame.engine import commands as C
from wargame.engine.commands import Rejected
from wargame.engine.state import GameState

#: A policy name as the automatic-play registry spells it (`random`, `cautious`, ...).
POLICY_NAME = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
BOT_PREFIX = "bot:"
OBSERVER = "observer"
#: Longest countdown Control may set in one go (a day: any class is shorter).
MAX_TIMER_SECONDS = 24 * 3600


def parse_deadline(text: str) -> _dt.datetime:
    """A UTC deadline as written in the log (`2026-12-05T03:00:00.000Z`)."""
    if not isinstance(text, str) or not text.endswith("Z"):
        raise ValueError("expected a UTC time ending in Z")
    return _dt.datetime.fromisoformat(text[:-1]).replace(tzinfo=_dt.timezone.utc)


def format_deadline(t: _dt.datetime) -> str:
    return t.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_by(state: GameState, delegation: str, by: str | None, *, option: str | None, withdraw: bool) -> None:
    """A seat acts only for its own delegation; a bot only seals authored options."""
    if by is None or by == delegation:
        return
    if not withdraw and isinstance(by, str) and by.startswith(BOT_PREFIX):
        if not POLICY_NAME.match(by[len(BOT_PREFIX):]):
            raise Rejected(f"'{by}' is not a bot name (expected bot:POLICY)")
        if option is None:
            raise Rejected("a bot seals one of the authored options, never a free-form action")
        return
    raise Rejected(f"a move for {delegation} can only come from {delegation}'s own seat or Control")


def check_note(state: GameState, cmd: C.AddNote) -> None:
    if cmd.by is not None and cmd.by != OBSERVER:
        raise Rejected(f"notes come from Control or an observer, not '{cmd.by}'")
    if cmd.by == OBSERVER and cmd.kind != "observation":
        raise Rejected("an observer's note is an observation")
    if cmd.inject is not None and cmd.inject not in state.fired_injects:
        raise Rejected(f"'{cmd.inject}' is not an inject of this game so far")


def _timer_phase(state: GameState) -> None:
    if state.phase != "deliberation":
        raise Rejected(f"the deliberation timer runs during deliberation (now: {state.phase})")


def _set_timer(state: GameState, cmd: C.SetTimer) -> list[dict]:
    _timer_phase(state)
    if not isinstance(cmd.seconds, int) or not 1 <= cmd.seconds <= MAX_TIMER_SECONDS:
        raise Rejected(f"a countdown is 1 to {MAX_TIMER_SECONDS} seconds")
    try:
        parse_deadline(cmd.deadline)
    except (TypeError, ValueError):
        raise Rejected(f"'{cmd.deadline}' is not a deadline (expected UTC ISO 8601, e.g. 2027-03-01T09:30:00.000Z)") from None
    return [{"type": "timer-set", "turn": state.turn, "seconds": cmd.seconds, "deadline": cmd.deadline}]


def _extend_timer(state: GameState, cmd: C.ExtendTimer) -> list[dict]:
    _timer_phase(state)
    if state.timer is None or state.timer["expired"]:
        raise Rejected("no countdown is running (set a new one)")
    if not isinstance(cmd.seconds, int) or not 1 <= cmd.seconds <= MAX_TIMER_SECONDS:
        raise Rejected(f"an extension is 1 to {MAX_TIMER_SECONDS} seconds")
    deadline = parse_deadline(state.timer["deadline"]) + _dt.timedelta(seconds=cmd.seconds)
    return [{"type": "timer-extended", "turn": state.turn, "seconds": cmd.seconds,
             "deadline": format_deadline(deadline)}]


def _expire_timer(state: GameState, cmd: C.ExpireTimer) -> list[dict]:
    _timer_phase(state)
    if state.timer is None or state.timer["expired"]:
        raise Rejected("no countdown is running")
    return [{"type": "timer-expired", "turn": state.turn, "late": [list(k) for k in state.pending_moves()]}]


def _assign_bot(state: GameState, cmd: C.AssignBot) -> list[dict]:
    if cmd.delegation not in state.cs.delegations:
        raise Rejected(f"'{cmd.delegation}' is not a delegation of this scenario")
    if cmd.policy is not None and not (isinstance(cmd.policy, str) and POLICY_NAME.match(cmd.policy)):
        raise Rejected(f"'{cmd.policy}' is not a policy name")
    if state.bots.get(cmd.delegation) == cmd.policy:
        held = f"a {cmd.policy} bot" if cmd.policy else "its team"
        raise Rejected(f"{cmd.delegation} is already played by {held}")
    return [{"type": "bot-assigned", "turn": state.turn, "delegation": cmd.delegation, "policy": cmd.policy}]


HANDLERS = {C.SetTimer: _set_timer, C.ExtendTimer: _extend_timer, C.ExpireTimer: _expire_timer,
            C.AssignBot: _assign_bot}
