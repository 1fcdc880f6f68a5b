"""The replay viewer (`wargame replay LOG`) and fork-from-here.

Logs are made here with the Session and the automatic Driver; the reference states come from
`wargame.log.replay.replay(..., on_record=...)`, the same verification `--verify` runs.
"""

from __future__ import annotations

import json
import random
import shutil
from types import SimpleNamespace

import pytest

from wargame.engine import commands as C
from wargame.log.replay import replay
from wargame.scenario.load import load_scenario
from wargame.session import Session
from wargame.sim.autoplay import Driver
from wargame.tui.app import WargameApp
from wargame.tui.replay_model import ReplayModel
from wargame.tui.widgets.dashboard import Dashboard

from .helpers import MINI, screen_text, seal, wait_for, wait_screen

SIZE = (120, 36)
CS = load_scenario(MINI)


def make_log(path, seed=5, policy="random", cs=CS):
    """A whole game of the mini scenario, with a Control note, a Control adjustment and an override."""
    s = Session.new(cs, path, seed=seed, mode="semi", fsync=False)
    s.do(C.AddNote("Control: the room is lively", "control"))
    driver = Driver(policy, seed)
    while s.state.phase != "ended":
        st = s.state
        m = st.first_unresolved() if st.phase == "adjudication" else None
        if m is not None and m.status == "rolled" and not m.is_free and st.turn == 1 and not st.overrides:
            s.do(C.Resolve(m.inject, m.delegation, "setback", "Control: the room argued it down"))
            continue
        s.do(driver.next_command(st))
    s.close()
    return path


@pytest.fixture
def game(tmp_path):
    return make_log(tmp_path / "game.jsonl")


def reference(path):
    """For every record: the state's snapshot and the dashboard text the live game showed then."""
    snaps, dash = [], []
    fake = SimpleNamespace(label_width=18, bar_width=10)  # the dashboard at 120 columns

    def grab(rec, state):
        snaps.append(state.snapshot())
        dash.append(dashboard_text("\n".join(Dashboard.lines(fake, state))))

    result = replay(path, on_record=grab)
    assert result.ok
    return snaps, dash


def dashboard_text(markup: str) -> str:
    from textual.content import Content

    return Content.from_markup(markup).plain


async def open_viewer(pilot):
    await wait_screen(pilot, "ReplayScreen")
    await pilot.pause()
    return pilot.app.screen


def records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# ---------------------------------------------------------------------- the model (pure)

def test_model_gives_the_replayed_state_at_any_position_in_any_order(game):
    snaps, _ = reference(game)
    model = ReplayModel(game, every=5)  # small checkpoint spacing: every path through the cache is used
    assert model.ok and model.total == model.verified == len(snaps)
    order = list(range(model.total)) + list(reversed(range(model.total)))
    order += random.Random(3).choices(range(model.total), k=60)
    for p in order:
        assert model.state_at(p).snapshot() == snaps[p], p


# ---------------------------------------------------------------------- stepping

async def test_stepping_to_the_end_and_back_shows_the_live_game_states(game):
    snaps, dash = reference(game)
    app = WargameApp(replay=game)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        dashboard = screen.query_one(Dashboard)
        n = len(snaps)

        def check(p):
            assert screen.position == p
            assert screen.state.snapshot() == snaps[p], p
            assert dashboard.content.plain == dash[p], p
            assert f"record {p + 1} of {n}" in screen.query_one("#scrubber").plain

        check(0)
        await pilot.press("right", "j")  # the keys; the sweep below runs the same action without key events
        check(2)
        for p in range(3, n):
            screen.action_step(1)
            check(p)
        await pilot.press("right")  # past the end: stays
        check(n - 1)
        assert "Game over" in screen_text(app)
        await pilot.press("left", "k")
        check(n - 3)
        for p in range(n - 4, -1, -1):
            screen.action_step(-1)
            check(p)
        await pilot.press("end")
        check(n - 1)
        await pilot.press("home")
        check(0)


