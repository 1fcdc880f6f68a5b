"""The `wargame` command.

Only argparse is imported up front, and only the chosen subcommand's module is loaded, so
`wargame --help` and the headless commands start fast and never import Textual.
Exit status: 0 success, 1 the input is wrong (with a message), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: name -> (module under wargame.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("play", "open the facilitator (no scenario: the scenario picker)"),
    "resume": ("play", "continue a game from its log, in the facilitator"),
    "replay": ("replay", "step through a logged game; --verify checks it headless"),
    "run": ("run", "play a whole game headless (scripted or automatic moves)"),
    "validate": ("validate", "check scenario and rule files"),
    "lint": ("lint", "validate, then warn about dead injects, unreachable options and more"),
    "list": ("listing", "list shipped scenarios"),
    "report": ("report", "after-action report or data export from a log"),
    "stats": ("stats", "choice and outcome tables across many logged games"),
    "simulate": ("simulate", "balance report over many automatic games"),
    "graph": ("graph", "the inject flow of a scenario (mermaid or dot)"),
    "schema": ("schema", "JSON Schema of the scenario (or ruleset) format"),
    "new": ("new", "scaffold a new scenario to start from"),
    "sheet": ("sheet", "export injects, options and responses to CSV/XLSX, or import edited sheets"),
    "register": ("register", "check the source register (seeds/) and regenerate its README counts"),
}


def _version() -> str:
    from wargame import __version__

    return __version__


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="Facilitate tabletop wargames on Indo-Pacific maritime and technology cooperation.",
        epilog="Run `wargame COMMAND --help` for a command's options. With no command, opens the facilitator.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        if name == only:
            mod = importlib.import_module(f"wargame.commands.{module}")
            mod.add_arguments(p, name)
            p.set_defaults(_run=mod.run)
    return parser


#: Commands that may open the facilitator: Textual owns the terminal there and renders text safely
#: itself (wargame/text/safe.py); every other command's output passes through a TerminalStream.
_SCREENS = frozenset({"play", "resume", "replay", None})


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["play"]
    chosen = next((a for a in argv if not a.startswith("-")), None)
    if chosen is not None and chosen not in COMMANDS:
        chosen = None
    parser = build_parser(chosen)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        if chosen in _SCREENS and not getattr(args, "verify", False):
            return int(args._run(args) or 0)
        from wargame.text.safe import terminal_streams

        with terminal_streams():
            return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
