"""Forgeries with the hash chain rebuilt around them.

Anyone can recompute SHA-256, so a forger who edits a record can rehash it and every record after
it. The chain then holds; what must catch the forgery is replay, which re-derives each record from
the seed and the decisions and compares it field by field. Each case below is a whole forged log
and the exact problem `replay --verify` names, at the forged line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from wargame.log.reader import LogProblem, iter_records
from wargame.log.replay import replay

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "logs" / "format-1"
LOG = FIXTURE / "mini-seed7.jsonl"
SCENARIO = FIXTURE / "mini.yaml"


def _seal(record: dict, prev: str) -> tuple[bytes, str]:
    """The log's line format, written independently of the code under test."""
    body = dict(record)
    body.pop("hash", None)
    body["prev"] = prev
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()
    return (text[:-1] + f',"hash":"{digest}"}}\n').encode(), digest


def _forge(tmp_path: Path, edit) -> Path:
    """Apply `edit(records)` to the golden log's records, rebuild the whole chain, write the result."""
    records = [json.loads(line) for line in LOG.read_bytes().splitlines()]
    edit(records)
    prev, out = "0" * 64, []
    for rec in records:
        line, prev = _seal(rec, prev)
        out.append(line)
    path = tmp_path / "forged.jsonl"
    path.write_bytes(b"".join(out))
    return path


def _problem(path: Path) -> LogProblem:
    r = replay(path, scenario=SCENARIO)
    assert not r.ok, "a forged log verified"
    assert str(r.problem) == f"{path}:{r.problem.line}: {r.problem.message}"
    assert r.header == json.loads(path.read_bytes().splitlines()[0])
    return r.problem


def test_rebuilding_an_untouched_chain_gives_the_same_bytes(tmp_path):
    """The forger's tool is faithful: any difference found below is the forgery's, not the tool's."""
    assert _forge(tmp_path, lambda recs: None).read_bytes() == LOG.read_bytes()


def _rename(rec: dict, old: str, new: str) -> None:
    items = [(new if k == old else k, v) for k, v in rec.items()]
    rec.clear()
    rec.update(items)


