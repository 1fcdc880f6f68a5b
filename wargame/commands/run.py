"""`wargame run SCENARIO`: play a whole game headless, logged, and print a summary."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser, name: str) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file or shipped scenario id")
    p.add_argument("--policy", default="first",
                   help="first | random | cautious | cooperative | greedy | script:FILE (default: first; "
                        "the script format is in docs/authoring.md)")
    p.add_argument("--seed", type=int, default=1, help="seed of the dice and the random policy (default: 1)")
    p.add_argument("--mode", choices=["rigid", "semi", "free"], help="adjudication mode (default: the ruleset's)")
    p.add_argument("--log", required=True, metavar="PATH", help="game log to write (must not exist)")
    p.add_argument("--resume", action="store_true", help="continue the game in an existing --log")
    p.add_argument("--fork-from", metavar="LOG", help="start from turn --turn of a logged game (a new game in --log)")
    p.add_argument("--turn", type=int, default=1, help="with --fork-from: the turn to fork at (default: 1)")
    p.add_argument("--player", action="append", default=[], metavar="DEL=NAME",
                   help="team or player names, e.g. --player JPN='Team Sakura' (repeatable)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-fsync", action="store_true", help="skip fsync per record (faster; not crash-safe)")


def run(args) -> int:
    import json
    from pathlib import Path

    from wargame.commands import fail
    from wargame.engine.commands import Rejected
    from wargame.log.lock import LogFileError, WriterLock, existing_size, why
    from wargame.log.reader import LogProblem
    from wargame.scenario.errors import InputError
    from wargame.scenario.load import load_scenario, resolve_scenario
    from wargame.session import Session
    from wargame.sim.autoplay import Driver, ScriptError, play_to_end
    from wargame.sim.policies import POLICIES
    from wargame.sim.script import load_script

    script = None
    policy = args.policy
    if policy.startswith("script:"):
        try:
            script = load_script(Path(policy[len("script:"):]))
        except InputError as e:
            return fail(str(e))
    elif policy not in POLICIES:
        print(f"wargame run: unknown policy '{policy}' (expected {', '.join(POLICIES)} or script:FILE)",
              file=sys.stderr)
        return 2
    players = {}
    for item in args.player:
        code, sep, team = item.partition("=")
        if not sep:
            print(f"wargame run: --player takes DEL=NAME, got '{item}'", file=sys.stderr)
            return 2
        players[code.strip().upper()] = team.strip()
    log = Path(args.log)
    fsync = not args.no_fsync
    lock = None
    try:
        # One writer per log: the lock is taken before the log is looked at, and the session keeps it.
        lock = WriterLock.acquire(log)
        session = None
        size = existing_size(log)
        if args.resume and size:
            session = Session.resume(log, fsync=fsync, lock=lock)
            for w in session.warnings:
                print(f"warning: {w}", file=sys.stderr)
            if session.state.phase == "setup":  # stopped before the game's first command was complete
                session.log.close()
                _remove_unacknowledged(log)
                session = None
                size = None
        elif args.resume and size == 0:
            _remove_unacknowledged(log)  # created, but stopped before anything was written: nothing was acknowledged
            size = None
        if session is None and args.fork_from:
            if size is not None:
                return _fail_unlocked(lock, f"{log}: the log already exists (choose a new --log for the fork)")
            try:
                session = Session.fork(Path(args.fork_from), args.turn, log, fsync=fsync, lock=lock)
            except ValueError as e:
                return _fail_unlocked(lock, f"{args.fork_from}: {e}")
        if session is None:
            if size is not None:
                return _fail_unlocked(lock, f"{log}: the log already exists (use --resume to continue it, or another "
                                            f"--log)")
            cs = load_scenario(resolve_scenario(args.scenario))
            session = Session.new(cs, log, seed=args.seed, mode=args.mode, players=players, fsync=fsync, lock=lock)
    except InputError as e:
        return _fail_unlocked(lock, str(e))
    except LogProblem as e:
        return _fail_unlocked(lock, f"{e} (the log cannot be resumed)")
    except LogFileError as e:
        return _fail_unlocked(lock, str(e))
    except Rejected as e:
        return _fail_unlocked(lock, f"wargame run: {e.reason}")
    except OSError as e:
        return _fail_unlocked(lock, f"{log}: {why(e)}")
    seed = session.state.seed
    driver = Driver(policy if script is None else "script", seed, script)
    try:
        play_to_end(session, driver)
    except (ScriptError, Rejected) as e:
        session.close()
        reason = getattr(e, "reason", str(e))
        return fail(f"{args.policy}: {reason} (the game stopped at turn {session.state.turn}; "
                    f"the log holds everything up to there)")
    except LogFileError as e:
        session.close()
        return fail(f"{e}\n(the game stopped at turn {session.state.turn}; continue it with: wargame run "
                    f"{args.scenario} --log {log} --resume)")
    session.close()
    summary = summarise(session.state, str(log))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0


def _fail_unlocked(lock, message: str) -> int:
    from wargame.commands import fail

    if lock is not None:
        lock.release()
    return fail(message)


def _remove_unacknowledged(log) -> None:
    """A log (and its key) with no complete command: nothing in it was ever acknowledged."""
    from wargame.log.seal import key_path

    log.unlink()
    try:
        key_path(log).unlink()
    except FileNotFoundError:
        pass


def summarise(state, log: str) -> dict:
    cs = state.cs
    return {
        "scenario": cs.id, "title": cs.scenario.title, "seed": state.seed, "mode": state.mode,
        "turns": state.turn, "log": log, "events": state.events,
        "tracks": {k: {"label": cs.slots[k].label, "start": cs.slots[k].start, "final": v}
                   for k, v in state.tracks.items()},
        "assessment": state.assessment,
        "overrides": state.override_count,
    }


def format_summary(s: dict) -> str:
    from wargame.model.scenario import DELEGATION_NAMES

    lines = [f"{s['title']} — seed {s['seed']}, {s['mode']} adjudication, {s['turns']} turn(s), "
             f"{s['events']} records", f"log: {s['log']}", "", "Final tracks:"]
    width = max((len(t["label"]) for t in s["tracks"].values()), default=10)
    for t in s["tracks"].values():
        change = t["final"] - t["start"]
        lines.append(f"  {t['label']:<{width}}  {t['final']:>5}  ({'+' if change >= 0 else ''}{change:g} from start)")
    if s["assessment"]:
        lines += ["", "Objectives:"]
        for d, a in s["assessment"].items():
            met = [o for o, ok, _w in a["objectives"] if ok]
            lines.append(f"  {DELEGATION_NAMES.get(d, d):<18} {a['score']}/{a['of']}  met: {', '.join(met) or 'none'}")
    return "\n".join(lines)
