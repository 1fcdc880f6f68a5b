"""What `replay --verify` says about each kind of damaged or foreign file, at which line, and what it
keeps of a log whose last write was cut short."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from wargame.engine import commands as C
from wargame.engine.engine import apply, handle
from wargame.engine.state import GameState
from wargame.log.reader import MAX_LINE, LogProblem, iter_records
from wargame.log.replay import replay
from wargame.log.writer import LogWriter
from wargame.scenario.load import load_scenario
from wargame.paths import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "logs" / "format-1"
LOG = FIXTURE / "mini-seed7.jsonl"
SCENARIO = FIXTURE / "mini.yaml"
LINES = LOG.read_bytes().splitlines(keepends=True)


def _sealed(head: bytes) -> bytes:
    """A line whose hash matches its bytes, whatever they are (head is the record without its last '}')."""
    return head + b',"hash":"' + hashlib.sha256(head + b"}").hexdigest().encode() + b'"}\n'


def _write(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "log.jsonl"
    p.write_bytes(data)
    return p


def _problem(path: Path) -> LogProblem:
    r = replay(path, scenario=SCENARIO)
    assert not r.ok
    p = r.problem
    where = f"{path}:{p.line}: " if p.line else f"{path}: "
    assert str(p) == where + p.message  # every problem names the file as the user gave it
    return p


def test_a_missing_file_is_named_without_a_line(tmp_path):
    p = _problem(tmp_path / "nope.jsonl")
    assert p.line == 0 and p.message == "cannot open the log: No such file or directory"
    assert str(p) == f"{tmp_path / 'nope.jsonl'}: cannot open the log: No such file or directory"


def test_an_empty_log(tmp_path):
    p = _problem(_write(tmp_path, b""))
    assert (p.line, p.message) == (1, "the log is empty (expected a game-started record)")


def test_a_log_with_only_a_torn_line(tmp_path):
    r = replay(_write(tmp_path, LINES[0][:-1]), scenario=SCENARIO)
    assert (r.problem.line, r.problem.message) == (1, "the log holds no complete record (expected a game-started "
                                                      "record)")
    assert r.warnings == [f"{tmp_path / 'log.jsonl'}:1: the last line is incomplete (torn write); it was dropped"]


@pytest.mark.parametrize("data", [b"hello\n", b'{"type":"game-started"}\n', b"\xef\xbb\xbf" + LINES[0]])
def test_a_foreign_file_is_not_taken_for_a_log(tmp_path, data):
    p = _problem(_write(tmp_path, data))
    assert (p.line, p.message) == (1, "not a wargame game log (expected a game-started record first)")


def test_a_damaged_first_record_is_reported_as_damage(tmp_path):
    damaged = LINES[0].replace(b'"seed":7', b'"seed":8')
    p = _problem(_write(tmp_path, damaged + b"".join(LINES[1:])))
    assert (p.line, p.message) == (1, "record does not match its hash (the line was altered or damaged)")


def test_a_chained_first_record_of_another_type(tmp_path):
    p = _problem(_write(tmp_path, _sealed(b'{"seq":0,"type":"note-added","prev":"' + b"0" * 64 + b'"')))
    assert (p.line, p.message) == (1, "not a wargame game log (expected a game-started record first)")


@pytest.mark.parametrize("extra, message", [
    (0, "record does not match its hash (the line was altered or damaged)"),
    (1, "line is too long (expected a wargame log record of at most 1000000 bytes)"),
])
def test_the_longest_line_read(tmp_path, extra, message):
    long_line = b'{"seq":1,"pad":"' + b"x" * (MAX_LINE + extra - 19) + b'"}\n'
    assert len(long_line) == MAX_LINE + extra
    p = _problem(_write(tmp_path, LINES[0] + long_line))
    assert (p.line, p.message) == (2, message)


def _prev(i: int) -> bytes:
    return json.loads(LINES[i - 1])["hash"].encode()


@pytest.mark.parametrize("head, message", [
    (b'{"seq":1,"text":"\xff\xfe","prev":"%s"', "not UTF-8 text (the record is damaged)"),
    (b'{"seq":1 "prev":"%s"', "record is not valid JSON (the line was altered or damaged)"),
    (b'{"seq":1}{"prev":"%s"', "record is not valid JSON (the line was altered or damaged)"),
    (b'{"seq":2,"prev":"%s"', "record out of sequence (expected seq 1)"),
    (b'{"prev":"%s"', "record out of sequence (expected seq 1)"),
    # a chained record of a known type without its fields: the record schema names the first missing one
    (b'{"seq":1,"type":"turn-started","prev":"%s"', "turn-started record: 'ts' is missing (expected text)"),
    (b'{"seq":1,"ts":"2026-05-28T20:26:40.000Z","type":"turn-started","prev":"%s"',
     "turn-started record: 'turn' is missing (expected an integer)"),
])
def test_a_rehashed_second_line_that_is_not_a_record(tmp_path, head, message):
    line = _sealed(head % _prev(1))
    p = _problem(_write(tmp_path, LINES[0] + line))
    assert (p.line, p.message) == (2, message)


def test_a_record_that_does_not_follow_the_previous_one(tmp_path):
    line = _sealed(b'{"seq":1,"prev":"' + b"1" * 64 + b'"')
    p = _problem(_write(tmp_path, LINES[0] + line))
    assert (p.line, p.message) == (2, "record does not follow the previous one (a record was removed, inserted or "
                                      "reordered before this line)")


def test_swapped_records_break_the_chain_at_the_first(tmp_path):
    p = _problem(_write(tmp_path, b"".join(LINES[:3] + [LINES[4], LINES[3]] + LINES[5:])))
    assert (p.line, p.message) == (4, "record out of sequence (expected seq 3)")


def test_a_torn_last_line_is_dropped_with_a_warning(tmp_path):
    path = _write(tmp_path, LOG.read_bytes()[:-1])
    r = replay(path, scenario=SCENARIO)
    assert r.ok and r.count == 40
    assert r.warnings == [f"{path}:41: the last line is incomplete (torn write); it was dropped"]
    assert r.good_bytes == len(b"".join(LINES[:40]))
    assert r.last_hash == json.loads(LINES[39])["hash"]
    torn: list = []
    assert len(list(iter_records(path, torn=torn))) == 40
    assert len(list(iter_records(path))) == 40  # a caller that does not ask about a torn tail is not told
    assert (torn[0].line, torn[0].start) == (41, len(b"".join(LINES[:40])))


def test_a_command_cut_short_keeps_the_commands_before_it(tmp_path):
    """KOR's resolution wrote three records (resolution, combined move, proposals); only two made it."""
    path = _write(tmp_path, b"".join(LINES[:15]))
    r = replay(path, scenario=SCENARIO, keep=True)
    assert r.ok and r.count == 13 and len(r.records) == 13
    assert r.warnings == [f"{path}:14: the last command's records are incomplete (the program stopped while "
                          f"writing); 2 record(s) dropped"]
    assert r.good_bytes == len(b"".join(LINES[:13])) and r.last_hash == json.loads(LINES[12])["hash"]
    assert r.state.phase == "adjudication" and r.state.resolved == 2


