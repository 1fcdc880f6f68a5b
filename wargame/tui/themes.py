"""The facilitator's two themes, light and dark, chosen so that every text colour the screens use is
legible on every background they use it on: WCAG AA, a contrast ratio of at least 4.5:1
(tests/tui/test_themes.py computes it from these variables). Textual's own light theme put the
accent (#ffa62b) on #e0e0e0 at 1.5:1.

Muted text uses `$foreground-muted` (an opaque colour here, never the terminal's "dim", which halves
the contrast; app.tcss gives it to inactive tab labels too, which Textual draws at 50%), and the
highlighted row of a table keeps coloured status text legible on it.
"""

from __future__ import annotations

from textual.theme import Theme

#: Text colours the screens use, and the backgrounds they appear on (tests check every pair).
TEXT_VARIABLES = ("foreground", "foreground-muted", "accent", "warning", "success", "error", "primary",
                  "footer-key-foreground", "footer-description-foreground", "footer-foreground",
                  "markdown-h1-color", "markdown-h2-color", "markdown-h3-color", "block-cursor-foreground")
BACKGROUND_VARIABLES = ("background", "surface", "panel", "footer-background", "block-cursor-background")

LIGHT = Theme(
    name="wargame-light", dark=False,
    primary="#0A4C86", secondary="#0A5294", accent="#8A4A00", warning="#7D4E00", error="#A3122B",
    success="#1D6B34", foreground="#1B1B1B", background="#F2F2F2", surface="#E8E8E8", panel="#DCDCDC",
    variables={
        "foreground-muted": "#4D4D4D",
        "footer-background": "#DCDCDC",
        "footer-key-foreground": "#0A5294",
        "footer-description-foreground": "#1B1B1B",
        "footer-foreground": "#1B1B1B",
        "block-cursor-background": "#C6DBF0",
        "block-cursor-foreground": "#1B1B1B",
        "block-cursor-blurred-background": "#D6E2EE",
        "block-cursor-blurred-foreground": "#1B1B1B",
        "markdown-h1-color": "#0A4C86", "markdown-h2-color": "#0A4C86", "markdown-h3-color": "#0A4C86",
    },
)

DARK = Theme(
    name="wargame-dark", dark=True,
    primary="#6CB4F0", secondary="#6CB4F0", accent="#FFB347", warning="#F2C14E", error="#FF8A94",
    success="#5BD07E", foreground="#E6E6E6", background="#121212", surface="#1C1C1C", panel="#282828",
    variables={
        "foreground-muted": "#ABABAB",
        "footer-background": "#282828",
        "footer-key-foreground": "#FFB347",
        "footer-description-foreground": "#E6E6E6",
        "footer-foreground": "#E6E6E6",
        "block-cursor-background": "#1F3A57",
        "block-cursor-foreground": "#F2F2F2",
        "block-cursor-blurred-background": "#263340",
        "block-cursor-blurred-foreground": "#E6E6E6",
        "markdown-h1-color": "#6CB4F0", "markdown-h2-color": "#6CB4F0", "markdown-h3-color": "#6CB4F0",
    },
)

THEMES = (DARK, LIGHT)


def theme_variables(theme: Theme) -> dict[str, str]:
    """The CSS variables a theme gives the screens (Textual's generated ones, then the theme's own)."""
    return {**theme.to_color_system().generate(), **theme.variables}


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an opaque `#RRGGBB` colour."""
    h = hex_colour.lstrip("#")[:6]
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two opaque colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
