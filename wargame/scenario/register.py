"""The source register (`seeds/*.yaml`): papers and their located claims, for citation checks.

Scenarios cite claims as `doc-id#claim-id`. `load_register()` reads every register file into
`{doc_id: {claim_id: claim}}`; `citations()` collects every citation a scenario makes, with
where it makes it; `unresolved()` lists those that name no claim in the register.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

from wargame import paths

Register = dict[str, dict[str, dict[str, Any]]]


def load_register(seeds: Path | str | None = None) -> Register:
    """Every paper in the register, by doc id, with its claims by claim id.

    A file's `id` must match its name, and claim ids must be unique within a file; a register
    that breaks either rule raises `ValueError`, since citations to it would be ambiguous.
    """
    folder = Path(seeds) if seeds is not None else paths.SEEDS
    register: Register = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc_id = data.get("id")
        if doc_id != path.stem:
            raise ValueError(f"{path}: id {doc_id!r} does not match the file name (expected {path.stem!r})")
        claims: dict[str, dict[str, Any]] = {}
        for claim in data.get("claims") or []:
            cid = claim.get("id")
            if cid in claims:
                raise ValueError(f"{path}: duplicate claim id {cid!r}")
            claims[cid] = claim
        register[doc_id] = claims
    return register


def citations(scenario) -> Iterator[tuple[str, str]]:
    """Every `doc-id#claim-id` a scenario model cites, as (where, citation) pairs."""
    s = scenario
    for code, brief in s.delegations.items():
        for c in brief.sources:
            yield f"delegations.{code}", c
    for code, actor in s.actors.items():
        for c in actor.sources:
            yield f"actors.{code}", c
    for r in s.responses:
        for c in r.sources:
            yield f"responses.{r.id}", c
    for inj in s.injects:
        at = f"injects.{inj.id}"
        for c in inj.sources:
            yield at, c
        for code, opts in inj.options.items():
            for o in opts:
                for c in o.sources:
                    yield f"{at}.options.{code}.{o.id}", c
        for rule in inj.combined:
            for c in rule.sources:
                yield f"{at}.combined.{rule.id}", c
        for r in inj.responses:
            for c in r.sources:
                yield f"{at}.responses.{r.id}", c


def resolves(citation: str, register: Register) -> bool:
    doc, _, claim = citation.partition("#")
    return claim in register.get(doc, {})


def unresolved(scenario, register: Register | None = None) -> list[tuple[str, str]]:
    """Citations (with where they occur) that name no claim in the register."""
    register = load_register() if register is None else register
    return [(where, c) for where, c in citations(scenario) if not resolves(c, register)]


def cited_docs(scenario) -> set[str]:
    """Doc ids a scenario draws on: its `sources` list plus every doc it cites a claim from."""
    return set(scenario.sources) | {c.partition("#")[0] for _, c in citations(scenario)}
