"""The source register's claim ids, as the citation rules need them (doc id -> claim ids)."""

from __future__ import annotations

import functools
from pathlib import Path


def load_claims(seeds: Path | None = None) -> dict[str, frozenset[str]]:
    """doc id -> claim ids, from `seeds/*.yaml` (files that do not load are skipped)."""
    from wargame import paths

    return dict(_load_claims(str(seeds or paths.SEEDS)))


@functools.lru_cache(maxsize=4)
def _load_claims(folder: str) -> tuple:
    try:  # the project's register module, when present, is the reference reader
        from wargame.scenario.register import load_register
    except ImportError:  # pragma: no cover - depends on the checkout
        load_register = None
    if load_register is not None:
        try:
            return tuple((doc_id, frozenset(claims)) for doc_id, claims in load_register(folder).items())
        except Exception:  # a broken register file: fall back to the tolerant reader below
            pass
    from wargame.scenario.errors import InputError
    from wargame.scenario.yamlsrc import load_yaml_file

    out = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = load_yaml_file(path).data
        except InputError:
            continue
        if not isinstance(data, dict):
            continue
        doc_id = data.get("id") if isinstance(data.get("id"), str) else path.stem
        claims = data.get("claims") if isinstance(data.get("claims"), list) else []
        out.append((doc_id, frozenset(c["id"] for c in claims if isinstance(c, dict) and isinstance(c.get("id"), str))))
    return tuple(out)

