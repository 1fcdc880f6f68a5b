"""The after-action report as one self-contained HTML file, shaped as an HSEEP after-action report and
improvement plan: overview, executive summary, analysis of each learning objective (rating, evidence,
strengths, areas for improvement), objectives by delegation, Control's decisions audited, hot wash and
debrief, the improvement plan; then appendices for the timeline, the tracks and the sources.
Embedded CSS, inline SVG charts, no scripts, no external references, every piece of user text escaped.
The body prints on a few A4 pages; each appendix starts a new page.
"""

from __future__ import annotations

from wargame.engine.interventions import DEFINITION, count_text
from wargame.report import aar, markup, text
from wargame.report.charts import track_charts
from wargame.report.html_style import CSS
from wargame.report.html_timeline import e, turn_html, unv
from wargame.report.model import GameReport
from wargame.report.sources import Register

SECTIONS = (("overview", "Overview"), ("summary", "Executive summary"), ("objectives", "Learning objectives"),
            ("assessment", "Delegations"), ("control", "Control's decisions"), ("hotwash", "Hot wash and debrief"),
            ("plan", "Improvement plan"))
APPENDICES = (("timeline", "A. Timeline"), ("tracks", "B. Tracks"), ("sources", "C. Sources"))


def render(report: GameReport, register: Register, *, appendices: bool = True) -> str:
    cs = report.cs
    s = cs.scenario
    counts = text.headline_counts(report)
    # The timeline is rendered first so citation numbers follow the reading order of the game.
    report.citations.clear()
    timeline = "".join(turn_html(report, t) for t in report.turns) or "<p class='muted'>No turn was played.</p>"
    analyses = aar.analyse(report)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>After-action report — {e(report.title)}</title>",
           '<meta name="generator" content="wargame">', f"<style>{CSS}</style></head><body><main>"]
    out.append(f'<header class="cover"><p class="kicker">After-action report and improvement plan</p>'
               f'<h1>{e(report.title)}</h1>')
    if not report.verified:
        out.append(f'<div class="banner" role="alert">UNVERIFIED LOG — this report was produced with '
                   f'--allow-unverified. {e(report.problem)}. Everything from line {report.unverified_from} of the '
                   f'log on is shown as it stands in the file and may have been altered; it is marked '
                   f'<span class="tag unverified">unverified</span>.</div>')
    for w in report.warnings:
        out.append(f'<div class="banner warn">Warning: {e(w)}</div>')
    status = "verified log" if report.verified else "UNVERIFIED log"
    played = len(report.turns)
    mode = {"semi": "semi-rigid"}.get(report.mode, report.mode)
    out.append(f'<p class="byline">Played {e(text.played_date(report))} · {played} turn{"s" if played != 1 else ""}'
               f' · seed {e(report.seed)} · {e(mode)} adjudication · {e(status)}</p>')
    figs = [(counts["moves"], "moves"), (counts["successes"], "successful"),
            (counts["interventions"], "Control interventions"), (len(aar.improvement_items(report)),
                                                                 "improvement items")]
    out.append('<div class="figures">' + "".join(
        f'<div class="figure"><b>{n}</b><span>{lbl}</span></div>' for n, lbl in figs) + "</div>")
    links = SECTIONS + (APPENDICES if appendices else ())
    out.append('<nav class="toc">' + "".join(f'<a href="#{a}">{t}</a>' for a, t in links) + "</nav></header>")

    out.append(_overview(report))
    out.append('<section id="summary" class="exec"><h2>2. Executive summary</h2>'
               + "".join(f"<p>{e(p)}</p>" for p in aar.executive_summary(report, analyses)) + "</section>")
    out.append(_objectives(analyses, appendices))
    out.append(_assessment(report))
    out.append(_control(report))
    out.append(_hotwash(report))
    out.append(_plan(report))
    if appendices:
        assumptions = ""
        if s.assumptions:
            assumptions = ("<h3>Assumptions shown to players</h3><ul class='small'>"
                           + "".join(f"<li>{markup.inline(a)}</li>" for a in s.assumptions) + "</ul>")
        key = (f"<p class='small muted'>Roll / target: the d{cs.ruleset.dice.sides} roll against the target "
               f"(probability × {cs.ruleset.dice.sides}); “die” marks a physical die entered by Control, every "
               f"other roll comes from the seeded generator. Overrides are tagged with the outcome the rules "
               f"proposed and Control's reason.</p>")
        out.append(f'<section id="timeline" class="appendix"><h2>Appendix A. Timeline</h2>{key}{assumptions}'
                   f'{timeline}</section>')
        out.append(_tracks(report))
        out.append(_sources(report, register))
    out.append(f"<footer>Generated by wargame {e(report.header.get('version', ''))} from {e(report.path)} "
               f"(game id {e(report.game_id)}). Scenario {e(report.scenario_id)} "
               f"sha256 {e(report.scenario_sha256)}.</footer>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


def _overview(report: GameReport) -> str:
    s = report.cs.scenario
    out = ['<section id="overview"><h2>1. Exercise overview</h2>']
    if s.summary:
        out.append(f'<p class="lede">{e(s.summary)}</p>')
    out.append('<div class="summary-grid"><dl class="facts">')
    for label, value in text.summary_rows(report):
        if label == "Delegations and teams":
            continue  # shown as the table beside the facts
        value_html = e(value)
        if label == "Verification":
            value_html = f'<span class="{"met" if report.verified else "unmet"}">{value_html}</span>'
        out.append(f"<dt>{e(label)}</dt><dd>{value_html}</dd>")
    out.append("</dl>")
    out.append(_teams(report))
    out.append("</div></section>")
    return "".join(out)


def _objectives(analyses: list, appendices: bool) -> str:
    out = ['<section id="objectives"><h2>3. Analysis of learning objectives</h2>'
           '<p class="small muted">Each rating is proposed from the record of play: the share of successful moves '
           'on the injects that serve the objective (three in four and no override: without challenges; half: '
           'some; fewer: major; none: unable). The exercise director confirms or amends it.</p>']
    if not analyses:
        out.append("<p class='muted'>The scenario states no learning objectives.</p>")
    for a in analyses:
        cls = a.rating or "none"
        out.append(f'<div class="lo"><h3>{e(a.id)}. {e(a.text)} <span class="rating {cls}">{e(a.rating_label)}'
                   f'</span></h3>')
        if a.evidence:
            # One line per inject (the moves themselves are in Appendix A): an inject serving several
            # objectives is then not repeated move by move under each of them.
            parts = []
            for ev in a.evidence:
                done = [m for m in ev.moves if m.resolved]
                ok = sum(1 for m in done if m.success)
                parts.append(f"turn {ev.turn} “{e(ev.inject)}” {ok}/{len(done)}")
            out.append(f'<p class="small"><span class="k">Evidence: {a.successes} of {a.adjudicated} moves '
                       f'successful</span>{"; ".join(parts)}.</p>')
        else:
            out.append("<p class='muted small'>No inject serving this objective was reached in this game.</p>")
        for key, items in (("Strengths", a.strengths), ("Areas for improvement", a.areas)):
            if items:
                out.append(f'<span class="k">{key}</span><ul class="small">'
                           + "".join(f"<li>{e(x)}</li>" for x in items) + "</ul>")
        if a.missed:
            out.append(f"<p class='small muted'>Not reached this game: {e(', '.join(a.missed))}.</p>")
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _assessment(report: GameReport) -> str:
    out = ['<section id="assessment"><h2>4. Objectives by delegation</h2>']
    if report.assessment_provisional:
        out.append("<p class='banner warn'>The game has not ended: this is a provisional assessment against the "
                   "state where the log stops.</p>")
    if not report.assessment:
        out.append("<p class='muted'>No assessment: the game did not reach its end.</p></section>")
        return "".join(out)
    rows = []
    for d in report.cs.delegations:
        a = report.assessment.get(d, {})
        items = "<br>".join(f"{'✓' if ok else '✗'} {e(t)}" for _oid, t, _w, ok in text.assessment_rows(report, d))
        rows.append(f"<tr><td><b>{e(d)}</b> {e(text.nation(d))}</td><td class='num'>{a.get('score', 0)} of "
                    f"{a.get('of', 0)}</td><td class='small'>{items or '—'}</td></tr>")
    out.append("<table><tr><th>Delegation</th><th class='num'>Score</th><th>Objectives (✓ met, ✗ not met)</th></tr>"
               + "".join(rows) + "</table></section>")
    return "".join(out)


def _control(report: GameReport) -> str:
    kinds = [i.kind for i in report.interventions]
    moves = report.moves
    by_rules = sum(1 for m in moves if m.resolved and m.by == "rules")
    out = ['<section id="control"><h2>5. Control\'s decisions (audit)</h2>',
           f"<p>{e(count_text(kinds))}. {e(DEFINITION)} Of {len(moves)} move(s), {by_rules} were settled by the "
           f"rules as proposed.</p>"]
    if report.interventions:
        out.append("<table><tr><th>Turn</th><th>What</th><th>Subject</th><th>Proposed</th><th>Decided</th>"
                   "<th>Reason</th></tr>" + "".join(
                       f"<tr><td>{i.turn}</td><td>{e(i.kind)}</td><td>{e(i.subject)}</td><td>{e(i.proposed)}</td>"
                       f"<td><b>{e(i.decided)}</b></td><td>{e(i.reason) or '<span class=unmet>none given</span>'}"
                       f"{unv(i.verified)}</td></tr>" for i in report.interventions) + "</table>")
    out.append("</section>")
    return "".join(out)


def _hotwash(report: GameReport) -> str:
    s = report.cs.scenario
    out = ['<section id="hotwash"><h2>6. Hot wash and debrief</h2>']
    notes = [n for n in report.notes if n.get("kind") in ("hotwash", "observation", "control")]
    if notes:
        out.append("<ul class='small'>" + "".join(
            f"<li><span class='muted'>Turn {n.get('turn')}, {e(text.NOTE_KINDS.get(n.get('kind'), n.get('kind')))}:"
            f"</span> {e(n.get('text'))}{' <b>(improvement item)</b>' if n.get('improvement') else ''}"
            f"{unv(n.get('verified', True))}</li>" for n in notes) + "</ul>")
    else:
        out.append("<p class='muted'>No hot-wash notes were recorded.</p>")
    if s.debrief:
        out.append("<h3>Debrief questions</h3><ol class='small'>" + "".join(
            f"<li>{markup.inline(q.question)}"
            + (f" <span class='muted'>({e(', '.join(q.objectives))})</span>" if q.objectives else "") + "</li>"
            for q in s.debrief) + "</ol>")
    out.append("</section>")
    return "".join(out)


def _plan(report: GameReport) -> str:
    items = aar.improvement_items(report)
    rows = "".join(f"<tr><td>{e(n.get('text'))}{unv(n.get('verified', True))}<br><span class='muted small'>"
                   f"turn {n.get('turn')}</span></td><td></td><td></td><td></td><td></td></tr>" for n in items)
    rows += "<tr><td class='blank'>&nbsp;</td><td></td><td></td><td></td><td></td></tr>" * max(0, 3 - len(items))
    lead = ("From the hot-wash notes the facilitator marked as improvement items; the other columns are "
            "completed after the debrief." if items else
            "No hot-wash note was marked as an improvement item; the rows are for the debrief.")
    return ('<section id="plan"><h2>7. Improvement plan</h2>'
            f"<p class='small muted'>{lead}</p><table class='plan'><tr><th style='width:40%'>Area for improvement</th>"
            f"<th>Corrective action</th><th>Objective</th><th>Owner</th><th>Due</th></tr>{rows}</table></section>")


def _tracks(report: GameReport) -> str:
    out = ['<section id="tracks" class="appendix"><h2>Appendix B. Tracks over the game</h2>'
           '<p class="small muted">Values at the start and at the end of each turn'
           + (" (T<i>n</i>*: the end of a game stopped during turn <i>n</i>)" if any(
               p.label in ("end of game", "now (game in progress)") for p in report.points) else "")
           + '.</p><div class="charts">']
    for ch in track_charts(report):
        out.append(f'<figure id="chart-{e(ch.track_id)}"><figcaption><b>{e(ch.title)}</b> '
                   f'<span class="muted small">({e(ch.subtitle)})</span>'
                   + (f'<br><span class="muted">{e(ch.meaning)}</span>' if ch.meaning else "")
                   + f'</figcaption>{ch.svg}</figure>')
    out.append("</div>")
    out.append(_track_table(report))
    out.append("</section>")
    return "".join(out)


def _teams(report: GameReport) -> str:
    """Delegations, teams and their objective scores at a glance."""
    rows = []
    for d in report.cs.delegations:
        a = (report.assessment or {}).get(d)
        score = f"{a.get('score', 0)} of {a.get('of', 0)}" if a else "—"
        rows.append(f"<tr><td><span class='code'>{e(d)}</span> {e(text.nation(d))}</td>"
                    f"<td>{e(report.players.get(d) or '—')}</td><td class='num'>{e(score)}</td></tr>")
    head = "Objective score" + (" (provisional)" if report.assessment_provisional else "")
    return ("<table class='teams'><tr><th>Delegation</th><th>Team</th>"
            f"<th class='num'>{head}</th></tr>{''.join(rows)}</table>")


def _track_table(report: GameReport) -> str:
    if not report.points:
        return ""
    heads = "".join(f"<th class='num'>{'start' if p.label == 'start' else 'T' + str(p.turn)}</th>" for p in report.points)
    rows = []
    for k, slot in report.cs.slots.items():
        cells = "".join(f"<td class='num'>{text.num(p.values.get(k, slot.start))}</td>" for p in report.points)
        rows.append(f"<tr><td>{e(slot.label)}</td>{cells}</tr>")
    return (f"<h3>All values</h3><table class='small'><tr><th>Track</th>{heads}</tr>{''.join(rows)}</table>")


def _sources(report: GameReport, register: Register) -> str:
    s = report.cs.scenario
    out = ['<section id="sources" class="appendix"><h2>Appendix C. Sources</h2>']
    if not report.citations:
        out.append("<p class='muted'>No cited material appeared in this game.</p>")
    else:
        out.append("<h3>Claims cited in this report</h3><p class='small muted'>Numbered as in the timeline (Appendix A). Claims "
                   "are paraphrased in the project's source register; section and paragraph locate them in the "
                   "paper.</p><ol class='sources'>")
        for n, ref in enumerate(report.citations, start=1):
            c = register.resolve(ref)
            if not c.resolved:
                out.append(f'<li id="src-{n}"><code>{e(ref)}</code> <span class="unmet">not found in the source '
                           f'register</span></li>')
                continue
            where = c.location()
            out.append(f'<li id="src-{n}"><b>{e(c.short())}</b>{", " + e(where) if where else ""}: '
                       f'<span class="claim">{e(c.claim.text if c.claim else "")}</span> '
                       f'<span class="muted small">[{e(ref)}]</span></li>')
        out.append("</ol>")
    docs = list(dict.fromkeys([*s.sources, *(r.partition("#")[0] for r in report.citations)]))
    if docs:
        out.append("<h3>Papers</h3><ul class='papers'>")
        for d in docs:
            p = register.papers.get(d)
            if p is None:
                out.append(f"<li><code>{e(d)}</code> <span class='unmet'>not in the source register</span></li>")
                continue
            pub = f" {e(p.publisher)}." if p.publisher else ""
            lic = f" <span class='muted small'>{e(p.licence)}</span>" if p.licence else ""
            out.append(f"<li>{e(', '.join(p.authors))} ({e(p.year)}). <i>{e(p.title)}</i>.{pub}{lic}</li>")
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)
