"""The shipped scenario library (`scenarios/*.yaml`): every file, and the library as a whole.

Each shipped scenario must load, cite only claims that exist in the source register, be big
enough for a classroom exercise (injects, turns, option menus with cautious, cooperative and
national stances), and be balanced: over 200 automatic random games every inject fires and
every option is chosen somewhere, and no track ends pinned at a bound in most games.

The 200 games per scenario are played once per test process and shared by the tests that
need them; the module runs as one xdist group so that sharing also holds under `make test`.
"""

from __future__ import annotations

import collections
import functools
from pathlib import Path

import pytest

from wargame.engine import commands as C
from wargame.engine.game import Game
from wargame.model.scenario import DELEGATIONS
from wargame.scenario.load import load_scenario
from wargame.scenario.register import citations, load_register, resolves
from wargame.sim.autoplay import Driver, play_to_end

pytestmark = pytest.mark.xdist_group("scenario-library")

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
SEEDS = ROOT / "seeds"

GAMES = 200
MIN_INJECTS = 12
TURNS = range(5, 9)
MIN_OPTIONS = 3
STANCES = {"cautious", "cooperative", "national"}
MAX_BOUND_SHARE = 0.5

#: The cross-library checks only make sense once the library is (nearly) complete.
LIBRARY_INCOMPLETE = len(SCENARIOS) < 4
incomplete_library = pytest.mark.xfail(
    LIBRARY_INCOMPLETE, strict=False,
    reason=f"only {len(SCENARIOS)} scenario(s) shipped; coverage across the library is checked from 4 on")

per_scenario = pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])


@functools.lru_cache(maxsize=None)
def compiled(path: Path):
    return load_scenario(path)


@functools.lru_cache(maxsize=1)
def register():
    return load_register(SEEDS)


@functools.lru_cache(maxsize=None)
def balance(path: Path) -> dict:
    """Play the automatic random games once: what fired, what was chosen, where tracks ended."""
    cs = compiled(path)
    reached: collections.Counter = collections.Counter()
    chosen: collections.Counter = collections.Counter()
    at_bound: collections.Counter = collections.Counter()
    for seed in range(GAMES):
        g = Game(cs)
        g.do(C.StartGame(seed=seed, mode="semi"))
        play_to_end(g, Driver("random", seed))
        assert g.state.ended, f"seed {seed}: the game did not reach its end"
        reached.update(g.state.fired_injects)
        chosen.update((m.inject, m.delegation, m.option) for m in g.state.past_moves)
        for key, value in g.state.tracks.items():
            slot = cs.slots[key]
            at_bound[key] += value in (slot.min, slot.max)
    return {"reached": reached, "chosen": chosen, "at_bound": at_bound}


def test_library_is_not_empty():
    assert SCENARIOS, "no scenario files in scenarios/"


# ---------------------------------------------------------------- each scenario

@per_scenario
def test_loads_and_validates(path):
    cs = compiled(path)
    assert cs.id == path.stem, f"scenario id '{cs.id}' differs from its file name"


@per_scenario
def test_first_line_points_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/schema/scenario.schema.json"


@per_scenario
def test_every_citation_resolves_to_a_claim(path):
    s = compiled(path).scenario
    reg = register()
    missing = [f"{where}: {c}" for where, c in citations(s) if not resolves(c, reg)]
    assert not missing, "citations with no claim in seeds/:\n" + "\n".join(missing)
    unknown_docs = [d for d in s.sources if d not in reg]
    assert not unknown_docs, f"sources not in the register: {unknown_docs}"


@per_scenario
def test_size_of_the_exercise(path):
    cs = compiled(path)
    injects = len(cs.injects)
    assert injects >= MIN_INJECTS, f"{injects} injects (expected at least {MIN_INJECTS})"
    count = cs.scenario.turns.count
    assert count in TURNS, f"{count} turns (expected {TURNS.start}..{TURNS.stop - 1})"


@per_scenario
def test_every_addressed_delegation_has_a_real_choice(path):
    problems = []
    for iid, ci in compiled(path).injects.items():
        for d in ci.to:
            opts = ci.options.get(d, {})
            if len(opts) < MIN_OPTIONS:
                problems.append(f"{iid}/{d}: {len(opts)} option(s) (expected at least {MIN_OPTIONS})")
            missing = STANCES - {co.option.stance for co in opts.values()}
            if missing:
                problems.append(f"{iid}/{d}: no {', '.join(sorted(missing))} option")
    assert not problems, "\n".join(problems)


@per_scenario
def test_every_inject_fires_in_some_game(path):
    reached = balance(path)["reached"]
    never = [iid for iid in compiled(path).injects if not reached[iid]]
    assert not never, f"never fired in {GAMES} random games: {never}"


@per_scenario
def test_every_option_is_chosen_in_some_game(path):
    chosen = balance(path)["chosen"]
    never = [f"{iid}/{d}/{oid}" for iid, ci in compiled(path).injects.items()
             for d, opts in ci.options.items() for oid in opts if not chosen[(iid, d, oid)]]
    assert not never, f"never chosen in {GAMES} random games: {never}"


@per_scenario
def test_no_track_usually_ends_at_a_bound(path):
    at_bound = balance(path)["at_bound"]
    pinned = {k: round(n / GAMES, 2) for k, n in at_bound.items() if n / GAMES > MAX_BOUND_SHARE}
    assert not pinned, f"tracks ending at their min or max in more than {MAX_BOUND_SHARE:.0%} of games: {pinned}"


# ---------------------------------------------------------------- the library as a whole

def loadable() -> list:
    """The scenarios that load (one that does not already fails its own tests above)."""
    out = []
    for p in SCENARIOS:
        try:
            out.append(compiled(p))
        except Exception:  # noqa: BLE001 - reported by test_loads_and_validates
            continue
    return out


@incomplete_library
def test_every_paper_is_cited_by_some_scenario():
    cited = {c.partition("#")[0] for cs in loadable() for _, c in citations(cs.scenario)}
    uncited = sorted(set(register()) - cited)
    assert not uncited, f"papers in seeds/ that no scenario cites: {uncited}"


@incomplete_library
def test_every_delegation_plays_in_three_scenarios():
    plays = collections.Counter(d for cs in loadable() for d in cs.delegations)
    short = {d: plays[d] for d in DELEGATIONS if plays[d] < 3}
    assert not short, f"delegations playing in fewer than 3 scenarios: {short}"


def test_register_has_every_paper_with_claims():
    reg = register()
    papers = sorted(p.stem for p in SEEDS.glob("*.yaml"))
    assert sorted(reg) == papers
    empty = [doc for doc, claims in reg.items() if not claims]
    assert not empty, f"papers with no claims: {empty}"
    untexted = [f"{doc}#{cid}" for doc, claims in reg.items() for cid, c in claims.items() if not c.get("text")]
    assert not untexted, f"claims with no text: {untexted}"
