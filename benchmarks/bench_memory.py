"""Peak memory of replay and simulate at two sizes, each measured in a fresh process.

The peak is the process's own high-water mark (`VmHWM` in /proc/self/status), which starts
afresh at exec: `ru_maxrss` would carry over the benchmark's own peak into its children.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_replay import make_log
from benchmarks.util import ROOT, largest_scenario, line

PEAK = """
def _peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for row in fh:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

REPLAY = PEAK + """
import sys
from pathlib import Path
from wargame.log.replay import replay
r = replay(Path(sys.argv[1]))
assert r.ok, r.problem
print(_peak_mb())
"""

SIMULATE = PEAK + """
import io, sys, contextlib
from wargame.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["simulate", sys.argv[1], "--games", sys.argv[2], "--mode", "rigid", "-q"])
assert code == 0
print(_peak_mb())
"""


def _peak(code: str, *args: str) -> float:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"memory benchmark failed:\n{r.stderr[-2000:]}")
    return float(r.stdout.strip().splitlines()[-1])


def run() -> None:
    with tempfile.TemporaryDirectory() as d:
        peaks = {}
        for records in (10_000, 100_000):
            log = Path(d) / f"log{records}.jsonl"
            n = make_log(log, records)
            peaks[n] = _peak(REPLAY, str(log))
        (c1, p1), (c2, p2) = sorted(peaks.items())
        line(f"replay.peak_memory ({c2} records)", p2, "MB", p2 / p1, f"the same replay of {c1} records",
             "<= 1.1x")
    scen = str(largest_scenario())
    small, large = _peak(SIMULATE, scen, "1000"), _peak(SIMULATE, scen, "10000")
    line("simulate.peak_memory (10,000 games)", large, "MB", large / small, "simulate --games 1000", "<= 1.2x")
