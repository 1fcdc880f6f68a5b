"""Source-register files checked as registers (validate, lint, `wargame register`), the generated
README blocks kept current, and designers' assumptions shown as assumptions."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from tests.conftest import ROOT
from wargame.cli import main
from wargame.scenario.register_file import check_register, is_register
from wargame.scenario.register_readme import render

SEEDS = ROOT / "seeds"
LOCATED = re.compile(r"^.+\.yaml:\d+:\d+: ")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_register_file_is_valid(path):
    assert is_register(path)
    assert [str(p) for p in check_register(path)] == []


def _copy(tmp_path, name="choi-2024"):
    folder = tmp_path / "seeds"
    folder.mkdir(exist_ok=True)
    shutil.copy(SEEDS / "README.md", folder / "README.md")
    data = yaml.safe_load((SEEDS / f"{name}.yaml").read_text())
    return folder, data


def _write(folder, name, data):
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
    return path


def test_every_problem_of_a_broken_register_file_is_located(tmp_path):
    folder, data = _copy(tmp_path)
    data["id"] = "choi-2023"
    c0, c1, c2, c3 = data["claims"][:4]
    c0["kind"] = "drivr"
    c0["topics"][0] = "trilateral-cooperaton"
    c0["actors"].append("ROK")
    c1["id"] = c0["id"]
    del c2["section"]
    c3["text"] = "Too short."
    data["claims"][4]["text"] = "He says that \"the threat has existed for so many years\" and no more than that."
    data["claims"][5]["kind"] = "assumption"
    path = _write(folder, "choi-2024", data)
    lines = [str(p) for p in check_register(path)]
    assert all(LOCATED.match(ln) for ln in lines), lines
    text = "\n".join(lines)
    for expected in ("id: id 'choi-2023' differs from the file name (expected 'choi-2024')",
                     "claims[0].kind: unknown kind 'drivr', did you mean 'driver'?",
                     "claims[0].topics[0]: unknown topic 'trilateral-cooperaton', did you mean 'trilateral-cooperation'?",
                     "claims[0].actors[3]: unknown actor 'ROK' (expected one of: USA, JPN, KOR, AUS, GBR, PRC, DPRK)",
                     "claims[1].id: duplicate claim id 'threats-and-leadership' (first at claims[0])",
                     "has no section (expected the heading as printed)",
                     "claims[3].text: paraphrase of 10 characters (expected 40..450",
                     "claims[4].text: quoted phrase of 8 words",
                     "claims[5].kind: a paper makes claims, not assumptions"):
        assert expected in text, expected
    assert len(lines) == 9


def test_an_assumptions_file_needs_rationales_and_no_locations(tmp_path):
    folder, _ = _copy(tmp_path)
    data = yaml.safe_load((SEEDS / "assumptions.yaml").read_text())
    data["claims"][0]["kind"] = "fact"
    data["claims"][1]["section"] = "Introduction"
    del data["claims"][2]["rationale"]
    text = "\n".join(str(p) for p in check_register(_write(folder, "assumptions", data)))
    assert "claims[0].kind: an assumptions file holds assumptions (expected kind: assumption)" in text
    assert "claims[1].section: an assumption is not located in a paper (expected no `section`)" in text
    assert "assumption 'warning-data-live' has no rationale" in text


def test_validate_treats_a_register_file_as_a_register(tmp_path, capsys):
    assert main(["validate", str(SEEDS / "choi-2024.yaml")]) == 0
    out, err = capsys.readouterr()
    assert "ok (source register)" in out and err == ""
    # recognised by its content outside seeds/ too, with located messages and exit 1
    _folder, data = _copy(tmp_path)
    data["claims"][1]["id"] = data["claims"][0]["id"]
    elsewhere = tmp_path / "choi-2024.yaml"
    elsewhere.write_text(yaml.safe_dump(data, sort_keys=False))
    assert is_register(elsewhere)
    assert main(["validate", str(elsewhere)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"choi-2024\.yaml:\d+:\d+: claims\[1\]\.id: duplicate claim id", err)
    assert "injects" not in err  # not read as a scenario
    assert main(["lint", str(elsewhere)]) == 1


def test_the_readme_counts_and_ids_are_generated_and_current(tmp_path, capsys):
    readme = (SEEDS / "README.md").read_text()
    assert render(readme, SEEDS) == readme, "seeds/README.md is out of date: run `wargame register --update-readme`"
    assert main(["register", "--check-readme"]) == 0
    # a claim added to a copy makes the copy's README out of date until it is regenerated
    folder, data = _copy(tmp_path)
    for f in SEEDS.glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    data["claims"].append({**data["claims"][0], "id": "an-added-claim"})
    _write(folder, "choi-2024", data)
    capsys.readouterr()
    assert main(["register", str(folder), "--check-readme"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["register", str(folder), "--update-readme"]) == 0
    new = (folder / "README.md").read_text()
    assert "| `choi-2024` | paper | 31 |" in new and "an-added-claim" in new
    assert main(["register", str(folder), "--check-readme"]) == 0


def test_an_assumption_is_shown_as_the_designers_not_a_papers(tmp_path):
    from wargame.report.sources import load_register
    from wargame.tui.sources import Sources

    reg = load_register(SEEDS)
    c = reg.resolve("assumptions#raa-in-force")
    assert c.resolved and c.is_assumption
    assert c.short() == "Designers' assumption" and c.author_line() == "Designers' assumption" and c.location() == ""
    paper = reg.resolve("choi-2024#missile-warning-data")
    assert not paper.is_assumption and paper.short() == "Choi (2024)"
    src = Sources(SEEDS)
    src.load()
    assert src.label("assumptions#raa-in-force") == "Designers' assumption"
    assert "reciprocal access agreements" in src.paraphrase("assumptions#raa-in-force")


def test_the_report_lists_a_cited_assumption_as_one(tmp_path):
    log = tmp_path / "g.jsonl"
    assert main(["run", "incubator-at-sea", "--policy", "first", "--seed", "3", "--log", str(log)]) == 0
    out = tmp_path / "g.md"
    assert main(["report", str(log), "--format", "md", "-o", str(out)]) == 0
    text = out.read_text()
    line = next(ln for ln in text.splitlines() if "assumptions#raa-in-force" in ln)
    assert "**Designers' assumption**: The reciprocal access agreements" in line
    papers = text[text.rindex("\nPapers:"):]
    assert "- Wooseon Choi (2024). *New Horizons" in papers
    assert "Designers' assumptions" not in papers and "scenario designers" not in papers  # a premise is no paper
