"""The engine's public face: the rules (`handle`), the fold (`apply`) and replay's inverse
(`command_for`), each in its own module."""

from wargame.engine.fold import EVENT_TYPES, apply
from wargame.engine.replaying import command_for
from wargame.engine.rules import FORMAT, assess, handle

__all__ = ["EVENT_TYPES", "FORMAT", "apply", "assess", "command_for", "handle"]
