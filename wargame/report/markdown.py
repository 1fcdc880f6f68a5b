"""The after-action report as Markdown, with one SVG chart per track written beside it and linked.

`render(report, register, chart_names)` returns the text; `chart_files(report, out)` gives the SVG
files to write (`aar.md` -> `aar-<track>.svg`). User text is escaped so it cannot inject HTML, and
text typed at the table is shown as typed (its `*`, `_`, `#` are not Markdown).
"""

from __future__ import annotations

import re
from pathlib import Path

from wargame.engine.interventions import DEFINITION, count_text
from wargame.report import aar, text
from wargame.report.charts import track_charts
from wargame.report.model import GameReport, MoveEntry
from wargame.report.sources import Register


def esc(s) -> str:
    """Plain text safe in Markdown: no raw HTML."""
    return ("" if s is None else str(s)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def user(s) -> str:
    """Text typed at the table (rationales, reasons, notes): shown as typed, never as Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", esc(s))


def cell(s) -> str:
    """Text safe in a table cell."""
    return esc(s).replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def quote(md: str) -> str:
    """Author Markdown as a block quote (raw HTML neutralised)."""
    lines = esc(md).strip().splitlines() or [""]
    return "\n".join("> " + ln if ln.strip() else ">" for ln in lines)


def chart_files(report: GameReport, out: Path) -> list[tuple[Path, str, str]]:
    """(path, title, svg) for each track chart, named after the report file."""
    return [(out.with_name(f"{out.stem}-{ch.track_id}.svg"), ch.title, ch.svg)
            for ch in track_charts(report, standalone=True)]


def _cites(report: GameReport, refs) -> str:
    nums = sorted(set(report.cite(refs)))
    return "".join(f"[[{n}]](#src-{n})" for n in nums)


def _move(report: GameReport, m: MoveEntry) -> list[str]:
    flag = " — ⚠ **OVERRIDE**" if m.overridden else (" — *Control ruling*" if m.by == "control" else "")
    if not m.verified:
        flag += " — **UNVERIFIED**"
    choice = f"Free-form action: {esc(m.action)}" if m.is_free else esc(m.option_label)
    stance = f" *({esc(m.stance)})*" if m.stance and m.stance != "other" else ""
    out = [f"**{m.delegation}** ({esc(text.nation(m.delegation))}) — **{choice}**{stance}{flag} "
           f"{_cites(report, m.sources)}".rstrip(), ""]
    if m.is_free and m.argument:
        out.append(f"- Argument: {esc(m.argument)}")
    out.append(f"- Rationale: “{user(m.rationale)}”" if m.rationale.strip() else "- Rationale: none recorded")
    for r in m.reopened:
        out.append(f"- Reopened by Control before the reveal (was: {user(r['was'])}); reason: “{user(r['reason'])}”")
    if m.probability is not None:
        parts = "; ".join(f"{esc(lbl)} {amt}" for lbl, amt in text.odds_lines(m))
        out.append(f"- Odds: {parts} → **{text.pct(m.probability)}**")
    out.append(f"- Roll: {text.roll_text(m)}")
    out.append(f"- Outcome: **{esc(m.outcome_label or 'not adjudicated')}**"
               + (f" — OVERRIDDEN; the rules proposed {esc(report.cs.outcome_label(m.proposed))}" if m.overridden
                  else " — decided by Control" if m.by == "control" and m.resolved
                  else " (as the rules proposed)" if m.resolved else ""))
    if m.reason:
        out.append(f"- {'Override reason' if m.overridden else 'Control' + chr(39) + 's reason'}: “{user(m.reason)}”")
    if m.resolved:
        out.append(f"- Effects: {esc(text.effects_text(report, m.effects))}")
    if m.narrative:
        out += ["", quote(m.narrative)]
    out.append("")
    return out


def _turn(report: GameReport, t) -> list[str]:
    cs = report.cs
    out = [f"### Turn {t.number} — {t.date}" + ("" if t.verified else " (UNVERIFIED)"), ""]
    if t.injects:
        out += ["#### Briefing", ""]
    for iid in t.injects:
        ci = cs.injects.get(iid)
        if ci is None:
            out += [f"**{esc(iid)}** (not in the scenario)", ""]
            continue
        inj = ci.inject
        meta = f"to {', '.join(ci.to)}" + (f" · serves {', '.join(inj.objectives)}" if inj.objectives else "")
        out += [f"**{esc(inj.title)}** {_cites(report, inj.sources)} — {meta} · inject `{iid}`".replace("  ", " "), "",
                quote(inj.narrative), ""]
    if t.moves:
        out += ["#### Moves and adjudication", ""]
        groups = list(dict.fromkeys(m.inject for m in t.moves))
        for iid in groups:
            if len(groups) > 1:
                ci = cs.injects.get(iid)
                out += [f"*On “{esc(ci.inject.title if ci else iid)}”:*", ""]
            for m in t.moves:
                if m.inject == iid:
                    out += _move(report, m)
    if t.combined:
        out += ["#### Combined moves", ""]
        for c in t.combined:
            out.append(f"- **{esc(c['label'])}** {_cites(report, c['sources'])}"
                       + ("" if c["verified"] else " **UNVERIFIED**")
                       + (f" — {esc(c['narrative'])}" if c["narrative"] else "")
                       + f" Effects: {esc(text.effects_text(report, c.get('effects')))}")
        out.append("")
    if t.responses:
        out += ["#### Non-player responses", ""]
        for r in t.responses:
            what = esc(r["label"]) if r.get("response") else "no response"
            line = f"- **{esc(r['actor_name'])}** ({esc(r.get('actor'))}): {what}"
            if r.get("overridden"):
                line += (f" — ⚠ **OVERRIDE** (the table proposed {esc(r['proposed_label'])}); "
                         f"reason: “{user(r.get('reason'))}”")
            elif r.get("reason"):
                line += f" — Control's reason: “{user(r.get('reason'))}”"
            line += f" {_cites(report, r['sources'])}".rstrip()
            if r["narrative"]:
                line += f" — {esc(r['narrative'])}"
            line += f" Effects: {esc(text.effects_text(report, r.get('effects')))}"
            out.append(line + ("" if r["verified"] else " **UNVERIFIED**"))
        out.append("")
    if t.adjustments:
        out += ["#### Control adjustments", ""]
        out += [f"- ⚠ {esc(text.effects_text(report, a.get('effects')))}; reason: “{user(a.get('reason'))}”"
                for a in t.adjustments]
        out.append("")
    if t.notes:
        out += ["#### Notes", ""]
        out += [f"- *{text.NOTE_KINDS.get(n.get('kind'), n.get('kind'))}:* {user(n.get('text'))}" for n in t.notes]
        out.append("")
    changes = text.turn_changes(report, t.number)
    if changes:
        out += ["#### Tracks this turn", "", "| Track | Before | After | Change |", "|---|--:|--:|--:|"]
        out += [f"| {cell(lbl)} | {text.num(b)} | {text.num(a)} | {text.signed(a - b)} |" for lbl, b, a in changes]
        out.append("")
    return out


def render(report: GameReport, register: Register, charts: list[tuple[str, str]] | None = None) -> str:
    """`charts`: (relative file name, title) of the SVG files written beside the report."""
    cs = report.cs
    s = cs.scenario
    counts = text.headline_counts(report)
    report.citations.clear()
    timeline: list[str] = []
    for t in report.turns:
        timeline += _turn(report, t)
    out = [f"# After-action report: {esc(report.title)}", ""]
    if not report.verified:
        out += [f"> **⚠ UNVERIFIED LOG** — produced with `--allow-unverified`. {esc(report.problem)}. "
                f"Everything from line {report.unverified_from} of the log on is shown as it stands in the file "
                f"and may have been altered; it is marked UNVERIFIED.", ""]
    for w in report.warnings:
        out += [f"> Warning: {esc(w)}", ""]
    analyses = aar.analyse(report)
    items = aar.improvement_items(report)
    out += [f"**{counts['moves']} moves · {counts['successes']} successful · {counts['interventions']} Control "
            f"interventions · {len(items)} improvement items**", ""]
    if report.fingerprint:
        out += [f"Log fingerprint: `{report.fingerprint}`", ""]

    out += ["## 1. Exercise overview", "", esc(s.summary), "", "| | |", "|---|---|"]
    for label, value in text.summary_rows(report):
        v = "<br>".join(cell(x) for x in value) if isinstance(value, list) else cell(value)
        out.append(f"| **{label}** | {v} |")
    out.append("")

    out += ["## 2. Executive summary", ""]
    for para in aar.executive_summary(report, analyses):
        out += [esc(para), ""]

    out += ["## 3. Analysis of learning objectives", "",
            "*Each rating is proposed from the record of play: the share of successful moves on the injects that "
            "serve the objective (three in four and no override: without challenges; half: some; fewer: major; "
            "none: unable). The exercise director confirms or amends it.*", ""]
    if not analyses:
        out += ["The scenario states no learning objectives.", ""]
    for a in analyses:
        out += [f"### {a.id}. {esc(a.text)}", "", f"**Rating: {a.rating_label}**", ""]
        if a.evidence:
            parts = []
            for ev in a.evidence:
                done = [m for m in ev.moves if m.resolved]
                parts.append(f"turn {ev.turn} “{esc(ev.inject)}” {sum(1 for m in done if m.success)}/{len(done)}")
            out += [f"*Evidence: {a.successes} of {a.adjudicated} moves successful:* " + "; ".join(parts) + ".", ""]
        else:
            out += ["No inject serving this objective was reached in this game.", ""]
        for key, found in (("Strengths", a.strengths), ("Areas for improvement", a.areas)):
            if found:
                out += [f"**{key}**", ""] + [f"- {esc(x)}" for x in found] + [""]
        if a.missed:
            out += ["*Not reached this game: " + esc(", ".join(a.missed)) + ".*", ""]

    out += ["## 4. Objectives by delegation", ""]
    if report.assessment_provisional:
        out += ["*The game has not ended: a provisional assessment against the state where the log stops.*", ""]
    if not report.assessment:
        out += ["No assessment: the game did not reach its end.", ""]
    else:
        out += ["| Delegation | Objective | Weight | Result |", "|---|---|--:|---|"]
        for d in cs.delegations:
            team = report.players.get(d) or ""
            who = f"{d} ({cell(text.nation(d))})" + (f", {cell(team)}" if team else "")
            a = report.assessment.get(d, {})
            for oid, t, w, ok in text.assessment_rows(report, d):
                out.append(f"| {who} | {cell(t)} | {w} | {'**met**' if ok else 'not met'} |")
            out.append(f"| {who} | *score* | {a.get('score', 0)} of {a.get('of', 0)} | |")
        out.append("")

    moves = report.moves
    kinds = [i.kind for i in report.interventions]
    out += ["## 5. Control's decisions (audit)", "",
            f"{count_text(kinds)}. {DEFINITION} Of {len(moves)} move(s), "
            f"{sum(1 for m in moves if m.resolved and m.by == 'rules')} were settled by the rules as proposed.", ""]
    if report.interventions:
        out += ["| Turn | What | Subject | Proposed | Decided | Reason |", "|--:|---|---|---|---|---|"]
        out += [f"| {i.turn} | {cell(i.kind)} | {cell(i.subject)} | {cell(i.proposed)} | **{cell(i.decided)}** | "
                f"{cell(i.reason) or '**none given**'}{'' if i.verified else ' **UNVERIFIED**'} |"
                for i in report.interventions]
        out.append("")

    out += ["## 6. Hot wash and debrief", ""]
    notes = [n for n in report.notes if n.get("kind") in ("hotwash", "observation", "control")]
    out += [f"- Turn {n.get('turn')}, {text.NOTE_KINDS.get(n.get('kind'), n.get('kind'))}: {user(n.get('text'))}"
            + (" **(improvement item)**" if n.get("improvement") else "") for n in notes] or [
        "No hot-wash notes were recorded."]
    out.append("")
    if s.debrief:
        out += ["### Debrief questions", ""]
        out += [f"{i}. {esc(q.question)}" + (f" *({', '.join(q.objectives)})*" if q.objectives else "")
                for i, q in enumerate(s.debrief, start=1)]
        out.append("")

    out += ["## 7. Improvement plan", "",
            ("From the hot-wash notes the facilitator marked as improvement items; the other columns are completed "
             "after the debrief." if items else
             "No hot-wash note was marked as an improvement item; the rows are for the debrief."), "",
            "| Area for improvement | Corrective action | Objective | Owner | Due |", "|---|---|---|---|---|"]
    out += [f"| {cell(n.get('text'))} (turn {n.get('turn')}) | | | | |" for n in items]
    out += ["| | | | | |"] * max(0, 3 - len(items))
    out.append("")

    out += ["## Appendix A. Timeline", ""]
    if s.assumptions:
        out += ["### Assumptions shown to players", ""] + [f"- {esc(a.strip())}" for a in s.assumptions] + [""]
    out += timeline or ["No turn was played.", ""]

    out += ["## Appendix B. Tracks over the game", "", "Values at the start and at the end of each turn.", ""]
    for name, title in charts or []:
        out += [f"![{esc(title)}]({name})", ""]
    heads = ["start" if p.label == "start" else f"T{p.turn}" for p in report.points]
    out += ["| Track | " + " | ".join(heads) + " |", "|---|" + "--:|" * len(heads)]
    for k, slot in cs.slots.items():
        out.append(f"| {cell(slot.label)} | " + " | ".join(text.num(p.values.get(k, slot.start)) for p in report.points)
                   + " |")
    out.append("")

    out += ["## Appendix C. Sources", ""]
    if not report.citations:
        out.append("No cited material appeared in this game.")
    else:
        out += ["Claims cited in this report (numbered as in the timeline; paraphrased in the project's source "
                "register, located by section and paragraph):", ""]
    for n, ref in enumerate(report.citations, start=1):
        c = register.resolve(ref)
        if not c.resolved:
            out.append(f"{n}. <a id=\"src-{n}\"></a>`{ref}` — **not found in the source register**")
            continue
        where = c.location()
        out.append(f"{n}. <a id=\"src-{n}\"></a>**{esc(c.short())}**{', ' + esc(where) if where else ''}: "
                   f"{esc(c.claim.text if c.claim else '')} `{ref}`")
    docs = list(dict.fromkeys([*s.sources, *(r.partition("#")[0] for r in report.citations)]))
    if docs:
        out += ["", "Papers:", ""]
        for d in docs:
            p = register.papers.get(d)
            if p is None:
                out.append(f"- `{d}` — **not in the source register**")
                continue
            if p.kind == "assumptions":  # the designers' premises are not a paper
                continue
            out.append(f"- {esc(', '.join(p.authors))} ({p.year}). *{esc(p.title)}*."
                       + (f" {esc(p.publisher)}." if p.publisher else "") + (f" {esc(p.licence)}" if p.licence else ""))
    out += ["", "---", "", f"*Generated by wargame {esc(report.header.get('version', ''))} from {esc(report.path)} "
            f"(game id {report.game_id}).*", ""]
    return "\n".join(out)
