"""Engine speed on the largest scenario, as figures that do not depend on the machine.

- Instructions per automatic game under callgrind (valgrind), when valgrind is installed: the
  same count on any x86-64 machine, however busy; this and the previous release's engine.
- Games per second (CPU time) of this engine against the previous release's engine, both run
  side by side in this benchmark: the previous one is exported from git at `PREVIOUS`.
- The whole `wargame simulate` run (start-up, scenario load, games and aggregation), against the
  previous release's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.util import PY, ROOT, largest_scenario, line

#: The release the engine figures are compared with (the start of performance round 2).
PREVIOUS = "5cc5e6cd28e841f66655e3a427ec356ccf1ff565"
MODE, POLICY = "rigid", "random"

# Imports `wargame` from the tree named by WARGAME_TREE, not from the editable install's finder.
ISOLATE = """
import os, sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.path.insert(0, os.environ["WARGAME_TREE"])
"""

GAMES = ISOLATE + """
import time
from pathlib import Path
from wargame.scenario.load import load_scenario
from wargame.engine import commands as C
from wargame.engine.game import Game
from wargame.sim.autoplay import Driver, play_to_end
cs = load_scenario(Path(sys.argv[1]))
def one(i):
    g = Game(cs)
    g.do(C.StartGame(seed=i, mode=sys.argv[2]))
    play_to_end(g, Driver(sys.argv[3], i))
one(0)
if sys.argv[4] == "rate":
    n, t = 0, time.process_time()
    while time.process_time() - t < 2.0:
        n += 1
        one(n)
    print(n / (time.process_time() - t))
else:
    for i in range(int(sys.argv[4])):
        one(i + 1)
"""


def export(commit: str, dest: Path) -> Path | None:
    """The `wargame` package as it was at `commit`, in `dest` (None when git cannot provide it)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "wargame", "scenarios", "rules", "seeds"],
                             capture_output=True)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def _env(tree: Path) -> dict:
    return {**os.environ, "WARGAME_TREE": str(tree), "WARGAME_HOME": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


def _instructions(tree: Path, scen: Path, games: int) -> int:
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", PY, "-c", GAMES,
                        str(scen), MODE, POLICY, str(games)], capture_output=True, text=True, env=_env(tree),
                       cwd=tree)
    for out in r.stderr.splitlines():
        if "Collected :" in out:
            return int(out.rsplit(":", 1)[1].strip())
    raise SystemExit(f"callgrind run failed:\n{r.stderr[-2000:]}")


def _per_game(tree: Path, scen: Path) -> float:
    """Instructions of 12 games less those of 2: start-up and scenario load cancel out."""
    return (_instructions(tree, scen, 12) - _instructions(tree, scen, 2)) / 10


def _rate(tree: Path, scen: Path) -> float:
    r = subprocess.run([PY, "-c", GAMES, str(scen), MODE, POLICY, "rate"], capture_output=True, text=True,
                       env=_env(tree), cwd=tree)
    if r.returncode != 0:
        raise SystemExit(f"engine benchmark failed:\n{r.stderr[-2000:]}")
    return float(r.stdout.strip())


def _simulate(tree: Path, scen: Path, games: int) -> float:
    t = time.perf_counter()
    cli = ISOLATE + "from wargame.cli import main; raise SystemExit(main(sys.argv[1:]))"
    r = subprocess.run([PY, "-c", cli, "simulate", str(scen), "--games", str(games), "--mode", MODE,
                        "--policy", POLICY, "-q"], capture_output=True, text=True, env=_env(tree), cwd=tree)
    if r.returncode != 0:
        raise SystemExit(f"simulate failed:\n{r.stderr[-2000:]}")
    return time.perf_counter() - t


def run() -> None:
    with tempfile.TemporaryDirectory() as d:
        now = Path(d) / "now"
        for part in ("wargame", "scenarios", "rules", "seeds"):
            shutil.copytree(ROOT / part, now / part, ignore=shutil.ignore_patterns("__pycache__"))
        (Path(d) / "prev").mkdir()
        prev = export(PREVIOUS, Path(d) / "prev")
        scen_name = largest_scenario().name
        label = f"{Path(scen_name).stem}, {MODE}, {POLICY} policy"
        if shutil.which("valgrind"):
            ours = _per_game(now, now / "scenarios" / scen_name)
            if prev:
                theirs = _per_game(prev, prev / "scenarios" / scen_name)
                line(f"engine.instructions ({label})", ours / 1e6, "M per game", theirs / ours,
                     f"{PREVIOUS[:7]}'s {theirs / 1e6:.1f} M, as speed-up", "<= 5.2 M (2.5x)")
            else:
                line(f"engine.instructions ({label})", ours / 1e6, "M per game", target="<= 5.2 M")
        else:
            print("engine.instructions: valgrind not installed (apt-get install valgrind)", flush=True)
        if prev is None:
            print(f"engine.games: commit {PREVIOUS[:7]} not available from git; no comparison", flush=True)
            return
        ours_r, theirs_r = 0.0, 0.0
        for _ in range(3):  # interleaved, best of each: both sides see the same machine conditions
            ours_r = max(ours_r, _rate(now, now / "scenarios" / scen_name))
            theirs_r = max(theirs_r, _rate(prev, prev / "scenarios" / scen_name))
        line(f"engine.games ({label})", ours_r, "games/s", ours_r / theirs_r, f"{PREVIOUS[:7]}'s engine")
        games = 300
        ours_s, theirs_s = float("inf"), float("inf")
        for _ in range(3):
            ours_s = min(ours_s, _simulate(now, now / "scenarios" / scen_name, games))
            theirs_s = min(theirs_s, _simulate(prev, prev / "scenarios" / scen_name, games))
        line(f"engine.simulate (wargame simulate --games {games}, whole run)", games / ours_s, "games/s",
             theirs_s / ours_s, f"{PREVIOUS[:7]}'s simulate")
