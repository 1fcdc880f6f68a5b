"""Run the benchmarks: `python -m benchmarks` (all) or `python -m benchmarks cli engine`."""

from __future__ import annotations

import importlib
import platform
import sys

ALL = ["cli", "engine", "log", "replay", "memory", "tui", "seats"]


def main(argv: list[str]) -> int:
    names = argv or ALL
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · Python {platform.python_version()}")
    for name in names:
        try:
            mod = importlib.import_module(f"benchmarks.bench_{name}")
        except ModuleNotFoundError:
            print(f"{name}: not available")
            continue
        mod.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
