"""The after-action report as one self-contained HTML file: embedded CSS, inline SVG charts, no scripts,
no external references, every piece of user text escaped. Prints cleanly on A4 or Letter.
"""

from __future__ import annotations

from html import escape

from wargame.report import markup, text
from wargame.report.charts import track_charts
from wargame.report.model import GameReport, MoveEntry
from wargame.report.sources import Register


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


CSS = """
:root { --ink:#1d2330; --muted:#5b6474; --line:#d9dde4; --soft:#f4f6f9; --accent:#0b5394;
        --ok:#1e7b3c; --bad:#b3261e; --warn:#9a5b00; --warnbg:#fff4e0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.5 "Source Sans 3", "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 2px 0 8px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
p { margin: 6px 0; }
ul, ol { margin: 6px 0; padding-left: 22px; }
code { font-family: "SFMono-Regular", Consolas, monospace; font-size: 13px; background: var(--soft); padding: 0 3px; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: var(--accent); margin: 0;
          font-weight: 700; }
.byline { font-size: 13.5px; color: var(--muted); margin: 0 0 4px; }
.lede { font-size: 16px; color: #333; max-width: 60em; }
.cover { border-bottom: 1px solid var(--line); padding-bottom: 14px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 14px; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 110px; background: var(--soft); }
.figure b { display: block; font-size: 22px; line-height: 1.1; }
.figure span { font-size: 12px; color: var(--muted); }
.figure.alert { background: var(--warnbg); border-color: #e8b86b; }
.banner { margin: 16px 0; padding: 12px 16px; border: 3px solid var(--bad); background: #fdecea; color: #5f1410;
          font-weight: 600; border-radius: 6px; }
.banner.warn { border-color: #e8b86b; background: var(--warnbg); color: #5a3a00; font-weight: 400; border-width: 1px; }
nav.toc { margin: 14px 0 0; font-size: 13px; color: var(--muted); }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 12px; white-space: nowrap; }
.summary-grid { display: grid; grid-template-columns: 1.25fr 1fr; gap: 0 26px; align-items: start; }
dl.facts { display: grid; grid-template-columns: 104px 1fr; gap: 2px 12px; margin: 0; font-size: 14px; }
table.teams { margin-top: 0; font-size: 13.5px; }
table.teams .code, .move .code { font-weight: 700; background: var(--ink); color: #fff; border-radius: 3px;
  padding: 0 5px; font-size: 12px; margin-right: 4px; }
.facts .met { font-weight: 400; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
dl.facts dd ul { list-style: none; padding: 0; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
.lo { border-left: 4px solid var(--accent); padding: 2px 0 2px 14px; margin: 16px 0; }
.lo h3 { margin-top: 4px; }
.turn { margin-top: 26px; }
.turn > h3 { font-size: 19px; background: var(--ink); color: #fff; padding: 6px 12px; border-radius: 4px; }
.turn > h3 .date { font-weight: 400; opacity: .85; margin-left: 8px; }
.inject { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 10px 0; }
.inject h4 { margin: 4px 0; font-size: 16px; }
.inject .meta { font-size: 12.5px; color: var(--muted); }
.move { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px 8px; margin: 8px 0;
        display: grid; grid-template-columns: 1.2fr 1fr; gap: 2px 20px; break-inside: avoid; }
.move > .head { grid-column: 1 / -1; display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
.move .code { font-weight: 700; background: var(--ink); color: #fff; border-radius: 3px; padding: 0 6px; font-size: 13px; }
.move .choice { font-weight: 700; font-size: 15.5px; }
.move .stance { font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; }
.move.override { border: 2px solid var(--warn); background: #fffaf2; }
.move.override .adj { background: #fdf0da; }
.k { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-top: 4px; }
.k + p { margin-top: 0; }
.rationale { font-style: italic; }
table.odds { font-size: 13px; margin: 2px 0; }
table.odds td { padding: 2px 6px; border: none; }
table.odds tr.total td { border-top: 1px solid var(--ink); font-weight: 700; }
.badge { display: inline-block; border-radius: 3px; padding: 0 7px; font-weight: 700; font-size: 13px; color: #fff; }
.badge.good { background: var(--ok); }
.badge.bad { background: var(--bad); }
.tag { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 11.5px; font-weight: 700;
       letter-spacing: .05em; text-transform: uppercase; }
.tag.override { background: var(--warn); color: #fff; }
.tag.control { background: #e4e7ec; color: var(--ink); }
.tag.unverified { background: var(--bad); color: #fff; }
.reason { border-left: 3px solid var(--warn); padding: 3px 10px; background: var(--warnbg); margin: 6px 0; }
.adj { background: var(--soft); border-radius: 4px; padding: 4px 10px 6px; font-size: 13.5px; align-self: start; }
.adj p { margin: 3px 0; }
.roll { color: #333; }
.narr { font-size: 14px; color: #333; border-top: 1px dotted var(--line); margin-top: 6px; padding-top: 2px; }
h5.on { font-size: 13px; margin: 14px 0 4px; color: var(--muted); font-weight: 600; }
.after { border-left: 3px solid var(--line); padding-left: 12px; margin: 8px 0; }
sup.cite a { color: var(--accent); text-decoration: none; font-size: 11px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px 20px; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { font-size: 13px; margin: 2px 0 4px; }
figcaption b { font-size: 14.5px; }
.met { color: var(--ok); font-weight: 700; }
.unmet { color: var(--bad); font-weight: 700; }
.note { margin: 6px 0; padding: 6px 12px; background: var(--soft); border-radius: 4px; }
.blank { color: #bbb; }
ol.sources li { margin: 5px 0; font-size: 14px; }
ul.papers li { margin: 4px 0; font-size: 14px; }
ol.sources .claim { color: #333; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media screen and (max-width: 700px) { .move, .charts, .summary-grid { grid-template-columns: 1fr; } dl.facts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  #timeline, #tracks, #sources { break-before: page; }
  .move, .inject, figure, tr, .lo { break-inside: avoid; }
  a { color: inherit; }
}
"""


