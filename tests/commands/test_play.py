"""`wargame play` / `wargame resume` with delegation devices: the options, their printed defaults,
and what reaches the facilitator (without opening a screen)."""

from __future__ import annotations

import argparse

import pytest

from tests.commands.test_cli import wargame
from wargame.commands import play


def parse(*argv):
    p = argparse.ArgumentParser(prog="wargame", exit_on_error=False)
    sub = p.add_subparsers(dest="command")
    play.add_arguments(sub.add_parser("play"), "play")
    play.add_arguments(sub.add_parser("resume"), "resume")
    return p.parse_args(argv)


@pytest.mark.parametrize("command", ["play", "resume"])
def test_help_prints_the_seat_options_with_their_defaults(command):
    r = wargame(command, "--help")
    assert r.returncode == 0
    assert "--seats" in r.stdout and "default: 0.0.0.0" in r.stdout and "default: 8765" in r.stdout


def test_a_port_out_of_range_is_a_usage_error():
    r = wargame("play", "--seats", "--port", "70000")
    assert r.returncode == 2 and "70000" in r.stderr and "expected 1..65535" in r.stderr
    assert "Traceback" not in r.stderr


def test_the_options_reach_the_app(monkeypatch):
    seen = {}

    class FakeApp:  # records what the facilitator would be started with; never runs a screen
        def __init__(self, **kw):
            seen.update(kw)

    import wargame.tui.app
    import wargame.tui.launch as launch

    monkeypatch.setattr(wargame.tui.app, "WargameApp", FakeApp)
    monkeypatch.setattr(launch, "_run", lambda app, what: 0)
    launch.launch(parse("resume", "g.jsonl", "--seats", "--host", "127.0.0.1", "--port", "9000"))
    assert seen["seats"] == {"enabled": True, "host": "127.0.0.1", "port": 9000}
    seen.clear()
    launch.launch(parse("play", "mini"))
    assert seen["seats"] == {"enabled": False, "host": play.DEFAULT_HOST, "port": play.DEFAULT_PORT}
