"""Confidence intervals of the balance report, and verdicts that another seed does not contradict."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from wargame.sim.simulate import simulate
from wargame.sim.stats import REPLICATION, games_needed, mean_interval, settled, wilson, z_value


def test_wilson_known_values():
    lo, hi = wilson(0, 10)
    assert lo == 0 and hi == pytest.approx(0.2775, abs=1e-4) and wilson(10, 10)[1] == 1
    lo, hi = wilson(5, 10)
    assert (lo, hi) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert wilson(0, 0) is None


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_wilson_contains_the_share_and_stays_in_0_1(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    lo, hi = wilson(k, n)
    assert 0 <= lo <= k / n <= hi <= 1
    lo4, hi4 = wilson(4 * k, 4 * n)
    assert hi4 - lo4 < hi - lo + 1e-12  # four times the games: a narrower interval


def test_bonferroni_widens_with_the_comparisons():
    assert z_value() == pytest.approx(1.96, abs=1e-3)
    assert z_value(comparisons=100) == pytest.approx(3.4808, abs=1e-3)


def test_mean_interval_and_settling():
    m, lo, hi = mean_interval([0.0, 1.0] * 50)
    assert m == 0.5 and hi - m == pytest.approx(1.96 * math.sqrt(0.25252525 / 100), rel=1e-3)
    z = 2.0
    assert settled(0.1, 0.1 / (z + REPLICATION) * 0.99, z) and not settled(0.1, 0.1 / (z + REPLICATION) * 1.01, z)
    # standard errors shrink as 1/sqrt(games): the predicted count is the one where the gap settles
    n = games_needed(1000, 0.05, 0.02, z, margin=0.05)  # a gap of `margin` cannot be ruled out: settle it
    assert settled(0.05, 0.02 * math.sqrt(1000 / n), z)
    assert not settled(0.05, 0.02 * math.sqrt(1000 / (n * 0.9)), z)
    assert games_needed(1000, 0.3, 0.01, z, margin=0.1) == 1000  # already settled
    # a small gap is resolved sooner by ruling out a gap of `margin` than by settling it
    assert games_needed(1000, 0.01, 0.04, z, margin=0.1) == math.ceil(1000 * ((z + REPLICATION) * 0.04 / 0.09) ** 2)


CLOSE = """
format: 1
id: close
title: Close
summary: Two options a little apart and one far behind.
delegations:
  KOR:
    role: Korea.
    objectives: [{id: high, text: High, when: 'track("x") >= 5'}]
tracks: [{id: x, label: X, start: 4}]
turns: {count: 1, step: 1 month, start: 2027-01-01}
injects:
  - id: choice
    turn: 1
    title: Choice
    narrative: Choose.
    options:
      KOR:
        - {id: a, label: A, description: A., stance: cooperative, odds: 0.6, effects: {success: {x: 1}, major-success: {x: 1}}}
        - {id: b, label: B, description: B., stance: cautious, odds: 0.55, effects: {success: {x: 1}, major-success: {x: 1}}}
        - {id: c, label: C, description: C., stance: national, odds: 0.1, effects: {success: {x: 1}, major-success: {x: 1}}}
"""


def test_verdicts_carry_intervals_and_do_not_contradict_across_seeds(tmp_path):
    from wargame.scenario.load import load_scenario

    path = tmp_path / "close.yaml"
    path.write_text(CLOSE)
    cs = load_scenario(path)
    runs = [simulate(cs, games=300, seed=s) for s in (1, 2, 3)]
    for r in runs:
        rows = r["options"]["choice"]["KOR"]["options"]
        for row in rows.values():
            lo, hi = row["success_ci"]
            assert lo <= row["success"] <= hi and row["score_ci"][0] <= row["score"] <= row["score_ci"][1]
        # c is far behind: settled in every run; a vs b (5 points apart) is never called either way
        assert {(x["option"], x["by"]) for x in r["dominated"]} >= {("c", "a")}
        assert not any(x["option"] in ("a", "b") for x in r["dominated"])
        for x in r["dominated"]:
            assert x["interval"][0] > 0
        assert r["confidence"]["comparisons"] == 3
    for r in runs:
        for other in runs:
            called = {x["option"] for x in r["dominated"]}
            open_ = {x["versus"] for x in other["undecided"]} | {x["option"] for x in other["dominated"]}
            assert called <= open_


def test_undecided_pair_gives_the_games_it_needs(tmp_path):
    from wargame.scenario.load import load_scenario

    path = tmp_path / "close.yaml"
    path.write_text(CLOSE)
    r = simulate(load_scenario(path), games=300, seed=1)
    pairs = {(x["option"], x["versus"]): x for x in r["undecided"]}
    assert ("a", "b") in pairs or ("b", "a") in pairs
    x = pairs.get(("a", "b")) or pairs[("b", "a")]
    assert x["games_needed"] > 300 and r["games_needed"] >= x["games_needed"]
    from wargame.sim.simulate import format_text

    text = format_text(r)
    assert "games to settle" in text and "[" in text and "Verdicts at 95% for the whole report" in text
