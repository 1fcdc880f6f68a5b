"""Remembered verdicts of `wargame validate`: a file whose bytes, ruleset and program version are
unchanged since it last validated is valid, without loading anything.

Stdlib only, so a repeated check (an editor's save hook, a pre-commit run) costs a hash and a
small file read; any change to the scenario, its ruleset or the program makes it a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from wargame import __version__
from wargame.paths import cache_dir

_LIMIT = 2_000_000
_PACKAGE = Path(__file__).resolve().parent.parent
_checker_digest: str | None = None


def _checker() -> str:
    """Digest of the code that decides validity: a verdict from a more lenient checker is no verdict.

    The version number alone is not enough: a working copy or a patch release that tightens a rule
    (a new bound on numbers, the calendar check on dates) must not trust what the old rules passed.
    """
    global _checker_digest
    if _checker_digest is None:
        h = hashlib.sha256(__version__.encode())
        for folder in ("model", "scenario", "expr"):
            for f in sorted((_PACKAGE / folder).glob("*.py")):
                h.update(f.name.encode() + b"\0" + f.read_bytes())
        _checker_digest = h.hexdigest()
    return _checker_digest


def _digest(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read(_LIMIT + 1)
    except OSError:
        return None
    if len(data) > _LIMIT:
        return None
    return hashlib.sha256(_checker().encode() + b"\0" + data).hexdigest()


def known_valid(path: Path) -> bool:
    folder = cache_dir("verdicts")
    key = _digest(path) if folder is not None else None
    if key is None:
        return False
    try:
        entry = json.loads((folder / f"{key}.json").read_text())
        return _digest(Path(entry["ruleset"])) == entry["ruleset_digest"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def remember_valid(path: Path, ruleset: Path) -> None:
    folder = cache_dir("verdicts")
    key, rkey = _digest(path), _digest(ruleset)
    if folder is None or key is None or rkey is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as fh:
            json.dump({"ruleset": str(ruleset.resolve()), "ruleset_digest": rkey}, fh)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass
