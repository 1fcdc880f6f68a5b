"""The inject flow of a scenario as a graph: turns as ranks, triggers as edges (Mermaid or Graphviz dot).

- Turns are columns, left to right, in order. Scheduled injects sit in their turn; a triggered
  inject sits in the first turn it can fire (from the lint's reachability analysis), drawn dashed,
  with a faint copy in every later turn it can still fire, so its whole window shows; injects that
  can never fire are grouped apart.
- An edge runs from an inject to an inject whose condition reads it: `chose(D, "x")` (from the
  inject offering D option x), `outcome(...)`/`succeeded(...)`/`fired(...)` (from the inject named),
  and, with track edges on, `track(...)` (from every inject with an option, combined move or
  response that moves *the track value the trigger reads* - the very delegation or pair - the way
  the condition needs). An edge ends at the target's first turn after the source's, so edges run
  forward in time and never tangle the columns. Edge labels name what leads there; the condition
  itself is printed once, in the target's box.
- Track edges are off by default (`wargame graph --track-edges`): a track moved by many options
  gives an edge from nearly every inject, which no picture survives; the trigger's box lists the
  tracks it reads instead.
"""

from __future__ import annotations

import re

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
    #: every turn it can fire in (a scheduled inject: its turn)
    turns: tuple[int, ...] = ()
    #: the trigger, shortened ("" for a scheduled inject)
    condition: str = ""
    #: the track values the trigger reads, e.g. ("trust JPN-KOR ↑",)
    reads: tuple[str, ...] = ()


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
        wanted = read_slots(cs, ci.when.node) if ci.when is not None else {}
        reads = tuple(f"{_slot_label(k)} {_arrow(d)}" for k, d in wanted.items())
        nodes.append(FlowNode(iid, inj.title, turn, inj.turn is None, ci.to, tuple(sorted(an.fire[iid])),
                              _short(ci.when.source, LABEL_WIDTH) if ci.when is not None else "", reads))
    track_sources = _track_sources(cs) if track_edges else {}
    edges = []
    for iid, ci in cs.injects.items():
        if ci.when is None:
            continue
        via: dict[str, list[str]] = {}
        wanted = read_slots(cs, ci.when.node)
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


def read_slots(cs, node) -> dict[str, set[int]]:
    """Track *value* (slot key, e.g. `trust.JPN-KOR`) -> directions that can make the condition hold.

    Like `track_directions`, but per value: `track("trust", JPN, KOR)` reads only the Japan-ROK
    trust, so options moving ROK-US trust do not lead there. A track read with a variable argument
    reads every value of that track.
    """
    from wargame.scenario.trackref import track_key

    by_track = track_directions(node)
    out: dict[str, set[int]] = {}
    for c in walk(node):
        if not (isinstance(c, Call) and c.func == "track"):
            continue
        tid = c.args[0].value
        codes = [_code(a) for a in c.args[1:]]
        dirs = by_track.get(tid, {1, -1})
        if all(code is not None and code in cs.delegations for code in codes):
            keys = [track_key(tid, *codes)]
        else:
            keys = [k for k in cs.slots if k == tid or k.startswith(tid + ".")]
        for k in keys:
            if k in cs.slots:
                out.setdefault(k, set()).update(dirs)
    return out


def _slot_label(key: str) -> str:
    return key.replace(".", " ")


