"""The app around the game: picker, set-up, error screen, quitting, help, theme, palette."""

from __future__ import annotations

from wargame.cli import main as cli
from wargame.tui.app import WargameApp
from wargame.tui.logs import logs_dir

from .helpers import MINI, screen_text, start_game, wait_for, wait_screen

BAD = """format: 1
id: broken
title: Broken
summary: A scenario with mistakes.
turns: {count: 0, step: 1 fortnight, start: 2027-03-01}
tracks:
  - {id: escalation, label: Escalation, start: 3, colour: red}
"""


async def test_picker_lists_scenarios_with_details_and_opens_set_up():
    app = WargameApp(dirs=[MINI.parent], shipped=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "PickerScreen")
        await wait_for(pilot, lambda: "Mini exercise" in screen_text(app), what="scenario list")
        text = screen_text(app)
        for part in ("2 turns", "20 min", "Learning objectives", "Cooperation changes outcomes", "Sources",
                     "alsaied-2023", "United States (USA)"):
            assert part in text
        await pilot.press("enter")
        await wait_screen(pilot, "SetupScreen")
        text = screen_text(app)
        assert "Seed" in text and "Standard percentile adjudication" in text and "ruleset default" in text
        assert app.screen.query_one("#log").value.startswith(str(logs_dir() / "mini-"))


async def test_set_up_names_teams_seed_and_mode_then_creates_the_log(tmp_path):
    log = tmp_path / "set-up.jsonl"
    app = WargameApp(scenario=str(MINI), log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "SetupScreen")
        await pilot.press(*"Team Eagle")  # the first field is the first delegation's team
        seed = app.screen.query_one("#seed")
        seed.value = "4242"
        app.screen.query_one("#mode").query("RadioButton").first().value = True  # rigid
        assert not log.exists()
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        assert log.exists() and st.seed == 4242 and st.mode == "rigid" and st.players["USA"] == "Team Eagle"
        assert "Team Eagle" in screen_text(app)


async def test_set_up_refuses_an_existing_log(tmp_path):
    log = tmp_path / "exists.jsonl"
    log.write_text("keep me\n")
    app = WargameApp(scenario=str(MINI), log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "SetupScreen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SetupScreen"
        assert "already exists" in screen_text(app)
    assert log.read_text() == "keep me\n"


async def test_a_scenario_with_errors_opens_the_error_screen(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    app = WargameApp(scenario=str(bad))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "ErrorScreen")
        text = screen_text(app)
        assert "has errors" in text and f"{bad}:5:" in text and "Traceback" not in text
        await pilot.press("escape")
    assert app.return_code == 1


async def test_the_picker_offers_recent_games_to_resume(tmp_path):
    logs_dir().mkdir(parents=True)
    log = logs_dir() / "mini-1.jsonl"
    assert cli(["run", str(MINI), "--seed", "2", "--log", str(log)]) == 0
    app = WargameApp(dirs=[MINI.parent], shipped=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "PickerScreen")
        await pilot.press("r")
        await wait_for(pilot, lambda: "turn 2 · ended" in screen_text(app), what="resume list")
        await pilot.press("enter")
        await wait_screen(pilot, "EndScreen")
        assert app.session.path == log


async def test_quitting_mid_game_asks_and_says_where_the_log_is(tmp_path):
    log = tmp_path / "q.jsonl"
    app = WargameApp(scenario=str(MINI), seed=1, log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        await pilot.press("ctrl+q")
        await wait_screen(pilot, "ConfirmDialog")
        text = str(app.screen.query_one(".dialog-body").content)
        assert str(log) in text and f"wargame resume {log}" in text
        await pilot.press("n")
        await wait_screen(pilot, "GameScreen")
        await pilot.press("ctrl+q")
        await wait_screen(pilot, "ConfirmDialog")
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running, what="exit")


async def test_help_lists_every_game_key_and_theme_toggles(tmp_path):
    from wargame.tui.screens.game import GameScreen

    app = WargameApp(scenario=str(MINI), seed=1, log=str(tmp_path / "h.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        await pilot.press("f1")
        await wait_screen(pilot, "HelpScreen")
        text = app.screen.query_one("#help-text").content.plain
        for b in GameScreen.BINDINGS:
            assert (b.tooltip or b.description) in text
        await pilot.press("escape")
        dark = app.current_theme.dark
        await pilot.press("f3")
        assert app.current_theme.dark is not dark


async def test_command_palette_runs_game_actions(tmp_path):
    app = WargameApp(scenario=str(MINI), seed=1, log=str(tmp_path / "p.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        st = app.session.state
        await pilot.press("ctrl+p")
        await pilot.press(*"Enter move: Japan")
        await wait_for(pilot, lambda: "Enter move: Japan" in screen_text(app), what="palette hit")
        await pilot.press("enter")
        await wait_screen(pilot, "MoveDialog")
        assert app.screen.delegation == "JPN"
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        assert st.moves == {}
