"""How mini-seed7.jsonl was written (kept for the record; never re-run to replace the fixture)."""

import os
from pathlib import Path
os.environ["SOURCE_DATE_EPOCH"] = "1780000000"
from wargame.engine import commands as C
from wargame.engine.engine import apply, handle
from wargame.engine.state import GameState
from wargame.log.writer import LogWriter
from wargame.scenario.load import load_scenario

D = Path("tests/data/logs/format-1")
cs = load_scenario(D / "mini.yaml")
state = GameState(cs)
w = LogWriter.create(D / "mini-seed7.jsonl", fsync=False)
def do(cmd):
    evs = handle(state, cmd)
    for e in evs:
        apply(state, e)
    w.append(evs)
    return evs
do(C.StartGame(seed=7, mode="semi", players={"USA": "Team Blue"}, version="0.1.0",
               scenario_path=str(D / "mini.yaml")))
do(C.SubmitMove("incubator", "USA", "convene", rationale="We host it."))
do(C.SubmitMove("incubator", "JPN", "observe", rationale="Watch first."))
do(C.ReopenMove("incubator", "JPN", "delegation asked to rethink"))
do(C.SubmitMove("incubator", "JPN", "join", rationale="Trust first."))
do(C.SubmitMove("incubator", "KOR", "join", rationale="Alliance ties, ünïcode & \"quotes\""))
do(C.Reveal())
print(do(C.Roll("incubator", "USA")))
do(C.Resolve("incubator", "USA"))
do(C.Roll("incubator", "JPN"))
do(C.Resolve("incubator", "JPN"))
print(do(C.Roll("incubator", "KOR", physical=99)))
print(do(C.Resolve("incubator", "KOR", "partial", reason="Seoul hedged in the end")))
print(state.phase, state.proposals)
do(C.Respond("PRC", None, reason="Beijing holds back this month"))
do(C.AddNote("Korea's hedge mattered", "hotwash"))
do(C.AdjustTrack("escalation", 3, "a collision at sea raises the stakes"))
print(do(C.EndTurn()))
for i, d in list(state.expected):
    opts = list(cs.injects[i].options.get(d, {}))
    if opts:
        do(C.SubmitMove(i, d, opts[0]))
    else:
        do(C.SubmitMove(i, d, action=f"{d} supports the review"))
do(C.Reveal())
for i, d in list(state.expected):
    if d == "JPN" and state.moves[(i, d)].is_free:
        do(C.Roll(i, d, physical=42, odds=1.0))
        do(C.Resolve(i, d, "success", reason="A survey ship adds to the picture", effects={"mda": 1}))
    elif state.moves[(i, d)].is_free:
        do(C.Roll(i, d, odds=0.0))
        do(C.Resolve(i, d, reason="Control follows the dice", effects={}))
    else:
        do(C.Roll(i, d))
        do(C.Resolve(i, d))
print(state.phase, state.proposals)
for a in list(state.proposals):
    do(C.Respond(a, state.proposals[a]))
print(do(C.EndTurn())[-1]["type"])
do(C.AddNote("Debrief: keep the incubator", "improvement"))
w.close()
