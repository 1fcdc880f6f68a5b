"""The end of the game: each delegation's objectives assessed against the final state, the
debrief questions tied to the learning objectives, where the log is and the report command."""

from __future__ import annotations

from textual.app import ComposeResult
from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Markdown

from wargame.engine.commands import AddNote, Rejected
from wargame.tui.format import delegation_name, num, signed, slot_label
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.header import TurnHeader


def end_markdown(state, log: str) -> str:
    cs = state.cs
    s = cs.scenario
    out = [f"# Game over — {state.end_reason or 'ended'}\n"]
    out.append(f"The game log is `{log}`. After-action report: press **r** to write it beside the log, or run "
               f"`wargame report {log} --format html -o aar.html`\n")
    out.append("## Objectives\n")
    assessment = state.assessment or {}
    objs = {d: {o.id: o for o in b.objectives} for d, b in s.delegations.items()}
    for d, a in assessment.items():
        team = (state.players or {}).get(d, "")
        out.append(f"### {delegation_name(d)}{' — ' + team if team else ''}: {a['score']} of {a['of']}\n")
        for oid, ok, weight in a["objectives"]:
            o = objs.get(d, {}).get(oid)
            text = o.text if o else oid
            out.append(f"- {'✓ met' if ok else '✗ not met'} — {text} *(weight {weight})*")
        out.append("")
    start = state.history[0]
    changed = [(k, v - start[k]) for k, v in state.tracks.items() if v != start[k]]
    if changed:
        out.append("## Since the start\n")
        out.extend(f"- **{slot_label(cs, k)}**: {signed(d)} → {num(state.tracks[k])}" for k, d in changed)
        out.append("")
    if s.debrief:
        los = {lo.id: lo.text for lo in s.learning_objectives}
        out.append("## Debrief\n")
        for i, q in enumerate(s.debrief, 1):
            tied = "; ".join(f"{o} {los.get(o, '')}".strip() for o in q.objectives)
            out.append(f"{i}. **{q.question}**" + (f"  \n   *{tied}*" if tied else ""))
        out.append("")
    if state.override_count:
        out.append(f"*Control made {state.override_count} decision(s) against or beyond the rules; "
                   f"each is in the log with its reason.*\n")
    return "\n".join(out)


class EndScreen(Screen):
    BINDINGS = [
        Binding("h", "note", "Hot-wash note", tooltip="Write a hot-wash note (logged)"),
        Binding("r", "report", "Write report", tooltip="Write the after-action report (HTML) beside the log"),
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Leave the facilitator; the log is complete"),
    ]

    @property
    def state(self):
        return self.app.session.state

    def compose(self) -> ComposeResult:
        st = self.state
        yield TurnHeader(st)
        with Horizontal(id="game-body"):
            with Vertical(id="end-main"):
                with VerticalScroll(id="end-scroll"):
                    yield Markdown(end_markdown(st, str(self.app.session.path)), id="end-md", open_links=False)
                yield Input(placeholder="Hot wash: type a note and press Enter (it is logged)", id="hotwash")
            with Vertical(id="side"):
                yield Dashboard(st, id="dashboard")
        yield Footer()

    _ready = False

    def on_mount(self) -> None:
        self._ready = True
        self.query_one("#end-scroll").focus()

    def update_state(self, state=None) -> None:
        if self._ready:
            self.query_one(Dashboard).update_state(self.state)

    def action_report(self) -> None:
        path = self.app.session.path
        out = path.with_name(f"{path.stem}-report.html")
        self.notify(f"Writing the after-action report to {out}…", title="Report", timeout=3)
        self._write_report(path, out)

    @work(thread=True, exclusive=True, group="report")
    def _write_report(self, log, out) -> None:
        from wargame.report.html import render
        from wargame.report.model import ReportError, build
        from wargame.report.sources import load_register

        try:
            out.write_text(render(build(log), load_register()), encoding="utf-8")
        except (ReportError, OSError) as e:
            self.app.call_from_thread(self.notify, str(e), title="Report not written", severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, f"{out}\nOpen it in a browser, or print it for the class.",
                                  title="After-action report written", timeout=12)

    def action_note(self) -> None:
        self.query_one("#hotwash", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        try:
            self.app.execute(AddNote(text, "hotwash"))
        except Rejected as e:
            self.notify(e.reason, title="Refused", severity="error")
            return
        event.input.value = ""
        self.notify("Note logged.", timeout=2)
        self.query_one("#end-scroll").focus()
