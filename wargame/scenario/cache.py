"""A cache of parsed YAML data, keyed by the file's content hash.

Parsing is most of the cost of loading a scenario (150-200 KB of YAML), and the picker, `validate`,
`run` and the tests load the same unchanged files again and again. The cache holds only plain
data as JSON (never pickles: data is not code); positions are recomputed from the file on the
rare occasion a problem must be reported. Set WARGAME_CACHE=off to disable it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from wargame import __version__
from wargame.paths import cache_dir
from wargame.scenario.yamlsrc import MAX_BYTES, YamlDoc, _fail, _too_large, load_yaml_text


class CachedDoc:
    """A YamlDoc whose data came from the cache; positions are worked out only when asked for."""

    def __init__(self, file: str, data, raw: bytes):
        self.file, self.data, self._raw, self._doc = file, data, raw, None

    def _full(self) -> YamlDoc:
        if self._doc is None:
            self._doc = load_yaml_text(self._raw, self.file)
        return self._doc

    def mark(self, path: tuple):
        return self._full().mark(path)

    def key_mark(self, path: tuple):
        return self._full().key_mark(path)

    def problem(self, path: tuple, message: str, *, at_key: bool = False):
        return self._full().problem(path, message, at_key=at_key)


def load_yaml_cached(path: Path, display: str | None = None):
    file = display if display is not None else str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(file, 1, 1, f"cannot read file: {exc.strerror or type(exc).__name__} "
                                f"(expected a readable file)") from None
    if len(raw) > MAX_BYTES:
        raise _too_large(file, MAX_BYTES)
    folder = cache_dir("yaml")
    if folder is None:
        return load_yaml_text(raw, file)
    key = hashlib.sha256(__version__.encode() + b"\0" + raw).hexdigest()
    entry = folder / f"{key}.json"
    try:
        return CachedDoc(file, json.loads(entry.read_bytes()), raw)
    except (OSError, ValueError):
        pass
    doc = load_yaml_text(raw, file)
    _store(folder, entry, doc.data)
    return doc


def _store(folder: Path, entry: Path, data) -> None:
    """Write atomically, and only data that JSON gives back unchanged (e.g. no integer keys)."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) != data:
            return
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, entry)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written is simply not used
