"""The projector view: the room's view of the game (`view_for(state, "room")`), the same public
facts the room page of the seat server shows — the turn and phase, the deliberation timer, who has
sealed (never what), this turn's injects, and after the reveal the moves, adjudications, responses
and outcome, with the tracks beside them. Nothing else of the state is read here.

The screen is built once per app and kept (`app.projector`), so F2 opens it at once; a second F2
within half a second of opening is a double press, not a request to close.
"""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, Static

from wargame.engine.views import view_for
from wargame.tui.format import PHASE_LABELS, STATUS_ICONS, escape, num, signed
from wargame.tui.widgets.dashboard import bar

#: A toggle key pressed again this soon after opening is the same press, repeated.
DOUBLE_PRESS = 0.5


def _names(view: dict) -> dict:
    return {d["code"]: d["name"] + (f" — {d['team']}" if d["team"] else "") for d in view["delegations"]}


def _titles(view: dict) -> dict:
    return {i["id"]: i["title"] for i in view["injects"]}


def _bot(view: dict, code: str) -> str:
    policy = next((d["bot"] for d in view["delegations"] if d["code"] == code), None)
    return f" [$foreground-muted](bot: {escape(policy)})[/]" if policy else ""


def clock(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def timer_markup(view: dict, remaining: float | None) -> str:
    t = view.get("timer")
    if t is None:
        return ""
    if t["expired"] or (remaining is not None and remaining <= 0):
        return "[b $error]Time is up[/]"
    if remaining is None:
        return ""
    colour = "$warning" if remaining <= 60 else "$accent"
    return f"[$foreground-muted]Deliberation[/]\n[b {colour}]{clock(remaining)}[/]"


def status_markup(view: dict) -> str:
    """Who has sealed, grouped under each inject (two injects to one delegation read as two lines)."""
    names, titles = _names(view), _titles(view)
    lines = []
    current = None
    for s in view["status"]:
        if s["inject"] != current:
            current = s["inject"]
            lines.append(("" if not lines else "\n") + f"[b]{escape(titles.get(current, current))}[/]")
        colour = "$warning" if s["status"] == "waiting" else "$success"
        lines.append(f"  {STATUS_ICONS.get(s['status'], '·')} {escape(names.get(s['delegation'], s['delegation']))}"
                     f"{_bot(view, s['delegation'])} — [{colour}]{s['status']}[/]")
    return "\n".join(lines) or "[$foreground-muted]No delegation moves this turn.[/]"


def plain(markdown: str) -> str:
    """Scenario Markdown as plain paragraphs: lines of a paragraph joined, bold markers dropped."""
    paras = [" ".join(p.split()) for p in (markdown or "").replace("**", "").split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def injects_markup(view: dict) -> str:
    parts = []
    names = _names(view)
    for i in view["injects"]:
        to = ", ".join(names.get(c, c) for c in i["to"])
        parts.append(f"[b]{escape(i['title'])}[/]\n[$foreground-muted]For: {escape(to)}[/]\n{escape(plain(i['narrative']))}")
    return "\n\n".join(parts)


def effects_markup(lines: list[dict]) -> str:
    return "; ".join(f"{escape(e['label'])} [b]{signed(e['delta'])}[/] ({num(e['before'])}→{num(e['after'])})"
                     for e in lines) or "[$foreground-muted]no change to the tracks[/]"


def moves_markup(view: dict) -> str:
    names, titles = _names(view), _titles(view)
    parts = []
    for m in view["moves"]:
        choice = m["label"] or f"Free-form: {m['action']}"
        bot = f" [$foreground-muted]({escape(m['by'])})[/]" if (m.get("by") or "").startswith("bot:") else ""
        text = [f"[b]{escape(names.get(m['delegation'], m['delegation']))}[/]{bot} "
                f"[$foreground-muted]on {escape(titles.get(m['inject'], m['inject']))}[/]", f"  {escape(choice)}"]
        if m["argument"]:
            text.append(f"  [$foreground-muted]Argument:[/] {escape(m['argument'])}")
        if m["rationale"]:
            text.append(f"  [$foreground-muted]Rationale:[/] {escape(m['rationale'])}")
        if m["roll"] is not None:
            text.append(f"  Odds {m['probability'] * 100:.0f}% · needs {m['target']} or less on a d{m['sides']} · "
                        f"rolled [b]{m['roll']}[/]")
        elif m["probability"] is not None:
            text.append(f"  Odds {m['probability'] * 100:.0f}% · needs {m['target']} or less on a d{m['sides']}")
        if m["outcome"]:
            over = (f" [$warning](Control overrode the roll's {escape(m['proposed_label'] or '')})[/]"
                    if m["overridden"] else "")
            text.append(f"  → [b]{escape(m['outcome_label'])}[/]{over}")
            if m["reason"]:
                text.append(f"  [$foreground-muted]Control's reason:[/] {escape(m['reason'])}")
            text.append("  " + effects_markup(m["effects"]))
        parts.append("\n".join(text))
    for c in view["combined"]:
        parts.append(f"[b]Combined: {escape(c['label'])}[/]\n  {effects_markup(c['effects'])}")
    for r in view["responses"]:
        parts.append(f"[b]{escape(r['actor_name'])}: {escape(r['label'] or 'no response')}[/]\n"
                     f"  {escape(plain(r['narrative']))}\n  {effects_markup(r['effects'])}".rstrip())
    return "\n\n".join(parts)


def ended_markup(view: dict) -> str:
    e = view.get("ended")
    if not e:
        return ""
    names = _names(view)
    lines = [f"[b]The game is over[/] — {escape(e['reason'])}"]
    for a in e["assessment"]:
        lines.append(f"  {escape(names.get(a['delegation'], a['delegation']))}: objectives {a['score']} of {a['of']}")
    return "\n".join(lines)


def tracks_markup(view: dict, label_width: int = 22, bar_width: int = 14) -> str:
    out = []
    for t in view["tracks"]:
        label = t["label"] if len(t["label"]) <= label_width else t["label"][: label_width - 1] + "…"
        full, empty = bar(t["value"], t["min"], t["max"], bar_width)
        change = ""
        if t["change"]:
            good = (t["change"] > 0) == (t["higher_is"] == "better")
            colour = "$foreground" if t["higher_is"] == "neutral" else "$success" if good else "$error"
            change = f" [b {colour}]{'▲' if t['change'] > 0 else '▼'}{signed(t['change'])}[/]"
        out.append(f"{escape(label):<{label_width}} [$accent]{full}[/][$foreground-muted]{empty}[/] "
                   f"[b]{num(t['value']):>2}[/][$foreground-muted]/{t['max']}[/]{change}")
    return "\n".join(out)


class ProjectorScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back to Control view", tooltip="Leave the projector view"),
        Binding("f2,p", "toggle", "Back to Control view", show=False,
                tooltip="Back to the Control view (a quick repeat of the press that opened it is ignored)"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="Scroll the injects or the moves down"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="Scroll them back up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown_at = 0.0
        self._ready = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="proj-top"):
            yield Digits("1", id="proj-turn")
            yield Static("", id="proj-title")
            yield Static("", id="proj-timer")
        with Horizontal(id="proj-body"):
            with VerticalScroll(id="proj-left"):
                yield Static("", id="proj-ended")
                yield Static("", id="proj-main")
            with VerticalScroll(id="proj-right"):
                yield Static("", id="proj-status")
                yield Static("", id="proj-tracks")
        yield Static(Content.from_markup("[$foreground-muted]Projector view — Esc returns to the Control view · "
                                         "PgUp/PgDn scroll[/]"), id="proj-foot")

    def on_mount(self) -> None:
        self._ready = True
        self.set_interval(1.0, self._tick)
        self.update_state()

    def opened(self) -> None:
        """Called as F2 pushes it: until it has been painted, a repeat of that press is ignored."""
        self._shown_at = float("inf")

    def on_screen_resume(self) -> None:
        self.update_state()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self._shown_at = time.monotonic()
        self.query_one("#proj-left").focus()

    def view(self) -> dict:
        return view_for(self.app.session.state, "room")

    def update_state(self, state=None) -> None:
        if not self._ready or self.app.session is None:
            return
        v = self.view()
        turn = v["turn"]
        self.query_one("#proj-turn", Digits).update(str(turn))
        self.query_one("#proj-title", Static).update(Content.from_markup(
            f"[b]{escape(v['scenario']['title'])}[/]\nTurn {turn} of {v['turns']}"
            f"{' · ' + v['date'] if v['date'] else ''}\n[b $accent]{PHASE_LABELS.get(v['phase'], v['phase'])}[/]"
            f"\n[$foreground-muted]{escape(self.app.session.witness_text)}[/]"))
        self._render_timer(v)
        before = v["phase"] == "deliberation"
        self.query_one("#proj-main", Static).update(Content.from_markup(
            injects_markup(v) if before else moves_markup(v) or "[$foreground-muted]No move this turn.[/]"))
        ended = ended_markup(v)
        self.query_one("#proj-ended", Static).update(Content.from_markup(ended))
        self.query_one("#proj-ended").display = bool(ended)
        status = self.query_one("#proj-status", Static)
        status.update(Content.from_markup(status_markup(v)))
        status.display = before
        self.query_one("#proj-tracks", Static).update(Content.from_markup(tracks_markup(v)))

    def _render_timer(self, v: dict) -> None:
        remaining = self.app.session.timer_remaining() if v.get("timer") else None
        self.query_one("#proj-timer", Static).update(Content.from_markup(timer_markup(v, remaining)))

    def _tick(self) -> None:
        if self.app.session is not None and self.is_current:
            self._render_timer(self.view())

    def action_page(self, direction: int) -> None:
        scroll = self.query_one("#proj-left", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)

    def action_toggle(self) -> None:
        if time.monotonic() - self._shown_at < DOUBLE_PRESS:
            return
        self.action_close()

    def action_close(self) -> None:
        self.app.pop_screen()
