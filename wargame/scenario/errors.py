"""Located problems in input files, and the one way they are printed.

Every user-facing input error in the project is a `Problem`: `file:line:col: where: message`.
Loading collects all of them instead of stopping at the first, so an author fixes a file in one pass.
"""

from __future__ import annotations

import attrs

from wargame.text.safe import clean


@attrs.frozen(order=False)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    message: str
    #: Field path inside the document, e.g. `injects[2].options.KOR[0].odds`; empty for file-level problems.
    where: str = ""
    #: "error" or "warning" (lint findings are warnings; `--strict` makes them fail).
    severity: str = "error"
    #: The lint rule that produced a warning, so authors can look it up.
    rule: str = ""

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        tag = ""
        if self.severity == "warning":
            tag = f"warning[{self.rule}]: " if self.rule else "warning: "
        # Messages echo the file's own text (an unknown key, a bad value): never raw control characters.
        return clean(f"{self.file}:{self.line}:{self.col}: {tag}{where}{self.message}")

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.where, self.message)


class InputError(Exception):
    """Raised with every problem found in one or more input files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))
