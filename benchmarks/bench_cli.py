"""Start-up cost of the command line, against bare Python and against its own imports."""

from __future__ import annotations

from benchmarks.util import PY, largest_scenario, line, wall


def run() -> None:
    base = wall([PY, "-c", "pass"])
    helpt = wall([PY, "-m", "wargame", "--help"])
    line("cli.help", helpt * 1000, "ms", helpt / base, "python -c pass", "< 4x")
    base2 = wall([PY, "-c", "import yaml, attrs"])
    scen = largest_scenario()
    # The headline: the first check of a new or edited file (nothing remembered, the YAML parsed).
    cold = wall([PY, "-m", "wargame", "validate", "-q", str(scen)], env={"WARGAME_CACHE": "off"})
    line(f"cli.validate ({scen.name}, {scen.stat().st_size // 1024} KB, first check)", cold * 1000, "ms",
         cold / base2, "python -c 'import yaml, attrs'", "<= 2.5x")
    val = wall([PY, "-m", "wargame", "validate", "-q", str(scen)])
    line("cli.validate (same file unchanged: a remembered verdict)", val * 1000, "ms", val / base2,
         "python -c 'import yaml, attrs'")
    imp = wall([PY, "-X", "importtime", "-c", "import wargame.cli"], repeat=3)
    line("cli.import", imp * 1000, "ms")
