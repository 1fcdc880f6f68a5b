"""The scenario picker: shipped scenarios (and any --dir) with their summary, turns, duration,
delegations, learning objectives and sources; recent games to resume; games to replay."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, OptionList, ProgressBar, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.text import safe
from wargame.tui.format import delegation_name, escape
from wargame.paths import DEFAULT_SCENARIO
from wargame.tui.logs import recent_logs


def scenario_markdown(info: dict) -> str:
    lines = [f"# {safe.md(info['title'])}\n", info["summary"].strip() + "\n"]
    lines.append(f"**{info['turns']} turns** of {info['time_step']} · about **{info['duration_minutes']} minutes** · "
                 f"{info['purpose']}" + (f" · for {safe.md(info['audience'])}" if info.get("audience") else "") + "\n")
    lines.append("**Delegations:** " + ", ".join(f"{delegation_name(d)} ({d})" for d in info["delegations"]) + "\n")
    if info.get("actors"):
        lines.append("**Non-player actors (Control):** " + ", ".join(safe.md(a) for a in info["actors"]) + "\n")
    if info["learning_objectives"]:
        lines.append("## Learning objectives\n")
        lines.extend(f"{i}. {safe.md(t)}" for i, t in enumerate(info["learning_objectives"], 1))
        lines.append("")
    if info["sources"]:
        lines.append("## Sources\n")
        lines.extend(f"- {safe.md_code(s)}" for s in info["sources"])
        lines.append("")
    lines.append(f"*{info['injects']} injects, {info['options']} options · file {safe.md_code(Path(info['path']).name)}*")
    return safe.clean("\n".join(lines))


class PickerScreen(Screen):
    BINDINGS = [
        Binding("n", "tab('new')", "New game", tooltip="Scenarios to start a new game from"),
        Binding("r", "tab('resume')", "Resume", tooltip="Recent games to continue"),
        Binding("y", "tab('replay')", "Replay", tooltip="Recent games to step through"),
    ]

    def __init__(self, dirs: list[Path], shipped: bool = True):
        super().__init__()
        self.dirs, self.shipped = dirs, shipped
        self.entries: list[tuple[Path, object]] = []  # (file, description dict or InputError)
        self.logs = []

    def compose(self) -> ComposeResult:
        yield Static(Content.from_markup("[b]wargame[/] — facilitator  ·  [$foreground-muted]choose a scenario, or a game to "
                                         "resume[/]"), classes="turn-header")
        with TabbedContent(id="picker-tabs", initial="new"):
            with TabPane("New game", id="new"):
                with Horizontal():
                    with Vertical(id="picker-left"):
                        yield Static("Loading scenarios…", id="loading-label")
                        yield ProgressBar(id="loading", show_eta=False)
                        yield OptionList(id="scenarios")
                    with VerticalScroll(id="picker-detail"):
                        yield Markdown("", id="scenario-md", open_links=False)
            with TabPane("Resume a game", id="resume"):
                yield OptionList(id="resume-list")
            with TabPane("Replay a game", id="replay"):
                yield OptionList(id="replay-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#scenarios").display = False
        self.load_logs()
        self.load_scenarios()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target = {"new": "#scenarios", "resume": "#resume-list", "replay": "#replay-list"}[tab]
        ol = self.query_one(target, OptionList)
        if ol.highlighted is None and ol.option_count:
            ol.highlighted = 0
        ol.focus()

    # ------------------------------------------------------------------ loading
    def files(self) -> list[Path]:
        from wargame import paths
        from wargame.scenario.load import scenario_files

        folders = ([paths.SCENARIOS] if self.shipped else []) + list(self.dirs)
        out: list[Path] = []
        for folder in folders:
            if folder.exists():
                out.extend(f for f in scenario_files(folder) if f not in out)
        default = paths.SCENARIOS / f"{paths.DEFAULT_SCENARIO}.yaml"
        return sorted(out, key=lambda f: f != default)  # stable: the default first, the rest as found

    @work(thread=True, exclusive=True, group="load")
    def load_scenarios(self) -> None:
        from wargame.commands.listing import describe
        from wargame.scenario.errors import InputError
        from wargame.scenario.load import load_scenario

        files = self.files()
        self.app.call_from_thread(self.query_one("#loading", ProgressBar).update, total=max(len(files), 1))
        entries = []
        for f in files:
            try:
                entries.append((f, describe(load_scenario(f))))
            except InputError as e:
                entries.append((f, e))
            except OSError as e:
                entries.append((f, str(e)))
            self.app.call_from_thread(self.query_one("#loading", ProgressBar).advance, 1)
        self.app.call_from_thread(self.show_scenarios, entries)

    def show_scenarios(self, entries) -> None:
        self.entries = entries
        self.query_one("#loading").display = False
        label = self.query_one("#loading-label", Static)
        ol = self.query_one("#scenarios", OptionList)
        ol.display = True
        ol.clear_options()
        if not entries:
            label.update("No scenario found. Pass --dir DIR, or add files to scenarios/.")
            return
        label.update(Content.from_markup(f"[b]{len(entries)} scenario(s)[/] — Enter to set up a game"))
        for i, (f, info) in enumerate(entries):
            if isinstance(info, dict):
                default = " [$foreground-muted](default)[/]" if self.shipped and info["id"] == DEFAULT_SCENARIO and i == 0 else ""
                prompt = Content.from_markup(f"[b]{escape(info['title'])}[/]{default}\n[$foreground-muted]{info['turns']} turns · "
                                             f"{info['duration_minutes']} min · {'/'.join(info['delegations'])}[/]")
            else:
                prompt = Content.from_markup(f"[b $error]⚠ {escape(f.name)}[/]\n[$foreground-muted]does not load — Enter for "
                                             f"the errors[/]")
            ol.add_option(Option(prompt, id=str(i)))
        ol.highlighted = 0
        ol.focus()

    def load_logs(self) -> None:
        self.logs = recent_logs()
        for list_id in ("#resume-list", "#replay-list"):
            ol = self.query_one(list_id, OptionList)
            ol.clear_options()
            if not self.logs:
                ol.add_option(Option("No saved games yet.", disabled=True))
            for i, info in enumerate(self.logs):
                ol.add_option(Option(Content.from_markup(
                    f"[b]{escape(info.title or info.scenario)}[/] · turn {escape(str(info.turn))} · {escape(str(info.phase))}\n"
                    f"[$foreground-muted]{escape(str(info.when))} · {escape(str(info.path))}[/]"), id=str(i)))

    # ------------------------------------------------------------------ choosing
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "scenarios" or event.option.id is None:
            return
        f, info = self.entries[int(event.option.id)]
        md = self.query_one("#scenario-md", Markdown)
        if isinstance(info, dict):
            md.update(scenario_markdown(info))
        else:
            md.update(f"# {safe.md(f.name)}\n\nThis file has errors; press Enter to see them, one per line.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        i = int(event.option.id)
        if event.option_list.id == "scenarios":
            f, info = self.entries[i]
            self.app.open_scenario(f)
        elif event.option_list.id == "resume-list":
            self.app.resume_game(self.logs[i].path)
        else:
            self.app.open_replay(self.logs[i].path)
