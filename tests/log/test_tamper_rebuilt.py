"""Forgeries with the hash chain rebuilt around them.

Anyone can recompute SHA-256, so a forger who edits a record can rehash it and every record after
it. The chain then holds; what must catch the forgery is the record schema (a field missing, added
or of the wrong kind) or replay, which re-derives each record from the seed and the decisions and
compares it field by field; on a signed log, the signatures too. Each case below is a whole forged
log and the exact problem `replay --verify` names, at the forged line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from wargame.engine import commands as C
from wargame.log.reader import LogProblem
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


def _chain_holds(path: Path) -> int:
    """How many lines hash and link correctly, checked independently of the reader (which stops at
    the first schema problem, so it cannot show that the chain itself is intact)."""
    prev, n = "0" * 64, 0
    for line in path.read_bytes().splitlines():
        rec = json.loads(line)
        body = {k: v for k, v in rec.items() if k not in ("hash", "key", "sig")}
        if rec["prev"] != prev or hashlib.sha256(json.dumps(
                body, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest() != rec["hash"]:
            break
        prev, n = rec["hash"], n + 1
    return n


def _problem(path: Path) -> LogProblem:
    r = replay(path, scenario=SCENARIO)
    assert not r.ok, "a forged log verified"
    assert str(r.problem) == f"{path}:{r.problem.line}: {r.problem.message}"
    if r.problem.line > 1:  # a header that verified is kept (its key and signature are outside the record)
        first = json.loads(path.read_bytes().splitlines()[0])
        assert r.header == {k: v for k, v in first.items() if k not in ("key", "sig")}
    return r.problem


def test_rebuilding_an_untouched_chain_gives_the_same_bytes(tmp_path):
    """The forger's tool is faithful: any difference found below is the forgery's, not the tool's."""
    assert _forge(tmp_path, lambda recs: None).read_bytes() == LOG.read_bytes()


def _rename(rec: dict, old: str, new: str) -> None:
    items = [(new if k == old else k, v) for k, v in rec.items()]
    rec.clear()
    rec.update(items)


#: The event types the record schema names when a record's type is missing or unknown.
TYPES = ("game-started, turn-started, move-submitted, move-reopened, moves-revealed, roll-made, "
         "move-resolved, combined-applied, responses-proposed, response-applied, track-adjusted, note-added, "
         "timer-set, timer-extended, timer-expired, bot-assigned, turn-ended, game-ended")

