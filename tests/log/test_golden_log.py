"""Golden log: a committed game log of format 1 that must keep verifying, byte for byte.

tests/data/logs/format-1/ holds a two-turn game of the mini scenario (a frozen copy of it sits
beside the log) using every event type: a reopened move, seeded and physical rolls, an override,
a combined move, a declined response, a note, a track adjustment, free-form actions with clamped
odds, the game's end and a note after it. Its bytes are pinned here; so are the line format and
the field names of every event type. A change to the writer, the hash chain or the engine that
would leave logs of this version unverifiable fails here first. The file is never regenerated:
a new format gets a new folder and its own fixture, and this one must still verify.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from wargame.log.chain import ENVELOPE, GENESIS, encode, raw_line_hash
from wargame.log.reader import iter_records
from wargame.log.replay import replay
from wargame.log.writer import now

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "logs" / "format-1"
LOG = FIXTURE / "mini-seed7.jsonl"
SCENARIO = FIXTURE / "mini.yaml"

LOG_SHA256 = "271adc77f5e21678dd2c231dc8d410346fbb1885ad8ce3085dbbdd3b3714ebac"
SCENARIO_SHA256 = "b03defa1b37f74182c9cde6c1071bf117a4a540d3f1441d09f7299b3d0fbe0a6"
RULESET_SHA256 = "0db29994047804eea7a95458b5bb39545505c75842fa553d5c12c46ea0948fa5"

FIRST_LINES = [
    b'{"seq":0,"ts":"2026-05-28T20:26:40.000Z","type":"game-started","format":1,"program":"wargame",'
    b'"version":"0.1.0","scenario":"mini","scenario_title":"Mini exercise",'
    b'"scenario_path":"tests/data/logs/format-1/mini.yaml",'
    b'"scenario_sha256":"b03defa1b37f74182c9cde6c1071bf117a4a540d3f1441d09f7299b3d0fbe0a6",'
    b'"ruleset":"standard","ruleset_sha256":"0db29994047804eea7a95458b5bb39545505c75842fa553d5c12c46ea0948fa5",'
    b'"seed":7,"rng":"splitmix64-v1","mode":"semi","players":{"USA":"Team Blue","JPN":"","KOR":""},'
    b'"parent":null,"prev":"0000000000000000000000000000000000000000000000000000000000000000",'
    b'"hash":"c23e31741c2758eabd09986b4af8924600c3fd1955bf460cae55f1788a5a49d9"}\n',
    b'{"seq":1,"ts":"2026-05-28T20:26:40.000Z","type":"turn-started","turn":1,"date":"2027-03-01",'
    b'"injects":["incubator"],"expected":[["incubator","USA"],["incubator","JPN"],["incubator","KOR"]],'
    b'"prev":"c23e31741c2758eabd09986b4af8924600c3fd1955bf460cae55f1788a5a49d9",'
    b'"hash":"20186248c4c60b581f152992b0074b61a315b450e7ca71a816404d00b4032459"}\n',
    b'{"seq":2,"ts":"2026-05-28T20:26:40.000Z","type":"move-submitted","turn":1,"inject":"incubator",'
    b'"delegation":"USA","option":"convene","action":null,"argument":null,"rationale":"We host it.",'
    b'"prev":"20186248c4c60b581f152992b0074b61a315b450e7ca71a816404d00b4032459",'
    b'"hash":"152fbb18a00ce7b02756852b2b966258c12b705e5e10100da69c2a0ea35772c3"}\n',
]

#: The fixed form of every event type: its fields, in order, between the envelope's seq/ts and prev/hash.
FIELDS = {
    "game-started": ["type", "format", "program", "version", "scenario", "scenario_title", "scenario_path",
                     "scenario_sha256", "ruleset", "ruleset_sha256", "seed", "rng", "mode", "players", "parent"],
    "turn-started": ["type", "turn", "date", "injects", "expected"],
    "move-submitted": ["type", "turn", "inject", "delegation", "option", "action", "argument", "rationale"],
    "move-reopened": ["type", "turn", "inject", "delegation", "reason"],
    "moves-revealed": ["type", "turn"],
    "roll-made": ["type", "turn", "inject", "delegation", "odds", "probability", "breakdown", "sides", "target",
                  "roll", "physical", "index", "proposed"],
    "move-resolved": ["type", "turn", "inject", "delegation", "outcome", "proposed", "by", "overridden", "reason",
                      "effects"],
    "combined-applied": ["type", "turn", "inject", "rule", "effects"],
    "responses-proposed": ["type", "turn", "proposals"],
    "response-applied": ["type", "turn", "actor", "response", "proposed", "by", "overridden", "reason", "effects"],
    "note-added": ["type", "turn", "phase", "kind", "text"],
    "track-adjusted": ["type", "turn", "reason", "effects"],
    "turn-ended": ["type", "turn", "tracks"],
    "game-ended": ["type", "turn", "reason", "tracks", "assessment"],
}


def _lines() -> list[bytes]:
    return LOG.read_bytes().splitlines(keepends=True)


def test_the_committed_files_are_unchanged():
    assert hashlib.sha256(LOG.read_bytes()).hexdigest() == LOG_SHA256
    assert hashlib.sha256(SCENARIO.read_bytes()).hexdigest() == SCENARIO_SHA256
    assert len(_lines()) == 41


def test_first_records_byte_for_byte():
    assert _lines()[:3] == FIRST_LINES


def test_each_hash_is_sha256_of_the_line_without_its_hash_field():
    prev = GENESIS
    for raw in _lines():
        line = raw.rstrip(b"\n")
        head, sep, tail = line.rpartition(b',"hash":"')
        assert sep and tail.endswith(b'"}') and len(tail) == 66
        digest = hashlib.sha256(head + b"}").hexdigest()
        assert tail[:-2].decode() == digest == raw_line_hash(line)
        assert json.loads(line)["prev"] == prev
        prev = digest


def test_encoding_a_recorded_event_gives_back_its_exact_line():
    """The line format: compact separators, UTF-8 (not \\u escapes), envelope order seq, ts, ..., prev, hash."""
    for raw in _lines():
        record = json.loads(raw)
        event = {k: v for k, v in record.items() if k not in ENVELOPE}
        line, digest = encode(record["seq"], record["ts"], event, record["prev"])
        assert line.encode("utf-8") == raw
        assert digest == record["hash"]
    assert "ünïcode & \\\"quotes\\\"".encode() in LOG.read_bytes()


def test_every_event_type_has_its_fixed_fields():
    seen = set()
    for raw in _lines():
        keys = list(json.loads(raw))
        assert keys[:2] == ["seq", "ts"] and keys[-2:] == ["prev", "hash"]
        kind = json.loads(raw)["type"]
        assert keys[2:-2] == FIELDS[kind], raw[:80]
        seen.add(kind)
    assert seen == set(FIELDS)


def test_the_reader_yields_every_record_with_its_line_and_offset():
    records = list(iter_records(LOG))
    assert [r.line for r in records] == list(range(1, 42))
    assert records[-1].end == LOG.stat().st_size
    assert records[0].hash == "c23e31741c2758eabd09986b4af8924600c3fd1955bf460cae55f1788a5a49d9"
    assert records[0].data["ruleset_sha256"] == RULESET_SHA256


def test_the_log_of_this_format_still_verifies(monkeypatch):
    monkeypatch.chdir(ROOT)  # the header names the scenario by a path relative to the repository
    r = replay(LOG)
    assert r.ok, r.problem
    assert r.count == 41 and r.warnings == []
    assert r.good_bytes == LOG.stat().st_size
    assert r.last_hash == json.loads(_lines()[-1])["hash"]
    s = r.state
    assert (s.turn, s.phase, s.end_reason, s.rolls) == (2, "ended", "last turn played", 6)
    assert s.tracks == {"escalation": 7, "mda": 5, "support.USA": 6, "support.JPN": 5, "support.KOR": 4,
                        "trust.JPN-KOR": 5}
    assert s.assessment == {"USA": {"objectives": [["low-escalation", False, 2]], "score": 0, "of": 2},
                            "JPN": {"objectives": [["trust", True, 1]], "score": 1, "of": 1},
                            "KOR": {"objectives": [["support", True, 1]], "score": 1, "of": 1}}
    # the state keeps the last turn's notes and counts the earlier ones (flat memory on long logs)
    assert [n["text"] for n in s.notes] == ["Debrief: keep the incubator"] and s.note_count == 2


def test_the_scenario_named_in_the_header_is_found_from_the_repository(monkeypatch, tmp_path):
    """Replay looks the scenario up by the header's path; from elsewhere it needs --scenario."""
    monkeypatch.chdir(tmp_path)
    lost = replay(LOG)
    assert not lost.ok and lost.problem.line == 1
    assert "mini" in lost.problem.message
    found = replay(LOG, scenario=SCENARIO)
    assert found.ok and found.count == 41


@pytest.mark.parametrize("epoch, stamp", [("1780000000", "2026-05-28T20:26:40.000Z"),
                                          ("0", "1970-01-01T00:00:00.000Z")])
def test_a_pinned_clock_gives_the_recorded_timestamp_form(monkeypatch, epoch, stamp):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert now() == stamp


def test_an_unpinned_clock_is_utc_with_milliseconds(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-number")
    stamp = now()
    assert len(stamp) == 24 and stamp.endswith("Z") and stamp[10] == "T" and stamp[19] == "."
