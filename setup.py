"""Package list for setuptools: the `wargame` tree plus the shipped content folders.

The content stays at the top of the repository, where authors edit it, and is mapped into
`wargame.content` so every install (wheel, sdist, editable) reads it with importlib.resources.
pyproject.toml holds everything else.
"""

from setuptools import find_packages, setup

CONTENT = {
    "wargame.content.scenarios": "scenarios",
    "wargame.content.rules": "rules",
    "wargame.content.seeds": "seeds",
}

setup(
    packages=find_packages(include=["wargame", "wargame.*"]) + list(CONTENT),
    package_dir=CONTENT,
)
