"""Commands: what Control (or a policy) asks the engine to do. Each yields events or is rejected.

Commands are NamedTuples: immutable, and cheap to build, which matters when replay rebuilds one
for every record of a long log.
"""

from __future__ import annotations

from typing import NamedTuple


class StartGame(NamedTuple):
    seed: int
    mode: str
    players: dict | None = None  # delegation -> team or player names
    #: Provenance of a forked game: {"log": path, "hash": last record hash, "seq": fork point}.
    parent: dict | None = None
    version: str = ""
    #: Where the scenario file was when the game started (replay keeps the recorded one).
    scenario_path: str | None = None


class SubmitMove(NamedTuple):
    inject: str
    delegation: str
    option: str | None = None
    #: A free-form (matrix-game) action: what the delegation does, and its argument for why it works.
    action: str | None = None
    argument: str | None = None
    rationale: str = ""
    #: Who submitted it: the delegation's own seat, `bot:POLICY`, or None for Control at the keyboard.
    by: str | None = None


class ReopenMove(NamedTuple):
    inject: str
    delegation: str
    reason: str = ""
    #: The delegation's own seat withdrawing its move, or None for Control.
    by: str | None = None


class Reveal(NamedTuple):
    """Reveal every sealed move at once."""


class Roll(NamedTuple):
    inject: str
    delegation: str
    #: A physical die result typed in by Control; None means the seeded generator rolls.
    physical: int | None = None
    #: Odds for a free-form action, set by Control at adjudication.
    odds: float | None = None


class Resolve(NamedTuple):
    inject: str
    delegation: str
    #: The outcome level Control settles on; None accepts the rules' proposal.
    outcome: str | None = None
    reason: str = ""
    #: Track changes for a free-form action, decided by Control (track key -> delta).
    effects: dict | None = None


class Respond(NamedTuple):
    actor: str
    #: The response applied; None means the actor does not respond this turn.
    response: str | None = None
    reason: str = ""


class AdjustTrack(NamedTuple):
    track: str
    delta: float
    reason: str
    #: Record the change as asked, not as taken: how logs written before the effective change was
    #: recorded read (replay of such a log only; never set by a person).
    as_asked: bool = False


class AddNote(NamedTuple):
    text: str
    kind: str = "hotwash"  # hotwash | control | improvement | observation
    #: The inject an observer's note is about (None: the turn as a whole).
    inject: str | None = None
    #: "observer" for a note from an observer's link; None for Control.
    by: str | None = None
    #: Marked by the facilitator for the improvement plan of the after-action report.
    improvement: bool = False


class SetTimer(NamedTuple):
    """Start (or restart) this turn's deliberation countdown.

    The engine has no clock: the caller supplies the deadline (UTC, ISO 8601) it computed from its
    own, and the log records it, so replay needs no clock either.
    """

    seconds: int
    deadline: str


class ExtendTimer(NamedTuple):
    """Push a running countdown's deadline back by `seconds`."""

    seconds: int


class ExpireTimer(NamedTuple):
    """The countdown ran out: the log records which delegations were still deliberating."""


class AssignBot(NamedTuple):
    """Give a delegation's seat to an automatic policy (by name), or back to its team (None)."""

    delegation: str
    policy: str | None


class EndTurn(NamedTuple):
    """Close the turn: the next one starts, or the game ends after the last."""


class EndGame(NamedTuple):
    reason: str


NOTE_KINDS = ("hotwash", "control", "improvement", "observation")


class Rejected(Exception):
    """A command that does not apply to the current state; the state is untouched."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)
