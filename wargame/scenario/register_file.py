"""One source-register file (`seeds/<doc-id>.yaml`) checked as a register, every problem located.

A register file is either a paper's (`kind: paper`, the default): bibliographic details and
*located* claims (section and paragraph of the paper), or the designers' own premises
(`kind: assumptions`): claims of kind `assumption`, which no paper makes and which therefore carry
a `rationale` instead of a location. Scenarios cite both the same way, `doc-id#claim-id`; reports
and briefings show an assumption as the designers' assumption, never as a paper's claim.

`check_register(path)` returns the located problems (`path:line:col: where: what (expected …)`);
`wargame validate` calls it for register files. The rules are those of `seeds/README.md`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import attrs

from wargame.model.fields import field
from wargame.scenario.errors import Problem

PAPER_KINDS = ("driver", "obstacle", "recommendation", "initiative", "risk", "context", "fact")
ASSUMPTION = "assumption"
ACTORS = ("USA", "JPN", "KOR", "AUS", "GBR", "PRC", "DPRK")
ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: a claim restates one point in one to three sentences of our own
TEXT_MIN, TEXT_MAX = 40, 450
SUMMARY_MAX = 700
#: a quoted phrase from the paper must be shorter than this many words (seeds/README.md)
QUOTE_WORDS = 6
_QUOTED = re.compile(r"""(?:(?<![A-Za-z])'([^']+)'(?![A-Za-z]))|"([^"]+)"|“([^”]+)”""")


@attrs.frozen(kw_only=True)
class RegisterClaim:
    id: str = field("Claim id, kebab-case, unique in the file; never changes once published.", pattern=ID)
    section: str | None = field("Section heading as printed in the paper (papers only).", default=None)
    paragraph: int | None = field("1-based paragraph number within the section (papers only).", default=None,
                                  minimum=1)
    # kind and actors are checked after structuring, so one bad value does not hide the file's other problems
    kind: str = field("driver | obstacle | recommendation | initiative | risk | context | fact | assumption "
                      "(assumption only in an assumptions file).")
    topics: list[str] = field("Tags from the topic vocabulary in seeds/README.md.", factory=list)
    actors: list[str] = field("Delegations and Control voices the claim concerns: USA JPN KOR AUS GBR PRC DPRK.",
                              factory=list)
    text: str = field("One to three sentences in our own words.")
    rationale: str | None = field("Why the designers assume this (assumptions only).", default=None)


@attrs.frozen(kw_only=True)
class RegisterFile:
    id: str = field("Document id (<author-surname>-<year>, or `assumptions`); matches the file name.", pattern=ID)
    kind: Literal["paper", "assumptions"] = field("A paper's claims, or the designers' assumptions.",
                                                  default="paper")
    title: str = field("Title as printed in the paper.")
    authors: list[str] = field("Authors (for assumptions: who holds them).", factory=list)
    publisher: str | None = field("The outlet.", default=None)
    year: int | None = field("Year of publication.", default=None, minimum=1900, maximum=2100)
    year_note: str | None = field("How the year was worked out.", default=None)
    licence: str | None = field("The paper's licence, or a fair-dealing note.", default=None)
    seed_file: str | None = field("The paper's file in /work/shared/seeds/.", default=None)
    summary: str = field("Two or three sentences in our own words.")
    claims: list[RegisterClaim] = field("The located claims.", factory=list)


def is_register(path: Path) -> bool:
    """A register file: in a `seeds` folder, or a YAML file with top-level `claims:` and no `injects:`."""
    if path.parent.name == "seeds":
        return True
    try:
        with path.open("rb") as f:  # a bounded read: validate must stay fast on a hostile 50 MB file
            head = f.read(200_000).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"(?m)^claims:", head)) and not re.search(r"(?m)^injects:", head)


def vocabulary(readme: Path) -> frozenset[str] | None:
    """Topic tags listed in the README's "Topic vocabulary" table (None: no README or no table)."""
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return None
    start = text.find("## Topic vocabulary")
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    tags = re.findall(r"(?m)^\| `([a-z0-9-]+)` \|", text[start:end if end > 0 else None])
    return frozenset(tags) or None


