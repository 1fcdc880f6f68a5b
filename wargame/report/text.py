"""Plain-text phrasing shared by the Markdown and HTML reports (no markup here; callers escape)."""

from __future__ import annotations

from wargame.model.scenario import DELEGATION_NAMES
from wargame.report.model import GameReport, MoveEntry, format_duration, parse_ts

MODE_TEXT = {
    "rigid": "rigid — the rules decide every outcome",
    "semi": "semi-rigid — the rules propose, Control confirms or overrides with a reason",
    "free": "free — Control decides every outcome with a written reason",
}

NOTE_KINDS = {"hotwash": "Hot wash", "control": "Control", "improvement": "Improvement", "observation": "Observation"}


def nation(code: str) -> str:
    return DELEGATION_NAMES.get(code, code)


def pct(p) -> str:
    if p is None:
        return "—"
    return f"{p * 100:.0f}%" if abs(p * 100 - round(p * 100)) < 1e-9 else f"{p * 100:.1f}%"


def signed_pct(p) -> str:
    s = pct(abs(p))
    return ("−" if p < 0 else "+") + s


def num(x) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def signed(x) -> str:
    return ("+" if x >= 0 else "−") + f"{abs(x):g}"


def track_label(report: GameReport, key: str) -> str:
    slot = report.cs.slots.get(key)
    return slot.label if slot else key


def effect_lines(report: GameReport, effects) -> list[str]:
    """['Maritime domain awareness +2 (2 → 4)', ...]; a clamped change says so."""
    out = []
    for line in effects or ():
        try:
            key, delta, before, after = line
        except (TypeError, ValueError):
            continue
        text = f"{track_label(report, key)} {signed(delta)} ({num(before)} → {num(after)})"
        if after - before != delta:
            text += ", held at the track's limit"
        out.append(text)
    return out


def effects_text(report: GameReport, effects) -> str:
    lines = effect_lines(report, effects)
    return "; ".join(lines) if lines else "no change to the tracks"


def choice_text(m: MoveEntry) -> str:
    if m.is_free:
        return f"Free-form action: {m.action or ''}"
    return f"{m.option_label} ({m.stance})" if m.stance and m.stance != "other" else m.option_label


def roll_text(m: MoveEntry) -> str:
    if m.roll is None:
        if m.resolved:
            return "no roll (Control decided the outcome directly)"
        return "not rolled: the log ends before this move was adjudicated"
    die = f"d{m.sides}" if m.sides else "die"
    how = "physical die, entered by Control" if m.physical else "seeded generator"
    return f"{die} roll {m.roll} against target {m.target} ({how})"


def odds_lines(m: MoveEntry) -> list[tuple[str, str]]:
    """The breakdown as (label, amount) with the base shown as a level and modifiers signed."""
    rows = []
    for i, line in enumerate(m.breakdown or ()):
        try:
            label, amount = line
        except (TypeError, ValueError):
            continue
        rows.append((str(label), pct(amount) if i == 0 else signed_pct(amount)))
    return rows


def outcome_text(report: GameReport, m: MoveEntry) -> str:
    if not m.resolved:
        return "not adjudicated (the log ends before the outcome)"
    proposed = report.cs.outcome_label(m.proposed) if m.proposed else None
    if m.overridden:
        return f"{m.outcome_label} — OVERRIDDEN by Control (the rules proposed {proposed})"
    if m.by == "control":
        return f"{m.outcome_label} — decided by Control"
    return f"{m.outcome_label} (as the rules proposed)"


def played_date(report: GameReport) -> str:
    a = parse_ts(report.first_ts)
    return a.strftime("%Y-%m-%d") if a else "unknown"


def time_span(report: GameReport) -> str:
    a, b = parse_ts(report.first_ts), parse_ts(report.last_ts)
    if not a or not b:
        return "unknown"
    end = b.strftime("%H:%M") if a.date() == b.date() else b.strftime("%Y-%m-%d %H:%M")
    return f"{a.strftime('%H:%M')}–{end} UTC ({format_duration(b - a)})"


def verification_text(report: GameReport) -> str:
    if report.verified:
        signed = ("; every command signed with the game's key" if report.signed
                  else "; unsigned (written before logs were signed)")
        text = (f"verified — {report.verified_records} records; hash chain intact and every record "
                f"re-derived by replay{signed}")
        return text + (f" ({len(report.warnings)} warning(s))" if report.warnings else "")
    return (f"NOT VERIFIED — {report.problem}. Records from line {report.unverified_from} on are shown "
            f"as they stand in the file and may have been altered.")


