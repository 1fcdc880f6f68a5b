"""The source register (`seeds/*.yaml`) as the report needs it: citations resolved to papers and claims.

A citation is `doc-id#claim-id`. Resolving one gives the paper (title, authors, publisher, year) and
the located claim (section, paragraph, paraphrase). Unknown citations are kept and flagged, never
dropped, so a report shows exactly what the scenario cited.
"""

from __future__ import annotations

from pathlib import Path

import attrs


#: How a citation of a designers' assumption is labelled wherever a paper's author and year would be.
ASSUMPTION_LABEL = "Designers' assumption"


@attrs.frozen
class Paper:
    id: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    year: str
    licence: str = ""
    #: "paper", or "assumptions" for the designers' own premises (seeds/assumptions.yaml)
    kind: str = "paper"


@attrs.frozen
class Claim:
    id: str
    section: str
    paragraph: int | None
    text: str


@attrs.frozen
class Citation:
    """One citation as the report prints it; `paper`/`claim` are None when the register lacks them."""

    ref: str
    paper: Paper | None
    claim: Claim | None

    @property
    def doc_id(self) -> str:
        return self.ref.partition("#")[0]

    @property
    def is_assumption(self) -> bool:
        """A designers' premise, not a claim any paper makes: shown as such, never with an author."""
        return self.paper is not None and self.paper.kind == "assumptions"

    @property
    def resolved(self) -> bool:
        return self.paper is not None and (self.claim is not None or "#" not in self.ref)

    def author_line(self) -> str:
        p = self.paper
        if p is None:
            return ""
        if self.is_assumption:
            return ASSUMPTION_LABEL
        authors = ", ".join(p.authors)
        return f"{authors} ({p.year})" if authors else f"({p.year})"

    def short(self) -> str:
        """`Alsaied (2023)`: the first author's surname (et al. for more) and the year."""
        p = self.paper
        if p is None:
            return self.doc_id
        if self.is_assumption:
            return ASSUMPTION_LABEL
        names = [a.split()[-1] for a in p.authors if a.split()]
        who = names[0] + (" et al." if len(names) > 2 else f" and {names[1]}" if len(names) == 2 else "") \
            if names else p.id
        return f"{who} ({p.year})"

    def location(self) -> str:
        c = self.claim
        if c is None:
            return ""
        where = f"section “{c.section}”" if c.section else ""  # noqa: RUF001
        if c.paragraph is not None:
            where += (", " if where else "") + f"paragraph {c.paragraph}"
        return where


@attrs.define
class Register:
    papers: dict[str, Paper] = attrs.field(factory=dict)
    claims: dict[str, dict[str, Claim]] = attrs.field(factory=dict)
    problems: list[str] = attrs.field(factory=list)

    def resolve(self, ref: str) -> Citation:
        doc, _, claim = ref.partition("#")
        paper = self.papers.get(doc)
        found = self.claims.get(doc, {}).get(claim) if claim else None
        return Citation(ref, paper, found)


def load_register(folder: Path | None = None) -> Register:
    """Every `*.yaml` in the register folder; a file that does not load is noted, not fatal."""
    from wargame import paths
    from wargame.scenario.errors import InputError
    from wargame.scenario.yamlsrc import load_yaml_file

    folder = folder or paths.SEEDS
    reg = Register()
    for f in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = load_yaml_file(f).data
        except InputError as e:
            reg.problems.append(str(e))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            reg.problems.append(f"{f}:1:1: not a source register entry (expected a mapping with an id)")
            continue
        authors = data.get("authors") or []
        if isinstance(authors, str):
            authors = [authors]
        paper = Paper(id=data["id"], title=str(data.get("title", "")), authors=tuple(str(a) for a in authors),
                      publisher=str(data.get("publisher", "")), year=str(data.get("year", "n.d.")),
                      licence=str(data.get("licence", "")),
                      kind="assumptions" if data.get("kind") == "assumptions" else "paper")
        reg.papers[paper.id] = paper
        claims = {}
        for c in data.get("claims") or []:
            if isinstance(c, dict) and isinstance(c.get("id"), str):
                para = c.get("paragraph")
                claims[c["id"]] = Claim(c["id"], str(c.get("section", "")),
                                        para if isinstance(para, int) else None, str(c.get("text", "")))
        reg.claims[paper.id] = claims
    return reg
