"""Entry points from the CLI (`wargame play`, `wargame resume`, the replay viewer)."""

from __future__ import annotations

from pathlib import Path


def launch(args) -> int:
    from wargame.tui.app import WargameApp

    seats = {"enabled": bool(getattr(args, "seats", False)), "host": getattr(args, "host", None),
             "port": getattr(args, "port", None)}
    if getattr(args, "command", None) == "resume":
        scenario = getattr(args, "scenario", None)
        app = WargameApp(resume=Path(args.log), resume_scenario=Path(scenario) if scenario else None, seats=seats)
    else:
        app = WargameApp(scenario=args.scenario, log=args.log, seed=args.seed, mode=args.mode,
                         dirs=[Path(args.dir)] if getattr(args, "dir", None) else [], seats=seats)
    return _run(app, "game")


def _run(app, what: str) -> int:
    """Run the app; afterwards say where the game's log is and what to do with it."""
    app.run()
    if app.session is not None:
        app.session.close()
        path = app.session.path
        if app.session.state.ended:
            print(f"The {what} log is {path}\nAfter-action report: wargame report {path} --format html -o aar.html")
        else:
            print(f"The {what} is saved in {path}\nContinue with: wargame resume {path}")
    return app.return_code or 0


def launch_replay(args) -> int:
    """`wargame replay LOG [--scenario PATH]`: the replay viewer; a fork from it goes on as a live game."""
    from wargame.tui.app import WargameApp

    scenario = getattr(args, "scenario", None)
    app = WargameApp(replay=Path(args.log), replay_scenario=Path(scenario) if scenario else None)
    return _run(app, "forked game")  # a session exists only if a fork was played
