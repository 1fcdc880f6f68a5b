"""The ruleset: how a probability becomes a roll and a roll becomes an outcome level."""

from __future__ import annotations

from typing import Literal

import attrs

from wargame.model.fields import field

Mode = Literal["rigid", "semi", "free"]
MODES: tuple[str, ...] = ("rigid", "semi", "free")

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


@attrs.frozen(kw_only=True)
class Dice:
    """The die rolled for every adjudication: a roll is a whole number from 1 to `sides`."""

    sides: int = field("Faces of the die; 100 gives percentile rolls.", default=100, minimum=2, maximum=1000)


@attrs.frozen(kw_only=True)
class ProbabilityModel:
    """Bounds that keep every move uncertain, whatever its modifiers add up to."""

    min: float = field("Lowest probability of success after modifiers.", default=0.05, minimum=0, maximum=1)
    max: float = field("Highest probability of success after modifiers.", default=0.95, minimum=0, maximum=1)


@attrs.frozen(kw_only=True)
class OutcomeLevel:
    """One outcome band. Bands are tried in order; the first whose condition holds is the outcome."""

    id: str = field("Outcome id used as a key in option effects, e.g. `success`.", pattern=ID_PATTERN)
    label: str = field("Name shown to players, e.g. `Major success`.")
    when: str = field("Condition over `roll` (the die) and `target` (probability x sides, rounded).", expr="bool")
    success: bool = field("Whether this level counts as a success for `succeeded(...)` and statistics.")
    description: str = field("What this level means at the table.", default="")


@attrs.frozen(kw_only=True)
class OverridePolicy:
    """What Control must record to override the rules."""

    min_reason_chars: int = field("Shortest accepted written reason for an override.", default=10, minimum=1)


@attrs.frozen(kw_only=True)
class MovePolicy:
    """What a delegation must write with its move."""

    rationale_required: bool = field(
        "Whether move entry refuses to seal a move without the delegation's rationale (why it chose this). "
        "The debrief and the after-action report rely on it; turn it off for quick demonstration games.",
        default=True)


@attrs.frozen(kw_only=True)
class Ruleset:
    """Dice, probability model, outcome levels and adjudication defaults (`rules/*.yaml`)."""

    format: int = field("File format version; currently 1.", minimum=1, maximum=1)
    id: str = field("Ruleset id, referred to by scenarios.", pattern=ID_PATTERN)
    title: str = field("Human-readable name.")
    description: str = field("What this ruleset is for and how it adjudicates.", default="")
    dice: Dice = field("The die used for rolls.", factory=Dice)
    probability: ProbabilityModel = field("Bounds on the probability of success.", factory=ProbabilityModel)
    outcomes: list[OutcomeLevel] = field("Outcome levels, best first; the last must always match.", factory=list)
    default_mode: Mode = field("Adjudication mode when the facilitator does not choose one.", default="semi")
    override: OverridePolicy = field("Rules for facilitator overrides.", factory=OverridePolicy)
    moves: MovePolicy = field("What move entry asks of each delegation.", factory=MovePolicy)
    free_action_odds: float = field("Suggested odds for a free-form action before Control sets them.",
                                    default=0.5, minimum=0, maximum=1)
