"""The game log: hash chain, durability contract, replay re-derivation, torn tails, tampering."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from tests.engine.strategies import candidates, game_commands
from wargame.engine.commands import Rejected
from wargame.log.chain import GENESIS, raw_line_hash
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
        rec = json.loads(line)
        assert rec["seq"] == i and rec["prev"] == prev
        assert list(rec)[:3] == ["seq", "ts", "type"] and list(rec)[-1] == "hash"
        assert raw_line_hash(line.encode("utf-8")) == rec["hash"]
        prev = rec["hash"]
    header = json.loads(lines[0])
    assert header["type"] == "game-started"
    for key in ("scenario_sha256", "ruleset_sha256", "seed", "version", "players", "mode"):
        assert key in header


def test_log_refuses_to_overwrite(tmp_path):
    logged_game(tmp_path / "g.jsonl")
    with pytest.raises(FileExistsError):
        Session.new(CS, tmp_path / "g.jsonl", seed=1)


def test_replay_rederives_the_same_state(tmp_path):
    s = logged_game(tmp_path / "g.jsonl", seed=9)
    r = replay(tmp_path / "g.jsonl")
    assert r.ok and not r.warnings
    assert r.state.snapshot() == s.state.snapshot()


def test_same_seed_same_records_apart_from_time(tmp_path):
    logged_game(tmp_path / "a.jsonl", seed=5)
    logged_game(tmp_path / "b.jsonl", seed=5)

    def content(p):
        return [{k: v for k, v in json.loads(x).items() if k not in ("ts", "prev", "hash")}
                for x in p.read_text().splitlines()]

    assert content(tmp_path / "a.jsonl") == content(tmp_path / "b.jsonl")


def test_fixed_clock_gives_byte_identical_logs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    logged_game(tmp_path / "a.jsonl", seed=5)
    logged_game(tmp_path / "b.jsonl", seed=5)
    a, b = (tmp_path / "a.jsonl").read_bytes(), (tmp_path / "b.jsonl").read_bytes()
    assert a.replace(b"a.jsonl", b"") == b.replace(b"b.jsonl", b"")


def test_forged_roll_with_rebuilt_chain_is_caught(tmp_path):
    from wargame.log.chain import encode

    logged_game(tmp_path / "g.jsonl")
    recs = [json.loads(x) for x in (tmp_path / "g.jsonl").read_text().splitlines()]
    i = next(i for i, r in enumerate(recs) if r["type"] == "roll-made")
    recs[i]["roll"] = 1 if recs[i]["roll"] != 1 else 2
    prev, out = GENESIS, []
    for r in recs:  # a careful forger recomputes every hash
        ev = {k: v for k, v in r.items() if k not in ("seq", "ts", "prev", "hash")}
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
