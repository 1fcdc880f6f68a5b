"""docs/scenario-format.md carries a reference generated from the model; it must be current."""

from tests.conftest import ROOT
from wargame.scenario.reference import render


def test_format_reference_is_current():
    doc = (ROOT / "docs" / "scenario-format.md").read_text()
    assert render(doc) == doc, "run: python -m wargame.scenario.reference docs/scenario-format.md"


def test_reference_names_every_option_field():
    doc = (ROOT / "docs" / "scenario-format.md").read_text()
    for key in ("`odds`", "`modifiers`", "`requires`", "`combined`", "`responses`", "`higher_is`", "`earliest`"):
        assert key in doc
