"""The generated parts of `seeds/README.md`: claim counts and the claim ids of every register file.

Hand-edited counts drift (the README once said 30 where the file had 31), so these blocks are
written from the files themselves, between markers, by `wargame register --update-readme`; a test
fails when the committed README differs from what the files give.
"""

from __future__ import annotations

import re
from pathlib import Path

BEGIN = "<!-- BEGIN generated: {name} (wargame register --update-readme; do not edit by hand) -->"
END = "<!-- END generated: {name} -->"
KIND_ORDER = ("driver", "obstacle", "recommendation", "initiative", "risk", "context", "fact", "assumption")


def _files(folder: Path) -> list[dict]:
    from wargame.scenario.yamlsrc import load_yaml_file

    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml_file(path).data
        if isinstance(data, dict):
            out.append(data)
    # papers first (as the README lists them), the designers' assumptions last
    return sorted(out, key=lambda d: (d.get("kind") == "assumptions", str(d.get("id"))))


def blocks(folder: Path) -> dict[str, str]:
    """name -> generated Markdown, from the register files in `folder`."""
    files = _files(folder)
    rows = ["| id | kind | claims | by kind |", "| --- | --- | --- | --- |"]
    total = 0
    for d in files:
        claims = [c for c in d.get("claims") or [] if isinstance(c, dict)]
        total += len(claims)
        kinds: dict[str, int] = {}
        for c in claims:
            kinds[str(c.get("kind"))] = kinds.get(str(c.get("kind")), 0) + 1
        by = ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds, key=lambda k: (
            KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k)))
        rows.append(f"| `{d.get('id')}` | {d.get('kind', 'paper')} | {len(claims)} | {by} |")
    rows.append(f"| **all** | | **{total}** | |")
    ids = [f"- **{d.get('id')}**: " + ", ".join(str(c.get("id")) for c in d.get("claims") or [] if isinstance(c, dict))
           for d in files]
    return {"counts": "\n".join(rows), "claim-ids": "\n".join(ids)}


def render(readme_text: str, folder: Path) -> str:
    """The README text with every generated block rewritten (blocks it lacks are left out)."""
    for name, body in blocks(folder).items():
        begin, end = BEGIN.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        readme_text = pattern.sub(lambda _m: f"{begin}\n{body}\n{end}", readme_text)
    return readme_text


def missing_blocks(readme_text: str) -> list[str]:
    return [n for n in ("counts", "claim-ids") if BEGIN.format(name=n) not in readme_text]
