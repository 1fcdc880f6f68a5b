"""`wargame play`, `wargame resume` and the replay viewer: everything that opens the facilitator TUI.

Textual is imported only inside `run`, after the arguments are parsed.
"""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    if name == "resume":
        p.add_argument("log", metavar="LOG", help="game log to continue")
        p.add_argument("--scenario", metavar="PATH", help="the scenario file, if it has moved since the game")
        return
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or shipped id (default: picker)")
    p.add_argument("--log", metavar="PATH", help="game log to write (default: under the per-user data folder)")
    p.add_argument("--seed", type=int, help="dice seed (default: chosen at set-up)")
    p.add_argument("--mode", choices=["rigid", "semi", "free"], help="adjudication mode")
    p.add_argument("--dir", metavar="DIR", help="also offer the scenarios in DIR in the picker")


def run(args) -> int:
    from wargame.tui.launch import launch

    return launch(args)


def open_replay(args) -> int:
    from wargame.tui.launch import launch_replay

    return launch_replay(args)
