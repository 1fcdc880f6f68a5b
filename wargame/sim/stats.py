"""Confidence intervals for the balance report: how sure a verdict over N games can be.

- A success rate is a binomial share: its interval is Wilson's score interval, which stays inside
  0..1 and behaves at 0 and N successes (the plain normal interval does not).
- A mean objective score is a mean of per-game scores in 0..1: its interval is mean ± z·s/√n.
- Two options' scores are compared by the interval of their difference (Welch: the two standard
  errors add in quadrature). An option is dominated only when that whole interval lies above zero.

`z` is for a two-sided level; with `comparisons` > 1 it is Bonferroni-corrected, so that across
the whole report the chance of *any* false verdict stays near 5%. Without that correction, a
report that makes a hundred comparisons at 95% flags about five options by chance alone, and a
different seed flags five different ones (the flip-flopping verdicts this module exists to stop).

Significance alone is not enough for a verdict another seed repeats: a difference whose interval
only just clears zero is called by a rerun about half the time. A verdict is therefore *settled*
only when the interval clears zero by REPLICATION more standard errors (then a rerun of the same
size calls it significant again with about 95% probability); one that is
significant but not settled, or a large gap whose interval still includes zero, is *undecided*.
"""

from __future__ import annotations

import math
from statistics import NormalDist

LEVEL = 0.95
#: extra standard errors a settled verdict needs beyond significance: a rerun's estimate differs
#: from this one by √2 standard errors (both are noisy), so one-sided 95% is 1.645·√2
REPLICATION = NormalDist().inv_cdf(0.95) * math.sqrt(2)


def z_value(level: float = LEVEL, comparisons: int = 1) -> float:
    alpha = (1 - level) / max(1, comparisons)
    return NormalDist().inv_cdf(1 - alpha / 2)


def wilson(successes: int, n: int, z: float | None = None) -> tuple[float, float] | None:
    """Wilson score interval (lo, hi) for a share of `successes` out of `n` (None when n = 0)."""
    if n <= 0:
        return None
    z = z_value() if z is None else z
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # at 0 or n successes the interval ends at the share itself (rounding must not leave it out)
    return (0.0 if successes == 0 else max(0.0, centre - half)), (1.0 if successes == n else min(1.0, centre + half))


def mean_se(xs: list[float]) -> tuple[float, float]:
    """Mean and standard error of the mean (0 for fewer than two values)."""
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else 0.0
    return m, math.sqrt(var / n)


def mean_interval(xs: list[float], z: float | None = None) -> tuple[float, float, float]:
    """(mean, lo, hi) of a mean, normal approximation."""
    z = z_value() if z is None else z
    m, se = mean_se(xs)
    return m, m - z * se, m + z * se


def settled(diff: float, se_diff: float, z: float) -> bool:
    """Whether a difference is a verdict a rerun of the same size would repeat (see the module text)."""
    return abs(diff) > (z + REPLICATION) * se_diff


def games_needed(games: int, diff: float, se_diff: float, z: float, margin: float) -> int:
    """About how many games would settle a pair one way or the other, given its estimate now.

    Either the gap is settled (|diff| clears zero by (z + REPLICATION) standard errors) or a gap
    of `margin` is ruled out (margin - |diff| clears by as many). Standard errors shrink as
    1/√games, so each is `games` × ((z + REPLICATION)·se / distance)²; the smaller one is the answer
    (`games` itself when already settled).
    """
    need = (z + REPLICATION) * se_diff
    answers = [games * (need / dist) ** 2 for dist in (abs(diff), margin - abs(diff)) if dist > 0]
    return max(games, math.ceil(min(answers))) if answers else games
