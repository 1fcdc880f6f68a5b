"""The after-action report's analysis, shaped as exercise directors expect (HSEEP AAR/IP): a rating for
each learning objective with the evidence from play, its strengths and areas for improvement, the
executive summary, and the improvement plan's items. Pure: reads a `GameReport`, returns text.

The rating of an objective is derived from the moves made on the injects that serve it:

| rating | when |
| --- | --- |
| Performed without challenges | at least 3 in 4 of those moves succeeded, and Control overrode none of them |
| Performed with some challenges | at least half succeeded |
| Performed with major challenges | some, but fewer than half, succeeded |
| Unable to be performed | none succeeded |
| Not observed | no inject serving it was reached, or none of its moves was adjudicated |

It is a proposal from the record of play; the report says so, and the exercise director confirms it.
"""

from __future__ import annotations

import attrs

from wargame.engine.interventions import count_text
from wargame.report import text
from wargame.report.model import GameReport, MoveEntry

RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
    None: "Not observed",
}

#: How many strengths or areas are named per objective before "and N more" (the rest are in Appendix A).
LISTED = 3


@attrs.define
class Evidence:
    turn: int
    inject: str  # title
    moves: list[MoveEntry]


@attrs.define
class ObjectiveAnalysis:
    id: str
    text: str
    rating: str | None
    evidence: list[Evidence]
    strengths: list[str]
    areas: list[str]
    missed: list[str]  # titles of serving injects never reached
    successes: int = 0
    adjudicated: int = 0

    @property
    def rating_label(self) -> str:
        return RATINGS[self.rating]


def rate(successes: int, adjudicated: int, overridden: int) -> str | None:
    if adjudicated == 0:
        return None
    share = successes / adjudicated
    if share >= 0.75 and not overridden:
        return "P"
    if share >= 0.5:
        return "S"
    if successes:
        return "M"
    return "U"


def _move_phrase(m: MoveEntry, inject: str, turn: int) -> str:
    return f"{text.nation(m.delegation)}: {text.choice_text(m)} ({m.outcome_label}) on “{inject}”, turn {turn}"


def _listed(items: list[str]) -> list[str]:
    if len(items) <= LISTED:
        return items
    return items[:LISTED] + [f"and {len(items) - LISTED} more (Appendix A)"]


def analyse(report: GameReport) -> list[ObjectiveAnalysis]:
    cs = report.cs
    out = []
    for lo in cs.scenario.learning_objectives:
        fired, missed = text.served_injects(report, lo.id)
        evidence, moves = [], []
        for turn, iid in fired:
            inj = cs.injects[iid].inject
            ms = [m for m in text.observed(report, turn, iid)]
            evidence.append(Evidence(turn, inj.title, ms))
            moves += [(m, inj.title, turn) for m in ms if m.resolved]
        successes = [x for x in moves if x[0].success]
        failures = [x for x in moves if not x[0].success]
        overridden = [x for x in moves if x[0].overridden]
        order = {lvl.id: i for i, lvl in enumerate(cs.outcomes)}
        successes.sort(key=lambda x: (order.get(x[0].outcome, 99), x[2]))
        failures.sort(key=lambda x: (-order.get(x[0].outcome, 99), x[2]))
        strengths = _listed([_move_phrase(*x) for x in successes])
        areas = _listed([_move_phrase(*x) for x in failures])
        areas += [f"Control overrode the rules on {text.nation(m.delegation)}'s move on “{t}” (turn {n}): "
                  f"{m.reason or 'no reason given'}" for m, t, n in overridden]
        missed_titles = [cs.injects[i].inject.title for i in missed if i in cs.injects]
        out.append(ObjectiveAnalysis(lo.id, lo.text, rate(len(successes), len(moves), len(overridden)), evidence,
                                     strengths, areas, missed_titles, len(successes), len(moves)))
    return out


def improvement_items(report: GameReport) -> list[dict]:
    """Notes the facilitator marked for the improvement plan: hot-wash notes tagged as improvement
    items, and notes of the improvement kind."""
    return [n for n in report.notes if n.get("improvement") or n.get("kind") == "improvement"]


def executive_summary(report: GameReport, analyses: list[ObjectiveAnalysis]) -> list[str]:
    """Short paragraphs of plain text, in the order a director reads them."""
    counts = text.headline_counts(report)
    total_turns = report.cs.scenario.turns.count
    played = len(report.turns)
    out = []
    share = f" ({round(100 * counts['successes'] / counts['moves'])}%)" if counts["moves"] else ""
    out.append(f"{report.title} was played on {text.played_date(report)}, {text.time_span(report)}: "
               f"{played} of {total_turns} turns, {counts['moves']} moves by {len(report.cs.delegations)} "
               f"delegations, {counts['successes']} of them successful{share}. The game {text.ended_text(report)}.")
    if analyses:
        by = {}
        for a in analyses:
            by.setdefault(a.rating, []).append(a.id)
        parts = [f"{RATINGS[r].lower()}: {', '.join(ids)}" for r in ("P", "S", "M", "U", None) if (ids := by.get(r))]
        out.append(f"Learning objectives ({len(analyses)}): " + "; ".join(parts) + ".")
    moved = []
    first, last = report.points[0].values, report.points[-1].values
    for key, slot in report.cs.slots.items():
        delta = last.get(key, slot.start) - first.get(key, slot.start)
        if delta:
            moved.append((abs(delta) / ((slot.max - slot.min) or 1), slot.label, first.get(key), last.get(key)))
    moved.sort(key=lambda x: -x[0])
    if moved:
        out.append("Largest changes: " + "; ".join(f"{lbl} {text.num(a)} → {text.num(b)}"
                                                   for _w, lbl, a, b in moved[:4]) + ".")
    if report.assessment:
        out.append("Delegation objectives met: " + "; ".join(
            f"{text.nation(d)} {a.get('score', 0)} of {a.get('of', 0)}" for d, a in report.assessment.items()) + ".")
    kinds = [i.kind for i in report.interventions]
    out.append(f"{count_text(kinds)}; each is audited in section 5 with its reason." if kinds else
               "No Control interventions: the rules' proposals stood throughout (section 5).")
    items = improvement_items(report)
    if items:
        out.append(f"{len(items)} hot-wash note{'s' if len(items) != 1 else ''} marked as improvement item"
                   f"{'s' if len(items) != 1 else ''} {'are' if len(items) != 1 else 'is'} carried into the "
                   f"improvement plan (section 7).")
    else:
        out.append("No hot-wash note was marked as an improvement item (section 7 leaves rows for the debrief).")
    return out
