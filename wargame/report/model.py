"""The data of an after-action report, taken from a game log in one streaming, verified pass.

`build(path)` replays the log (hash chain plus re-derivation of every record by the engine) and
folds each record into a `GameReport` as it goes. The Markdown, HTML, CSV and statistics builders
read only this model, so they never touch the log, the engine or the file system themselves.

With `allow_unverified=True` a log that fails verification is still reported: the verified prefix
as usual, then the remaining lines read as plain JSON and marked unverified.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

import attrs

from wargame.engine.interventions import intervention_kind
from wargame.scenario.compiled import CompiledScenario


class ReportError(Exception):
    """The log cannot be reported on (message is located: `path:line: ...`)."""


@attrs.define
class MoveEntry:
    """One delegation's move on one inject, from sealed submission to resolution."""

    turn: int
    date: str
    inject: str
    delegation: str
    option: str | None
    option_label: str
    stance: str
    action: str | None
    argument: str | None
    rationale: str
    submitted_at: str
    line: int
    verified: bool = True
    reopened: list[dict] = attrs.field(factory=list)  # earlier sealed versions Control reopened
    odds: float | None = None  # Control's odds for a free-form action
    probability: float | None = None
    breakdown: list = attrs.field(factory=list)
    sides: int | None = None
    target: int | None = None
    roll: int | None = None
    physical: bool | None = None
    proposed: str | None = None
    outcome: str | None = None
    outcome_label: str = ""
    success: bool | None = None
    by: str = ""
    overridden: bool = False
    reason: str = ""
    effects: list = attrs.field(factory=list)
    narrative: str = ""
    sources: list[str] = attrs.field(factory=list)
    resolved_at: str = ""

    @property
    def is_free(self) -> bool:
        return self.option is None

    @property
    def resolved(self) -> bool:
        return self.outcome is not None


@attrs.define
class TurnEntry:
    number: int
    date: str
    started_at: str
    injects: list[str]
    verified: bool = True
    moves: list[MoveEntry] = attrs.field(factory=list)
    combined: list[dict] = attrs.field(factory=list)  # {rule, label, narrative, effects, inject, sources}
    proposals: list[list] = attrs.field(factory=list)
    responses: list[dict] = attrs.field(factory=list)  # record plus label, narrative, actor_name, sources
    adjustments: list[dict] = attrs.field(factory=list)
    notes: list[dict] = attrs.field(factory=list)
    tracks: dict | None = None  # values at the end of the turn


@attrs.define
class Intervention:
    """Control acting on the game beyond the rules: every one is listed in the report."""

    turn: int
    kind: str  # outcome override | Control ruling | response override | Control response | track adjustment | move reopened
    subject: str
    proposed: str
    decided: str
    reason: str
    line: int
    verified: bool = True


@attrs.define
class TrackPoint:
    turn: int
    date: str
    label: str  # "start", "end of turn 2", "end of game"
    values: dict[str, float]


@attrs.define
class GameReport:
    path: str
    cs: CompiledScenario
    header: dict
    game_id: str = ""
    first_ts: str = ""
    last_ts: str = ""
    records: int = 0
    verified_records: int = 0
    problem: str | None = None
    unverified_from: int | None = None  # first line not verified
    warnings: list[str] = attrs.field(factory=list)
    turns: list[TurnEntry] = attrs.field(factory=list)
    points: list[TrackPoint] = attrs.field(factory=list)
    ended: bool = False
    end_reason: str = ""
    assessment: dict | None = None
    assessment_provisional: bool = False
    notes: list[dict] = attrs.field(factory=list)
    interventions: list[Intervention] = attrs.field(factory=list)
    citations: list[str] = attrs.field(factory=list)  # in order of first use
    tracks: dict[str, float] = attrs.field(factory=dict)  # latest values
    #: The log's witness at its last verified record, and at the end of each turn (what the room saw).
    fingerprint: str = ""
    turn_fingerprints: list[tuple[int, str]] = attrs.field(factory=list)
    signed: bool = False

    # ------------------------------------------------------------ header views
    @property
    def verified(self) -> bool:
        return self.problem is None

    @property
    def scenario_id(self) -> str:
        return str(self.header.get("scenario", self.cs.id))

    @property
    def title(self) -> str:
        return str(self.header.get("scenario_title") or self.cs.scenario.title)

    @property
    def seed(self):
        return self.header.get("seed")

    @property
    def mode(self) -> str:
        return str(self.header.get("mode", ""))

    @property
    def players(self) -> dict[str, str]:
        return dict(self.header.get("players") or {})

    @property
    def scenario_sha256(self) -> str:
        return str(self.header.get("scenario_sha256", ""))

    @property
    def moves(self) -> list[MoveEntry]:
        return [m for t in self.turns for m in t.moves]

    @property
    def duration(self) -> _dt.timedelta | None:
        a, b = parse_ts(self.first_ts), parse_ts(self.last_ts)
        return b - a if a and b else None

    def cite(self, refs) -> list[int]:
        """Footnote numbers (1-based) of citations, registering new ones in order of first use."""
        out = []
        for ref in refs:
            if ref not in self.citations:
                self.citations.append(ref)
            out.append(self.citations.index(ref) + 1)
        return out

    def note_number(self, ref: str) -> int:
        return self.citations.index(ref) + 1


