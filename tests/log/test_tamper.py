"""Tampering: 200 random edits, deletions, swaps and truncations of a real log.

`replay --verify` either verifies a clean prefix of the original (a torn tail only) or names the
first damaged line; never a traceback, never a false "ok".
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from tests.conftest import MINI, ROOT
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

KINDS = ["edit", "delete", "swap", "truncate", "line-swap", "line-delete", "insert"]


def _tamper(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = KINDS[rng.randrange(len(KINDS))]
    pos = rng.randrange(len(data))
    if kind == "edit":
        return kind, data[:pos] + bytes([(data[pos] + rng.randrange(1, 256)) % 256]) + data[pos + 1:]
    if kind == "delete":
        return kind, data[:pos] + data[pos + 1:]
    if kind == "insert":
        return kind, data[:pos] + bytes([rng.randrange(256)]) + data[pos:]
    if kind == "swap":
        j = min(len(data) - 1, pos + rng.randrange(1, 40))
        b = bytearray(data)
        b[pos], b[j] = b[j], b[pos]
        return kind, bytes(b)
    if kind == "truncate":
        return kind, data[:pos]
    lines = data.splitlines(keepends=True)
    i = rng.randrange(len(lines))
    if kind == "line-delete":
        del lines[i]
    else:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return kind, b"".join(lines)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    p = tmp_path_factory.mktemp("orig") / "game.jsonl"
    s = Session.new(load_scenario(MINI), p, seed=12, mode="semi", fsync=False)
    play_to_end(s, Driver("random", 12))
    s.close()
    return p.read_bytes()


def _first_differing_line(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a.splitlines(keepends=True), b.splitlines(keepends=True)), start=1):
        if x != y:
            return i
    return min(len(a.splitlines()), len(b.splitlines())) + 1


@pytest.mark.parametrize("case", range(200))
def test_tampered_log_is_never_a_false_ok(tmp_path, original, case):
    rng = random.Random(case)
    kind, data = _tamper(original, rng)
    if data == original:
        return
    p = tmp_path / "t.jsonl"
    p.write_bytes(data)
    r = replay(p)
    if r.ok:
        # Only a clean prefix may verify: the verified bytes are the original's, and something was said.
        assert data[: r.good_bytes] == original[: r.good_bytes], kind
        assert r.good_bytes < len(original)
        assert r.warnings or data == original[: len(data)], kind
    else:
        assert 1 <= r.problem.line <= _first_differing_line(original, data), (kind, r.problem)


@pytest.mark.parametrize("case", range(0, 200, 20))
def test_verify_command_reports_without_traceback(tmp_path, original, case):
    _, data = _tamper(original, random.Random(case))
    p = tmp_path / "t.jsonl"
    p.write_bytes(data)
    r = subprocess.run([sys.executable, "-m", "wargame", "replay", str(p), "--verify"], capture_output=True,
                       text=True, cwd=ROOT)
    assert "Traceback" not in r.stderr
    assert r.returncode in (0, 1)
    if r.returncode == 1:
        assert f"{p}:" in r.stderr


def test_changed_scenario_refuses_resume_but_names_the_cause(tmp_path):
    scen = tmp_path / "mini.yaml"
    scen.write_text(MINI.read_text())
    log = tmp_path / "g.jsonl"
    s = Session.new(load_scenario(scen), log, seed=1, fsync=False)
    s.close()
    scen.write_text(MINI.read_text().replace("Tension rises.", "Tension rises sharply."))
    r = subprocess.run([sys.executable, "-m", "wargame", "run", str(scen), "--log", str(log), "--resume"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "content hash differs" in r.stderr and "cannot be resumed" in r.stderr
    # the original file, named explicitly, still lets the log be read
    orig = tmp_path / "orig.yaml"
    orig.write_text(MINI.read_text())
    v = subprocess.run([sys.executable, "-m", "wargame", "replay", str(log), "--verify", "--scenario", str(orig)],
                       capture_output=True, text=True, cwd=ROOT)
    assert v.returncode == 0, v.stderr
