"""Hostile scenario input: every case ends in a located message and exit 1, quickly, with bounded
memory, and nothing outside the scenario is read or executed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, ROOT
from wargame.scenario.errors import InputError
from wargame.scenario.load import load_scenario

HOSTILE = sorted((ROOT / "tests" / "data" / "hostile").glob("*.yaml"))
PWNED = Path("/tmp/wargame-pwned")
LOCATED = re.compile(r"^\S+:\d+:\d+: ", re.M)

# Validation runs under an address-space cap and a CPU-time cap: a memory blow-up or a runaway
# parse is killed by the kernel (and the test fails) however busy the machine is, which a
# wall-clock bound could not promise.
_LIMITED = ("import resource, sys, runpy; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "resource.setrlimit(resource.RLIMIT_CPU, (10, 10)); "
            "sys.argv = ['wargame', 'validate', sys.argv[1]]; runpy.run_module('wargame', run_name='__main__')")


def _validate(path: Path):
    return subprocess.run([sys.executable, "-c", _LIMITED, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_corpus_is_there():
    assert len(HOSTILE) >= 20


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_file_is_refused_with_a_location(path):
    PWNED.unlink(missing_ok=True)
    r = _validate(path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert LOCATED.search(r.stderr), r.stderr
    assert str(path) in r.stderr
    assert not PWNED.exists()


def test_fifty_megabyte_file_is_refused_fast(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"format: 1\nsummary: '")
        fh.write(b"a" * (50 * 1024 * 1024))
        fh.write(b"'\n")
    r = _validate(big)
    assert r.returncode == 1 and "larger than" in r.stderr


def test_expression_injection_is_reported_as_an_expression_error():
    r = _validate(ROOT / "tests" / "data" / "hostile" / "expr-dunder-import.yaml")
    assert "combined[0].when" in r.stderr


MUTATIONS = st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent", "truncate", "byte"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(MUTATIONS, st.integers(0, 10**6), st.sampled_from(
    [": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", '"', "'", "#", "\t", "\x00", "é", "track(", "odds: 2",
     "when: 'true'", "id: incubator", "NO", "1:20", "~"])), min_size=1, max_size=4))
def test_mutated_scenarios_load_or_fail_with_located_problems(tmp_path_factory, mutations):
    lines = MINI.read_text().splitlines(keepends=True)
    for kind, n, token in mutations:
        i = n % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (n // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            col = (n // 13) % (len(lines[i]) + 1)
            lines[i] = lines[i][:col] + token + lines[i][col:]
        elif kind == "indent":
            lines[i] = "  " + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip()
        elif kind == "truncate":
            lines = lines[: max(1, i)]
        elif kind == "byte":
            col = (n // 13) % max(1, len(lines[i]))
            lines[i] = lines[i][:col] + chr(n % 0x2FF + 1) + lines[i][col + 1:]
    p = tmp_path_factory.mktemp("mut") / "m.yaml"
    p.write_bytes("".join(lines).encode("utf-8", errors="replace"))
    try:
        load_scenario(p)
    except InputError as e:
        assert e.problems
        for problem in e.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert str(problem).startswith(f"{p}:{problem.line}:{problem.col}: ")