# line (1-based) -> the forgery, and the exact report. A field missing, added or of the wrong kind
# is named by the record schema as the line is read; a well-formed forgery by replay.
CASES = {
    "extra field": (3, lambda r: r.update(bonus=1),
                    "move-submitted record: unexpected field 'bonus' (expected only: turn, inject, delegation, "
                    "option, action, argument, rationale, by)"),
    "renamed field": (4, lambda r: _rename(r, "action", "act"),
                      "move-submitted record: 'action' is missing (expected text or null)"),
    "renamed derived field": (9, lambda r: _rename(r, "target", "goal"),
                              "roll-made record: 'target' is missing (expected an integer)"),
    "dropped field": (9, lambda r: r.pop("index"),
                      "roll-made record: 'index' is missing (expected an integer or null)"),
    "dropped type": (5, lambda r: r.pop("type"), f"'type' is missing (expected one of: {TYPES})"),
    "value of the wrong kind": (13, lambda r: r.update(roll="ninety-nine"),
                                "roll-made record: 'roll' is the text \"ninety-nine\" (expected an integer)"),
    "envelope field renamed": (3, lambda r: _rename(r, "ts", "time"),
                               "move-submitted record: 'ts' is missing (expected text)"),
    "envelope field dropped": (3, lambda r: r.pop("ts"),
                               "move-submitted record: 'ts' is missing (expected text)"),
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
    # 70.0 == 70 as a value, but an integer field holds an integer: the schema refuses the spelling
    "a true value of another type": (9, lambda r: r.update(target=70.0),
                                     "roll-made record: 'target' is the number 70.0 (expected an integer)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_forged_record_is_named_even_with_the_chain_rebuilt(tmp_path, case):
    line, edit, message = CASES[case]

    def forge(records):
        edit(records[line - 1])
    path = _forge(tmp_path, forge)
    assert _chain_holds(path) == 41  # the chain itself is intact
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
    r = replay(path, scenario=SCENARIO, keep=True)
    assert r.ok and r.count == 42 and r.records[5].data["text"] == "inserted later"
    assert r.state.note_count == 1 + sum(1 for line in LOG.read_bytes().splitlines()
                                         if json.loads(line)["type"] == "note-added")


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
    assert (p.line, p.message) == (5, f"'type' is the text \"move-revealed\" (expected one of: {TYPES})")


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
    # every log of this format names its generator, so a header without one was altered
    assert (p.line, p.message) == (1, "game-started record: 'rng' is missing (expected text)")


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


# ------------------------------------------------------------------ the same forgeries on a signed log

def _signed_game(tmp_path: Path) -> Path:
    """A signed log whose text a forger could change without replay noticing (a note, a reason)."""
    from tests.conftest import MINI
    from wargame.scenario.load import load_scenario
    from wargame.session import Session

    path = tmp_path / "signed.jsonl"
    s = Session.new(load_scenario(MINI), path, seed=7, fsync=False)
    s.do(C.AddNote("Korea hesitates before joining", "hotwash"))
    s.do(C.AdjustTrack("mda", 1, "The room agreed the patrols share more"))
    s.do(C.AddNote("Japan asks for a joint statement", "control"))
    s.close()
    return path


def _reseal(path: Path, edit, keep_seals: bool = True) -> Path:
    """`edit(records)`, then the chain rebuilt; the old key and signatures copied back after the hash
    (the forger has no key to sign with), or dropped so the log passes for one from before signing."""
    records = [json.loads(line) for line in path.read_bytes().splitlines()]
    edit(records)
    prev, out = "0" * 64, []
    for rec in records:
        seals = {k: rec.pop(k) for k in ("key", "sig") if k in rec}
        line, prev = _seal(rec, prev)
        if keep_seals and seals:
            line = line[:-2] + "".join(f',"{k}":"{v}"' for k, v in seals.items()).encode() + b"}\n"
        out.append(line)
    forged = path.with_name("forged.jsonl")
    forged.write_bytes(b"".join(out))
    return forged


def _note_line(records: list[dict], text: str) -> int:
    return next(i for i, r in enumerate(records) if r.get("text", "").startswith(text))


def test_a_forgery_replay_cannot_see_is_caught_by_the_signature(tmp_path):
    path = _signed_game(tmp_path)
    assert replay(path).ok and replay(path).signed

    def forge(records):
        records[_note_line(records, "Korea")]["text"] = "Korea refuses outright"
    forged = _reseal(path, forge)
    assert _chain_holds(forged) == 5  # the chain itself is intact
    p = _problem(forged)
    assert p.line == 3 and p.message.startswith("the signature does not match")
    # unsigned, the same well-formed forgery re-derives and verifies: only the signature caught it
    stripped = _reseal(path, forge, keep_seals=False)
    r = replay(stripped)
    assert r.ok and not r.signed
    # ...and a log stripped of its signatures no longer shows the fingerprint the room was shown
    assert r.fingerprint() != replay(path).fingerprint()


def test_an_inserted_record_in_a_signed_log_is_caught(tmp_path):
    path = _signed_game(tmp_path)

    def forge(records):
        at = _note_line(records, "Japan")
        records.insert(at, {**records[at], "text": "inserted later"})
        records[at].pop("sig", None)
        for i, rec in enumerate(records):
            rec["seq"] = i
    p = _problem(_reseal(path, forge))
    assert p.line == 5 and p.message == ("this command's records are not signed (expected a signature on the last "
                                         "record of every command)")


def test_a_value_of_sixty_one_characters_is_cut(tmp_path):
    text = "x" * 59

    def forge(records):
        records[1]["date"] = text
    p = _problem(_forge(tmp_path, forge))
    assert p.message == (f"turn-started record differs from replay: date is '{text[:56]}... but replay gives "
                         f"'2027-03-01'")
