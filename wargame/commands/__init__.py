"""One module per subcommand: `add_arguments(parser, name)` and `run(args) -> exit status`.

Keep module-level imports to the standard library: heavy imports belong inside `run`.
"""

from __future__ import annotations

import sys


def fail(message: str) -> int:
    """Print an input error and return exit status 1."""
    print(message, file=sys.stderr)
    return 1
