"""Shipped seeds, installed as `wargame.content.seeds` (see setup.py); this file only makes the folder a package."""
