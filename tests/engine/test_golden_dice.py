"""Golden dice: the seeded generator's values must never drift.

Every log records its seed and the generator's name; replay, resume and a fork re-derive each
roll from (seed, index). If these numbers changed, every game log ever written would stop
verifying, so they are pinned here as literal tables, not compared with the code itself.
"""

from __future__ import annotations

import pytest

from wargame.engine.adjudication import GENERATOR, derived_roll, mix64

# SplitMix64's published test vector (seed 1234567): the mixer is the reference one.
SPLITMIX64_1234567 = [6457827717110365317, 3203168211198807973, 9817491932198370423,
                      4593380528125082431, 16408922859458223821]
GOLDEN_GAMMA = 0x9E3779B97F4A7C15

# seed -> the first eight d100 rolls, the first eight d6 rolls, roll 1,000,000 on a d100, roll 2**63 on a d20.
DICE = {
    0: ([56, 31, 58, 30, 62, 85, 96, 20], [4, 5, 2, 6, 6, 3, 2, 6], 25, 10),
    7: ([22, 16, 82, 94, 35, 31, 94, 5], [4, 4, 2, 2, 1, 3, 6, 1], 16, 1),
    20261205: ([71, 98, 90, 11, 43, 14, 20, 76], [5, 6, 2, 5, 1, 6, 2, 6], 21, 3),
    2**64 - 1: ([68, 46, 82, 44, 72, 1, 57, 27], [4, 2, 2, 2, 6, 3, 1, 3], 32, 7),
}


def test_generator_name_is_the_one_logs_record():
    assert GENERATOR == "splitmix64-v1"


def test_mixer_matches_the_splitmix64_reference_vector():
    m = (1 << 64) - 1
    assert [mix64((1234567 + k * GOLDEN_GAMMA) & m) for k in range(5)] == SPLITMIX64_1234567
    assert mix64(0) == 0xE220A8397B1DCDAF
    assert mix64(2**64 - 1) == 0xE4D971771B652C20


@pytest.mark.parametrize("seed", sorted(DICE))
def test_rolls_for_fixed_seeds_and_indices(seed):
    d100, d6, millionth, huge_index = DICE[seed]
    assert [derived_roll(seed, i, 100) for i in range(8)] == d100
    assert [derived_roll(seed, i, 6) for i in range(8)] == d6
    assert derived_roll(seed, 10**6, 100) == millionth
    assert derived_roll(seed, 2**63, 20) == huge_index


def test_a_negative_seed_is_its_64_bit_twin():
    """Seeds are taken modulo 2**64, so -1 and 2**64 - 1 roll the same game."""
    assert [derived_roll(-1, i, 100) for i in range(8)] == DICE[2**64 - 1][0]


def test_rolls_cover_exactly_one_to_sides():
    seen = {derived_roll(3, i, 6) for i in range(200)}
    assert seen == {1, 2, 3, 4, 5, 6}
    d100 = [derived_roll(11, i, 100) for i in range(3000)]
    assert min(d100) == 1 and max(d100) == 100
