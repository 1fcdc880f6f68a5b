"""Pages from views: Jinja2 with autoescaping, fed the viewer's `view_for` data and nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2

from wargame.engine.seating import parse_deadline

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Template names per kind of viewer: the first page, and the fragment pushed over the WebSocket.
PAGES = {"delegation": ("seat.html", "seat_body.html"), "room": ("room.html", "room_body.html"),
         "observer": ("observer.html", "observer_body.html")}


class Renderer:
    def __init__(self, templates: Path = TEMPLATES):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,  # every template, whatever its name: all text from views is untrusted
            undefined=jinja2.StrictUndefined,  # a key the view lacks is our bug, found by the tests
            trim_blocks=False, lstrip_blocks=False,
        )

    def page(self, view: dict, token: str) -> str:
        return self.env.get_template(PAGES[view["kind"]][0]).render(view=view, token=token)

    def body(self, view: dict, token: str) -> str:
        return self.env.get_template(PAGES[view["kind"]][1]).render(view=view, token=token)

    def join(self, error: str | None = None, code: str = "") -> str:
        return self.env.get_template("join.html").render(error=error, code=code)

    def error(self, status: int, message: str) -> str:
        return self.env.get_template("error.html").render(status=status, message=message)


def with_clock(view: dict, now: float | None = None) -> dict:
    """The view as sent: the timer gains `remaining` (whole seconds by the server's clock), so a
    device with a wrong clock still counts down correctly."""
    t = view.get("timer")
    if t is None:
        return view
    now = time.time() if now is None else now
    remaining = 0 if t["expired"] else max(0, int(parse_deadline(t["deadline"]).timestamp() - now + 0.999))
    return {**view, "timer": {**t, "remaining": remaining}}
