"""What `validate` passes, `run`, `graph`, `simulate` and `lint` can use: a scenario with an unbounded
number or an impossible date is refused by every command with a located message and exit 1."""

from __future__ import annotations

import pytest

from tests.commands.test_cli import wargame
from tests.conftest import MINI

BASE = MINI.read_text()
HOSTILE = {
    "infinite-effect": BASE.replace("effects: {success: {mda: 2}", "effects: {success: {mda: 1e999}"),
    "long-range": BASE.replace("{id: mda, label: Maritime domain awareness, min: 0, max: 10, start: 2}",
                               "{id: mda, label: M, min: 0, max: " + "9" * 3999 + ", start: 2}"),
    "overflow-in-play": BASE.replace(
        "effects: {success: {mda: 2}",
        "effects: {success: {mda: '(track(\"mda\")+1) * 999999999999999 * 999999999999999 / 3'}"),
    "february-30": BASE.replace("start: 2027-03-01", "start: 2027-02-30"),
}
COMMANDS = {
    "validate": lambda f, tmp: ("validate", f),
    "lint": lambda f, tmp: ("lint", f),
    "run": lambda f, tmp: ("run", f, "--policy", "first", "--seed", "1", "--log", tmp / "g.jsonl"),
    "graph": lambda f, tmp: ("graph", f),
    "simulate": lambda f, tmp: ("simulate", f, "--games", "5", "--seed", "1", "-q"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_every_command_refuses_with_a_located_message(tmp_path, case, command):
    f = tmp_path / f"{case}.yaml"
    f.write_text(HOSTILE[case])
    r = wargame(*COMMANDS[command](f, tmp_path))
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert f"{f}:" in r.stderr and len(r.stderr) < 5000
    assert "balanced" not in r.stdout.lower()
    assert not (tmp_path / "g.jsonl").exists()


def test_saturation_keeps_a_game_going(tmp_path):
    """No bound is knowable for a division by a track near zero, so play saturates instead of crashing."""
    f = tmp_path / "divide.yaml"
    f.write_text(BASE.replace("effects: {success: {mda: 2}",
                              "effects: {success: {mda: '1000000 / (track(\"mda\") - 2.5) * 999999999'}")
                 .replace("odds: 0.7", "odds: 1.0"))
    assert wargame("validate", f).returncode == 0
    r = wargame("run", f, "--policy", "first", "--seed", "1", "--log", tmp_path / "g.jsonl")
    assert r.returncode == 0, r.stderr
    assert wargame("replay", tmp_path / "g.jsonl", "--verify").returncode == 0
