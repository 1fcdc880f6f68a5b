"""The script format as docs/authoring.md documents it: the example there runs and does what it says."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT
from wargame.cli import main


def _example() -> str:
    guide = (ROOT / "docs" / "authoring.md").read_text()
    section = guide[guide.index("### Scripts: testing one branch"):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_documented_script_runs_and_forces_its_branch(tmp_path, capsys):
    script = tmp_path / "branch.yaml"
    script.write_text(_example())
    log = tmp_path / "branch.jsonl"
    assert main(["run", "incubator-at-sea", "--policy", f"script:{script}", "--seed", "5", "--log", str(log)]) == 0
    assert main(["replay", str(log), "--verify"]) == 0
    records = [json.loads(line) for line in log.read_text().splitlines()]
    text = log.read_text()
    assert '"thaad-echo"' in text  # the branch the script forces fired
    moves = [r for r in records if r.get("type") in ("move_submitted", "move") or "option" in json.dumps(r)]
    assert any('"inject": "thaad-echo"' in json.dumps(r) and '"option": "hold-firm"' in json.dumps(r) for r in moves)
    assert any('"inject": "charter"' in json.dumps(r) and '"option": "full-partner"' in json.dumps(r)
               and '"delegation": "KOR"' in json.dumps(r) for r in moves)
    assert "Control holds Beijing back to see the trigger alone" in text
    assert "Hot wash: did the ROK delegation expect the THAAD echo?" in text


def test_every_documented_script_key_is_a_script_field():
    import attrs

    from wargame.sim.script import Script, ScriptMove, ScriptResponse

    guide = (ROOT / "docs" / "authoring.md").read_text()
    table = guide[guide.index("### Scripts: testing one branch"):guide.index("```yaml", guide.index("### Scripts"))]
    fields = {a.name for cls in (Script, ScriptMove, ScriptResponse) for a in attrs.fields(cls)}
    documented = set(re.findall(r"`([a-z_]+)`", table)) - {"first", "random", "cautious", "cooperative", "greedy",
                                                            "null"}
    assert documented <= fields, documented - fields
    assert {a.name for a in attrs.fields(ScriptMove)} <= documented
