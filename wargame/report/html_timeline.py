"""Appendix A of the HTML report: the timeline, one compact block per turn (briefing, a table of
the moves with odds, roll, outcome and effects, then combined moves, responses, adjustments, notes).
Every piece of user or scenario text is escaped or rendered through `markup` (raw HTML off)."""

from __future__ import annotations

from html import escape

from wargame.report import markup, text
from wargame.report.model import GameReport, MoveEntry


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def cites(report: GameReport, refs) -> str:
    nums = sorted(set(report.cite(refs)))
    if not nums:
        return ""
    return "".join(f'<sup class="cite"><a href="#src-{n}">[{n}]</a></sup>' for n in nums)


def unv(verified: bool) -> str:
    return "" if verified else ' <span class="tag unverified">unverified</span>'


def badge(m: MoveEntry) -> str:
    if not m.resolved:
        return '<span class="badge bad">not adjudicated</span>'
    return f'<span class="badge {"good" if m.success else "bad"}">{e(m.outcome_label)}</span>'


def _move_row(report: GameReport, m: MoveEntry) -> str:
    what = [f"<b>{e(text.choice_text(m))}</b>{cites(report, m.sources)}{unv(m.verified)}"]
    if m.is_free and m.argument:
        what.append(f'<div class="why">Argument: {e(m.argument)}</div>')
    what.append(f'<div class="why">“{e(m.rationale)}”</div>' if m.rationale.strip()
                else '<div class="why muted">no rationale recorded</div>')
    lines = text.odds_lines(m)
    if len(lines) > 1:  # the modifiers behind the odds, as shown at the table before the roll
        what.append('<div class="why">Odds: ' + "; ".join(f"{e(lbl)} {e(amt)}" for lbl, amt in lines) + "</div>")
    for r in m.reopened:
        what.append(f'<div class="reasoned">Reopened before the reveal (was: {e(r["was"])}): “{e(r["reason"])}”</div>')
    odds = e(text.pct(m.probability)) if m.probability is not None else "—"
    roll = "—"
    if m.roll is not None:
        roll = f"{m.roll} / {m.target}" + (" die" if m.physical else "")
    outcome = [badge(m)]
    if m.overridden:
        outcome.append(f'<div class="reasoned"><span class="tag override">override</span> rules proposed '
                       f'{e(report.cs.outcome_label(m.proposed))}: “{e(m.reason)}”</div>')
    elif m.by == "control" and m.resolved:
        outcome.append('<div class="reasoned"><span class="tag control">Control ruling</span>'
                       + (f' “{e(m.reason)}”' if m.reason else "") + "</div>")
    effects = e(text.effects_text(report, m.effects)) if m.resolved else ""
    return (f"<tr><td><b>{e(m.delegation)}</b></td><td>{''.join(what)}</td><td class='num'>{odds}</td>"
            f"<td class='num'>{e(roll)}</td><td>{''.join(outcome)}</td><td class='small'>{effects}</td></tr>")


def turn_html(report: GameReport, t) -> str:
    cs = report.cs
    out = [f'<section class="turn" id="turn-{t.number}"><h3>Turn {t.number}<span class="date">{e(t.date)}</span>'
           + unv(t.verified) + '</h3>']
    for iid in t.injects:
        ci = cs.injects.get(iid)
        if ci is None:
            out.append(f'<h4>{e(iid)} <span class="muted small">not in the scenario</span></h4>')
            continue
        inj = ci.inject
        serves = f" · serves {', '.join(inj.objectives)}" if inj.objectives else ""
        out.append(f'<h4>{e(inj.title)} {cites(report, inj.sources)} '
                   f'<span class="muted small">to {e(", ".join(ci.to))}{e(serves)}</span></h4>'
                   f'<div class="inject-brief">{markup.block(inj.narrative)}</div>')
        moves = [m for m in t.moves if m.inject == iid]
        if moves:
            out.append("<table class='moves'><tr><th>Del.</th><th style='width:38%'>Move and rationale</th>"
                       "<th class='num'>Odds</th><th class='num'>Roll / target</th><th>Outcome</th><th>Effects</th></tr>"
                       + "".join(_move_row(report, m) for m in moves) + "</table>")
    for c in t.combined:
        out.append(f'<p class="small"><b>Together: {e(c["label"])}</b>{cites(report, c["sources"])}{unv(c["verified"])}'
                   f' — {e(text.effects_text(report, c.get("effects")))}</p>')
    for r in t.responses:
        what = r["label"] if r.get("response") else "no response"
        tag = ""
        if r.get("overridden"):
            tag = (f' <span class="tag override">override</span> (table proposed {e(r["proposed_label"])}: '
                   f'“{e(r.get("reason"))}”)')
        elif r.get("by") == "control":
            tag = ' <span class="tag control">Control</span>' + (f' “{e(r.get("reason"))}”' if r.get("reason") else "")
        out.append(f'<p class="small"><b>{e(r["actor_name"])}</b>: {e(what)}{tag}{cites(report, r["sources"])}'
                   f'{unv(r["verified"])} — {e(text.effects_text(report, r.get("effects")))}</p>')
    for a in t.adjustments:
        asked = f" (asked {text.signed(a['requested'])})" if "requested" in a else ""
        out.append(f'<p class="small"><span class="tag override">Control adjusted</span> '
                   f'{e(text.effects_text(report, a.get("effects")))}{e(asked)}: “{e(a.get("reason"))}”</p>')
    for n in t.notes:
        tag = ' <span class="tag control">improvement item</span>' if n.get("improvement") else ""
        out.append(f'<p class="small note"><b>{e(text.NOTE_KINDS.get(n.get("kind"), n.get("kind")))}:</b> '
                   f'{e(n.get("text"))}{tag}</p>')
    out.append("</section>")
    return "".join(out)
