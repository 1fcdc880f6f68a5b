"""Logs to report on, made in-process (no subprocess, no fsync) so the suite stays fast."""

from __future__ import annotations

import json
from pathlib import Path

from wargame.engine import commands as C
from wargame.session import Session
from wargame.sim.autoplay import Driver, play_to_end

#: Player text that must reach the report intact and escaped.
RATIONALES = {
    "USA": "We host it <script>alert('x')</script> & lead \"from the front\"",
    "JPN": "Tokyo needs a visible role in the incubator",
    "KOR": "Seoul cannot afford another THAAD-style squeeze",
}
ARGUMENT = "Backchannel talks keep Beijing calm while Seoul joins later"
OVERRIDE_REASON = "Control judges the port call worked despite the roll"
FREE_REASON = "Quiet contacts lower tension, as the papers suggest"
RESPONSE_REASON = "Control holds the PRC back this turn"
ADJUST_REASON = "Control credits the shared picture after the debate"
REOPEN_REASON = "Japan asked to reconsider after the briefing"
NOTES = {
    "hotwash": "The room debated Korea's exposure to coercion",
    "improvement": "Give the ROK delegation the trade figures in advance",
    "control": "Held the PRC response to keep the focus on the incubator",
    "observation": "JPN and KOR coordinated before sealing their moves",
}
#: A hot-wash note the facilitator marked as an improvement item (it goes into the improvement plan).
HOTWASH_ITEM = "Students needed the access-agreement map before turn 1"


def scripted_game(path: Path, cs, seed: int = 5) -> Path:
    """Mini scenario: rationales, a reopened move, a free action, a physical roll, an override, a response
    override, a Control adjustment and one note of each kind; turn 2 is played by the `first` policy."""
    s = Session.new(cs, path, seed=seed, mode="semi", players={"USA": "Team <Eagle>", "JPN": "Sakura"}, fsync=False)
    s.do(C.SubmitMove("incubator", "USA", "convene", rationale=RATIONALES["USA"]))
    s.do(C.SubmitMove("incubator", "JPN", "observe", rationale="first thoughts"))
    s.do(C.ReopenMove("incubator", "JPN", REOPEN_REASON))
    s.do(C.SubmitMove("incubator", "JPN", "join", rationale=RATIONALES["JPN"]))
    s.do(C.SubmitMove("incubator", "KOR", action="Quiet diplomacy with Beijing", argument=ARGUMENT,
                      rationale=RATIONALES["KOR"]))
    s.do(C.Reveal())
    s.do(C.Roll("incubator", "USA"))
    s.do(C.Resolve("incubator", "USA"))
    s.do(C.Roll("incubator", "JPN", physical=99))
    s.do(C.Resolve("incubator", "JPN", "success", OVERRIDE_REASON))
    s.do(C.Roll("incubator", "KOR", odds=0.6))
    s.do(C.Resolve("incubator", "KOR", None, FREE_REASON, {"escalation": -1}))
    s.do(C.Respond("PRC", None, RESPONSE_REASON))
    s.do(C.AdjustTrack("mda", 1, ADJUST_REASON))
    for kind, text in NOTES.items():
        s.do(C.AddNote(text, kind))
    s.do(C.AddNote(HOTWASH_ITEM, "hotwash", improvement=True))
    s.do(C.EndTurn())
    play_to_end(s, Driver("first", seed))
    s.close()
    return path


def auto_game(path: Path, cs, seed: int, policy: str = "random", mode: str | None = None) -> Path:
    s = Session.new(cs, path, seed=seed, mode=mode, fsync=False)
    play_to_end(s, Driver(policy, seed))
    s.close()
    return path


def records(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def tamper(path: Path, out: Path, find: str, replace: str) -> int:
    """Copy a log with one line edited (hash left as it was); returns the 1-based line edited."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n, line in enumerate(lines, start=1):
        if find in line:
            lines[n - 1] = line.replace(find, replace)
            out.write_text("".join(lines), encoding="utf-8")
            return n
    raise AssertionError(f"{find!r} not in {path}")
