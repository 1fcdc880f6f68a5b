"""Shipped rules, installed as `wargame.content.rules` (see setup.py); this file only makes the folder a package."""
