"""Every screen with hostile strings in every field: scenario and ruleset text, team names typed at
set-up (stored in the log header, read back on resume and replay), rationales, arguments, reasons and
notes. On each screen, what reaches the terminal must show the strings as text: no markup applied
(`[reverse]` stays visible and nothing is reversed), no action link (a click on `[@click=...]` would
run an app action, e.g. write a screenshot file), and no control character (ESC, BEL, NUL, C1, bidi)."""

from __future__ import annotations

import re

import pytest
import yaml
from rich.segment import Segment
from textual.widgets import Input, Markdown, OptionList

from wargame.scenario.yamlsrc import load_yaml_file
from wargame.text import safe
from wargame.tui.app import WargameApp
from wargame.tui.widgets.delegations import DelegationStatus

from .helpers import MINI, ROOT, wait_for, wait_screen

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
CTRL = "\x1b]0;PWN\x07\x1b[2J\x00\x9b1m\u202e"


def hostile(tag: str, shot: str) -> str:
    """Markup, an action link, control characters and a trailing backslash, around a visible `tag`."""
    return f"[reverse]{tag}[/] [@click=app.screenshot('{shot}')]K{tag}[/] [/]{CTRL}\\"


@pytest.fixture
def hostile_files(tmp_path):
    shot = str(tmp_path / "pwned")
    h = lambda tag: hostile(tag, shot)  # noqa: E731
    data = load_yaml_file(MINI).data
    data.update(title=h("TTL"), summary=h("SUM"), audience=h("AUD"), assumptions=[h("ASM")])
    data["learning_objectives"][0]["text"] = h("LOT")
    for code, brief in data["delegations"].items():
        brief["role"] = h(f"ROLE{code}")
        brief["interests"] = [h("INT")]
        for o in brief["objectives"]:
            o["text"] = h("OBJ")
    data["actors"]["PRC"].update(name=h("ACT"), intent=h("INTENT"))
    for t in data["tracks"]:
        t["label"] = h("TRK")[:60]
    for inj in data["injects"]:
        inj["title"] = h("INJ")
        inj["narrative"] = h("NAR") + f"\n\nSee [the source](cite:[@click=app.screenshot('{shot}')]x) now."
        inj["control_notes"] = h("CN")
        for opts in inj.get("options", {}).values():
            for o in opts:
                # a narrative for every outcome level, so one is shown whatever the (unseeded) rolls give
                o.update(label=h("OPT"), description=h("DSC"), unmet=h("UNMET"),
                         outcomes={level: h("OUTN") for level in ("major-success", "success", "partial", "setback")})
                for m in o.get("modifiers", []):
                    m["why"] = h("WHY")
        for c in inj.get("combined", []):
            c.update(label=h("CMB"), narrative=h("CMBN"))
        for r in inj.get("responses", []):
            r.update(label=h("RSP"), narrative=h("RSPN"))
    data["debrief"][0]["question"] = h("DBQ")
    rules = yaml.safe_load((ROOT / "rules" / "standard.yaml").read_text())
    rules.update(title=h("RUL"), description=h("RULD"))
    for level in rules["outcomes"]:
        level.update(label=h("LVL"), description=h("LVLD"))
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "standard.yaml").write_text(yaml.safe_dump(rules, allow_unicode=False))
    scen = tmp_path / "hostile.yaml"
    scen.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False))
    return scen, tmp_path / "pwned", h


def rendered(app) -> list[Segment]:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return [seg for strips in update.strips for strip in strips for seg in strip if not seg.control]


def assert_inert(app, *visible: str) -> str:
    """Nothing on screen interpreted; each of `visible` shown literally. Returns the screen's text."""
    segments = rendered(app)
    text = "".join(s.text for s in segments)
    where = type(app.screen).__name__
    assert not UNSAFE.search(text), (where, UNSAFE.findall(text))
    for s in segments:
        meta = s.style.meta if s.style is not None else {}
        click = str(meta.get("@click", ""))
        # The only actions on screen are Markdown's own links: `link(<one quoted href>)`, which the
        # app answers itself (a citation notification); an action of the text's own never appears.
        if click:
            assert re.fullmatch(r"link\((\"[^\"]*\"|'[^']*')\)", click), (where, click)
            assert click.startswith("link(\"cite:") or "screenshot" not in click, (where, click)
        if "TTL" in s.text or "OPT" in s.text or "LVL" in s.text or "TEAM" in s.text or "INJ" in s.text:
            assert not (s.style and s.style.reverse), (where, s.text)
    for v in visible:
        assert v in text, (where, v, text[:3000])
    return text


