"""Fork from here: a new game from a turn boundary of a logged one, naming its parent."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MINI
from wargame.engine import commands as C
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)


@pytest.fixture
def parent(tmp_path):
    p = tmp_path / "parent.jsonl"
    s = Session.new(CS, p, seed=5, mode="semi", fsync=False)
    s.do(C.AddNote("Control: the room is lively", "control"))
    play_to_end(s, Driver("random", 5))
    s.close()
    return p


def _states_at_turn_start(path, turn):
    snaps = []

    def grab(rec, state):
        if rec.data["type"] == "turn-started" and rec.data["turn"] == turn:
            snaps.append(state.snapshot())

    replay(path, on_record=grab)
    return snaps[0]


def test_fork_reproduces_the_parent_state_at_the_fork_point(tmp_path, parent):
    child = Session.fork(parent, 2, tmp_path / "child.jsonl", fsync=False)
    assert child.state.snapshot() == _states_at_turn_start(parent, 2)
    header = json.loads((tmp_path / "child.jsonl").read_text().splitlines()[0])
    assert header["parent"]["log"] == str(parent.resolve()) and header["parent"]["turn"] == 2
    parent_hashes = [json.loads(x)["hash"] for x in parent.read_text().splitlines()]
    assert header["parent"]["hash"] in parent_hashes
    # the fork plays on differently and verifies on its own
    play_to_end(child, Driver("first", 1))
    child.close()
    r = replay(tmp_path / "child.jsonl")
    assert r.ok and r.state.ended


def test_fork_at_turn_one_is_a_fresh_start_with_provenance(tmp_path, parent):
    child = Session.fork(parent, 1, tmp_path / "c1.jsonl", fsync=False)
    assert child.state.turn == 1 and child.state.phase == "deliberation" and child.state.events == 2


def test_fork_beyond_the_game_is_refused(tmp_path, parent):
    with pytest.raises(ValueError, match="never reached turn 9"):
        Session.fork(parent, 9, tmp_path / "c.jsonl", fsync=False)


def test_run_command_forks_and_plays_on(tmp_path, parent):
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = tmp_path / "f.jsonl"
    r = subprocess.run([sys.executable, "-m", "wargame", "run", str(MINI), "--fork-from", str(parent), "--turn", "2",
                        "--policy", "random", "--log", str(out), "--no-fsync"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert replay(out).ok