def _cites(report: GameReport, refs) -> str:
    nums = sorted(set(report.cite(refs)))
    if not nums:
        return ""
    return "".join(f'<sup class="cite"><a href="#src-{n}">[{n}]</a></sup>' for n in nums)


def _unv(verified: bool) -> str:
    return "" if verified else ' <span class="tag unverified">unverified</span>'


def _badge(report: GameReport, m: MoveEntry) -> str:
    if not m.resolved:
        return '<span class="badge bad">not adjudicated</span>'
    return f'<span class="badge {"good" if m.success else "bad"}">{e(m.outcome_label)}</span>'


def _move(report: GameReport, m: MoveEntry) -> str:
    cls = "move" + (" override" if m.overridden else "")
    head = [f'<span class="code">{e(m.delegation)}</span>', f'<span>{e(text.nation(m.delegation))}</span>',
            f'<span class="choice">{e("Free-form action: " + (m.action or "") if m.is_free else m.option_label)}</span>']
    if m.stance and m.stance != "other":
        head.append(f'<span class="stance">{e(m.stance)}</span>')
    if m.overridden:
        head.append('<span class="tag override">override</span>')
    elif m.by == "control":
        head.append('<span class="tag control">Control ruling</span>')
    if not m.verified:
        head.append('<span class="tag unverified">unverified</span>')
    head.append(_cites(report, m.sources))
    left = []
    if m.is_free and m.argument:
        left.append(f'<span class="k">Argument</span><p>{e(m.argument)}</p>')
    left.append('<span class="k">Rationale</span>'
                + (f'<p class="rationale">“{e(m.rationale)}”</p>' if m.rationale.strip()
                   else '<p class="muted">none recorded</p>'))
    for r in m.reopened:
        left.append(f'<p class="small muted">Reopened by Control before the reveal (was: {e(r["was"])}); '
                    f'reason: “{e(r["reason"])}”</p>')
    right = []
    if m.probability is not None:
        lines = text.odds_lines(m)
        if len(lines) > 1:
            rows = "".join(f"<tr><td>{e(lbl)}</td><td class='num'>{e(amt)}</td></tr>" for lbl, amt in lines)
            rows += (f"<tr class='total'><td>Probability of success</td>"
                     f"<td class='num'>{e(text.pct(m.probability))}</td></tr>")
        else:
            what = f" ({lines[0][0][0].lower() + lines[0][0][1:]})" if lines and lines[0][0] else ""
            rows = (f"<tr class='single'><td>Probability of success{e(what)}</td>"
                    f"<td class='num'><b>{e(text.pct(m.probability))}</b></td></tr>")
        right.append(f'<table class="odds">{rows}</table>')
    outcome = _badge(report, m)
    if m.resolved:
        if m.overridden:
            outcome += (f' <span class="small">overridden — the rules proposed '
                        f'<b>{e(report.cs.outcome_label(m.proposed))}</b></span>')
        elif m.by == "control":
            outcome += ' <span class="small">decided by Control</span>'
        else:
            outcome += ' <span class="small muted">as the rules proposed</span>'
    right.append(f'<p class="roll">{e(text.roll_text(m))}</p><p>{outcome}</p>')
    if m.reason:
        what = "Override reason" if m.overridden else "Control's reason"
        right.append(f'<div class="reason"><b>{what}:</b> “{e(m.reason)}”</div>')
    if m.resolved:
        left.append(f'<span class="k">Effects</span><p class="small">{e(text.effects_text(report, m.effects))}</p>')
    if m.narrative:
        left.append(f'<div class="narr">{markup.block(m.narrative)}</div>')
    return (f'<article class="{cls}"><div class="head">{"".join(head)}</div>'
            f'<div>{"".join(left)}</div><div class="adj">{"".join(right)}</div></article>')


