"""Shipped content: the scenarios, rulesets and source register.

The repository keeps them at the top level (`scenarios/`, `rules/`, `seeds/`) where authors find
them; the build maps those folders to the subpackages of this one, so a wheel, an sdist and an
editable install all reach them through `importlib.resources`.
"""
