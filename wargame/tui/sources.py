"""Citations (`doc-id#claim-id`) resolved for the screens: "Alsaied (2023), Introduction ¶3" with the
claim's paraphrase, from the source register (`seeds/*.yaml`: each paper's title, authors and year,
and its located claims).

The register is read once per app, when the first briefing mounts; a citation the register does not
know is shown as its raw id.
"""

from __future__ import annotations

import threading

#: Attribute of the app under which its register is kept.
_ATTR = "_wargame_sources"


class Sources:
    """The register of one app, loaded on first need and then kept."""

    def __init__(self, folder=None) -> None:
        self.folder = folder
        self.register = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self.register is not None

    def load(self):
        """Read the register (blocking; call it from a thread). A register that fails to load is empty."""
        with self._lock:
            if self.register is None:
                from wargame.report.sources import Register, load_register

                try:
                    self.register = load_register(self.folder)
                except Exception:  # noqa: BLE001 - a broken register must never break the game screen
                    self.register = Register()
        return self.register

    def resolve(self, ref: str):
        """The register's `Citation` for `ref` when it names a known paper, else None (or not loaded yet)."""
        if self.register is None:
            return None
        cit = self.register.resolve(ref)
        return cit if cit.paper is not None and cit.resolved else None

    def label(self, ref: str) -> str:
        """`Alsaied (2023), Introduction ¶3`, or the raw `ref` when it cannot be resolved."""
        cit = self.resolve(ref)
        if cit is None:
            return ref
        c = cit.claim
        if c is None:
            return cit.short()
        where = c.section or ""
        if c.paragraph is not None:
            where += (" " if where else "") + f"¶{c.paragraph}"
        return f"{cit.short()}, {where}" if where else cit.short()

    def paraphrase(self, ref: str) -> str:
        """The claim's paraphrase (or, for a whole paper, its title); empty when unresolved."""
        cit = self.resolve(ref)
        if cit is None:
            return ""
        return (cit.claim.text if cit.claim is not None else cit.paper.title).strip()

    def detail(self, ref: str) -> str:
        """Everything about one citation, for a notification: label, paper title, paraphrase, raw id."""
        cit = self.resolve(ref)
        if cit is None:
            return f"{ref}: not in the source register."
        p = cit.paper
        head = f"{self.label(ref)} — {p.title}" + (f" ({p.publisher})" if p.publisher else "")
        body = cit.claim.text.strip() if cit.claim is not None else ""
        return "\n".join(x for x in (head, body, ref) if x)


def sources_for(app) -> Sources:
    """The app's register (created on first call; loading is separate, see `Sources.load`)."""
    src = getattr(app, _ATTR, None)
    if src is None:
        src = Sources()
        setattr(app, _ATTR, src)
    return src


def shorten(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary to about `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"
