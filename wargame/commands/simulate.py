"""`wargame simulate SCENARIO --games N --seed S`: balance report over many automatic games."""

from __future__ import annotations

import argparse
import sys
import time


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario id")
    p.add_argument("--games", "-n", type=int, default=1000, metavar="N", help="games to play (default: 1000)")
    p.add_argument("--seed", type=int, default=1, help="seed of the whole run (default: 1)")
    p.add_argument("--policy", choices=["random", "first", "cautious", "cooperative", "greedy", "mixed"],
                   default="random",
                   help="how delegations choose: random, first available, the cautious or cooperative option, "
                        "greedy on their own objectives, or mixed (each game first or random); see docs/authoring.md")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="K", help="worker processes (default: 1)")
    p.add_argument("--mode", choices=["rigid", "semi"], default="rigid",
                   help="adjudication mode of the games (semi accepts every proposal; same results, slower)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format (default: text)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display")


class Progress:
    """A one-line bar on a terminal, a few plain counter lines otherwise (no dependencies)."""

    def __init__(self, stream, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.perf_counter()
        self.last_draw = 0.0
        self.next_line = 0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        rate = done / (now - self.start) if now > self.start else 0.0
        if self.tty:
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            filled = int(self.width * done / total) if total else self.width
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total} games  {rate:,.0f} games/s ")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done >= self.next_line or done >= total:
            self.stream.write(f"{self.label}: {done}/{total} games\n")
            self.stream.flush()
            self.next_line = done + max(1, total // 10)


def run(args) -> int:
    import json

    from wargame.commands import fail
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import load_scenario, resolve_scenario
    from wargame.sim.simulate import format_text, simulate

    if args.games < 1 or args.jobs < 1:
        print("wargame simulate: --games and --jobs take a number of at least 1", file=sys.stderr)
        return 2
    try:
        cs = load_scenario(resolve_scenario(args.scenario))
    except InputError as e:
        return fail(str(e))
    progress = None if args.quiet else Progress(sys.stderr, f"simulate {cs.id}")
    report = simulate(cs, games=args.games, seed=args.seed, policy=args.policy, mode=args.mode, jobs=args.jobs,
                      progress=progress)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_text(report))
    return 0
