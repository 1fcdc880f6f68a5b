"""Bot seats: a delegation without a team played by an automatic policy, looked up by name.

Bots seal only authored options (never a free-form action) and the move is flagged `bot:POLICY`
in the log. Policies are stateless functions of the game's seed and the state, so a resumed
game's bot makes the same choice the uninterrupted game would have.
"""

from __future__ import annotations

from wargame.engine import commands as C
from wargame.engine.seating import BOT_PREFIX
from wargame.engine.state import GameState
from wargame.sim import policies


def _registry() -> dict:
    """Policy name -> factory taking the game's seed.

    The automatic-play registry (`wargame.sim.policies.POLICIES`) when the package has one;
    the two built-in policies otherwise.
    """
    reg = getattr(policies, "POLICIES", None)
    if isinstance(reg, dict) and reg:
        return reg
    return {"first": lambda seed: policies.FirstPolicy(), "random": policies.RandomPolicy}


def policy_names() -> list[str]:
    return sorted(_registry())


def policy_named(name: str, seed: int):
    reg = _registry()
    if name not in reg:
        raise KeyError(f"unknown policy '{name}' (expected one of: {', '.join(sorted(reg))})")
    factory = reg[name]
    if hasattr(factory, "move") and not isinstance(factory, type):
        return factory  # a ready policy object
    return factory(seed)


def bot_move(state: GameState, inject: str, delegation: str, name: str) -> C.SubmitMove | None:
    """The bot's sealed move, or None when no authored option is open to it (Control decides)."""
    cmd = policy_named(name, state.seed).move(state, inject, delegation)
    if cmd.option is None:
        return None
    return cmd._replace(by=BOT_PREFIX + name)


def pending_bot_moves(state: GameState) -> list[C.SubmitMove]:
    """Moves the bot seats owe now (deliberation only), in the order delegations are expected."""
    if state.phase != "deliberation" or not state.bots:
        return []
    out = []
    for inject, d in state.pending_moves():
        name = state.bots.get(d)
        if name is not None:
            cmd = bot_move(state, inject, d, name)
            if cmd is not None:
                out.append(cmd)
    return out


def recheck_bot_move(state: GameState, record: dict) -> str | None:
    """For a logged `move-submitted` by `bot:POLICY`: None when the policy, asked now, makes the same
    choice; else what differs. Policies are stateless, so a verified log's bot moves can be re-derived
    (a bot's move leaves the tracks untouched, so the state just after it serves as well as before)."""
    by = record.get("by") or ""
    if record.get("type") != "move-submitted" or not by.startswith(BOT_PREFIX):
        return None
    name = by[len(BOT_PREFIX):]
    try:
        cmd = bot_move(state, record["inject"], record["delegation"], name)
    except KeyError:
        return f"the policy '{name}' is not available here, so its move cannot be re-derived"
    if cmd is None or cmd.option != record["option"]:
        return (f"{record['delegation']}'s bot ({name}) chose '{record['option']}', but the policy gives "
                f"'{cmd.option if cmd else 'no option'}'")
    return None
