"""The adjudication and response boards: every revealed move (or pending non-player response)
side by side as cards, each showing the probability with its modifier breakdown, the roll,
the proposed outcome level and the effects about to apply.

Cards are focusable; the game screen acts on the focused card. All text comes from the state;
the cards hold only the key of what they show.
"""

from __future__ import annotations

from textual.containers import Grid
from textual.content import Content
from textual.widgets import Static

from wargame.engine.adjudication import evaluate_effects, odds_breakdown
from wargame.tui.format import (
    actor_name,
    effect_markup,
    escape,
    inject_title,
    move_choice,
    pct,
    response_rule,
    signed_pct,
    team_label,
)


def breakdown_markup(lines, total: float) -> str:
    parts = []
    for i, (label, amount) in enumerate(lines):
        amt = pct(amount) if i == 0 else signed_pct(amount)
        parts.append(f"  {escape(label)} [b]{amt}[/]")
    parts.append(f"  [b]= {pct(total)}[/]")
    return "\n".join(parts)


def move_card_markup(state, inject: str, delegation: str) -> str:
    cs = state.cs
    m = state.moves.get((inject, delegation))
    if m is None or m.status == "sealed":  # never reached after the reveal; a guard for reuse
        return f"[b]{escape(team_label(state, delegation))}[/]\n[$foreground-muted]sealed[/]"
    sides = cs.ruleset.dice.sides
    out = [f"[b $accent]{escape(team_label(state, delegation))}[/]"]
    if len(state.active) > 1:
        out.append(f"[$foreground-muted]{escape(inject_title(cs, inject))}[/]")
    out.append(f"[b]{escape(move_choice(cs, m))}[/]")
    if m.is_free and m.argument:
        out.append(f"[i]Argument:[/] {escape(m.argument)}")
    if m.rationale:
        out.append(f"[i]Rationale:[/] {escape(m.rationale)}")
    if m.status == "revealed":
        if m.is_free:
            out.append(f"Odds: set by Control at the roll (suggested {pct(cs.ruleset.free_action_odds)})")
        else:
            p, lines = odds_breakdown(state, inject, delegation, m.option, None)
            out.append("Probability of success:")
            out.append(breakdown_markup(lines, p))
            out.append(f"  [$foreground-muted]success if d{sides} ≤ {round(p * sides)}[/]")
        out.append("[$warning]▸ [b]r[/] roll · [b]d[/] type a die[/]" if state.mode != "free" else "[$warning]▸ [b]r[/] roll · [b]d[/] die · [b]o[/] decide[/]")
        return "\n".join(out)
    out.append("Probability of success:")
    out.append(breakdown_markup(m.breakdown or [], m.probability or 0))
    how = "die entered" if m.physical else "rolled"
    out.append(f"Roll: [b]{m.roll}[/] on d{sides} ({how}), target ≤ {m.target}")
    if m.status == "rolled":
        out.append(f"Rules propose: [b]{escape(cs.outcome_label(m.proposed))}[/]")
        if not m.is_free:
            co = cs.injects[inject].options[delegation][m.option]
            lines = evaluate_effects(state, co.effects.get(m.proposed, ()))
            out.append(f"Effects: {effect_markup(cs, lines)}")
        else:
            out.append("Effects: [$foreground-muted]decided by Control[/]")
        out.append("[$warning]▸ [b]a[/] accept · [b]o[/] override[/]" if state.mode != "free" else "[$warning]▸ [b]o[/] Control decides[/]")
        return "\n".join(out)
    # resolved
    verdict = f"[b $success]{escape(cs.outcome_label(m.outcome))}[/]"
    if m.by == "control":
        over = " (override)" if m.proposed and m.outcome != m.proposed else ""
        verdict += f" — [b $warning]Control{over}[/]"
        if m.reason:
            verdict += f": {escape(m.reason)}"
    else:
        verdict += " — rules"
    out.append(f"Outcome: {verdict}")
    out.append(f"Effects: {effect_markup(cs, m.effects or [])}")
    return "\n".join(out)


def response_card_markup(state, actor: str) -> str:
    cs = state.cs
    out = [f"[b $accent]{escape(actor_name(cs, actor))}[/]"]
    a = cs.scenario.actors.get(actor)
    if a is not None and a.intent:
        out.append(f"[$foreground-muted]Intent: {escape(a.intent)}[/]")
    if actor in state.proposals:
        rid = state.proposals[actor]
        rule = response_rule(cs, state, actor, rid)
        if rule is None:
            out.append("Table proposes: [b]no response[/]")
        else:
            out.append(f"Table proposes: [b]{escape(rule.rule.label)}[/]")
            if rule.rule.narrative:
                out.append(escape(rule.rule.narrative.strip()))
            out.append(f"Effects: {effect_markup(cs, evaluate_effects(state, rule.effects))}")
        out.append("[$warning]▸ [b]a[/] accept · [b]o[/] choose another[/]" if state.mode != "free" else "[$warning]▸ [b]o[/] Control decides[/]")
        return "\n".join(out)
    done = [r for r in state.turn_responses if r["actor"] == actor]
    if done:
        ev = done[-1]
        rule = response_rule(cs, state, actor, ev["response"])
        label = rule.rule.label if rule else "no response"
        who = "rules" if ev["by"] == "rules" else f"[b $warning]Control[/]: {escape(ev['reason'])}"
        out.append(f"Applied: [b]{escape(label)}[/] — {who}")
        out.append(f"Effects: {effect_markup(cs, ev['effects'])}")
    return "\n".join(out)


class Card(Static, can_focus=True):
    """A focusable card showing one move or one actor; `key` names it."""

    def __init__(self, key, content="", **kw):
        super().__init__(content, **kw)
        self.key = key


class MoveBoard(Grid):
    """Cards for every move this turn (kind="moves") or every actor with a response (kind="responses")."""

    DEFAULT_CLASSES = "board"

    def __init__(self, state=None, kind: str = "moves", **kw):
        super().__init__(**kw)
        self.state, self.kind = state, kind
        self._keys: list = []

    def keys_for(self, state) -> list:
        if state is None:
            return []
        if self.kind == "moves":
            return [k for k in state.expected if k in state.moves]
        actors = list(state.proposals)
        actors += [r["actor"] for r in state.turn_responses if r["actor"] not in actors]
        return actors

    def markup_for(self, state, key) -> str:
        if self.kind == "moves":
            return move_card_markup(state, *key)
        return response_card_markup(state, key)

    def on_mount(self) -> None:
        self.update_state(self.state)

    def on_resize(self) -> None:
        self.styles.grid_size_columns = max(1, min(3, self.size.width // 34))

    def update_state(self, state) -> None:
        self.state = state
        keys = self.keys_for(state)
        if keys != self._keys:
            self._keys = keys
            self.remove_children()
            cards = []
            for k in keys:
                card = Card(k, Content.from_markup(self.markup_for(state, k)), classes="card")
                card.set_class(self._done(k), "done")
                cards.append(card)
            self.mount_all(cards)
        else:
            self._fill()

    def _fill(self) -> None:
        if self.state is None:
            return
        for card in self.query(Card):
            if card.key in self._keys:
                card.update(Content.from_markup(self.markup_for(self.state, card.key)))
                done = self._done(card.key)
                card.set_class(done, "done")

    def _done(self, key) -> bool:
        if self.kind == "moves":
            m = self.state.moves.get(tuple(key))
            return m is not None and m.status == "resolved"
        return key not in self.state.proposals

    def cards(self) -> list[Card]:
        return list(self.query(Card))
