"""Syntax tree and recursive-descent parser of the expression language, plus `unparse`.

Grammar, lowest precedence first:

    expr    := or
    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?        -- never chained
    sum     := product (('+'|'-') product)*
    product := unary (('*'|'/') unary)*
    unary   := '-' unary | primary
    primary := NUMBER | STRING | 'true' | 'false' | NAME | NAME '(' [expr (',' expr)*] ')' | '(' expr ')'

Runs of the same left-associative operator are kept as one n-ary node (`Sum`, `Product`, `And`,
`Or`), so a long `a + b + c + ...` is a flat node rather than a deep tree: the tree depth (and so
the recursion depth of every later pass) is bounded by the explicit nesting, which is capped.
Source positions are excluded from node equality so that trees compare by meaning.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, Union

import attrs

from .lexer import ExprError, Token, tokenize

#: Parentheses, call brackets and prefix operators together may nest at most this deep.
MAX_DEPTH = 64

OR, AND, NOT, CMP, SUM, PROD, UNARY, ATOM = range(1, 9)
_BINARY = {"or": OR, "and": AND, "+": SUM, "-": SUM, "*": PROD, "/": PROD,
           "==": CMP, "!=": CMP, "<": CMP, "<=": CMP, ">": CMP, ">=": CMP}

_pos = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen
class Num:
    value: int | float
    pos: int = _pos


@attrs.frozen
class Str:
    value: str
    pos: int = _pos


@attrs.frozen
class Bool:
    value: bool
    pos: int = _pos


@attrs.frozen
class Name:
    name: str
    pos: int = _pos


@attrs.frozen
class Call:
    func: str
    args: tuple
    pos: int = _pos


@attrs.frozen
class Neg:
    operand: "Node"
    pos: int = _pos


@attrs.frozen
class Not:
    operand: "Node"
    pos: int = _pos


@attrs.frozen
class Compare:
    op: str
    left: "Node"
    right: "Node"
    pos: int = _pos
    #: Where the operator is, for errors about the comparison as a whole.
    op_pos: int = _pos


@attrs.frozen
class Sum:
    """`first (op operand)*` with op in + -, evaluated left to right."""
    first: "Node"
    rest: tuple  # of (op, Node)
    pos: int = _pos


@attrs.frozen
class Product:
    """`first (op operand)*` with op in * /, evaluated left to right."""
    first: "Node"
    rest: tuple  # of (op, Node)
    pos: int = _pos


@attrs.frozen
class And:
    items: tuple
    pos: int = _pos


@attrs.frozen
class Or:
    items: tuple
    pos: int = _pos


Node = Union[Num, Str, Bool, Name, Call, Neg, Not, Compare, Sum, Product, And, Or]


def parse(source: str) -> Node:
    """Parse `source` into a tree; raises ExprError (and nothing else) on any bad input."""
    try:
        return _Parser(source).parse()
    except RecursionError:
        # The depth cap should make this unreachable; it guards callers that are already deep.
        raise ExprError(f"the expression is nested too deeply (the limit is {MAX_DEPTH} levels)", 0) from None


def _describe(tok: Token) -> str:
    if tok.kind == "eof":
        return "end of the expression"
    text = tok.text if len(tok.text) <= 24 else tok.text[:21] + "..."
    return f"text {text}" if tok.kind == "str" else f"'{text}'"


class _Parser:
    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"the expression is nested too deeply (the limit is {MAX_DEPTH} levels)", tok.pos)

    def unexpected(self, tok: Token, expected: str) -> ExprError:
        if len(self.tokens) == 1:
            return ExprError(f"the expression is empty (expected {expected})", 0, expected=expected)
        if tok.kind == "eof":
            return ExprError(f"the expression ends too early (expected {expected})", tok.pos, expected=expected)
        if tok.kind == "name" and tok.text.lower() in ("and", "or", "not"):
            low = tok.text.lower()
            return ExprError(f"'{tok.text}' must be written in lower case (expected '{low}')", tok.pos,
                             expected=f"'{low}'")
        return ExprError(f"unexpected {_describe(tok)} (expected {expected})", tok.pos, expected=expected)

    def parse(self) -> Node:
        node = self.expr(OR)
        tok = self.peek()
        if tok.kind != "eof":
            if tok.text == ")":
                raise ExprError("unexpected ')' (there is no '(' for it to close)", tok.pos)
            raise self.unexpected(tok, "an operator or the end of the expression")
        return node

    def expr(self, min_prec: int) -> Node:
        # Precedence climbing: one loop handles all binary levels, keeping the Python stack shallow.
        left = self.prefix(min_prec)
        while True:
            tok = self.peek()
            prec = _binary_prec(tok)
            if prec is None or prec < min_prec:
                return left
            self.advance()
            if prec == CMP:
                right = self.expr(CMP + 1)
                left = Compare(tok.text, left, right, pos=left.pos, op_pos=tok.pos)
                nxt = self.peek()
                if _binary_prec(nxt) == CMP:
                    raise ExprError("chained comparison is not allowed (expected 'and' between comparisons)",
                                    nxt.pos, expected="'and'")
                continue
            rest = [(tok.text, self.expr(prec + 1))]
            while _binary_prec(self.peek()) == prec:
                rest.append((self.advance().text, self.expr(prec + 1)))
            if prec == OR:
                left = Or((left, *(n for _, n in rest)), pos=left.pos)
            elif prec == AND:
                left = And((left, *(n for _, n in rest)), pos=left.pos)
            else:
                left = (Sum if prec == SUM else Product)(left, tuple(rest), pos=left.pos)

    def prefix(self, min_prec: int) -> Node:
        tok = self.peek()
        if tok.kind == "kw" and tok.text == "not":
            if min_prec > NOT:
                raise ExprError("'not' cannot be used here (expected a value; put 'not ...' in parentheses)",
                                tok.pos, expected="a value")
            self.advance()
            self.enter(tok)
            node = Not(self.expr(NOT), pos=tok.pos)
            self.depth -= 1
            return node
        if tok.kind == "op" and tok.text == "-":
            self.advance()
            self.enter(tok)
            node = Neg(self.expr(UNARY), pos=tok.pos)
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        tok = self.advance()
        if tok.kind == "num":
            return Num(tok.value, pos=tok.pos)
        if tok.kind == "str":
            return Str(tok.value, pos=tok.pos)
        if tok.kind == "kw" and tok.text in ("true", "false"):
            return Bool(tok.text == "true", pos=tok.pos)
        if tok.kind == "name":
            if self.peek().text == "(" and self.peek().kind == "op":
                return self.call(tok)
            return Name(tok.text, pos=tok.pos)
        if tok.kind == "op" and tok.text == "(":
            self.enter(tok)
            node = self.expr(OR)
            self.close(tok, "')' or an operator")
            self.depth -= 1
            return node
        raise self.unexpected(tok, "a value")

    def call(self, name: Token) -> Node:
        opening = self.advance()
        self.enter(opening)
        args: list[Node] = []
        if self.peek().text == ")" and self.peek().kind == "op":
            self.advance()
        else:
            while True:
                args.append(self.expr(OR))
                tok = self.peek()
                if tok.kind == "op" and tok.text == ",":
                    self.advance()
                    continue
                self.close(opening, "',' or ')'", f"{name.text}(...)")
                break
        self.depth -= 1
        return Call(name.text, tuple(args), pos=name.pos)

    def close(self, opening: Token, expected: str, what: str = "'('") -> None:
        tok = self.advance()
        if tok.kind == "op" and tok.text == ")":
            return
        if tok.kind == "eof":
            raise ExprError(f"unclosed {what} (expected a matching ')')", opening.pos, expected="')'")
        raise self.unexpected(tok, expected)


def _binary_prec(tok: Token) -> int | None:
    if tok.kind in ("op", "kw"):
        return _BINARY.get(tok.text)
    return None


# ----------------------------------------------------------------------------------- unparse

def unparse(node: Node) -> str:
    """Canonical source text of `node`: parse(unparse(t)) == t for every tree the parser builds."""
    return _unparse(node)[0]


def _wrap(node: Node, min_prec: int) -> str:
    text, prec = _unparse(node)
    return text if prec >= min_prec else f"({text})"


def _unparse(node: Node) -> tuple[str, int]:
    match node:
        case Num(value=v):
            return format_number(v), ATOM
        case Str(value=v):
            return quote(v), ATOM
        case Bool(value=v):
            return ("true" if v else "false"), ATOM
        case Name(name=n):
            return n, ATOM
        case Call(func=f, args=args):
            return f"{f}({', '.join(_unparse(a)[0] for a in args)})", ATOM
        case Neg(operand=x):
            return "-" + _wrap(x, UNARY), UNARY
        case Not(operand=x):
            return "not " + _wrap(x, NOT), NOT
        case Compare(op=op, left=a, right=b):
            return f"{_wrap(a, CMP + 1)} {op} {_wrap(b, CMP + 1)}", CMP
        case Sum(first=first, rest=rest) | Product(first=first, rest=rest):
            # An operand at the same level can only have come from explicit parentheses.
            prec = SUM if isinstance(node, Sum) else PROD
            parts = [_wrap(first, prec + 1)]
            parts += [f"{op} {_wrap(x, prec + 1)}" for op, x in rest]
            return " ".join(parts), prec
        case And(items=items):
            return " and ".join(_wrap(x, AND + 1) for x in items), AND
        case Or(items=items):
            return " or ".join(_wrap(x, OR + 1) for x in items), OR
    raise TypeError(f"not an expression node: {node!r}")


def format_number(value: int | float) -> str:
    """Plain decimal notation (the language has no exponents) that reads back as the same value."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def quote(value: str) -> str:
    # Prefer the quote that needs no escaping, as an author would.
    q = "'" if '"' in value and "'" not in value else '"'
    return q + value.replace("\\", "\\\\").replace(q, "\\" + q) + q


def children(node: Node) -> tuple:
    match node:
        case Call(args=args):
            return args
        case Neg(operand=x) | Not(operand=x):
            return (x,)
        case Compare(left=a, right=b):
            return (a, b)
        case Sum(first=first, rest=rest) | Product(first=first, rest=rest):
            return (first, *(x for _, x in rest))
        case And(items=items) | Or(items=items):
            return items
    return ()


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children (e.g. to list the injects a condition reads)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))
