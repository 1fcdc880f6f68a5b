"""The facilitator's end of the seat server: start and stop it on the app's own loop, and tell the
screens when a device connects or leaves. The server is imported only when seats are switched on
(it never imports the TUI; this module is the only bridge).
"""

from __future__ import annotations


class SeatsLink:
    """A running seat server, as the TUI sees it: links, join codes and who is connected."""

    def __init__(self, app, host: str, port: int):
        self.app, self.host, self.port = app, host, port
        self.server = None
        #: Why the server is not running (port in use …), shown in the Seats panel.
        self.problem = ""

    @property
    def running(self) -> bool:
        return self.server is not None

    async def start(self) -> bool:
        from wargame.seats.server import SeatServer
        from wargame.seats.tokens import SeatFileError

        try:
            server = SeatServer(self.app.session, host=self.host, port=self.port)
        except (SeatFileError, OSError) as e:
            self.problem = f"The seat links cannot be read or written: {e}."
            return False
        try:
            await server.start()
        except OSError as e:
            self.problem = f"The seat server cannot listen on {self.host}:{self.port}: {e.strerror or e}."
            return False
        server.status_listeners.append(self._on_status)
        self.server, self.problem = server, ""
        return True

    async def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.stop()

    def links(self) -> list[dict]:
        return self.server.links() if self.server is not None else []

    def connected(self, viewer: str) -> int:
        return self.server.connected(viewer) if self.server is not None else 0

    def revoke(self, viewer: str) -> dict | None:
        if self.server is None:
            return None
        self.server.revoke(viewer)
        return next((link for link in self.links() if link["viewer"] == viewer), None)

    def _on_status(self, viewer: str) -> None:
        for screen in self.app.screen_stack:
            refresh = getattr(screen, "seats_changed", None)
            if refresh is not None:
                refresh()
