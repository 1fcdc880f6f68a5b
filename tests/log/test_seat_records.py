"""Seat records in the log: old logs still verify and keyboard play is unchanged; seat-played
logs (attribution, timer, bots, observer notes) replay, verify, resume and fork."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT
from wargame.engine import commands as C
from wargame.engine.game import Game
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)
#: Written by the program as it was before seats existed (Control at the keyboard: a free-form
#: move withdrawn, an observation note, then random play).
OLD = ROOT / "tests" / "data" / "logs" / "keyboard-mini.jsonl"
ENVELOPE = ("seq", "ts", "prev", "hash")


def test_a_log_written_before_seats_still_verifies():
    res = replay(OLD, scenario=MINI)
    assert res.ok, res.problem
    assert res.count == len(OLD.read_text().splitlines())


def test_keyboard_play_writes_exactly_the_records_it_wrote_before():
    """Same commands through today's engine: every record identical, field for field and in order."""
    old = [json.loads(line) for line in OLD.read_text().splitlines()]
    g = Game(CS)
    header = old[0]
    g.do(C.StartGame(seed=header["seed"], mode=header["mode"], players=header["players"],
                     version=header["version"], scenario_path=header["scenario_path"]))
    inj, d = g.state.expected[0]
    g.do(C.SubmitMove(inj, d, action="Holds a summit", argument="it reassures", rationale="first try"))
    g.do(C.ReopenMove(inj, d, "the table changed its mind"))
    g.do(C.AddNote("Observed lively debate", "observation"))
    play_to_end(g, Driver("random", 11))
    bare = [{k: v for k, v in r.items() if k not in ENVELOPE} for r in old]
    assert [json.dumps(e) for e in g.events] == [json.dumps(r) for r in bare]


def seat_game(path: Path, clock=lambda: 1_800_000_000.0) -> Session:
    s = Session.new(CS, path, seed=4, fsync=False)
    s.clock = clock
    s.set_timer(300)
    s.extend_timer(60)
    s.do(C.SubmitMove("incubator", "JPN", "join", rationale="from the seat", by="JPN"))
    s.do(C.ReopenMove("incubator", "JPN", "second thoughts", by="JPN"))
    s.do(C.SubmitMove("incubator", "JPN", "observe", rationale="from the seat", by="JPN"))
    s.do(C.AddNote("JPN argued for a long time", "observation", inject="incubator", by="observer"))
    s.assign_bot("KOR", "random")  # KOR's move follows at once
    return s


def test_a_seat_played_game_replays_and_verifies(tmp_path):
    p = tmp_path / "seats.jsonl"
    s = seat_game(p)
    kor = s.state.moves[("incubator", "KOR")]
    assert kor.submitted_by == "bot:random" and kor.option is not None
    s.check_timer()  # not yet due: nothing written
    s.clock = lambda: 1_800_000_000.0 + 361
    assert s.check_timer() and s.state.timer["late"] == [["incubator", "USA"]]
    s.bot_move("incubator", "USA", "first")  # Control decides for the late delegation
    play_to_end(s, Driver("first", 4))
    snap = s.state.snapshot()
    s.close()
    res = replay(p)
    assert res.ok, res.problem
    assert res.state.snapshot() == snap
    types = [json.loads(x)["type"] for x in p.read_text().splitlines()]
    for t in ("timer-set", "timer-extended", "timer-expired", "bot-assigned"):
        assert t in types


@pytest.mark.parametrize("keep_seals", [True, False])
def test_a_forged_attribution_fails_verification(tmp_path, keep_seals):
    """The chain rebuilt around the forgery, with the old key and signatures kept (they no longer
    match) or dropped (the log then passes for one from before signing): replay names the line."""
    from wargame.log.chain import GENESIS, encode, seal

    p = tmp_path / "seats.jsonl"
    seat_game(p).close()
    recs = [json.loads(x) for x in p.read_text().splitlines()]
    assert recs[0].get("key") and recs[-1].get("sig")  # a seat game's log is signed
    i = next(i for i, r in enumerate(recs) if r.get("by") == "bot:random")
    recs[i]["by"] = "USA"  # claim another delegation sealed KOR's move
    prev, out = GENESIS, []
    for r in recs:
        event = {k: v for k, v in r.items() if k not in (*ENVELOPE, "key", "sig")}
        line, prev = encode(r["seq"], r["ts"], event, prev)
        out.append(seal(line, r.get("key"), r.get("sig")) if keep_seals else line)
    (tmp_path / "f.jsonl").write_text("".join(out))
    res = replay(tmp_path / "f.jsonl")
    assert not res.ok and res.problem.line == i + 1 and "own seat" in res.problem.message


