"""The built wheel is a whole `wargame`: installed into a throwaway venv from the lock's already
downloaded files (offline), it lists, runs, verifies, reports and scaffolds from a folder that is
not the checkout, with no WARGAME_HOME and a home folder of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

UV = ROOT / ".tools" / "bin" / "uv"
#: What the wheel is built from; everything else in the checkout is not part of the package.
SOURCES = ("wargame", "scenarios", "rules", "seeds", "setup.py", "pyproject.toml", "README.md")

pytestmark = pytest.mark.xdist_group("packaging")


def run(cmd, cwd, env=None, timeout=300):
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy so that build/ and *.egg-info never land in the checkout.
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, src / name)
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_wheel({str(dist)!r})"], src)
    (found,) = dist.glob("wargame-*.whl")
    return found


def test_the_wheel_carries_the_scenarios_rules_register_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"wargame/content/scenarios/{p.name}" for p in (ROOT / "scenarios").glob("*.yaml")}
    shipped |= {f"wargame/content/rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    shipped |= {f"wargame/content/seeds/{p.name}" for p in (ROOT / "seeds").glob("*.yaml")}
    shipped |= {f"wargame/scenario/templates/{p.name}" for p in (ROOT / "wargame/scenario/templates").glob("*.yaml")}
    assert len(shipped) >= 12
    assert shipped <= names, sorted(shipped - names)
    assert not any(n.startswith(("tests/", "benchmarks/", "docs/")) for n in names)


def test_an_installed_wheel_works_from_any_folder(wheel, tmp_path):
    if not UV.exists():
        pytest.fail(f"{UV} is missing: run the suite through `make test`, which bootstraps it")
    venv = tmp_path / "venv"
    base_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("WARGAME_", "VIRTUAL_ENV", "UV_PROJECT", "PYTHON"))}
    # Exactly the lock's runtime packages, from uv's cache: no network, no resolution.
    run([UV, "sync", "--locked", "--offline", "--no-install-project", "--quiet", "--python", sys.executable],
        ROOT, env={**base_env, "UV_PROJECT_ENVIRONMENT": str(venv)})
    run([UV, "pip", "install", "--offline", "--no-deps", "--quiet", "--python", venv / "bin" / "python", wheel],
        ROOT, env=base_env)

    work = tmp_path / "elsewhere"
    work.mkdir()
    home = tmp_path / "home"
    env = {**base_env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache")}
    wargame = str(venv / "bin" / "wargame")

    listed = run([wargame, "list"], work, env)
    assert "incubator-at-sea" in listed and "dprk-missile-crisis" in listed
    run([wargame, "run", "incubator-at-sea", "--policy", "random", "--seed", "1", "--log", "g.jsonl"], work, env)
    assert "ok" in run([wargame, "replay", "g.jsonl", "--verify"], work, env)
    run([wargame, "report", "g.jsonl", "--format", "html", "-o", "r.html"], work, env)
    assert "<html" in (work / "r.html").read_text(encoding="utf-8").lower()
    run([wargame, "new", "x"], work, env)
    assert (work / "x.yaml").read_text().startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert (work / "scenario.schema.json").is_file()
    run([wargame, "validate", "x.yaml"], work, env)
    run([wargame, "lint", "x.yaml"], work, env)
    # the installed package reads its content from site-packages, not from this checkout
    where = run([str(venv / "bin" / "python"), "-c", "from wargame import paths; print(paths.SCENARIOS)"], work, env)
    assert str(venv) in where and str(ROOT) not in where
    # per-user files went where platformdirs says, under the given home, never into the work folder
    # (the game's signing key and its writer's lock sidecar sit beside the log; the key is its owner's alone)
    assert sorted(p.name for p in work.iterdir()) == ["g.jsonl", "g.jsonl.key", "g.jsonl.lock", "r.html",
                                                      "scenario.schema.json", "x.yaml"]
    assert (work / "g.jsonl.key").stat().st_mode & 0o077 == 0
    assert (home / "cache" / "wargame").is_dir()
