"""wargame: a terminal facilitator for Indo-Pacific cooperation tabletop wargames.

Nothing is imported here on purpose: `wargame validate` and friends must stay fast and must
never pull in Textual.
"""

__version__ = "0.1.0"