def test_resume_keeps_sealed_moves_bots_and_timer(tmp_path):
    p = tmp_path / "seats.jsonl"
    s = seat_game(p)
    snap = s.state.snapshot()
    s.close()
    again = Session.resume(p)
    assert again.state.snapshot() == snap
    assert again.state.bots == {"KOR": "random"} and again.state.timer["seconds"] == 360
    assert again.state.moves[("incubator", "JPN")].option == "observe"
    play_to_end(again, Driver("first", 4))
    # the bot keeps playing KOR in turn 2, flagged in the log
    assert any(m.submitted_by == "bot:random" for m in again.state.past_moves if m.delegation == "KOR")
    again.close()
    assert replay(p).ok


def test_fork_of_a_game_with_a_bot_seat_reproduces_it(tmp_path):
    p = tmp_path / "seats.jsonl"
    s = seat_game(p)
    play_to_end(s, Driver("first", 4))
    s.close()
    fork = Session.fork(p, 2, tmp_path / "fork.jsonl")
    # turn 2 has started in the fork; the bot seat (still assigned) has sealed its move again
    assert fork.state.turn == 2 and fork.state.bots == {"KOR": "random"}
    fork.close()
    assert replay(tmp_path / "fork.jsonl").ok


def test_listeners_hear_every_committed_command_and_can_unsubscribe(tmp_path):
    s = Session.new(CS, tmp_path / "l.jsonl", seed=1, fsync=False)
    heard: list[list[str]] = []
    unsubscribe = s.subscribe(lambda evs: heard.append([e["type"] for e in evs]))
    s.do(C.SubmitMove("incubator", "USA", "convene", by="USA"))
    s.assign_bot("KOR", "first")
    assert heard == [["move-submitted"], ["bot-assigned"], ["move-submitted"]]
    unsubscribe()
    s.do(C.SubmitMove("incubator", "JPN", "join"))
    assert len(heard) == 3
    s.close()


def test_staged_commands_are_told_after_publish_and_in_order(tmp_path):
    """Group commit: staged commands change the state at once, reach listeners only after
    sync + publish (or a later durable command), always in the order they were made."""
    p = tmp_path / "g.jsonl"
    s = Session.new(CS, p, seed=1, fsync=True)
    heard: list[str] = []
    s.subscribe(lambda evs: heard.extend(f"{e['type']}:{e.get('delegation', '')}" for e in evs))
    s.stage(C.SubmitMove("incubator", "USA", "convene", by="USA"))
    s.stage(C.SubmitMove("incubator", "JPN", "join", by="JPN"))
    assert heard == [] and s.state.status_of("incubator", "JPN") == "sealed"
    s.sync()
    s.publish()
    assert heard == ["move-submitted:USA", "move-submitted:JPN"]
    s.stage(C.ReopenMove("incubator", "JPN", "again", by="JPN"))
    s.do(C.AddNote("Control's note", "control"))  # durable: tells the staged command first
    assert heard[-2:] == ["move-reopened:JPN", "note-added:"]
    s.publish()  # nothing left to tell
    assert len(heard) == 4
    s.close()
    assert replay(p).ok


def test_bot_moves_in_a_log_are_re_derived_from_their_policy(tmp_path):
    from wargame.sim.seatbots import recheck_bot_move

    p = tmp_path / "seats.jsonl"
    s = seat_game(p)
    play_to_end(s, Driver("first", 4))
    s.close()
    problems, bots = [], []

    def check(record, state):
        if record.data.get("by", "").startswith("bot:"):
            bots.append(record.data)
            problems.append(recheck_bot_move(state, record.data))
    assert replay(p, on_record=check).ok
    # KOR's bot sealed turn 1; in turn 2 no authored option is open to KOR, so Control moved for it
    assert len(bots) == 1 and problems == [None]
    forged = {**bots[0], "option": next(o for o in CS.injects["incubator"].options["KOR"] if o != bots[0]["option"])}
    state = replay(p).state
    state.turn = 1
    assert "but the policy gives" in recheck_bot_move(state, forged)
