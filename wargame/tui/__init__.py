"""The facilitator TUI (Textual). Only this package imports Textual; it talks to the game only
through `wargame.session.Session` commands and renders `GameState`."""