async def test_turn_stepping_lands_on_turn_starts_and_the_bar_jumps_on_click(game):
    recs = records(game)
    starts = [i for i, r in enumerate(recs) if r["type"] == "turn-started"]
    assert len(starts) == 2
    app = WargameApp(replay=game)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        for turn, p in enumerate(starts, 1):
            await pilot.press("pagedown")
            assert screen.position == p and screen.state.turn == turn and screen.state.phase == "deliberation"
            assert f"turn {turn} of 2" in screen.query_one("#scrubber").plain
        await pilot.press("pagedown")  # no later turn: the last record
        assert screen.position == len(recs) - 1
        await pilot.press("pageup")  # inside turn 2: back to its start
        assert screen.position == starts[1]
        await pilot.press("left_square_bracket")  # from a turn start: the turn before
        assert screen.position == starts[0]
        await pilot.press("right", "right", "right_square_bracket")
        assert screen.position == starts[1]
        # the scrubber: a click on the bar jumps there
        bar = screen.query_one("#scrubber")
        width = bar.content_size.width
        await pilot.click("#scrubber", offset=(bar.gutter.left + width - 1, 1))
        assert screen.position == len(recs) - 1
        await pilot.click("#scrubber", offset=(bar.gutter.left, 1))
        assert screen.position == 0
        await pilot.click("#scrubber", offset=(bar.gutter.left + width // 2, 1))
        assert 0 < screen.position < len(recs) - 1


async def test_analyst_view_shows_a_sealed_choice_that_control_never_saw(game):
    recs = records(game)
    i = next(i for i, r in enumerate(recs) if r["type"] == "move-submitted" and r["option"])
    sub = recs[i]
    label = CS.injects[sub["inject"]].options[sub["delegation"]][sub["option"]].option.label
    app = WargameApp(replay=game)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        for _ in range(i):
            await pilot.press("right")
        assert screen.state.status_of(sub["inject"], sub["delegation"]) == "sealed"
        text = screen_text(app)
        assert "sealed" in text and label not in text and sub["option"] not in text
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert label in text and "ANALYST VIEW" in text
        assert f'"{sub["option"]}"' not in text and sub["option"] in text  # the record panel shows the field
        await pilot.press("a")
        await pilot.pause()
        assert label not in screen_text(app)


# ---------------------------------------------------------------------- damaged and foreign logs

async def test_a_tampered_log_shows_its_located_error_first_then_the_verified_prefix(game, tmp_path):
    lines = game.read_text().splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if '"type":"roll-made"' in line) + 1  # 1-based line
    rec = json.loads(lines[k - 1])
    rec["roll"] = 1 if rec["roll"] != 1 else 2  # a forged roll; the hash no longer matches
    lines[k - 1] = json.dumps(rec, separators=(",", ":")) + "\n"
    bad = tmp_path / "tampered.jsonl"
    bad.write_text("".join(lines))
    app = WargameApp(replay=bad)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "ProblemDialog")
        text = screen_text(app)
        assert "does not verify" in text and f"tampered.jsonl:{k}:" in text and "hash" in text
        await pilot.press("enter")
        screen = await open_viewer(pilot)
        assert screen.model.total == k - 1
        assert f"line {k}" in screen_text(app) and "READ-ONLY" in screen_text(app)
        await pilot.press("end")
        assert screen.position == k - 2
        assert screen.check_action("fork", ()) is None  # a damaged log cannot be forked
        await pilot.press("f")
        assert type(app.screen).__name__ == "ReplayScreen"


async def test_leaving_at_the_error_exits_with_status_1(tmp_path):
    bad = tmp_path / "junk.jsonl"
    bad.write_text('{"hello": 1}\n')
    app = WargameApp(replay=bad)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "ErrorScreen")
        assert "junk.jsonl:1:" in screen_text(app)
        await pilot.press("escape")
    assert app.return_code == 1


async def test_a_log_of_another_scenario_version_is_shown_read_only_with_a_banner(tmp_path):
    own = tmp_path / "mini.yaml"
    shutil.copy(MINI, own)
    log = make_log(tmp_path / "g.jsonl", cs=load_scenario(own))
    snaps, _ = reference(log)
    own.write_text(own.read_text().replace("odds: 0.7,", "odds: 0.2,"))  # the author changed the file since
    assert not replay(log).ok
    app = WargameApp(replay=log)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, "ProblemDialog")
        text = screen_text(app)
        assert "another version of its scenario" in text and "content hash differs" in text
        await pilot.press("enter")
        screen = await open_viewer(pilot)
        assert "READ-ONLY" in screen_text(app) and "no longer matches" in screen_text(app)
        assert screen.model.total == len(snaps)
        await pilot.press("end")
        assert screen.state.snapshot()["tracks"] == snaps[-1]["tracks"]  # the game as logged
        assert screen.check_action("fork", ()) is None
    # With the original file (--scenario), the log verifies again.
    original = tmp_path / "original.yaml"
    shutil.copy(MINI, original)
    model = ReplayModel(log, scenario=original)
    assert model.ok and model.verified == len(snaps)


# ---------------------------------------------------------------------- fork from here

