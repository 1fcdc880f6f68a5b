"""The inject flow of a scenario as a graph: turns as ranks, triggers as edges (Mermaid or Graphviz dot).

- Scheduled injects sit in their turn; triggered injects sit at the earliest turn they can fire
  (from the lint's reachability analysis), drawn dashed; injects that can never fire are grouped
  apart.
- An edge runs from an inject to an inject whose condition reads it: `chose(D, "x")` (from the
  inject offering D option x), `outcome(...)`/`succeeded(...)`/`fired(...)` (from the inject named),
  and `track(...)` (from every inject with an option, combined move or response moving that track
  the way the condition needs, if it can fire before the target's last possible turn). Edges are
  labelled with the shortened condition and the options that lead there.
"""

from __future__ import annotations

import attrs

from wargame.expr.parser import And, Call, Compare, Name, Not, Or, unparse, walk

LABEL_WIDTH = 48
MAX_OPTIONS = 4


@attrs.frozen
class FlowNode:
    id: str
    title: str
    #: turn the inject is drawn in (scheduled turn, or earliest possible turn); None: can never fire
    turn: int | None
    triggered: bool
    to: tuple[str, ...]


@attrs.frozen
class FlowEdge:
    source: str
    target: str
    condition: str
    #: what leads there, e.g. ("KOR: join", "USA outcome", "escalation")
    via: tuple[str, ...]
    dashed: bool


@attrs.frozen
class Flow:
    scenario: str
    title: str
    turns: tuple[tuple[int, str], ...]  # (turn, date)
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]


def build(cs, track_edges: bool = True) -> Flow:
    from wargame.engine.state import turn_date
    from wargame.scenario.lint import Analysis

    an = Analysis(cs)
    s = cs.scenario
    nodes = []
    for iid, ci in cs.injects.items():
        inj = ci.inject
        turn = inj.turn if inj.turn is not None and an.fire[iid] else an.earliest(iid)
        nodes.append(FlowNode(iid, inj.title, turn, inj.turn is None, ci.to))
    track_sources = _track_sources(cs) if track_edges else {}
    edges = []
    for iid, ci in cs.injects.items():
        if ci.when is None:
            continue
        via: dict[str, list[str]] = {}
        wanted = track_directions(ci.when.node)
        for n in walk(ci.when.node):
            for src, what in _sources(cs, n, track_sources, wanted):
                if src != iid and _can_lead(an, src, iid):
                    lst = via.setdefault(src, [])
                    for w in what:
                        if w not in lst:
                            lst.append(w)
        cond = _short(ci.when.source, LABEL_WIDTH)
        for src, what in via.items():
            edges.append(FlowEdge(src, iid, cond, tuple(what), ci.inject.turn is None))
    turns = tuple((t, turn_date(s.turns.start, s.turns.step, t)) for t in range(1, s.turns.count + 1))
    return Flow(s.id, s.title, turns, tuple(nodes), tuple(edges))


def _can_lead(an, src: str, dst: str) -> bool:
    """Whether `src` can fire before `dst`'s last possible turn (unknown: keep the edge)."""
    if not an.fire[src] or not an.fire[dst]:
        return True
    return min(an.fire[src]) < max(an.fire[dst])


def _code(node) -> str | None:
    return node.name if isinstance(node, Name) else None


def track_directions(node) -> dict[str, set[int]]:
    """track id -> the directions of change (+1 up, -1 down) that can make the condition hold.

    `track("x") >= 5` wants x up, `not (track("x") > 2)` wants it down; a track inside arithmetic,
    an equality or a function call may matter either way.
    """
    out: dict[str, set[int]] = {}

    def both(n) -> None:
        for c in walk(n):
            if isinstance(c, Call) and c.func == "track":
                out.setdefault(c.args[0].value, set()).update((1, -1))

    def visit(n, polarity: int) -> None:
        if isinstance(n, Not):
            visit(n.operand, -polarity)
        elif isinstance(n, (And, Or)):
            for item in n.items:
                visit(item, polarity)
        elif isinstance(n, Compare) and n.op in ("<", "<=", ">", ">="):
            up = 1 if n.op in (">", ">=") else -1
            for side, sign in ((n.left, 1), (n.right, -1)):
                if isinstance(side, Call) and side.func == "track" and all(
                        not isinstance(a, Call) for a in side.args):
                    out.setdefault(side.args[0].value, set()).add(up * sign * polarity)
                else:
                    both(side)
        else:
            both(n)

    visit(node, 1)
    return out


