"""The condition/effect expression language of scenarios and rulesets.

Authors write conditions and amounts as strings, e.g.
`turn >= 3 and track("escalation") >= 6 and chose(KOR, "join-patrol")`. They are parsed by a
hand-written recursive-descent parser, type-checked against the names a scenario declares, and
compiled to Python closures. Nothing here uses eval, exec or Python's own parser: authors' text
can only ever mean what this grammar says.

    compiled = compile_expr(source, names, "bool")   # at load time; raises ExprError
    compiled.evaluate(state)                          # during play, many times
"""

from .checker import FUNCTIONS, TYPES, Names, check
from .compiler import Compiled, Context, compile_expr
from .lexer import MAX_LENGTH, ExprError
from .parser import MAX_DEPTH, Node, parse, unparse, walk

__all__ = [
    "FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "TYPES",
    "Compiled", "Context", "ExprError", "Names", "Node",
    "check", "compile_expr", "parse", "unparse", "walk",
]