async def inert(pilot, app, *visible: str) -> str:
    """`assert_inert` once the screen shows `visible` (a refresh may still be pending on a busy machine)."""
    text = lambda: "".join(s.text for s in rendered(app))  # noqa: E731
    await wait_for(pilot, lambda: all(v in text() for v in visible), timeout=30.0, what=f"{visible} on screen")
    return assert_inert(app, *visible)


async def test_every_screen_of_a_game_shows_hostile_text_as_text(hostile_files):
    await _play(hostile_files)


async def _play(hostile_files):
    """Picker, set-up, every phase and dialog, projector and end screen; returns the game's log."""
    scen, shot, h = hostile_files
    log = scen.with_name("game.jsonl")
    app = WargameApp(dirs=[scen.parent], shipped=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#scenarios") and
                       app.screen.query_one("#scenarios", OptionList).option_count > 0, what="picker")
        await inert(pilot, app, "[reverse]TTL", "[@click=app.screenshot")
        await pilot.press("enter")
        await wait_screen(pilot, "SetupScreen")
        setup = app.screen
        setup.query_one("#player-USA", Input).value = "[/]"
        setup.query_one("#player-JPN", Input).value = h("TEAM")
        setup.query_one("#player-KOR", Input).value = "\\"
        setup.query_one("#log", Input).value = str(log)
        await pilot.pause()
        await inert(pilot, app, "[reverse]TTL", "[reverse]RUL")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, "GameScreen")
        st = app.session.state
        # Typed (or pasted) text is kept as written, its control characters made visible.
        assert st.players["USA"] == "[/]" and st.players["JPN"] == safe.line(h("TEAM"))
        await inert(pilot, app, "[reverse]INJ", "[/]", "[reverse]TEAM")
        for tab in ("2", "3", "4", "1"):
            await pilot.press(tab)
            await pilot.pause()
            await inert(pilot, app)
        # A cite link in the narrative carrying an action: the notification shows it, runs nothing.
        briefing = app.screen.query_one("Briefing Markdown", Markdown)
        briefing.post_message(Markdown.LinkClicked(briefing, f"cite:[@click=app.screenshot('{shot}')]x"))
        await wait_for(pilot, lambda: any("source register" in n.message for n in app._notifications),
                       what="citation notification")
        await pilot.pause()
        await inert(pilot, app, "[@click=app.scr")
        await pilot.press("h")
        await wait_screen(pilot, "NoteDialog")
        await inert(pilot, app)
        app.screen.query_one("#text", Input).value = h("CNOTE")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("CNOTE" in n["text"] for n in st.notes), what="control note")
        await wait_screen(pilot, "GameScreen")
        # Moves: USA an option, JPN an option, KOR a free-form action; every typed field hostile.
        table = app.screen.query_one(DelegationStatus)
        for _ in list(st.expected):
            while st.status_of(*table.selected()) != "waiting":  # the cursor stays on a sealed row
                await pilot.press("down")
            await pilot.press("m")
            await wait_screen(pilot, "MoveDialog")
            await inert(pilot, app, "[reverse]OPT")
            dialog = app.screen
            inject, d = dialog.inject, dialog.delegation
            ol = dialog.query_one("#options", OptionList)
            # The highlight alone chooses nothing: Enter on the list chooses (the first option, or the
            # free-form action for KOR).
            ol.focus()
            ol.highlighted = ol.option_count - 1 if d == "KOR" else 0
            await pilot.press("enter")
            if d == "KOR":
                dialog.query_one("#action", Input).value = h("ACTION")
                dialog.query_one("#argument", Input).value = h("ARG")
            dialog.query_one("#rationale", Input).value = "=HYPERLINK(\"x\")" + h("WHYM")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await wait_screen(pilot, "GameScreen")
            await wait_for(pilot, lambda: st.status_of(inject, d) == "sealed", what=f"{d} sealed")
        await inert(pilot, app)
        await pilot.press("v")
        await wait_for(pilot, lambda: st.phase == "adjudication")
        await inert(pilot, app, "[reverse]OPT", "[reverse]ACTION", "[reverse]WHYM")
        while st.phase == "adjudication":
            m = st.unresolved()[0]
            await pilot.press("r")
            if m.is_free:
                await wait_screen(pilot, "RollDialog")
                await inert(pilot, app, "[reverse]ACTION")
                await pilot.press("enter")
            await wait_for(pilot, lambda: m.status == "rolled")
            await wait_screen(pilot, "GameScreen")
            await inert(pilot, app, "[reverse]LVL")
            await pilot.press("o")
            await wait_screen(pilot, "DecideDialog")
            dialog = app.screen
            await inert(pilot, app, "[reverse]LVL")
            dialog.query_one("#reason", Input).value = h("REASON")
            await pilot.pause()
            if m.is_free:
                # Control types an unusable amount in the effects box: refused, shown, nothing logged.
                dialog.query_one("#effects", Input).value = "mda inf"
                n = len(st.moves)
                await pilot.press("ctrl+s")
                await wait_for(pilot, lambda: "'inf' is not a number" in "".join(s.text for s in rendered(app)),
                               what="effects refusal")
                assert m.status == "rolled" and len(st.moves) == n
                await inert(pilot, app)
                dialog.query_one("#effects", Input).value = "mda +1"
                await pilot.pause()
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: m.status == "resolved", what=f"{m.delegation} resolved")
            await wait_screen(pilot, "GameScreen")
            await inert(pilot, app)
        await wait_for(pilot, lambda: st.phase in ("responses", "outcome"))
        await inert(pilot, app)
        # Control adjusts a track by an unusable amount: refused in the dialog.
        await pilot.press("t")
        await wait_screen(pilot, "AdjustTrackDialog")
        await inert(pilot, app, "[reverse]TRK")
        app.screen.query_one("#delta", Input).value = "1e999"
        app.screen.query_one("#reason", Input).value = h("ADJ")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Refused" in "".join(s.text for s in rendered(app)), what="adjust refusal")
        await inert(pilot, app)
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        while st.phase == "responses":
            await inert(pilot, app, "[reverse]RSP")
            n = len(st.proposals)
            await pilot.press("a")
            await wait_for(pilot, lambda: len(st.proposals) < n or st.phase != "responses")
        assert st.phase == "outcome"
        await inert(pilot, app, "[reverse]OUTN")
        await pilot.press("x")
        await wait_screen(pilot, "ExtraResponseDialog")
        await inert(pilot, app, "[reverse]ACT", "[reverse]RSP")
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#hotwash", Input).value = h("NOTE")
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("NOTE" in n["text"] for n in st.notes), what="note")
        await inert(pilot, app)
        app.screen.set_focus(None)
        await pilot.press("3")
        await pilot.pause()
        await inert(pilot, app, "[reverse]")
        app.screen.set_focus(None)
        await pilot.press("1", "f2")
        await wait_screen(pilot, "ProjectorScreen")
        await inert(pilot, app, "[reverse]TTL")
        await pilot.press("escape")
        await wait_screen(pilot, "GameScreen")
        await pilot.press("e")
        await wait_for(pilot, lambda: type(app.screen).__name__ in ("ReasonDialog", "HotWashPrompt"))
        if type(app.screen).__name__ == "HotWashPrompt":
            await inert(pilot, app)
            await pilot.press("c")
            await wait_screen(pilot, "ReasonDialog")
        await inert(pilot, app)
        app.screen.query_one("#reason", Input).value = h("END")
        await pilot.pause()
        await pilot.press("enter")
        await wait_screen(pilot, "EndScreen")
        await inert(pilot, app, "[reverse]TEAM", "[reverse]END")
        # the debrief questions come last: scrolled into view, they are shown as text too
        app.screen.query_one("#end-scroll").scroll_end(animate=False)
        await inert(pilot, app, "[reverse]DBQ")
    app.session.close()  # as the launcher does after the app exits: the log's writer lock is released
    assert not shot.exists()
    return log


async def test_a_hostile_game_resumes_and_replays(hostile_files):
    scen, shot, h = hostile_files
    log = await _play(hostile_files)
    # Resume: the team name `[/]` read back from the log header must not break the screen.
    app = WargameApp(resume=log)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ in ("EndScreen", "GameScreen"), what="resume")
        await pilot.pause()
        await inert(pilot, app, "[reverse]TEAM")
    app = WargameApp(replay=log)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_screen(pilot, "ReplayScreen")
        await pilot.pause()
        await inert(pilot, app)
        for keys in (("end",), ("home",), ("3",), ("2",), ("4",), ("1",)):
            await pilot.press(*keys)
            await pilot.pause()
            await inert(pilot, app)
        for _ in range(12):
            await pilot.press("right")
        await pilot.pause()
        await inert(pilot, app)
    assert not shot.exists()
