"""`wargame replay LOG [--verify]`: check a log headless, or step through it in the TUI."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("log", metavar="LOG", help="game log (JSON Lines)")
    p.add_argument("--verify", action="store_true", help="check the chain and re-derive every record; no screen")
    p.add_argument("--scenario", metavar="PATH", help="the scenario file, if it has moved since the game")
    p.add_argument("--quiet", "-q", action="store_true", help="with --verify: print only problems")


def run(args) -> int:
    from pathlib import Path

    if not args.verify:
        from wargame.commands.play import open_replay

        return open_replay(args)
    from wargame.log.replay import replay

    result = replay(Path(args.log), scenario=Path(args.scenario) if args.scenario else None)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if not result.ok:
        print(str(result.problem), file=sys.stderr)
        if result.count:
            print(f"(the first {result.count} record(s) verified)", file=sys.stderr)
        return 1
    if not args.quiet:
        st = result.state
        status = "ended" if st.ended else f"in progress: turn {st.turn}, {st.phase}"
        print(f"{args.log}: ok — {result.count} records verified; {st.cs.id}, seed {st.seed}, {status}")
        if result.signed:
            print(f"signed: every command is signed by the game's key {result.public_key[:16]}…")
        else:
            print("unsigned: no signatures (as in logs written before signing); the chain and replay checks "
                  "apply, and only a fingerprint the room saw can show a rewrite")
        print(f"fingerprint: {result.fingerprint()} (compare with the one shown to the room at the end of the game)")
        for turn, head in result.turn_heads:
            print(f"  end of turn {turn}: {result.fingerprint(head)}")
    return 0