def _turn(report: GameReport, t) -> str:
    cs = report.cs
    out = [f'<section class="turn" id="turn-{t.number}"><h3>Turn {t.number}<span class="date">{e(t.date)}</span>'
           + ('' if t.verified else ' <span class="tag unverified">unverified</span>') + '</h3>']
    if t.injects:
        out.append("<h4>Briefing</h4>")
    for iid in t.injects:
        ci = cs.injects.get(iid)
        if ci is None:
            out.append(f'<div class="inject"><h4>{e(iid)}</h4><p class="muted">not in the scenario</p></div>')
            continue
        inj = ci.inject
        meta = [f"to {', '.join(ci.to)}"]
        if inj.objectives:
            meta.append("serves " + ", ".join(inj.objectives))
        out.append(f'<div class="inject"><h4>{e(inj.title)} {_cites(report, inj.sources)}</h4>'
                   f'<p class="meta">{e(" · ".join(meta))} · inject <code>{e(iid)}</code></p>'
                   f'{markup.block(inj.narrative)}</div>')
    if t.moves:
        out.append("<h4>Moves and adjudication</h4>")
        groups = list(dict.fromkeys(m.inject for m in t.moves))
        for iid in groups:
            if len(groups) > 1:
                ci = cs.injects.get(iid)
                out.append(f'<h5 class="on">On “{e(ci.inject.title if ci else iid)}”</h5>')
            out += [_move(report, m) for m in t.moves if m.inject == iid]
    if t.combined:
        out.append("<h4>Combined moves</h4>")
        for c in t.combined:
            out.append(f'<div class="after"><p><b>{e(c["label"])}</b> {_cites(report, c["sources"])}'
                       + ('' if c["verified"] else ' <span class="tag unverified">unverified</span>') + '</p>'
                       + (markup.block(c["narrative"]) if c["narrative"] else "")
                       + f'<p class="small">Effects: {e(text.effects_text(report, c.get("effects")))}</p></div>')
    if t.responses:
        out.append("<h4>Non-player responses</h4>")
        for r in t.responses:
            tag = ""
            if r.get("overridden"):
                tag = ' <span class="tag override">override</span>'
            elif r.get("by") == "control":
                tag = ' <span class="tag control">Control</span>'
            if not r["verified"]:
                tag += ' <span class="tag unverified">unverified</span>'
            what = r["label"] if r.get("response") else "no response"
            body = [f'<p><b>{e(r["actor_name"])}</b> ({e(r.get("actor"))}): {e(what)}{tag} {_cites(report, r["sources"])}</p>']
            if r["narrative"]:
                body.append(markup.block(r["narrative"]))
            if r.get("overridden"):
                body.append(f'<div class="reason"><b>Override:</b> the response table proposed '
                            f'{e(r["proposed_label"])}. Reason: “{e(r.get("reason"))}”</div>')
            elif r.get("reason"):
                body.append(f'<div class="reason"><b>Control\'s reason:</b> “{e(r.get("reason"))}”</div>')
            body.append(f'<p class="small">Effects: {e(text.effects_text(report, r.get("effects")))}</p>')
            out.append(f'<div class="after">{"".join(body)}</div>')
    if t.adjustments:
        out.append("<h4>Control adjustments</h4>")
        for a in t.adjustments:
            out.append(f'<div class="after"><p><span class="tag override">Control</span> '
                       f'{e(text.effects_text(report, a.get("effects")))}</p>'
                       f'<div class="reason"><b>Reason:</b> “{e(a.get("reason"))}”</div></div>')
    if t.notes:
        out.append("<h4>Notes</h4>")
        for n in t.notes:
            out.append(f'<p class="note"><b>{e(text.NOTE_KINDS.get(n.get("kind"), n.get("kind")))}:</b> '
                       f'{e(n.get("text"))}</p>')
    changes = text.turn_changes(report, t.number)
    if changes:
        rows = "".join(f"<tr><td>{e(lbl)}</td><td class='num'>{text.num(b)}</td><td class='num'>{text.num(a)}</td>"
                       f"<td class='num'>{text.signed(a - b)}</td></tr>" for lbl, b, a in changes)
        out.append("<h4>Tracks this turn</h4><table><tr><th>Track</th><th class='num'>Before</th>"
                   f"<th class='num'>After</th><th class='num'>Change</th></tr>{rows}</table>")
    out.append("</section>")
    return "".join(out)