def _sign(amount) -> tuple[int, ...]:
    if isinstance(amount, (int, float)):
        return (1,) if amount > 0 else (-1,) if amount < 0 else ()
    return (1, -1)  # an expression: either way


def _track_sources(cs) -> dict[str, dict[str, list[tuple[str, tuple[int, ...]]]]]:
    """track id -> inject id -> [(what changes it there, directions)], e.g. ("KOR: join", (1,))."""
    out: dict[str, dict[str, list]] = {}

    def add(key: str, amount, iid: str, what: str) -> None:
        lst = out.setdefault(key.split(".")[0], {}).setdefault(iid, [])
        signs = _sign(amount)
        for n, (w, s) in enumerate(lst):
            if w == what:
                lst[n] = (w, tuple(sorted(set(s) | set(signs))))
                return
        if signs:
            lst.append((what, signs))

    for iid, ci in cs.injects.items():
        for d, opts in ci.options.items():
            for oid, co in opts.items():
                for effects in co.effects.values():
                    for key, amount in effects:
                        add(key, amount, iid, f"{d}: {oid}")
        for rule in ci.combined:
            for key, amount in rule.effects:
                add(key, amount, iid, f"combined {rule.rule.id}")
        for rule in ci.responses:
            for key, amount in rule.effects:
                add(key, amount, iid, f"{rule.rule.actor} {rule.rule.id}")
    return out


def _sources(cs, n, track_sources, wanted: dict[str, set[int]]) -> list[tuple[str, list[str]]]:
    if not isinstance(n, Call):
        return []
    a = n.args
    if n.func == "chose":
        code, oid = _code(a[0]), a[1].value
        named = a[2].value if len(a) == 3 else None
        out = []
        for iid, ci in cs.injects.items():
            if named is not None and iid != named:
                continue
            holders = [d for d, opts in ci.options.items() if oid in opts and (code is None or d == code)]
            if holders:
                out.append((iid, [f"{d}: {oid}" for d in holders]))
        return out
    if n.func in ("outcome", "succeeded"):
        code = _code(a[1])
        word = "succeeded" if n.func == "succeeded" else "outcome"
        return [(a[0].value, [f"{code or 'any'} {word}"])]
    if n.func == "fired":
        return [(a[0].value, ["fired"])]
    if n.func == "track":
        tid = a[0].value
        want = wanted.get(tid, {1, -1})
        out = []
        for iid, what in track_sources.get(tid, {}).items():
            leading = [f"{tid} {'↑' if want == {1} else '↓' if want == {-1} else '←'} {w}"
                       for w, signs in what if want & set(signs)]
            if leading:
                out.append((iid, leading))
        return out
    return []


def _short(text: str, width: int) -> str:
    from wargame.expr import parse

    try:
        text = unparse(parse(text))
    except Exception:  # pragma: no cover - the scenario is already checked
        pass
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _via_text(via: tuple[str, ...]) -> str:
    """`KOR: join; escalation ↑ USA: convene, PRC coerce, +2 more` (track changes grouped by track).

    `↑`/`↓`: the condition wants the track up/down and these raise/lower it; `←`: they change it.
    """
    groups: dict[str, list[str]] = {}
    for item in via:
        bits = item.split(" ", 2)
        if len(bits) == 3 and bits[1] in ("←", "↑", "↓"):
            groups.setdefault(f"{bits[0]} {bits[1]}", []).append(bits[2])
        else:
            groups.setdefault("", []).append(item)
    parts = []
    for head, items in groups.items():
        shown = items[:MAX_OPTIONS] + ([f"+{len(items) - MAX_OPTIONS} more"] if len(items) > MAX_OPTIONS else [])
        parts.append((f"{head} " if head else "") + ", ".join(shown))
    return "; ".join(parts)