def witness_lines(report: GameReport) -> list[str]:
    """The chain fingerprints, to compare with those shown to the room at each turn end."""
    if not report.fingerprint:
        return ["none (no record verified)"]
    last = "at the end of the log" if report.verified else "at the last verified record"
    return [f"{report.fingerprint} {last}"] + [f"{fp} at the end of turn {t}" for t, fp in report.turn_fingerprints]


def turns_text(report: GameReport) -> str:
    t = report.cs.scenario.turns
    played = len({x.number for x in report.turns})
    dates = [x.date for x in report.turns if x.date]
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    return f"{played} of {t.count} turn(s), {t.step} each{span}"


def ended_text(report: GameReport) -> str:
    if report.ended:
        return f"ended: {report.end_reason}"
    return "in progress (the log ends before the game did)"


def summary_rows(report: GameReport) -> list[tuple[str, str | list[str]]]:
    """The summary as (label, text or list of lines)."""
    s = report.cs.scenario
    players = report.players
    teams = [f"{nation(d)} ({d}): {players.get(d) or '—'}" for d in report.cs.delegations]
    parent = report.header.get("parent")
    rows = [
        ("Scenario", f"{report.title} ({report.scenario_id}, version {report.scenario_sha256[:12]})"),
        ("Purpose", f"{s.purpose}; {s.audience}" if s.audience else s.purpose),
        ("Date played", played_date(report)),
        ("Time", time_span(report)),
        ("Delegations and teams", teams),
        ("Seed", str(report.seed)),
        ("Adjudication", MODE_TEXT.get(report.mode, report.mode)),
        ("Ruleset", f"{report.header.get('ruleset', '')} (version {str(report.header.get('ruleset_sha256', ''))[:12]})"),
        ("Turns", turns_text(report)),
        ("Status", ended_text(report)),
        ("Log", f"{report.path} (game id {report.game_id[:16]})"),
        ("Verification", verification_text(report)),
        ("Fingerprint", witness_lines(report)),
        ("Program", f"wargame {report.header.get('version', '')}"),
    ]
    if parent:
        rows.append(("Forked from", f"{parent.get('log', '')} at record {parent.get('seq', '')}"))
    return rows


def headline_counts(report: GameReport) -> dict[str, int]:
    moves = report.moves
    return {
        "moves": len(moves),
        "successes": sum(1 for m in moves if m.success),
        "interventions": len(report.interventions),
        "notes": len(report.notes),
        "free": sum(1 for m in moves if m.is_free),
        "physical": sum(1 for m in moves if m.physical),
    }


def served_injects(report: GameReport, lo_id: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Injects serving a learning objective: (turn, inject id) that fired, and ids never reached."""
    fired, seen = [], set()
    for t in report.turns:
        for iid in t.injects:
            ci = report.cs.injects.get(iid)
            if ci is not None and lo_id in ci.inject.objectives:
                fired.append((t.number, iid))
                seen.add(iid)
    missed = [i.id for i in report.cs.scenario.injects if lo_id in i.objectives and i.id not in seen]
    return fired, missed


def observed(report: GameReport, turn: int, inject: str) -> list[MoveEntry]:
    return [m for t in report.turns if t.number == turn for m in t.moves if m.inject == inject]


def assessment_rows(report: GameReport, delegation: str) -> list[tuple[str, str, int, bool]]:
    """(objective id, text, weight, met) for a delegation."""
    a = (report.assessment or {}).get(delegation)
    if not a:
        return []
    texts = {o.id: o.text for o, _c in report.cs.objectives.get(delegation, ())}
    return [(oid, texts.get(oid, oid), w, bool(ok)) for oid, ok, w in a.get("objectives", [])]


def turn_changes(report: GameReport, turn_number: int) -> list[tuple[str, float, float]]:
    """(label, value before, value after) for tracks that moved during a turn."""
    before = None
    for p in report.points:
        if p.turn < turn_number:
            before = p
    after = next((p for p in report.points if p.turn == turn_number), None)
    if before is None or after is None:
        return []
    out = []
    for k, v in after.values.items():
        b = before.values.get(k, v)
        if b != v:
            out.append((track_label(report, k), b, v))
    return out
