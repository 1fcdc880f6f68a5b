"""The scenario: everything an exercise needs, as authored in `scenarios/*.yaml`.

Track references in effects are written `id` (global), `id.DEL` (per delegation) or
`id.DEL-DEL` (per pair); the loader canonicalises pairs to alphabetical order.
"""

from __future__ import annotations

from typing import Literal

import attrs

from wargame.model.fields import field
from wargame.model.limits import DATE_PATTERN
from wargame.model.ruleset import ID_PATTERN

DELEGATIONS: tuple[str, ...] = ("USA", "JPN", "KOR", "AUS", "GBR")
DELEGATION_NAMES: dict[str, str] = {
    "USA": "United States",
    "JPN": "Japan",
    "KOR": "Republic of Korea",
    "AUS": "Australia",
    "GBR": "United Kingdom",
}
Delegation = Literal["USA", "JPN", "KOR", "AUS", "GBR"]
Scope = Literal["global", "delegation", "pair"]
Purpose = Literal["education", "exercise", "research"]
Stance = Literal["cautious", "cooperative", "national", "assertive", "other"]

CITATION_PATTERN = r"^[a-z0-9][a-z0-9-]*#[a-z0-9][a-z0-9-]*$"
ACTOR_PATTERN = r"^[A-Z][A-Z0-9]{1,7}$"

#: A track delta: a number, or an expression of the project's language giving a number.
Amount = int | float | str
Effects = dict[str, Amount]


@attrs.frozen(kw_only=True)
class LearningObjective:
    """A numbered learning objective (HSEEP style): what players should understand afterwards."""

    id: str = field("Short id, e.g. `LO1`.", pattern=r"^[A-Za-z0-9-]+$")
    text: str = field("The objective, one sentence.")


@attrs.frozen(kw_only=True)
class Objective:
    """A delegation's objective, assessed against the final state."""

    id: str = field("Objective id, unique within the delegation.", pattern=ID_PATTERN)
    text: str = field("What the delegation wants to achieve, in words players read.")
    when: str = field("Condition that is true at the end of the game when the objective is met.", expr="bool")
    weight: int = field("Relative importance for the delegation's score.", default=1, minimum=1, maximum=10)


@attrs.frozen(kw_only=True)
class DelegationBrief:
    """A player delegation's role brief: interests, red lines and constraints as the sources describe them."""

    role: str = field("Role brief shown to the delegation (Markdown).")
    interests: list[str] = field("National interests at stake.", factory=list)
    red_lines: list[str] = field("What the delegation will not accept.", factory=list)
    constraints: list[str] = field("Domestic and institutional constraints.", factory=list)
    objectives: list[Objective] = field("Objectives assessed at the end of the game.", factory=list)
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class Actor:
    """A non-player actor voiced by Control, with its intent card."""

    name: str = field("Full name, e.g. `People's Republic of China`.")
    intent: str = field("What the actor wants (Control's intent card).")
    provoked_by: list[str] = field("What provokes a response from it.", factory=list)
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class Track:
    """A state variable shown on the dashboard, clamped to its range."""

    id: str = field("Track id used in effects and `track(...)`.", pattern=r"^[a-z][a-z0-9_]*$")
    label: str = field("Name on the dashboard.")
    scope: Scope = field("`global`, one value per `delegation`, or one per `pair` of delegations.", default="global")
    min: int = field("Lowest value.", default=0)
    max: int = field("Highest value.", default=10)
    start: int | dict[str, int] = field(
        "Start value; for delegation or pair tracks, a number for all or a mapping from `USA` or `JPN-KOR` to a number.",
        default=0)
    pairs: list[str] = field("For pair tracks: the pairs tracked, e.g. `JPN-KOR`; default all pairs.", factory=list)
    meaning: str = field("What the track measures and what high values mean.", default="")
    higher_is: Literal["better", "worse", "neutral"] = field(
        "Whether a rise is good news (green) or bad (red) on the dashboard.", default="better")


@attrs.frozen(kw_only=True)
class Turns:
    """How many turns, and what span of time each stands for."""

    count: int = field("Number of turns.", minimum=1, maximum=30)
    step: str = field("In-game time per turn, e.g. `1 month`, `2 weeks`, `3 days`.",
                      pattern=r"^[0-9]{1,4} (day|days|week|weeks|month|months|year|years)$")
    start: str = field("In-game date of turn 1, `YYYY-MM-DD`, a real calendar date.", pattern=DATE_PATTERN,
                       format="date")


@attrs.frozen(kw_only=True)
class Modifier:
    """A change to an option's odds while a condition holds."""

    when: str = field("Condition over the state.", expr="bool")
    add: float = field("Added to the probability of success (negative to subtract).", minimum=-1, maximum=1)
    why: str = field("Reason shown in the odds breakdown.")