def test_each_verified_record_is_reported_with_the_state_after_it(tmp_path):
    seen = []
    r = replay(LOG, scenario=SCENARIO, on_record=lambda rec, st: seen.append((rec.line, st.events, st.phase)))
    assert r.ok and [s[0] for s in seen] == list(range(1, 42))
    assert [s[1] for s in seen] == list(range(1, 42))
    assert seen[7][2] == "adjudication" and seen[-1][2] == "ended"
    assert r.records == []  # kept only when asked


# ------------------------------------------------------------------ which scenario a log is checked against

def _shipped_log(tmp_path: Path, scenario_path: str) -> Path:
    cs = load_scenario(SCENARIOS / "incubator-at-sea.yaml")
    state = GameState(cs)
    path = tmp_path / "shipped.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        for cmd in (C.StartGame(seed=3, mode="semi", scenario_path=scenario_path), C.AddNote("a first note")):
            events = handle(state, cmd)
            for ev in events:
                apply(state, ev)
            w.append(events)
    return path


def test_a_shipped_scenario_is_found_by_its_id_when_its_recorded_path_is_gone(tmp_path):
    r = replay(_shipped_log(tmp_path, str(tmp_path / "moved-away.yaml")))
    assert r.ok and r.count == 3 and r.state.cs.id == "incubator-at-sea"


