"""`wargame play`, `wargame resume` and the replay viewer: everything that opens the facilitator TUI.

Textual is imported only inside `run`, after the arguments are parsed.
"""

from __future__ import annotations

import argparse


#: Where the seat server listens unless told otherwise: every interface (the room's network) on a
#: port no system service uses.
DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8765


def add_seat_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("delegation devices (classroom seats)")
    g.add_argument("--seats", action="store_true",
                   help="each delegation plays from its own phone or laptop; the room page goes on the projector")
    g.add_argument("--host", metavar="ADDR", default=DEFAULT_HOST,
                   help=f"address the seat server listens on (default: {DEFAULT_HOST}, every interface)")
    g.add_argument("--port", metavar="N", type=_port, default=DEFAULT_PORT,
                   help=f"port of the seat server (default: {DEFAULT_PORT})")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (expected 1..65535)")
    return int(text)


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    if name == "resume":
        p.add_argument("log", metavar="LOG", help="game log to continue")
        p.add_argument("--scenario", metavar="PATH", help="the scenario file, if it has moved since the game")
        add_seat_arguments(p)
        return
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or shipped id (default: picker)")
    p.add_argument("--log", metavar="PATH", help="game log to write (default: under the per-user data folder)")
    p.add_argument("--seed", type=int, help="dice seed (default: chosen at set-up)")
    p.add_argument("--mode", choices=["rigid", "semi", "free"], help="adjudication mode")
    p.add_argument("--dir", metavar="DIR", help="also offer the scenarios in DIR in the picker")
    add_seat_arguments(p)


def run(args) -> int:
    from wargame.tui.launch import launch

    return launch(args)


def open_replay(args) -> int:
    from wargame.tui.launch import launch_replay

    return launch_replay(args)