def _arrow(dirs: set[int]) -> str:
    return "↑" if dirs == {1} else "↓" if dirs == {-1} else "←"


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
    """track value (slot key) -> inject id -> [(what changes it there, directions)], e.g. ("KOR: join", (1,))."""
    out: dict[str, dict[str, list]] = {}

    def add(key: str, amount, iid: str, what: str) -> None:
        lst = out.setdefault(key, {}).setdefault(iid, [])
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
        if len(a) == 3:  # succeeded("inject", DEL, "option")
            return [(a[0].value, [f"{code or 'any'}: {a[2].value} succeeded"])]
        return [(a[0].value, [f"{code or 'any'} {word}"])]
    if n.func == "fired":
        return [(a[0].value, ["fired"])]
    if n.func == "track":
        tid = a[0].value
        out = []
        for key, want in wanted.items():
            if key != tid and not key.startswith(tid + "."):
                continue
            for iid, what in track_sources.get(key, {}).items():
                leading = [f"{_slot_label(key).replace(' ', '/')} {_arrow(want)} {w}"
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
        won = re.fullmatch(r"(\w+): (\S+) succeeded", item)
        if won:  # succeeded("i", D, "a") or succeeded("i", D, "b"): "D succeeded a, b"
            groups.setdefault(f"{won.group(1)} succeeded", []).append(won.group(2))
        elif len(bits) == 3 and bits[1] in ("←", "↑", "↓"):
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
    return "i_" + iid.replace("-", "_").replace("@", "_at_")


def _drawn(flow: Flow) -> dict[str, FlowNode]:
    return {n.id: n for n in flow.nodes}


def _endpoints(flow: Flow, e: FlowEdge) -> tuple[str, str]:
    """The drawn nodes an edge joins: the source's box, and the target's box (or faint copy) in the
    first turn the target can fire after the source's turn, so that every edge runs forward."""
    nodes = _drawn(flow)
    src, dst = nodes[e.source], nodes[e.target]
    if src.turn is None or dst.turn is None:
        return src.id, dst.id
    later = [t for t in dst.turns if t > src.turn]
    t = later[0] if later else dst.turn
    return src.id, dst.id if t == dst.turn else f"{dst.id}@{t}"


def _window(n: FlowNode) -> str:
    if not n.triggered or not n.turns:
        return ""
    return f"turn {n.turns[0]}" if len(n.turns) == 1 else f"turns {_ranges(list(n.turns))}"


def _ranges(turns: list[int]) -> str:
    from wargame.scenario.lint.context import ranges

    return ranges(turns).replace("-", "–")


def _box_lines(n: FlowNode) -> list[str]:
    lines = [n.id, _short_title(n.title), _to_text(n)]
    if n.triggered:
        lines.append(f"can fire: {_window(n)}" if n.turns else "can never fire")
        lines += _wrap("when " + n.condition, 34, 3)
        if n.reads:
            lines += _wrap("reads " + ", ".join(n.reads), 34, 2)
    return lines


def _wrap(text: str, width: int, most: int) -> list[str]:
    import textwrap

    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


def _edge_label(e: FlowEdge) -> str:
    """What leads there, on at most two short lines (long labels are what made the old graphs sprawl)."""
    return "\n".join(_wrap(_via_text(e.via), 44, 2))


def mermaid(flow: Flow) -> str:
    lines = ["flowchart LR", f"  %% Inject flow of {flow.scenario}: {_mermaid_text(flow.title)}"]
    previous = None
    for key, label, nodes, ghosts in _groups(flow):
        lines.append(f'  subgraph {key}["{_mermaid_text(label)}"]')
        lines.append("    direction TB")
        for n in nodes:
            text = "<br/>".join(_mermaid_text(x) for x in _box_lines(n))
            lines.append(f'    {_mermaid_id(n.id)}["{text}"]' + (":::triggered" if n.triggered else ""))
        for n, t in ghosts:
            lines.append(f'    {_mermaid_id(f"{n.id}@{t}")}["{_mermaid_text(n.id)}<br/>(can still fire)"]:::ghost')
        if not nodes and not ghosts:
            lines.append(f'    {key}_empty["(no inject)"]:::ghost')
        lines.append("  end")
        if previous is not None:
            lines.append(f"  {previous} ~~~ {key}")  # keeps the turns in order, left to right
        previous = key
    for e in flow.edges:
        a, b = _endpoints(flow, e)
        arrow = "-.->" if e.dashed else "-->"
        label = "<br/>".join(_mermaid_text(x) for x in _edge_label(e).split("\n"))
        lines.append(f'  {_mermaid_id(a)} {arrow}|"{label}"| {_mermaid_id(b)}')
    lines.append("  classDef triggered stroke-dasharray: 5 5")
    lines.append("  classDef ghost stroke-dasharray: 2 4, color:#777, fill:#f7f7f7")
    return "\n".join(lines) + "\n"


# ================================================================== Graphviz dot

def _dot_text(text: str) -> str:
    """Text safe inside a double-quoted dot string (newlines become centred line breaks)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot(flow: Flow) -> str:
    """Turns as columns (left to right), each a cluster on its own rank, so the boxes never overlap."""
    lines = [f'digraph "{_dot_text(flow.scenario)}" {{',
             f'  label="{_dot_text(flow.title + " — inject flow")}";',
             "  labelloc=t;", "  rankdir=LR;", "  newrank=true;", "  ranksep=0.9;", "  nodesep=0.25;",
             '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8, color="#555555", fontcolor="#333333"];']
    anchors = []
    for key, label, nodes, ghosts in _groups(flow):
        anchor = f"{key}@anchor"
        anchors.append(anchor)
        lines.append(f"  subgraph cluster_{key} {{")
        lines.append(f'    label="{_dot_text(label)}"; style="rounded"; color="#999999";')
        lines.append(f'    "{anchor}" [style=invis, shape=point, width=0];')
        members = [anchor]
        for n in nodes:
            text = _dot_text("\n".join(_box_lines(n)))
            style = ', style="rounded,dashed"' if n.triggered else ""
            lines.append(f'    "{_dot_text(n.id)}" [label="{text}"{style}];')
            members.append(n.id)
        for n, t in ghosts:
            gid = f"{n.id}@{t}"
            lines.append(f'    "{_dot_text(gid)}" [label="{_dot_text(n.id)}\\n(can still fire)", style="rounded,dotted", '
                         f'fontsize=8, fontcolor="#777777", color="#999999"];')
            members.append(gid)
        if key != "never":
            lines.append("    { rank=same; " + " ".join(f'"{_dot_text(m)}";' for m in members) + " }")
        lines.append("  }")
    for a, b in zip(anchors, anchors[1:]):
        lines.append(f'  "{_dot_text(a)}" -> "{_dot_text(b)}" [style=invis, weight=100];')
    for n in flow.nodes:  # a faint line joins a triggered inject's copies across its window
        if n.triggered and len(n.turns) > 1:
            chain = [n.id] + [f"{n.id}@{t}" for t in n.turns if t != n.turn]
            for a, b in zip(chain, chain[1:]):
                lines.append(f'  "{_dot_text(a)}" -> "{_dot_text(b)}" [style=dotted, arrowhead=none, color="#bbbbbb"];')
    for e in flow.edges:
        a, b = _endpoints(flow, e)
        style = ", style=dashed" if e.dashed else ""
        lines.append(f'  "{_dot_text(a)}" -> "{_dot_text(b)}" [label="{_dot_text(_edge_label(e))}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _groups(flow: Flow) -> list[tuple[str, str, list[FlowNode], list[tuple[FlowNode, int]]]]:
    """(key, label, injects drawn in the turn, faint copies (inject, turn) of triggered ones still open)."""
    out = []
    for t, date in flow.turns:
        nodes = [n for n in flow.nodes if n.turn == t]
        ghosts = [(n, t) for n in flow.nodes if n.triggered and n.turn is not None and t in n.turns and t != n.turn]
        out.append((f"turn{t}", f"Turn {t} · {date}", nodes, ghosts))
    never = [n for n in flow.nodes if n.turn is None]
    if never:
        out.append(("never", "Never fires", never, []))
    return out


def _short_title(title: str) -> str:
    return title if len(title) <= 40 else title[:39] + "…"


def _to_text(n: FlowNode) -> str:
    return "to " + " ".join(n.to) if n.to else "to nobody"


FORMATS = {"mermaid": mermaid, "dot": dot}
