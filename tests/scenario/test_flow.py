"""The inject flow graph: structure of the Mermaid and dot output, placement, trigger edges, escaping."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MINI, ROOT
from wargame.scenario.flow import build, dot, mermaid
from wargame.scenario.load import load_scenario

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))

MERMAID_NODE = re.compile(r'^    (i_\w+)\["([^"]*)"\](:::triggered)?$')
MERMAID_EDGE = re.compile(r'^  (i_\w+) (-->|-\.->)\|"([^"]*)"\| (i_\w+)$')
DOT_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _with_follow_up(tmp_path, title="Follow-up"):
    text = MINI.read_text().replace("debrief:", f"""  - id: follow-up
    title: '{title}'
    when: 'chose(KOR, "join") and turn >= 2'
    narrative: Korea joined; now what?
    to: [KOR]
    options:
      KOR:
        - {{id: more, label: More, description: Do more., odds: 0.5, effects: {{success: {{mda: 1}}}}}}
  - id: dead
    when: 'track("mda") > 10'
    title: Never
    narrative: Cannot happen.
debrief:""")
    path = tmp_path / "flow.yaml"
    path.write_text(text)
    return load_scenario(path)


def check_mermaid(text: str, inject_ids) -> list[tuple[str, str, str, str]]:
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    nodes = [m.group(1) for m in map(MERMAID_NODE.match, lines) if m]
    expected = sorted("i_" + i.replace("-", "_") for i in inject_ids)
    assert sorted(nodes) == expected, "every inject appears exactly once"
    assert sum(1 for x in lines if x.strip().startswith("subgraph ")) == sum(1 for x in lines if x.strip() == "end")
    edges = [m.groups() for m in map(MERMAID_EDGE.match, lines) if m]
    assert len(edges) == sum(1 for x in lines if "->|" in x), "every edge line is well formed"
    for src, _arrow, _label, dst in edges:
        assert src in nodes and dst in nodes
    return edges


def check_dot(text: str, inject_ids) -> list[str]:
    bare = DOT_STRING.sub('""', text)
    assert '"' not in bare.replace('""', ""), "every string is closed"
    assert bare.count("{") == bare.count("}") and bare.rstrip().endswith("}")
    depth = 0
    for ch in bare:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert text.startswith("digraph ")
    for iid in inject_ids:
        assert len(re.findall(rf'^    "{re.escape(iid)}" \[label=', text, re.M)) == 1, iid
    return [ln for ln in text.splitlines() if " -> " in ln and "invis" not in ln]


def test_mini_mermaid_and_dot(mini):
    ids = list(mini.injects)
    edges = check_mermaid(mermaid(build(mini)), ids)
    assert [(s, d) for s, _a, _l, d in edges] == [("i_incubator", "i_flare")]  # track("escalation") >= 5
    check_dot(dot(build(mini)), ids)


def test_triggered_inject_choosing_an_option_has_an_edge_from_its_inject(tmp_path):
    cs = _with_follow_up(tmp_path)
    flow = build(cs)
    nodes = {n.id: n for n in flow.nodes}
    assert nodes["follow-up"].turn == 2 and nodes["follow-up"].triggered  # earliest possible turn
    assert nodes["flare"].turn == 1 and nodes["review"].turn == 2 and not nodes["review"].triggered
    assert nodes["dead"].turn is None
    (edge,) = [e for e in flow.edges if e.target == "follow-up"]
    assert edge.source == "incubator" and edge.via == ("KOR: join",) and edge.dashed
    assert edge.condition.startswith('chose(KOR, "join")')
    edges = check_mermaid(mermaid(flow), cs.injects)
    (label,) = [lbl for s, arrow, lbl, d in edges if (s, d) == ("i_incubator", "i_follow_up")]
    assert "KOR: join" in label and "#quot;join#quot;" in label
    assert 'subgraph never["Never fires"]' in mermaid(flow)
    lines = check_dot(dot(flow), cs.injects)
    assert any(ln.startswith('  "incubator" -> "follow-up"') and "KOR: join" in ln and "style=dashed" in ln
               for ln in lines)


def test_labels_are_escaped(tmp_path):
    cs = _with_follow_up(tmp_path, title='A "q" <b>|x|</b> #1 [x] {y} a\\b')
    m = mermaid(build(cs))
    check_mermaid(m, cs.injects)
    assert "A #quot;q#quot; #lt;b#gt;#124;x#124;#lt;/b#gt; #35;1 #91;x#93; #123;y#125; a\\b" in m
    d = dot(build(cs))
    check_dot(d, cs.injects)
    assert r'A \"q\" <b>|x|</b> #1 [x] {y} a\\b' in d


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenarios_graph(path):
    cs = load_scenario(path)
    flow = build(cs)
    check_mermaid(mermaid(flow), cs.injects)
    check_dot(dot(flow), cs.injects)
    for e in flow.edges:
        assert e.source in cs.injects and e.target in cs.injects and e.source != e.target


def test_graph_command(tmp_path, capsys):
    from wargame.cli import main

    out = tmp_path / "flow.dot"
    assert main(["graph", str(MINI), "--format", "dot", "-o", str(out)]) == 0
    check_dot(out.read_text(), ["incubator", "flare", "review"])
    assert main(["graph", str(MINI)]) == 0
    assert capsys.readouterr().out.startswith("flowchart TB")
    assert main(["graph", str(tmp_path / "nope.yaml")]) == 1


def test_track_edges_follow_the_direction_the_condition_needs(mini):
    from wargame.expr import parse
    from wargame.scenario.flow import track_directions

    assert track_directions(parse('track("a") >= 5 and not (track("b") > 2) or 3 < track("c")')) == \
        {"a": {1}, "b": {-1}, "c": {1}}
    assert track_directions(parse('track("a") + 1 >= 5 or track("b") == 2')) == {"a": {1, -1}, "b": {1, -1}}
    (edge,) = build(mini).edges
    assert edge.via == ("escalation ↑ USA: convene", "escalation ↑ combined both-join", "escalation ↑ PRC coerce",
                        "escalation ↑ PRC protest")
    assert build(mini, track_edges=False).edges == ()