# ================================================================== Mermaid

def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (entity codes for the characters Mermaid parses)."""
    out = text.replace("#", "#35;")
    for ch, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;"), ("`", "#96;"),
                     ("[", "#91;"), ("]", "#93;"), ("{", "#123;"), ("}", "#125;")):
        out = out.replace(ch, code)
    return out


def _mermaid_id(iid: str) -> str:
    return "i_" + iid.replace("-", "_")


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TB", f"  %% Inject flow of {flow.scenario}: {_mermaid_text(flow.title)}"]
    groups = _groups(flow)
    previous = None
    for key, label, nodes in groups:
        lines.append(f'  subgraph {key}["{_mermaid_text(label)}"]')
        lines.append("    direction LR")
        for n in nodes:
            text = _mermaid_text(n.id) + "<br/>" + _mermaid_text(_short_title(n.title)) + \
                "<br/><small>" + _mermaid_text(_to_text(n)) + "</small>"
            lines.append(f'    {_mermaid_id(n.id)}["{text}"]' + (":::triggered" if n.triggered else ""))
        lines.append("  end")
        if previous is not None:
            lines.append(f"  {previous} ~~~ {key}")
        previous = key
    for e in flow.edges:
        label = _mermaid_text(e.condition) + "<br/>" + _mermaid_text(_via_text(e.via))
        arrow = "-.->" if e.dashed else "-->"
        lines.append(f'  {_mermaid_id(e.source)} {arrow}|"{label}"| {_mermaid_id(e.target)}')
    lines.append("  classDef triggered stroke-dasharray: 5 5")
    return "\n".join(lines) + "\n"


# ================================================================== Graphviz dot

def _dot_text(text: str) -> str:
    """Text safe inside a double-quoted dot string (newlines become centred line breaks)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot(flow: Flow) -> str:
    lines = [f'digraph "{_dot_text(flow.scenario)}" {{',
             f'  label="{_dot_text(flow.title + " — inject flow")}";',
             "  labelloc=t;", "  rankdir=TB;", "  newrank=true;",
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    anchors = []
    for key, label, nodes in _groups(flow):
        lines.append(f"  subgraph cluster_{key} {{")
        lines.append(f'    label="{_dot_text(label)}";')
        for n in nodes:
            text = _dot_text(f"{n.id}\n{_short_title(n.title)}\n{_to_text(n)}")
            style = ', style="rounded,dashed"' if n.triggered else ""
            lines.append(f'    "{_dot_text(n.id)}" [label="{text}"{style}];')
        lines.append("  }")
        if nodes:
            anchors.append(nodes[0].id)
    for a, b in zip(anchors, anchors[1:]):
        lines.append(f'  "{_dot_text(a)}" -> "{_dot_text(b)}" [style=invis, weight=10];')
    for e in flow.edges:
        label = _dot_text(f"{e.condition}\n{_via_text(e.via)}")
        style = ", style=dashed" if e.dashed else ""
        lines.append(f'  "{_dot_text(e.source)}" -> "{_dot_text(e.target)}" [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _groups(flow: Flow) -> list[tuple[str, str, list[FlowNode]]]:
    out = []
    for t, date in flow.turns:
        nodes = [n for n in flow.nodes if n.turn == t]
        out.append((f"turn{t}", f"Turn {t} · {date}", nodes))
    never = [n for n in flow.nodes if n.turn is None]
    if never:
        out.append(("never", "Never fires", never))
    return out


def _short_title(title: str) -> str:
    return title if len(title) <= 40 else title[:39] + "…"


def _to_text(n: FlowNode) -> str:
    return "to " + " ".join(n.to) if n.to else "to nobody"


FORMATS = {"mermaid": mermaid, "dot": dot}