def render(report: GameReport, register: Register) -> str:
    cs = report.cs
    s = cs.scenario
    counts = text.headline_counts(report)
    # The timeline is rendered first so citation numbers follow reading order of the game.
    report.citations.clear()
    timeline = "".join(_turn(report, t) for t in report.turns) or "<p class='muted'>No turn was played.</p>"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>After-action report — {e(report.title)}</title>",
           '<meta name="generator" content="wargame">', f"<style>{CSS}</style></head><body><main>"]
    out.append(f'<header class="cover"><p class="kicker">After-action report</p><h1>{e(report.title)}</h1>'
               f'<p class="lede">{e(s.summary)}</p>')
    if not report.verified:
        out.append(f'<div class="banner" role="alert">UNVERIFIED LOG — this report was produced with '
                   f'--allow-unverified. {e(report.problem)}. Everything from line {report.unverified_from} of the '
                   f'log on is shown as it stands in the file and may have been altered; it is marked '
                   f'<span class="tag unverified">unverified</span>.</div>')
    for w in report.warnings:
        out.append(f'<div class="banner warn">Warning: {e(w)}</div>')
    status = "verified log" if report.verified else "UNVERIFIED log"
    played = len(report.turns)
    dates = f", {report.turns[0].date} to {report.turns[-1].date}" if report.turns else ""
    mode = {"semi": "semi-rigid"}.get(report.mode, report.mode)
    out.append(f'<p class="byline">Played {e(text.played_date(report))} · {played} turn{"s" if played != 1 else ""}'
               f'{e(dates)} · seed {e(report.seed)} · {e(mode)} adjudication · {e(status)}</p>')
    figs = [(counts["moves"], "moves"), (counts["successes"], "successful"), (counts["overrides"], "overrides"),
            (counts["interventions"], "Control interventions"), (counts["notes"], "notes")]
    out.append('<div class="figures">' + "".join(
        f'<div class="figure{" alert" if lbl == "overrides" and n else ""}"><b>{n}</b><span>{lbl}</span></div>'
        for n, lbl in figs) + "</div>")
    out.append('<nav class="toc">' + "".join(f'<a href="#{a}">{t}</a>' for a, t in (
        ("summary", "Summary"), ("objectives", "Learning objectives"), ("timeline", "Timeline"),
        ("tracks", "Tracks"), ("assessment", "Objectives by delegation"), ("hotwash", "Hot wash"),
        ("debrief", "Debrief"), ("improvement", "Improvement"), ("sources", "Sources"))) + "</nav></header>")

    # 1 summary
    out.append('<section id="summary"><h2>1. Summary</h2><div class="summary-grid"><dl class="facts">')
    for label, value in text.summary_rows(report):
        if label == "Delegations and teams":
            continue  # shown as the table beside the facts
        value_html = e(value)
        if label == "Verification":
            value_html = f'<span class="{"met" if report.verified else "unmet"}">{value_html}</span>'
        out.append(f"<dt>{e(label)}</dt><dd>{value_html}</dd>")
    out.append("</dl>")
    out.append(_teams(report))
    out.append("</div>")
    if s.assumptions:
        out.append("<h3>Assumptions shown to players</h3><ul class='small'>"
                   + "".join(f"<li>{markup.inline(a)}</li>" for a in s.assumptions) + "</ul>")
    out.append("</section>")

    # 2 learning objectives
    out.append('<section id="objectives"><h2>2. Learning objectives and the injects that served them</h2>')
    if not s.learning_objectives:
        out.append("<p class='muted'>The scenario states no learning objectives.</p>")
    for lo in s.learning_objectives:
        fired, missed = text.served_injects(report, lo.id)
        out.append(f'<div class="lo"><h3>{e(lo.id)}. {e(lo.text)}</h3>')
        if fired:
            rows = []
            for turn, iid in fired:
                inj = cs.injects[iid].inject
                expected = ("<ul>" + "".join(f"<li>{e(x)}</li>" for x in inj.expected_actions) + "</ul>"
                            if inj.expected_actions else "<span class='muted'>none stated</span>")
                obs = "".join(
                    f"<li><b>{e(m.delegation)}</b>: {e(text.choice_text(m))} → "
                    f"{e(m.outcome_label or 'not adjudicated')}{' (override)' if m.overridden else ''}</li>"
                    for m in text.observed(report, turn, iid)) or "<li class='muted'>no moves</li>"
                rows.append(f"<tr><td>Turn {turn}: <b>{e(inj.title)}</b></td><td>{expected}</td>"
                            f"<td><ul>{obs}</ul></td></tr>")
            out.append("<table><tr><th style='width:28%'>Inject</th><th>Expected (Control's guide)</th>"
                       f"<th>Observed</th></tr>{''.join(rows)}</table>")
        else:
            out.append("<p class='muted'>No inject serving this objective was reached in this game.</p>")
        if missed:
            titles = ", ".join(cs.injects[i].inject.title for i in missed if i in cs.injects)
            out.append(f"<p class='small muted'>Not reached this game: {e(titles)}.</p>")
        out.append("</div>")
    out.append("</section>")

    # 3 timeline
    out.append(f'<section id="timeline"><h2>3. Timeline</h2>{timeline}</section>')

    # 4 tracks
    out.append('<section id="tracks"><h2>4. Tracks over the game</h2>'
               '<p class="small muted">Values at the start and at the end of each turn'
               + (" (T<i>n</i>*: the end of a game stopped during turn <i>n</i>)" if any(
                   p.label in ("end of game", "now (game in progress)") for p in report.points) else "")
               + '.</p><div class="charts">')
    for ch in track_charts(report):
        out.append(f'<figure id="chart-{e(ch.track_id)}"><figcaption><b>{e(ch.title)}</b> '
                   f'<span class="muted small">({e(ch.subtitle)})</span>'
                   + (f'<br><span class="muted">{e(ch.meaning)}</span>' if ch.meaning else "")
                   + f'</figcaption>{ch.svg}</figure>')
    out.append("</div>")
    out.append(_track_table(report))
    out.append("</section>")

    # 5 assessment
    out.append('<section id="assessment"><h2>5. Objectives by delegation</h2>')
    if report.assessment_provisional:
        out.append("<p class='banner warn'>The game has not ended: this is a provisional assessment against the "
                   "state where the log stops.</p>")
    if not report.assessment:
        out.append("<p class='muted'>No assessment: the game did not reach its end.</p>")
    else:
        for d in cs.delegations:
            rows = text.assessment_rows(report, d)
            a = report.assessment.get(d, {})
            out.append(f"<h3>{e(text.nation(d))} ({e(d)}) — {e(report.players.get(d) or '')}"
                       f" <span class='muted'>score {a.get('score', 0)} of {a.get('of', 0)}</span></h3>")
            if not rows:
                out.append("<p class='muted'>No objectives.</p>")
                continue
            out.append("<table><tr><th>Objective</th><th class='num'>Weight</th><th>Result</th></tr>" + "".join(
                f"<tr><td>{e(t)}</td><td class='num'>{w}</td>"
                f"<td>{'<span class=met>met</span>' if ok else '<span class=unmet>not met</span>'}</td></tr>"
                for _oid, t, w, ok in rows) + "</table>")
    out.append("</section>")

    # 6 hot wash
    hot = [n for n in report.notes if n.get("kind") == "hotwash"]
    out.append('<section id="hotwash"><h2>6. Hot wash</h2>')
    out += [f'<p class="note"><span class="muted">Turn {n.get("turn")}:</span> {e(n.get("text"))}</p>' for n in hot]
    if not hot:
        out.append("<p class='muted'>No hot-wash notes were recorded.</p>")
    out.append("</section>")

    # 7 debrief
    out.append('<section id="debrief"><h2>7. Debrief questions</h2>')
    if s.debrief:
        out.append("<ol>" + "".join(
            f"<li>{markup.inline(q.question)}"
            + (f" <span class='muted small'>({e(', '.join(q.objectives))})</span>" if q.objectives else "") + "</li>"
            for q in s.debrief) + "</ol>")
    else:
        out.append("<p class='muted'>The scenario has no debrief questions.</p>")
    out.append("</section>")

    # 8 improvement
    out.append(_improvement(report, counts))

    # 9 sources
    out.append(_sources(report, register))
    out.append(f"<footer>Generated by wargame {e(report.header.get('version', ''))} from {e(report.path)} "
               f"(game id {e(report.game_id)}). Scenario {e(report.scenario_id)} "
               f"sha256 {e(report.scenario_sha256)}.</footer>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


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


def _improvement(report: GameReport, counts: dict) -> str:
    out = ['<section id="improvement"><h2>8. Improvement</h2>']
    moves = report.moves
    by_rules = sum(1 for m in moves if m.resolved and m.by == "rules")
    out.append(f"<p>Of {len(moves)} move(s), {by_rules} were settled by the rules as proposed, "
               f"{sum(1 for m in moves if m.overridden)} overridden by Control and "
               f"{sum(1 for m in moves if m.by == 'control' and not m.overridden)} decided by Control "
               f"(free-form actions or free adjudication). Every intervention is listed below with its reason.</p>")
    notes = [n for n in report.notes if n.get("kind") in ("improvement", "control", "observation")]
    out.append("<h3>Facilitator's notes</h3>")
    if notes:
        out.append("<table><tr><th>Turn</th><th>Kind</th><th>Note</th></tr>" + "".join(
            f"<tr><td>{n.get('turn')}</td><td>{e(text.NOTE_KINDS.get(n.get('kind'), n.get('kind')))}</td>"
            f"<td>{e(n.get('text'))}{_unv(n.get('verified', True))}"
            f"</td></tr>" for n in notes) + "</table>")
    else:
        out.append("<p class='muted'>No improvement, Control or observation notes were recorded.</p>")
    out.append("<h3>Control interventions (overrides, rulings, adjustments)</h3>")
    if report.interventions:
        out.append("<table><tr><th>Turn</th><th>What</th><th>Subject</th><th>Proposed</th><th>Decided</th>"
                   "<th>Reason</th></tr>" + "".join(
                       f"<tr><td>{i.turn}</td><td>{e(i.kind)}</td><td>{e(i.subject)}</td><td>{e(i.proposed)}</td>"
                       f"<td><b>{e(i.decided)}</b></td><td>{e(i.reason) or '<span class=unmet>none given</span>'}"
                       f"{_unv(i.verified)}</td></tr>"
                       for i in report.interventions) + "</table>")
    else:
        out.append("<p>None: the rules' proposals stood throughout.</p>")
    out.append("<h3>Improvement plan</h3><p class='small muted'>To complete after the debrief "
               "(HSEEP improvement plan: action, owner, priority, due date, status).</p>")
    actions = [n for n in report.notes if n.get("kind") == "improvement"]
    rows = "".join(f"<tr><td>{e(n.get('text'))}</td><td></td><td></td><td></td><td></td></tr>" for n in actions)
    rows += "<tr><td class='blank'>&nbsp;</td><td></td><td></td><td></td><td></td></tr>" * max(0, 3 - len(actions))
    out.append("<table><tr><th style='width:46%'>Action</th><th>Owner</th><th>Priority</th><th>Due</th>"
               f"<th>Status</th></tr>{rows}</table>")
    out.append("</section>")
    return "".join(out)


def _sources(report: GameReport, register: Register) -> str:
    s = report.cs.scenario
    out = ['<section id="sources"><h2>9. Sources</h2>']
    if not report.citations:
        out.append("<p class='muted'>No cited material appeared in this game.</p>")
    else:
        out.append("<h3>Claims cited in this report</h3><p class='small muted'>Numbered as in the timeline. Claims "
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
            if p.kind == "assumptions":  # the designers' premises are not a paper
                continue
            pub = f" {e(p.publisher)}." if p.publisher else ""
            lic = f" <span class='muted small'>{e(p.licence)}</span>" if p.licence else ""
            out.append(f"<li>{e(', '.join(p.authors))} ({e(p.year)}). <i>{e(p.title)}</i>.{pub}{lic}</li>")
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)