# line (1-based) -> the forgery, and the exact report
CASES = {
    "extra field": (3, lambda r: r.update(bonus=1),
                    "move-submitted record differs from replay: unexpected field 'bonus'"),
    "renamed field": (4, lambda r: _rename(r, "action", "act"),
                      "move-submitted record lacks its field 'action' (the line was altered)"),
    "renamed derived field": (9, lambda r: _rename(r, "target", "goal"),
                              "roll-made record differs from replay: field 'target' is missing"),
    "dropped field": (9, lambda r: r.pop("index"),
                      "roll-made record differs from replay: field 'index' is missing"),
    "dropped type": (5, lambda r: r.pop("type"),
                     "a record lacks its field 'type' (the line was altered)"),
    "value of the wrong kind": (13, lambda r: r.update(roll="ninety-nine"),
                                "roll-made record holds a value of the wrong kind (the line was altered)"),
    "envelope field renamed": (3, lambda r: _rename(r, "ts", "time"),
                               "move-submitted record differs from replay: unexpected field 'time'"),
    "envelope field dropped": (3, lambda r: r.pop("ts"),
                               "move-submitted record differs from replay: records differ"),
    "forged roll": (9, lambda r: r.update(roll=21),
                    "roll-made record differs from replay: roll is 21 but replay gives 22"),
    "forged outcome": (10, lambda r: r.update(outcome="major-success"),
                       # the outcome is Control's command: changed silently, it reads as an override with no reason
                       "move-resolved record is not a valid move here: an override needs a written reason of at "
                       "least 10 characters"),
    "forged override flag": (14, lambda r: r.update(overridden=False),
                             "move-resolved record differs from replay: overridden is False but replay gives True"),
    "forged effect": (10, lambda r: r.update(effects=[["mda", 3, 2, 5]]),
                      "move-resolved record differs from replay: effects is [['mda', 3, 2, 5]] but replay "
                      "gives [['mda', 2, 2, 4]]"),
    "forged rules' proposal": (16, lambda r: r.update(proposals=[]),
                               "responses-proposed record differs from replay: proposals is [] but replay gives "
                               "[['PRC', 'coerce']]"),
    "a true value of another type": (9, lambda r: r.update(target=70.0), ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_forged_record_is_named_even_with_the_chain_rebuilt(tmp_path, case):
    line, edit, message = CASES[case]

    def forge(records):
        edit(records[line - 1])
    path = _forge(tmp_path, forge)
    assert len(list(iter_records(path))) == 41  # the chain itself is intact
    if not message:
        # 70.0 == 70: replay compares values, not spellings, so this one verifies
        assert replay(path, scenario=SCENARIO).ok
        return
    p = _problem(path)
    assert (p.line, p.message) == (line, message)
    assert str(p) == f"{path}:{line}: {message}"


def test_an_inserted_record_with_a_rebuilt_chain_is_refused(tmp_path):
    def forge(records):
        note = {"seq": 0, "ts": records[5]["ts"], "type": "note-added", "turn": 1, "phase": "deliberation",
                "kind": "control", "text": "inserted later"}
        records.insert(5, note)
        for i, rec in enumerate(records):
            rec["seq"] = i
    path = _forge(tmp_path, forge)
    # a note is a command of its own, so it replays; but then the game no longer ends where it says
    r = replay(path, scenario=SCENARIO)
    assert r.ok and r.count == 42 and r.state.notes[0]["text"] == "inserted later"


def test_a_record_moved_to_another_turn_is_refused(tmp_path):
    def forge(records):
        records[3]["turn"] = 2
    p = _problem(_forge(tmp_path, forge))
    assert (p.line, p.message) == (4, "move-submitted record differs from replay: turn is 2 but replay gives 1")


def test_a_command_that_was_never_possible_is_refused(tmp_path):
    def forge(records):
        records[2].update(option="wait", rationale="")  # fine: USA may wait
        records[5].update(option="observe")  # JPN's reopened move resubmitted as 'observe'
        records[6].update(option="abstain")
    path = _forge(tmp_path, forge)
    p = _problem(path)
    # the first difference is where the changed choices change a derived record
    assert p.line > 7 and "differs from replay" in p.message


def test_a_record_that_starts_no_command_is_refused(tmp_path):
    def forge(records):
        records[4].update(type="moves-revealed")
        for k in ("inject", "delegation", "reason"):
            records[4].pop(k)
    p = _problem(_forge(tmp_path, forge))
    assert p.line == 5
    assert p.message == "moves-revealed record is not a valid move here: still waiting for: KOR on incubator"


def test_a_record_of_an_unknown_type_cannot_start_a_command(tmp_path):
    def forge(records):
        records[4]["type"] = "move-revealed"
    p = _problem(_forge(tmp_path, forge))
    assert (p.line, p.message) == (5, "move-revealed record is not a valid move here: a 'move-revealed' record "
                                      "cannot start a command")


def test_a_second_record_of_a_command_cannot_stand_alone(tmp_path):
    def forge(records):
        del records[14]  # the combined move that followed KOR's resolution
        for i, rec in enumerate(records):
            rec["seq"] = i
    p = _problem(_forge(tmp_path, forge))
    assert (p.line, p.message) == (15, "responses-proposed record differs from replay: type is 'responses-proposed' "
                                       "but replay gives 'combined-applied'")


def test_a_forged_header_generator_is_refused(tmp_path):
    def forge(records):
        records[0]["rng"] = "mersenne-twister"
    p = _problem(_forge(tmp_path, forge))
    assert (p.line, p.message) == (1, "the rolls of this game were made with mersenne-twister; this version of "
                                      "wargame re-derives rolls with splitmix64-v1 and cannot verify them")


def test_a_header_without_a_generator_names_an_earlier_one(tmp_path):
    def forge(records):
        del records[0]["rng"]
    p = _problem(_forge(tmp_path, forge))
    assert p.line == 1 and p.message.startswith("the rolls of this game were made with an earlier generator;")


def test_a_forged_seed_is_found_at_the_first_seeded_roll(tmp_path):
    def forge(records):
        records[0]["seed"] = 8
    p = _problem(_forge(tmp_path, forge))
    assert p.line == 9 and p.message.startswith("roll-made record differs from replay: roll is 22 but replay gives")


def test_a_long_value_is_cut_short_in_the_report_and_the_good_part_is_kept(tmp_path):
    lines = LOG.read_bytes().splitlines(keepends=True)

    def forge(records):
        records[8]["breakdown"] = [["Base odds", 0.7], ["Extra help from the partners", 0.1], ["More", 0.2]]
    r = replay(_forge(tmp_path, forge), scenario=SCENARIO)
    assert (r.problem.line, r.problem.message) == (
        9, "roll-made record differs from replay: breakdown is [['Base odds', 0.7], ['Extra help from the "
           "partners', 0.1... but replay gives [['Base odds', 0.7]]")
    # what was verified before the forgery is still known: where a resumed game could append
    assert r.count == 8
    assert r.good_bytes == len(b"".join(lines[:8]))
    assert r.last_hash == json.loads(lines[7])["hash"]


def test_a_value_of_sixty_characters_is_shown_whole(tmp_path):
    text = "x" * 58  # repr adds two quotes: 60 characters

    def forge(records):
        records[1]["date"] = text
    p = _problem(_forge(tmp_path, forge))
    assert p.message == f"turn-started record differs from replay: date is '{text}' but replay gives '2027-03-01'"


def test_a_value_of_sixty_one_characters_is_cut(tmp_path):
    text = "x" * 59

    def forge(records):
        records[1]["date"] = text
    p = _problem(_forge(tmp_path, forge))
    assert p.message == (f"turn-started record differs from replay: date is '{text[:56]}... but replay gives "
                         f"'2027-03-01'")