def parse_ts(ts: str) -> _dt.datetime | None:
    if not ts:
        return None
    try:
        return _dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None


def format_duration(d: _dt.timedelta | None) -> str:
    if d is None:
        return "unknown"
    secs = int(d.total_seconds())
    h, rem = divmod(secs, 3600)
    m, s = divmod(rem, 60)
    if h:
        return f"{h} h {m:02d} min"
    if m:
        return f"{m} min {s:02d} s"
    return f"{s} s"


# ====================================================================== the fold

class Builder:
    """Folds log records into a GameReport; works on verified records and on a raw unverified tail."""

    def __init__(self, path: str, cs: CompiledScenario, header: dict):
        self.r = GameReport(path=path, cs=cs, header=header)
        self.r.tracks = {k: s.start for k, s in cs.slots.items()}
        start = cs.scenario.turns.start
        self.r.points.append(TrackPoint(0, start, "start", dict(self.r.tracks)))
        self.turn: TurnEntry | None = None
        self.pending: dict[tuple[str, str], MoveEntry] = {}
        self.reopened: dict[tuple[str, str], list[dict]] = {}

    # -------------------------------------------------------------- helpers
    def _effects(self, lines) -> None:
        for line in lines or ():
            try:
                key, _delta, _before, after = line
            except (TypeError, ValueError):
                continue
            self.r.tracks[key] = after

    def _turn(self, data: dict, verified: bool) -> TurnEntry:
        if self.turn is None:  # a record before any turn-started (only in a damaged tail)
            self.turn = TurnEntry(int(data.get("turn") or 0), "", "", [], verified)
            self.r.turns.append(self.turn)
        return self.turn

    def _option(self, inject: str, delegation: str, option: str | None):
        ci = self.r.cs.injects.get(inject)
        if ci is None or option is None:
            return None
        co = ci.options.get(delegation, {}).get(option)
        return co.option if co is not None else None

    # -------------------------------------------------------------- the fold
    def feed(self, data: dict, line: int, verified: bool = True) -> None:
        r = self.r
        if not verified:
            data = _clean(data, r.cs)
        r.records += 1
        if verified:
            r.verified_records += 1
        ts = str(data.get("ts", ""))
        if ts:
            r.first_ts = r.first_ts or ts
            r.last_ts = ts
        t = data.get("type")
        fn = getattr(self, "_" + str(t).replace("-", "_"), None)
        if fn is not None:
            fn(data, line, verified, ts)

    def _game_started(self, d, line, verified, ts):
        self.r.header = d
        self.r.game_id = d.get("hash", "")

    def _turn_started(self, d, line, verified, ts):
        self.turn = TurnEntry(int(d.get("turn", 0)), str(d.get("date", "")), ts, list(d.get("injects") or []),
                              verified)
        self.r.turns.append(self.turn)
        for iid in self.turn.injects:
            ci = self.r.cs.injects.get(iid)
            if ci is not None:
                self.r.cite(ci.inject.sources)
        self.pending = {}

    def _move_submitted(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        inject, dele = d.get("inject", ""), d.get("delegation", "")
        opt = self._option(inject, dele, d.get("option"))
        m = MoveEntry(turn=turn.number, date=turn.date, inject=inject, delegation=dele, option=d.get("option"),
                      option_label=opt.label if opt else (d.get("option") or str(d.get("action") or "")),
                      stance=opt.stance if opt else ("free-form" if d.get("option") is None else ""),
                      action=d.get("action"), argument=d.get("argument"), rationale=str(d.get("rationale") or ""),
                      submitted_at=ts, line=line, verified=verified,
                      sources=list(opt.sources) if opt else [])
        m.reopened = self.reopened.pop((inject, dele), [])
        self.pending[(inject, dele)] = m

    def _move_reopened(self, d, line, verified, ts):
        key = (d.get("inject", ""), d.get("delegation", ""))
        old = self.pending.pop(key, None)
        was = (old.option_label if old else "") or "?"
        self.reopened.setdefault(key, []).append({"reason": d.get("reason", ""), "was": was, "ts": ts})
        self.r.interventions.append(Intervention(int(d.get("turn") or 0), "move reopened", f"{key[1]} on {key[0]}",
                                                 was, "reopened for a new sealed move", str(d.get("reason") or ""),
                                                 line, verified))

    def _moves_revealed(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        for m in self.pending.values():
            turn.moves.append(m)
            self.r.cite(m.sources)
        self.pending = {}

    def _find_move(self, d) -> MoveEntry | None:
        turn = self._turn(d, True)
        for m in turn.moves:
            if m.inject == d.get("inject") and m.delegation == d.get("delegation"):
                return m
        return None

    def _roll_made(self, d, line, verified, ts):
        m = self._find_move(d)
        if m is None:
            return
        m.odds, m.probability, m.breakdown = d.get("odds"), d.get("probability"), list(d.get("breakdown") or [])
        m.sides, m.target, m.roll = d.get("sides"), d.get("target"), d.get("roll")
        m.physical, m.proposed = d.get("physical"), d.get("proposed")
        m.verified = m.verified and verified

    def _move_resolved(self, d, line, verified, ts):
        m = self._find_move(d)
        if m is None:
            return
        cs = self.r.cs
        m.outcome = d.get("outcome")
        m.outcome_label = cs.outcome_label(m.outcome) if m.outcome else ""
        m.success = cs.is_success(m.outcome)
        m.by, m.overridden, m.reason = str(d.get("by") or ""), bool(d.get("overridden")), str(d.get("reason") or "")
        if m.proposed is None:
            m.proposed = d.get("proposed")
        m.effects = list(d.get("effects") or [])
        m.resolved_at = ts
        m.line = line
        m.verified = m.verified and verified
        opt = self._option(m.inject, m.delegation, m.option)
        m.narrative = (opt.outcomes.get(m.outcome, "") if opt else "") or ""
        self._effects(m.effects)
        kind = intervention_kind(d)
        if kind is not None:
            proposed = cs.outcome_label(m.proposed) if m.proposed else "no roll (free adjudication)"
            self.r.interventions.append(Intervention(m.turn, kind, f"{m.delegation}: {m.option_label} ({m.inject})",
                                                     proposed, m.outcome_label, m.reason, line, verified))

    def _combined_applied(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        ci = self.r.cs.injects.get(d.get("inject", ""))
        rule = next((c.rule for c in ci.combined if c.rule.id == d.get("rule")), None) if ci else None
        entry = dict(d, label=rule.label if rule else d.get("rule", ""), narrative=rule.narrative if rule else "",
                     sources=list(rule.sources) if rule else [], line=line, verified=verified)
        self.r.cite(entry["sources"])
        turn.combined.append(entry)
        self._effects(d.get("effects"))

    def _responses_proposed(self, d, line, verified, ts):
        self._turn(d, verified).proposals = list(d.get("proposals") or [])

    def _response(self, actor: str, rid: str | None):
        if rid is None:
            return None
        turn = self.turn
        rules = []
        if turn is not None:
            for iid in turn.injects:
                ci = self.r.cs.injects.get(iid)
                if ci is not None:
                    rules += ci.responses
        rules += self.r.cs.responses
        return next((x.rule for x in rules if x.rule.actor == actor and x.rule.id == rid), None)

    def _response_applied(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        actor = str(d.get("actor", ""))
        rule = self._response(actor, d.get("response"))
        prop = self._response(actor, d.get("proposed"))
        a = self.r.cs.scenario.actors.get(actor)
        entry = dict(d, actor_name=a.name if a else actor,
                     label=rule.label if rule else (d.get("response") or "no response"),
                     proposed_label=prop.label if prop else (d.get("proposed") or "no response"),
                     narrative=rule.narrative if rule else "", sources=list(rule.sources) if rule else [],
                     line=line, verified=verified)
        self.r.cite(entry["sources"])
        turn.responses.append(entry)
        self._effects(d.get("effects"))
        kind = intervention_kind(d)
        if kind is not None:
            self.r.interventions.append(Intervention(turn.number, kind, f"{actor} response", entry["proposed_label"],
                                                     entry["label"], str(d.get("reason") or ""), line, verified))

    def _track_adjusted(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        entry = dict(d, line=line, verified=verified)
        turn.adjustments.append(entry)
        self._effects(d.get("effects"))
        for key, delta, before, after in d.get("effects") or ():
            label = self.r.cs.slots[key].label if key in self.r.cs.slots else key
            self.r.interventions.append(Intervention(turn.number, "track adjustment", label, f"{before:g}",
                                                     f"{after:g} ({_signed(delta)})", str(d.get("reason") or ""),
                                                     line, verified))

    def _note_added(self, d, line, verified, ts):
        entry = dict(d, line=line, verified=verified)
        self.r.notes.append(entry)
        if self.turn is not None:
            self.turn.notes.append(entry)

    def _turn_ended(self, d, line, verified, ts):
        turn = self._turn(d, verified)
        tracks = {**self.r.tracks, **(d.get("tracks") or {})}
        turn.tracks = tracks
        self.r.tracks = dict(tracks)
        self.r.points.append(TrackPoint(turn.number, turn.date, f"end of turn {turn.number}", tracks))

    def _game_ended(self, d, line, verified, ts):
        r = self.r
        r.ended = True
        r.end_reason = str(d.get("reason") or "")
        r.assessment = d.get("assessment")
        tracks = {**r.tracks, **(d.get("tracks") or {})}
        r.tracks = dict(tracks)
        last = r.points[-1]
        turn = int(d.get("turn") or 0)
        if last.values != tracks or last.turn != turn:  # ended early, mid-turn: the values at the end
            r.points.append(TrackPoint(turn, self.turn.date if self.turn else "", "end of game", tracks))

    # -------------------------------------------------------------- finish
    def finish(self, state=None) -> GameReport:
        r = self.r
        if self.pending and self.turn is not None:  # sealed moves never revealed: kept, marked unrevealed
            for m in self.pending.values():
                m.outcome_label = ""
                self.turn.moves.append(m)
        if not r.ended:
            last = r.points[-1]
            if last.values != r.tracks:
                turn = self.turn.number if self.turn else 0
                r.points.append(TrackPoint(turn, self.turn.date if self.turn else "", "now (game in progress)",
                                           dict(r.tracks)))
            if state is not None and r.verified and state.phase not in ("setup",):
                from wargame.engine.engine import assess

                r.assessment = assess(state)
                r.assessment_provisional = True
        return r


def _is_num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _clean(d: dict, cs: CompiledScenario) -> dict:
    """An unverified record with wrongly typed fields made harmless (dropped), so reporting never fails."""
    d = dict(d)
    for k in ("turn", "roll", "target", "sides", "index"):
        if k in d and d[k] is not None and not isinstance(d[k], int):
            d[k] = None if k != "turn" else 0
    for k in ("probability", "odds"):
        if k in d and d[k] is not None and not _is_num(d[k]):
            d[k] = None
    for k in ("inject", "delegation", "option", "action", "argument", "rationale", "reason", "outcome", "proposed",
              "text", "kind", "actor", "response", "rule", "date", "by"):
        if k in d and d[k] is not None and not isinstance(d[k], str):
            d[k] = str(d[k])
    if "effects" in d:
        lines = d["effects"] if isinstance(d["effects"], list) else []
        d["effects"] = [x for x in lines if isinstance(x, list) and len(x) == 4 and x[0] in cs.slots
                        and all(_is_num(v) for v in x[1:])]
    if "breakdown" in d:
        lines = d["breakdown"] if isinstance(d["breakdown"], list) else []
        d["breakdown"] = [x for x in lines if isinstance(x, list) and len(x) == 2 and _is_num(x[1])]
    if "tracks" in d:
        t = d["tracks"] if isinstance(d["tracks"], dict) else {}
        d["tracks"] = {k: v for k, v in t.items() if k in cs.slots and _is_num(v)}
    for k in ("injects", "proposals"):
        if k in d and not isinstance(d[k], list):
            d[k] = []
    if "injects" in d:
        d["injects"] = [str(x) for x in d["injects"]]
    if "assessment" in d:
        a = d["assessment"] if isinstance(d["assessment"], dict) else {}
        clean = {}
        for dele, v in a.items():
            if dele not in cs.delegations or not isinstance(v, dict):
                continue
            rows = [x for x in v.get("objectives") or [] if isinstance(x, list) and len(x) == 3
                    and isinstance(x[0], str) and isinstance(x[1], bool) and _is_num(x[2])]
            score, of = v.get("score"), v.get("of")
            clean[dele] = {"objectives": rows, "score": score if _is_num(score) else 0, "of": of if _is_num(of) else 0}
        d["assessment"] = clean or None
    return d


def _signed(x) -> str:
    return f"+{x:g}" if x >= 0 else f"{x:g}"


# ====================================================================== entry point

def build(path: Path, *, scenario: Path | None = None, allow_unverified: bool = False,
          cs: CompiledScenario | None = None, cache: dict | None = None) -> GameReport:
    """Replay and fold a log; raises ReportError when it cannot be reported (located message).

    `cache` (a dict the caller keeps) shares compiled scenarios between logs played with the same
    scenario and ruleset files (same path and content hashes), so many logs load each scenario once.
    """
    from wargame.log.replay import replay

    path = Path(path)
    holder: dict[str, Any] = {}
    if cs is None and cache is not None and scenario is None:
        cs = _cached_scenario(path, cache)

    def on_record(rec, state):
        b = holder.get("b")
        if b is None:
            b = holder["b"] = Builder(str(path), state.cs, rec.data)
        b.feed(rec.data, rec.line, True)

    result = replay(path, scenario=scenario, cs=cs, on_record=on_record)
    b: Builder | None = holder.get("b")
    if result.ok:
        if b is None:
            raise ReportError(f"{path}:1: the log holds no complete record")
        rep = b.finish(result.state)
        rep.warnings += result.warnings
        _witness(rep, result)
        return rep
    problem = str(result.problem)
    if not allow_unverified:
        raise ReportError(problem + (f"\n(the first {result.count} record(s) verified)" if result.count else ""))
    if b is None:
        header = _raw_header(path)
        if header is None:
            raise ReportError(problem)
        try:
            ucs = cs or _load_unchecked(header, scenario)
        except Exception as e:  # noqa: BLE001 - any load failure is reported, located, to the user
            raise ReportError(f"{problem}\n(and the scenario could not be loaded to report anyway: {e})") from None
        b = Builder(str(path), ucs, header)
    start = result.count + 1
    tail_problems = _feed_tail(b, path, start)
    rep = b.finish(None)
    rep.problem = problem
    rep.unverified_from = start
    if result.count:
        _witness(rep, result)
    rep.warnings += result.warnings + tail_problems
    return rep


def _witness(rep: GameReport, result) -> None:
    rep.signed = result.signed
    rep.fingerprint = result.fingerprint()
    rep.turn_fingerprints = [(turn, result.fingerprint(head)) for turn, head in result.turn_heads]


def _cached_scenario(path: Path, cache: dict) -> CompiledScenario | None:
    """The compiled scenario for a log's header, loaded (and hash-checked) once per distinct file."""
    from wargame.log.replay import ScenarioMismatch, load_for_log
    from wargame.scenario.errors import InputError

    header = _raw_header(path)
    if header is None:
        return None
    key = (header.get("scenario_path"), header.get("scenario"), header.get("scenario_sha256"),
           header.get("ruleset_sha256"))
    if key not in cache:
        try:
            cache[key] = load_for_log(header)
        except (ScenarioMismatch, InputError, OSError):
            cache[key] = None  # replay reports the located problem for each such log
    return cache[key]


def _raw_header(path: Path) -> dict | None:
    """The first record as written (not chain-verified), if it has the shape of a game-started record."""
    from wargame.log.chain import split_seal
    from wargame.log.reader import LogProblem, open_log
    from wargame.log.schema import record_problem

    try:
        with open_log(path, str(path)) as fh:
            first = fh.readline(1_000_000)
        data = json.loads(split_seal(first.rstrip(b"\n"))[0])
    except (OSError, ValueError, LogProblem):
        return None
    if not isinstance(data, dict) or data.get("type") != "game-started" or record_problem(data):
        return None
    return data


def _load_unchecked(header: dict, scenario: Path | None) -> CompiledScenario:
    from wargame.scenario.load import load_scenario, resolve_scenario

    p = scenario or Path(str(header.get("scenario_path", "")))
    if not p.is_file():
        p = resolve_scenario(str(header.get("scenario", "")))
    return load_scenario(p)


def _feed_tail(b: Builder, path: Path, start: int) -> list[str]:
    from wargame.log.chain import split_seal
    from wargame.log.reader import MAX_LINE
    from wargame.log.schema import record_problem

    problems = []
    with open(path, "rb") as fh:
        for n, raw in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), b""), start=1):
            if len(raw) > MAX_LINE:
                problems.append(f"{path}:{n}: line is too long; the rest of the log is not reported")
                break
            if n < start:
                continue
            try:
                data = json.loads(split_seal(raw.rstrip(b"\n"))[0])
            except ValueError:
                problems.append(f"{path}:{n}: unreadable record skipped")
                continue
            shape = record_problem(data)
            if shape:
                problems.append(f"{path}:{n}: {shape}; skipped")
                continue
            try:
                b.feed(data, n, False)
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                problems.append(f"{path}:{n}: record could not be read ({type(e).__name__}), skipped")
    return problems
