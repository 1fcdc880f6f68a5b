"""The command palette's game actions: every binding that applies on the current screen now,
plus one entry per delegation still to move ("Enter move: Japan")."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class GameCommands(Provider):
    def commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        app = self.app
        out = []
        seen = set()
        for owner, bindings in ((screen, getattr(screen, "BINDINGS", [])), (app, app.BINDINGS)):
            for b in bindings:
                if not isinstance(b, Binding) or not b.description or b.action in seen:
                    continue
                name = b.action.split("(")[0]
                if owner.check_action(name, ()) is not True:
                    continue
                seen.add(b.action)
                out.append((b.description, b.tooltip, partial(owner.run_action, b.action)))
        extra = getattr(screen, "palette_commands", None)  # screen-specific entries (the replay's turns)
        if extra is not None:
            out.extend(extra())
        state = getattr(screen, "state", None) if app.session is not None else None
        if state is not None and state.phase == "deliberation" and hasattr(screen, "enter_move_for"):
            from wargame.tui.format import delegation_name, inject_title

            for iid, d in state.pending_moves():
                title = inject_title(state.cs, iid)
                out.append((f"Enter move: {delegation_name(d)}" + (f" ({title})" if len(state.active) > 1 else ""),
                            f"Enter and seal {delegation_name(d)}'s move on “{title}”",
                            partial(screen.enter_move_for, iid, d)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