async def test_fork_from_turn_2_starts_a_live_game_that_names_its_parent(game, tmp_path):
    recs = records(game)
    start2 = next(i for i, r in enumerate(recs) if r["type"] == "turn-started" and r["turn"] == 2)
    snaps, _ = reference(game)
    child = tmp_path / "fork.jsonl"
    app = WargameApp(replay=game)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        await pilot.press("pagedown", "pagedown", "right", "right")  # inside turn 2
        assert screen.state.turn == 2 and screen.position > start2
        await pilot.press("f")
        await wait_screen(pilot, "ForkDialog")
        text = screen_text(app)
        assert "Fork from the start of turn 2" in text and f"record {start2 + 1}" in text
        field = app.screen.query_one("#fork-path")
        assert field.value.startswith(str(tmp_path / "wargame-data" / "logs" / "mini-fork-"))
        taken = tmp_path / "taken.jsonl"  # an existing file is never overwritten
        taken.write_text("keep\n")
        field.value = str(taken)
        await pilot.press("enter")
        error = app.screen.query_one("#dialog-error")
        await wait_for(pilot, lambda: error.display and "already exists" in error.content.plain, what="refusal")
        assert taken.read_text() == "keep\n"
        field.value = str(child)
        await pilot.press("enter")
        await wait_screen(pilot, "GameScreen")
        header = json.loads(child.read_text().splitlines()[0])
        assert header["parent"]["log"] == str(game.resolve()) and header["parent"]["turn"] == 2
        assert header["parent"]["hash"] == recs[start2]["hash"]
        st = app.session.state
        assert st.snapshot() == snaps[start2]
        # live: a key seals a move in the new game's log
        before = len(child.read_text().splitlines())
        await seal(pilot, 0, "Second thoughts")
        assert len(child.read_text().splitlines()) == before + 1 and len(st.moves) == 1
    assert records(game) == recs  # the parent is untouched


# ---------------------------------------------------------------------- palette, help

async def test_palette_entries_and_help_list_the_replay_keys(game):
    from wargame.tui.commands import GameCommands
    from wargame.tui.screens.help import help_sections

    app = WargameApp(replay=game)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        provider = GameCommands(screen)
        titles = {title: cb for title, _help, cb in provider.commands()}
        for t in ("Next", "Back", "Next turn", "Prev turn", "First record", "Last record", "Analyst", "Fork…",
                  "Replay: go to turn 2"):
            assert t in titles, t
        titles["Replay: go to turn 2"]()
        assert screen.state.turn == 2 and screen.state.phase == "deliberation"
        sections = dict(help_sections())
        keys = dict(sections["Replay viewer (wargame replay LOG)"])
        assert "← / k" in keys and "PgDn / ]" in keys and "a" in keys and "f" in keys
        await pilot.press("f1")
        await wait_screen(pilot, "HelpScreen")
        help_text = app.screen.query_one("#help-text").content.plain
        assert "Replay viewer" in help_text and "A new game from the start of this turn" in help_text


# ---------------------------------------------------------------------- snapshot

def test_viewer_mid_game_snapshot(snap_compare, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # same timestamps in the record panel every run
    from pathlib import Path

    log = make_log(Path("game.jsonl"), seed=7, policy="first")
    n_to_roll = next(i for i, r in enumerate(records(log)) if r["type"] == "move-resolved") + 1

    async def to_adjudication(pilot):
        await wait_screen(pilot, "ReplayScreen")
        await pilot.press("home", *["right"] * n_to_roll)
        await pilot.pause()

    assert snap_compare(WargameApp(replay=log), terminal_size=SIZE, run_before=to_adjudication)


def test_replay_verify_stays_headless(game):
    """`wargame replay LOG --verify` never imports Textual."""
    import subprocess
    import sys

    code = ("import sys; from wargame.cli import main; rc = main(['replay', sys.argv[1], '--verify', '-q']); "
            "assert 'textual' not in sys.modules; raise SystemExit(rc)")
    assert subprocess.run([sys.executable, "-c", code, str(game)]).returncode == 0



async def test_picker_replay_tab_opens_the_viewer(tmp_path, monkeypatch):
    from wargame.tui.app import WargameApp
    from wargame.tui.screens.picker import PickerScreen

    monkeypatch.setenv("WARGAME_DATA", str(tmp_path / "data"))
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    make_log(logs / "mini-game.jsonl")
    app = WargameApp(dirs=[MINI.parent], shipped=False)
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, PickerScreen) or not app.screen.entries:
            await pilot.pause(0.05)
        await pilot.press("y")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.logs:
                break
        app.screen.query_one("#replay-list").focus()
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "ReplayScreen":
                break
        assert type(app.screen).__name__ == "ReplayScreen"


async def test_end_of_the_replay_counts_control_interventions_like_the_end_screen(tmp_path, mini):
    from textual.widgets import Markdown

    from tests.report.games import scripted_game
    from wargame.engine.interventions import count_text, intervention_kind

    log = scripted_game(tmp_path / "game.jsonl", mini)
    expected = count_text([k for r in records(log) if (k := intervention_kind(r))])
    app = WargameApp(replay=log)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot)
        await pilot.press("end")
        await wait_for(pilot, lambda: any(expected in m.source for m in screen.query(Markdown) if m.source),
                       what="the end text with the intervention count")