def check_register(path: Path, display: str | None = None, topics: frozenset[str] | None = None) -> list[Problem]:
    """Every problem of one register file (empty: it is a valid register file)."""
    from wargame.scenario.errors import InputError
    from wargame.scenario.structure import FAILED, structure
    from wargame.scenario.yamlsrc import load_yaml_file

    try:
        doc = load_yaml_file(Path(path), display=display)
    except InputError as e:
        return list(e.problems)
    problems: list[Problem] = []

    def report(at: tuple, message: str, at_key: bool = False) -> None:
        problems.append(doc.problem(at, message, at_key=at_key))

    reg = structure(RegisterFile, doc.data, (), report)
    if reg is FAILED:
        return problems
    if topics is None:
        topics = vocabulary(Path(path).parent / "README.md")
    stem = Path(path).stem
    if reg.id != stem:
        report(("id",), f"id '{reg.id}' differs from the file name (expected '{stem}')")
    paper = reg.kind == "paper"
    if paper:
        for key in ("publisher", "year", "licence", "seed_file"):
            if getattr(reg, key) is None:
                report((), f"a paper's register file needs `{key}` (see seeds/README.md)")
    if not reg.authors:
        report(("authors",), "no authors (expected at least one name)")
    if len(reg.summary) > SUMMARY_MAX:
        report(("summary",), f"summary of {len(reg.summary)} characters (expected at most {SUMMARY_MAX})")
    if not reg.claims:
        report(("claims",), "no claims (expected at least one)")
    first: dict[str, int] = {}
    for j, c in enumerate(reg.claims):
        at = ("claims", j)
        if c.id in first:
            report(at + ("id",), f"duplicate claim id '{c.id}' (first at claims[{first[c.id]}])")
        first.setdefault(c.id, j)
        if c.kind not in (*PAPER_KINDS, ASSUMPTION):
            report(at + ("kind",), _unknown("kind", c.kind, PAPER_KINDS if paper else (ASSUMPTION,)))
        if paper:
            if c.kind == ASSUMPTION:
                report(at + ("kind",), "a paper makes claims, not assumptions (expected one of: "
                                       f"{', '.join(PAPER_KINDS)}; designers' assumptions go in a file of "
                                       "`kind: assumptions`)")
            if not c.section:
                report(at + ("id",), f"claim '{c.id}' has no section (expected the heading as printed)", True)
            if c.paragraph is None:
                report(at + ("id",), f"claim '{c.id}' has no paragraph (expected its 1-based number in the "
                                     f"section)", True)
            if c.rationale is not None:
                report(at + ("rationale",), "a paper's claim has no rationale (only assumptions do)", True)
        else:
            if c.kind in PAPER_KINDS:
                report(at + ("kind",), f"an assumptions file holds assumptions (expected kind: {ASSUMPTION})")
            for key in ("section", "paragraph"):
                if getattr(c, key) is not None:
                    report(at + (key,), f"an assumption is not located in a paper (expected no `{key}`)", True)
            if not c.rationale:
                report(at + ("id",), f"assumption '{c.id}' has no rationale (expected why the designers "
                                     f"assume it)", True)
        for k, tag in enumerate(c.topics):
            if topics is not None and tag not in topics:
                import difflib

                near = difflib.get_close_matches(tag, sorted(topics), n=1)
                hint = f", did you mean '{near[0]}'?" if near else ""
                report(at + ("topics", k), f"unknown topic '{tag}'{hint} (expected a tag of the vocabulary in "
                                           f"seeds/README.md)")
        seen_actors = set()
        for k, a in enumerate(c.actors):
            if a not in ACTORS:
                report(at + ("actors", k), _unknown("actor", a, ACTORS))
            elif a in seen_actors:
                report(at + ("actors", k), f"actor {a} listed twice")
            seen_actors.add(a)
        n = len(c.text.strip())
        if not TEXT_MIN <= n <= TEXT_MAX:
            report(at + ("text",), f"paraphrase of {n} characters (expected {TEXT_MIN}..{TEXT_MAX}: one to three "
                                   f"sentences in our own words)")
        for m in _QUOTED.finditer(c.text):
            quoted = next(g for g in m.groups() if g)
            if len(quoted.split()) >= QUOTE_WORDS:
                report(at + ("text",), f"quoted phrase of {len(quoted.split())} words: '{quoted[:60]}' (expected "
                                       f"under {QUOTE_WORDS} words; paraphrase the rest)")
    return sorted(problems, key=Problem.sort_key)


def _unknown(what: str, value: str, allowed) -> str:
    import difflib

    near = difflib.get_close_matches(value, list(allowed), n=1)
    hint = f", did you mean '{near[0]}'?" if near else ""
    return f"unknown {what} '{value}'{hint} (expected one of: {', '.join(allowed)})"
