"""The seat server depends on the session and the views, never on the TUI (or Textual)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_server_imports_no_tui():
    code = ("import sys, wargame.seats.server, wargame.engine.views, wargame.sim.seatbots; "
            "bad = sorted(m for m in sys.modules if m.startswith(('wargame.tui', 'textual'))); "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
