"""The game screen: sealed moves stay hidden, overrides need a reason, resume restores the screen,
the projector shows only what the room may see."""

from __future__ import annotations

import json

from wargame.tui.app import WargameApp

from .helpers import MINI, screen_text, seal, start_game, wait_for, wait_screen

SECRET = "SECRETRATIONALE"


async def _all_views_text(pilot) -> str:
    """Text of every tab of the game screen and of the projector view."""
    app = pilot.app
    texts = []
    for key in ("1", "2", "3", "4"):
        await pilot.press(key)
        texts.append(screen_text(app))
    await pilot.press("1", "p")
    await wait_screen(pilot, "ProjectorScreen")
    texts.append(screen_text(app))
    await pilot.press("escape")
    await wait_screen(pilot, "GameScreen")
    return "\n".join(texts)


async def test_sealed_moves_never_appear_before_the_reveal(tmp_path):
    app = WargameApp(scenario=str(MINI), seed=3, log=str(tmp_path / "g.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        st = app.session.state
        await seal(pilot, 0, SECRET)          # USA: Convene
        await seal(pilot, 1, SECRET + "2")    # JPN: Observe
        assert st.status_of("incubator", "USA") == "sealed"
        text = await _all_views_text(pilot)
        assert "sealed" in text
        for hidden in (SECRET, "Convene", "Observe", "Host it."):
            assert hidden not in text, f"{hidden!r} is on screen before the reveal"
        await seal(pilot, 0, "kor")
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        text = screen_text(app)
        assert "Convene" in text and "Observe" in text and SECRET in text


async def test_override_without_reason_is_refused_and_with_reason_logged_by_control(tmp_path):
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(MINI), seed=5, log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        st = app.session.state
        for downs in (0, 0, 0):
            await seal(pilot, downs, "r")
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        await pilot.press("r")
        usa = st.moves[("incubator", "USA")]
        await wait_for(pilot, lambda: usa.status == "rolled")
        other = "setback" if usa.proposed != "setback" else "partial"
        levels = [o.id for o in st.cs.outcomes]
        await pilot.press("o")
        await wait_screen(pilot, "DecideDialog")
        steps = levels.index(other) - levels.index(usa.proposed)
        await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
        await pilot.press("ctrl+s")  # no reason
        await pilot.pause()
        assert type(app.screen).__name__ == "DecideDialog"
        assert "needs a written reason of at least 10 characters" in screen_text(app)
        assert usa.status == "rolled"
        await pilot.press("tab", *"short", "ctrl+s")  # still too short
        await pilot.pause()
        assert usa.status == "rolled" and "Refused" in screen_text(app)
        await pilot.press(*" but now long enough", "ctrl+s")
        await wait_for(pilot, lambda: usa.status == "resolved")
        await wait_screen(pilot, "GameScreen")
    records = [json.loads(line) for line in log.read_text().splitlines()]
    resolved = [r for r in records if r["type"] == "move-resolved" and r["delegation"] == "USA"]
    assert len(resolved) == 1
    assert resolved[0]["by"] == "control" and resolved[0]["overridden"] is True
    assert resolved[0]["outcome"] == other and resolved[0]["reason"] == "short but now long enough"


async def test_resume_mid_turn_restores_phase_sealed_moves_and_pending_adjudication(tmp_path):
    log = tmp_path / "g.jsonl"
    app = WargameApp(scenario=str(MINI), seed=9, log=str(log))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        await seal(pilot, 0, "a")
        await seal(pilot, 0, "b")
    # Stopped in deliberation with two moves sealed (the app is simply gone, as after a crash;
    # a crashed process's writer lock goes with it, which here means releasing it).
    app.session.lock.release()
    app = WargameApp(resume=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        assert st.phase == "deliberation"
        assert [st.status_of("incubator", d) for d in ("USA", "JPN", "KOR")] == ["sealed", "sealed", "waiting"]
        text = screen_text(app)
        assert text.count("sealed") >= 2 and "waiting" in text and "2 of 3 moves sealed" in text
        await seal(pilot, 0, "c")
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        await pilot.press("r", "a", "r")
        await wait_for(pilot, lambda: st.moves[("incubator", "JPN")].status == "rolled")
    # Stopped mid-adjudication: USA resolved, JPN rolled (proposal pending), KOR revealed.
    app.session.lock.release()
    app = WargameApp(resume=log)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        assert st.phase == "adjudication"
        assert [st.moves[("incubator", d)].status for d in ("USA", "JPN", "KOR")] == ["resolved", "rolled",
                                                                                     "revealed"]
        text = screen_text(app)
        assert "Rules propose" in text and "1 move(s) to settle" not in text and "2 move(s) to settle" in text
        # The pending proposal is the card in focus: accepting it settles JPN.
        await pilot.press("a")
        await wait_for(pilot, lambda: st.moves[("incubator", "JPN")].status == "resolved")


async def test_projector_never_shows_control_notes(tmp_path):
    scen = tmp_path / "notes.yaml"
    text = MINI.read_text().replace("    narrative: A technology incubator exercise is proposed.\n",
                                    "    narrative: A technology incubator exercise is proposed.\n"
                                    "    control_notes: CONTROLONLY expect Korea to hesitate.\n")
    scen.write_text(text)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "standard.yaml").write_text((MINI.parents[3] / "rules" / "standard.yaml").read_text())
    app = WargameApp(scenario=str(scen), seed=1, log=str(tmp_path / "g.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        assert "CONTROLONLY" not in screen_text(app)  # hidden by default
        await pilot.press("c")
        await wait_for(pilot, lambda: "CONTROLONLY" in screen_text(app), what="control notes shown")
        await pilot.press("p")
        await wait_screen(pilot, "ProjectorScreen")
        shown = screen_text(app)
        assert "CONTROLONLY" not in shown and "An incubator at sea" in shown
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
