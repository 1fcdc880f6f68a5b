"""The inject flow graph: structure of the Mermaid and dot output, placement, trigger edges, escaping."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MINI, ROOT
from wargame.scenario.flow import build, dot, mermaid, read_slots
from wargame.scenario.load import load_scenario

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))

MERMAID_NODE = re.compile(r'^    (i_\w+)\["([^"]*)"\](:::triggered)?$')
MERMAID_GHOST = re.compile(r'^    (i_\w+_at_\d+)\["([^"]*)"\]:::ghost$')
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
    assert lines[0] == "flowchart LR"
    nodes = [m.group(1) for m in map(MERMAID_NODE.match, lines) if m]
    ghosts = [m.group(1) for m in map(MERMAID_GHOST.match, lines) if m]
    expected = sorted("i_" + i.replace("-", "_") for i in inject_ids)
    assert sorted(nodes) == expected, "every inject appears exactly once"
    assert sum(1 for x in lines if x.strip().startswith("subgraph ")) == sum(1 for x in lines if x.strip() == "end")
    edges = [m.groups() for m in map(MERMAID_EDGE.match, lines) if m]
    assert len(edges) == sum(1 for x in lines if "->|" in x), "every edge line is well formed"
    for src, _arrow, _label, dst in edges:
        assert src in nodes and (dst in nodes or dst in ghosts)
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
    # track("escalation") >= 5: incubator's turn-1 effects can make flare fire from turn 2 on
    assert [(s, d) for s, _a, _l, d in edges] == [("i_incubator", "i_flare_at_2")]
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
    assert label == "KOR: join"
    box = next(ln for ln in mermaid(flow).splitlines() if ln.startswith("    i_follow_up["))
    assert "when chose(KOR, #quot;join#quot;)" in box and "can fire: turn 2<br/>" in box  # mini has 2 turns
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
    assert capsys.readouterr().out.startswith("flowchart LR")
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
    # the command draws track edges only when asked
    from wargame.cli import main

    assert main(["graph", str(MINI), "-f", "dot", "-o", "/dev/null"]) == 0


def _turn_of(flow, drawn: str) -> int | None:
    iid, _, t = drawn.partition("@")
    return int(t) if t else {n.id: n for n in flow.nodes}[iid].turn


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_triggered_injects_show_their_whole_window_and_edges_run_forward(path):
    from wargame.scenario.flow import _endpoints

    cs = load_scenario(path)
    flow = build(cs, track_edges=True)
    d, m = dot(flow), mermaid(flow)
    for n in flow.nodes:
        if n.triggered and n.turn is not None:
            assert n.turn == n.turns[0]
            for t in n.turns[1:]:  # a faint copy in every later turn it can still fire
                assert re.search(rf'^    "{re.escape(n.id)}@{t}" \[label=', d, re.M), (n.id, t)
                assert f'    i_{n.id.replace("-", "_")}_at_{t}["' in m
    for e in flow.edges:
        a, b = _endpoints(flow, e)
        ta, tb = _turn_of(flow, a), _turn_of(flow, b)
        target = {n.id: n for n in flow.nodes}[e.target]
        if ta is not None and tb is not None and any(t > ta for t in target.turns):
            assert tb > ta, (e.source, e.target, a, b)
    # Mermaid: turn subgraphs in order, chained so the layout keeps them in order
    keys = re.findall(r"^  subgraph (turn\d+)\[", m, re.M)
    assert keys == [f"turn{t}" for t, _d in flow.turns]
    for k1, k2 in zip(keys, keys[1:]):
        assert f"  {k1} ~~~ {k2}" in m


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_track_edges_come_only_from_options_moving_the_value_read(path):
    cs = load_scenario(path)
    flow = build(cs, track_edges=True)
    checked = 0
    for e in flow.edges:
        reads = read_slots(cs, cs.injects[e.target].when.node)
        for item in e.via:
            m = re.match(r"^(\S+) ([↑↓←]) (\w+): (\S+)$", item)
            if not m:
                continue
            slot, arrow, who, oid = m.groups()
            slot = slot.replace("/", ".")
            assert slot in reads, (e.target, item)  # the very value the trigger reads
            co = cs.injects[e.source].options.get(who, {}).get(oid)
            if co is None:
                continue  # a combined move or response (named "combined x" / "PRC x")
            amounts = [a for effects in co.effects.values() for k, a in effects if k == slot]
            assert amounts, (e.source, who, oid, slot)
            want = {"↑": 1, "↓": -1}.get(arrow)
            if want is not None:
                assert any(not isinstance(a, (int, float)) or a * want > 0 for a in amounts), (item, amounts)
            checked += 1
    assert checked


def test_pair_track_trigger_ignores_other_pairs():
    cs = load_scenario(ROOT / "scenarios" / "incubator-at-sea.yaml")
    flow = build(cs, track_edges=True)
    into = [v for e in flow.edges if e.target == "trust-dividend" for v in e.via]
    assert into and all(v.startswith("trust/JPN-KOR ↑") for v in into if "trust" in v)
    assert not any("KOR-USA" in v for v in into)


def _cluster_boxes(dot_text: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    import json
    import subprocess

    out = subprocess.run(["dot", "-Tjson"], input=dot_text, capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    boxes = [(o["name"], tuple(map(float, o["bb"].split(",")))) for o in data.get("objects", [])
             if o.get("name", "").startswith("cluster_")]
    return boxes, tuple(map(float, data["bb"].split(",")))


@pytest.mark.skipif(not __import__("shutil").which("dot"), reason="Graphviz (dot) is not installed")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_default_dot_renders_legibly_with_graphviz(path):
    cs = load_scenario(path)
    assert 10 <= len(cs.injects) <= 20
    boxes, whole = _cluster_boxes(dot(build(cs, track_edges=False)))
    assert len(boxes) >= cs.scenario.turns.count
    for i, (na, a) in enumerate(boxes):
        for nb, b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{na} and {nb} overlap"
    turns = sorted((b for n, b in boxes if n.startswith("cluster_turn")), key=lambda b: b[0])
    assert [b[0] for b in turns] == sorted(b[0] for b in turns)  # left to right in turn order
    width, height = whole[2] - whole[0], whole[3] - whole[1]
    assert width <= 2600 and height <= 1300, (width, height)  # points; ~35 x 18 inches at most


def test_option_specific_successes_are_labelled_by_delegation():
    from wargame.scenario.flow import _edge_label

    cs = load_scenario(ROOT / "scenarios" / "incubator-at-sea.yaml")
    flow = build(cs, track_edges=False)
    (edge,) = [e for e in flow.edges if (e.source, e.target) == ("observer-seats", "working-groups")]
    assert "JPN: full-membership succeeded" in edge.via
    label = _edge_label(edge)
    assert label.count("\n") <= 1 and all(len(line) <= 44 for line in label.split("\n"))
    assert label.replace("\n", " ").startswith("JPN succeeded accept-quietly, accept-publicly, own-terms,")
