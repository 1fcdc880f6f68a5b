"""A whole game played through the UI only (keys), compared with the same moves played headless
by `wargame run --policy script:FILE`: the logs must be equal apart from time and hash chain."""

from __future__ import annotations

import yaml

from wargame.cli import main as cli
from wargame.sim.policies import available_options
from wargame.tui.app import WargameApp

from .helpers import MINI, log_events, screen_text, seal, start_game, wait_for, wait_screen

LEVELS = ["major-success", "success", "partial", "setback"]


async def test_full_game_through_the_ui_equals_headless_script(tmp_path):
    ui_log = tmp_path / "ui.jsonl"
    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(ui_log))
    script = {"format": 1, "turns": {1: [], 2: []}, "notes": {1: ["Good discussion"]}}
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        st = app.session.state
        # Turn 1: USA takes its first option, JPN its second, KOR argues a free-form action.
        await seal(pilot, 0, "We host")
        await seal(pilot, 1, "Watch first")
        await seal(pilot, 2, "Hedge", free=("Quiet talks", "Back channel"))
        assert [st.status_of("incubator", d) for d in ("USA", "JPN", "KOR")] == ["sealed"] * 3
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        # USA: roll and accept the rules' proposal.
        await pilot.press("r", "a")
        await wait_for(pilot, lambda: st.moves[("incubator", "USA")].status == "resolved")
        # JPN: roll, then override the proposal with a reason (keys only: open the Select, move, choose).
        await pilot.press("r")
        jpn = st.moves[("incubator", "JPN")]
        await wait_for(pilot, lambda: jpn.status == "rolled")
        target = "setback" if jpn.proposed != "setback" else "major-success"
        await pilot.press("o")
        await wait_screen(pilot, "DecideDialog")
        steps = LEVELS.index(target) - LEVELS.index(jpn.proposed)
        await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
        await pilot.press("tab", *"The observers were spotted", "enter")
        await wait_for(pilot, lambda: jpn.status == "resolved")
        assert jpn.outcome == target and jpn.by == "control"
        # KOR: Control sets the odds of the free-form action (50 %, the suggestion), then its effects.
        await wait_screen(pilot, "GameScreen")
        await pilot.press("r")
        await wait_screen(pilot, "RollDialog")
        await pilot.press("enter")
        kor = st.moves[("incubator", "KOR")]
        await wait_for(pilot, lambda: kor.status == "rolled")
        await pilot.press("a")
        await wait_screen(pilot, "DecideDialog")
        await pilot.press("tab", *"mda +1", "tab", *"Talks calm the waters", "enter")
        await wait_for(pilot, lambda: kor.status == "resolved")
        # Responses: accept the table's proposals.
        await wait_for(pilot, lambda: st.phase in ("responses", "outcome"))
        while st.phase == "responses":
            n = len(st.proposals)
            await pilot.press("a")
            await wait_for(pilot, lambda: len(st.proposals) < n or st.phase != "responses")
        assert st.phase == "outcome"
        await pilot.press("h", *"Good discussion", "enter")
        await wait_for(pilot, lambda: any(n["text"] == "Good discussion" for n in st.notes))
        script["turns"][1] = [
            {"delegation": "USA", "option": "convene", "rationale": "We host"},
            {"delegation": "JPN", "option": "observe", "rationale": "Watch first", "outcome": target,
             "reason": "The observers were spotted"},
            {"delegation": "KOR", "action": "Quiet talks", "argument": "Back channel", "rationale": "Hedge",
             "odds": 0.5, "outcome": kor.proposed, "reason": "Talks calm the waters", "effects": {"mda": 1}},
        ]
        await pilot.press("n")
        await wait_for(pilot, lambda: st.turn == 2)
        # Turn 2: every delegation takes its first open option; everything is accepted.
        # (a delegation with no option argues a free-form action).
        for inject, d in list(st.expected):
            if available_options(st, inject, d):
                await seal(pilot, 0, f"turn two {d}")
                entry = {"option": st.moves[(inject, d)].option}
            else:
                await seal(pilot, 0, f"turn two {d}", free=("Holds", "Nothing to gain"))
                entry = {"action": "Holds", "argument": "Nothing to gain"}
            script["turns"][2].append({"delegation": d, "inject": inject, **entry, "rationale": f"turn two {d}"})
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        while st.phase == "adjudication":
            n = len(st.unresolved())
            m = st.unresolved()[0]
            if m.is_free:  # Control's odds (the suggestion), then the proposal with no effects
                await pilot.press("r")
                await wait_screen(pilot, "RollDialog")
                await pilot.press("enter")
                await wait_for(pilot, lambda: m.status == "rolled")
                await pilot.press("a")
                await wait_screen(pilot, "DecideDialog")
                await pilot.press("ctrl+s")
            else:
                await pilot.press("r", "a")
            await wait_for(pilot, lambda: len(st.unresolved()) < n or st.phase != "adjudication")
        while st.phase == "responses":
            n = len(st.proposals)
            await pilot.press("a")
            await wait_for(pilot, lambda: len(st.proposals) < n or st.phase != "responses")
        await pilot.press("n")
        await wait_screen(pilot, "HotWashPrompt")  # no hot-wash note in the last turn: Control is asked
        await pilot.press("c")
        await wait_screen(pilot, "EndScreen")
        assert "Game over" in screen_text(app)
        md = app.screen.query_one("#end-md").source
        assert "Debrief" in md and f"wargame report {ui_log} --format html -o aar.html" in md
    script_file = tmp_path / "moves.yaml"
    script_file.write_text(yaml.safe_dump(script, sort_keys=False))
    head_log = tmp_path / "headless.jsonl"
    assert cli(["run", str(MINI), "--policy", f"script:{script_file}", "--seed", "7", "--mode", "semi",
                "--log", str(head_log)]) == 0
    assert log_events(ui_log) == log_events(head_log)