def test_the_recorded_path_is_used_when_it_exists(tmp_path):
    copy = tmp_path / "my-copy.yaml"
    copy.write_bytes((SCENARIOS / "incubator-at-sea.yaml").read_bytes())
    r = replay(_shipped_log(tmp_path, str(copy)))
    assert r.ok and Path(r.state.cs.file) == copy.resolve()


def test_a_different_scenario_file_is_refused_by_its_hash(tmp_path):
    edited = tmp_path / "mini.yaml"
    edited.write_text(SCENARIO.read_text(encoding="utf-8").replace("Mini exercise", "Mini exercise, edited"),
                      encoding="utf-8")
    r = replay(LOG, scenario=edited)
    assert (r.problem.line, r.problem.message) == (
        1, f"scenario file {edited} is not the one this game was played with (content hash differs; pass "
           f"--scenario with the original file)")
    assert r.count == 0 and r.state is None


def test_a_changed_ruleset_is_refused_by_its_hash(tmp_path):
    header = json.loads(LINES[0])
    header["ruleset_sha256"] = "0" * 64
    del header["hash"]
    line = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    data = _sealed(line[:-1].encode())
    r = replay(_write(tmp_path, data), scenario=SCENARIO)
    assert r.problem.line == 1
    assert r.problem.message.startswith("ruleset ") and r.problem.message.endswith(
        " has changed since this game was played (content hash differs)")


def test_a_scenario_that_does_not_load_is_reported_with_its_problems(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [\n", encoding="utf-8")
    r = replay(LOG, scenario=broken)
    assert r.problem.line == 1
    assert r.problem.message.startswith("the scenario of this game does not load:\n")
    assert str(broken) in r.problem.message


def test_problems_and_warnings_name_the_log_as_the_user_gave_it(tmp_path):
    path = _write(tmp_path, b"".join(LINES[:15])[:-1])
    r = replay(path, display="game.jsonl", scenario=SCENARIO)
    assert r.path == "game.jsonl"
    assert r.warnings == ["game.jsonl:14: the last command's records are incomplete (the program stopped while "
                          "writing); 1 record(s) dropped",
                          "game.jsonl:15: the last line is incomplete (torn write); it was dropped"]
    assert r.count == 13
    bad = _write(tmp_path, b"hello\n")
    with pytest.raises(LogProblem) as e:
        list(iter_records(bad, "shown.jsonl"))
    assert str(e.value) == "shown.jsonl:1: not a wargame game log (expected a game-started record first)"


def test_a_compiled_scenario_can_be_handed_over(tmp_path):
    cs = load_scenario(SCENARIO)
    r = replay(LOG, cs=cs, scenario=tmp_path / "never-read.yaml")
    assert r.ok and r.state.cs is cs


def test_a_game_ended_early_replays_to_its_end(tmp_path):
    cs = load_scenario(SCENARIO)
    state = GameState(cs)
    path = tmp_path / "early.jsonl"
    with LogWriter.create(path, fsync=False) as w:
        for cmd in (C.StartGame(seed=5, mode="semi", scenario_path=str(SCENARIO)), C.EndGame("the bell rang"),
                    C.AddNote("we ran out of time", "improvement")):
            events = handle(state, cmd)
            for ev in events:
                apply(state, ev)
            w.append(events)
    r = replay(path)
    assert r.ok and r.count == 4
    assert (r.state.phase, r.state.end_reason, len(r.state.notes)) == ("ended", "the bell rang", 1)
