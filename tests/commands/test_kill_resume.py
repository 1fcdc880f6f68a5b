"""Kill a headless game with SIGKILL at random moments, resume it, and compare with an uninterrupted run.

Durability contract: every record acknowledged (fsynced) before the kill survives, the resumed game
makes the same choices and rolls, and the final log verifies.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import MINI, ROOT
from tests.logtools import content

SCENARIOS = [MINI] + sorted((ROOT / "scenarios").glob("*.yaml"))
POINTS = 50


def _cmd(scenario, log, seed, *extra):
    return [sys.executable, "-m", "wargame", "run", str(scenario), "--policy", "random", "--seed", str(seed),
            "--mode", "semi", "--log", str(log), *extra]


def _content(path):
    return content(path)  # a resumed game signs with the same key, but each run has its own


_baselines: dict = {}


def _baseline(scenario, seed, tmp):
    key = (scenario, seed)
    if key not in _baselines:
        log = tmp / f"base-{scenario.stem}-{seed}.jsonl"
        start = time.perf_counter()
        subprocess.run(_cmd(scenario, log, seed), check=True, capture_output=True, cwd=ROOT)
        _baselines[key] = (_content(log), time.perf_counter() - start)
    return _baselines[key]


def _points():
    rng = random.Random(20261122)
    return [(SCENARIOS[i % len(SCENARIOS)], rng.randrange(1000), rng.random()) for i in range(POINTS)]


@pytest.mark.slow
@pytest.mark.parametrize("scenario,seed,fraction", _points(),
                         ids=lambda v: v.stem if hasattr(v, "stem") else str(round(v, 3)) if isinstance(v, float) else str(v))
def test_killed_game_resumes_to_the_same_log(tmp_path, scenario, seed, fraction):
    expected, duration = _baseline(scenario, seed, tmp_path)
    log = tmp_path / "killed.jsonl"
    proc = subprocess.Popen(_cmd(scenario, log, seed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=ROOT)
    time.sleep(duration * fraction)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    resumed = subprocess.run(_cmd(scenario, log, seed, "--resume"), capture_output=True, text=True, cwd=ROOT)
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert _content(log) == expected
    verify = subprocess.run([sys.executable, "-m", "wargame", "replay", str(log), "--verify"], capture_output=True,
                            text=True, cwd=ROOT)
    assert verify.returncode == 0, verify.stderr
