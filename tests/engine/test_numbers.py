"""Numbers Control types reach the engine only finite and bounded; the engine refuses the rest."""

from __future__ import annotations

import pytest

from tests.engine.helpers import started
from wargame.engine import commands as C
from wargame.engine.commands import Rejected

BAD = [float("inf"), float("-inf"), float("nan"), 10**4000, 1_000_001, -1e7, True, "3"]


@pytest.mark.parametrize("delta", BAD, ids=repr)
def test_adjustment_by_a_hostile_amount_is_refused(mini, delta):
    g = started(mini)
    before = dict(g.state.tracks)
    with pytest.raises(Rejected):
        g.do(C.AdjustTrack("escalation", delta, "Control models a sudden crisis"))
    assert g.state.tracks == before


@pytest.mark.parametrize("delta", BAD, ids=repr)
def test_free_form_effects_with_a_hostile_amount_are_refused(mini, delta):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", action="Send a hospital ship", argument="soft power"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    g.do(C.Roll("incubator", "USA", physical=10, odds=0.4))
    with pytest.raises(Rejected, match="change to mda"):
        g.do(C.Resolve("incubator", "USA", effects={"mda": delta}, reason="Goodwill lowers tension"))
    ev = g.do(C.Resolve("incubator", "USA", effects={"mda": 1_000_000}, reason="Goodwill lowers tension"))[0]
    assert ev["effects"] == [["mda", 1_000_000, 2, 10]]


@pytest.mark.parametrize("roll", [float("nan"), 2.5, True, 10**4000])
def test_a_typed_roll_must_be_a_face_of_the_die(mini, roll):
    g = started(mini)
    g.do(C.SubmitMove("incubator", "USA", "convene"))
    g.do(C.SubmitMove("incubator", "JPN", "observe"))
    g.do(C.SubmitMove("incubator", "KOR", "abstain"))
    g.do(C.Reveal())
    with pytest.raises(Rejected, match="impossible"):
        g.do(C.Roll("incubator", "USA", physical=roll))
