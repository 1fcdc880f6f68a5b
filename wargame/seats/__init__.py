"""Classroom seats: each delegation, the room's projector and observers on their own devices.

`server.SeatServer` serves them on the facilitator's asyncio loop; `tokens` keeps the seat secrets
in a sidecar file beside the log. Depends on the session and the engine's views, never on the TUI.
"""
