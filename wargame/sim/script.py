"""Script files: the moves of a game written down, turn by turn, for `wargame run --policy script:FILE`.

```yaml
format: 1
default: first          # optional: policy for moves the script leaves out (first | random | cautious |
                        # cooperative | greedy); else an error
turns:
  1:
    - {delegation: USA, option: convene-incubator, rationale: "..."}
    - {delegation: KOR, inject: thaad-redux, action: "...", argument: "...", odds: 0.4,
       outcome: success, reason: "...", effects: {escalation: 1}}
    - {delegation: JPN, option: x, roll: 57, outcome: setback, reason: "Control overrides because ..."}
  2: [...]
responses:
  1: [{actor: PRC, response: null, reason: "Control holds the PRC back this turn"}]
notes:
  1: ["Hot wash: the ROK delegation asked about ..."]
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import attrs

from wargame.model.fields import field
from wargame.scenario.errors import InputError
from wargame.scenario.structure import FAILED, structure
from wargame.scenario.yamlsrc import load_yaml_file


@attrs.frozen(kw_only=True)
class ScriptMove:
    delegation: str = field("Delegation code.")
    inject: str | None = field("Inject id; needed only when the delegation faces several this turn.", default=None)
    option: str | None = field("Option id.", default=None)
    action: str | None = field("A free-form action instead of an option.", default=None)
    argument: str | None = field("The argument for the free-form action.", default=None)
    odds: float | None = field("Control's odds for a free-form action.", default=None, minimum=0, maximum=1)
    rationale: str = field("The delegation's rationale.", default="")
    roll: int | None = field("A physical die result.", default=None)
    outcome: str | None = field("Outcome Control settles on (an override when it differs).", default=None)
    reason: str = field("Reason for Control's decision.", default="")
    effects: dict[str, float] | None = field("Effects of a free-form action.", default=None)


@attrs.frozen(kw_only=True)
class ScriptResponse:
    actor: str = field("Actor id.")
    response: str | None = field("Response id, or null for none.", default=None)
    reason: str = field("Reason when it differs from the table.", default="")


@attrs.frozen(kw_only=True)
class Script:
    format: int = field("Format version (1).", default=1, minimum=1, maximum=1)
    scenario: str | None = field("Scenario id the script was written for.", default=None)
    default: Literal["first", "random", "cautious", "cooperative", "greedy"] | None = field(
        "Policy for moves the script leaves out (a name of wargame.sim.policies.POLICIES).", default=None)
    turns: dict[int, list[ScriptMove]] = field("Moves per turn.", factory=dict)
    responses: dict[int, list[ScriptResponse]] = field("Control's response decisions per turn.", factory=dict)
    notes: dict[int, list[str]] = field("Hot-wash notes per turn.", factory=dict)


def load_script(path: Path) -> Script:
    doc = load_yaml_file(path)
    problems = []
    script = structure(Script, doc.data, (), lambda p, m, k=False: problems.append(doc.problem(p, m, at_key=k)))
    if script is FAILED or problems:
        raise InputError(problems)
    return script
