"""Both themes meet WCAG AA: every text colour the screens use has a contrast ratio of at least 4.5:1
on every background it appears on, computed from the themes' variables."""

from __future__ import annotations

import pytest
from textual.theme import BUILTIN_THEMES

from wargame.tui.app import WargameApp
from wargame.tui.themes import BACKGROUND_VARIABLES, DARK, LIGHT, TEXT_VARIABLES, contrast, theme_variables


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#FFA62B", "#E0E0E0") == pytest.approx(1.48, abs=0.02)  # the old light theme's accent


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=lambda t: t.name)
def test_every_text_and_background_pair_is_at_least_4_5_to_1(theme):
    v = theme_variables(theme)
    low = [(fg, v[fg], bg, v[bg], round(contrast(v[fg], v[bg]), 2))
           for fg in TEXT_VARIABLES for bg in BACKGROUND_VARIABLES if contrast(v[fg], v[bg]) < 4.5]
    assert not low, low
    for name in (*TEXT_VARIABLES, *BACKGROUND_VARIABLES):  # opaque: no alpha to blend away the contrast
        assert len(v[name].lstrip("#")) == 6, (name, v[name])


def test_textual_light_theme_would_fail_the_same_check():
    v = theme_variables(BUILTIN_THEMES["textual-light"])
    assert contrast(v["accent"], v["background"]) < 4.5


async def test_app_uses_the_checked_themes_and_f3_switches_between_them(tmp_path):
    app = WargameApp(dirs=[tmp_path], shipped=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == DARK.name
        await pilot.press("f3")
        assert app.theme == LIGHT.name
        await pilot.press("f3")
        assert app.theme == DARK.name


async def test_inactive_tab_labels_use_the_checked_muted_colour(tmp_path):
    from textual.widgets import Tab

    from .helpers import MINI, start_game

    app = WargameApp(scenario=str(MINI), seed=7, mode="semi", log=str(tmp_path / "g.jsonl"))
    async with app.run_test(size=(120, 36)) as pilot:
        await start_game(pilot)
        for theme in (DARK, LIGHT):
            app.theme = theme.name
            await pilot.pause()
            v = theme_variables(theme)
            tabs = [t for t in app.screen.query(Tab) if not t.has_class("-active")]
            assert tabs
            for tab in tabs:
                colour = tab.styles.color.hex.upper()
                assert colour == v["foreground-muted"].upper(), (theme.name, colour)
                assert contrast(colour, v["background"]) >= 4.5
