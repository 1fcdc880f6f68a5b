"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def wall(argv: list[str], repeat: int = 15, env: dict | None = None) -> float:
    """Median wall time of a command, in seconds (one warm-up run first)."""
    env = {**os.environ, **(env or {})}
    subprocess.run(argv, capture_output=True, cwd=ROOT, env=env)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(argv, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def best(fn, repeat: int = 5) -> float:
    """Best-of-N CPU time of a callable, in seconds.

    CPU time of this process, not wall time: on a shared 2-core machine other work inflates
    wall time unevenly between a figure and its baseline.
    """
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return min(out)


def line(name: str, value: float, unit: str, ratio: float | None = None, baseline: str = "baseline",
         target: str = "") -> str:
    ratio_s = f" ({ratio:.2f}x vs {baseline})" if ratio is not None else ""
    tgt = f"  [target {target}]" if target else ""
    text = f"{name}: {value:,.3f} {unit}{ratio_s}{tgt}" if value < 1000 else f"{name}: {value:,.0f} {unit}{ratio_s}{tgt}"
    print(text, flush=True)
    return text


def largest_scenario() -> Path:
    files = sorted((ROOT / "scenarios").glob("*.yaml"), key=lambda p: p.stat().st_size)
    return files[-1] if files else ROOT / "tests" / "data" / "scenarios" / "mini.yaml"
