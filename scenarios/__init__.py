"""Shipped scenarios, installed as `wargame.content.scenarios` (see setup.py); this file only makes the folder a package."""
