"""The game log: hash chain, durability contract, replay re-derivation, torn tails, tampering."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from tests.logtools import content, unsealed
from tests.engine.strategies import candidates, game_commands
from wargame.engine.commands import Rejected
from wargame.log.chain import GENESIS, raw_line_hash, split_seal
from wargame.log.lock import LogFileError
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def logged_game(path, seed=3, mode="semi", policy="random"):
    s = Session.new(CS, path, seed=seed, mode=mode, fsync=False)
    play_to_end(s, Driver(policy, seed))
    s.close()
    return s


def test_records_are_chained_and_hashed(tmp_path):
    logged_game(tmp_path / "g.jsonl")
    lines = (tmp_path / "g.jsonl").read_text().splitlines()
    prev = GENESIS
    for i, line in enumerate(lines):
        chained, key, sig = split_seal(line.encode("utf-8"))
        rec = json.loads(chained)
        assert rec["seq"] == i and rec["prev"] == prev
        assert list(rec)[:3] == ["seq", "ts", "type"] and list(rec)[-1] == "hash"
        assert raw_line_hash(chained) == rec["hash"]
        assert (key is not None) == (i == 0)  # the public key is on the header line only
        prev = rec["hash"]
    header = json.loads(lines[0])
    assert header["type"] == "game-started"
    for key in ("scenario_sha256", "ruleset_sha256", "seed", "version", "players", "mode"):
        assert key in header


def test_log_refuses_to_overwrite(tmp_path):
    logged_game(tmp_path / "g.jsonl")
    before = (tmp_path / "g.jsonl").read_bytes(), (tmp_path / "g.jsonl.key").read_bytes()
    with pytest.raises(LogFileError, match="already exists"):
        Session.new(CS, tmp_path / "g.jsonl", seed=1)
    assert ((tmp_path / "g.jsonl").read_bytes(), (tmp_path / "g.jsonl.key").read_bytes()) == before


def test_replay_rederives_the_same_state(tmp_path):
    s = logged_game(tmp_path / "g.jsonl", seed=9)
    r = replay(tmp_path / "g.jsonl")
    assert r.ok and not r.warnings
    assert r.state.snapshot() == s.state.snapshot()


def test_same_seed_same_records_apart_from_time(tmp_path):
    logged_game(tmp_path / "a.jsonl", seed=5)
    logged_game(tmp_path / "b.jsonl", seed=5)
    assert content(tmp_path / "a.jsonl") == content(tmp_path / "b.jsonl")


def test_fixed_clock_gives_byte_identical_logs_apart_from_signatures(tmp_path, monkeypatch):
    """Each game has its own signing key, so keys and signatures differ; every other byte, including
    every chain hash, is the same (key and signatures sit outside the chain for this reason)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    logged_game(tmp_path / "a.jsonl", seed=5)
    logged_game(tmp_path / "b.jsonl", seed=5)
    a, b = unsealed(tmp_path / "a.jsonl"), unsealed(tmp_path / "b.jsonl")
    assert a.replace(b"a.jsonl", b"") == b.replace(b"b.jsonl", b"")
    raw_a, raw_b = (tmp_path / "a.jsonl").read_bytes(), (tmp_path / "b.jsonl").read_bytes()
    assert raw_a != raw_b and b'"sig":"' in raw_a and len(raw_a) == len(raw_b)


def test_forged_roll_with_rebuilt_chain_is_caught(tmp_path):
    from wargame.log.chain import encode

    logged_game(tmp_path / "g.jsonl")
    recs = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text().splitlines()]
    i = next(i for i, r in enumerate(recs) if r["type"] == "roll-made")
    recs[i]["roll"] = 1 if recs[i]["roll"] != 1 else 2
    prev, out = GENESIS, []
    for r in recs:  # a careful forger recomputes every hash (and drops the signatures it cannot make)
        ev = {k: v for k, v in r.items() if k not in ("seq", "ts", "prev", "hash", "key", "sig")}
        line, prev = encode(r["seq"], r["ts"], ev, prev)
        out.append(line)
    (tmp_path / "f.jsonl").write_text("".join(out))
    res = replay(tmp_path / "f.jsonl")
    assert not res.ok and res.problem.line == i + 1 and "roll" in res.problem.message


def test_torn_final_line_is_dropped_with_a_warning_and_resume_continues(tmp_path):
    p = tmp_path / "g.jsonl"
    s = Session.new(CS, p, seed=2, fsync=False)
    play_to_end(s, Driver("first", 2), stop_after=5)
    s.close()
    data = p.read_bytes()
    p.write_bytes(data + data.splitlines(keepends=True)[-1][:40])  # half a record, no newline
    r = replay(p)
    assert r.ok and any("torn" in w for w in r.warnings)
    resumed = Session.resume(p, fsync=False)
    play_to_end(resumed, Driver("first", 2))
    resumed.close()
    assert replay(p).ok and replay(p).state.ended


def test_partial_command_batch_at_the_end_counts_as_torn(tmp_path):
    p = tmp_path / "g.jsonl"
    s = Session.new(CS, p, seed=2, fsync=False)  # the first command writes 2 records
    s.close()
    lines = p.read_bytes().splitlines(keepends=True)
    p.write_bytes(lines[0])
    r = replay(p)
    assert r.ok and r.count == 0 and "incomplete" in r.warnings[0]


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"hello world\n", "not a wargame game log"),
    (b'{"seq":0}\n', "not a wargame game log"),
    (b"\xff\xfe\x00\n", "not a wargame game log"),
])
def test_foreign_or_empty_logs_are_named(tmp_path, content, needle):
    p = tmp_path / "x.jsonl"
    p.write_bytes(content)
    r = replay(p)
    assert not r.ok and needle in r.problem.message and r.problem.line == 1


@settings(max_examples=120, **SETTINGS)
@given(data=st.data())
def test_any_single_byte_change_is_detected(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("tamper")
    p = d / "g.jsonl"
    if not p.exists():
        logged_game(p, seed=4)
    original = p.read_bytes()
    pos = data.draw(st.integers(0, len(original) - 1))
    new = data.draw(st.integers(0, 255).filter(lambda b: b != original[pos]))
    t = d / "t.jsonl"
    t.write_bytes(original[:pos] + bytes([new]) + original[pos + 1:])
    r = replay(t)
    last_line_start = original.rstrip(b"\n").rfind(b"\n") + 1
    if r.ok:
        # only a change that turns the final newline into something else leaves a verifiable prefix
        assert pos == len(original) - 1 and r.warnings, "a changed byte went undetected"
    else:
        line_of_pos = original[:pos].count(b"\n") + 1
        assert r.problem.line <= line_of_pos or pos >= last_line_start


@settings(max_examples=40, **SETTINGS)
@given(args=game_commands(CS, max_steps=80))
def test_random_logged_games_replay_exactly(tmp_path_factory, args):
    seed, mode, picks = args
    p = tmp_path_factory.mktemp("rand") / "g.jsonl"
    s = Session.new(CS, p, seed=seed, mode=mode, fsync=False)
    for pick in picks:
        if s.state.ended:
            break
        options = candidates(s.state)
        try:
            s.do(options[pick % len(options)])
        except Rejected:
            pass
    s.close()
    r = replay(p)
    assert r.ok, r.problem
    assert r.state.snapshot() == s.state.snapshot()
