"""The report model: one verified pass over a log gives every move, ruling, note and track value."""

from __future__ import annotations

import pytest

from tests.report.games import (ADJUST_REASON, ARGUMENT, FREE_REASON, NOTES, OVERRIDE_REASON, RATIONALES,
                                REOPEN_REASON, RESPONSE_REASON, records, tamper)
from wargame.report.model import ReportError, build


def test_model_holds_every_move_with_its_adjudication(scripted_log):
    recs = records(scripted_log)
    r = build(scripted_log)
    assert r.verified and r.ended and r.records == len(recs) == r.verified_records
    assert r.game_id == recs[0]["hash"] and r.seed == 5 and r.mode == "semi"
    assert r.first_ts == recs[0]["ts"] and r.last_ts == recs[-1]["ts"]
    resolved = [x for x in recs if x["type"] == "move-resolved"]
    assert len(r.moves) == len(resolved)
    by = {(m.turn, m.delegation): m for m in r.moves}
    usa, jpn, kor = by[(1, "USA")], by[(1, "JPN")], by[(1, "KOR")]
    assert usa.rationale == RATIONALES["USA"] and not usa.physical and usa.roll is not None
    assert usa.breakdown and usa.probability == 0.7 and usa.by == "rules"
    assert jpn.roll == 99 and jpn.physical and jpn.overridden and jpn.reason == OVERRIDE_REASON
    assert jpn.proposed != jpn.outcome == "success" and jpn.success
    assert [x["reason"] for x in jpn.reopened] == [REOPEN_REASON] and jpn.reopened[0]["was"] == "Observe"
    assert kor.is_free and kor.argument == ARGUMENT and kor.odds == 0.6 and kor.reason == FREE_REASON
    assert kor.effects[0][:2] == ["escalation", -1]


def test_every_intervention_is_listed_with_its_reason(scripted_log):
    r = build(scripted_log)
    kinds = {(i.kind, i.reason) for i in r.interventions}
    assert ("outcome override", OVERRIDE_REASON) in kinds
    assert ("Control ruling", FREE_REASON) in kinds
    assert ("response override", RESPONSE_REASON) in kinds
    assert ("track adjustment", ADJUST_REASON) in kinds
    assert ("move reopened", REOPEN_REASON) in kinds
    assert {n["kind"]: n["text"] for n in r.notes if not n.get("improvement")} == NOTES


def test_track_points_are_the_start_and_each_turn_end(scripted_log, mini):
    recs = records(scripted_log)
    r = build(scripted_log)
    ends = [x for x in recs if x["type"] == "turn-ended"]
    assert [p.label for p in r.points] == ["start"] + [f"end of turn {x['turn']}" for x in ends]
    assert r.points[0].values == {k: s.start for k, s in mini.slots.items()}
    assert [p.values for p in r.points[1:]] == [x["tracks"] for x in ends]
    assert r.assessment == recs[-1]["assessment"] and not r.assessment_provisional


def test_citations_of_what_was_played_are_collected(scripted_log):
    r = build(scripted_log)
    assert "alsaied-2023#tf59-incubator" in r.citations


def test_a_tampered_log_is_refused_with_its_line(scripted_log, tmp_path):
    bad = tmp_path / "bad.jsonl"
    line = tamper(scripted_log, bad, RATIONALES["JPN"], "Tokyo wants nothing")
    with pytest.raises(ReportError) as e:
        build(bad)
    assert str(e.value).startswith(f"{bad}:{line}: ")


def test_allow_unverified_keeps_the_tail_marked(scripted_log, tmp_path):
    bad = tmp_path / "bad.jsonl"
    line = tamper(scripted_log, bad, RATIONALES["JPN"], "Tokyo wants nothing")
    r = build(bad, allow_unverified=True)
    assert not r.verified and r.unverified_from == line and f"{bad}:{line}:" in r.problem
    assert r.records == len(records(bad)) and r.verified_records == line - 1
    jpn = next(m for m in r.moves if m.delegation == "JPN" and m.turn == 1)
    assert jpn.rationale == "Tokyo wants nothing" and not jpn.verified
    assert r.ended and r.assessment  # the unverified tail still shows how the game ended


def test_a_game_in_progress_gets_a_provisional_assessment(scripted_log, tmp_path):
    part = tmp_path / "part.jsonl"
    lines = scripted_log.read_text().splitlines(keepends=True)
    cut = next(n for n, x in enumerate(lines) if '"type":"turn-ended"' in x)
    part.write_text("".join(lines[:cut]))
    r = build(part)
    assert r.verified and not r.ended and r.assessment_provisional and r.assessment
    assert r.points[-1].label == "now (game in progress)"