@attrs.frozen(kw_only=True)
class Option:
    """One course of action a delegation may take in answer to an inject."""

    id: str = field("Option id, unique within the inject.", pattern=ID_PATTERN)
    label: str = field("Short name on the option card.")
    description: str = field("What the delegation does, in one to three sentences.")
    stance: Stance = field("Character of the option: cautious, cooperative, national (interest), assertive or other.",
                           default="other")
    requires: str | None = field("Condition that must hold for the option to be offered.", default=None, expr="bool")
    unmet: str = field("Why the option is unavailable when `requires` fails (shown greyed).", default="")
    odds: float = field("Base probability of success before modifiers.", minimum=0, maximum=1)
    modifiers: list[Modifier] = field("Conditional changes to the odds.", factory=list)
    effects: dict[str, Effects] = field(
        "Track changes per outcome level id, e.g. `success: {mda: 2, trust.JPN-KOR: 1}`.", factory=dict)
    outcomes: dict[str, str] = field("Narrative per outcome level id, shown after adjudication.", factory=dict)
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class Combined:
    """A combined-move rule: effects when delegations' choices reinforce or undercut each other."""

    id: str = field("Rule id, unique within the inject.", pattern=ID_PATTERN)
    label: str = field("Short name shown at adjudication.")
    when: str = field("Condition, typically `chose(JPN, \"a\") and chose(KOR, \"b\")` or `succeeded(...)`.",
                      expr="bool")
    effects: Effects = field("Track changes when the rule applies.", factory=dict)
    narrative: str = field("What happens, shown at adjudication.", default="")
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class Response:
    """A non-player actor's response, proposed to Control when its condition holds."""

    id: str = field("Response id, unique within its list.", pattern=ID_PATTERN)
    actor: str = field("The actor responding, e.g. `PRC`.", pattern=ACTOR_PATTERN)
    label: str = field("Short name shown to Control.")
    when: str = field("Condition under which the response table proposes it.", default="true", expr="bool")
    effects: Effects = field("Track changes when applied.", factory=dict)
    narrative: str = field("What the actor does, read out by Control.", default="")
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class Inject:
    """An event presented to delegations (an entry of the master scenario events list)."""

    id: str = field("Inject id.", pattern=ID_PATTERN)
    title: str = field("Headline.")
    narrative: str = field("Briefing for players (Markdown).")
    turn: int | None = field("Turn it is scheduled for; with `when`, it fires that turn only if the condition holds.",
                             default=None, minimum=1)
    when: str | None = field("Trigger condition, checked at the start of each turn until it fires.",
                             default=None, expr="bool")
    earliest: int = field("First turn a triggered inject may fire.", default=1, minimum=1)
    to: list[Delegation] = field("Delegations addressed; empty means all.", factory=list)
    control_notes: str = field("Background and guidance for Control only.", default="")
    expected_actions: list[str] = field("What Control expects delegations to consider.", factory=list)
    objectives: list[str] = field("Learning objective ids this inject serves.", factory=list)
    options: dict[Delegation, list[Option]] = field("Options per addressed delegation.", factory=dict)
    combined: list[Combined] = field("Combined-move rules applied after all moves are adjudicated.", factory=list)
    responses: list[Response] = field("Non-player responses considered after adjudication.", factory=list)
    sources: list[str] = field("Citations `doc-id#claim-id`.", factory=list)


@attrs.frozen(kw_only=True)
class DebriefPrompt:
    """A question for the debrief, tied to learning objectives."""

    question: str = field("The question.")
    objectives: list[str] = field("Learning objective ids it serves.", factory=list)


@attrs.frozen(kw_only=True)
class Scenario:
    """A complete exercise (`scenarios/*.yaml`)."""

    format: int = field("File format version; currently 1.", minimum=1, maximum=1)
    id: str = field("Scenario id, used by `wargame play ID`.", pattern=ID_PATTERN)
    title: str = field("Title.")
    summary: str = field("Two or three sentences for the scenario picker.")
    purpose: Purpose = field("`education`, `exercise` or `research`.", default="education")
    audience: str = field("Who it is written for.", default="")
    duration_minutes: int = field("Intended playing time in minutes.", default=90, minimum=10, maximum=600)
    ruleset: str = field("Ruleset id (a file in `rules/`).", default="standard", pattern=ID_PATTERN)
    sources: list[str] = field("Source register doc ids the scenario draws on.", factory=list)
    assumptions: list[str] = field("Assumptions shown to all players up front.", factory=list)
    learning_objectives: list[LearningObjective] = field("Numbered learning objectives.", factory=list)
    delegations: dict[Delegation, DelegationBrief] = field("Player delegations and their role briefs.", factory=dict)
    actors: dict[str, Actor] = field("Non-player actors voiced by Control, by id (e.g. `PRC`).", factory=dict)
    tracks: list[Track] = field("State tracks.", factory=list)
    turns: Turns = field("Turn count and time step.")
    injects: list[Inject] = field("Injects, scheduled or triggered.", factory=list)
    responses: list[Response] = field("Standing non-player responses considered every turn.", factory=list)
    debrief: list[DebriefPrompt] = field("Debrief questions.", factory=list)
