"""Signed logs and the witnessed fingerprint: what verification proves, and what it cannot.

Each test below is named in the README's Guarantees next to the claim it shows.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT
from tests.logtools import content
from wargame.engine import commands as C
from wargame.log.chain import GENESIS, encode, seal, split_seal
from wargame.log.lock import LogFileError
from wargame.log.replay import replay
from wargame.log.seal import key_path, load_key, new_key
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

CS = load_scenario(MINI)
PRE = ROOT / "tests" / "data" / "logs" / "pre-signing"


def wargame(*args):
    return subprocess.run([sys.executable, "-m", "wargame", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


@pytest.fixture
def game(tmp_path):
    """A finished signed game with team names, a rationale and a note; and what the room saw."""
    path = tmp_path / "g.jsonl"
    s = Session.new(CS, path, seed=8, mode="semi", players={"JPN": "Team Sakura"}, fsync=False)
    inj, d = s.state.expected[0]
    s.do(C.SubmitMove(inj, d, next(iter(CS.injects[inj].options[d])), rationale="we hold the line"))
    s.do(C.AddNote("the room argued about burden sharing", "observation"))
    witnessed = []
    s.listeners.append(lambda evs: witnessed.append(s.witness_text) if evs[0]["type"] in ("turn-ended",
                                                                                          "game-ended") else None)
    play_to_end(s, Driver("random", 8))
    s.close()
    return path, witnessed


def _lines(path):
    """(record without key/sig, had a signature) per line."""
    out = []
    for raw in path.read_bytes().splitlines():
        chained, key, sig = split_seal(raw)
        out.append((json.loads(chained), sig is not None))
    return out


def forge(lines, path, sign_with=None, keep_sigs_from=None):
    """Rewrite a log the way a careful forger would: every hash recomputed. Signatures are either
    dropped (an 'unsigned' log), copied from the original (`keep_sigs_from`), or made with `sign_with`."""
    old = [split_seal(r) for r in keep_sigs_from.read_bytes().splitlines()] if keep_sigs_from else None
    prev, out = GENESIS, []
    for i, (rec, signed) in enumerate(lines):
        ev = {k: v for k, v in rec.items() if k not in ("seq", "ts", "prev", "hash")}
        line, prev = encode(i, rec["ts"], ev, prev)
        key = sig = None
        if sign_with is not None:
            key = sign_with.public_hex if i == 0 else None
            sig = sign_with.sign(prev) if signed else None
        elif old is not None:
            key, sig = old[i][1], old[i][2]
        out.append(seal(line, key=key, sig=sig))
    path.write_text("".join(out), encoding="utf-8")
    return path


def _first(lines, kind, **match):
    return next(i for i, (r, _s) in enumerate(lines) if r["type"] == kind
                and all(r.get(k) == v for k, v in match.items()))


def _edit_rationale(lines):
    i = _first(lines, "move-submitted", rationale="we hold the line")
    lines[i][0]["rationale"] = "we never agreed to this"
    return i


def _edit_note(lines):
    i = _first(lines, "note-added")
    lines[i][0]["text"] = "nothing was said"
    return i


def _edit_team(lines):
    lines[0][0]["players"]["JPN"] = "Team Someone Else"
    return 0


def _backdate(lines):
    for r, _s in lines:
        r["ts"] = "2020" + r["ts"][4:]
    return 0


def _reorder_sealed_moves(lines):
    i = _first(lines, "move-submitted")
    j = next(k for k in range(i + 1, len(lines)) if lines[k][0]["type"] == "move-submitted")
    lines[i], lines[j] = lines[j], lines[i]
    return i


def _roll_made_physical(lines):
    i = _first(lines, "roll-made")
    lines[i][0]["physical"], lines[i][0]["index"] = True, None
    return i


EDITS = [_edit_rationale, _edit_note, _edit_team, _backdate, _reorder_sealed_moves, _roll_made_physical]


def test_a_new_game_is_signed_and_the_key_never_enters_the_log(game):
    path, _ = game
    r = replay(path)
    assert r.ok and r.signed and r.public_key == json.loads(path.read_bytes().splitlines()[0])["key"]
    kp = key_path(path)
    assert stat.S_IMODE(os.stat(kp).st_mode) == 0o600
    private_hex = kp.read_text().split("\n")[1]
    assert len(private_hex) == 64 and private_hex not in path.read_text()
    v = wargame("replay", path, "--verify")
    assert v.returncode == 0 and "signed: every command is signed" in v.stdout and "fingerprint: " in v.stdout


@pytest.mark.parametrize("edit", EDITS, ids=lambda f: f.__name__.strip("_"))
def test_a_rewrite_without_the_key_fails_its_signatures(tmp_path, game, edit):
    """No rewrite by someone without the key: the chain rebuilt, the old signatures no longer match."""
    path, _ = game
    lines = _lines(path)
    changed = edit(lines)
    forged = forge(lines, tmp_path / "f.jsonl", keep_sigs_from=path)
    r = replay(forged)
    assert not r.ok
    first_signed = next(i for i, (_r, s) in enumerate(lines) if s and i >= changed)
    assert r.problem.line <= first_signed + 1
    v = wargame("replay", forged, "--verify")
    assert v.returncode == 1 and f"{forged}:" in v.stderr and "Traceback" not in v.stderr


# A roll turned physical is left out here: without the engine regenerating every later roll, replay
# itself refuses it; with them regenerated it is one more rewrite of history, caught the same way.
@pytest.mark.parametrize("edit", EDITS[:-1], ids=lambda f: f.__name__.strip("_"))
def test_a_rewrite_signed_anew_or_unsigned_changes_every_witnessed_fingerprint(tmp_path, game, edit):
    """Dropping the signatures ('unsigned') or signing with a fresh key verifies, but no fingerprint the
    room saw from the rewritten turn on matches: the key is part of the fingerprint."""
    path, witnessed = game
    original = replay(path)
    for how in ("unsigned", "fresh-key"):
        lines = _lines(path)
        edit(lines)
        out = tmp_path / f"{how}.jsonl"
        sign_with = new_key(tmp_path / "attacker.jsonl") if how == "fresh-key" else None
        r = replay(forge(lines, out, sign_with=sign_with))
        assert r.ok, r.problem  # the engine accepts each of these rewrites: only the witness catches them
        assert r.signed == (how == "fresh-key")
        seen = [original.fingerprint(h) for _t, h in original.turn_heads]
        assert all(r.fingerprint(h) not in seen for _t, h in r.turn_heads)
        assert r.fingerprint() != original.fingerprint()
    assert witnessed == [f"Log fingerprint at the end of turn {t}: {original.fingerprint(h)}"
                         for t, h in original.turn_heads]


def test_the_key_holder_cannot_rewrite_witnessed_history(tmp_path, game):
    path, _ = game
    original = replay(path)
    key = load_key(path, original.public_key)
    lines = _lines(path)
    _edit_rationale(lines)  # turn 1, before the first witnessed fingerprint
    r = replay(forge(lines, tmp_path / "f.jsonl", sign_with=key))
    assert r.ok and r.signed  # a valid, signed log...
    # ...that the room can refute
    assert r.fingerprint(r.turn_heads[0][1]) != original.fingerprint(original.turn_heads[0][1])


def test_the_key_holder_can_rewrite_unwitnessed_history(tmp_path, game):
    """The limit of the guarantee: if the room last saw the fingerprint at the end of turn 1, whoever holds
    the key can rewrite turn 2 and re-sign it; everything verifies and that fingerprint still matches."""
    path, _ = game
    original = replay(path)
    key = load_key(path, original.public_key)
    lines = _lines(path)
    end_of_turn_1 = _first(lines, "turn-ended")
    i = next(k for k in range(end_of_turn_1, len(lines)) if lines[k][0]["type"] == "move-submitted")
    lines[i][0]["rationale"] = "rewritten after the class left"
    r = replay(forge(lines, tmp_path / "f.jsonl", sign_with=key))
    assert r.ok and r.signed
    assert r.fingerprint(r.turn_heads[0][1]) == original.fingerprint(original.turn_heads[0][1])
    assert r.fingerprint() != original.fingerprint()  # only a later witness would show it


def test_a_deleted_last_turn_verifies_but_misses_the_final_fingerprint(tmp_path, game):
    path, witnessed = game
    original = replay(path, keep=True)
    end_of_turn_1 = next(r for r in original.records if r.data["type"] == "turn-ended")
    # cut after the batch that ended turn 1 (turn-ended + the next turn-started)
    cut = next(r for r in original.records if r.line == end_of_turn_1.line + 1).end
    short = tmp_path / "short.jsonl"
    short.write_bytes(path.read_bytes()[:cut])
    r = replay(short)
    assert r.ok and r.signed
    assert f"Log fingerprint at the end of turn 2: {r.fingerprint()}" not in witnessed
    assert r.fingerprint() == original.fingerprint(original.turn_heads[0][1])


def test_resume_keeps_signing_with_the_games_key_and_refuses_without_it(tmp_path):
    path = tmp_path / "g.jsonl"
    s = Session.new(CS, path, seed=3, fsync=False)
    play_to_end(s, Driver("first", 3), stop_after=4)
    s.close()
    public = replay(path).public_key
    s = Session.resume(path, fsync=False)
    play_to_end(s, Driver("first", 3))
    s.close()
    r = replay(path)
    assert r.ok and r.signed and r.public_key == public and r.state.ended
    key_path(path).rename(tmp_path / "elsewhere")
    with pytest.raises(LogFileError, match="signing key of this signed game is missing"):
        Session.resume(path, fsync=False)
    assert replay(path).ok  # the log itself still verifies without the key


def test_logs_from_before_signing_still_verify_report_and_resume_unsigned(tmp_path):
    scen = PRE / "mini.yaml"
    v = wargame("replay", PRE / "game.jsonl", "--verify", "--scenario", scen)
    assert v.returncode == 0 and "40 records verified" in v.stdout and "unsigned: no signatures" in v.stdout
    out = tmp_path / "r.md"
    rep = wargame("report", PRE / "game.jsonl", "--scenario", scen, "-o", out)
    assert rep.returncode == 0, rep.stderr
    assert "unsigned (written before logs were signed)" in out.read_text()
    # half of it, resumed: it goes on unsigned (no key appears) and still verifies
    half = tmp_path / "half.jsonl"
    lines = (PRE / "game.jsonl").read_bytes().splitlines(keepends=True)
    half.write_bytes(b"".join(lines[:12]))
    s = Session.resume(half, scenario=scen, fsync=False)
    play_to_end(s, Driver("first", 11))
    s.close()
    r = replay(half, scenario=scen)
    assert r.ok and not r.signed and r.state.ended and not key_path(half).exists()
    assert b'"sig":' not in half.read_bytes()
    assert content(half)[:12] == content(PRE / "game.jsonl")[:12]
