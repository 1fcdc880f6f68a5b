"""Reusable widgets; each renders a GameState for a viewer ("control" or "room") and holds no game facts."""
